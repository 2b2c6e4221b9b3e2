//! Values: their YAML type, enum values with "did you mean", and the items of lists of
//! mappings.

use super::*;

/// Whether a scalar reads as a boolean for this dialect.
pub(super) fn is_boolean(schema: &DialectSchema, node: &YamlNode) -> bool {
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

pub(super) fn is_empty(node: Option<&YamlNode>) -> bool {
    match node.map(|n| &n.kind) {
        None => true,
        Some(NodeKind::Scalar(s)) => s.ty == ScalarType::Null,
        _ => false,
    }
}

// Long: the type check, then one match over the field kinds whose values have rules of their
// own (enums, lists of values, hook events, list items).
pub(super) fn check_value(
    cx: &mut RuleContext<'_>,
    field: &FieldSpec,
    key: &str,
    key_range: Range<usize>,
    value: Option<&YamlNode>,
) {
    // A key's own `invalid` holds for its items too, unless they say otherwise.
    let outer = cx.invalid;
    cx.invalid = field.invalid.or(outer);
    check_value_as_set(cx, field, key, key_range, value);
    cx.invalid = outer;
}

fn check_value_as_set(
    cx: &mut RuleContext<'_>,
    field: &FieldSpec,
    key: &str,
    key_range: Range<usize>,
    value: Option<&YamlNode>,
) {
    if is_empty(value) {
        empty_value(cx, field, key, key_range);
        return;
    }
    let Some(node) = value else { return };
    if matches!(node.kind, NodeKind::Alias(_) | NodeKind::Error) {
        return;
    }
    let want = wanted(cx, field, node);
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
        let (severity, lead) = cx.refusal(Severity::Warning);
        let mut d = Diagnostic::new(
            codes::INVALID_TYPE,
            severity,
            node.range.clone(),
            format!(
                "{lead}`{key}` must be {want}, but it is {}. {}",
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
    if let (Some(min), Some(n)) = (
        field.greater_than,
        node.as_scalar()
            .and_then(|s| s.value.trim().parse::<f64>().ok()),
    ) && n <= min
    {
        let (severity, lead) = cx.refusal(Severity::Warning);
        cx.push(Diagnostic::new(
            codes::INVALID_VALUE,
            severity,
            node.range.clone(),
            format!("{lead}`{key}` must be greater than {min}. Use a larger number."),
        ));
        return;
    }
    match field.kind {
        FieldKind::String if field.format.is_some() => {
            if let Some(s) = node.as_scalar() {
                check_enum(cx, field, key, node, &s.value);
            }
        }
        FieldKind::Map if field.object => check_object(cx, field, key, node),
        FieldKind::Map if cx.rejects() && !field.items.is_empty() => {
            if let NodeKind::Mapping { entries, .. } = &node.kind {
                for e in entries {
                    if let Some(v) = e.value.as_ref() {
                        check_object(cx, field, &format!("{key}.{}", e.key), v);
                    }
                }
            }
        }
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

/// A key with no value: what the product does with it.
fn empty_value(cx: &mut RuleContext<'_>, field: &FieldSpec, key: &str, key_range: Range<usize>) {
    if field.role == Some(crate::schema::Role::Tools)
        && cx.file.dialect == Dialect::ClaudeAgent
        && !cx.file.plugin
    {
        // Claude Code reads an empty `tools:` as an empty list: the agent gets no tools.
        cx.push(Diagnostic::new(
            codes::NO_TOOLS,
            Severity::Warning,
            key_range,
            "Claude Code starts this agent with no tools at all (`tools:` is empty), so it can only answer in text. List the tools it needs, or remove `tools` to inherit them all.",
        ));
        return;
    }
    if cx.rejects() {
        let (severity, lead) = cx.refusal(Severity::Warning);
        cx.push(Diagnostic::new(
            codes::EMPTY_VALUE,
            severity,
            key_range,
            format!(
                "{lead}`{key}` has no value (YAML reads `null`). Set a value or remove the key."
            ),
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
}

/// What the value should have been, when its YAML type is wrong for the field.
fn wanted(cx: &RuleContext<'_>, field: &FieldSpec, node: &YamlNode) -> Option<&'static str> {
    match field.kind {
        // A strict product wants a YAML string: `display_name: 7` is a number.
        FieldKind::String if cx.rejects() => {
            (node.as_scalar().map(|s| s.ty) != Some(ScalarType::String)).then_some("text")
        }
        FieldKind::String => (!matches!(node.kind, NodeKind::Scalar(_))).then_some("text"),
        // JavaScript numbers: `5.0` is the whole number 5.
        FieldKind::Integer if cx.rejects() => (!node.as_scalar().is_some_and(|s| {
            matches!(s.ty, ScalarType::Integer | ScalarType::Float)
                && s.value
                    .trim()
                    .parse::<f64>()
                    .is_ok_and(|n| n.fract() == 0.0)
        }))
        .then_some("a whole number"),
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
        // A strict product's schema wants strings: `tools: 5` or a number in the list is refused.
        FieldKind::StringOrList | FieldKind::ToolList if cx.rejects() => {
            let text = |n: &YamlNode| n.as_scalar().is_some_and(|s| s.ty == ScalarType::String);
            let ok = match &node.kind {
                NodeKind::Scalar(s) => s.ty == ScalarType::String || s.ty == ScalarType::Null,
                NodeKind::Sequence { items, .. } => items.iter().all(text),
                _ => false,
            };
            (!ok).then_some("a string or a list of strings")
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
    }
}

pub(super) fn type_advice(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Boolean => "Write `true` or `false` without quotes.",
        FieldKind::Integer | FieldKind::Number => "Write the number without quotes.",
        FieldKind::List => "Write a YAML list.",
        FieldKind::Map | FieldKind::Hooks => "Write `key: value` lines indented under it.",
        _ => "Write a single value.",
    }
}

pub(super) fn check_enum(
    cx: &mut RuleContext<'_>,
    field: &FieldSpec,
    key: &str,
    node: &YamlNode,
    value: &str,
) {
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
    match (suggestion, field.format) {
        (Some(m), _) => msg.push_str(&format!(". Did you mean `{m}`?")),
        (None, _) if !listed.is_empty() => msg.push_str(&format!("; use one of {listed}")),
        (None, Some(spec::ValueFormat::Url)) => {
            msg.push_str(": write an absolute URL such as `https://host/agent.json`")
        }
        (None, Some(spec::ValueFormat::Json)) => msg.push_str(": write valid JSON text"),
        (None, _) => {}
    }
    if field.open && !allowed.is_empty() {
        let extra = match field.format {
            Some(spec::ValueFormat::HexColor) => " or a `#RRGGBB` colour",
            Some(spec::ValueFormat::ProviderModel) => " or `provider/model-id`",
            Some(spec::ValueFormat::Url) => " or an absolute URL",
            Some(spec::ValueFormat::Json) => " or JSON text",
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
    let (severity, lead) = cx.refusal(Severity::Warning);
    let mut d = Diagnostic::new(
        codes::INVALID_VALUE,
        severity,
        node.range.clone(),
        format!("{lead}{msg}"),
    );
    if let Some(m) = suggestion {
        d = d.with_fix(Fix::replace(format!("Change to `{m}`"), node.range.clone(), m).preferred());
    }
    cx.push(d);
}

/// A mapping whose keys are `field.items` (Gemini CLI's `auth`, each `mcp_servers` entry):
/// their values are checked; keys not listed are dropped by the product (a hint); an item
/// required outright, or when a sibling has a given value (`required_when`), must be there.
fn check_object(cx: &mut RuleContext<'_>, field: &FieldSpec, key: &str, node: &YamlNode) {
    let NodeKind::Mapping { entries, .. } = &node.kind else {
        let (severity, lead) = cx.refusal(Severity::Warning);
        cx.push(Diagnostic::new(
            codes::INVALID_TYPE,
            severity,
            node.range.clone(),
            format!(
                "{lead}`{key}` must be a mapping of keys to values, but it is {}. Write `key: value` lines indented under it.",
                node.describe()
            ),
        ));
        return;
    };
    for e in entries {
        match field.item(&e.key) {
            Some(spec) => check_value(
                cx,
                spec,
                &format!("{key}.{}", e.key),
                e.key_range.clone(),
                e.value.as_ref(),
            ),
            None => cx.push(Diagnostic::new(
                codes::UNKNOWN_KEY,
                Severity::Hint,
                e.key_range.clone(),
                format!("`{}` is not a key of `{key}`; it is ignored.", e.key),
            )),
        }
    }
    let value_of = |k: &str| {
        entries
            .iter()
            .find(|e| e.key == k)
            .and_then(|e| e.value.as_ref()?.as_scalar())
            .map(|s| s.value.clone())
    };
    for spec in &field.items {
        let required = match spec.required_when.as_slice() {
            [k, v] => value_of(k).as_deref() == Some(v.as_str()),
            _ => spec.required == Requirement::Error,
        };
        if required && !entries.iter().any(|e| e.key == spec.name) {
            let (severity, lead) = cx.refusal(Severity::Warning);
            let when = match spec.required_when.as_slice() {
                [k, v] => format!(" when `{k}` is `{v}`"),
                _ => String::new(),
            };
            cx.push(Diagnostic::new(
                codes::MISSING_KEY,
                severity,
                node.range.start..node.range.start,
                format!("{lead}`{key}` needs `{}`{when}. Add it.", spec.name),
            ));
        }
    }
}

/// List items that are mappings with documented keys (Copilot `handoffs`).
pub(super) fn check_items(cx: &mut RuleContext<'_>, field: &FieldSpec, node: &YamlNode) {
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
