//! `check --fix`: apply the safe, preferred fixes and write files atomically.

use std::io::Write;
use std::path::Path;

use crate::analysis::{Edit, Env, FileContext, Severity, fix_check};

/// Apply safe preferred fixes until none is left (at most a few rounds). Returns the new text and
/// the number of fixes applied, or `None` when nothing changed or the result would not be
/// better (a fix must never leave a file with more errors than it had). Every fix passes the
/// fix check first (`analysis::fix_check`: the diagnostic it fixes is gone, nothing new appears,
/// the body stays the body), and so does each round's set of fixes together.
pub(crate) fn fix_text(text: &str, file: &FileContext, env: Env<'_>) -> Option<(String, usize)> {
    let errors = |t: &str| {
        super::check::analyze_text(t, file, env)
            .1
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    };
    let before_errors = errors(text);
    let mut current = text.to_string();
    let mut applied = 0;
    let mut budget = fix_check::BUDGET;
    for _ in 0..8 {
        let (doc, diags) = super::check::analyze_text(&current, file, env);
        let before = fix_check::Before::new(&doc, &current, file, env);
        let mut edits: Vec<Edit> = Vec::new();
        let mut first: Option<Vec<Edit>> = None;
        let mut count = 0;
        for d in &diags {
            let Some(fix) = d.fixes.iter().find(|f| f.safe && f.preferred) else {
                continue;
            };
            let overlaps = fix.edits.iter().any(|e| {
                edits.iter().any(|o| {
                    e.range.start < o.range.end.max(o.range.start + 1)
                        && o.range.start < e.range.end.max(e.range.start + 1)
                })
            });
            if overlaps || budget == 0 {
                continue;
            }
            budget -= 1;
            if !fix_check::accepts(&before, Some(d), fix, file, env) {
                continue;
            }
            first.get_or_insert_with(|| fix.edits.clone());
            edits.extend(fix.edits.iter().cloned());
            count += 1;
        }
        let Some(first) = first else { break };
        // Fixes that pass one by one may still clash together: then one per round.
        if count > 1 && fix_check::check(&before, None, &edits, file, env).is_err() {
            edits = first;
            count = 1;
        }
        let Some(next) = fix_check::apply(&current, &edits) else {
            break;
        };
        current = next;
        applied += count;
    }
    (applied > 0 && current != text && errors(&current) <= before_errors)
        .then_some((current, applied))
}

/// Write `text` to `path` through a temporary file in the same folder and a rename, keeping the
/// original file's permissions (and, on Unix, its owner when allowed). A crash leaves either the
/// old or the new file, never half. A symbolic link is written through: its target gets the new
/// text and the link stays a link.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let path = target.as_path();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let meta = std::fs::metadata(path)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".agentls-fix")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; anyone may keep their own. Best effort.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_never_list_a_tool_twice() {
        let path = Path::new("/p/.claude/agents/a.md");
        let file = FileContext::from_path(path, crate::schema::Dialect::ClaudeAgent);
        let text = "---\nname: a\ndescription: d\ntools: Agent, Task, Read, Read\n---\nbody\n";
        let (fixed, n) = fix_text(text, &file, Env::empty()).unwrap();
        assert_eq!(
            fixed,
            "---\nname: a\ndescription: d\ntools: Agent, Read\n---\nbody\n"
        );
        assert_eq!(n, 2);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }
}
