//! The values inside a map the product checks entry by entry (a field's `entry_type`): OpenCode's
//! `tools` (tool → `true`/`false`) and `permission` (tool → an action, or a map of patterns to
//! actions for the tools that take patterns).

use super::values::is_boolean;
use super::*;
use crate::schema::spec::Specifier;

pub(super) fn check(cx: &mut RuleContext<'_>, field: &FieldSpec, key: &str, node: &YamlNode) {
    let NodeKind::Mapping { entries, .. } = &node.kind else {
        return;
    };
    for e in entries {
        let path = format!("{key}.{}", e.key);
        match field.entry_type {
            Some(FieldKind::Boolean) => boolean(cx, &path, e),
            Some(FieldKind::EnumOrMap) => action_or_patterns(cx, field, &path, e),
            _ => {}
        }
    }
}

fn boolean(cx: &mut RuleContext<'_>, path: &str, e: &Entry) {
    if e.value.as_ref().is_some_and(|v| is_boolean(cx.schema, v)) {
        return;
    }
    let (severity, lead) = cx.refusal(Severity::Warning);
    cx.push(Diagnostic::new(
        codes::INVALID_TYPE,
        severity,
        value_range(e),
        format!(
            "{lead}`{path}` must be `true` or `false`, but it is {}. Write `true` or `false` without quotes.",
            describe(e)
        ),
    ));
}

/// `edit: ask`, or `bash: {"git *": allow}` for a tool that takes patterns.
fn action_or_patterns(cx: &mut RuleContext<'_>, field: &FieldSpec, path: &str, e: &Entry) {
    match e.value.as_ref().map(|v| (v, &v.kind)) {
        Some((v, NodeKind::Scalar(s))) if s.ty != ScalarType::Null => {
            action(cx, field, path, v, &s.value)
        }
        Some((_, NodeKind::Mapping { entries, .. })) => {
            let single = cx
                .schema
                .tool(&e.key)
                .is_some_and(|t| t.specifier == Specifier::None);
            if single {
                let (severity, lead) = cx.refusal(Severity::Warning);
                cx.push(Diagnostic::new(
                    codes::INVALID_TYPE,
                    severity,
                    value_range(e),
                    format!(
                        "{lead}`{path}` takes a single action ({}), not a map of patterns. Write one action.",
                        listed(field)
                    ),
                ));
                return;
            }
            for p in entries {
                let pattern = format!("{path}.{}", p.key);
                match p.value.as_ref().map(|v| (v, v.as_scalar())) {
                    Some((v, Some(s))) if s.ty != ScalarType::Null => {
                        action(cx, field, &pattern, v, &s.value)
                    }
                    _ => not_an_action(cx, field, &pattern, p),
                }
            }
        }
        _ => not_an_action(cx, field, path, e),
    }
}

fn action(cx: &mut RuleContext<'_>, field: &FieldSpec, path: &str, v: &YamlNode, value: &str) {
    let is_string = v.as_scalar().is_some_and(|s| s.ty == ScalarType::String);
    if is_string && field.values.iter().any(|a| a.value == value) {
        return;
    }
    let (severity, lead) = cx.refusal(Severity::Warning);
    cx.push(Diagnostic::new(
        codes::INVALID_VALUE,
        severity,
        v.range.clone(),
        format!(
            "{lead}`{value}` is not an action for `{path}`; use one of {}.",
            listed(field)
        ),
    ));
}

fn not_an_action(cx: &mut RuleContext<'_>, field: &FieldSpec, path: &str, e: &Entry) {
    let (severity, lead) = cx.refusal(Severity::Warning);
    cx.push(Diagnostic::new(
        codes::INVALID_TYPE,
        severity,
        value_range(e),
        format!(
            "{lead}`{path}` must be an action ({}) or a map of patterns to actions, but it is {}.",
            listed(field),
            describe(e)
        ),
    ));
}

fn listed(field: &FieldSpec) -> String {
    field
        .values
        .iter()
        .map(|v| format!("`{}`", v.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_range(e: &Entry) -> Range<usize> {
    e.value
        .as_ref()
        .map_or(e.key_range.clone(), |v| v.range.clone())
}

fn describe(e: &Entry) -> String {
    e.value
        .as_ref()
        .map_or("empty".to_string(), |v| v.describe().to_string())
}
