//! Finding the files: every agent, skill and command file under the workspace folders.

use std::path::{Path, PathBuf};

use crate::analysis::Settings;
use crate::config;
use crate::schema::Dialect;

/// Folders never worth walking.
const SKIPPED: &[&str] = &[".git", "node_modules", "target", ".venv", "__pycache__"];

/// The agent, skill and command files under `roots` (absolute paths, sorted, no duplicates),
/// respecting `.gitignore` and walking hidden folders such as `.claude`. Symbolic links are
/// followed, loops and unreadable folders skipped. With `settings.user_agents`, the files of
/// `~/.claude/agents` too.
pub fn discover(roots: &[PathBuf], settings: &Settings) -> Vec<(PathBuf, Dialect)> {
    let mut out = Vec::new();
    for root in roots {
        walk(root, settings, true, &mut out);
    }
    if settings.user_agents
        && let Some(dir) = user_agents_dir()
    {
        walk(&dir, settings, false, &mut out);
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// `~/.claude/agents`, if there is a home folder.
pub fn user_agents_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    Some(PathBuf::from(home).join(".claude").join("agents"))
}

fn walk(root: &Path, settings: &Settings, gitignore: bool, out: &mut Vec<(PathBuf, Dialect)>) {
    let root = crate::config::absolute(root);
    if root.is_file() {
        if let Some(d) = config::classify(settings, &root) {
            out.push((root, d));
        }
        return;
    }
    let walker = ignore::WalkBuilder::new(&root)
        .hidden(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .git_global(false)
        .ignore(gitignore)
        .parents(gitignore)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| !e.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n)))
        .build();
    for entry in walker {
        // Loops, unreadable folders and broken links come as errors: skip them.
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            continue;
        }
        if let Some(d) = config::classify(settings, path) {
            out.push((path.to_path_buf(), d));
        }
    }
}

/// The folder a file's references are resolved in: the nearest folder at or above it holding
/// `.git`, else the nearest holding `.claude`, `.github`, `.opencode` or a plugin manifest (the
/// home folder excepted), else the file's own folder.
pub fn project_root(path: &Path) -> PathBuf {
    // Normalised first: the ancestors of `a/../b` are not those of `b`.
    let abs = crate::config::absolute(path);
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent().unwrap_or(&abs)
    };
    if let Some(git) = start.ancestors().find(|a| a.join(".git").exists()) {
        return git.to_path_buf();
    }
    let markers = [".claude", ".github", ".opencode"];
    // Not the home folder: `~/.claude` holds the user's settings, not a project.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let marked = start.ancestors().find(|a| {
        home.as_deref() != Some(*a)
            && (markers.iter().any(|m| a.join(m).is_dir())
                || a.join(".claude-plugin").join("plugin.json").is_file())
    });
    marked.unwrap_or(start).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_roots_of_paths_with_dot_dot() {
        // `repo/../other/p/...`: the ancestors that count are those of `other/p`, not `repo`.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("other/p/.claude/agents")).unwrap();
        let via_repo = root.join("repo/../other/p/.claude/agents");
        assert_eq!(
            project_root(&via_repo),
            crate::config::absolute(&root.join("other/p"))
        );
    }
}
