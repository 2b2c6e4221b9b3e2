//! The files `agentls check` reads: the agent, skill and command files under each path given
//! (folders walked respecting `.gitignore`), read in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::Settings;
use crate::config;
use crate::schema::Dialect;

/// A file to check.
pub(super) struct Found {
    /// As walked (shown in the report).
    pub(super) path: PathBuf,
    /// Absolute, normalised (the index's form).
    pub(super) abs: PathBuf,
    pub(super) dialect: Dialect,
}

/// What reading the files of `roots` gave.
pub(super) struct Walked<T> {
    /// `read` of each file, in the order of the paths, each path once.
    pub(super) read: Vec<T>,
    /// Folders the walk could not enter (it went on without them).
    pub(super) skipped: Vec<String>,
}

/// Why each root that cannot be checked cannot (it does not exist, or it is a file of no
/// dialect): asked before anything is walked or read.
pub(super) fn root_problems(roots: &[PathBuf], settings: &Settings) -> Vec<String> {
    roots
        .iter()
        .filter_map(|root| match std::fs::metadata(root) {
            Err(e) => Some(format!("{}: {e}", root.display())),
            Ok(m) if m.is_file() && config::classify(settings, root).is_none() => Some(format!(
                "{}: not an agent, skill or command file (by its path)",
                root.display()
            )),
            Ok(_) => None,
        })
        .collect()
}

/// `read` every agent, skill and command file under `roots` (which [`root_problems`] found
/// none in), in parallel.
pub(super) fn read_all<T: Send>(
    roots: &[PathBuf],
    settings: &Settings,
    read: impl Fn(Found) -> T + Sync + Send,
) -> Walked<T> {
    // Asked once: every relative path of the walk is made absolute against it.
    let cwd = std::env::current_dir().unwrap_or_default();
    let found = |path: &Path| {
        let abs = config::absolute_in(&cwd, path);
        config::classify_absolute(settings, &abs).map(|dialect| Found {
            path: path.to_path_buf(),
            abs,
            dialect,
        })
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        walk(root, &found, &mut skipped, &mut files);
    }
    // Within a root the walk gives the order of the paths (each folder's names in byte order,
    // depth first); several roots are sorted together, and may overlap.
    if roots.len() > 1 {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
    }
    // Handing each file to the readers as the walk finds it was tried: slower, the hand-over
    // of 50,000 files cost more than the walk it hid.
    let read = files.into_par_iter().map(read).collect();
    Walked { read, skipped }
}

/// The files of `root` (itself if it is a file), in the order of their paths.
fn walk(
    root: &Path,
    found: &dyn Fn(&Path) -> Option<Found>,
    skipped: &mut Vec<String>,
    out: &mut Vec<Found>,
) {
    if root.is_file() {
        out.extend(found(root));
        return;
    }
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git" && e.file_name() != "node_modules")
        // Each folder's names in byte order: depth first, that is the order of the paths.
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        // Unreadable folders are reported by the walker as errors: say so, skip them, go on.
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skipped.push(e.to_string());
                continue;
            }
        };
        // Files, and links to files (as the workspace index takes them); links to folders are
        // not followed, so a loop cannot trap the walk.
        let is_file = entry
            .file_type()
            .is_some_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()));
        if is_file {
            out.extend(found(entry.path()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files come back in the order of their paths whatever order the readers finish in, and
    /// each path once when roots overlap.
    #[test]
    fn read_in_path_order_once() {
        let dir = tempfile::tempdir().unwrap();
        let agents = dir.path().join(".claude/agents");
        std::fs::create_dir_all(agents.join("a-b")).unwrap();
        std::fs::create_dir_all(agents.join("a")).unwrap();
        let names = ["z.md", "a.md", "a/x.md", "a-b/y.md", "m.md", "a.b.md"];
        for n in names {
            std::fs::write(agents.join(n), "---\nname: x\ndescription: y\n---\n").unwrap();
        }
        let settings = Settings::default();
        let paths = |roots: &[PathBuf]| read_all(roots, &settings, |f| f.path).read;
        let mut want: Vec<PathBuf> = names.iter().map(|n| agents.join(n)).collect();
        want.sort();
        assert_eq!(paths(&[dir.path().to_path_buf()]), want);
        assert_eq!(paths(&[agents.clone(), agents.join("a")]), want);
        let other = dir.path().join("notes.md");
        std::fs::write(&other, "x").unwrap();
        let problems = root_problems(&[dir.path().join("nope"), other, agents], &settings);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].ends_with("not an agent, skill or command file (by its path)"));
    }
}
