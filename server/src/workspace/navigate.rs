//! Navigation over the index: definition, references, rename, workspace symbols, hover and
//! completion of agent names. Answers are paths and spans.

use std::path::{Path, PathBuf};

use super::builtins::Builtin;
use super::identity::{Family, Identity, Kind, loose_eq};
use super::index::{Index, IndexEntry};
use super::resolve::{Resolution, link_target, resolve};
use crate::analysis::hover;
use crate::analysis::summary::{FileSummary, Span, Target};
use crate::schema::Dialect;

/// A place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub span: Span,
}

/// Where a file's name is declared: its `name:` value, or its start.
pub(super) fn declaration(e: &IndexEntry) -> Location {
    let span = e
        .summary
        .name
        .as_ref()
        .filter(|_| e.identity.as_ref().is_some_and(|i| i.from_field))
        .map_or_else(Span::zero, |n| n.span.clone());
    Location {
        path: e.path.to_path_buf(),
        span,
    }
}

/// What the cursor is on.
pub(super) enum At<'a> {
    /// The files a name resolves to (or the file whose `name:` the cursor is on).
    Files(Vec<&'a IndexEntry>, Span),
    Builtin(&'static Builtin, Span),
    /// A link to a file the index does not hold.
    Path(PathBuf),
}

pub(super) fn at<'a>(index: &'a Index, path: &Path, offset: usize) -> Option<At<'a>> {
    let entry = index.get(path)?;
    at_in(index, entry, &index.full_summary(entry), offset)
}

/// [`at`] in `entry`, whose summary with every place (its [`Index::full_summary`]) the caller
/// already has.
pub(super) fn at_in<'a>(
    index: &'a Index,
    entry: &'a IndexEntry,
    summary: &FileSummary,
    offset: usize,
) -> Option<At<'a>> {
    match summary.at(offset) {
        Some(Target::Ref(r)) => match resolve(index, entry, r)? {
            Resolution::Files(f) => Some(At::Files(f, r.span.clone())),
            Resolution::Builtin(b) => Some(At::Builtin(b, r.span.clone())),
        },
        Some(Target::Link(l)) => {
            let target = link_target(index, &entry.path, l)?;
            match index.get(&target) {
                Some(e) => Some(At::Files(vec![e], l.span.clone())),
                None => target.exists().then_some(At::Path(target)),
            }
        }
        None if entry.summary.on_name(offset) && entry.identity.is_some() => {
            let span = entry.summary.name.as_ref()?.span.clone();
            Some(At::Files(vec![entry], span))
        }
        None => None,
    }
}

/// Go to definition: the `name:` of the file(s) a reference names, a skill's `SKILL.md`, a
/// linked file.
pub fn definition(index: &Index, path: &Path, offset: usize) -> Vec<Location> {
    match at(index, path, offset) {
        Some(At::Files(files, _)) => files.into_iter().map(declaration).collect(),
        Some(At::Path(p)) => vec![Location {
            path: p,
            span: Span::zero(),
        }],
        Some(At::Builtin(..)) | None => Vec::new(),
    }
}

/// The files the cursor names: a reference or link that resolves to files, or the `name:`.
pub(super) fn files_at<'a>(index: &'a Index, path: &Path, offset: usize) -> Vec<&'a IndexEntry> {
    match at(index, path, offset) {
        Some(At::Files(f, _)) => f,
        _ => Vec::new(),
    }
}

/// Every reference to what the cursor is on (and its declaration, when asked), sorted.
pub fn references(
    index: &Index,
    path: &Path,
    offset: usize,
    declaration_too: bool,
) -> Vec<Location> {
    let targets: Vec<&IndexEntry> = match at(index, path, offset) {
        Some(At::Files(f, _)) => f,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for t in &targets {
        if declaration_too {
            out.push(declaration(t));
        }
        out.extend(uses(index, t).into_iter().map(|f| f.loc));
    }
    out.sort_by(|a, b| (&a.path, a.span.range().start).cmp(&(&b.path, b.span.range().start)));
    out.dedup();
    out
}

/// One place of a document highlight: a use, or the `name:` that declares the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub span: Span,
    pub declaration: bool,
}

/// The places in `path` itself that name what the cursor is on (the agent or skill a
/// reference resolves to, or the file whose `name:` the cursor is on), with the same
/// resolution as [`references`]; the `name:` too when the file declares the target. Sorted.
pub fn highlights(index: &Index, path: &Path, offset: usize) -> Vec<Highlight> {
    let Some(entry) = index.get(path) else {
        return Vec::new();
    };
    let summary = index.full_summary(entry);
    let targets: Vec<&IndexEntry> = match at_in(index, entry, &summary, offset) {
        Some(At::Files(f, _)) => f,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    if targets.iter().any(|t| t.path == entry.path) {
        let decl = declaration(entry);
        if decl.span.range() != (0..0) {
            out.push(Highlight {
                span: decl.span,
                declaration: true,
            });
        }
    }
    for r in &summary.refs {
        let hit = resolve(index, entry, r)
            .is_some_and(|res| targets.iter().any(|t| res.includes(&t.path)));
        if hit {
            out.push(Highlight {
                span: r.span.clone(),
                declaration: false,
            });
        }
    }
    for l in &entry.summary.links {
        let hit = link_target(index, &entry.path, l)
            .is_some_and(|p| targets.iter().any(|t| *t.path == *p));
        if hit {
            out.push(Highlight {
                span: l.span.clone(),
                declaration: false,
            });
        }
    }
    out.sort_by_key(|h| (h.span.range().start, h.span.range().end));
    out.dedup_by(|a, b| a.span.range() == b.span.range());
    out
}

/// The links of `path` whose target exists (an indexed file, or a file or folder on disk),
/// resolved as definition resolves them: each link's span and the target's path. In order.
pub fn document_links(index: &Index, path: &Path) -> Vec<(Span, PathBuf)> {
    let Some(entry) = index.get(path) else {
        return Vec::new();
    };
    entry
        .summary
        .links
        .iter()
        .filter_map(|l| {
            let target = link_target(index, path, l)?;
            (index.get(&target).is_some() || target.exists()).then(|| (l.span.clone(), target))
        })
        .collect()
}

/// How a use is written.
pub(super) enum Use {
    /// A name (its text as written).
    Name(String),
    /// A link or path (its text as written).
    Link(String),
}

/// One reference or link to a file.
pub(super) struct Found {
    pub(super) loc: Location,
    pub(super) how: Use,
    /// The reference resolves to other files too (a duplicate name).
    pub(super) shared: bool,
}

/// Every reference and link to `target` across the index.
///
/// Only what can point at `target` is resolved: a reference is looked up by its loose name (so
/// it must equal one of the target's names loosely), and a link or path that leads to the
/// target's file names the file (its last surviving component is the file name, matched
/// ignoring case as indexed paths are). Resolving everything else, every word of every file,
/// made a request O(all references of the workspace) in lookups and disk checks.
pub(super) fn uses(index: &Index, target: &IndexEntry) -> Vec<Found> {
    let keys: Vec<String> = target
        .identity
        .as_ref()
        .map(Identity::loose_names)
        .unwrap_or_default();
    let file_name = target
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (e, summary) in index.summaries_naming(index.entries().collect(), &keys) {
        for r in &summary.refs {
            if !keys.iter().any(|k| loose_eq(&r.name, k)) {
                continue;
            }
            if let Some(Resolution::Files(files)) = resolve(index, e, r)
                && files.iter().any(|f| f.path == target.path)
            {
                out.push(Found {
                    loc: Location {
                        path: e.path.to_path_buf(),
                        span: r.span.clone(),
                    },
                    how: Use::Name(r.name.to_string()),
                    shared: files.len() > 1,
                });
            }
        }
        for l in &summary.links {
            if !contains_ignoring_case(&l.target, &file_name) {
                continue;
            }
            if link_target(index, &e.path, l).is_some_and(|p| *p == *target.path) {
                out.push(Found {
                    loc: Location {
                        path: e.path.to_path_buf(),
                        span: l.span.clone(),
                    },
                    how: Use::Link(l.target.clone()),
                    shared: false,
                });
            }
        }
    }
    out
}

/// `text` contains `lower` (lowercase) ignoring case; allocates only for non-ASCII text.
fn contains_ignoring_case(text: &str, lower: &str) -> bool {
    if text.is_ascii() && lower.is_ascii() {
        let (t, l) = (text.as_bytes(), lower.as_bytes());
        return l.is_empty() || t.windows(l.len()).any(|w| w.eq_ignore_ascii_case(l));
    }
    text.to_lowercase().contains(lower)
}

pub(super) fn product(f: Family) -> &'static str {
    match f {
        Family::Claude => "Claude Code",
        Family::Copilot => "GitHub Copilot",
        Family::OpenCode => "OpenCode",
        Family::Gemini => "Gemini CLI",
        Family::Qwen => "Qwen Code",
        Family::AgentSkills => "Agent Skills",
        Family::Cursor => "Cursor",
        Family::Kiro => "Kiro",
        Family::Kilo => "Kilo Code",
        Family::Augment => "Auggie CLI",
        Family::Qoder => "Qoder CLI",
        Family::Factory => "Factory",
    }
}

/// One workspace symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymbolInfo {
    pub name: String,
    pub kind: Kind,
    pub dialect: Dialect,
    pub location: Location,
    /// The first line of the description.
    pub detail: Option<String>,
    /// The plugin, or the product.
    pub container: String,
}

/// At most this many workspace symbols are returned: the best ranked. LSP has no
/// `isIncomplete` for `workspace/symbol`, but clients ask again as the query grows, so a longer
/// query reaches any name.
pub const MAX_WORKSPACE_SYMBOLS: usize = 256;

/// Agents and skills whose name matches `query` (case-insensitive; the name itself, a prefix,
/// a substring, or the query's characters in order), best matches first, then by name and
/// path; at most [`MAX_WORKSPACE_SYMBOLS`]. Scores every name without allocating and builds
/// only the symbols returned.
pub fn workspace_symbols(index: &Index, query: &str) -> Vec<SymbolInfo> {
    let q = query.to_lowercase();
    let mut scored: Vec<(u8, &str, &IndexEntry)> = Vec::new();
    for e in index.entries() {
        let Some(id) = &e.identity else { continue };
        if !matches!(id.kind, Kind::Agent | Kind::Skill) {
            continue;
        }
        if let Some(score) = symbol_score(&q, &id.name) {
            scored.push((score, &id.name, e));
        }
    }
    let order = |a: &(u8, &str, &IndexEntry), b: &(u8, &str, &IndexEntry)| {
        (a.0, a.1, &a.2.path).cmp(&(b.0, b.1, &b.2.path))
    };
    if scored.len() > MAX_WORKSPACE_SYMBOLS {
        scored.select_nth_unstable_by(MAX_WORKSPACE_SYMBOLS - 1, order);
        scored.truncate(MAX_WORKSPACE_SYMBOLS);
    }
    scored.sort_unstable_by(order);
    scored
        .into_iter()
        .filter_map(|(_, _, e)| symbol(e))
        .collect()
}

fn symbol(e: &IndexEntry) -> Option<SymbolInfo> {
    let id = e.identity.as_ref()?;
    Some(SymbolInfo {
        name: id.name.clone(),
        kind: id.kind,
        dialect: e.dialect(),
        location: declaration(e),
        detail: e
            .summary
            .description
            .as_ref()
            .and_then(|d| d.lines().next())
            .map(|l| l.trim().to_string()),
        container: e
            .origin
            .plugin
            .clone()
            .unwrap_or_else(|| product(id.family).to_string()),
    })
}

/// How well `name` matches the lowercased query `q` (0 best), `None` when it does not.
fn symbol_score(q: &str, name: &str) -> Option<u8> {
    if q.is_ascii() && name.is_ascii() {
        return ascii_score(q.as_bytes(), name.as_bytes());
    }
    let name = name.to_lowercase();
    if q.is_empty() || name == q {
        Some(0)
    } else if name.starts_with(q) {
        Some(1)
    } else if name.contains(q) {
        Some(2)
    } else {
        let mut it = name.chars();
        q.chars().all(|c| it.any(|x| x == c)).then_some(3)
    }
}

/// [`symbol_score`] of an ASCII name, lowercased byte by byte as it is read.
fn ascii_score(q: &[u8], name: &[u8]) -> Option<u8> {
    let eq =
        |a: &[u8]| a.len() == q.len() && a.iter().zip(q).all(|(x, y)| x.to_ascii_lowercase() == *y);
    if q.is_empty() || eq(name) {
        Some(0)
    } else if name.len() >= q.len() && eq(&name[..q.len()]) {
        Some(1)
    } else if name.windows(q.len()).any(eq) {
        Some(2)
    } else {
        let mut it = name.iter();
        q.iter()
            .all(|c| it.any(|x| x.to_ascii_lowercase() == *c))
            .then_some(3)
    }
}

/// Hover on a reference: the target's description, model and tools (Markdown), and the
/// reference's span.
pub fn hover(index: &Index, path: &Path, offset: usize) -> Option<(String, Span)> {
    let entry = index.get(path)?;
    let summary = index.full_summary(entry);
    // Only on references: the `name:` line has its own hover (the field's documentation).
    summary.at(offset)?;
    match at_in(index, entry, &summary, offset)? {
        At::Builtin(b, span) => Some((
            hover::builtin_reference_markdown(b.name, product(b.family), b.description),
            span,
        )),
        At::Files(files, span) => {
            let parts: Vec<String> = files.iter().map(|e| describe(e)).collect();
            Some((parts.join("\n\n---\n\n"), span))
        }
        At::Path(_) => None,
    }
}

fn describe(e: &IndexEntry) -> String {
    hover::indexed_file_markdown(&hover::IndexedFile {
        name: e.identity.as_ref().map_or("", |i| i.name.as_str()),
        dialect: e.dialect(),
        file: e.path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
        plugin: e.origin.plugin.as_deref(),
        description: e.summary.description.as_deref(),
        model: e.summary.model.as_deref(),
        tools: &e.summary.tools,
    })
}
