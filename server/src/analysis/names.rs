//! What the analysis knows about the rest of the workspace, as plain data: the names other files
//! define and the values they use. The workspace index (above this layer) fills it; a single
//! file analysed alone gets an empty one.

use std::collections::{BTreeMap, BTreeSet};

use super::team_keys::TeamKey;
use crate::schema::Dialect;

/// A named thing another file defines: an agent or a skill.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedItem {
    pub name: String,
    pub description: Option<String>,
}

/// Names and values known across the workspace, for completion and checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceNames {
    pub agents: Vec<NamedItem>,
    pub skills: Vec<NamedItem>,
    /// MCP servers the workspace configures (`.mcp.json`, `.claude/settings.json`).
    pub mcp_servers: BTreeSet<String>,
    /// For list keys such as `capabilities`: every value other files use.
    pub list_values: BTreeMap<String, BTreeSet<String>>,
    /// Keys the schema does not define, per dialect, with their use; the learned ones are the
    /// team's conventions ([`super::team_keys`]).
    pub team_keys: BTreeMap<(Dialect, String), TeamKey>,
}

impl WorkspaceNames {
    /// The learned team key `key` of `dialect`, if it is one.
    pub fn team_key(&self, dialect: Dialect, key: &str) -> Option<&TeamKey> {
        self.key_use(dialect, key).filter(|k| k.learned)
    }

    /// Where the files of `dialect` use `key` (a key their schema does not define).
    pub fn key_use(&self, dialect: Dialect, key: &str) -> Option<&TeamKey> {
        self.team_keys.get(&(dialect, key.to_string()))
    }
}
