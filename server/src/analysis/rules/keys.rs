//! Keys: required keys that are missing, unknown keys (with the other dialects' keys named),
//! and the custom keys of the settings.

use super::*;

pub(super) fn requirement_severity(r: Requirement) -> Option<Severity> {
    match r {
        Requirement::No => None,
        Requirement::Error => Some(Severity::Error),
        Requirement::Warning => Some(Severity::Warning),
        Requirement::Hint => Some(Severity::Hint),
    }
}

/// Required keys other than `name` and `description` (the frontmatter layer reports those).
pub(super) fn missing_keys(cx: &mut RuleContext<'_>, entries: &[Entry]) {
    let Some(fm) = cx.doc.scan().frontmatter() else {
        return;
    };
    for field in &cx.schema.fields {
        if matches!(
            field.role,
            Some(crate::schema::Role::Name | crate::schema::Role::Description)
        ) {
            continue;
        }
        if field
            .variant
            .as_deref()
            .is_some_and(|v| cx.variant.is_some_and(|a| a != v))
        {
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
    one_of_groups(cx, entries, fm.open.clone());
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

/// Fields of a `one_of` group in the frontmatter's variant: exactly one of them must be set
/// (Gemini CLI's `agent_card_url` / `agent_card_json`).
fn one_of_groups(cx: &mut RuleContext<'_>, entries: &[Entry], open: Range<usize>) {
    let mut groups: Vec<&str> = cx
        .schema
        .fields
        .iter()
        .filter(|f| f.variant.is_none() || f.variant.as_deref() == cx.variant)
        .filter_map(|f| f.one_of.as_deref())
        .collect();
    groups.dedup();
    for group in groups {
        let members: Vec<&str> = cx
            .schema
            .fields
            .iter()
            .filter(|f| f.one_of.as_deref() == Some(group))
            .map(|f| f.name.as_str())
            .collect();
        let present: Vec<&Entry> = entries
            .iter()
            .filter(|e| members.contains(&e.key.as_str()))
            .collect();
        let (severity, lead) = cx.refusal(Severity::Warning);
        let listed = members
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        match present.as_slice() {
            [] => cx.push(Diagnostic::new(
                codes::MISSING_KEY,
                severity,
                open.clone(),
                format!(
                    "{lead}a {} agent needs {listed}. Add one of them.",
                    cx.variant.unwrap_or_default()
                ),
            )),
            [_] => {}
            [first, rest @ ..] => {
                for e in rest {
                    cx.push(
                        Diagnostic::new(
                            codes::INVALID_VALUE,
                            severity,
                            e.key_range.clone(),
                            format!("{lead}give {listed}, not both. Remove one of them."),
                        )
                        .with_related(
                            first.key_range.clone(),
                            format!("`{}` is set here", first.key),
                        ),
                    );
                }
            }
        }
    }
}

/// A key of another variant (`tools` in a remote Gemini CLI agent): the product refuses it.
pub(super) fn other_variant_key(cx: &mut RuleContext<'_>, entry: &Entry, own: &str, active: &str) {
    let key_name = cx.schema.variant_key.clone().unwrap_or_default();
    let (severity, lead) = cx.refusal(Severity::Warning);
    let d = Diagnostic::new(
        codes::UNKNOWN_KEY,
        severity,
        entry.key_range.clone(),
        format!(
            "{lead}`{}` is a key of {own} agents, and this is a {active} agent (`{key_name}: {active}`). Remove it.",
            entry.key
        ),
    )
    .with_fix(remove_entry(cx, entry, format!("Remove `{}`", entry.key)));
    cx.push(d);
}

/// A fix removing the lines of a top-level entry.
pub(super) fn remove_entry(cx: &RuleContext<'_>, entry: &Entry, title: String) -> Fix {
    let text = cx.doc.text();
    let first = text.rope().byte_to_line(entry.key_range.start);
    let end = entry
        .value
        .as_ref()
        .map_or(entry.key_range.end, |v| v.range.end);
    let last = text.rope().byte_to_line(end.max(entry.key_range.end));
    Fix::replace(title, text.line_start(first)..text.line_start(last + 1), "").safe()
}

pub(super) fn unknown_key(cx: &mut RuleContext<'_>, entry: &Entry) {
    if cx.schema.unknown_keys == UnknownKeys::Rejected {
        rejected_key(cx, entry);
        return;
    }
    let key = &entry.key;
    let dialect = cx.file.dialect;
    // A key the team uses on purpose across the workspace is a convention, not a mistake.
    if cx.env.workspace.team_key(dialect, key).is_some() {
        return;
    }
    // A key that belongs to another dialect gets a targeted explanation.
    let elsewhere = team_keys::key_elsewhere(dialect, key);
    let suggestion = team_keys::suggestion(dialect, key);
    // One edit from a key of this dialect: the key meant is missing, so the file is probably
    // wrong (a warning); other suggestions and unknown keys are hints.
    let typo = suggestion.is_some_and(|m| one_edit_apart(key, m));
    let mut msg = match elsewhere {
        Some(d) => format!(
            "`{key}` is {} key, not {} key, so it is ignored here.",
            a_key_of(&schema(d).product, d.noun()),
            a_key_of(&cx.schema.product, dialect.noun()),
        ),
        None => format!(
            "`{key}` is not {} key, so it is ignored.",
            a_key_of(&cx.schema.product, dialect.noun())
        ),
    };
    match suggestion {
        Some(m) => msg.push_str(&format!(" Did you mean `{m}`?")),
        None => msg.push_str(
            " If it is your team's own key, declare it under `custom-keys` in `.agentls.toml`.",
        ),
    }
    let severity = if typo {
        Severity::Warning
    } else {
        Severity::Hint
    };
    let mut d = Diagnostic::new(codes::UNKNOWN_KEY, severity, entry.key_range.clone(), msg);
    if let Some(m) = suggestion {
        d = d.with_fix(
            Fix::replace(format!("Rename to `{m}`"), entry.key_range.clone(), m).preferred(),
        );
    }
    cx.push(d);
}

/// A key a strict product does not know: it refuses the file.
fn rejected_key(cx: &mut RuleContext<'_>, entry: &Entry) {
    let key = &entry.key;
    let own = cx.schema.fields.iter().map(|f| f.name.as_str());
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    // Only the same word (`maxTurns` → `max_turns`, `Name` → `name`) is worth a rename.
    let suggestion = own
        .into_iter()
        .find(|m| norm(m) == norm(key) && *m != key.as_str());
    let product = &cx.schema.product;
    let article = if product.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let mut msg = format!(
        "{}: `{key}` is not {article} {product} key; ",
        super::super::verdict::consequence(cx.file)
    );
    // Where the format has a map for keys of one's own (Agent Skills' `metadata`), say so.
    let metadata = cx
        .schema
        .field("metadata")
        .is_some_and(|f| f.kind == FieldKind::Map);
    match suggestion {
        Some(m) => msg.push_str(&format!("rename it to `{m}`.")),
        None if metadata => msg.push_str("move it under `metadata:` or remove it."),
        None => msg.push_str("remove it."),
    }
    let mut d = Diagnostic::new(
        codes::UNKNOWN_KEY,
        Severity::Error,
        entry.key_range.clone(),
        msg,
    );
    if let Some(m) = suggestion {
        d = d.with_fix(
            Fix::replace(format!("Rename to `{m}`"), entry.key_range.clone(), m)
                .preferred()
                .safe(),
        );
    }
    let remove = remove_entry(cx, entry, format!("Remove `{key}`"));
    d = d.with_fix(if suggestion.is_none() {
        remove.preferred()
    } else {
        remove
    });
    cx.push(d);
}

/// "a Claude Code agent", "an OpenCode agent".
pub(super) fn a_key_of(product: &str, noun: &str) -> String {
    let article = if product.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {product} {noun}")
}

pub(super) fn check_custom(cx: &mut RuleContext<'_>, entry: &Entry, custom: &CustomKey) {
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
