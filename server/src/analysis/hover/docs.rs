//! Documentation as Markdown, in one place for the frontmatter and the body: keys, enum values,
//! models, tools, custom keys, and agents and skills (of the workspace, built in, or found in
//! the index). Hover shows it; completion items carry the same text.

use crate::analysis::Env;
use crate::analysis::FileContext;
use crate::analysis::team_keys::TeamKey;
use crate::schema::Dialect;
use crate::schema::spec::{
    self, DialectSchema, EnumValue, FieldKind, FieldSpec, Specifier, ToolMatchKind, ToolSpec,
    ToolStatus,
};
use crate::text::Name;

/// The agents every installation of a dialect's product has, with what they do.
pub(crate) fn builtin_agents(
    dialect: Dialect,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::schema::spec::schema(dialect)
        .builtin_agents
        .iter()
        .map(|a| (a.name.as_str(), a.doc.as_str()))
}

pub(crate) fn agent_markdown(file: &FileContext, env: Env<'_>, name: &str) -> Option<String> {
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

pub(crate) fn skill_markdown(env: Env<'_>, name: &str) -> Option<String> {
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

pub(crate) fn source_link(source: &str, dialect: Dialect) -> String {
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
    // A rename is the deprecation (as the key rules report it): said once.
    if let Some(d) = f.deprecated.as_ref().filter(|_| f.renamed_to.is_none()) {
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
/// A model alias is described by its model entry, the one source for what a model is; the
/// value's own doc is shown only when there is none.
pub(crate) fn value_markdown(f: &FieldSpec, v: &EnumValue, model_doc: Option<&str>) -> String {
    let mut md = format!("**`{}`** · value of `{}`\n\n", v.value, f.name);
    if let Some(d) = &v.deprecated {
        md.push_str(&format!("⚠ Deprecated: {d}\n\n"));
    }
    let doc = model_doc.filter(|m| !m.is_empty()).unwrap_or(&v.doc);
    if !doc.is_empty() {
        md.push_str(doc);
        md.push_str("\n\n");
    }
    if let Some(s) = &v.since {
        md.push_str(&format!("*Since {s}.*\n\n"));
    }
    md.trim_end().to_string()
}

/// Whether some tool of `schema` is named `<name>/...` (`name` is a tool set). No allocation:
/// completion asks this for every tool.
pub(crate) fn has_members(schema: &DialectSchema, name: &str) -> bool {
    schema.tools.iter().any(|o| {
        o.name
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Markdown for a tool, as reached through `written` (which may be an old name).
pub(crate) fn tool_markdown(schema: &DialectSchema, t: &ToolSpec, written: &str) -> String {
    let set = t.name.contains('/') || has_members(schema, &t.name);
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
    if !t.replacements.is_empty() {
        let verb = match t.status {
            ToolStatus::Renamed => "Renamed to",
            _ => "Use instead:",
        };
        let names: Vec<String> = t.replacements.iter().map(|r| format!("`{r}`")).collect();
        md.push_str(&format!("{verb} {}.\n\n", names.join(", ")));
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
    // The old name the hover was reached through is already named above.
    let others: Vec<String> = t
        .aliases
        .iter()
        .filter(|a| a.as_str() != written)
        .map(|a| format!("`{a}`"))
        .collect();
    if !others.is_empty() {
        notes.push(format!("old names: {}", others.join(", ")));
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
pub(crate) fn external_tool_markdown(
    schema: &DialectSchema,
    env: Env<'_>,
    name: &str,
) -> Option<String> {
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

pub(crate) fn custom_key_markdown(
    key: &str,
    c: &crate::analysis::settings::CustomKey,
    used: Option<&TeamKey>,
) -> String {
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
    if let Some(t) = used {
        md.push_str(&format!("Your team uses it in {}.\n\n", used_in(t)));
    }
    md.push_str("*Your team's own key, declared in the agentls settings (`custom-keys`).*");
    md
}

/// A key learned from the workspace ([`crate::analysis::team_keys`]).
pub(crate) fn team_key_markdown(key: &str, t: &TeamKey, dialect: Dialect) -> String {
    let product = &crate::schema::spec::schema(dialect).product;
    format!(
        "**`{key}`** · your team's own key\n\nNot a {product} key ({product} ignores it): your team uses it in {}, so agentls takes it as a convention of the team, not a typo. Declare it under `custom-keys` in `.agentls.toml` to give it a type and values.",
        used_in(t)
    )
}

/// "3 files: `a.md`, `b.md`, `c.md`" (and "…" past the examples).
fn used_in(t: &TeamKey) -> String {
    let names: Vec<String> = t
        .examples
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| format!("`{}`", n.to_string_lossy()))
        .collect();
    let more = if t.files > names.len() { ", …" } else { "" };
    let files = if t.files == 1 { "file" } else { "files" };
    format!("{} {files}: {}{more}", t.files, names.join(", "))
}

pub(crate) fn workspace_key_markdown(key: &str, values: usize) -> String {
    format!(
        "**`{key}`** · custom key\n\nNot part of the schema; other files in this workspace use it ({values} distinct values). Declare it under `custom-keys` in `.agentls.toml` to have it checked."
    )
}

/// What the index knows of an agent, skill or command file, for a hover on a reference to it.
pub struct IndexedFile<'a> {
    pub name: &'a str,
    pub dialect: Dialect,
    /// The file name.
    pub file: &'a str,
    pub plugin: Option<&'a str>,
    pub description: Option<&'a str>,
    pub model: Option<&'a str>,
    pub tools: &'a [Name],
}

/// Markdown for a reference to a file of the workspace: its name, kind and file, plugin,
/// description, model and tools.
pub fn indexed_file_markdown(f: &IndexedFile<'_>) -> String {
    let mut s = format!(
        "**{}** — {} {} (`{}`)",
        f.name,
        f.dialect.product(),
        f.dialect.noun(),
        f.file
    );
    if let Some(p) = f.plugin {
        s.push_str(&format!(", plugin `{p}`"));
    }
    if let Some(d) = f.description {
        s.push_str("\n\n");
        s.push_str(d);
    }
    if let Some(m) = f.model {
        s.push_str(&format!("\n\n**Model:** `{m}`"));
    }
    if !f.tools.is_empty() {
        let tools: Vec<String> = f.tools.iter().map(|t| format!("`{t}`")).collect();
        s.push_str(&format!("\n\n**Tools:** {}", tools.join(", ")));
    }
    s
}

/// Markdown for a reference to an agent built into `product`.
pub fn builtin_reference_markdown(name: &str, product: &str, description: &str) -> String {
    format!("**{name}** — built into {product}\n\n{description}")
}
