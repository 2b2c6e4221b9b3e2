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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::schema::spec::{FieldKind, schema};

    fn keys(d: Dialect, role: Role) -> Vec<&'static str> {
        schema(d)
            .fields_with_role(role)
            .map(|f| f.name.as_str())
            .collect()
    }

    /// The roles the code reads are where the features expect them: a dialect that loses one
    /// silently loses its references, completion or hover.
    #[test]
    fn every_dialect_has_the_roles_the_code_reads() {
        for d in Dialect::ALL {
            assert_eq!(keys(d, Role::Description), ["description"], "{d:?}");
            // The Agent Skills standard has no model key.
            let model = if d == Dialect::AgentSkill {
                &[][..]
            } else {
                &["model"][..]
            };
            assert_eq!(keys(d, Role::Model), model, "{d:?}");
            assert_eq!(
                keys(d, Role::Tools).len(),
                1,
                "{d:?}: one field grants tools"
            );
            let name = if d == Dialect::CopilotChatMode {
                &[][..]
            } else {
                &["name"][..]
            };
            assert_eq!(keys(d, Role::Name), name, "{d:?}");
        }
        for d in [
            Dialect::ClaudeAgent,
            Dialect::ClaudeSkill,
            Dialect::ClaudeCommand,
        ] {
            assert!(!keys(d, Role::DisallowedTools).is_empty(), "{d:?}");
        }
        assert_eq!(keys(Dialect::ClaudeAgent, Role::Tools), ["tools"]);
        assert_eq!(keys(Dialect::ClaudeSkill, Role::Tools), ["allowed-tools"]);
        assert_eq!(keys(Dialect::ClaudeCommand, Role::Tools), ["allowed-tools"]);
        assert_eq!(keys(Dialect::ClaudeAgent, Role::SkillRefs), ["skills"]);
        assert_eq!(keys(Dialect::ClaudeAgent, Role::McpServers), ["mcpServers"]);
        assert_eq!(keys(Dialect::ClaudeAgent, Role::Color), ["color"]);
        assert_eq!(keys(Dialect::OpenCodeAgent, Role::Color), ["color"]);
        assert_eq!(
            keys(Dialect::OpenCodeAgent, Role::Permissions),
            ["permission"]
        );
        for d in [Dialect::ClaudeSkill, Dialect::ClaudeCommand] {
            assert_eq!(keys(d, Role::AgentRef), ["agent"], "{d:?}");
        }
        let copilot = schema(Dialect::CopilotAgent);
        assert_eq!(keys(Dialect::CopilotAgent, Role::AgentRefs), ["agents"]);
        assert_eq!(
            keys(Dialect::CopilotAgent, Role::McpServers),
            ["mcp-servers"]
        );
        let handoffs = copilot.field("handoffs").unwrap();
        assert_eq!(handoffs.item_role("agent"), Some(Role::AgentRef));
        assert_eq!(handoffs.item_role("model"), Some(Role::Model));
    }

    /// `tools_field` and the tool roles say the same thing: every key that holds tool names has a
    /// tool role, and every field with one is read as a tool list.
    #[test]
    fn tool_roles_match_the_tools_fields() {
        let tool_roles = [Role::Tools, Role::DisallowedTools, Role::Permissions];
        for d in Dialect::ALL {
            let s = schema(d);
            for key in &s.tools_fields {
                let role = s.role(key);
                assert!(
                    role.is_some_and(|r| tool_roles.contains(&r)),
                    "{d:?}: `{key}` holds tools but has role {role:?}"
                );
            }
            for f in &s.fields {
                if f.role.is_some_and(|r| tool_roles.contains(&r)) {
                    assert!(s.is_tools_field(&f.name), "{d:?}: `{}`", f.name);
                }
                // A role is about the value's meaning; the shapes must fit it.
                if f.role == Some(Role::SkillRefs) || f.role == Some(Role::AgentRefs) {
                    assert!(
                        matches!(f.kind, FieldKind::StringOrList | FieldKind::List),
                        "{d:?}: `{}`",
                        f.name
                    );
                }
            }
        }
    }

    /// Every role is written in kebab case in the data.
    #[test]
    fn roles_read_from_toml() {
        #[derive(Deserialize)]
        struct F {
            role: Vec<Role>,
        }
        let f: F = toml::from_str(
            r#"role = ["name", "description", "model", "color", "tools", "disallowed-tools",
            "permissions", "agent-ref", "agent-refs", "skill-refs", "mcp-servers"]"#,
        )
        .unwrap();
        assert_eq!(f.role.len(), 11);
        assert!(toml::from_str::<F>(r#"role = ["agent"]"#).is_err());
    }
}
