//! Claude Code's second attempt at a frontmatter its YAML parser rejected.
//!
//! Observed on Claude Code 2.1.332: when the parse throws, every line of the form
//! `key: value` (a key of ASCII letters, `_` and `-`, at the start of the line) whose value is
//! not already quoted, is not a `[...]` list that parses, and holds `: ` or one of
//! `{ } [ ] * & # ! | > % @` and a backtick, is rewritten as `key: "value"` (escaping `\` and
//! `"`); then leading tabs become two spaces each; then the text is parsed once more. A line
//! that ends in `\r` never matches (the pattern's `.` stops at it), so CRLF files get no help.

use std::ops::Range;

/// The rewritten text and how to map a position in it back to the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    pub text: String,
    /// The keys whose values were quoted, with the original range of each value.
    pub quoted: Vec<(String, Range<usize>)>,
    /// Whether any leading tab was replaced.
    pub tabs: bool,
    lines: Vec<LineMap>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct LineMap {
    original: usize,
    rewritten: usize,
    /// For a quoted line: (value start in the original, value start in the rewritten line).
    value: Option<(usize, usize)>,
    /// Leading tabs replaced on this line.
    tabs: usize,
}

/// Characters (besides `: `) that make the retry quote a value.
const LOSSY: &[char] = &[
    '{', '}', '[', ']', '*', '&', '#', '!', '|', '>', '%', '@', '`',
];

/// JavaScript's `.` does not match these.
fn js_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `^([a-zA-Z_-]+):\s+(\S.*)$` on one line: the key and the offset of the value in the line.
fn key_value(line: &str) -> Option<(&str, usize)> {
    let key_len = line
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'-')
        .count();
    if key_len == 0 || line.as_bytes().get(key_len) != Some(&b':') {
        return None;
    }
    let after = &line[key_len + 1..];
    let spaces: usize = after
        .chars()
        .take_while(|&c| js_space(c) && !js_line_terminator(c))
        .map(char::len_utf8)
        .sum();
    if spaces == 0 || after[spaces..].is_empty() || after[spaces..].chars().any(js_line_terminator)
    {
        return None;
    }
    Some((&line[..key_len], key_len + 1 + spaces))
}

/// Whether the retry quotes this value; `parses_as_list` answers for `[...]` values.
fn needs_quoting(value: &str, parses_as_list: &dyn Fn(&str) -> bool) -> bool {
    let wrapped = |q: char| value.starts_with(q) && value.ends_with(q);
    if wrapped('"') || wrapped('\'') {
        return false;
    }
    if value.starts_with('[') && value.ends_with(']') && parses_as_list(value) {
        return false;
    }
    value.contains(LOSSY) || value.contains(": ")
}

/// The retry's rewrite of `yaml`, or `None` when it changes nothing (the retry then fails the
/// same way).
pub fn rewrite(yaml: &str, parses_as_list: &dyn Fn(&str) -> bool) -> Option<Rewrite> {
    let mut text = String::with_capacity(yaml.len() + 64);
    let mut quoted = Vec::new();
    let mut lines = Vec::new();
    let mut any_tabs = false;
    let mut pos = 0;
    for (i, line) in yaml.split('\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let out_start = text.len();
        let mut value_map = None;
        let quoted_line = key_value(line).and_then(|(key, at)| {
            let value = &line[at..];
            needs_quoting(value, parses_as_list).then_some((key, at, value))
        });
        let body: std::borrow::Cow<'_, str> = match quoted_line {
            Some((key, at, value)) => {
                quoted.push((key.to_string(), pos + at..pos + line.len()));
                let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
                value_map = Some((pos + at, out_start + key.len() + 3));
                format!("{key}: \"{escaped}\"").into()
            }
            None => line.into(),
        };
        // `^\t+` with the `m` flag: at the start of every line (JavaScript also starts lines
        // after `\r`, `\u2028` and `\u2029`).
        let mut tabs = 0;
        let mut at_line_start = true;
        for c in body.chars() {
            if at_line_start && c == '\t' {
                text.push_str("  ");
                tabs += 1;
                continue;
            }
            at_line_start = js_line_terminator(c);
            text.push(c);
        }
        any_tabs |= tabs > 0;
        lines.push(LineMap {
            original: pos,
            rewritten: out_start,
            value: value_map,
            tabs,
        });
        pos += line.len() + 1;
    }
    if quoted.is_empty() && !any_tabs {
        return None;
    }
    Some(Rewrite {
        text,
        quoted,
        tabs: any_tabs,
        lines,
    })
}

impl Rewrite {
    /// A position in the rewritten text, as a position in the original (clamped to its line).
    pub fn original_offset(&self, at: usize, original: &str) -> usize {
        let idx = self
            .lines
            .partition_point(|l| l.rewritten <= at)
            .saturating_sub(1);
        let Some(line) = self.lines.get(idx) else {
            return 0;
        };
        let line_end = original[line.original..]
            .find('\n')
            .map_or(original.len(), |i| line.original + i);
        let col = at - line.rewritten;
        let mapped = match line.value {
            Some((orig_value, new_value)) if at >= new_value => orig_value + (at - new_value),
            _ if line.tabs > 0 => {
                let widened = 2 * line.tabs;
                line.original
                    + if col < widened {
                        col / 2
                    } else {
                        col - line.tabs
                    }
            }
            _ => line.original + col,
        };
        let mut mapped = mapped.min(line_end);
        while !original.is_char_boundary(mapped) {
            mapped -= 1;
        }
        mapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &str) -> bool {
        false
    }

    #[test]
    fn lossy_values_are_quoted() {
        let r = rewrite(
            "name: a\ndescription: Use when: asked \"now\"\ntools: Read\n",
            &never,
        )
        .unwrap();
        assert_eq!(
            r.text,
            "name: a\ndescription: \"Use when: asked \\\"now\\\"\"\ntools: Read\n"
        );
        assert_eq!(r.quoted.len(), 1);
        for v in ["@x", "*", "`a`", "a # b", "a | b", "100%"] {
            assert!(rewrite(&format!("d: {v}\n"), &never).is_some(), "{v}");
        }
    }

    #[test]
    fn left_alone() {
        assert_eq!(rewrite("d: 'a: b'\n", &never), None);
        assert_eq!(rewrite("d: \"a: b\"\n", &never), None);
        assert_eq!(rewrite("d: [a, b]\n", &|_| true), None);
        assert_eq!(rewrite("d: plain\n  x: y\n", &never), None);
        assert_eq!(rewrite("key2: a: b\n", &never), None);
        assert_eq!(rewrite("d:a: b\n", &never), None);
        // CRLF lines never match.
        assert_eq!(rewrite("d: a: b\r\n", &never), None);
    }

    #[test]
    fn leading_tabs_become_spaces_and_positions_map_back() {
        let yaml = "tools:\n\t- Read\n\t\t- Grep\n";
        let r = rewrite(yaml, &never).unwrap();
        assert_eq!(r.text, "tools:\n  - Read\n    - Grep\n");
        let at = r.text.find("Grep").unwrap();
        assert_eq!(r.original_offset(at, yaml), yaml.find("Grep").unwrap());
        let yaml = "description: a: b\nx: [\n";
        let r = rewrite(yaml, &never).unwrap();
        let at = r.text.find("b\"").unwrap();
        assert_eq!(r.original_offset(at, yaml), yaml.find("b\n").unwrap());
        assert_eq!(
            r.original_offset(r.text.find('[').unwrap(), yaml),
            yaml.find('[').unwrap()
        );
    }
}
