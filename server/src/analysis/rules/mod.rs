//! Dialect-aware validation, driven by the schema data: unknown and deprecated keys, value types
//! and enums, tool lists (names, renamed and removed tools, `Tool(rule)` forms, MCP servers,
//! empty lists, conflicts, the written form), custom keys from the settings, and names that
//! differ from their file.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::settings::{CustomKey, CustomKeyType};
use super::tools::{self, ListForm, ToolEntry};
use super::{Diagnostic, Edit, Env, FileContext, Fix, Severity, codes};
use crate::schema::Dialect;
use crate::schema::spec::schema;
use crate::schema::spec::{
    self, DialectSchema, FieldKind, FieldSpec, Requirement, Specifier, ToolMatchKind, ToolStatus,
    ToolsForm, ToolsSplit, UnknownTools, did_you_mean, suggest_current_tool,
};
use crate::syntax::{Document, Entry, NodeKind, ScalarType, YamlNode};

mod keys;
mod names;
mod values;

use keys::{check_custom, missing_keys, requirement_severity, unknown_key};
use names::name_mismatch;
use values::{check_value, is_boolean, is_empty};

struct Cx<'a> {
    doc: &'a Document,
    file: &'a FileContext,
    env: Env<'a>,
    schema: &'static DialectSchema,
    out: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn src(&self, r: Range<usize>) -> String {
        self.doc.text().slice(r)
    }

    fn product(&self) -> &str {
        &self.schema.product
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// Run every schema rule over a frontmatter that loads as a YAML mapping.
pub(crate) fn check(doc: &Document, file: &FileContext, env: Env<'_>, out: &mut Vec<Diagnostic>) {
    let mut cx = Cx {
        doc,
        file,
        env,
        schema: schema(file.dialect),
        out,
    };
    let entries = &doc.yaml().entries;
    for entry in entries {
        check_entry(&mut cx, entry);
    }
    missing_keys(&mut cx, entries);
    tool_lists(&mut cx, entries);
    name_mismatch(&mut cx, entries);
}

fn check_entry(cx: &mut Cx<'_>, entry: &Entry) {
    if let Some(custom) = cx.env.settings.custom_keys.get(&entry.key) {
        check_custom(cx, entry, custom);
        return;
    }
    let Some(field) = cx.schema.field(&entry.key) else {
        unknown_key(cx, entry);
        return;
    };
    if let Some(new) = &field.renamed_to {
        let d = Diagnostic::new(
            codes::DEPRECATED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!("`{}` was renamed to `{new}`. Rename the key.", entry.key),
        )
        .with_fix(
            Fix::replace(
                format!("Rename to `{new}`"),
                entry.key_range.clone(),
                new.clone(),
            )
            .preferred()
            .safe(),
        );
        cx.push(Diagnostic {
            deprecated: true,
            ..d
        });
    } else if let Some(why) = &field.deprecated {
        let d = Diagnostic::new(
            codes::DEPRECATED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!(
                "`{}` is deprecated: {}",
                entry.key,
                why.trim_end_matches('.').to_string() + "."
            ),
        );
        cx.push(Diagnostic {
            deprecated: true,
            ..d
        });
    }
    if field.plugin_ignored && cx.file.plugin {
        let d = Diagnostic::new(
            codes::IGNORED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!(
                "{} ignores `{}` in plugin agents (for security). Move the setting to the plugin's configuration or remove it.",
                cx.product(),
                entry.key
            ),
        );
        cx.push(Diagnostic {
            unnecessary: true,
            ..d
        });
    } else if let Some(why) = &field.ignored {
        let d = Diagnostic::new(
            codes::IGNORED_KEY,
            Severity::Information,
            entry.key_range.clone(),
            format!(
                "{} reads `{}` but it has no effect here: {}",
                cx.product(),
                entry.key,
                why.trim_end_matches('.').to_string() + "."
            ),
        );
        cx.push(Diagnostic {
            unnecessary: true,
            ..d
        });
    }
    if matches!(entry.key.as_str(), "name" | "description") {
        return; // the frontmatter layer checks these
    }
    check_value(
        cx,
        field,
        &entry.key,
        entry.key_range.clone(),
        entry.value.as_ref(),
    );
}

// ---------------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------------

/// The MCP server an MCP tool name belongs to: `mcp__github__create_issue` → `github`.
fn mcp_server(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("mcp__")?;
    let server = rest.split("__").next().unwrap_or(rest);
    (!server.is_empty() && server != "*").then_some(server)
}

/// Names of the MCP servers the agent itself declares in `mcpServers`.
fn own_mcp_servers(entries: &[Entry]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in entries
        .iter()
        .filter(|e| e.key == "mcpServers" || e.key == "mcp-servers")
    {
        match e.value.as_ref().map(|v| &v.kind) {
            Some(NodeKind::Sequence { items, .. }) => {
                for item in items {
                    match &item.kind {
                        NodeKind::Scalar(s) => {
                            out.insert(s.value.clone());
                        }
                        NodeKind::Mapping { entries, .. } => {
                            out.extend(entries.iter().map(|e| e.key.clone()))
                        }
                        _ => {}
                    }
                }
            }
            Some(NodeKind::Mapping { entries, .. }) => {
                out.extend(entries.iter().map(|e| e.key.clone()))
            }
            _ => {}
        }
    }
    out
}

/// A resolved entry of a tool list.
struct Resolved {
    entry: ToolEntry,
    /// The canonical tool name, when the entry grants a known tool.
    tool: Option<String>,
    /// The entry names something outside the schema (MCP, extension, configured extra tool).
    external: bool,
}

fn tool_lists(cx: &mut Cx<'_>, entries: &[Entry]) {
    let own_servers = own_mcp_servers(entries);
    let mut resolved_by_key: HashMap<&str, Vec<Resolved>> = HashMap::new();
    let mut renames: Vec<(Range<usize>, String)> = Vec::new();
    let mut renamed_diags: Vec<usize> = Vec::new();
    for entry in entries {
        if !cx.schema.is_tools_field(&entry.key)
            || cx.env.settings.custom_keys.contains_key(&entry.key)
        {
            continue;
        }
        let Some(field) = cx.schema.field(&entry.key) else {
            continue;
        };
        if field.kind != FieldKind::ToolList {
            continue;
        }
        let Some(node) = entry.value.as_ref() else {
            continue;
        };
        let spaces = cx.schema.tools_split == ToolsSplit::CommasAndSpaces;
        let (form, list) = tools::entries(cx.doc, node, spaces);
        if form == ListForm::Other {
            continue;
        }
        list_form(cx, entry, node, form, &list);
        let mut resolved = Vec::new();
        let within = List {
            node,
            entries: &list,
            spaces,
        };
        for e in &list {
            if e.disabled {
                continue;
            }
            let r = check_tool(
                cx,
                e,
                &within,
                &own_servers,
                &mut renames,
                &mut renamed_diags,
            );
            resolved.push(r);
        }
        if form != ListForm::Map {
            duplicates(cx, &within);
        }
        if entry.key == "tools" && cx.file.dialect == Dialect::ClaudeAgent && form != ListForm::Map
        {
            no_tools(cx, entry, node, &resolved);
        }
        resolved_by_key.insert(entry.key.as_str(), resolved);
    }
    // "Rename all" for legacy tool names.
    if renames.len() > 1 {
        let edits: Vec<Edit> = renames
            .iter()
            .map(|(r, t)| Edit {
                range: r.clone(),
                new_text: t.clone(),
            })
            .collect();
        let all = Fix::new(
            format!(
                "Rename all {} legacy tool names in this file",
                renames.len()
            ),
            edits,
        )
        .safe();
        for i in renamed_diags {
            cx.out[i].fixes.push(all.clone());
        }
    }
    // A tool both allowed and disallowed.
    let allow = resolved_by_key.get("tools");
    let deny = resolved_by_key
        .get("disallowedTools")
        .or_else(|| resolved_by_key.get("disallowed-tools"));
    if let (Some(allow), Some(deny)) = (allow, deny) {
        for a in allow {
            let Some(name) = &a.tool else { continue };
            if a.entry.text.contains('(') {
                continue; // a rule narrows the tool; disallowing the tool wins, which may be intended
            }
            if let Some(d) = deny
                .iter()
                .find(|d| d.tool.as_ref() == Some(name) && !d.entry.text.contains('('))
            {
                cx.push(
                    Diagnostic::new(
                        codes::TOOL_CONFLICT,
                        Severity::Warning,
                        a.entry.range.clone(),
                        format!("`{name}` is both allowed and disallowed; the disallowed list wins, so the agent does not get it. Remove it from one of the lists."),
                    )
                    .with_related(d.entry.range.clone(), format!("`{name}` is disallowed here")),
                );
            }
        }
    }
}

fn list_form(cx: &mut Cx<'_>, entry: &Entry, node: &YamlNode, form: ListForm, list: &[ToolEntry]) {
    let preferred = cx.schema.tools_form;
    let texts: Vec<String> = list.iter().map(|e| e.text.clone()).collect();
    let value_range = value_replace_range(cx, entry, node);
    match (preferred, form) {
        _ if list.is_empty() => {}
        (ToolsForm::CommaString, ListForm::List { .. })
            if cx.file.dialect == Dialect::ClaudeAgent =>
        {
            let (severity, why) = if cx.file.plugin {
                (
                    Severity::Warning,
                    "YAML lists are reported to keep plugin agents from loading",
                )
            } else {
                (
                    Severity::Hint,
                    "Claude Code documents a comma-separated string",
                )
            };
            let fix = Fix::replace(
                format!("Write `{}` as a comma-separated string", entry.key),
                value_range,
                format!(" {}", texts.join(", ")),
            )
            .preferred();
            let fix = if texts.iter().all(|t| !t.contains('\'') && !t.contains('"')) {
                fix.safe()
            } else {
                fix
            };
            cx.push(
                Diagnostic::new(
                    codes::TOOLS_FORM,
                    severity,
                    entry.key_range.clone(),
                    format!(
                        "`{}` is a YAML list, but {why}: write `{}`.",
                        entry.key,
                        texts.join(", ")
                    ),
                )
                .with_fix(fix),
            );
        }
        (ToolsForm::List, ListForm::String) if !list.is_empty() => {
            let quoted: Vec<String> = texts
                .iter()
                .map(|t| format!("'{}'", t.replace('\'', "''")))
                .collect();
            cx.push(
                Diagnostic::new(
                    codes::TOOLS_FORM,
                    Severity::Hint,
                    entry.key_range.clone(),
                    format!(
                        "{} documents `{}` as a YAML list: write `[{}]`.",
                        cx.schema.product,
                        entry.key,
                        quoted.join(", ")
                    ),
                )
                .with_fix(
                    Fix::replace(
                        format!("Write `{}` as a YAML list", entry.key),
                        value_range,
                        format!(" [{}]", quoted.join(", ")),
                    )
                    .preferred(),
                ),
            );
        }
        _ => {}
    }
}

/// From just after `key:` to the end of the value (what a fix replaces to rewrite the value).
fn value_replace_range(cx: &Cx<'_>, entry: &Entry, node: &YamlNode) -> Range<usize> {
    let between = cx.src(entry.key_range.end..node.range.start);
    let colon = between
        .find(':')
        .map_or(entry.key_range.end, |i| entry.key_range.end + i + 1);
    colon..node.range.end
}

/// A tool list being checked: its node and its entries.
struct List<'a> {
    node: &'a YamlNode,
    entries: &'a [ToolEntry],
    spaces: bool,
}

impl List<'_> {
    /// Another entry written exactly `text`.
    fn has_other(&self, e: &ToolEntry, text: &str) -> bool {
        self.entries
            .iter()
            .any(|o| o.range != e.range && !o.disabled && o.text == text)
    }

    /// A fix that removes `e` and its separator.
    fn removal(&self, doc: &Document, e: &ToolEntry, title: String) -> Option<Fix> {
        let range = tools::removal_range(doc, self.node, &e.range, self.spaces)?;
        Some(Fix::replace(title, range, ""))
    }

    /// One fix per replacement of a legacy tool (each removes `e` instead when that tool is
    /// already listed; one such removal at most).
    fn replacing(
        &self,
        doc: &Document,
        e: &ToolEntry,
        name_range: Range<usize>,
        replacements: &[String],
    ) -> Vec<Fix> {
        let mut out: Vec<Fix> = Vec::new();
        for r in replacements {
            if let Some(fix) =
                self.replace_name(doc, e, name_range.clone(), r, format!("Replace with `{r}`"))
                && !out.iter().any(|f| f.edits == fix.edits)
            {
                out.push(fix);
            }
        }
        // A removal goes first: the tool it stands for is already there.
        out.sort_by_key(|f| !f.title.starts_with("Remove"));
        out
    }

    /// A fix that puts `new` in place of the name of `e` (at `name_range`), or, when that would
    /// list `new` twice, removes `e` instead. `None` when neither can be done exactly.
    fn replace_name(
        &self,
        doc: &Document,
        e: &ToolEntry,
        name_range: Range<usize>,
        new: &str,
        title: String,
    ) -> Option<Fix> {
        let (name, rule) = spec::split_specifier(&e.text);
        if rule.is_none() && self.has_other(e, new) {
            return self.removal(
                doc,
                e,
                format!("Remove `{name}` (`{new}` is already listed)"),
            );
        }
        Some(Fix::replace(title, name_range, new))
    }
}

/// What to say instead of a legacy tool `name`: its replacements, or that one is already listed.
fn use_instead(list: &List<'_>, e: &ToolEntry, name: &str, replacements: &[String]) -> String {
    let (_, rule) = spec::split_specifier(&e.text);
    if rule.is_none()
        && let Some(r) = replacements.iter().find(|r| list.has_other(e, r))
    {
        return format!(" `{r}` is already listed: remove `{name}`.");
    }
    let names: Vec<String> = replacements.iter().map(|r| format!("`{r}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!(" Use {} or {last}.", rest.join(", "))
        }
        _ => format!(" Use {}.", names.join("")),
    }
}

/// A tool written twice in one list: the later ones are reported, each with a fix removing it.
fn duplicates(cx: &mut Cx<'_>, list: &List<'_>) {
    for (i, e) in list.entries.iter().enumerate() {
        if e.disabled || e.range.is_empty() {
            continue;
        }
        let Some(first) = list.entries[..i]
            .iter()
            .find(|o| !o.disabled && o.text == e.text)
        else {
            continue;
        };
        if first.range == e.range {
            continue; // entries whose place is not known exactly
        }
        let mut d = Diagnostic::new(
            codes::DUPLICATE_TOOL,
            Severity::Warning,
            e.range.clone(),
            format!("`{}` is already listed. Remove this entry.", e.text),
        )
        .with_related(first.range.clone(), format!("`{}` is listed here", e.text));
        if let Some(fix) = list.removal(cx.doc, e, format!("Remove the second `{}`", e.text)) {
            d = d.with_fix(fix.preferred().safe());
        }
        d.unnecessary = true;
        cx.push(d);
    }
}

fn check_tool(
    cx: &mut Cx<'_>,
    e: &ToolEntry,
    list: &List<'_>,
    own_servers: &BTreeSet<String>,
    renames: &mut Vec<(Range<usize>, String)>,
    renamed_diags: &mut Vec<usize>,
) -> Resolved {
    let (name, rule) = spec::split_specifier(&e.text);
    let name_range = e.range.start..e.range.start + name.len().min(e.range.len());
    let unresolved = |external| Resolved {
        entry: e.clone(),
        tool: None,
        external,
    };
    if e.text.contains('(') && !e.text.ends_with(')') {
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Warning,
            e.range.clone(),
            format!(
                "`{}` has no closing `)`. Close the rule: `{})`.",
                e.text, e.text
            ),
        ));
        return unresolved(false);
    }
    if name == "*" || name.ends_with("/*") && cx.file.dialect.product() == "GitHub Copilot" {
        return Resolved {
            entry: e.clone(),
            tool: None,
            external: true,
        };
    }
    if cx.schema.unknown_tools == UnknownTools::Accepted {
        return Resolved {
            entry: e.clone(),
            tool: Some(name.to_string()),
            external: true,
        };
    }
    if cx.env.settings.extra_tools.iter().any(|t| t == name) {
        return Resolved {
            entry: e.clone(),
            tool: Some(name.to_string()),
            external: true,
        };
    }
    if cx.schema.is_external_tool(name) {
        if let Some(server) = mcp_server(name) {
            let configured = cx.env.workspace.mcp_servers.contains(server)
                || own_servers.contains(server)
                || server.starts_with("plugin_")
                || server.starts_with("claude_ai_");
            if !configured {
                cx.push(Diagnostic::new(
                    codes::UNKNOWN_MCP_SERVER,
                    Severity::Hint,
                    name_range,
                    format!(
                        "No MCP server `{server}` is configured in this workspace (`.mcp.json`, `.claude/settings.json`) or in this agent's `mcpServers`; the tool is granted only where that server is configured."
                    ),
                ));
            }
        }
        return unresolved(true);
    }
    let Some(found) = cx.schema.resolve_tool(name) else {
        unknown_tool(cx, e, list, name, name_range);
        return unresolved(false);
    };
    let tool = found.tool;
    let mut granted = Some(tool.name.clone());
    let replacement = tool.replacement.clone();
    match (found.via, tool.status) {
        (ToolMatchKind::Alias, _) | (_, ToolStatus::Renamed) => {
            let new = if found.via == ToolMatchKind::Alias {
                tool.name.clone()
            } else {
                replacement.clone().unwrap_or_default()
            };
            if !new.is_empty() {
                let mut d = Diagnostic::new(
                    codes::RENAMED_TOOL,
                    Severity::Information,
                    name_range.clone(),
                    String::new(),
                );
                let duplicate = rule.is_none() && list.has_other(e, &new);
                d.message = if duplicate {
                    format!(
                        "`{name}` was renamed to `{new}`, which is already listed. Remove `{name}`."
                    )
                } else {
                    format!(
                        "`{name}` was renamed to `{new}`; the old name still works. Use `{new}`."
                    )
                };
                if let Some(fix) = list.replace_name(
                    cx.doc,
                    e,
                    name_range.clone(),
                    &new,
                    format!("Rename to `{new}`"),
                ) {
                    d = d.with_fix(fix.preferred().safe());
                }
                if !duplicate {
                    renames.push((name_range.clone(), new));
                    renamed_diags.push(cx.out.len());
                }
                cx.push(Diagnostic {
                    deprecated: true,
                    ..d
                });
            }
        }
        (_, ToolStatus::Removed) => {
            granted = None;
            let mut msg = format!(
                "{} no longer has a `{name}` tool, so it is not granted.",
                cx.schema.product
            );
            let mut d = Diagnostic::new(
                codes::REMOVED_TOOL,
                Severity::Warning,
                name_range.clone(),
                String::new(),
            );
            if !tool.replacements.is_empty() {
                msg.push_str(&use_instead(list, e, name, &tool.replacements));
                d.fixes = list.replacing(cx.doc, e, name_range.clone(), &tool.replacements);
                if let Some(first) = d.fixes.first_mut() {
                    first.preferred = true;
                }
            } else {
                msg.push_str(" Remove it.");
            }
            d.message = msg;
            cx.push(Diagnostic {
                deprecated: true,
                ..d
            });
        }
        (_, ToolStatus::Deprecated) => {
            let mut msg = format!("`{name}` is deprecated.");
            // Where no primary source confirms the deprecation, say it quietly.
            let severity = if tool.unconfirmed {
                Severity::Hint
            } else {
                Severity::Information
            };
            let mut d = Diagnostic::new(
                codes::DEPRECATED_TOOL,
                severity,
                name_range.clone(),
                String::new(),
            );
            if !tool.replacements.is_empty() {
                msg.push_str(&use_instead(list, e, name, &tool.replacements));
                d.fixes = list.replacing(cx.doc, e, name_range.clone(), &tool.replacements);
            }
            d.message = msg;
            cx.push(Diagnostic {
                deprecated: true,
                ..d
            });
        }
        _ => {}
    }
    if let Some(rule) = rule {
        check_rule(cx, name, rule, tool.specifier, e);
    }
    Resolved {
        entry: e.clone(),
        tool: granted,
        external: false,
    }
}

fn unknown_tool(cx: &mut Cx<'_>, e: &ToolEntry, list: &List<'_>, name: &str, range: Range<usize>) {
    let suggestion = if cx.env.settings.extra_tools.is_empty() {
        suggest_current_tool(cx.schema, name)
    } else {
        let current = cx
            .schema
            .current_tool_names()
            .chain(cx.env.settings.extra_tools.iter().map(String::as_str));
        did_you_mean(name, current)
    };
    // Where unknown names are often extension or MCP tools, a suggestion that is already listed
    // is most likely another tool: no suggestion then.
    let suggestion = suggestion
        .filter(|m| cx.schema.unknown_tools != UnknownTools::Ignored || !list.has_other(e, m));
    let (severity, effect) = match cx.schema.unknown_tools {
        // Copilot ignores names it does not know, and extensions and MCP servers add tools
        // agentls cannot see: a hint, never louder.
        UnknownTools::Ignored => (
            Severity::Hint,
            format!(
                "`{name}` is not a built-in {} tool (an extension or MCP tool, perhaps); {} ignores names it does not resolve",
                cx.schema.product, cx.schema.product
            ),
        ),
        _ => (
            Severity::Warning,
            format!(
                "{} has no tool `{name}`, so it is not granted",
                cx.schema.product
            ),
        ),
    };
    let mut msg = effect;
    match suggestion {
        Some(m) if list.has_other(e, m) => msg.push_str(&format!(
            ". Did you mean `{m}`? It is already listed: remove this entry."
        )),
        Some(m) => msg.push_str(&format!(". Did you mean `{m}`?")),
        None => msg.push_str(
            ". If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`.",
        ),
    }
    let mut d = Diagnostic::new(codes::UNKNOWN_TOOL, severity, range.clone(), msg);
    if let Some(m) = suggestion
        && let Some(fix) = list.replace_name(cx.doc, e, range, m, format!("Change to `{m}`"))
    {
        d = d.with_fix(fix.preferred());
    }
    cx.push(d);
}

fn check_rule(cx: &mut Cx<'_>, name: &str, rule: &str, specifier: Specifier, e: &ToolEntry) {
    if rule.trim().is_empty() {
        // `X()` grants the whole tool, as `X` does: a style note.
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Information,
            e.range.clone(),
            format!("`{name}()` has an empty rule, which grants the whole tool: write `{name}`."),
        ));
        return;
    }
    let problem = {
        match specifier {
            Specifier::None => Some(format!(
                "`{name}` takes no `(...)` rule, so {} cannot apply `{}`. Write `{name}` alone.",
                cx.schema.product, e.text
            )),
            Specifier::Domain if !rule.trim_start().starts_with("domain:") => Some(format!(
                "`{name}` rules name a domain: write `{name}(domain:{})`.",
                rule.trim()
            )),
            Specifier::Command if rule.contains(":*") && !rule.trim_end().ends_with(":*") => {
                Some(format!(
                    "`:*` is recognised only at the end of a `{name}` rule; write `{name}({})` instead.",
                    rule.replace(":*", " *")
                ))
            }
            _ => None,
        }
    };
    if let Some(msg) = problem {
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Warning,
            e.range.clone(),
            msg,
        ));
    }
}

fn no_tools(cx: &mut Cx<'_>, entry: &Entry, node: &YamlNode, resolved: &[Resolved]) {
    let grants_something = resolved.iter().any(|r| r.tool.is_some() || r.external);
    if grants_something {
        return;
    }
    // A number or a boolean is not a list of tool names: Claude Code reads it as an empty list.
    let not_names = node
        .as_scalar()
        .is_some_and(|s| s.ty != ScalarType::String && s.ty != ScalarType::Null);
    let resolved = if not_names { &[][..] } else { resolved };
    // Claude Code 2.1.332 refuses to spawn a subagent whose tools list names tools and resolves
    // to none of them; an empty list spawns it with no tools at all (it can only answer).
    let (severity, message) = if resolved.is_empty() {
        (
            Severity::Warning,
            "Claude Code starts this agent with no tools at all (the list is empty), so it can only answer in text. List the tools it needs, or remove `tools` to inherit them all.".to_string(),
        )
    } else {
        (
            Severity::Error,
            "Claude Code refuses to start this agent: `tools` names tools but none of them exists, so the agent would have zero tools. List the tools it needs, or remove `tools` to inherit them all.".to_string(),
        )
    };
    let fm = cx
        .doc
        .scan()
        .frontmatter()
        .map(|f| f.content.clone())
        .unwrap_or(0..0);
    let line_start = cx
        .doc
        .text()
        .rope()
        .byte_to_line(entry.range.start.min(cx.doc.text().len()));
    let start = cx.doc.text().line_start(line_start).max(fm.start);
    let end = cx.doc.text().line_start(
        cx.doc
            .text()
            .rope()
            .byte_to_line(entry.range.end.min(cx.doc.text().len()))
            + 1,
    );
    cx.push(
        Diagnostic::new(codes::NO_TOOLS, severity, node.range.clone(), message).with_fix(
            Fix::replace(
                "Remove `tools` (inherit every tool)",
                start..end.min(fm.end),
                "",
            ),
        ),
    );
}

#[cfg(test)]
mod tests;
