//! What a loader does with frontmatter it cannot find or read, for messages and severities: it
//! skips the file, reads it line by line (`yaml_fallback`), reads it again with `: ` values taken
//! as text (`colon_values_retry`), or loads the file without settings, the whole text as its
//! prompt (`unreadable_into_prompt`).

use super::{FileContext, Severity, consequence};
use crate::loader::colon_retry::quote_colon_values;
use crate::schema::spec::{InvalidValues, schema};
use crate::syntax::strict;

/// What the loader does with frontmatter that is not valid YAML, for messages: it skips the file,
/// or (`yaml_fallback`) reads it again line by line.
pub(in crate::analysis) fn unreadable_lead(file: &FileContext) -> String {
    let s = schema(file.dialect);
    if s.unreadable_into_prompt {
        ignored_lead(file)
    } else if s.yaml_fallback {
        format!(
            "{} reads this frontmatter with its line-by-line fallback, which keeps only plain `key: value` lines and may read values differently",
            s.product
        )
    } else {
        consequence(file).to_string()
    }
}

/// What the loader does with frontmatter it cannot find or read, for messages: it skips the
/// file, or (`unreadable_into_prompt`) loads it without settings, the whole text as its prompt.
pub(super) fn ignored_lead(file: &FileContext) -> String {
    let s = schema(file.dialect);
    if s.unreadable_into_prompt {
        format!(
            "{} ignores this frontmatter and loads the {} without its settings, with the whole file (`---` lines included) as its prompt",
            s.product,
            file.dialect.noun()
        )
    } else {
        consequence(file).to_string()
    }
}

/// The severity of frontmatter the tool cannot read: an error for an agent (it will not load),
/// a warning for a plugin agent (it loads under its file name, without its settings), a skill or a
/// command (they load without their frontmatter). A strict product (`invalid_values =
/// "rejected"`: Agent Skills' validator) refuses any file it cannot read.
pub(in crate::analysis) fn severity_for_unreadable(file: &FileContext) -> Severity {
    let s = schema(file.dialect);
    if s.yaml_fallback || s.unreadable_into_prompt || s.loads_without_frontmatter {
        Severity::Warning
    } else if s.invalid_values == InvalidValues::Rejected || file.dialect.is_agent() && !file.plugin
    {
        Severity::Error
    } else {
        Severity::Warning
    }
}

/// The lead and severity of a YAML error in `yaml`: where the product's retry reads the
/// rewritten YAML, the file loads with its settings, and only other tools refuse it.
pub(super) fn yaml_error_lead(file: &FileContext, yaml: &str) -> (String, Severity) {
    let s = schema(file.dialect);
    let retried =
        s.colon_values_retry && quote_colon_values(yaml).is_some_and(|t| strict::check(&t).is_ok());
    if retried {
        return (
            format!(
                "{} reads this frontmatter only on its second try, which takes top-level values holding `:` as text; other tools and YAML parsers refuse it",
                s.product
            ),
            Severity::Warning,
        );
    }
    (unreadable_lead(file), severity_for_unreadable(file))
}
