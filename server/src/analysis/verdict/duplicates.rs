//! A key set twice in the frontmatter (at any depth): what each dialect's loader does with it.

use std::collections::HashMap;

use super::{
    Diagnostic, FileContext, Severity, codes, consequence, severity_for_unreadable, unreadable_lead,
};
use crate::schema::spec::schema;
use crate::syntax::{NodeKind, YamlNode};

pub(super) fn duplicate_keys(
    entries: &[crate::syntax::Entry],
    file: &FileContext,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &crate::syntax::Entry> = HashMap::new();
    for e in entries {
        if let Some(first) = seen.get(e.key.as_str()) {
            let (severity, message) = if file.dialect.is_claude() {
                (
                    Severity::Warning,
                    format!(
                        "`{}` appears twice: Claude Code uses the last one, and strict YAML tools (VS Code among them) reject duplicate keys. Remove one of them.",
                        e.key
                    ),
                )
            } else if schema(file.dialect).duplicate_keys_rejected {
                (
                    Severity::Error,
                    format!(
                        "{}: `{}` appears twice, and its YAML parser rejects duplicate keys. Remove one of them.",
                        consequence(file),
                        e.key
                    ),
                )
            } else {
                (
                    severity_for_unreadable(file),
                    format!(
                        "{}: `{}` appears twice, and YAML loaders reject duplicate keys. Remove one of them.",
                        unreadable_lead(file),
                        e.key
                    ),
                )
            };
            out.push(
                Diagnostic::new(codes::DUPLICATE_KEY, severity, e.key_range.clone(), message)
                    .with_related(
                        first.key_range.clone(),
                        format!("`{}` is first set here", e.key),
                    ),
            );
        } else {
            seen.insert(e.key.as_str(), e);
        }
        if let Some(YamlNode {
            kind: NodeKind::Mapping { entries, .. },
            ..
        }) = &e.value
        {
            duplicate_keys(entries, file, out);
        }
    }
}
