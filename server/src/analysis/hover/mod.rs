//! Hover: what a key, a tool, a model or an enum value in the frontmatter means, as Markdown.
//! References to agents and skills are answered from the workspace index (`workspace::hover`).
//!
//! The Markdown is built in `docs.rs`, one module for the frontmatter, the body and completion,
//! so a key's hover and its completion documentation say the same thing.

mod docs;
#[cfg(test)]
mod repeats;
mod targets;

use std::ops::Range;

pub(crate) use docs::*;
pub use docs::{IndexedFile, builtin_reference_markdown, indexed_file_markdown};

use crate::analysis::cursor::{self, Place, Seg, Shape, ValueAt};
use crate::analysis::{Env, FileContext};
use crate::schema::Role;
use crate::schema::spec::{self, DialectSchema, FieldKind, Specifier};
use crate::syntax::Document;

/// A hover: the range it is about and its Markdown text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: Range<usize>,
    pub markdown: String,
}

/// The hover at byte `offset` of `doc`, if there is anything to say.
pub fn hover(doc: &Document, file: &FileContext, env: Env<'_>, offset: usize) -> Option<Hover> {
    let schema = spec::schema(file.dialect);
    match cursor::locate(doc, offset) {
        Place::Key { path, token, .. } => {
            if token.text.is_empty() || !token.range.contains(&offset) && token.range.end != offset
            {
                return None;
            }
            let markdown = key_hover(schema, file, env, &path, &token.text)?;
            Some(Hover {
                range: token.range,
                markdown,
            })
        }
        Place::Value(v) => value_hover(schema, file, env, &v, offset),
        Place::NewFile { .. } | Place::Body | Place::Nothing => None,
    }
}

fn key_hover(
    schema: &DialectSchema,
    file: &FileContext,
    env: Env<'_>,
    path: &[Seg],
    key: &str,
) -> Option<String> {
    match path {
        [] => {
            let md = top_key_hover(schema, file, env, key);
            match (md, targets::key_targets_line(file, env, key)) {
                (Some(md), Some(line)) => Some(format!("{md}\n\n{line}")),
                (md, _) => md,
            }
        }
        [Seg::Key(top), Seg::Item] | [Seg::Key(top), Seg::Key(_)] => {
            let f = schema.field(top)?;
            if let Some(item) = f.item(key) {
                return Some(field_markdown(item, file.dialect));
            }
            if f.kind == FieldKind::Hooks {
                let v = f.value(key)?;
                return Some(value_markdown(f, v, None));
            }
            None
        }
        [Seg::Key(top)] if schema.is_tools_field(top) || is_tool_map(schema, top) => {
            let t = schema.tool(key)?;
            Some(tool_markdown(schema, t, key))
        }
        [Seg::Key(top)] => {
            let f = schema.field(top)?;
            if f.kind == FieldKind::Hooks {
                let v = f.value(key)?;
                return Some(value_markdown(f, v, None));
            }
            f.item(key).map(|item| field_markdown(item, file.dialect))
        }
        _ => None,
    }
}

/// The hover of a top-level key: its documentation, or what the team says of it.
fn top_key_hover(
    schema: &DialectSchema,
    file: &FileContext,
    env: Env<'_>,
    key: &str,
) -> Option<String> {
    if let Some(f) = schema.field(key) {
        return Some(field_markdown(f, file.dialect));
    }
    let used = env.workspace.key_use(file.dialect, key);
    if let Some(c) = env.settings.custom_keys.get(key) {
        return Some(custom_key_markdown(key, c, used));
    }
    if let Some(t) = env.workspace.team_key(file.dialect, key) {
        return Some(team_key_markdown(key, t, file.dialect));
    }
    env.workspace
        .list_values
        .get(key)
        .map(|vals| workspace_key_markdown(key, vals.len()))
}

// Long: one match over the kinds of value (enum, model, tool, agent, skill, custom key), each
// a few lines; a table of closures would read worse.
fn value_hover(
    schema: &DialectSchema,
    file: &FileContext,
    env: Env<'_>,
    v: &ValueAt,
    offset: usize,
) -> Option<Hover> {
    if v.shape == Shape::BlockScalar {
        return None;
    }
    let key = v.key()?;
    let top = v.top_key()?;
    let touches = |r: &Range<usize>| r.start <= offset && offset <= r.end && !r.is_empty();
    // Inside `Agent(...)` / `Skill(...)`: the agent or skill named there.
    if let Some(s) = &v.specifier
        && touches(&s.token.range)
        && schema.is_tools_field(key)
    {
        let tool = schema.tool(&s.tool)?;
        let md = match tool.specifier {
            Specifier::AgentTypes => agent_markdown(file, env, &s.token.text)?,
            Specifier::Skill => skill_markdown(env, &s.token.text)?,
            _ => return None,
        };
        return Some(Hover {
            range: s.token.range.clone(),
            markdown: md,
        });
    }
    let token = &v.token;
    if !touches(&token.range) {
        return None;
    }
    let text = token.text.trim();
    let path_len = v.path.len();
    let role = role_at(schema, &v.path);
    let md = if path_len == 1 && schema.is_tools_field(key) {
        let (name, _) = spec::split_specifier(text);
        match schema.tool(name) {
            Some(t) => tool_markdown(schema, t, name),
            None => external_tool_markdown(schema, env, name)?,
        }
    } else if path_len == 1 {
        let f = schema.field(key);
        match f {
            Some(f) if matches!(f.kind, FieldKind::Enum | FieldKind::EnumOrMap) => {
                let value = v.whole.text.trim();
                let model = (role == Some(Role::Model))
                    .then(|| schema.models.iter().find(|m| m.name == value))
                    .flatten();
                match f.value(value) {
                    Some(ev) => value_markdown(f, ev, model.map(|m| m.doc.as_str())),
                    None => model.map(|m| format!("**`{}`** · model\n\n{}", m.name, m.doc))?,
                }
            }
            Some(f) if role == Some(Role::Model) => {
                let value = if v.in_list() {
                    text
                } else {
                    v.whole.text.trim()
                };
                let m = schema.models.iter().find(|m| m.name == value)?;
                let _ = f;
                format!("**{}** · model\n\n{}", m.name, m.doc)
            }
            _ if role.is_some_and(Role::names_agents) => agent_markdown(file, env, text)?,
            _ if role == Some(Role::SkillRefs) => skill_markdown(env, text)?,
            _ => return None,
        }
    } else {
        match &v.path[..] {
            [Seg::Key(_), Seg::Item, Seg::Key(_)] if role.is_some_and(Role::names_agents) => {
                agent_markdown(file, env, v.whole.text.trim())?
            }
            [Seg::Key(t), Seg::Key(_), ..] if schema.role(t) == Some(Role::Permissions) => {
                let f = schema.field(top)?;
                let ev = f.value(v.whole.text.trim())?;
                value_markdown(f, ev, None)
            }
            _ => return None,
        }
    };
    Some(Hover {
        range: if v.shape == Shape::Scalar && !schema.is_tools_field(key) && path_len == 1 {
            v.whole.range.clone()
        } else {
            token.range.clone()
        },
        markdown: md,
    })
}

/// The role of the key whose value is at `path`: a top-level key's, or an item key's
/// (`handoffs[].agent`). Roles are data: see [`Role`].
pub(crate) fn role_at(schema: &DialectSchema, path: &[Seg]) -> Option<Role> {
    match path {
        [Seg::Key(key)] => schema.role(key),
        [Seg::Key(top), Seg::Item, Seg::Key(key)] => schema.field(top)?.item_role(key),
        _ => None,
    }
}

/// A map from tool name to a setting: OpenCode's `tools` (on/off) and `permission`.
pub(crate) fn is_tool_map(schema: &DialectSchema, key: &str) -> bool {
    schema.field(key).is_some_and(|f| match f.role {
        Some(Role::Tools) => f.kind == FieldKind::Map,
        Some(Role::Permissions) => true,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cursor::tests::fixture;
    use crate::analysis::{NamedItem, Settings, WorkspaceNames};
    use crate::schema::Dialect;

    fn hover_in(dialect: Dialect, text: &str) -> Option<Hover> {
        let (doc, at) = fixture(text);
        hover(&doc, &FileContext::bare(dialect), Env::empty(), at)
    }

    fn md(dialect: Dialect, text: &str) -> String {
        hover_in(dialect, text)
            .unwrap_or_else(|| panic!("no hover in {text}"))
            .markdown
    }

    #[test]
    fn key_docs_with_version_and_source() {
        let m = md(Dialect::ClaudeAgent, "---\nname: a\nmem$0ory: user\n---\n");
        assert!(m.starts_with("**`memory`** · enum"), "{m}");
        assert!(m.contains("Since v2.1.33"), "{m}");
        assert!(
            m.contains("(https://code.claude.com/docs/en/sub-agents)"),
            "{m}"
        );
        let h = hover_in(Dialect::ClaudeAgent, "---\nmem$0ory: user\n---\n").unwrap();
        assert_eq!(h.range, 4..10);
        let m = md(Dialect::CopilotAgent, "---\nin$0fer: false\n---\n");
        assert!(m.contains("Deprecated"), "{m}");
    }

    #[test]
    fn tool_docs() {
        let m = md(Dialect::ClaudeAgent, "---\ntools: Read, Ta$0sk\n---\n");
        assert!(m.starts_with("**`Agent`** · tool"), "{m}");
        assert!(m.contains("old name of `Agent`"), "{m}");
        let h = hover_in(Dialect::ClaudeAgent, "---\ntools: Read, Ta$0sk\n---\n").unwrap();
        assert_eq!(h.range, 17..21);
        let m = md(Dialect::ClaudeAgent, "---\ntools: Multi$0Edit\n---\n");
        assert!(m.contains("removed"), "{m}");
        assert!(m.contains("Use instead: `Edit`"), "{m}");
        let m = md(
            Dialect::ClaudeAgent,
            "---\ntools: Bash(git *), Re$0ad\n---\n",
        );
        assert!(m.starts_with("**`Read`**"), "{m}");
        let m = md(Dialect::ClaudeAgent, "---\ntools: Ba$0sh(git *)\n---\n");
        assert!(m.starts_with("**`Bash`**"), "{m}");
        let m = md(
            Dialect::CopilotAgent,
            "---\ntools: ['edit/edit$0Files']\n---\n",
        );
        assert!(m.contains("Change files"), "{m}");
        let m = md(Dialect::CopilotAgent, "---\ntools:\n  - sea$0rch\n---\n");
        assert!(m.contains("tool set"), "{m}");
        let m = md(
            Dialect::ClaudeAgent,
            "---\ntools: mcp__git$0hub__create_issue\n---\n",
        );
        assert!(m.contains("MCP tool"), "{m}");
        let m = md(
            Dialect::OpenCodeAgent,
            "---\npermission:\n  ba$0sh: ask\n---\n",
        );
        assert!(m.contains("shell commands"), "{m}");
    }

    #[test]
    fn enum_values_and_models() {
        let m = md(Dialect::ClaudeAgent, "---\nmodel: ha$0iku\n---\n");
        assert!(m.contains("value of `model`"), "{m}");
        assert!(m.contains("fast and cheap"), "{m}");
        let m = md(Dialect::ClaudeAgent, "---\npermissionMode: ign$0ore\n---\n");
        assert!(m.contains("Deprecated"), "{m}");
        let m = md(Dialect::OpenCodeAgent, "---\nmode: sub$0agent\n---\n");
        assert!(m.contains("`task` tool"), "{m}");
        let m = md(
            Dialect::CopilotAgent,
            "---\nmodel: Claude Sonnet 4.5 (cop$0ilot)\n---\n",
        );
        assert!(m.contains("Anthropic"), "{m}");
        assert!(hover_in(Dialect::ClaudeAgent, "---\ndescription: hel$0lo\n---\n").is_none());
    }

    #[test]
    fn nested_and_workspace() {
        let m = md(
            Dialect::CopilotAgent,
            "---\nhandoffs:\n  - label: Go\n    ag$0ent: plan\n---\n",
        );
        assert!(m.contains("Agent to switch to"), "{m}");
        let m = md(
            Dialect::CopilotAgent,
            "---\nhandoffs:\n  - label: Go\n    agent: pl$0an\n---\n",
        );
        assert!(m.contains("built-in agent"), "{m}");
        let workspace = WorkspaceNames {
            agents: vec![NamedItem {
                name: "reviewer".into(),
                description: Some("Reviews code.".into()),
            }],
            ..WorkspaceNames::default()
        };
        let settings = Settings::default();
        let env = Env {
            settings: &settings,
            workspace: &workspace,
        };
        let (doc, at) = fixture("---\ntools: Agent(rev$0iewer)\n---\n");
        let h = hover(&doc, &FileContext::bare(Dialect::ClaudeAgent), env, at).unwrap();
        assert!(h.markdown.contains("Reviews code."), "{}", h.markdown);
    }

    #[test]
    fn team_keys_say_where_the_team_uses_them() {
        use crate::analysis::team_keys::TeamKey;
        let used = TeamKey {
            files: 4,
            examples: ["/w/a.md", "/w/b.md", "/w/c.md"]
                .map(std::path::PathBuf::from)
                .to_vec(),
            learned: true,
        };
        let workspace = WorkspaceNames {
            team_keys: [((Dialect::ClaudeAgent, "complexity".to_string()), used)]
                .into_iter()
                .collect(),
            ..WorkspaceNames::default()
        };
        let settings = Settings::default();
        let env = Env {
            settings: &settings,
            workspace: &workspace,
        };
        let (doc, at) = fixture("---\ncomplex$0ity: low\n---\n");
        let h = hover(&doc, &FileContext::bare(Dialect::ClaudeAgent), env, at).unwrap();
        assert_eq!(
            h.markdown,
            "**`complexity`** · your team's own key\n\nNot a Claude Code key (Claude Code ignores it): your team uses it in 4 files: `a.md`, `b.md`, `c.md`, …, so agentls takes it as a convention of the team, not a typo. Declare it under `custom-keys` in `.agentls.toml` to give it a type and values."
        );
        // Declared in the settings: the declaration, and the use.
        let settings = Settings::from_toml("[custom-keys]\ncomplexity = \"string\"\n").unwrap();
        let env = Env {
            settings: &settings,
            workspace: &workspace,
        };
        let h = hover(&doc, &FileContext::bare(Dialect::ClaudeAgent), env, at).unwrap();
        assert!(
            h.markdown.contains("Your team uses it in 4 files"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown.contains("declared in the agentls settings"),
            "{}",
            h.markdown
        );
    }

    #[test]
    fn nothing_in_the_body() {
        assert!(hover_in(Dialect::ClaudeAgent, "---\nname: a\n---\nUse Re$0ad\n").is_none());
        assert!(hover_in(Dialect::ClaudeAgent, "---\nname: a\n--$0-\n").is_none());
    }
}
