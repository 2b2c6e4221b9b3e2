//! The frontmatter as lines: splitting, indentation, keys, comments and quotes of one line.

use std::ops::Range;

use super::Token;

/// The frontmatter text split into lines.
pub(super) struct FmText<'a> {
    pub(super) text: &'a str,
    pub(super) base: usize,
    /// Start of each line (relative).
    pub(super) starts: Vec<usize>,
}

pub(super) fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$')
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

pub(super) fn is_dash_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ") || content.starts_with("-\t")
}

/// Whether `before` (the start of a line up to the cursor) ends inside a comment.
pub(super) fn in_comment(before: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in before.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '#' && (prev == ' ' || prev == '\t') {
                    return true;
                }
                if (c == '"' || c == '\'') && matches!(prev, ' ' | '\t' | '[' | ',' | '{' | ':') {
                    quote = Some(c);
                }
            }
        }
        prev = c;
    }
    false
}

/// A mapping key at the start of `content`: the key, its range within `content` (inside quotes)
/// and the index of its `:`.
pub(super) fn key_of(content: &str) -> Option<(String, Range<usize>, usize)> {
    let first = content.chars().next()?;
    if first == '"' || first == '\'' {
        let close = content[1..].find(first)? + 1;
        let rest = &content[close + 1..];
        let colon = close + 1 + rest.len() - rest.trim_start().len();
        let after = &content[colon..];
        if after.starts_with(':') && after[1..].chars().next().is_none_or(char::is_whitespace) {
            return Some((content[1..close].to_string(), 1..close, colon));
        }
        return None;
    }
    if matches!(
        first,
        '[' | '{' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' | ',' | ']' | '}'
    ) || is_dash_item(content)
    {
        return None;
    }
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t') => {
                let key = content[..i].trim_end();
                if key.is_empty() || key.contains(" #") || (key.contains('(') && !key.contains(')'))
                {
                    return None;
                }
                return Some((key.to_string(), 0..key.len(), i));
            }
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Strip a trailing comment (` # ...` outside quotes) from a line.
pub(super) fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '#' && (prev == ' ' || prev == '\t') {
                    return line[..i].trim_end();
                }
                if (c == '"' || c == '\'') && matches!(prev, ' ' | '\t' | '[' | ',' | '{' | ':') {
                    quote = Some(c);
                }
            }
        }
        prev = c;
    }
    line.trim_end()
}

/// Decode a short quoted or plain entry.
pub(super) fn unquote(s: &str) -> (String, Option<char>) {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let inner = inner.strip_suffix(q).unwrap_or(inner);
            let text = if q == '\'' {
                inner.replace("''", "'")
            } else {
                inner.replace("\\\"", "\"")
            };
            return (text, Some(q));
        }
    }
    (s.to_string(), None)
}

impl<'a> FmText<'a> {
    pub(super) fn new(text: &'a str, base: usize) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        FmText { text, base, starts }
    }

    pub(super) fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub(super) fn line_of(&self, rel: usize) -> usize {
        match self.starts.binary_search(&rel) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub(super) fn line(&self, i: usize) -> &'a str {
        let start = self.starts[i];
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |n| n.saturating_sub(1));
        let l = &self.text[start..end.max(start)];
        l.strip_suffix('\r').unwrap_or(l)
    }

    pub(super) fn skip(line: &str) -> bool {
        let t = line.trim_start();
        t.is_empty() || t.starts_with('#')
    }

    pub(super) fn token(&self, rel: Range<usize>, cursor_rel: usize) -> Token {
        let text = &self.text[rel.clone()];
        let typed_end = cursor_rel.clamp(rel.start, rel.end);
        Token {
            range: self.base + rel.start..self.base + rel.end,
            text: text.to_string(),
            typed: self.text[rel.start..typed_end].to_string(),
        }
    }
}
