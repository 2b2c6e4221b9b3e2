//! What a reference or a link points at.

use std::path::{Path, PathBuf};

use crate::config::normalize;

use super::builtins::{Builtin, builtins};
use super::identity::{Family, loose};
use super::index::{Index, IndexEntry};
use crate::analysis::summary::{Link, RefKind, Reference};

/// The target of a reference.
#[derive(Debug)]
pub enum Resolution<'a> {
    /// Files defining the name, the most likely first-tier matches only.
    Files(Vec<&'a IndexEntry>),
    Builtin(&'static Builtin),
}

impl Resolution<'_> {
    pub fn includes(&self, path: &Path) -> bool {
        match self {
            Resolution::Files(f) => f.iter().any(|e| *e.path == *path),
            Resolution::Builtin(_) => false,
        }
    }
}

/// A reference from `from` to `family`'s agents: Copilot (VS Code) also reads Claude agents.
fn sees(from: Family, to: Family) -> bool {
    from == to || (from == Family::Copilot && to == Family::Claude)
}

/// Does `written` name the file `e` (a bare word must equal a name exactly, other forms match
/// loosely)?
fn names_exactly(e: &IndexEntry, written: &str) -> bool {
    e.identity
        .as_ref()
        .is_some_and(|id| id.names().any(|n| n == written))
}

/// Resolve `r`, written in `from`. `None`: it names nothing (for a candidate: it is no reference).
pub fn resolve<'a>(index: &'a Index, from: &IndexEntry, r: &Reference) -> Option<Resolution<'a>> {
    if r.kind.is_skill() {
        let found = index.skills_named(&r.name);
        return prefer(from, found, false).map(Resolution::Files);
    }
    let mut found = index.agents_named(&r.name);
    if !r.kind.is_loose() {
        found.retain(|e| names_exactly(e, &r.name));
    }
    if let Some(files) = prefer(from, found, true) {
        return Some(Resolution::Files(files));
    }
    builtin(from.family(), &r.name, r.kind).map(Resolution::Builtin)
}

/// The built-in agent `name` names for a reference written in a `family` file.
pub fn builtin(family: Family, name: &str, kind: RefKind) -> Option<&'static Builtin> {
    let key = loose(name);
    builtins().iter().find(|b| {
        sees(family, b.family)
            && if kind.is_loose() {
                loose(b.name) == key
            } else {
                b.name == name
            }
    })
}

/// Narrow candidates to the one the referencing file's tool loads: the same product first (a
/// Copilot file finds Copilot's agents before the Claude agents it also reads), then the same
/// scope (`.claude` folder, plugin, folder); outside it, a project's agent before a user's,
/// and those before a plugin's (Claude Code's precedence). More than one file is left only
/// when they tie: a true duplicate, or agents of different projects.
fn prefer<'a>(
    from: &IndexEntry,
    found: Vec<&'a IndexEntry>,
    agents: bool,
) -> Option<Vec<&'a IndexEntry>> {
    if found.is_empty() {
        return None;
    }
    let tier = |keep: &dyn Fn(&IndexEntry) -> bool, pool: Vec<&'a IndexEntry>| {
        let narrowed: Vec<&'a IndexEntry> = pool.iter().copied().filter(|e| keep(e)).collect();
        if narrowed.is_empty() { pool } else { narrowed }
    };
    let mut pool = found;
    if agents {
        pool = tier(&|e| e.family() == from.family(), pool);
        pool = tier(&|e| sees(from.family(), e.family()), pool);
    }
    pool = tier(&|e| e.origin.scope == from.origin.scope, pool);
    if pool.iter().any(|e| e.origin.scope != pool[0].origin.scope) {
        let best = pool.iter().map(|e| precedence(e)).min().unwrap_or(0);
        pool.retain(|e| precedence(e) == best);
    }
    Some(pool)
}

/// Which of two same-named files from other scopes wins: a project's (0), a user's (1), a
/// plugin's (2).
fn precedence(e: &IndexEntry) -> u8 {
    if e.origin.plugin.is_some() {
        2
    } else if super::discover::user_agents_dir()
        .and_then(|d| d.parent().map(Path::to_path_buf))
        .is_some_and(|user| *e.origin.scope == *user)
    {
        1
    } else {
        0
    }
}

/// Where a link points. A Markdown link is relative to the file's folder; a bare path is
/// tried against the file's folder and each folder above it, and must exist (in the index,
/// ignoring case, or on disk).
pub fn link_target(index: &Index, from: &Path, link: &Link) -> Option<PathBuf> {
    let dir = from.parent()?;
    if link.markdown {
        return Some(normalize(&dir.join(&link.target)));
    }
    for base in dir.ancestors() {
        let candidate = normalize(&base.join(&link.target));
        if index.get(&candidate).is_some() || candidate.is_file() {
            return Some(candidate);
        }
        if let Some(p) = index.path_ignoring_case(&candidate) {
            return Some(p.to_path_buf());
        }
    }
    None
}
