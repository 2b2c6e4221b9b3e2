//! A text key (`name`, `description`) set to nothing, where a strict schema refuses `null`.

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
    let null = match entry.value.as_ref().map(|v| &v.kind) {
        None => true,
        Some(NodeKind::Scalar(s)) => s.ty == ScalarType::Null,
        _ => false,
    };
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
