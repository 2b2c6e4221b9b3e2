//! What a frontmatter key refers to, read from the data (`role = "..."` on a `[[field]]` or a
//! `[[field.item]]`, see `docs/SCHEMA.md`). Code asks for a role, never for a key name, so a new
//! dialect is a data file: its fields say which one holds the model, the tools, the agents.

use serde::Deserialize;

use super::spec::{DialectSchema, FieldSpec};

/// The meaning of a key, for the features that follow what it names (summary, completion, hover,
/// references, rename).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The file's own name (`name`).
    Name,
    /// What the file is for, shown in summaries (`description`).
    Description,
    /// A model name or alias, or a list of them (`model`).
    Model,
    /// The colour shown for the agent (`color`).
    Color,
    /// The tools granted (`tools`, `allowed-tools`): listed in summaries.
    Tools,
    /// Tools taken away (`disallowedTools`, `disallowed-tools`).
    DisallowedTools,
    /// A map from tool name to a permission (OpenCode `permission`).
    Permissions,
    /// One agent name: a fork (`agent:` of a Claude skill) or a handoff (`handoffs[].agent`).
    AgentRef,
    /// A list of agent names, `*` for any (Copilot `agents`).
    AgentRefs,
    /// A list of skill names (Claude `skills`).
    SkillRefs,
    /// MCP server names, or the servers themselves (`mcpServers`, `mcp-servers`).
    McpServers,
}

impl Role {
    /// Whether the key names agents to delegate to.
    pub fn names_agents(self) -> bool {
        matches!(self, Role::AgentRef | Role::AgentRefs)
    }
}

impl DialectSchema {
    /// The role of the top-level key `key`, if the dialect documents the key and gives it one.
    pub fn role(&self, key: &str) -> Option<Role> {
        self.field(key).and_then(|f| f.role)
    }

    /// The top-level fields with role `role`, in file order.
    pub fn fields_with_role(&self, role: Role) -> impl Iterator<Item = &FieldSpec> {
        self.fields.iter().filter(move |f| f.role == Some(role))
    }
}

impl FieldSpec {
    /// The role of the item key `key` (see [`FieldSpec::items`]).
    pub fn item_role(&self, key: &str) -> Option<Role> {
        self.item(key).and_then(|f| f.role)
    }

    /// The first item key with role `role` (`handoffs[].agent` for [`Role::AgentRef`]).
    pub fn item_with_role(&self, role: Role) -> Option<&FieldSpec> {
        self.items.iter().find(|f| f.role == Some(role))
    }
}
