//! Navigation over the index: definition, references, rename, workspace symbols, hover and
//! completion of agent names. Answers are paths and spans.

use std::path::{Path, PathBuf};

use super::builtins::Builtin;
use super::identity::{Family, Kind};
use super::index::{Index, IndexEntry};
use super::resolve::{Resolution, link_target, resolve};
use crate::analysis::hover;
use crate::analysis::summary::{Span, Target};
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
        path: e.path.clone(),
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
    match entry.summary.at(offset) {
        Some(Target::Ref(r)) => match resolve(index, entry, r)? {
            Resolution::Files(f) => Some(At::Files(f, r.span.clone())),
            Resolution::Builtin(b) => Some(At::Builtin(b, r.span.clone())),
        },
        Some(Target::Link(l)) => {
            let target = link_target(index, path, l)?;
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
    out.sort_by(|a, b| (&a.path, a.span.range.start).cmp(&(&b.path, b.span.range.start)));
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
    let targets: Vec<&IndexEntry> = match at(index, path, offset) {
        Some(At::Files(f, _)) => f,
        _ => return Vec::new(),
    };
    let Some(entry) = index.get(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if targets.iter().any(|t| t.path == entry.path) {
        let decl = declaration(entry);
        if decl.span.range != (0..0) {
            out.push(Highlight {
                span: decl.span,
                declaration: true,
            });
        }
    }
    for r in &entry.summary.refs {
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
        let hit =
            link_target(index, &entry.path, l).is_some_and(|p| targets.iter().any(|t| t.path == p));
        if hit {
            out.push(Highlight {
                span: l.span.clone(),
                declaration: false,
            });
        }
    }
    out.sort_by_key(|h| (h.span.range.start, h.span.range.end));
    out.dedup_by(|a, b| a.span.range == b.span.range);
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
pub(super) fn uses(index: &Index, target: &IndexEntry) -> Vec<Found> {
    let mut out = Vec::new();
    for e in index.entries() {
        for r in &e.summary.refs {
            if let Some(Resolution::Files(files)) = resolve(index, e, r)
                && files.iter().any(|f| f.path == target.path)
            {
                out.push(Found {
                    loc: Location {
                        path: e.path.clone(),
                        span: r.span.clone(),
                    },
                    how: Use::Name(r.name.clone()),
                    shared: files.len() > 1,
                });
            }
        }
        for l in &e.summary.links {
            if link_target(index, &e.path, l).is_some_and(|p| p == target.path) {
                out.push(Found {
                    loc: Location {
                        path: e.path.clone(),
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

pub(super) fn product(f: Family) -> &'static str {
    match f {
        Family::Claude => "Claude Code",
        Family::Copilot => "GitHub Copilot",
        Family::OpenCode => "OpenCode",
        Family::Gemini => "Gemini CLI",
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

/// Agents and skills whose name matches `query` (case-insensitive; a substring, or the
/// query's characters in order), best matches first.
pub fn workspace_symbols(index: &Index, query: &str) -> Vec<SymbolInfo> {
    let q = query.to_lowercase();
    let mut scored: Vec<(u8, SymbolInfo)> = Vec::new();
    for e in index.agents().into_iter().chain(index.skills()) {
        let Some(id) = &e.identity else { continue };
        let name = id.name.to_lowercase();
        let score = if q.is_empty() || name == q {
            0
        } else if name.starts_with(&q) {
            1
        } else if name.contains(&q) {
            2
        } else if subsequence(&q, &name) {
            3
        } else {
            continue;
        };
        scored.push((
            score,
            SymbolInfo {
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
            },
        ));
    }
    scored.sort_by(|a, b| {
        (a.0, &a.1.name, &a.1.location.path).cmp(&(b.0, &b.1.name, &b.1.location.path))
    });
    scored.into_iter().map(|(_, s)| s).collect()
}

fn subsequence(q: &str, s: &str) -> bool {
    let mut it = s.chars();
    q.chars().all(|c| it.any(|x| x == c))
}

/// Hover on a reference: the target's description, model and tools (Markdown), and the
/// reference's span.
pub fn hover(index: &Index, path: &Path, offset: usize) -> Option<(String, Span)> {
    let entry = index.get(path)?;
    // Only on references: the `name:` line has its own hover (the field's documentation).
    entry.summary.at(offset)?;
    match at(index, path, offset)? {
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
