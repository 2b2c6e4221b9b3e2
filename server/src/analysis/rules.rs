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

/// Whether a scalar reads as a boolean for this dialect.
fn is_boolean(schema: &DialectSchema, node: &YamlNode) -> bool {
    match node.as_scalar() {
        Some(s) if s.ty == ScalarType::Boolean => true,
        Some(s) if schema.quoted_scalars && matches!(s.value.as_str(), "true" | "false") => true,
        Some(s) if schema.lenient_booleans => {
            matches!(
                s.value.to_ascii_lowercase().as_str(),
                "yes" | "no" | "on" | "off" | "1" | "0" | "true" | "false"
            )
        }
        _ => false,
    }
}

fn is_empty(node: Option<&YamlNode>) -> bool {
    match node.map(|n| &n.kind) {
        None => true,
        Some(NodeKind::Scalar(s)) => s.ty == ScalarType::Null,
        _ => false,
    }
}

fn check_value(
    cx: &mut Cx<'_>,
    field: &FieldSpec,
    key: &str,
    key_range: Range<usize>,
    value: Option<&YamlNode>,
) {
    if is_empty(value) {
        if key == "tools" && cx.file.dialect == Dialect::ClaudeAgent && !cx.file.plugin {
            // Claude Code reads an empty `tools:` as an empty list: the agent gets no tools.
            cx.push(Diagnostic::new(
                codes::NO_TOOLS,
                Severity::Warning,
                key_range,
                "Claude Code starts this agent with no tools at all (`tools:` is empty), so it can only answer in text. List the tools it needs, or remove `tools` to inherit them all.",
            ));
            return;
        }
        if !matches!(
            field.kind,
            FieldKind::Any | FieldKind::Map | FieldKind::Hooks | FieldKind::List
        ) {
            cx.push(Diagnostic::new(
                codes::EMPTY_VALUE,
                Severity::Warning,
                key_range,
                format!(
                    "`{key}` has no value, so {} uses its default. Set a value or remove the key.",
                    cx.schema.product
                ),
            ));
        }
        return;
    }
    let Some(node) = value else { return };
    if matches!(node.kind, NodeKind::Alias(_) | NodeKind::Error) {
        return;
    }
    let want = match field.kind {
        FieldKind::String => (!matches!(node.kind, NodeKind::Scalar(_))).then_some("text"),
        FieldKind::Boolean => (!is_boolean(cx.schema, node)).then_some("`true` or `false`"),
        FieldKind::Integer => (node.as_scalar().map(|s| s.ty) != Some(ScalarType::Integer)
            && !(cx.schema.quoted_scalars
                && node.as_scalar().is_some_and(|s| {
                    s.value
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit())
                })))
        .then_some("a whole number"),
        FieldKind::Number => (!matches!(
            node.as_scalar().map(|s| s.ty),
            Some(ScalarType::Integer | ScalarType::Float)
        ))
        .then_some("a number"),
        FieldKind::Enum => {
            (!matches!(node.kind, NodeKind::Scalar(_))).then_some("one of the allowed values")
        }
        FieldKind::StringOrList | FieldKind::ToolList => {
            matches!(node.kind, NodeKind::Mapping { .. }).then_some("a string or a list")
        }
        FieldKind::List => match &node.kind {
            NodeKind::Mapping { .. } => Some("a list"),
            NodeKind::Scalar(s) if s.ty != ScalarType::String => Some("a list"),
            _ => None,
        },
        FieldKind::Map | FieldKind::Hooks => (!matches!(node.kind, NodeKind::Mapping { .. }))
            .then_some("a mapping of keys to values"),
        FieldKind::EnumOrMap => {
            matches!(node.kind, NodeKind::Sequence { .. }).then_some("a value or a mapping")
        }
        FieldKind::Any => None,
    };
    if let Some(want) = want {
        let fix = match (field.kind, node.as_scalar()) {
            // `maxTurns: "5"` → `5`; `background: "true"` → `true`.
            (FieldKind::Integer, Some(s)) if s.value.trim().parse::<i64>().is_ok() => Some(
                Fix::replace(
                    "Write it as a number",
                    node.range.clone(),
                    s.value.trim().to_string(),
                )
                .preferred()
                .safe(),
            ),
            (FieldKind::Boolean, Some(s)) if matches!(s.value.trim(), "true" | "false") => Some(
                Fix::replace(
                    "Write it as a boolean",
                    node.range.clone(),
                    s.value.trim().to_string(),
                )
                .preferred()
                .safe(),
            ),
            _ => None,
        };
        let mut d = Diagnostic::new(
            codes::INVALID_TYPE,
            Severity::Warning,
            node.range.clone(),
            format!(
                "`{key}` must be {want}, but it is {}. {}",
                node.describe(),
                type_advice(field.kind)
            ),
        );
        if let Some(fix) = fix {
            d = d.with_fix(fix);
        }
        cx.push(d);
        return;
    }
    match field.kind {
        FieldKind::Enum | FieldKind::EnumOrMap => {
            if let Some(s) = node.as_scalar() {
                check_enum(cx, field, key, node, &s.value);
            }
        }
        FieldKind::StringOrList
            if !field.values.is_empty() || field.format.is_some() || !field.prefixes.is_empty() =>
        {
            match &node.kind {
                NodeKind::Scalar(s) => check_enum(cx, field, key, node, &s.value),
                NodeKind::Sequence { items, .. } => {
                    for item in items {
                        if let Some(s) = item.as_scalar() {
                            check_enum(cx, field, key, item, &s.value);
                        }
                    }
                }
                _ => {}
            }
        }
        FieldKind::Hooks => {
            if let NodeKind::Mapping { entries, .. } = &node.kind {
                for e in entries {
                    if field.value(&e.key).is_none() && !field.values.is_empty() {
                        let mut d = Diagnostic::new(
                            codes::INVALID_VALUE,
                            Severity::Warning,
                            e.key_range.clone(),
                            format!(
                                "`{}` is not a hook event, so {} never runs these hooks.",
                                e.key, cx.schema.product
                            ),
                        );
                        if let Some(m) =
                            did_you_mean(&e.key, field.values.iter().map(|v| v.value.as_str()))
                        {
                            d.message.push_str(&format!(" Did you mean `{m}`?"));
                            d = d.with_fix(
                                Fix::replace(format!("Change to `{m}`"), e.key_range.clone(), m)
                                    .preferred(),
                            );
                        }
                        cx.push(d);
                    }
                }
            }
        }
        FieldKind::List if !field.items.is_empty() => check_items(cx, field, node),
        _ => {}
    }
}

fn type_advice(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Boolean => "Write `true` or `false` without quotes.",
        FieldKind::Integer | FieldKind::Number => "Write the number without quotes.",
        FieldKind::List => "Write a YAML list.",
        FieldKind::Map | FieldKind::Hooks => "Write `key: value` lines indented under it.",
        _ => "Write a single value.",
    }
}

fn check_enum(cx: &mut Cx<'_>, field: &FieldSpec, key: &str, node: &YamlNode, value: &str) {
    if field.values.is_empty() && field.format.is_none() && field.prefixes.is_empty() {
        return;
    }
    if let Some(v) = field.value(value) {
        if let Some(why) = &v.deprecated {
            let d = Diagnostic::new(
                codes::INVALID_VALUE,
                Severity::Information,
                node.range.clone(),
                format!(
                    "`{value}` is deprecated for `{key}`: {}",
                    why.trim_end_matches('.').to_string() + "."
                ),
            );
            cx.push(Diagnostic {
                deprecated: true,
                ..d
            });
        }
        return;
    }
    if field.accepts(value) {
        return;
    }
    let allowed: Vec<&str> = field
        .values
        .iter()
        .filter(|v| v.deprecated.is_none())
        .map(|v| v.value.as_str())
        .collect();
    let mut msg = format!("`{value}` is not a valid `{key}`");
    if let Some(what) = &field.on_invalid {
        msg.push_str(&format!(": {}", what.trim_end_matches('.')));
    }
    let listed = allowed
        .iter()
        .take(12)
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let suggestion = did_you_mean(value, allowed.iter().copied());
    match suggestion {
        Some(m) => msg.push_str(&format!(". Did you mean `{m}`?")),
        None if !listed.is_empty() => msg.push_str(&format!("; use one of {listed}")),
        None => {}
    }
    if field.open && !allowed.is_empty() {
        let extra = match field.format {
            Some(spec::ValueFormat::HexColor) => " or a `#RRGGBB` colour",
            Some(spec::ValueFormat::ProviderModel) => " or `provider/model-id`",
            None if !field.prefixes.is_empty() => " or a full model ID",
            None => "",
        };
        if suggestion.is_none() {
            msg.push_str(extra);
        }
    }
    if !msg.ends_with('?') {
        msg.push('.');
    }
    let mut d = Diagnostic::new(
        codes::INVALID_VALUE,
        Severity::Warning,
        node.range.clone(),
        msg,
    );
    if let Some(m) = suggestion {
        d = d.with_fix(Fix::replace(format!("Change to `{m}`"), node.range.clone(), m).preferred());
    }
    cx.push(d);
}

/// List items that are mappings with documented keys (Copilot `handoffs`).
fn check_items(cx: &mut Cx<'_>, field: &FieldSpec, node: &YamlNode) {
    let NodeKind::Sequence { items, .. } = &node.kind else {
        return;
    };
    for item in items {
        let NodeKind::Mapping { entries, .. } = &item.kind else {
            continue;
        };
        for e in entries {
            match field.item(&e.key) {
                Some(spec) => check_value(cx, spec, &e.key, e.key_range.clone(), e.value.as_ref()),
                None => {
                    let mut d = Diagnostic::new(
                        codes::UNKNOWN_KEY,
                        Severity::Hint,
                        e.key_range.clone(),
                        format!(
                            "`{}` is not a key of `{}` entries; it is ignored.",
                            e.key, field.name
                        ),
                    );
                    if let Some(m) =
                        did_you_mean(&e.key, field.items.iter().map(|f| f.name.as_str()))
                    {
                        d.message.push_str(&format!(" Did you mean `{m}`?"));
                        d = d.with_fix(
                            Fix::replace(format!("Rename to `{m}`"), e.key_range.clone(), m)
                                .preferred(),
                        );
                    }
                    cx.push(d);
                }
            }
        }
        for spec in &field.items {
            let Some(sev) = requirement_severity(spec.required) else {
                continue;
            };
            if !entries.iter().any(|e| e.key == spec.name) {
                cx.push(Diagnostic::new(
                    codes::MISSING_KEY,
                    sev,
                    item.range.start..item.range.start,
                    format!(
                        "This `{}` entry has no `{}`. Add it.",
                        field.name, spec.name
                    ),
                ));
            }
        }
    }
}

fn requirement_severity(r: Requirement) -> Option<Severity> {
    match r {
        Requirement::No => None,
        Requirement::Error => Some(Severity::Error),
        Requirement::Warning => Some(Severity::Warning),
        Requirement::Hint => Some(Severity::Hint),
    }
}

/// Required keys other than `name` and `description` (the frontmatter layer reports those).
fn missing_keys(cx: &mut Cx<'_>, entries: &[Entry]) {
    let Some(fm) = cx.doc.scan().frontmatter() else {
        return;
    };
    for field in &cx.schema.fields {
        if matches!(field.name.as_str(), "name" | "description") {
            continue;
        }
        let Some(sev) = requirement_severity(field.required) else {
            continue;
        };
        if !entries.iter().any(|e| e.key == field.name) {
            cx.out.push(Diagnostic::new(
                codes::MISSING_KEY,
                sev,
                fm.open.clone(),
                format!(
                    "`{}` is missing; {} needs it. Add `{}:`.",
                    field.name, cx.schema.product, field.name
                ),
            ));
        }
    }
    // Skills and chat modes recommend a description; say so gently.
    if matches!(
        cx.file.dialect,
        Dialect::ClaudeSkill | Dialect::CopilotChatMode
    ) && !entries.iter().any(|e| e.key == "description")
        && let Some(f) = cx.schema.field("description")
        && let Some(sev) = requirement_severity(f.required)
    {
        cx.out.push(Diagnostic::new(
            codes::MISSING_KEY,
            sev,
            fm.open.clone(),
            format!(
                "Add a `description`: {} uses it to decide when this {} applies.",
                cx.schema.product,
                cx.file.dialect.noun()
            ),
        ));
    }
}

fn unknown_key(cx: &mut Cx<'_>, entry: &Entry) {
    let key = &entry.key;
    let own: Vec<&str> = cx.schema.fields.iter().map(|f| f.name.as_str()).collect();
    // A key that belongs to another dialect gets a targeted explanation.
    let elsewhere = Dialect::ALL
        .into_iter()
        .filter(|d| *d != cx.file.dialect)
        .find(|d| schema(*d).field(key).is_some());
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    // For a key of another dialect, only suggest a key that is the same word (`mcp_servers` →
    // `mcpServers`) or a part of it (`allowed-tools` → `tools`), not merely a similar one
    // (OpenCode's `mode` is not a misspelt `model`).
    let suggestion = did_you_mean(key, own.iter().copied()).filter(|m| {
        *m != key.as_str()
            && (elsewhere.is_none()
                || norm(m) == norm(key)
                || key.split(['-', '_']).any(|p| p.eq_ignore_ascii_case(m)))
    });
    let mut msg = match elsewhere {
        Some(d) => format!(
            "`{key}` is {} key, not {} key, so it is ignored here.",
            a_key_of(&schema(d).product, d.noun()),
            a_key_of(&cx.schema.product, cx.file.dialect.noun()),
        ),
        None => format!(
            "`{key}` is not {} key, so it is ignored.",
            a_key_of(&cx.schema.product, cx.file.dialect.noun())
        ),
    };
    match suggestion {
        Some(m) => msg.push_str(&format!(" Did you mean `{m}`?")),
        None => msg.push_str(
            " If it is your team's own key, declare it under `custom-keys` in `.agentls.toml`.",
        ),
    }
    let mut d = Diagnostic::new(
        codes::UNKNOWN_KEY,
        Severity::Hint,
        entry.key_range.clone(),
        msg,
    );
    if let Some(m) = suggestion {
        d = d.with_fix(
            Fix::replace(format!("Rename to `{m}`"), entry.key_range.clone(), m).preferred(),
        );
    }
    cx.push(d);
}

/// "a Claude Code agent", "an OpenCode agent".
fn a_key_of(product: &str, noun: &str) -> String {
    let article = if product.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {product} {noun}")
}

fn check_custom(cx: &mut Cx<'_>, entry: &Entry, custom: &CustomKey) {
    let Some(node) = entry.value.as_ref().filter(|v| !is_empty(Some(v))) else {
        return;
    };
    let ok = match (custom.ty(), &node.kind) {
        (CustomKeyType::Any, _) => true,
        (CustomKeyType::String, NodeKind::Scalar(_)) => true,
        (CustomKeyType::Boolean, _) => is_boolean(cx.schema, node),
        (CustomKeyType::Integer, NodeKind::Scalar(s)) => s.ty == ScalarType::Integer,
        (CustomKeyType::Number, NodeKind::Scalar(s)) => {
            matches!(s.ty, ScalarType::Integer | ScalarType::Float)
        }
        (CustomKeyType::List, NodeKind::Sequence { .. } | NodeKind::Scalar(_)) => true,
        (CustomKeyType::Map, NodeKind::Mapping { .. }) => true,
        _ => false,
    };
    if !ok {
        let want = match custom.ty() {
            CustomKeyType::String => "text",
            CustomKeyType::Boolean => "`true` or `false`",
            CustomKeyType::Integer => "a whole number",
            CustomKeyType::Number => "a number",
            CustomKeyType::List => "a list",
            CustomKeyType::Map => "a mapping",
            CustomKeyType::Any => "anything",
        };
        cx.push(Diagnostic::new(
            codes::INVALID_TYPE,
            Severity::Warning,
            node.range.clone(),
            format!(
                "`{}` must be {want} (see `custom-keys` in `.agentls.toml`), but it is {}.",
                entry.key,
                node.describe()
            ),
        ));
        return;
    }
    let values = custom.values();
    if values.is_empty() {
        return;
    }
    let scalars: Vec<&YamlNode> = match &node.kind {
        NodeKind::Sequence { items, .. } => items.iter().collect(),
        _ => vec![node],
    };
    for item in scalars {
        let Some(s) = item.as_scalar() else { continue };
        if values.contains(&s.value) {
            continue;
        }
        let mut d = Diagnostic::new(
            codes::INVALID_VALUE,
            Severity::Warning,
            item.range.clone(),
            format!(
                "`{}` is not an allowed `{}` (see `custom-keys` in `.agentls.toml`): use one of {}.",
                s.value,
                entry.key,
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        if let Some(m) = did_you_mean(&s.value, values.iter().map(String::as_str)) {
            d = d.with_fix(
                Fix::replace(format!("Change to `{m}`"), item.range.clone(), m).preferred(),
            );
        }
        cx.push(d);
    }
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

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

fn name_mismatch(cx: &mut Cx<'_>, entries: &[Entry]) {
    let Some(entry) = entries.iter().find(|e| e.key == "name") else {
        return;
    };
    let Some(node) = entry.value.as_ref() else {
        return;
    };
    let Some(s) = node.as_scalar().filter(|s| s.ty == ScalarType::String) else {
        return;
    };
    let name = s.value.as_str();
    match cx.file.dialect {
        Dialect::ClaudeAgent => {
            let Some(stem) = cx.file.file_stem.as_deref() else {
                return;
            };
            // A name that breaks the naming rule is reported as `invalid-name` already.
            let valid = spec::NameRule::Claude.problem(name, None).is_none();
            if stem != name && valid {
                cx.push(Diagnostic::new(
                    codes::NAME_MISMATCH,
                    Severity::Hint,
                    node.range.clone(),
                    format!("Claude Code knows this agent as `{name}`, but the file is `{stem}.md`; matching names make agents easier to find."),
                ));
            }
        }
        Dialect::ClaudeSkill => {
            let Some(folder) = cx.file.folder.as_deref() else {
                return;
            };
            if folder != name && spec::NameRule::Skill.problem(name, None).is_none() {
                // A project skill is named by its folder; a plugin skill by its `name`.
                let (severity, msg) = if cx.file.plugin {
                    (
                        Severity::Hint,
                        format!(
                            "This plugin skill is called `{name}` but lives in folder `{folder}`; the Agent Skills spec asks for the same name."
                        ),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "A skill's `name` must equal its folder name: `{name}` is in folder `{folder}`. Rename one of them."
                        ),
                    )
                };
                cx.push(
                    Diagnostic::new(codes::NAME_MISMATCH, severity, node.range.clone(), msg)
                        .with_fix(
                            Fix::replace(
                                format!("Change to `{folder}`"),
                                node.range.clone(),
                                folder.to_string(),
                            )
                            .preferred(),
                        ),
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Env, FileContext, Settings, WorkspaceNames, diagnostics};
    use crate::schema::classify;
    use crate::syntax::Document;

    /// (path, text, expected `code@text-at-range` in order); the path decides the dialect.
    const CASES: &[(&str, &str, &[&str])] = &[
        // Claude Code agents.
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Read, Grpe\n---\n",
            &["unknown-tool@Grpe"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: read\n---\n",
            &["unknown-tool@read", "no-tools@read"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: []\n---\n",
            &["no-tools@[]"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Task, MultiEdit\n---\n",
            &["renamed-tool@Task", "removed-tool@MultiEdit"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Bash(git:*), Agent(x, y), WebFetch(domain:a.com)\n---\n",
            &[],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: WebSearch(x), WebFetch(a.com)\n---\n",
            &[
                "invalid-tool-rule@WebSearch(x)",
                "invalid-tool-rule@WebFetch(a.com)",
            ],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Read, mcp__github__create_issue\n---\n",
            &["unknown-mcp-server@mcp__github__create_issue"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Read, Bash\ndisallowedTools: Bash\n---\n",
            &["tool-conflict@Bash"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools:\n  - Read\n---\n",
            &["tools-form@tools"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\nmodel: sonet\ncolor: bright_yellow\n---\n",
            &["invalid-value@sonet", "invalid-value@bright_yellow"],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\nmodel: claude-opus-4-5\npermissionMode: plan\neffort: high\nmemory: user\nisolation: worktree\nbackground: true\nmaxTurns: 5\n---\n",
            &[],
        ),
        (
            "/p/.claude/agents/a.md",
            // Claude Code reads `"5"` as 5 (parseInt), and `yes please` as no boolean.
            "---\nname: a\ndescription: d\nmaxTurns: \"5\"\nmaxTurns: many\nbackground: yes please\n---\n",
            &[
                "duplicate-key@maxTurns",
                "invalid-type@many",
                "invalid-type@yes please",
            ],
        ),
        (
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\nmcp_servers: []\nallowed-tools: Read\nmodel:\n---\n",
            &[
                "unknown-key@mcp_servers",
                "unknown-key@allowed-tools",
                "empty-value@model",
            ],
        ),
        (
            "/p/.claude/agents/b.md",
            "---\nname: a\ndescription: d\n---\n",
            &["name-mismatch@a"],
        ),
        // Claude Code skills and commands.
        (
            "/p/.claude/skills/pdf/SKILL.md",
            "---\nname: pdf\ndescription: d\nallowed-tools: Read Grep Bash(git *)\ncontext: fork\nagent: Explore\n---\n",
            &[],
        ),
        (
            "/p/.claude/skills/pdf/SKILL.md",
            "---\nname: pdfs\ndescription: d\n---\n",
            &["name-mismatch@pdfs"],
        ),
        (
            "/p/.claude/skills/pdf/SKILL.md",
            "---\nname: pdf\n---\n",
            &["missing-key@---"],
        ),
        (
            "/p/.claude/commands/c.md",
            "---\ndescription: d\nallowed-tools: Bash(git add:*), Bash(git status:*)\nargument-hint: '[n]'\n---\n",
            &[],
        ),
        // GitHub Copilot.
        (
            "/p/.github/agents/x.agent.md",
            "---\ndescription: d\ntools: ['edit/editFiles', 'github/*', 'search', 'Bash']\ntarget: vscode\n---\n",
            &[],
        ),
        (
            "/p/.github/agents/x.agent.md",
            "---\ndescription: d\ntools: ['editFilez']\ntarget: vs-code\ninfer: false\nmcpServers: {}\n---\n",
            &[
                "unknown-tool@editFilez",
                "invalid-value@vs-code",
                "deprecated-key@infer",
                "unknown-key@mcpServers",
            ],
        ),
        (
            "/p/.github/agents/x.agent.md",
            "---\ndescription: d\nhandoffs:\n  - label: Go\n    agent: plan\n  - labl: x\n---\n",
            &["missing-key@", "unknown-key@labl", "missing-key@"],
        ),
        (
            "/p/.github/agents/x.agent.md",
            "---\ndescription: d\ntools: edit, search\n---\n",
            &["tools-form@tools"],
        ),
        // OpenCode.
        (
            "/p/.opencode/agent/r.md",
            "---\ndescription: d\nmode: subagent\ntemperature: 0.2\ncolor: '#FF0000'\npermission:\n  edit: deny\n---\n",
            &[],
        ),
        (
            "/p/.opencode/agent/r.md",
            "---\ndescription: d\nmode: sub\nmaxSteps: 3\npermissions: {}\n---\n",
            &[
                "invalid-value@sub",
                "deprecated-key@maxSteps",
                "unknown-key@permissions",
            ],
        ),
    ];

    fn run(path: &str, text: &str, settings: &Settings) -> Vec<String> {
        let dialect = classify(Path::new(path), &|_| false).expect(path);
        let file = FileContext::from_path(Path::new(path), dialect);
        let doc = Document::new(text);
        let workspace = WorkspaceNames::default();
        diagnostics(
            &doc,
            &file,
            Env {
                settings,
                workspace: &workspace,
            },
        )
        .iter()
        .map(|d| format!("{}@{}", d.code, &text[d.range.clone()]))
        .collect()
    }

    #[test]
    fn table() {
        let settings = Settings::default();
        let mut failures = Vec::new();
        for (path, text, expected) in CASES {
            let got = run(path, text, &settings);
            let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let mut got_sorted = got.clone();
            want.sort();
            got_sorted.sort();
            if got_sorted != want {
                failures.push(format!(
                    "{path}\n{text}\n  expected {want:?}\n  got      {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn settings_change_the_verdicts() {
        let text = "---\nname: a\ndescription: d\ncomplexity: hgh\nversion: 2\ntools: Read, InternalSearch\n---\n";
        let path = "/p/.claude/agents/a.md";
        assert_eq!(
            run(path, text, &Settings::default()),
            [
                "unknown-key@complexity",
                "unknown-key@version",
                "unknown-tool@InternalSearch"
            ]
        );
        let settings = Settings::from_toml(
            "extra-tools = [\"InternalSearch\"]\n[custom-keys]\ncomplexity = { type = \"string\", values = [\"low\", \"high\"] }\nversion = \"string\"\n[severity]\nunknown-key = \"off\"\n",
        )
        .unwrap();
        assert_eq!(run(path, text, &settings), ["invalid-value@hgh"]);
    }

    #[test]
    fn legacy_tools_can_be_renamed_all_at_once() {
        let text = "---\nname: a\ndescription: d\ntools: Task, KillShell, Read\n---\n";
        let dialect = classify(Path::new("/p/.claude/agents/a.md"), &|_| false).unwrap();
        let file = FileContext::from_path(Path::new("/p/.claude/agents/a.md"), dialect);
        let doc = Document::new(text);
        let diags = diagnostics(&doc, &file, Env::empty());
        let renamed: Vec<_> = diags.iter().filter(|d| d.code == "renamed-tool").collect();
        assert_eq!(renamed.len(), 2, "{diags:#?}");
        let all = renamed[0]
            .fixes
            .iter()
            .find(|f| f.title.starts_with("Rename all"))
            .expect("rename-all fix");
        let mut fixed = text.to_string();
        let mut edits = all.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            fixed.replace_range(e.range, &e.new_text);
        }
        assert_eq!(
            fixed,
            "---\nname: a\ndescription: d\ntools: Agent, TaskStop, Read\n---\n"
        );
    }

    use crate::analysis::{Diagnostic, Fix, Severity};

    fn agent_diags(text: &str) -> Vec<Diagnostic> {
        let path = Path::new("/p/.claude/agents/a.md");
        let dialect = classify(path, &|_| false).unwrap();
        let file = FileContext::from_path(path, dialect);
        diagnostics(&Document::new(text), &file, Env::empty())
    }

    fn applied(text: &str, fix: &Fix) -> String {
        let mut out = text.to_string();
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            out.replace_range(e.range, &e.new_text);
        }
        out
    }

    fn only_fix(diags: &[Diagnostic], code: &str) -> Fix {
        let d = diags
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code}: {diags:#?}"));
        assert_eq!(d.fixes.len(), 1, "{d:#?}");
        d.fixes[0].clone()
    }

    #[test]
    fn replacing_a_legacy_tool_already_listed_removes_it() {
        let text = "---\nname: a\ndescription: d\ntools: Edit, MultiEdit, Read\n---\n";
        let diags = agent_diags(text);
        let fix = only_fix(&diags, "removed-tool");
        assert_eq!(fix.title, "Remove `MultiEdit` (`Edit` is already listed)");
        assert!(
            diags[0]
                .message
                .ends_with("`Edit` is already listed: remove `MultiEdit`.")
        );
        assert_eq!(
            applied(text, &fix),
            "---\nname: a\ndescription: d\ntools: Edit, Read\n---\n"
        );
        // Last in the list: the separator before it goes.
        let text = "---\nname: a\ndescription: d\ntools: [Edit, 'MultiEdit']\n---\n";
        let fix = only_fix(&agent_diags(text), "removed-tool");
        assert_eq!(
            applied(text, &fix),
            "---\nname: a\ndescription: d\ntools: [Edit]\n---\n"
        );
        // A block list: the whole line.
        let text = "---\nname: a\ndescription: d\ntools:\n  - Agent\n  - Task\n---\n";
        let fix = only_fix(&agent_diags(text), "renamed-tool");
        assert!(fix.safe && fix.preferred);
        assert_eq!(
            applied(text, &fix),
            "---\nname: a\ndescription: d\ntools:\n  - Agent\n---\n"
        );
        // Not listed: still a rename.
        let text = "---\nname: a\ndescription: d\ntools: MultiEdit, Read\n---\n";
        let fix = only_fix(&agent_diags(text), "removed-tool");
        assert_eq!(fix.title, "Replace with `Edit`");
    }

    #[test]
    fn did_you_mean_a_listed_tool_removes_the_typo() {
        let text = "---\nname: a\ndescription: d\ntools: Grpe, Grep\n---\n";
        let diags = agent_diags(text);
        assert!(
            diags[0]
                .message
                .ends_with("It is already listed: remove this entry.")
        );
        let fix = only_fix(&diags, "unknown-tool");
        assert_eq!(
            applied(text, &fix),
            "---\nname: a\ndescription: d\ntools: Grep\n---\n"
        );
    }

    #[test]
    fn copilot_suggests_no_tool_already_listed() {
        let path = Path::new("/p/.github/agents/a.agent.md");
        let dialect = classify(path, &|_| false).unwrap();
        let file = FileContext::from_path(path, dialect);
        let text = "---\ndescription: d\ntools: ['search', 'search_issues']\n---\n";
        let diags = diagnostics(&Document::new(text), &file, Env::empty());
        let d = diags.iter().find(|d| d.code == "unknown-tool").unwrap();
        assert!(!d.message.contains("Did you mean"), "{}", d.message);
        assert!(d.fixes.is_empty());
    }

    #[test]
    fn a_tool_listed_twice_is_reported_with_a_removal() {
        let text = "---\nname: a\ndescription: d\ntools: Read, Grep, Read\n---\n";
        let diags = agent_diags(text);
        let dups: Vec<_> = diags
            .iter()
            .filter(|d| d.code == "duplicate-tool")
            .collect();
        assert_eq!(dups.len(), 1, "{diags:#?}");
        assert_eq!(dups[0].severity, Severity::Warning);
        assert_eq!(&text[dups[0].range.clone()], "Read");
        assert_eq!(dups[0].range.start, text.rfind("Read").unwrap());
        let fix = only_fix(&diags, "duplicate-tool");
        assert!(fix.safe && fix.preferred);
        let fixed = applied(text, &fix);
        assert_eq!(
            fixed,
            "---\nname: a\ndescription: d\ntools: Read, Grep\n---\n"
        );
        assert!(agent_diags(&fixed).is_empty());
        // Different rules of one tool are not duplicates.
        let text = "---\nname: a\ndescription: d\ntools: Bash(git *), Bash(npm *)\n---\n";
        assert!(!agent_diags(text).iter().any(|d| d.code == "duplicate-tool"));
    }

    #[test]
    fn a_tool_replaced_by_several_offers_each() {
        let text = "---\nname: a\ndescription: d\ntools: TodoWrite, Read\n---\n";
        let diags = agent_diags(text);
        let d = diags.iter().find(|d| d.code == "deprecated-tool").unwrap();
        let titles: Vec<_> = d.fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Replace with `TaskCreate`",
                "Replace with `TaskGet`",
                "Replace with `TaskList`",
                "Replace with `TaskUpdate`"
            ]
        );
        assert!(
            d.message
                .ends_with("Use `TaskCreate`, `TaskGet`, `TaskList` or `TaskUpdate`."),
            "{}",
            d.message
        );
        // One of them listed already: removing `TodoWrite` comes first.
        let text = "---\nname: a\ndescription: d\ntools: TodoWrite, TaskList\n---\n";
        let diags = agent_diags(text);
        let d = diags.iter().find(|d| d.code == "deprecated-tool").unwrap();
        assert_eq!(d.fixes.len(), 4);
        assert_eq!(
            d.fixes[0].title,
            "Remove `TodoWrite` (`TaskList` is already listed)"
        );
        assert_eq!(
            applied(text, &d.fixes[0]),
            "---\nname: a\ndescription: d\ntools: TaskList\n---\n"
        );
    }
}
