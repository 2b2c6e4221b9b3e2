//! Tool lists: names (unknown, renamed, removed, duplicated), `Tool(rule)` forms, MCP servers,
//! lists that grant nothing, conflicts between allowed and disallowed, and the written form.

use super::tool_entries::{check_tool, no_tools};
use super::*;
use crate::schema::Role;

/// The MCP server an MCP tool name belongs to: `mcp__github__create_issue` → `github`.
pub(super) fn mcp_server(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("mcp__")?;
    let server = rest.split("__").next().unwrap_or(rest);
    (!server.is_empty() && server != "*").then_some(server)
}

/// Names of the MCP servers the agent itself declares (the key with the `mcp-servers` role).
pub(super) fn own_mcp_servers(schema: &DialectSchema, entries: &[Entry]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in entries
        .iter()
        .filter(|e| schema.role(&e.key) == Some(Role::McpServers))
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
pub(super) struct Resolved {
    pub(super) entry: ToolEntry,
    /// The canonical tool name, when the entry grants a known tool.
    pub(super) tool: Option<String>,
    /// The entry names something outside the schema (MCP, extension, configured extra tool).
    pub(super) external: bool,
}

// Long: one pass over the tool keys that also gathers what the checks across keys need (the
// renames behind "rename all", the resolved lists for allowed-and-disallowed conflicts).
pub(super) fn tool_lists(cx: &mut RuleContext<'_>, entries: &[Entry]) {
    let own_servers = own_mcp_servers(cx.schema, entries);
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
        if cx.schema.role(&entry.key) == Some(Role::Tools)
            && cx.file.dialect == Dialect::ClaudeAgent
            && form != ListForm::Map
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
    let by_role = |role: Role| {
        resolved_by_key
            .iter()
            .find(|(k, _)| cx.schema.role(k) == Some(role))
            .map(|(_, v)| v)
    };
    let allow = by_role(Role::Tools);
    let deny = by_role(Role::DisallowedTools);
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

// Long: each pair of written and preferred forms has its own message and rewrite.
pub(super) fn list_form(
    cx: &mut RuleContext<'_>,
    entry: &Entry,
    node: &YamlNode,
    form: ListForm,
    list: &[ToolEntry],
) {
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
            let message = if cx.rejects() {
                format!(
                    "{}: `{}` must be a YAML list, not a string. Write `[{}]`.",
                    super::super::verdict::consequence(cx.file),
                    entry.key,
                    quoted.join(", ")
                )
            } else {
                format!(
                    "{} documents `{}` as a YAML list: write `[{}]`.",
                    cx.schema.product,
                    entry.key,
                    quoted.join(", ")
                )
            };
            let fix = Fix::replace(
                format!("Write `{}` as a YAML list", entry.key),
                value_range,
                format!(" [{}]", quoted.join(", ")),
            )
            .preferred();
            // Where the string is refused, the list is the only way to load: a safe fix.
            let (severity, fix) = if cx.rejects() {
                (Severity::Error, fix.safe())
            } else {
                (Severity::Hint, fix)
            };
            cx.push(
                Diagnostic::new(
                    codes::TOOLS_FORM,
                    severity,
                    entry.key_range.clone(),
                    message,
                )
                .with_fix(fix),
            );
        }
        _ => {}
    }
}

/// From just after `key:` to the end of the value (what a fix replaces to rewrite the value).
pub(super) fn value_replace_range(
    cx: &RuleContext<'_>,
    entry: &Entry,
    node: &YamlNode,
) -> Range<usize> {
    let between = cx.src(entry.key_range.end..node.range.start);
    let colon = between
        .find(':')
        .map_or(entry.key_range.end, |i| entry.key_range.end + i + 1);
    colon..node.range.end
}

/// A tool list being checked: its node and its entries.
pub(super) struct List<'a> {
    pub(super) node: &'a YamlNode,
    pub(super) entries: &'a [ToolEntry],
    pub(super) spaces: bool,
}

impl List<'_> {
    /// Another entry written exactly `text`.
    pub(super) fn has_other(&self, e: &ToolEntry, text: &str) -> bool {
        self.entries
            .iter()
            .any(|o| o.range != e.range && !o.disabled && o.text == text)
    }

    /// A fix that removes `e` and its separator.
    pub(super) fn removal(&self, doc: &Document, e: &ToolEntry, title: String) -> Option<Fix> {
        let range = tools::removal_range(doc, self.node, &e.range, self.spaces)?;
        Some(Fix::replace(title, range, ""))
    }

    /// One fix per replacement of a legacy tool (each removes `e` instead when that tool is
    /// already listed; one such removal at most).
    pub(super) fn replacing(
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
    pub(super) fn replace_name(
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
pub(super) fn use_instead(
    list: &List<'_>,
    e: &ToolEntry,
    name: &str,
    replacements: &[String],
) -> String {
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
pub(super) fn duplicates(cx: &mut RuleContext<'_>, list: &List<'_>) {
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
