//! The index: one entry per agent, skill and command file, and name maps to find them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::identity::{self, Family, Identity, Kind, Origin, loose};
use super::team_keys::{KeyCounts, KeyPart};
use crate::analysis::summary::{self, FileSummary};
use crate::analysis::{FileContext, NamedItem, Settings, WorkspaceNames};
use crate::config::{self, absolute};
use crate::schema::Dialect;
use crate::schema::spec::NameTable;
use crate::syntax::Document;
use crate::text::PositionEncoding;

/// Files larger than this are indexed from their first part only.
const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// One indexed file.
#[derive(Clone, Debug)]
pub struct IndexEntry {
    /// Shared with the index's maps, which hold it several times.
    pub path: Arc<Path>,
    /// Boxed: the entry stays small in the index's map, whose spare capacity holds entries.
    pub summary: Box<FileSummary>,
    pub origin: Origin,
    pub identity: Option<Identity>,
    /// The summary comes from an open buffer (disk events do not touch it).
    pub open: bool,
}

impl IndexEntry {
    pub fn new(
        path: Arc<Path>,
        summary: Box<FileSummary>,
        origin: Origin,
        open: bool,
    ) -> IndexEntry {
        let identity = identity::identify(&summary, &origin);
        IndexEntry {
            path,
            summary,
            origin,
            identity,
            open,
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.summary.dialect
    }

    pub fn family(&self) -> Family {
        Family::of(self.summary.dialect)
    }

    pub fn kind(&self) -> Kind {
        Kind::of(self.summary.dialect)
    }
}

/// A file read from disk and summarised, ready for [`Index::insert`].
pub struct LoadedFile {
    /// Shared with the entry it becomes.
    pub path: Arc<Path>,
    /// Boxed, as in [`IndexEntry`]: tens of thousands of these wait in lists and maps.
    pub summary: Box<FileSummary>,
    pub origin: Origin,
}

/// Read and summarise one closed file, its candidate names without their places
/// ([`FileSummary::elide_candidates`]). `None` when it cannot be read or is not UTF-8. The
/// document is lazy: the summary needs the code blocks (pulldown-cmark), never tree-sitter-md's
/// tree, which costs ten times more than everything else together.
pub fn load_file(path: &Path, dialect: Dialect, enc: PositionEncoding) -> Option<LoadedFile> {
    let mut file = load_whole(path, dialect, enc)?;
    file.summary.elide_candidates();
    Some(file)
}

/// Read and summarise one file with every reference in place.
fn load_whole(path: &Path, dialect: Dialect, enc: PositionEncoding) -> Option<LoadedFile> {
    let text = read_text(path)?;
    let doc = Document::new_lazy(&text);
    Some(summarize(path, &doc, dialect, enc))
}

/// The text of `path` as the index reads it (the first [`MAX_FILE_BYTES`], UTF-8 only).
fn read_text(path: &Path) -> Option<String> {
    let mut bytes = std::fs::read(path).ok()?;
    bytes.truncate(MAX_FILE_BYTES);
    match std::str::from_utf8(&bytes) {
        Ok(_) => {}
        Err(e) if e.error_len().is_none() => bytes.truncate(e.valid_up_to()),
        Err(_) => return None,
    }
    // Checked above: no copy.
    String::from_utf8(bytes).ok()
}

/// Summarise an already parsed document for `agentls check` only
/// ([`summary::summarize_explicit`]: what cross-file diagnostics read, and the code blocks
/// only when needed).
pub fn summarize_for_check(
    path: &Path,
    doc: &Document,
    dialect: Dialect,
    enc: PositionEncoding,
) -> LoadedFile {
    loaded(path, doc, dialect, enc, summary::summarize_explicit)
}

/// Summarise an already parsed document.
pub fn summarize(
    path: &Path,
    doc: &Document,
    dialect: Dialect,
    enc: PositionEncoding,
) -> LoadedFile {
    loaded(path, doc, dialect, enc, summary::summarize)
}

fn loaded(
    path: &Path,
    doc: &Document,
    dialect: Dialect,
    enc: PositionEncoding,
    summarize: fn(&Document, &FileContext, PositionEncoding) -> FileSummary,
) -> LoadedFile {
    let file = FileContext::from_path(path, dialect);
    let mut summary = summarize(doc, &file, enc);
    summary.shrink_to_fit();
    LoadedFile {
        path: Arc::from(path),
        summary: Box::new(summary),
        origin: identity::origin(path, dialect),
    }
}

/// The hash of `path` lowercased.
fn lower_hash(path: &Path) -> u64 {
    hash_text(&path.to_string_lossy().to_lowercase())
}

fn hash_text(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(text)
}

/// Every indexed file, with the maps that find agents and skills by name.
#[derive(Debug, Default)]
pub struct Index {
    entries: HashMap<Arc<Path>, IndexEntry>,
    /// [`loose`] name → files defining an agent under it (plain and qualified names).
    agents: HashMap<String, Vec<Arc<Path>>>,
    /// [`loose`] name → skills.
    skills: HashMap<String, Vec<Arc<Path>>>,
    /// Every agent / skill name as written (plain and qualified), with how many files use it:
    /// the candidates of "did you mean", without walking the entries.
    agent_names: BTreeMap<String, usize>,
    skill_names: BTreeMap<String, usize>,
    /// The hash of the lowercased path → path, to follow paths written with another case
    /// (`skill.md`). A hash, not the lowercased text: one more copy of every path otherwise.
    lower_paths: HashMap<u64, Arc<Path>>,
    /// The position encoding of every summary's positions.
    pub encoding: PositionEncoding,
    /// Discovery has finished: answers about missing names can be trusted.
    pub complete: bool,
    /// MCP servers the workspace configures.
    pub mcp_servers: BTreeSet<String>,
    /// Who uses which unknown key: the learned team keys.
    keys: KeyCounts,
    /// The entry last [`Index::take`]n out, to be put back: an edit that leaves its keys alone
    /// does not work out the learned keys again.
    taken: Option<KeyPart>,
    /// "Did you mean" answers for names that resolve to nothing, kept while the set of names
    /// stays the same (a keystroke must not compare a reference with every name again).
    suggestions: Mutex<Suggestions>,
}

/// The cache behind [`Index::suggestion`].
#[derive(Debug, Default)]
struct Suggestions {
    /// (name as written, skill?, family) → the suggestion.
    answers: HashMap<(String, bool, Family), Option<String>>,
    /// The names of the workspace's skills or agents (skill?), prepared for the answers: made on
    /// the first question after the names change.
    tables: HashMap<bool, Arc<NameTable>>,
    /// Names (skill?, name) no file defines any more since the answers were computed. Taking an
    /// entry out and putting it back (an edit of an open buffer) removes and re-adds its names:
    /// those cancel out and keep the answers.
    gone: BTreeSet<(bool, String)>,
    /// A name appeared that was not defined when the answers were computed.
    added: bool,
}

impl Suggestions {
    fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.tables.is_empty()
    }

    fn name_gone(&mut self, skill: bool, name: &str) {
        if !self.is_empty() {
            self.gone.insert((skill, name.to_string()));
        }
    }

    fn name_added(&mut self, skill: bool, name: &str) {
        if !self.gone.remove(&(skill, name.to_string())) && !self.is_empty() {
            self.added = true;
        }
    }

    /// Drop the answers if the set of names changed since they were computed.
    fn validate(&mut self) {
        if self.added || !self.gone.is_empty() {
            self.answers.clear();
            self.tables.clear();
            self.gone.clear();
            self.added = false;
        }
    }
}

impl Index {
    pub fn new(encoding: PositionEncoding) -> Index {
        Index {
            encoding,
            ..Index::default()
        }
    }

    /// Build a complete index of `roots` (and `~/.claude/agents` when the settings say so),
    /// reading and summarising the files in parallel.
    pub fn build(roots: &[PathBuf], settings: &Settings, encoding: PositionEncoding) -> Index {
        use rayon::prelude::*;
        let roots: Vec<PathBuf> = roots.iter().map(|r| absolute(r)).collect();
        let roots = &roots[..];
        let files = super::discover(roots, settings);
        let loaded: Vec<LoadedFile> = files
            .par_iter()
            .filter_map(|(p, d)| load_file(p, *d, encoding))
            .collect();
        let mut index = Index::new(encoding);
        index.insert_closed(loaded);
        index.mcp_servers = config::mcp_servers(roots);
        index.complete = true;
        index
    }

    /// Build a complete index for `agentls check` of the files `files` found by
    /// [`discover`](super::discover) in `roots` (absolute): the files in `known` (summarised by
    /// the caller with [`summarize_for_check`], by absolute path, with their dialect) are taken
    /// as they are, the others are read and summarised the same way, in parallel.
    pub fn build_for_check(
        roots: &[PathBuf],
        files: Vec<(PathBuf, Dialect)>,
        encoding: PositionEncoding,
        mut known: HashMap<Arc<Path>, (Dialect, Box<LoadedFile>)>,
    ) -> Index {
        use rayon::prelude::*;
        // In discovery order, as a plain build would insert them. Boxed until inserted: tens
        // of thousands wait here while the index's table grows.
        let mut loaded: Vec<Option<Box<LoadedFile>>> = Vec::with_capacity(files.len());
        let mut missing = Vec::new();
        for (i, (p, d)) in files.into_iter().enumerate() {
            match known.remove(p.as_path()) {
                Some((kd, f)) if kd == d => loaded.push(Some(f)),
                _ => {
                    loaded.push(None);
                    missing.push((i, p, d));
                }
            }
        }
        // Its table is as large as the index's: free it before the index grows.
        drop(known);
        let read: Vec<(usize, Box<LoadedFile>)> = missing
            .par_iter()
            .filter_map(|(i, p, d)| {
                let text = read_text(p)?;
                let doc = Document::new_lazy(&text);
                Some((*i, Box::new(summarize_for_check(p, &doc, *d, encoding))))
            })
            .collect();
        for (i, f) in read {
            loaded[i] = Some(f);
        }
        let mut index = Index::new(encoding);
        let count = loaded.iter().flatten().count();
        index.entries.reserve(count);
        index.insert_closed(loaded.into_iter().flatten().map(|f| *f));
        index.mcp_servers = config::mcp_servers(roots);
        index.complete = true;
        index
    }

    pub fn get(&self, path: &Path) -> Option<&IndexEntry> {
        self.entries.get(path)
    }

    /// `entry`'s summary with every reference in its place: its own, or, for a closed file
    /// whose candidates were elided, the file read and summarised again (as kept when it cannot
    /// be read any more).
    pub fn full_summary<'a>(&self, entry: &'a IndexEntry) -> Cow<'a, FileSummary> {
        if !entry.summary.is_elided() {
            return Cow::Borrowed(&entry.summary);
        }
        match load_whole(&entry.path, entry.dialect(), self.encoding) {
            Some(file) => Cow::Owned(*file.summary),
            None => Cow::Borrowed(&entry.summary),
        }
    }

    /// Each of `entries` with the places of every reference that may name one of `keys`
    /// ([`loose`] names): its own summary, or, when one of its elided candidates is one of
    /// `keys`, its [`Index::full_summary`]. Those are read in parallel: a common name can be
    /// written in thousands of closed files. Explicit references keep their places, so a file
    /// that names a key only with them is not read.
    pub fn summaries_naming<'a>(
        &self,
        entries: Vec<&'a IndexEntry>,
        keys: &[String],
    ) -> Vec<(&'a IndexEntry, Cow<'a, FileSummary>)> {
        use rayon::prelude::*;
        let elided_names_key = |e: &IndexEntry| {
            e.summary.elided.as_deref().is_some_and(|c| {
                c.iter()
                    .any(|c| keys.iter().any(|k| identity::loose_eq(&c.name, k)))
            })
        };
        entries
            .into_par_iter()
            .map(|e| {
                let summary = if elided_names_key(e) {
                    self.full_summary(e)
                } else {
                    Cow::Borrowed(&*e.summary)
                };
                (e, summary)
            })
            .collect()
    }

    pub fn entries(&self) -> impl Iterator<Item = &IndexEntry> {
        self.entries.values()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add or replace a file. Returns whether the names the workspace defines (or the team keys
    /// it has learned) changed.
    pub fn insert(&mut self, file: LoadedFile, open: bool) -> bool {
        let (changed, keys_moved) = self.insert_unlearned(file, open);
        changed | (keys_moved && self.keys.relearn())
    }

    /// Add or replace closed files, all at once: the learned team keys are worked out once at
    /// the end, not per file (that is O(distinct unknown keys) each time). Files whose path is
    /// open in the index are skipped (the buffer wins). Returns whether names or learned keys
    /// changed.
    pub fn insert_closed(&mut self, files: impl IntoIterator<Item = LoadedFile>) -> bool {
        let files = files.into_iter();
        self.entries.reserve(files.size_hint().0);
        let (mut changed, mut keys_moved) = (false, false);
        for f in files {
            if self.entries.get(&f.path).is_some_and(|e| e.open) {
                continue;
            }
            let (c, k) = self.insert_unlearned(f, false);
            changed |= c;
            keys_moved |= k;
        }
        changed | (keys_moved && self.keys.relearn())
    }

    /// [`Index::insert`] without working out the learned keys again: returns whether names
    /// changed, and whether the file's unknown keys did (then the caller must relearn).
    fn insert_unlearned(&mut self, mut file: LoadedFile, open: bool) -> (bool, bool) {
        if !open {
            file.summary.elide_candidates();
        }
        let entry = IndexEntry::new(file.path, file.summary, file.origin, open);
        let taken = self.taken.take();
        let old = self.unlink(&entry.path);
        let changed = old.as_ref().map(|o| (&o.identity, &o.summary.description))
            != Some((&entry.identity, &entry.summary.description));
        self.link(&entry);
        let before = old
            .as_ref()
            .map(|o| KeyPart::of(&o.path, &o.summary))
            .or(taken);
        let keys_moved = before.is_none_or(|b| !b.same(&entry.path, &entry.summary));
        if keys_moved {
            self.keys.touched += 1;
        }
        self.entries.insert(entry.path.clone(), entry);
        (changed, keys_moved)
    }

    /// Forget a file. Returns whether it defined a name (or the team keys changed).
    pub fn remove(&mut self, path: &Path) -> bool {
        let old = self.unlink(path);
        self.entries.remove(path);
        let learned = old.is_some() && self.keys.relearn();
        old.is_some_and(|o| o.identity.is_some()) || learned
    }

    /// Forget every file under `dir` (a deleted folder), except open buffers.
    pub fn remove_under(&mut self, dir: &Path) -> bool {
        let gone: Vec<Arc<Path>> = self
            .entries
            .values()
            .filter(|e| !e.open && e.path.starts_with(dir))
            .map(|e| e.path.clone())
            .collect();
        let mut changed = false;
        for p in gone {
            changed |= self.remove(&p);
        }
        changed
    }

    /// Mark a buffer closed (its disk version is loaded by the caller).
    pub fn set_open(&mut self, path: &Path, open: bool) {
        if let Some(e) = self.entries.get_mut(path) {
            e.open = open;
        }
    }

    fn map_for(&mut self, kind: Kind) -> Option<&mut HashMap<String, Vec<Arc<Path>>>> {
        match kind {
            Kind::Agent => Some(&mut self.agents),
            Kind::Skill => Some(&mut self.skills),
            Kind::Command => None,
        }
    }

    /// How many files define each name of `kind` (agents and skills), with the suggestion cache
    /// that must hear when a name appears or goes.
    fn name_counts(
        &mut self,
        kind: Kind,
    ) -> Option<(&mut BTreeMap<String, usize>, &mut Suggestions)> {
        let names = match kind {
            Kind::Agent => &mut self.agent_names,
            Kind::Skill => &mut self.skill_names,
            Kind::Command => return None,
        };
        let cache = self
            .suggestions
            .get_mut()
            .unwrap_or_else(|p| p.into_inner());
        Some((names, cache))
    }

    /// The indexed path equal to `path` ignoring case.
    pub fn path_ignoring_case(&self, path: &Path) -> Option<&Path> {
        let lower = path.to_string_lossy().to_lowercase();
        self.lower_paths
            .get(&hash_text(&lower))
            .map(|p| &**p)
            .filter(|p| p.to_string_lossy().to_lowercase() == lower)
    }

    fn link(&mut self, entry: &IndexEntry) {
        self.keys.count(&entry.path, &entry.summary, true);
        self.lower_paths
            .insert(lower_hash(&entry.path), entry.path.clone());
        let Some(id) = &entry.identity else { return };
        let skill = id.kind == Kind::Skill;
        if let Some((names, cache)) = self.name_counts(id.kind) {
            for n in id.names() {
                let count = names.entry(n.to_string()).or_default();
                if *count == 0 {
                    cache.name_added(skill, n);
                }
                *count += 1;
            }
        }
        let keys: BTreeSet<String> = id.names().map(loose).collect();
        let path = entry.path.clone();
        if let Some(map) = self.map_for(id.kind) {
            for k in keys {
                map.entry(k).or_default().push(path.clone());
            }
        }
    }

    /// Take a file's entry out of the index (to update it and [`Index::insert`] it again).
    pub fn take(&mut self, path: &Path) -> Option<IndexEntry> {
        let old = self.unlink(path);
        self.taken = old.as_ref().map(|o| KeyPart::of(path, &o.summary));
        old
    }

    /// Remove `path`'s entry from the maps and return it.
    fn unlink(&mut self, path: &Path) -> Option<IndexEntry> {
        let old = self.entries.remove(path)?;
        self.keys.count(&old.path, &old.summary, false);
        self.lower_paths.remove(&lower_hash(path));
        if let Some(id) = &old.identity {
            let skill = id.kind == Kind::Skill;
            if let Some((names, cache)) = self.name_counts(id.kind) {
                for n in id.names() {
                    if let Some(c) = names.get_mut(n) {
                        *c -= 1;
                        if *c == 0 {
                            names.remove(n);
                            cache.name_gone(skill, n);
                        }
                    }
                }
            }
            let keys: BTreeSet<String> = id.names().map(loose).collect();
            if let Some(map) = self.map_for(id.kind) {
                for k in keys {
                    if let Some(v) = map.get_mut(&k) {
                        v.retain(|p| **p != *path);
                        if v.is_empty() {
                            map.remove(&k);
                        }
                    }
                }
            }
        }
        Some(old)
    }

    /// Agents whose plain or qualified name matches `name` loosely.
    pub fn agents_named(&self, name: &str) -> Vec<&IndexEntry> {
        self.lookup(&self.agents, name)
    }

    /// Skills whose plain or qualified name matches `name` loosely.
    pub fn skills_named(&self, name: &str) -> Vec<&IndexEntry> {
        self.lookup(&self.skills, name)
    }

    fn lookup(&self, map: &HashMap<String, Vec<Arc<Path>>>, name: &str) -> Vec<&IndexEntry> {
        let mut out: Vec<&IndexEntry> = map
            .get(&loose(name))
            .into_iter()
            .flatten()
            .filter_map(|p| self.entries.get(p))
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// The "did you mean" answer for a reference to `name` (a skill or an agent) from a file of
    /// `family`: `compute` runs only when the set of names changed since it was last asked, with
    /// the workspace's skill or agent names (prepared once for all the names asked about
    /// meanwhile, whatever the family).
    pub fn suggestion(
        &self,
        name: &str,
        skill: bool,
        family: Family,
        compute: impl FnOnce(&NameTable) -> Option<String>,
    ) -> Option<String> {
        let key = (name.to_string(), skill, family);
        let table = {
            let mut cache = self.suggestions.lock().unwrap_or_else(|p| p.into_inner());
            cache.validate();
            if let Some(answer) = cache.answers.get(&key) {
                return answer.clone();
            }
            cache.tables.get(&skill).cloned()
        };
        let table = match table {
            Some(t) => t,
            None => {
                // Made outside the lock; two threads may both make it, the same.
                let names = if skill {
                    NameTable::new(self.skill_names())
                } else {
                    NameTable::new(self.agent_names())
                };
                let t = Arc::new(names);
                let mut cache = self.suggestions.lock().unwrap_or_else(|p| p.into_inner());
                cache.validate();
                cache.tables.insert(skill, t.clone());
                t
            }
        };
        let answer = compute(&table);
        let mut cache = self.suggestions.lock().unwrap_or_else(|p| p.into_inner());
        cache.validate();
        cache.answers.insert(key, answer.clone());
        answer
    }

    /// Every agent name (plain and qualified), sorted.
    pub fn agent_names(&self) -> impl Iterator<Item = &str> {
        self.agent_names.keys().map(String::as_str)
    }

    /// Every skill name (plain and qualified), sorted.
    pub fn skill_names(&self) -> impl Iterator<Item = &str> {
        self.skill_names.keys().map(String::as_str)
    }

    /// Every agent (with an identity), sorted by name then path.
    pub fn agents(&self) -> Vec<&IndexEntry> {
        self.of_kind(Kind::Agent)
    }

    pub fn skills(&self) -> Vec<&IndexEntry> {
        self.of_kind(Kind::Skill)
    }

    fn of_kind(&self, kind: Kind) -> Vec<&IndexEntry> {
        let mut v: Vec<&IndexEntry> = self
            .entries
            .values()
            .filter(|e| e.identity.as_ref().is_some_and(|i| i.kind == kind))
            .collect();
        // By reference: cloning the names per comparison cost O(n log n) allocations.
        v.sort_by(|a, b| {
            fn n(e: &IndexEntry) -> Option<&str> {
                e.identity.as_ref().map(|i| i.name.as_str())
            }
            (n(a), &a.path).cmp(&(n(b), &b.path))
        });
        v
    }

    /// Names and values for completion and checks ([`WorkspaceNames`]).
    pub fn names(&self) -> WorkspaceNames {
        let item = |e: &IndexEntry| -> Vec<NamedItem> {
            let Some(id) = &e.identity else {
                return Vec::new();
            };
            id.names()
                .map(|n| NamedItem {
                    name: n.to_string(),
                    description: e.summary.description.clone(),
                })
                .collect()
        };
        let dedup = |mut v: Vec<NamedItem>| {
            v.sort_by(|a, b| a.name.cmp(&b.name));
            v.dedup_by(|a, b| a.name == b.name);
            v
        };
        let mut list_values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in self.entries.values() {
            for (k, vals) in &e.summary.lists {
                list_values
                    .entry(k.clone())
                    .or_default()
                    .extend(vals.iter().cloned());
            }
        }
        WorkspaceNames {
            agents: dedup(self.agents().into_iter().flat_map(item).collect()),
            skills: dedup(self.skills().into_iter().flat_map(item).collect()),
            mcp_servers: self.mcp_servers.clone(),
            list_values,
            team_keys: self.team_keys(),
        }
    }

    /// Changes whenever the set of learned team keys changes.
    pub fn team_keys_generation(&self) -> u64 {
        self.keys.generation
    }

    /// Changes whenever a file's unknown keys change (the use of a key moved).
    pub fn team_keys_touched(&self) -> u64 {
        self.keys.touched
    }

    /// The keys the team uses on purpose, learned from the files' summaries.
    pub fn team_keys(
        &self,
    ) -> std::collections::BTreeMap<(Dialect, String), crate::analysis::team_keys::TeamKey> {
        self.keys.team_keys()
    }

    /// Load `path` from disk again (a watched-file event, a closed buffer): classified with
    /// `settings`, removed when it is no longer an agent, skill or command file or is gone.
    /// Returns whether the names the workspace defines changed.
    pub fn reload(&mut self, path: &Path, settings: &Settings) -> bool {
        if self.entries.get(path).is_some_and(|e| e.open) {
            return false;
        }
        let loaded = config::classify(settings, path)
            .filter(|_| path.is_file())
            .and_then(|d| load_file(path, d, self.encoding));
        match loaded {
            Some(f) => self.insert(f, false),
            None => self.remove(path),
        }
    }

    /// Re-derive the origin of every file under `root` (a plugin manifest changed).
    pub fn refresh_origins_under(&mut self, root: &Path) -> bool {
        let paths: Vec<Arc<Path>> = self
            .entries
            .keys()
            .filter(|p| p.starts_with(root))
            .cloned()
            .collect();
        let mut changed = false;
        for p in paths {
            let Some(e) = self.entries.get(&p) else {
                continue;
            };
            let file = LoadedFile {
                path: p.clone(),
                summary: e.summary.clone(),
                origin: identity::origin(&p, e.summary.dialect),
            };
            let open = e.open;
            changed |= self.insert(file, open);
        }
        changed
    }
}
