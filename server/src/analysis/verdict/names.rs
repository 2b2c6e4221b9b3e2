//! The `name` rules of the dialects (the rule itself is schema data) and the slug a fix
//! suggests.

use super::{Diagnostic, FileContext, Fix, Severity, codes, consequence};
use crate::schema::Dialect;
use crate::schema::spec::{InvalidValues, schema};

pub(in crate::analysis) fn check_name_rules(
    file: &FileContext,
    name: &str,
    range: std::ops::Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    // The rule itself is schema data; the folder match of skills is `name-mismatch`'s business.
    let s = schema(file.dialect);
    let reserved = |n: &str| {
        s.reserved_names.iter().any(|r| {
            if s.reserved_names_exact {
                r == n
            } else {
                r.eq_ignore_ascii_case(n.trim())
            }
        })
    };
    let problem = s.name_rule.problem(name, None).or_else(|| {
        reserved(name).then(|| format!("`{}` is reserved", name.trim().to_lowercase()))
    });
    let Some(problem) = problem else {
        return;
    };
    let invalid = s.field("name").and_then(|f| f.invalid);
    if invalid.unwrap_or(s.invalid_values) == InvalidValues::Rejected {
        let suggestion = slug(name);
        let suggestion = if reserved(&suggestion) {
            String::new()
        } else {
            suggestion
        };
        let mut d = Diagnostic::new(
            codes::INVALID_NAME,
            Severity::Error,
            range.clone(),
            format!(
                "{}: `{name}` is not a valid name: {problem}.",
                consequence(file)
            ),
        );
        if !suggestion.is_empty() && suggestion != name {
            d.message
                .push_str(&format!(" Rename it to `{suggestion}`."));
            d = d.with_fix(
                Fix::replace(format!("Rename to `{suggestion}`"), range, suggestion).preferred(),
            );
        }
        out.push(d);
        return;
    }
    // Claude Code refuses these names outright; the others only break the documented rule.
    if file.dialect == Dialect::ClaudeAgent
        && !file.plugin
        && (name.starts_with('-') || name.contains(':'))
    {
        out.push(Diagnostic::new(
            codes::INVALID_NAME,
            Severity::Error,
            range,
            format!(
                "Claude Code skips this agent: {problem}. Use lowercase letters, digits and hyphens."
            ),
        ));
        return;
    }
    let suggestion = slug(name);
    let mut message = format!(
        "`{name}` is not a valid {} name: {problem}.",
        file.dialect.noun()
    );
    // Claude Code registers such names as written (tests/conformance/claude-code): only a
    // style note there, unless spaces around the name make it hard to refer to.
    let severity = if file.dialect.is_claude() && name.trim() == name {
        Severity::Information
    } else {
        Severity::Warning
    };
    let mut d = Diagnostic::new(codes::INVALID_NAME, severity, range.clone(), String::new());
    if !suggestion.is_empty() && suggestion != name {
        message.push_str(&format!(" Rename it to `{suggestion}`."));
        d = d.with_fix(
            Fix::replace(format!("Rename to `{suggestion}`"), range, suggestion).preferred(),
        );
    }
    d.message = message;
    out.push(d);
}

/// `Code Reviewer_v2` → `code-reviewer-v2`.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(64);
    out
}
