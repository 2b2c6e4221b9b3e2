//! The counts behind the learned team keys ([`crate::analysis::team_keys`]): for each dialect,
//! which files use each key its schema does not define, and how many files have a frontmatter.
//! Kept by the index as files come and go, from their summaries alone: adding or removing a file
//! costs O(its unknown keys), and the learned set is derived from the distinct unknown keys,
//! never from a walk over the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::summary::FileSummary;
use crate::analysis::team_keys::{EXAMPLES, TeamKey, is_convention};
use crate::schema::Dialect;

#[derive(Debug, Default)]
pub(super) struct KeyCounts {
    /// (dialect, key) → the files of that dialect using it.
    users: HashMap<(Dialect, String), BTreeSet<Arc<Path>>>,
    /// Files with a frontmatter, per dialect.
    files: HashMap<Dialect, usize>,
    /// The learned keys as last computed, to tell when the set changes.
    learned: BTreeSet<(Dialect, String)>,
    /// Bumped whenever the learned set changes.
    pub(super) generation: u64,
    /// Bumped whenever a file's unknown keys changed (the counts hover shows moved).
    pub(super) touched: u64,
}

impl KeyCounts {
    /// Count (`add`) or uncount a file's keys (the path is shared with the index).
    pub(super) fn count(&mut self, path: &Arc<Path>, summary: &FileSummary, add: bool) {
        if !summary.has_frontmatter {
            return;
        }
        let files = self.files.entry(summary.dialect).or_default();
        if add {
            *files += 1;
        } else {
            *files = files.saturating_sub(1);
        }
        for key in &summary.other_keys {
            let slot = (summary.dialect, key.clone());
            if add {
                self.users.entry(slot).or_default().insert(path.clone());
            } else if let Some(users) = self.users.get_mut(&slot) {
                users.remove(&**path);
                if users.is_empty() {
                    self.users.remove(&slot);
                }
            }
        }
    }

    /// Work out the learned keys again; returns whether the set changed.
    pub(super) fn relearn(&mut self) -> bool {
        let learned: BTreeSet<(Dialect, String)> = self
            .users
            .iter()
            .filter(|((d, k), users)| {
                is_convention(*d, k, users.len(), self.files.get(d).copied().unwrap_or(0))
            })
            .map(|(slot, _)| slot.clone())
            .collect();
        let changed = learned != self.learned;
        self.learned = learned;
        self.generation += u64::from(changed);
        changed
    }

    /// Every unknown key with its use, the learned ones marked (one entry per distinct key).
    pub(super) fn team_keys(&self) -> BTreeMap<(Dialect, String), TeamKey> {
        self.users
            .iter()
            .map(|(slot, users)| {
                let key = TeamKey {
                    files: users.len(),
                    examples: users
                        .iter()
                        .take(EXAMPLES)
                        .map(|p| p.to_path_buf())
                        .collect(),
                    learned: self.learned.contains(slot),
                };
                (slot.clone(), key)
            })
            .collect()
    }
}

/// The part of a summary the key counts read: when it is the same before and after an edit, the
/// learned keys cannot have changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct KeyPart {
    path: PathBuf,
    dialect: Dialect,
    has_frontmatter: bool,
    keys: Vec<String>,
}

impl KeyPart {
    pub(super) fn of(path: &Path, s: &FileSummary) -> KeyPart {
        KeyPart {
            path: path.to_path_buf(),
            dialect: s.dialect,
            has_frontmatter: s.has_frontmatter,
            keys: s.other_keys.clone(),
        }
    }

    /// `s`, the summary of `path`, counts the same keys.
    pub(super) fn same(&self, path: &Path, s: &FileSummary) -> bool {
        self.path == path
            && (self.dialect, self.has_frontmatter, &self.keys)
                == (s.dialect, s.has_frontmatter, &s.other_keys)
    }
}
