//! "Will the tool load it?" as diagnostics: is there a block, does it end, is it YAML, and are
//! the keys that identify the file present and well-formed. Claude Code's verdict comes from its
//! loader model (`claude.rs`, over `crate::loader::claude`); the other dialects' from the strict
//! YAML loader and the dialect's rules.

use super::{Diagnostic, FileContext, Fix, Severity, codes, yaml_errors};

mod claude;
mod exact;
pub(crate) use exact::reread;
mod duplicates;
mod lf;
mod names;
mod normalized;
mod nulls;
mod requirement;
mod split;
mod unreadable;
use crate::schema::Dialect;
use crate::schema::spec::BlockRule;
use crate::schema::spec::schema;
use crate::syntax::{Document, FrontmatterScan, NodeKind, ScalarType, YamlNode, strict};
pub(crate) use claude::load as claude_load;
use duplicates::duplicate_keys;
pub(in crate::analysis) use names::check_name_rules;
pub(crate) use names::slug;
use nulls::{null_in_required_key, null_refused};
use requirement::{rejects, requirement};
use unreadable::ignored_lead;
pub(super) use unreadable::{severity_for_unreadable, unreadable_lead};

/// What the loader does with a file whose frontmatter it cannot read, for messages.
pub(crate) fn consequence(file: &FileContext) -> &'static str {
    match file.dialect {
        Dialect::ClaudeAgent if file.plugin => {
            "Claude Code loads this plugin agent without its frontmatter"
        }
        Dialect::ClaudeAgent => "Claude Code skips this agent",
        Dialect::ClaudeSkill => "Claude Code cannot read this skill's frontmatter",
        Dialect::ClaudeCommand => "Claude Code cannot read this command's frontmatter",
        Dialect::CopilotAgent => "The Copilot CLI skips this agent",
        Dialect::CopilotChatMode => "VS Code cannot read this chat mode's frontmatter",
        Dialect::OpenCodeAgent => {
            "OpenCode refuses its whole configuration over this agent and will not start"
        }
        Dialect::GeminiAgent => "Gemini CLI will not load this agent",
        Dialect::QwenAgent => "Qwen Code skips this agent",
        Dialect::AgentSkill => {
            "The Agent Skills reference validator (skills-ref) rejects this skill"
        }
        Dialect::CursorAgent => "Cursor may not read this agent's frontmatter",
        Dialect::KiroAgent => "Kiro may not load this agent",
        Dialect::KiloAgent => "Kilo Code skips this agent",
        Dialect::AugmentAgent => {
            "Auggie CLI loads this agent under its file name, without any of its frontmatter"
        }
        Dialect::QoderAgent => "Qoder CLI skips this agent",
        Dialect::FactoryDroid => {
            "Factory loads this droid without its frontmatter, under its file name"
        }
    }
}

/// The first NUL byte outside the frontmatter's YAML (there, the strict loader already reports
/// it as an unprintable character): the file looks binary, and tools may cut the text there.
fn nul_byte(doc: &Document, out: &mut Vec<Diagnostic>) {
    let yaml = doc
        .scan()
        .frontmatter()
        .map_or(0..0, |fm| fm.content.clone());
    let mut offset = 0;
    for chunk in doc.text().rope().chunks() {
        let found = memchr::memchr_iter(0, chunk.as_bytes())
            .map(|i| offset + i)
            .find(|at| !yaml.contains(at));
        if let Some(at) = found {
            out.push(Diagnostic::new(
                codes::NUL_BYTE,
                Severity::Warning,
                at..at + 1,
                "A NUL byte: the file looks binary here, and tools that read it as text may stop at it or pass it to the model. Remove it.",
            ));
            return;
        }
        offset += chunk.len();
    }
}

/// Returns whether the frontmatter loads as a mapping (so the schema rules can run).
pub(crate) fn check(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> bool {
    nul_byte(doc, out);
    split::dashes_inside(doc, file, out);
    if file.dialect.is_claude() {
        return claude::check(doc, file, out);
    }
    check_block_and_yaml(doc, file, out)
}

/// The frontmatter as the line scanner finds it, checked by the strict YAML loader: the verdict
/// for dialects whose loader has no model of its own yet.
pub(super) fn check_block_and_yaml(
    doc: &Document,
    file: &FileContext,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let text = doc.text();
    if schema(file.dialect).block == BlockRule::ExactFences
        && exact::check(doc, file, out).is_some()
    {
        return false;
    }
    if normalized::check(doc, file, out) || lf::check(doc, file, out) {
        return false;
    }
    let Some(fm) = block(doc, file, out) else {
        return false;
    };
    // A flat frontmatter is valid YAML: no loader to ask (tested in `syntax::yaml::flat`).
    if !doc.yaml_is_flat() {
        let yaml_text = text.slice(fm.content.clone());
        if let Err(e) = strict::check(&yaml_text) {
            let (lead, severity) = unreadable::yaml_error_lead(file, &yaml_text);
            out.push(yaml_errors::explain(
                &yaml_text,
                fm.content.start,
                fm.content.start + e.offset,
                &e.message,
                &lead,
                severity,
                &is_known_key,
            ));
            return false;
        }
    }
    if let Some(d) = not_a_mapping(doc, file) {
        if exact::list(doc, file, out).is_none() {
            out.push(d);
        }
        return false;
    }
    let yaml = doc.yaml();
    duplicate_keys(&yaml.entries, file, out);
    for key in ["name", "description"] {
        check_identity_key(doc, file, key, out);
    }
    true
}

/// Where the scanner finds the frontmatter, or the problem that leaves none to read (reported).
// Long: the three ways a block is missing (misplaced, absent, unterminated), each a message and
// a fix in the order the scanner tells them apart.
fn block<'d>(
    doc: &'d Document,
    file: &FileContext,
    out: &mut Vec<Diagnostic>,
) -> Option<&'d crate::syntax::Frontmatter> {
    let text = doc.text();
    let fm = match doc.scan() {
        FrontmatterScan::Absent {
            misplaced: Some(open),
        } => {
            out.push(Diagnostic::new(
                codes::FRONTMATTER_NOT_AT_START,
                severity_for_unreadable(file),
                open.clone(),
                format!(
                    "{}: frontmatter must start on the very first line, and this block starts later. Remove what comes before the `---`.",
                    ignored_lead(file)
                ),
            )
            .with_fix(Fix::replace("Move the frontmatter to the first line", 0..open.start, "").preferred().safe()));
            return None;
        }
        FrontmatterScan::Absent { misplaced: None } => {
            if file.dialect.is_agent() {
                let refused = matches!(file.dialect, Dialect::ClaudeAgent | Dialect::CopilotAgent);
                let sev = if refused && !file.plugin {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let why = match file.dialect {
                    Dialect::ClaudeAgent if file.plugin => {
                        "Claude Code loads this plugin agent under its file name, with no description"
                    }
                    Dialect::ClaudeAgent => "Claude Code skips an agent file without frontmatter",
                    Dialect::CopilotAgent => {
                        "The Copilot CLI skips an agent file without frontmatter"
                    }
                    Dialect::AugmentAgent => {
                        "Auggie CLI loads this agent under its file name, with a placeholder description"
                    }
                    Dialect::FactoryDroid => {
                        "Factory loads this droid under its file name, with no description"
                    }
                    _ => "OpenCode needs at least a `description`",
                };
                let first_line = 0..text.line_content_end(0);
                out.push(Diagnostic::new(
                    codes::MISSING_FRONTMATTER,
                    sev,
                    first_line,
                    format!("{why}: add a `---` block with `name` and `description` at the top of the file."),
                ));
            }
            return None;
        }
        FrontmatterScan::Found(fm) => fm,
    };
    if fm.close.is_none() {
        let insert_at = fm.content.end;
        let needs_newline = insert_at > 0
            && !text
                .slice(insert_at.saturating_sub(1)..insert_at)
                .ends_with('\n');
        let nl = if text.slice(fm.content.clone()).contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let insert = if needs_newline {
            format!("{nl}---{nl}")
        } else {
            format!("---{nl}")
        };
        out.push(
            Diagnostic::new(
                codes::FRONTMATTER_UNTERMINATED,
                severity_for_unreadable(file),
                fm.open.clone(),
                format!(
                    "{}: the frontmatter has no closing `---` line, so none of it is read. Add `---` after the last key.",
                    ignored_lead(file)
                ),
            )
            .with_fix(Fix::replace("Close the frontmatter", insert_at..insert_at, insert).preferred().safe()),
        );
        return None;
    }
    Some(fm)
}

/// The frontmatter is a list or a single value where a mapping belongs.
pub(super) fn not_a_mapping(doc: &Document, file: &FileContext) -> Option<Diagnostic> {
    let range = doc.yaml().not_a_mapping.clone()?;
    let raw = doc.text().slice(range.clone());
    let range = range.start..range.start + raw.trim_end().len();
    // A line-by-line fallback (`yaml_fallback`) finds no `key: value` lines in a list either:
    // the file is refused where a key the product requires is then missing.
    let s = schema(file.dialect);
    let requires_keys = s
        .fields
        .iter()
        .any(|f| f.required == crate::schema::spec::Requirement::Error);
    let severity = if s.yaml_fallback && file.dialect.is_agent() && requires_keys {
        Severity::Error
    } else {
        severity_for_unreadable(file)
    };
    Some(Diagnostic::new(
        codes::FRONTMATTER_NOT_MAPPING,
        severity,
        range,
        format!(
            "{}: the frontmatter must be a mapping of `key: value` lines, not {}.",
            if schema(file.dialect).unreadable_into_prompt {
                format!(
                    "{} loads this {} without its settings",
                    schema(file.dialect).product,
                    file.dialect.noun()
                )
            } else {
                consequence(file).to_string()
            },
            "a list or a single value"
        ),
    ))
}

/// Whether `k` is a frontmatter key of some dialect (a line of prose that looks like a key is
/// told apart from a real one while the YAML is broken).
pub(super) fn is_known_key(k: &str) -> bool {
    crate::schema::Dialect::ALL
        .iter()
        .any(|d| schema(*d).field(k).is_some())
}

pub(super) fn check_identity_key(
    doc: &Document,
    file: &FileContext,
    key: &str,
    out: &mut Vec<Diagnostic>,
) {
    let entry = doc.yaml().get(key);
    let value = entry.and_then(|e| e.value.as_ref());
    let empty = match value.map(|v| &v.kind) {
        None => true,
        Some(NodeKind::Scalar(s)) => s.ty == ScalarType::Null || s.value.trim().is_empty(),
        _ => false,
    };
    if let Some(d) = null_refused(file, key, entry) {
        out.push(d);
        return;
    }
    if empty && !required_here(doc, file, key) {
        return;
    }
    if let Some(d) = null_in_required_key(file, key, entry) {
        out.push(d);
        return;
    }
    if empty {
        out.extend(missing_identity(doc, file, key, entry));
        return;
    }
    let Some(value) = value else { return };
    // An alias (`*n`) is resolved by the loader; its text is the anchor's.
    if matches!(value.kind, NodeKind::Alias(_)) {
        return;
    }
    let Some(scalar) = value.as_scalar() else {
        out.push(not_text(doc, file, key, entry, value));
        return;
    };
    if scalar.ty != ScalarType::String {
        let mut d = not_a_string(doc, key, value);
        if rejects(file, key) {
            d.severity = Severity::Error;
            d.message = format!("{}: {}", consequence(file), d.message);
        }
        out.push(d);
        return;
    }
    if key == "name" {
        check_name_rules(file, &scalar.value, value.range.clone(), out);
        let s = schema(file.dialect);
        if s.builtin_names_reserved && s.builtin_agents.iter().any(|a| a.name == scalar.value) {
            out.push(Diagnostic::new(
                codes::DUPLICATE_AGENT_NAME,
                Severity::Error,
                value.range.clone(),
                format!(
                    "{}: `{}` is the name of a built-in agent, which comes first and keeps it. Rename this agent.",
                    consequence(file),
                    scalar.value
                ),
            ));
        }
    }
}

/// Whether `key` is required in this file's variant (`required_in` in the data; Gemini CLI's
/// remote agents need no `description`).
fn required_here(doc: &Document, file: &FileContext, key: &str) -> bool {
    let s = schema(file.dialect);
    let Some(field) = s.field(key).filter(|f| !f.required_in.is_empty()) else {
        return true;
    };
    let yaml = doc.yaml();
    let kind = s
        .variant_key
        .as_deref()
        .and_then(|k| yaml.get(k))
        .and_then(|e| e.value.as_ref()?.as_scalar())
        .map(|s| s.value.as_str());
    let keys: Vec<&str> = yaml.entries.iter().map(|e| e.key.as_str()).collect();
    s.variant(kind, &keys)
        .is_none_or(|v| field.required_in.iter().any(|r| r == v))
}

/// `name` or `description` missing or empty: the requirement of the dialect, with a fix that
/// adds it (from the file name, or from the body's first paragraph).
fn missing_identity(
    doc: &Document,
    file: &FileContext,
    key: &str,
    entry: Option<&crate::syntax::Entry>,
) -> Option<Diagnostic> {
    let fm = doc.scan().frontmatter()?;
    let blank = entry
        .and_then(|e| e.value.as_ref()?.as_scalar())
        .is_some_and(|s| s.ty == ScalarType::String);
    let (severity, why) = requirement(file, key, blank)?;
    let code = if key == "name" {
        codes::MISSING_NAME
    } else {
        codes::MISSING_DESCRIPTION
    };
    let (range, state) = match entry {
        Some(e) => (e.key_range.clone(), "is empty"),
        None => (fm.open.clone(), "is missing"),
    };
    let mut d = Diagnostic::new(
        code,
        severity,
        range,
        format!("`{key}` {state}: {why}. Set `{key}`."),
    );
    if key == "name"
        && entry.is_none()
        && let Some(stem) = file
            .file_stem
            .as_deref()
            .map(slug)
            .filter(|s| !s.is_empty())
    {
        let nl = if doc.text().slice(fm.content.clone()).contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        d = d.with_fix(
            Fix::replace(
                format!("Add `name: {stem}`"),
                fm.content.start..fm.content.start,
                format!("name: {stem}{nl}"),
            )
            .preferred(),
        );
    }
    if key == "description"
        && entry.is_none()
        && let Some(summary) = first_paragraph(doc)
    {
        // After `name:` when there is one, else at the top of the block.
        let nl = if doc.text().slice(fm.content.clone()).contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let at = doc
            .yaml()
            .get("name")
            .map(|e| {
                let line = doc.text().rope().byte_to_line(e.range.end);
                doc.text().line_start(line + 1)
            })
            .unwrap_or(fm.content.start)
            .clamp(fm.content.start, fm.content.end);
        d = d.with_fix(Fix::replace(
            "Add a `description` from the first paragraph of the body",
            at..at,
            format!("description: '{}'{nl}", summary.replace('\'', "''")),
        ));
    }
    Some(d)
}

/// `name` or `description` written as a list or a mapping, with the quote fix when a formatter
/// moved a value holding `: ` to the next line.
fn not_text(
    doc: &Document,
    file: &FileContext,
    key: &str,
    entry: Option<&crate::syntax::Entry>,
    value: &YamlNode,
) -> Diagnostic {
    // A list or mapping where text is expected.
    let severity = if rejects(file, key)
        || requirement(file, key, false).is_some_and(|(s, _)| s == Severity::Error)
    {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = Diagnostic::new(
        codes::INVALID_TYPE,
        severity,
        value.range.clone(),
        format!(
            "`{key}` must be text, but YAML reads it as {}. Quote the value.",
            value.describe()
        ),
    );
    // Typically a formatter moved a value holding `: ` to the next line, turning it into a
    // mapping: quoting the lines as they stand restores the intended text.
    if let (
        Some(entry),
        NodeKind::Mapping { flow: false, .. } | NodeKind::Sequence { flow: false, .. },
    ) = (entry, &value.kind)
    {
        let text = doc.text();
        let after_key = text.slice(entry.key_range.end..value.range.start);
        // A `name` holding `: ` stays unusable once quoted (Claude Code refuses `:` in
        // names): no quote fix for it.
        let quoting_helps = key != "name" || !doc.text().slice(value.range.clone()).contains(':');
        if let Some(colon) = after_key.find(':').filter(|_| quoting_helps) {
            let colon_end = entry.key_range.end + colon + 1;
            let raw = text.slice(colon_end..value.range.end);
            let nl = if raw.contains("\r\n") { "\r\n" } else { "\n" };
            let lines: Vec<&str> = raw.lines().collect();
            let (quoted, block) = yaml_errors::requote(&lines, nl);
            d = d
                .with_fix(
                    Fix::replace(
                        format!("Quote the `{key}` value"),
                        colon_end..value.range.end,
                        quoted,
                    )
                    .preferred()
                    .safe(),
                )
                .with_fix(Fix::replace(
                    format!("Turn the `{key}` value into a folded block scalar (`>-`)"),
                    colon_end..value.range.end,
                    block,
                ));
        }
    }
    d
}

/// A number or a boolean where text is expected, with the quote fix.
fn not_a_string(doc: &Document, key: &str, value: &YamlNode) -> Diagnostic {
    let raw = doc.text().slice(value.range.clone());
    Diagnostic::new(
        codes::INVALID_TYPE,
        Severity::Warning,
        value.range.clone(),
        format!(
            "`{key}` should be text, but YAML reads `{raw}` as {}. Quote it.",
            value.describe()
        ),
    )
    .with_fix(
        Fix::replace(
            format!("Quote the `{key}` value"),
            value.range.clone(),
            format!("\"{raw}\""),
        )
        .preferred()
        .safe(),
    )
}

/// The body's first paragraph of prose (not a heading, list or code), as one line of at most
/// about 300 characters, for a `description` the author can then refine.
fn first_paragraph(doc: &Document) -> Option<String> {
    let text = doc.text();
    let start = doc.scan().body_start();
    let first_line = text.rope().byte_to_line(start.min(text.len()));
    let mut lines = Vec::new();
    for l in first_line..text.line_count().min(first_line + 200) {
        let line = text.slice(text.line_start(l)..text.line_content_end(l));
        let t = line.trim();
        if t.is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        if lines.is_empty()
            && (t.starts_with(['#', '-', '*', '>', '|', '<']) || t.starts_with("```"))
        {
            continue;
        }
        lines.push(t.to_string());
    }
    let mut summary = lines.join(" ");
    if summary.chars().count() > 300 {
        let cut: String = summary.chars().take(300).collect();
        summary = match cut.rfind(['.', '!', '?']) {
            Some(i) if i > 40 => cut[..=i].to_string(),
            _ => format!("{}…", cut.trim_end()),
        };
    }
    (!summary.is_empty()).then_some(summary)
}

#[cfg(test)]
mod tests;
