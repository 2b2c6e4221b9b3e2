//! What the tests of every crate share, so that each helper exists once:
//!
//! - where the inputs are: [`repo_root`], [`corpus_dir`] (fails, saying where it looked, when the
//!   shared corpus is missing: a test never passes silently without its inputs);
//! - walking folders: [`files_under`] and [`markdown_files`] (sorted; an unreadable folder fails
//!   the test);
//! - cursor markers: [`cursor`] (a fixture with one `$0` → the text and the byte offset) and
//!   [`cursor_in`] (a marked snippet of a longer text → its byte offset there);
//! - [`annotate`]: a text with byte ranges drawn under its lines (`^^^ label`), for snapshots a
//!   reviewer reads as source;
//! - [`line_starts`]: a naive reference for where LSP lines start;
//! - [`dump`]: every node of a tree-sitter tree, for exact tree comparisons.

use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

// ---------------------------------------------------------------------------------------------
// Inputs

/// The repository root (the folder holding the workspace `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support/ has a parent folder")
        .to_path_buf()
}

/// The shared corpus of real agent files: `<repo>/../shared/corpus` (CI clones the repository
/// with `shared/` beside it). Panics, naming the folder it looked for, when it is absent.
pub fn corpus_dir() -> PathBuf {
    let dir = repo_root().join("..").join("shared").join("corpus");
    assert!(
        dir.is_dir(),
        "the corpus folder {} is missing: clone the shared folder beside the repository \
         (it is always present in CI)",
        dir.display()
    );
    dir.canonicalize().unwrap_or(dir)
}

/// A folder of the shared corpus (`wshobson-agents`, ...). Panics when it is absent.
pub fn corpus_subdir(name: &str) -> PathBuf {
    let dir = corpus_dir().join(name);
    assert!(
        dir.is_dir(),
        "the corpus folder {} is missing",
        dir.display()
    );
    dir
}

// ---------------------------------------------------------------------------------------------
// Walking folders

/// Every file under `dir` (following symbolic links to folders), sorted. Panics when a folder
/// cannot be read, so that a missing input never reads as "nothing to check".
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every `.md` file under `dir`, sorted (see [`files_under`]).
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = files_under(dir);
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files
}

// ---------------------------------------------------------------------------------------------
// Cursor markers

/// The cursor marker in fixtures.
pub const CURSOR: &str = "$0";

/// A fixture with one `$0` cursor marker: the text without it and the marker's byte offset.
/// Panics unless there is exactly one marker.
pub fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture
        .find(CURSOR)
        .unwrap_or_else(|| panic!("the fixture has no `{CURSOR}` cursor: {fixture:?}"));
    assert!(
        !fixture[at + CURSOR.len()..].contains(CURSOR),
        "the fixture has more than one `{CURSOR}`: {fixture:?}"
    );
    let text = format!("{}{}", &fixture[..at], &fixture[at + CURSOR.len()..]);
    (text, at)
}

/// The byte offset in `text` of the `$0` in `snippet`, a piece of `text` with a cursor marker
/// in it: `cursor_in(text, "subagent_type: \"co$0de-reviewer\"")`. Panics unless the snippet
/// (without its marker) occurs exactly once in `text`.
pub fn cursor_in(text: &str, snippet: &str) -> usize {
    let (plain, at) = cursor(snippet);
    let mut found = text.match_indices(plain.as_str());
    let (start, _) = found
        .next()
        .unwrap_or_else(|| panic!("{plain:?} is not in the text:\n{text}"));
    assert!(
        found.next().is_none(),
        "{plain:?} occurs more than once in the text: make the snippet longer"
    );
    start + at
}

// ---------------------------------------------------------------------------------------------
// Annotated source

/// A byte range of a text to draw under its lines.
#[derive(Clone, Debug)]
pub struct Annotation {
    pub range: Range<usize>,
    /// The character drawn under the range (`^` for diagnostics, `-` for related places, `~`
    /// for edits).
    pub marker: char,
    /// Written after the markers on the first line of the range.
    pub label: String,
    /// Lines written under the label, indented.
    pub notes: Vec<String>,
}

impl Annotation {
    pub fn new(range: Range<usize>, marker: char, label: impl Into<String>) -> Annotation {
        Annotation {
            range,
            marker,
            label: label.into(),
            notes: Vec::new(),
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Annotation {
        self.notes.push(note.into());
        self
    }
}

/// How a character of the source is shown: invisible characters are made visible (`␉` a tab,
/// `<U+FEFF>` a BOM, `<U+0007>` a control character, ...).
fn shown(c: char) -> String {
    match c {
        '\t' => "␉".to_string(),
        c if c.is_control() || c == '\u{feff}' || c.width() == Some(0) => {
            format!("<U+{:04X}>", u32::from(c))
        }
        c => c.to_string(),
    }
}

/// The columns `c` takes once shown.
fn shown_width(c: char) -> usize {
    match c {
        '\t' => 1,
        c if c.is_control() || c == '\u{feff}' || c.width() == Some(0) => shown(c).len(),
        c => c.width().unwrap_or(1),
    }
}

/// One line of a text.
struct Line {
    start: usize,
    /// The end of its content, before the line break.
    content_end: usize,
    /// Its line break: `""` (the end of the text), `"\n"`, `"\r\n"` or `"\r"`.
    break_: &'static str,
}

fn lines(text: &str) -> Vec<Line> {
    let starts = line_starts(text);
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let raw = &text[start..end];
            let break_ = if raw.ends_with("\r\n") {
                "\r\n"
            } else if raw.ends_with('\n') {
                "\n"
            } else if raw.ends_with('\r') {
                "\r"
            } else {
                ""
            };
            Line {
                start,
                content_end: end - break_.len(),
                break_,
            }
        })
        .collect()
}

/// `text` line by line behind a gutter of 1-based line numbers, and under each line the
/// annotations that start there: markers under the exact range, then the label, then the notes
/// (indented). An empty range gets one marker; a range over several lines is marked to the end
/// of its first line (with the label), and on each further line (with `(continued)`).
///
/// ```text
/// 3 | description: Use this agent when: the user asks
///   |                                 ^ error[yaml-syntax] Quote the value
///   |                                   fix: ...
/// ```
///
/// Line breaks other than `\n` are shown (`␍` for `\r\n`, `␍ (a lone CR)`), as are spaces at the
/// end of a line (`·`), and a missing final line break (`⏎ (no line break at the end)`). The
/// empty line after a final line break is shown only when an annotation starts there. Panics
/// when a range is not on character boundaries of `text`.
pub fn annotate(text: &str, annotations: &[Annotation]) -> String {
    render(text, annotations, false)
}

/// Like [`annotate`], but only the lines the annotations cover: for inline expectations of
/// where a range is (`2 | name: code-reviewer` over `  |       ^^^^^^^^^^^^^`).
pub fn excerpt(text: &str, annotations: &[Annotation]) -> String {
    render(text, annotations, true)
}

fn render(text: &str, annotations: &[Annotation], only_covered: bool) -> String {
    for a in annotations {
        assert!(
            a.range.start <= a.range.end
                && text.is_char_boundary(a.range.start)
                && text.is_char_boundary(a.range.end),
            "{:?} is not a range of character boundaries in {text:?}",
            a.range
        );
    }
    let lines = lines(text);
    let starts: Vec<usize> = lines.iter().map(|l| l.start).collect();
    let line_of = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
    // The lines each annotation covers: (first, last).
    let covered: Vec<(usize, usize)> = annotations
        .iter()
        .map(|a| {
            let first = line_of(a.range.start);
            let mut last = line_of(a.range.end);
            // A range that ends just after a line break ends on the line before.
            if last > first && starts[last] == a.range.end {
                last -= 1;
            }
            (first, last)
        })
        .collect();
    // As wide as the largest line number shown.
    let shown_lines = if only_covered {
        covered.iter().map(|&(_, last)| last + 1).max().unwrap_or(1)
    } else {
        lines.len()
    };
    let gutter = shown_lines.to_string().len();
    let blank = format!("{:gutter$} |", "");
    let mut out = String::new();
    let push_line = |out: &mut String, s: String| {
        out.push_str(s.trim_end());
        out.push('\n');
    };
    for (i, line) in lines.iter().enumerate() {
        let is_trailing_empty = i > 0 && i + 1 == lines.len() && line.start == text.len();
        if is_trailing_empty && !covered.iter().any(|&(first, _)| first == i) {
            break;
        }
        if only_covered
            && !covered
                .iter()
                .any(|&(first, last)| (first..=last).contains(&i))
        {
            continue;
        }
        let content = &text[line.start..line.content_end];
        let body = content.trim_end_matches([' ', '\t']);
        let mut shown_line: String = body.chars().map(shown).collect();
        for c in content[body.len()..].chars() {
            shown_line.push(if c == ' ' { '·' } else { '␉' });
        }
        match line.break_ {
            "\r\n" => shown_line.push('␍'),
            "\r" => shown_line.push_str("␍ (a lone CR)"),
            "" if !text.is_empty() && !is_trailing_empty => {
                shown_line.push_str(" ⏎ (no line break at the end)")
            }
            _ => {}
        }
        push_line(&mut out, format!("{:>gutter$} | {shown_line}", i + 1));
        let col = |byte: usize| -> usize { text[line.start..byte].chars().map(shown_width).sum() };
        for (a, &(first, last)) in annotations.iter().zip(&covered) {
            if !(first..=last).contains(&i) {
                continue;
            }
            let from = a.range.start.max(line.start).min(line.content_end);
            let to = a.range.end.min(line.content_end).max(from);
            let start = col(from);
            let width = (col(to) - start).max(1);
            let markers: String = std::iter::repeat_n(a.marker, width).collect();
            let label = if i == first {
                a.label.as_str()
            } else {
                "(continued)"
            };
            push_line(&mut out, format!("{blank} {:start$}{markers} {label}", ""));
            if i == first {
                for note in &a.notes {
                    push_line(&mut out, format!("{blank} {:start$}{note}", ""));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Byte offsets where LSP lines start (breaks: `\n`, `\r\n`, `\r`), computed naively: the
/// reference the position code is compared with.
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 1;
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

// ---------------------------------------------------------------------------------------------
// Trees

/// Every node of a tree with its kind, byte range and flags, in document order: stricter than
/// `to_sexp`, which leaves out positions and anonymous nodes.
pub fn dump(tree: Option<&tree_sitter::Tree>) -> String {
    let Some(tree) = tree else {
        return "<none>".to_string();
    };
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        out.push_str(&format!(
            "{:depth$}{} {:?}{}{}\n",
            "",
            n.kind(),
            n.byte_range(),
            if n.is_missing() { " MISSING" } else { "" },
            if n.is_error() { " ERROR" } else { "" },
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_markers() {
        assert_eq!(cursor("ab$0c"), ("abc".to_string(), 2));
        assert_eq!(cursor_in("x: abc\ny: abd\n", "ab$0d"), 12);
    }

    #[test]
    #[should_panic(expected = "more than once")]
    fn an_ambiguous_snippet_is_refused() {
        cursor_in("ab ab", "a$0b");
    }

    #[test]
    fn line_starts_count_every_line_break() {
        assert_eq!(line_starts("a😀b\r\n漢c\rd\ne"), [0, 8, 13, 15]);
    }

    #[test]
    fn annotations_sit_under_their_range() {
        let text = "---\r\nname: 😀 x\r\n\tdesc: a·b  \r\n---";
        let name = text.find("x").unwrap();
        let tab = text.find('\t').unwrap();
        let all = [
            Annotation::new(name..name + 1, '^', "error[code] here").note("fix: this"),
            Annotation::new(tab..tab + 6, '-', "related"),
            Annotation::new(0..text.len(), '~', "everything"),
            Annotation::new(text.len()..text.len(), '^', "at the end"),
        ];
        assert_eq!(
            annotate(text, &all),
            "1 | ---␍
  | ~~~ everything
2 | name: 😀 x␍
  |          ^ error[code] here
  |          fix: this
  | ~~~~~~~~~~ (continued)
3 | ␉desc: a·b··␍
  | ------ related
  | ~~~~~~~~~~~~ (continued)
4 | --- ⏎ (no line break at the end)
  | ~~~ (continued)
  |    ^ at the end
"
        );
    }

    #[test]
    fn excerpts_show_only_the_covered_lines() {
        let text = "a\nbcd\ne\n";
        assert_eq!(
            excerpt(text, &[Annotation::new(3..5, '^', "")]),
            "2 | bcd\n  |  ^^\n"
        );
    }

    #[test]
    fn the_empty_line_after_the_last_break_only_when_pointed_at() {
        assert_eq!(annotate("a\n", &[]), "1 | a\n");
        assert_eq!(
            annotate("a\n", &[Annotation::new(2..2, '^', "end")]),
            "1 | a\n2 |\n  | ^ end\n"
        );
        assert_eq!(
            annotate("", &[Annotation::new(0..0, '^', "empty")]),
            "1 |\n  | ^ empty\n"
        );
    }
}
