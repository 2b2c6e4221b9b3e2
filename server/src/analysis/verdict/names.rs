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
    // The reference validator of Agent Skills takes lowercase letters of a few scripts besides
    // a-z (tests/conformance/agent-skills): a warning, not a refusal.
    if file.dialect == Dialect::AgentSkill && skills_ref_accepts(name) {
        out.push(Diagnostic::new(
            codes::INVALID_NAME,
            Severity::Warning,
            range,
            format!(
                "`{}` has letters outside a-z: the reference validator (skills-ref) accepts them, but the Agent Skills specification allows only lowercase a-z, digits and hyphens, and other tools may refuse the skill. Use an ASCII name (and rename the folder to match).",
                name.trim()
            ),
        ));
        return;
    }
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

/// Whether skills-ref 0.1.5 takes `name`: lowercase, 1-64 characters, no hyphen at either end
/// or twice in a row, and only digits, `-` and the letters of the scripts it knows (ASCII,
/// Latin-1 and Latin Extended, Cyrillic, CJK ideographs, combining accents).
fn skills_ref_accepts(name: &str) -> bool {
    let name = name.trim();
    let letter = |c: char| {
        matches!(c as u32,
            0x61..=0x7a | 0x30..=0x39 | 0xc0..=0x24f | 0x300..=0x36f | 0x400..=0x4ff
                | 0x3400..=0x4dbf | 0x4e00..=0x9fff)
    };
    let len = name.chars().count();
    (1..=64).contains(&len)
        && name.to_lowercase() == name
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c == '-' || letter(c))
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
