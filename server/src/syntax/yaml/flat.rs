//! The frontmatter most files have, lowered without a parser: one `key: value` per line, each
//! value a one-line plain or quoted scalar or a one-line flow list of those. Nine in ten files of
//! the corpus are written so, and tree-sitter-yaml takes about 40 ns a byte on them (its
//! grammar keeps several parse stacks alive through every plain scalar), which made it the
//! largest single cost of `agentls check`.
//!
//! Anything else (a comment, an empty value, a block list, a number or a word YAML may read as
//! one, an escape, a tab...) answers `None`, and the tree-sitter lowering decides. Where this
//! answers, it answers exactly what that lowering gives: the tests compare the two on every
//! file of the corpus and on generated frontmatter.

use super::{Entry, NodeKind, Scalar, ScalarStyle, ScalarType, YamlDoc, YamlNode};
use super::{decode_double_quoted, fold_lines};

/// The lowered document of `text` (the frontmatter's YAML, which starts at `base` in the
/// document), when every line of it is a flat entry; else `None`.
pub fn lower(text: &str, base: usize) -> Option<YamlDoc> {
    if !text.chars().all(plain_char) {
        return None;
    }
    let mut doc = YamlDoc::default();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if !content.is_empty() {
            doc.entries.push(entry(content, base + start)?);
        }
        start += line.len();
    }
    (!doc.entries.is_empty()).then_some(doc)
}

/// No control character but the line break, and none of the characters YAML parsers read as
/// line breaks or byte order marks.
fn plain_char(c: char) -> bool {
    c == '\n' || !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}'))
}

/// `key: value` at column 0: the key a word of letters, digits, `_` and `-`.
fn entry(line: &str, at: usize) -> Option<Entry> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let mut chars = key.chars();
    let first = chars.next()?;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !(first.is_ascii_alphabetic() || first == '_') || !chars.all(word) {
        return None;
    }
    let after = &line[colon + 1..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let raw = after[spaces..].trim_end_matches(' ');
    if spaces == 0 || raw.is_empty() {
        return None;
    }
    let value_at = at + colon + 1 + spaces;
    let value = if raw.starts_with('[') {
        list(raw, value_at)?
    } else {
        scalar(raw, value_at, false)?
    };
    Some(Entry {
        key: key.to_string(),
        key_range: at..at + colon,
        range: at..value.range.end,
        value: Some(value),
    })
}

/// `[a, 'b', "c"]` on one line, without nesting, empty items or a trailing comma.
fn list(raw: &str, at: usize) -> Option<YamlNode> {
    let inner = raw.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    if !inner.trim_matches(' ').is_empty() {
        let mut offset = at + 1;
        for part in inner.split(',') {
            let lead = part.len() - part.trim_start_matches(' ').len();
            let item = part.trim_matches(' ');
            if item.is_empty() {
                return None;
            }
            items.push(scalar(item, offset + lead, true)?);
            offset += part.len() + 1;
        }
    }
    Some(YamlNode {
        range: at..at + raw.len(),
        kind: NodeKind::Sequence { items, flow: true },
        tag: None,
    })
}

/// A one-line scalar (`raw` trimmed) at `at`; `in_list`: inside `[...]`, where `,`, brackets
/// and braces end a plain scalar.
fn scalar(raw: &str, at: usize, in_list: bool) -> Option<YamlNode> {
    let (style, ty, value) = match raw.as_bytes()[0] {
        b'\'' => {
            let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
            if inner.contains('\'') {
                return None;
            }
            (
                ScalarStyle::SingleQuoted,
                ScalarType::String,
                fold_lines(inner),
            )
        }
        b'"' => {
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            if inner.contains(['"', '\\']) {
                return None;
            }
            (
                ScalarStyle::DoubleQuoted,
                ScalarType::String,
                decode_double_quoted(inner),
            )
        }
        _ => {
            let ty = plain_type(raw, in_list)?;
            (ScalarStyle::Plain, ty, fold_lines(raw))
        }
    };
    Some(YamlNode {
        range: at..at + raw.len(),
        kind: NodeKind::Scalar(Scalar { style, ty, value }),
        tag: None,
    })
}

/// The type of a plain scalar that surely is one (a word, a sentence, a path, a whole number or
/// `true`/`false`), or `None` for what only the parser should judge: indicators at the start,
/// `: ` or ` #` inside, and whatever YAML 1.1 or 1.2 may read as a number, a date or null.
fn plain_type(raw: &str, in_list: bool) -> Option<ScalarType> {
    if raw.contains(": ") || raw.contains(" #") || raw.ends_with(':') {
        return None;
    }
    if in_list && raw.contains([',', '[', ']', '{', '}']) {
        return None;
    }
    let first = raw.chars().next()?;
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        // Not `0`-led: YAML 1.1 reads `010` as octal.
        return (raw == "0" || first != '0').then_some(ScalarType::Integer);
    }
    if matches!(raw, "true" | "false") {
        return Some(ScalarType::Boolean);
    }
    let letter_led = first.is_alphabetic() || matches!(first, '/' | '(' | '<');
    if !letter_led || first.is_ascii_digit() {
        return None;
    }
    // Words some YAML reads as booleans or null, in any case.
    const READ_AS_OTHER: [&str; 11] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
    ];
    if READ_AS_OTHER.iter().any(|w| raw.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some(ScalarType::String)
}

#[cfg(test)]
mod tests;
