//! Explaining a YAML syntax error the way an author needs it: which key's value broke, why, and
//! a fix. The common real failures are an unquoted `: ` inside a plain `description` value, a
//! value that a formatter wrapped onto an unindented line, and unindented lines inside a block
//! scalar (`<example>` blocks after `description: |`).

use std::ops::Range;

use super::{Diagnostic, Edit, Fix, Severity, codes};

/// A top-level `key:` line and the lines that follow it up to the next one.
#[derive(Clone, Debug)]
struct Segment {
    key: String,
    /// Just after the `:` of the key line.
    colon_end: usize,
    /// The segment's lines (document offsets of their content, without line breaks).
    lines: Vec<Range<usize>>,
}

/// Keys that open lines of example dialogues in descriptions; when the YAML is broken, a line
/// that starts with one of them continues the broken value rather than starting a new key.
const DIALOGUE_KEYS: &[&str] = &[
    "user",
    "assistant",
    "human",
    "context",
    "example",
    "examples",
    "commentary",
    "note",
];

fn key_of_line(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    let ok = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (ok && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// Whether a line reads as a top-level `key:` line.
pub(crate) fn looks_like_key_line(line: &str) -> bool {
    key_of_line(line).is_some()
}

fn segments(text: &str, base: usize) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let content_end = if end > pos && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let line = &text[pos..content_end];
        if let Some(key) = key_of_line(line) {
            out.push(Segment {
                key: key.to_string(),
                colon_end: base + pos + key.len() + 1,
                lines: std::iter::once(base + pos..base + content_end).collect(),
            });
        } else if let Some(seg) = out.last_mut() {
            seg.lines.push(base + pos..base + content_end);
        }
        pos = end + 1;
    }
    out
}

/// Why the YAML failed, and where.
enum Cause {
    /// An unquoted `: ` (or a `:` ending a line) inside a plain value: the value's part on the
    /// line holding it.
    ColonInPlain(Range<usize>),
    /// A continuation line of a plain value starts in column 0 (this line's range).
    WrappedLine(Range<usize>),
    /// A line of a block scalar is not indented (this line's range).
    UnindentedBlock(Range<usize>),
    /// A known key's line is indented, so YAML reads it as more of the value before it (the
    /// indentation's range).
    IndentedKey(String, Range<usize>),
    /// A known key with no space after its colon (`description:text`): the colon's offset.
    KeyWithoutSpace(String, usize),
    /// A known key on a line of its own, without its colon (a half-typed key): the word's range.
    KeyWithoutColon(String, Range<usize>),
}

/// A line among `lines` that is a known key gone wrong: indented, without the space after its
/// colon, or without its colon. These come first: quoting would swallow the key.
fn misplaced_key<'t>(
    lines: &[Range<usize>],
    src: &dyn Fn(Range<usize>) -> &'t str,
    is_known_key: &dyn Fn(&str) -> bool,
) -> Option<Cause> {
    for r in lines.iter().skip(1) {
        let line = src(r.clone());
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        let word_len = trimmed
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        if word_len == 0 {
            continue;
        }
        let word = &trimmed[..word_len];
        if !is_known_key(word) {
            continue;
        }
        let after = &trimmed[word_len..];
        if indent > 0 && (after.starts_with(": ") || after == ":") {
            return Some(Cause::IndentedKey(
                word.to_string(),
                r.start..r.start + indent,
            ));
        }
        if indent == 0
            && after.starts_with(':')
            && after.len() > 1
            && !after[1..].starts_with([' ', '\t'])
        {
            return Some(Cause::KeyWithoutSpace(word.to_string(), r.start + word_len));
        }
        if indent == 0 && after.trim().is_empty() {
            return Some(Cause::KeyWithoutColon(
                word.to_string(),
                r.start..r.start + word_len,
            ));
        }
    }
    None
}

/// Build the `yaml-syntax` diagnostic for a strict-loader error at `offset` (document offset)
/// with the loader's `message`. `text` is the frontmatter YAML starting at `base`;
/// `is_known_key` tells the dialect's keys apart from lines of prose that look like keys.
pub(crate) fn explain(
    text: &str,
    base: usize,
    offset: usize,
    message: &str,
    consequence: &str,
    severity: Severity,
    is_known_key: &dyn Fn(&str) -> bool,
) -> Diagnostic {
    let src = |r: Range<usize>| &text[r.start - base..r.end - base];
    let segs = segments(text, base);
    let generic = || {
        let at = offset.clamp(base, base + text.len());
        let rel = at - base;
        // The token there (up to a space), or the one character that is not one.
        let token = text[rel..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - rel);
        let end = match text[rel..].chars().next() {
            _ if token > 0 => at + token,
            Some(c) if c != '\n' && c != '\r' => at + c.len_utf8(),
            _ => at,
        };
        Diagnostic::new(
            codes::YAML_SYNTAX,
            severity,
            at..end,
            format!(
                "{consequence}: the frontmatter is not valid YAML ({message}). Fix the YAML at this position."
            ),
        )
    };
    let Some((idx, found)) = locate(&segs, offset, &src, is_known_key) else {
        return generic();
    };
    let Some((seg, cause)) = found else {
        if message.contains("quoted scalar")
            && let Some(d) = unclosed_quote(&segs[idx], &src, consequence, severity)
        {
            return d;
        }
        return generic();
    };
    let (range, msg) = describe(&cause, &seg.key, consequence);
    let d = Diagnostic::new(codes::YAML_SYNTAX, severity, range, msg);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    with_fixes(d, cause, &seg, &src, newline)
}

/// The segment holding the error at `offset` (its index) and, when one is found there or in the
/// segment before it, the cause.
fn locate<'t>(
    segs: &[Segment],
    offset: usize,
    src: &dyn Fn(Range<usize>) -> &'t str,
    is_known_key: &dyn Fn(&str) -> bool,
) -> Option<(usize, Option<(Segment, Cause)>)> {
    let is_dialogue = |k: &str| {
        !is_known_key(k)
            && (DIALOGUE_KEYS.contains(&k.to_ascii_lowercase().as_str())
                || k.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    // The segment holding the error: lines of prose that look like keys (`Context: ...`) belong
    // to the value before them.
    let mut idx = segs.iter().rposition(|s| s.lines[0].start <= offset)?;
    while idx > 0 && is_dialogue(&segs[idx].key) {
        idx -= 1;
    }
    // Loaders often report the error on the line after the cause: try the previous segment too.
    let mut found = None;
    for i in [Some(idx), idx.checked_sub(1)].into_iter().flatten() {
        let mut seg = segs[i].clone();
        for next in &segs[i + 1..] {
            if !is_dialogue(&next.key) {
                break;
            }
            seg.lines.extend(next.lines.iter().cloned());
        }
        // Trailing blank lines are not part of the value.
        while seg.lines.len() > 1 && src(seg.lines.last().unwrap().clone()).trim().is_empty() {
            seg.lines.pop();
        }
        if let Some(cause) =
            misplaced_key(&seg.lines, src, is_known_key).or_else(|| find_cause(&seg, src))
        {
            found = Some((seg, cause));
            break;
        }
    }
    Some((idx, found))
}

/// The diagnostic's range and message for a cause found in the value of `key`.
fn describe(cause: &Cause, key: &str, consequence: &str) -> (Range<usize>, String) {
    match cause {
        Cause::ColonInPlain(r) => (
            r.clone(),
            format!(
                "{consequence}: the unquoted `{key}` value contains `: `, which YAML reads as the start of a nested key. Quote the value or turn it into a block scalar."
            ),
        ),
        Cause::WrappedLine(r) => (
            r.clone(),
            format!(
                "{consequence}: the `{key}` value continues on a line that is not indented, so YAML reads that line as a new key. Indent the continuation or quote the value."
            ),
        ),
        Cause::UnindentedBlock(r) => (
            r.clone(),
            format!(
                "{consequence}: a line of the `{key}` block scalar is not indented, so YAML ends the block before it. Indent every line of the block."
            ),
        ),
        Cause::IndentedKey(k, r) => (
            r.end..r.end + k.len(),
            format!(
                "{consequence}: `{k}` is indented, so YAML reads it as more of the `{key}` value instead of a key of its own. Remove the indentation."
            ),
        ),
        Cause::KeyWithoutSpace(k, at) => (
            *at - k.len()..*at + 1,
            format!(
                "{consequence}: `{k}:` needs a space after the colon, or YAML does not read it as a key. Add a space."
            ),
        ),
        Cause::KeyWithoutColon(k, r) => (
            r.clone(),
            format!("{consequence}: `{k}` needs a `:` to be a key. Add `: ` and its value."),
        ),
    }
}

/// The fixes of a cause: what repairs the value of `seg` as the author meant it.
fn with_fixes<'t>(
    mut d: Diagnostic,
    cause: Cause,
    seg: &Segment,
    src: &dyn Fn(Range<usize>) -> &'t str,
    newline: &str,
) -> Diagnostic {
    let key = &seg.key;
    let value_end = seg.lines.last().map_or(seg.colon_end, |r| r.end);
    match cause {
        Cause::IndentedKey(k, r) => {
            d = d.with_fix(
                Fix::replace(format!("Unindent `{k}`"), r, "")
                    .preferred()
                    .safe(),
            );
        }
        Cause::KeyWithoutSpace(k, at) => {
            d = d.with_fix(
                Fix::replace(format!("Add a space after `{k}:`"), at + 1..at + 1, " ")
                    .preferred()
                    .safe(),
            );
        }
        Cause::KeyWithoutColon(k, r) => {
            d = d.with_fix(Fix::replace(
                format!("Add `:` after `{k}`"),
                r.end..r.end,
                ": ",
            ));
        }
        Cause::ColonInPlain(_) | Cause::WrappedLine(_) => {
            let mut lines: Vec<&str> = Vec::new();
            for (i, r) in seg.lines.iter().enumerate() {
                let from = if i == 0 { seg.colon_end } else { r.start };
                lines.push(src(from..r.end).trim());
            }
            let (quoted, block) = requote(&lines, newline);
            let r = seg.colon_end..value_end;
            d = d
                .with_fix(
                    Fix::replace(format!("Quote the `{key}` value"), r.clone(), quoted)
                        .preferred()
                        .safe(),
                )
                .with_fix(Fix::replace(
                    format!("Turn the `{key}` value into a folded block scalar (`>-`)"),
                    r,
                    block,
                ));
        }
        Cause::UnindentedBlock(_) => {
            let indent = seg
                .lines
                .iter()
                .skip(1)
                .map(|r| src(r.clone()))
                .find(|l| l.starts_with(' ') && !l.trim().is_empty())
                .map_or(2, |l| l.len() - l.trim_start_matches(' ').len());
            let pad = " ".repeat(indent);
            let edits: Vec<Edit> = seg
                .lines
                .iter()
                .skip(1)
                .filter(|r| src((*r).clone()).starts_with(|c: char| !c.is_whitespace()))
                .map(|r| Edit {
                    range: r.start..r.start,
                    new_text: pad.clone(),
                })
                .collect();
            d = d.with_fix(
                Fix::new(format!("Indent the `{key}` block"), edits)
                    .preferred()
                    .safe(),
            );
        }
    }
    d
}

/// A value's lines rewritten as a single-quoted scalar and as a folded block scalar, each
/// starting with the space after `key:`. Both keep the meaning of the lines read as one plain
/// multi-line value: lines joined by spaces, blank lines kept as line breaks.
pub(crate) fn requote(lines: &[&str], newline: &str) -> (String, String) {
    let mut lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let indent = |l: &str| {
        if l.is_empty() {
            String::new()
        } else {
            format!("  {l}")
        }
    };
    let mut quoted = String::from(" '");
    for (i, l) in lines.iter().enumerate() {
        let l = l.replace('\'', "''");
        quoted.push_str(&if i == 0 {
            l
        } else {
            format!("{newline}{}", indent(&l))
        });
    }
    quoted.push('\'');
    let block = format!(
        " >-{newline}{}",
        lines
            .iter()
            .map(|l| indent(l))
            .collect::<Vec<_>>()
            .join(newline)
    );
    (quoted, block)
}

/// A quoted value whose closing quote is missing (on its line): name it and close it.
fn unclosed_quote<'t>(
    seg: &Segment,
    src: &dyn Fn(Range<usize>) -> &'t str,
    consequence: &str,
    severity: Severity,
) -> Option<Diagnostic> {
    let line = seg.lines[0].clone();
    let rest = src(seg.colon_end..line.end);
    let lead = rest.len() - rest.trim_start().len();
    let q = rest
        .trim_start()
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let open = seg.colon_end + lead;
    let inner = &rest[lead + 1..];
    // Closed on its own line (a problem elsewhere): not this case.
    let closed = match q {
        '"' => {
            let mut escaped = false;
            inner.chars().any(|c| {
                let hit = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                hit
            })
        }
        _ => inner.replace("''", "").contains('\''),
    };
    if closed {
        return None;
    }
    let key = &seg.key;
    let end = line.end - src(line.clone()).len() + src(line.clone()).trim_end().len();
    let d = Diagnostic::new(
        codes::YAML_SYNTAX,
        severity,
        open..end,
        format!(
            "{consequence}: the `{key}` value opens a `{q}` quote that is never closed, so YAML reads on into the lines below. Add the closing `{q}` at the end of the value."
        ),
    );
    Some(
        d.with_fix(
            Fix::replace("Close the quote", end..end, q.to_string())
                .preferred()
                .safe(),
        ),
    )
}

fn find_cause<'t>(seg: &Segment, src: &dyn Fn(Range<usize>) -> &'t str) -> Option<Cause> {
    let value_first = src(seg.colon_end..seg.lines[0].end).trim_start();
    let value_line_first = if value_first.is_empty() {
        seg.lines
            .iter()
            .skip(1)
            .map(|r| src(r.clone()).trim_start())
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    } else {
        value_first
    };
    if value_first.is_empty()
        && (value_line_first.contains(": ") || value_line_first.ends_with(':'))
    {
        // A nested block mapping: not a plain scalar, nothing to explain here.
        return None;
    }
    let unindented = || {
        seg.lines
            .iter()
            .skip(1)
            .find(|r| src((*r).clone()).starts_with(|c: char| !c.is_whitespace() && c != '#'))
            .cloned()
    };
    match value_line_first.chars().next() {
        Some('|' | '>') => unindented().map(Cause::UnindentedBlock),
        Some('"' | '\'' | '[' | '{' | '&' | '*' | '!' | '%' | '@' | '`') | None => None,
        Some(_) => {
            // Search the value for `: ` or a line-final `:`.
            for (i, r) in seg.lines.iter().enumerate() {
                let from = if i == 0 { seg.colon_end } else { r.start };
                let line = src(from..r.end);
                if line.contains(": ") || line.contains(":\t") || line.ends_with(':') {
                    // A line in column 0 that reads as `key:` is a wrapped line, not a colon.
                    if i > 0 && !line.starts_with([' ', '\t']) && key_of_line(line).is_some() {
                        return Some(Cause::WrappedLine(r.clone()));
                    }
                    let lead = line.len() - line.trim_start().len();
                    return Some(Cause::ColonInPlain(
                        from + lead..from + line.trim_end().len(),
                    ));
                }
            }
            unindented().map(Cause::WrappedLine)
        }
    }
}

#[cfg(test)]
#[path = "yaml_errors/tests.rs"]
mod tests;
