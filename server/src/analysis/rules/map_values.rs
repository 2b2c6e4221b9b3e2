//! The values inside the maps of a tool field: a `tools` map grants or takes away each tool with
//! `true`/`false`, a permission map gives each tool an action or a map of pattern → action
//! (OpenCode, Kilo Code). Only the top-level value of these keys is checked elsewhere.

use super::values::{check_enum, is_boolean};
use super::*;
use crate::schema::Role;

/// The values of a `tools` map (`role = "tools"`, `type = "map"`) or a permission map
/// (`role = "permissions"`, `type = "enum-or-map"`).
pub(super) fn check_map_values(
    cx: &mut RuleContext<'_>,
    field: &FieldSpec,
    key: &str,
    node: &YamlNode,
) {
    let NodeKind::Mapping { entries, .. } = &node.kind else {
        return;
    };
    match (field.role, field.kind) {
        (Some(Role::Tools), FieldKind::Map) => {
            for e in entries {
                let Some(v) = e.value.as_ref() else { continue };
                if !is_boolean(cx.schema, v) && !matches!(v.kind, NodeKind::Alias(_)) {
                    let (severity, lead) = cx.refusal(Severity::Warning);
                    cx.push(Diagnostic::new(
                        codes::INVALID_TYPE,
                        severity,
                        v.range.clone(),
                        format!(
                            "{lead}`{key}.{}` must be `true` or `false` (the tool on or off).",
                            e.key
                        ),
                    ));
                }
            }
        }
        (Some(Role::Permissions), FieldKind::EnumOrMap) => {
            for e in entries {
                let path = format!("{key}.{}", e.key);
                match e.value.as_ref().map(|v| (v, &v.kind)) {
                    Some((v, NodeKind::Scalar(s))) if s.ty != ScalarType::Null => {
                        check_enum(cx, field, &path, v, &s.value);
                    }
                    // Patterns (commands, paths, agent names) → an action each.
                    Some((_, NodeKind::Mapping { entries: rules, .. })) => {
                        for r in rules {
                            if let Some(v) = r.value.as_ref()
                                && let NodeKind::Scalar(s) = &v.kind
                                && s.ty != ScalarType::Null
                            {
                                check_enum(cx, field, &format!("{path}.{}", r.key), v, &s.value);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}
