//! The team's own keys. A frontmatter key the dialect's schema does not define is either a typo,
//! a key of another tool, or a key the team uses on purpose (`capabilities`, `complexity`). The
//! last kind is declared in `.agentls.toml` (`[custom-keys]`) or learned from the workspace: a
//! key used consistently by several files of the same dialect is a convention, not a mistake, and
//! gets no `unknown-key` hint.
//!
//! The rule ([`is_convention`]): the key is used in at least [`MIN_FILES`] files of the dialect
//! (two copies of one file make no convention) and in at least one in [`SHARE_DIVISOR`] of the
//! dialect's files with a frontmatter (three stray files of a large monorepo do not silence a
//! hint for everyone), and it is not one edit away from a key of the dialect ([`typo_of`]: a
//! misspelling repeated by copy and paste stays a misspelling). No dialect's loader rejects
//! unknown keys (Claude Code and Copilot ignore them, OpenCode passes them to the model provider
//! as `options`), so a learned key is never an error the hint would have hidden.

use std::path::PathBuf;

use crate::schema::Dialect;
use crate::schema::spec::{did_you_mean, one_edit_apart, schema};

/// A key is learned only when at least this many files of the dialect use it.
pub const MIN_FILES: usize = 3;
/// ... and at least one in this many of the dialect's files with a frontmatter.
pub const SHARE_DIVISOR: usize = 20;

/// A key some files use that their dialect's schema does not define, as the workspace shows it:
/// how many files of the dialect use it and a few of them (sorted by path), for hover, and
/// whether it is a learned convention ([`is_convention`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamKey {
    pub files: usize,
    pub examples: Vec<PathBuf>,
    pub learned: bool,
}

/// How many example files a [`TeamKey`] keeps.
pub const EXAMPLES: usize = 3;

/// `key`, used in `files` of the `dialect_files` files of `dialect` that have a frontmatter, is
/// a convention of the team.
pub fn is_convention(dialect: Dialect, key: &str, files: usize, dialect_files: usize) -> bool {
    files >= MIN_FILES && files * SHARE_DIVISOR >= dialect_files && typo_of(dialect, key).is_none()
}

/// The dialect that defines `key`, if another one than `dialect` does.
pub(crate) fn key_elsewhere(dialect: Dialect, key: &str) -> Option<Dialect> {
    Dialect::ALL
        .into_iter()
        .filter(|d| *d != dialect)
        .find(|d| schema(*d).field(key).is_some())
}

/// The key of `dialect` that `key` (unknown to it) may have been meant as. For a key of another
/// dialect, only a key that is the same word (`mcp_servers` → `mcpServers`) or a part of it
/// (`allowed-tools` → `tools`), not merely a similar one (OpenCode's `mode` is not a misspelt
/// `model`).
pub(crate) fn suggestion(dialect: Dialect, key: &str) -> Option<&'static str> {
    let own = schema(dialect).fields.iter().map(|f| f.name.as_str());
    let elsewhere = key_elsewhere(dialect, key);
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    did_you_mean(key, own).filter(|m| {
        *m != key
            && (elsewhere.is_none()
                || norm(m) == norm(key)
                || key.split(['-', '_']).any(|p| p.eq_ignore_ascii_case(m)))
    })
}

/// The key of `dialect` that `key` misspells: the [`suggestion`], when it is at most one edit
/// away (ignoring case, `_` and `-`): `descripton`, `tool`, `Model`.
pub fn typo_of(dialect: Dialect, key: &str) -> Option<&'static str> {
    suggestion(dialect, key).filter(|m| one_edit_apart(key, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_one_edit_from_a_key_of_the_dialect() {
        let d = Dialect::ClaudeAgent;
        assert_eq!(typo_of(d, "descripton"), Some("description"));
        assert_eq!(typo_of(d, "tool"), Some("tools"));
        assert_eq!(typo_of(d, "Model"), Some("model"));
        assert_eq!(typo_of(d, "complexity"), None);
        assert_eq!(typo_of(d, "capabilities"), None);
        assert_eq!(typo_of(d, "auto_activate"), None);
        // OpenCode's `mode` in a Copilot agent is another tool's key, not a misspelt `model`.
        assert_eq!(typo_of(Dialect::CopilotAgent, "mode"), None);
    }

    #[test]
    fn a_convention_needs_three_files_a_share_and_no_typo() {
        let d = Dialect::ClaudeAgent;
        assert!(is_convention(d, "complexity", 3, 10));
        assert!(!is_convention(d, "complexity", 2, 2));
        assert!(is_convention(d, "complexity", 3, 60));
        assert!(!is_convention(d, "complexity", 3, 61));
        assert!(!is_convention(d, "descripton", 10, 10));
        assert!(!is_convention(d, "tool", 10, 10));
    }
}
