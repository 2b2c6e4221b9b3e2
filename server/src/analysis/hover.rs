//! Hover: what a key, a tool, a model or an enum value in the frontmatter means, as Markdown.
//! Nothing in the body (agent references there come with the workspace index).
//!
//! The Markdown builders here are shared with completion, so a key's hover and its completion
//! documentation say the same thing.

use std::ops::Range;

use super::cursor::{self, Place, Seg, Shape, ValueAt};
use super::{Env, FileContext};
use crate::schema::Dialect;
use crate::schema::spec::{
    self, DialectSchema, EnumValue, FieldKind, FieldSpec, Specifier, ToolMatchKind, ToolSpec,
    ToolStatus,
};
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
            if let Some(f) = schema.field(key) {
                return Some(field_markdown(f, file.dialect));
            }
            if let Some(c) = env.settings.custom_keys.get(key) {
                return Some(custom_key_markdown(key, c));
            }
            env.workspace
                .list_values
                .get(key)
                .map(|vals| workspace_key_markdown(key, vals.len()))
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
        [Seg::Key(top)] if schema.is_tools_field(top) || is_opencode_map(file, top) => {
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

fn is_opencode_map(file: &FileContext, key: &str) -> bool {
    file.dialect == Dialect::OpenCodeAgent && matches!(key, "tools" | "permission")
}

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
                let model = (key == "model")
                    .then(|| schema.models.iter().find(|m| m.name == value))
                    .flatten();
                match f.value(value) {
                    Some(ev) => value_markdown(f, ev, model.map(|m| m.doc.as_str())),
                    None => model.map(|m| format!("**`{}`** · model\n\n{}", m.name, m.doc))?,
                }
            }
            Some(f) if key == "model" => {
                let value = if v.in_list() {
                    text
                } else {
                    v.whole.text.trim()
                };
                let m = schema.models.iter().find(|m| m.name == value)?;
                let _ = f;
                format!("**{}** · model\n\n{}", m.name, m.doc)
            }
            _ if delegates(file.dialect, key) => agent_markdown(file, env, text)?,
            _ if key == "skills" => skill_markdown(env, text)?,
            _ => return None,
        }
    } else {
        match (&v.path[..], file.dialect) {
            ([Seg::Key(t), Seg::Item, Seg::Key(k)], Dialect::CopilotAgent)
                if t == "handoffs" && k == "agent" =>
            {
                agent_markdown(file, env, v.whole.text.trim())?
            }
            ([Seg::Key(t), Seg::Key(_), ..], Dialect::OpenCodeAgent) if t == "permission" => {
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

/// Whether `key` names agents to delegate to.
pub(crate) fn delegates(dialect: Dialect, key: &str) -> bool {
    match dialect {
        Dialect::CopilotAgent => key == "agents",
        Dialect::ClaudeSkill | Dialect::ClaudeCommand => key == "agent",
        _ => false,
    }
}

/// The agents every installation of a dialect's product has, with what they do.
pub(crate) fn builtin_agents(
    dialect: Dialect,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::schema::spec::schema(dialect)
        .builtin_agents
        .iter()
        .map(|a| (a.name.as_str(), a.doc.as_str()))
}

fn agent_markdown(file: &FileContext, env: Env<'_>, name: &str) -> Option<String> {
    if let Some(a) = env.workspace.agents.iter().find(|a| a.name == name) {
        let mut md = format!("**`{}`** · agent", a.name);
        if let Some(d) = &a.description {
            md.push_str("\n\n");
            md.push_str(&shorten(d, 600));
        }
        return Some(md);
    }
    builtin_agents(file.dialect)
        .find(|(n, _)| *n == name)
        .map(|(n, d)| format!("**`{n}`** · built-in agent\n\n{d}"))
}

fn skill_markdown(env: Env<'_>, name: &str) -> Option<String> {
    let s = env.workspace.skills.iter().find(|s| s.name == name)?;
    let mut md = format!("**`{}`** · skill", s.name);
    if let Some(d) = &s.description {
        md.push_str("\n\n");
        md.push_str(&shorten(d, 600));
    }
    Some(md)
}

/// Cut long text at a word boundary.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

fn source_link(source: &str, dialect: Dialect) -> String {
    if source.is_empty() {
        return String::new();
    }
    format!("[{} docs]({source})", dialect.product())
}

/// Markdown for a frontmatter key: its doc, its status and version notes, and the source.
pub(crate) fn field_markdown(f: &FieldSpec, dialect: Dialect) -> String {
    let mut md = format!("**`{}`** · {}", f.name, f.kind.label());
    if f.required != spec::Requirement::No {
        md.push_str(" · required");
    }
    md.push_str("\n\n");
    if let Some(to) = &f.renamed_to {
        md.push_str(&format!("⚠ Renamed to `{to}`.\n\n"));
    }
    if let Some(d) = &f.deprecated {
        md.push_str(&format!("⚠ Deprecated: {d}\n\n"));
    }
    if let Some(i) = &f.ignored {
        md.push_str(&format!("Has no effect here: {i}\n\n"));
    }
    if !f.doc.is_empty() {
        md.push_str(&f.doc);
        md.push_str("\n\n");
    }
    let shown: Vec<&EnumValue> = f.values.iter().filter(|v| v.deprecated.is_none()).collect();
    if matches!(f.kind, FieldKind::Enum | FieldKind::EnumOrMap) && !shown.is_empty() {
        let list: Vec<String> = shown.iter().map(|v| format!("`{}`", v.value)).collect();
        md.push_str(&format!("Values: {}", list.join(", ")));
        if f.open {
            md.push_str(" (other values allowed)");
        }
        md.push_str("\n\n");
    }
    let mut notes = Vec::new();
    if let Some(s) = &f.since {
        notes.push(format!("Since {s}"));
    }
    if f.plugin_ignored {
        notes.push("ignored for plugin agents".to_string());
    }
    if !f.targets.is_empty() {
        notes.push(format!("only for `target: {}`", f.targets.join("`, `")));
    }
    if f.unconfirmed {
        notes.push("support not confirmed by a primary source".to_string());
    }
    if !notes.is_empty() {
        let mut line = notes.join("; ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        md.push_str(&format!("*{line}.*\n\n"));
    }
    md.push_str(&source_link(&f.source, dialect));
    md.trim_end().to_string()
}

/// Markdown for one documented value of an enum field (`model_doc`: the model alias's doc).
pub(crate) fn value_markdown(f: &FieldSpec, v: &EnumValue, model_doc: Option<&str>) -> String {
    let mut md = format!("**`{}`** · value of `{}`\n\n", v.value, f.name);
    if let Some(d) = &v.deprecated {
        md.push_str(&format!("⚠ Deprecated: {d}\n\n"));
    }
    if !v.doc.is_empty() {
        md.push_str(&v.doc);
        md.push_str("\n\n");
    }
    if let Some(m) = model_doc
        && m != v.doc
    {
        md.push_str(m);
        md.push_str("\n\n");
    }
    if let Some(s) = &v.since {
        md.push_str(&format!("*Since {s}.*\n\n"));
    }
    md.trim_end().to_string()
}

/// Markdown for a tool, as reached through `written` (which may be an old name).
pub(crate) fn tool_markdown(schema: &DialectSchema, t: &ToolSpec, written: &str) -> String {
    let set = t.name.contains('/')
        || schema
            .tools
            .iter()
            .any(|o| o.name.starts_with(&format!("{}/", t.name)));
    let what = if t.name.ends_with("/*") {
        "MCP server tools"
    } else if set && !t.name.contains('/') {
        "tool set"
    } else {
        "tool"
    };
    let mut md = format!("**`{}`** · {what}", t.name);
    match t.status {
        ToolStatus::Current => {}
        ToolStatus::Deprecated => md.push_str(" · deprecated"),
        ToolStatus::Renamed => md.push_str(" · renamed"),
        ToolStatus::Removed => md.push_str(" · removed"),
    }
    md.push_str("\n\n");
    if let Some(m) = schema.resolve_tool(written) {
        match m.via {
            ToolMatchKind::Alias => {
                md.push_str(&format!(
                    "⚠ `{written}` is an old name of `{}`.\n\n",
                    t.name
                ));
            }
            ToolMatchKind::Compatible if !written.eq_ignore_ascii_case(&t.name) => {
                md.push_str(&format!("`{written}` is accepted as `{}`.\n\n", t.name));
            }
            _ => {}
        }
    }
    if let Some(r) = &t.replacement {
        let verb = match t.status {
            ToolStatus::Renamed => "Renamed to",
            _ => "Use instead:",
        };
        md.push_str(&format!("{verb} `{r}`.\n\n"));
    }
    md.push_str(&t.doc);
    md.push_str("\n\n");
    let spec = match t.specifier {
        Specifier::None => None,
        Specifier::Command => Some("a command pattern, e.g. `(npm run *)`"),
        Specifier::Path => Some("a path pattern, e.g. `(src/**)`"),
        Specifier::Domain => Some("a domain, e.g. `(domain:example.com)`"),
        Specifier::AgentTypes => Some("agent names, e.g. `(Explore, reviewer)`"),
        Specifier::Skill => Some("a skill-name prefix"),
        Specifier::Any => Some("a pattern"),
    };
    let mut notes = Vec::new();
    if let Some(s) = &t.since {
        notes.push(format!("Since {s}"));
    }
    if let Some(s) = spec {
        notes.push(format!("takes {s}"));
    }
    if !t.aliases.is_empty() {
        let a: Vec<String> = t.aliases.iter().map(|a| format!("`{a}`")).collect();
        notes.push(format!("old names: {}", a.join(", ")));
    }
    if t.unconfirmed {
        notes.push("not confirmed by a primary source".to_string());
    }
    if !notes.is_empty() {
        let mut line = notes.join("; ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        md.push_str(&format!("*{line}.*\n\n"));
    }
    md.push_str(&source_link(&t.source, schema.dialect));
    md.trim_end().to_string()
}

/// An MCP or extension tool (`mcp__github__create_issue`, `github/*`), or an extra tool from
/// the settings.
fn external_tool_markdown(schema: &DialectSchema, env: Env<'_>, name: &str) -> Option<String> {
    if env.settings.extra_tools.iter().any(|t| t == name) {
        return Some(format!(
            "**`{name}`** · extra tool\n\nDeclared in the agentls settings (`extra-tools`)."
        ));
    }
    if let Some(rest) = name.strip_prefix("mcp__") {
        let (server, tool) = rest.split_once("__").unwrap_or((rest, ""));
        let configured = env.workspace.mcp_servers.contains(server);
        let what = match tool {
            "" | "*" => "every tool of the MCP server".to_string(),
            t => format!("the tool `{t}` of the MCP server"),
        };
        let note = if configured {
            "The server is configured in this workspace."
        } else {
            "The server is not configured in this workspace (`.mcp.json`, `.claude/settings.json` or this agent's `mcpServers`)."
        };
        return Some(format!(
            "**`{name}`** · MCP tool\n\nGrants {what} `{server}`. {note}"
        ));
    }
    if schema.is_external_tool(name) {
        let sep = schema.external_tool_separator.as_deref().unwrap_or("/");
        let (ns, tool) = name.split_once(sep)?;
        let what = if tool == "*" {
            format!("every tool of `{ns}`")
        } else {
            format!("the tool `{tool}` of `{ns}`")
        };
        return Some(format!(
            "**`{name}`** · MCP or extension tool\n\nGrants {what} (an MCP server or a VS Code extension)."
        ));
    }
    None
}

pub(crate) fn custom_key_markdown(key: &str, c: &super::settings::CustomKey) -> String {
    let ty = format!("{:?}", c.ty()).to_lowercase();
    let mut md = format!("**`{key}`** · {ty} · custom key\n\n");
    if let Some(d) = c.doc() {
        md.push_str(d);
        md.push_str("\n\n");
    }
    if !c.values().is_empty() {
        let list: Vec<String> = c.values().iter().map(|v| format!("`{v}`")).collect();
        md.push_str(&format!("Values: {}\n\n", list.join(", ")));
    }
    md.push_str("*Declared in the agentls settings (`custom-keys`).*");
    md
}

pub(crate) fn workspace_key_markdown(key: &str, values: usize) -> String {
    format!(
        "**`{key}`** · custom key\n\nNot part of the schema; other files in this workspace use it ({values} distinct values). Declare it under `custom-keys` in `.agentls.toml` to have it checked."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cursor::tests::fixture;
    use crate::analysis::{NamedItem, Settings, WorkspaceNames};

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
    fn nothing_in_the_body() {
        assert!(hover_in(Dialect::ClaudeAgent, "---\nname: a\n---\nUse Re$0ad\n").is_none());
        assert!(hover_in(Dialect::ClaudeAgent, "---\nname: a\n--$0-\n").is_none());
    }
}
