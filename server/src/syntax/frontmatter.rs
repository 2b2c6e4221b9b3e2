//! Where the frontmatter is: a small line scanner with a defined policy while the user types.
//!
//! tree-sitter-md's `minus_metadata` token is not used for this: it vanishes while the closing
//! `---` is missing and swallows the body when the closing line is deleted. The policy here:
//! - the frontmatter opens with a `---` line at the very start of the file (after a BOM);
//! - it closes at the first following `---` line (indentation and trailing spaces allowed:
//!   Claude Code ends the block at an indented `---` too);
//! - without a closing line it is *unterminated*: for analysis its YAML runs to the first blank
//!   line (or the end of the file), and the body starts after that.

use std::ops::Range;

use crate::text::TextBuffer;

/// Where the frontmatter block is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frontmatter {
    /// The opening `---`, without its line break.
    pub open: Range<usize>,
    /// The YAML text between the delimiter lines (from the start of the line after the opening
    /// delimiter to the start of the closing line).
    pub content: Range<usize>,
    /// The closing `---`, without its line break; `None` when the block is unterminated.
    pub close: Option<Range<usize>>,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// The result of scanning a document's first lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontmatterScan {
    Found(Frontmatter),
    /// No frontmatter. `misplaced` is the `---` of a block that would be frontmatter but does not
    /// start on the first line (blank lines or indentation before it).
    Absent {
        misplaced: Option<Range<usize>>,
    },
}

impl FrontmatterScan {
    pub fn frontmatter(&self) -> Option<&Frontmatter> {
        match self {
            FrontmatterScan::Found(f) => Some(f),
            FrontmatterScan::Absent { .. } => None,
        }
    }

    /// Where the Markdown body starts.
    pub fn body_start(&self) -> usize {
        self.frontmatter().map_or(0, |f| f.body_start)
    }
}

const BOM: &str = "\u{feff}";

/// One line: its start, the end of its content and the start of the next line.
struct Line {
    start: usize,
    content_end: usize,
    next: usize,
}

fn lines(buf: &TextBuffer, from_line: usize) -> impl Iterator<Item = Line> + '_ {
    (from_line..buf.line_count()).map(move |l| Line {
        start: buf.line_start(l),
        content_end: buf.line_content_end(l),
        next: buf.line_start(l + 1),
    })
}

fn is_delimiter(text: &str) -> bool {
    text.strip_prefix("---")
        .is_some_and(|rest| rest.chars().all(|c| c == ' ' || c == '\t'))
}

/// Scan the start of `buf` for frontmatter. Work is proportional to the frontmatter's size (or,
/// when it is unterminated, to the distance to the first blank line).
pub fn scan(buf: &TextBuffer) -> FrontmatterScan {
    let rope = buf.rope();
    let mut iter = lines(buf, 0).peekable();
    let Some(first) = iter.next() else {
        return FrontmatterScan::Absent { misplaced: None };
    };
    let first_text = rope.byte_slice(first.start..first.content_end).to_string();
    let bom = if first_text.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    if !is_delimiter(&first_text[bom..]) {
        return FrontmatterScan::Absent {
            misplaced: misplaced(buf, first, &first_text[bom..], bom),
        };
    }
    let open = first.start + bom..first.start + bom + 3;
    let content_start = first.next;
    let mut first_blank: Option<usize> = None;
    for line in iter {
        let text = rope.byte_slice(line.start..line.content_end);
        let is_blank = text.chars().all(|c| c == ' ' || c == '\t');
        let line_text = text.to_string();
        let trimmed = line_text.trim_start_matches([' ', '\t']);
        if text.len_bytes() >= 3 && is_delimiter(trimmed) {
            let at = line.start + (line_text.len() - trimmed.len());
            return FrontmatterScan::Found(Frontmatter {
                open,
                content: content_start..line.start,
                close: Some(at..at + 3),
                body_start: line.next,
            });
        }
        if is_blank && first_blank.is_none() && line.start > content_start {
            first_blank = Some(line.start);
        }
    }
    let end = first_blank.unwrap_or(buf.len()).max(content_start);
    FrontmatterScan::Found(Frontmatter {
        open,
        content: content_start..end,
        close: None,
        body_start: end,
    })
}

/// A `---` block that starts after blank lines or indentation: the loaders ignore it.
fn misplaced(buf: &TextBuffer, first: Line, first_text: &str, bom: usize) -> Option<Range<usize>> {
    let rope = buf.rope();
    let trimmed = first_text.trim_start_matches([' ', '\t']);
    let open = if !trimmed.is_empty() {
        if !is_delimiter(trimmed) {
            return None;
        }
        let at = first.start + bom + (first_text.len() - trimmed.len());
        (at, first.next)
    } else {
        // Skip blank lines (at most a few): the first non-blank one must be `---`.
        let mut found = None;
        for line in lines(buf, 1).take(20) {
            let text = rope.byte_slice(line.start..line.content_end).to_string();
            let t = text.trim_start_matches([' ', '\t']);
            if t.is_empty() {
                continue;
            }
            if is_delimiter(t) {
                found = Some((line.start + (text.len() - t.len()), line.next));
            }
            break;
        }
        found?
    };
    // It counts only if a closing delimiter follows and the lines between look like YAML keys.
    let start_line = rope.byte_to_line(open.1.min(buf.len()));
    let mut saw_key = false;
    for line in lines(buf, start_line).take(500) {
        if line.start < open.1 {
            continue;
        }
        let text = rope.byte_slice(line.start..line.content_end).to_string();
        if is_delimiter(text.trim_start_matches([' ', '\t'])) {
            return saw_key.then_some(open.0..open.0 + 3);
        }
        if text.contains(':') {
            saw_key = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Frontmatter {
        match scan(&TextBuffer::new(text)) {
            FrontmatterScan::Found(f) => f,
            other => panic!("no frontmatter in {text:?}: {other:?}"),
        }
    }

    #[test]
    fn closed_frontmatter() {
        let text = "---\nname: a\n---\nBody\n";
        let f = found(text);
        assert_eq!(&text[f.content.clone()], "name: a\n");
        assert_eq!(f.close, Some(12..15));
        assert_eq!(&text[f.body_start..], "Body\n");
    }

    #[test]
    fn bom_crlf_and_trailing_spaces() {
        let text = "\u{feff}---  \r\nname: a\r\n--- \r\nBody";
        let f = found(text);
        assert_eq!(f.open, 3..6);
        assert_eq!(&text[f.content.clone()], "name: a\r\n");
        assert_eq!(&text[f.body_start..], "Body");
    }

    #[test]
    fn closing_delimiter_at_end_of_file() {
        let text = "---\nname: a\n---";
        let f = found(text);
        assert_eq!(f.close, Some(12..15));
        assert_eq!(f.body_start, text.len());
    }

    #[test]
    fn unterminated_runs_to_first_blank_line() {
        let text = "---\nname: a\ndescription: b\n\nYou are...\n---\n";
        let f = found(text);
        // The later `---` is a thematic break in the body, but the first `---` line after the
        // opening one closes the block: that is what the loaders do too.
        assert!(f.close.is_some());
        let text = "---\nname: a\ndescription: b\n\nYou are an expert.\n";
        let f = found(text);
        assert_eq!(f.close, None);
        assert_eq!(&text[f.content.clone()], "name: a\ndescription: b\n");
        let text = "---\nname: a\ndesc";
        let f = found(text);
        assert_eq!(f.close, None);
        assert_eq!(&text[f.content.clone()], "name: a\ndesc");
    }

    #[test]
    fn absent_and_misplaced() {
        assert_eq!(
            scan(&TextBuffer::new("")),
            FrontmatterScan::Absent { misplaced: None }
        );
        assert_eq!(
            scan(&TextBuffer::new("# Title\n")),
            FrontmatterScan::Absent { misplaced: None }
        );
        assert_eq!(
            scan(&TextBuffer::new("\n---\nname: a\n---\n")),
            FrontmatterScan::Absent {
                misplaced: Some(1..4)
            }
        );
        assert_eq!(
            scan(&TextBuffer::new("  ---\nname: a\n---\n")),
            FrontmatterScan::Absent {
                misplaced: Some(2..5)
            }
        );
        // A thematic break further down is not misplaced frontmatter.
        assert_eq!(
            scan(&TextBuffer::new("\nText\n---\nMore\n")),
            FrontmatterScan::Absent { misplaced: None }
        );
        // An indented `---` closes the block.
        assert_eq!(found("---\nname: a\n  ---\nBody\n").close, Some(14..17));
        // `----` is not a delimiter.
        assert_eq!(
            scan(&TextBuffer::new("----\na: b\n----\n")),
            FrontmatterScan::Absent { misplaced: None }
        );
    }
}
