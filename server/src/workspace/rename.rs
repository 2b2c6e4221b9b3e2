//! Rename over the index: the `name:` value, every reference that resolves to the renamed file
//! (and to it alone), and the file or skill folder named after the old name.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::identity::{Kind, loose};
use super::index::{Index, IndexEntry};
use super::navigate::{At, Found, Use, at, at_in, product, uses};
use crate::analysis::summary::{Span, Target};
use crate::schema::spec;
use crate::text::{LineCol, PositionEncoding};

/// Where `old` sits at the end of `written` (`security-scanning-security-auditor`,
/// `plugin:old`, `Old Name`): the byte range to replace.
fn name_part(written: &str, old: &str) -> Range<usize> {
    let key = loose(old);
    for (i, _) in written.char_indices() {
        let boundary = i == 0
            || written[..i]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '-' | '_' | ':' | ' '));
        if boundary && loose(&written[i..]) == key {
            return i..written.len();
        }
    }
    0..written.len()
}

/// The part `sub` (byte offsets into `written`) of a one-line span.
fn sub_span(span: &Span, written: &str, sub: Range<usize>, enc: PositionEncoding) -> Span {
    let width = |s: &str| s.chars().map(|c| enc.width(c) as u32).sum::<u32>();
    let start = LineCol::new(
        span.start.line,
        span.start.col + width(&written[..sub.start]),
    );
    let end = LineCol::new(span.start.line, start.col + width(&written[sub.clone()]));
    let at = span.range().start;
    Span::from_parts(at + sub.start..at + sub.end, start, end)
}

/// prepareRename: the range of the name under the cursor and the name, or why it cannot be
/// renamed. `Ok(None)`: nothing renamable here.
pub fn prepare_rename(
    index: &Index,
    path: &Path,
    offset: usize,
) -> Result<Option<(Span, String)>, String> {
    let Some(entry) = index.get(path) else {
        return Ok(None);
    };
    let summary = index.full_summary(entry);
    match at_in(index, entry, &summary, offset) {
        None | Some(At::Path(_)) => Ok(None),
        Some(At::Builtin(b, _)) => Err(format!(
            "`{}` is built into {}: it cannot be renamed.",
            b.name,
            product(b.family)
        )),
        Some(At::Files(files, span)) => {
            let t = single(&files)?;
            let id = t.identity.as_ref().ok_or("This file defines no name.")?;
            let written = match summary.at(offset) {
                Some(Target::Ref(r)) => r.name.to_string(),
                Some(Target::Link(_)) => return Ok(None),
                None => id.name.clone(),
            };
            let part = name_part(&written, &id.name);
            Ok(Some((
                sub_span(&span, &written, part, index.encoding),
                id.name.clone(),
            )))
        }
    }
}

fn single<'a>(files: &[&'a IndexEntry]) -> Result<&'a IndexEntry, String> {
    match files {
        [one] => Ok(one),
        [] => Err("The name resolves to nothing.".to_string()),
        many => Err(format!(
            "The name is defined by {} files in the same scope ({}), so this reference could mean either: give one of them another name from its `name:` line first.",
            many.len(),
            file_names(many)
        )),
    }
}

fn file_names(files: &[&IndexEntry]) -> String {
    let names: Vec<String> = files
        .iter()
        .map(|e| {
            format!(
                "`{}`",
                e.path.file_name().unwrap_or_default().to_string_lossy()
            )
        })
        .collect();
    names.join(", ")
}

/// What a rename changes: text edits per file, and files or folders to rename (after the
/// edits, which address the files by their old names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenamePlan {
    pub edits: BTreeMap<PathBuf, Vec<(Span, String)>>,
    pub renames: Vec<(PathBuf, PathBuf)>,
    /// The file or folder named after the old name that keeps its name because the editor
    /// cannot rename files: (its path, the path it would have had).
    pub not_renamed: Option<(PathBuf, PathBuf)>,
}

/// The file (or a skill's folder) that is named after `e`'s name, and the path it takes when
/// the name becomes `new`: `backend-dev.md` → `qa.md`, `pdf/SKILL.md` → `qa/`,
/// `planner.agent.md` → `qa.agent.md`. `None` when the file is not named after it.
pub fn named_after(e: &IndexEntry, new: &str) -> Option<(PathBuf, PathBuf)> {
    let old = &e.identity.as_ref()?.name;
    if e.kind() == Kind::Skill {
        let dir = e.path.parent()?;
        return (*e.origin.folder == **old).then(|| (dir.to_path_buf(), dir.with_file_name(new)));
    }
    (*e.origin.stem == **old).then(|| (e.path.to_path_buf(), renamed_file(e, new)))
}

/// `e`'s path with its stem replaced by `new`, the suffix (`.md`, `.agent.md`) kept.
pub fn renamed_file(e: &IndexEntry, new: &str) -> PathBuf {
    let file_name = e.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let suffix = file_name.get(e.origin.stem.len()..).unwrap_or(".md");
    e.path.with_file_name(format!("{new}{suffix}"))
}

/// For a file whose `name:` differs from its file name (a skill: from its folder's name), the
/// rename that makes them match: (its path, the path named after its name). `None` when they
/// match already, when the name comes from the path, or when that path is taken.
pub fn rename_to_name(e: &IndexEntry) -> Option<(PathBuf, PathBuf)> {
    let id = e.identity.as_ref().filter(|i| i.from_field)?;
    if id.name.contains(['/', '\\', ':']) || id.name.starts_with('.') {
        return None;
    }
    let (from, to) = if e.kind() == Kind::Skill {
        let dir = e.path.parent()?;
        (*e.origin.folder != *id.name).then(|| (dir.to_path_buf(), dir.with_file_name(&id.name)))?
    } else {
        (*e.origin.stem != *id.name).then(|| (e.path.to_path_buf(), renamed_file(e, &id.name)))?
    };
    (!to.exists()).then_some((from, to))
}

/// Rename what the cursor is on to `new_name`: its `name:`, every reference that resolves to it
/// alone across the index, and its file (or a skill's folder) when the file was named after it
/// and `rename_files` (the client can rename files; else [`RenamePlan::not_renamed`] says what
/// was left). Refuses names the dialect does not allow, and names some reference shares with a
/// duplicate.
pub fn rename(
    index: &Index,
    path: &Path,
    offset: usize,
    new_name: &str,
    rename_files: bool,
) -> Result<RenamePlan, String> {
    let t = match at(index, path, offset) {
        Some(At::Files(files, _)) => single(&files)?,
        Some(At::Builtin(b, _)) => {
            return Err(format!(
                "`{}` is built into {}: it cannot be renamed.",
                b.name,
                product(b.family)
            ));
        }
        _ => return Err("There is no agent or skill name here to rename.".to_string()),
    };
    let id = t.identity.as_ref().ok_or("This file defines no name.")?;
    let new = new_name.trim();
    check_name(t, new)?;
    if index
        .agents_named(new)
        .iter()
        .chain(index.skills_named(new).iter())
        .any(|e| e.path != t.path && e.origin.scope == t.origin.scope && e.kind() == t.kind())
    {
        return Err(format!(
            "Another {} in this scope is already named `{new}`.",
            t.dialect().noun()
        ));
    }
    let found = uses(index, t);
    refuse_shared(index, t, &found)?;
    let old = id.name.clone();
    let mut plan = RenamePlan::default();
    let mut new_path = named_after(t, new);
    if !id.from_field && (new_path.is_none() || !rename_files) {
        return Err(format!(
            "`{old}` takes its name from its {}: {}",
            if t.kind() == Kind::Skill {
                "folder"
            } else {
                "file name"
            },
            if new_path.is_none() {
                "add a `name:` to the frontmatter to rename it."
            } else {
                "this editor cannot rename files, so rename it by hand."
            }
        ));
    }
    if !rename_files {
        plan.not_renamed = new_path.take();
    }
    if let Some((from, to)) = &new_path {
        if to.exists() {
            return Err(format!("`{}` already exists.", to.display()));
        }
        plan.renames.push((from.clone(), to.clone()));
    }
    if id.from_field
        && let Some(n) = &t.summary.name
    {
        plan.edits
            .entry(t.path.to_path_buf())
            .or_default()
            .push((n.span.clone(), new.to_string()));
    }
    for f in found {
        if let Some(edit) = use_edit(&f, &old, new, new_path.as_ref(), index.encoding) {
            plan.edits.entry(f.loc.path).or_default().push(edit);
        }
    }
    for edits in plan.edits.values_mut() {
        edits.sort_by_key(|(s, _)| (s.range().start, s.range().end));
        edits.dedup_by(|a, b| a.0.range() == b.0.range());
    }
    Ok(plan)
}

/// A reference that could mean `t` or a same-named file is not rewritten on a guess: the
/// rename is refused, naming the other file and the first such reference.
fn refuse_shared(index: &Index, t: &IndexEntry, found: &[Found]) -> Result<(), String> {
    let shared: Vec<&Found> = found.iter().filter(|f| f.shared).collect();
    let Some(first) = shared.first() else {
        return Ok(());
    };
    let name = t.identity.as_ref().map_or("", |i| i.name.as_str());
    let others: Vec<&IndexEntry> = index
        .agents_named(name)
        .into_iter()
        .chain(index.skills_named(name))
        .filter(|e| e.path != t.path && e.kind() == t.kind())
        .collect();
    Err(format!(
        "`{name}` is also defined by {}, and {} reference{} (the first in `{}`, line {}) could mean either file: give one of them another name first, then rename.",
        if others.is_empty() {
            "another file".to_string()
        } else {
            file_names(&others)
        },
        shared.len(),
        if shared.len() == 1 { "" } else { "s" },
        first
            .loc
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy(),
        first.loc.span.start.line + 1
    ))
}

/// The edit of one use: the name part of a reference, or the renamed segment of a link.
fn use_edit(
    f: &Found,
    old: &str,
    new: &str,
    new_path: Option<&(PathBuf, PathBuf)>,
    enc: PositionEncoding,
) -> Option<(Span, String)> {
    match &f.how {
        Use::Name(written) => {
            let part = name_part(written, old);
            Some((sub_span(&f.loc.span, written, part, enc), new.to_string()))
        }
        Use::Link(written) => {
            let (from, to) = new_path?;
            let old_seg = from.file_name()?.to_str()?;
            let new_seg = to.file_name()?.to_str()?;
            let text = replace_segment(written, old_seg, new_seg)?;
            Some((f.loc.span.clone(), text))
        }
    }
}

/// `written` with the path segment `old` (compared ignoring case) replaced by `new`.
fn replace_segment(written: &str, old: &str, new: &str) -> Option<String> {
    let parts: Vec<&str> = written.split('/').collect();
    let i = parts.iter().rposition(|p| p.eq_ignore_ascii_case(old))?;
    let mut out: Vec<&str> = parts.clone();
    out[i] = new;
    Some(out.join("/"))
}

/// Refuse names the target's dialect does not allow.
fn check_name(t: &IndexEntry, new: &str) -> Result<(), String> {
    let noun = t.dialect().noun();
    let problem = if new.is_empty() {
        Some("the name is empty".to_string())
    } else if new.contains(['\n', '\r', '"', '\'', '#', '/', '\\', '`']) {
        Some("the name must not contain quotes, `#`, slashes, backticks or line breaks".to_string())
    } else if new.contains(':') {
        Some("`:` is reserved for plugin scoping (`plugin:agent`)".to_string())
    } else {
        let rule = spec::schema(t.dialect()).name_rule;
        rule.problem(new, None)
    };
    match problem {
        Some(p) => Err(format!(
            "`{new}` is not a valid {} {noun} name: {p}.",
            t.dialect().product()
        )),
        None => Ok(()),
    }
}
