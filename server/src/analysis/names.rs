//! What the analysis knows about the rest of the workspace, as plain data: the names other files
//! define and the values they use. The workspace index (above this layer) fills it; a single
//! file analysed alone gets an empty one.

use std::collections::{BTreeMap, BTreeSet};

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
}
