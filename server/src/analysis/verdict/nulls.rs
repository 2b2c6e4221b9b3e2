//! A text key (`name`, `description`) set to nothing, where a strict schema refuses `null`: an
//! optional key (OpenCode) is checked before the requirement, a required one (the Copilot CLI)
//! after it.

use super::requirement::rejects;
use super::{Diagnostic, FileContext, Severity, codes, consequence};
use crate::schema::spec::{InvalidValues, Requirement, schema};
use crate::syntax::{NodeKind, ScalarType};

/// `description:` with no value, where a strict schema refuses `null` for a text key (OpenCode).
pub(super) fn null_refused(
    file: &FileContext,
    key: &str,
    entry: Option<&crate::syntax::Entry>,
) -> Option<Diagnostic> {
    let entry = entry?;
    let null = is_null(entry);
    let s = schema(file.dialect);
    let field = s.field(key)?;
    let rejected = field.invalid.unwrap_or(s.invalid_values) == InvalidValues::Rejected;
    (null && rejected && !field.nullable && field.required != Requirement::Error).then(|| {
        Diagnostic::new(
            codes::EMPTY_VALUE,
            Severity::Error,
            entry.key_range.clone(),
            format!(
                "{}: `{key}` has no value (YAML reads `null`, which is not text). Set a value or remove the key.",
                consequence(file)
            ),
        )
    })
}

/// `name:` with no value in a key the file must have: YAML reads `null`, which a strict key
/// refuses (the Copilot CLI), unless the key is `nullable`.
pub(super) fn null_in_required_key(
    file: &FileContext,
    key: &str,
    entry: Option<&crate::syntax::Entry>,
) -> Option<Diagnostic> {
    let nullable = schema(file.dialect).field(key).is_some_and(|f| f.nullable);
    let entry = entry.filter(|e| is_null(e) && !nullable && rejects(file, key))?;
    Some(Diagnostic::new(
        codes::EMPTY_VALUE,
        Severity::Error,
        entry.key_range.clone(),
        format!(
            "{}: `{key}` has no value (YAML reads `null`). Set a value or remove the key.",
            consequence(file)
        ),
    ))
}

/// The entry has no value, or YAML reads it as `null`.
fn is_null(entry: &crate::syntax::Entry) -> bool {
    match entry.value.as_ref().map(|v| &v.kind) {
        None => true,
        Some(NodeKind::Scalar(s)) => s.ty == ScalarType::Null,
        _ => false,
    }
}
