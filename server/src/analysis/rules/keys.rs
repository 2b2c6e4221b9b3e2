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

pub(super) fn unknown_key(cx: &mut RuleContext<'_>, entry: &Entry) {
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
