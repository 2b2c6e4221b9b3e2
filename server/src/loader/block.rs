//! Where Claude Code finds the frontmatter: a textual pattern, not a line scanner.
//!
//! Observed on Claude Code 2.1.332 (see `tests/conformance/claude-code/`): after a byte-order
//! mark is dropped, the text must start with `---`, then white space up to a line break (the
//! white space may span blank lines); the block then runs, lazily, to the first `---` found
//! *anywhere* after that line break: at the start of a line, indented, or inside a value
//! (`description: before --- after` ends the block after `before `). Without a second `---`
//! there is no frontmatter at all.

use std::ops::Range;

const BOM: char = '\u{feff}';

/// The block as Claude Code's pattern matches it, in offsets of the caller's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The opening `---`.
    pub open: Range<usize>,
    /// The YAML text handed to the parser.
    pub content: Range<usize>,
    /// The `---` that ends the block.
    pub close: Range<usize>,
}

impl Block {
    /// The closing `---` is not alone on its line (text before it on the same line).
    pub fn closes_inside_a_line(&self, text: &str) -> bool {
        let line_start = text[..self.close.start].rfind('\n').map_or(0, |i| i + 1);
        !text[line_start..self.close.start].trim().is_empty()
    }
}

/// JavaScript's `\s`: the white space a `RegExp` skips.
fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    ) || ('\u{2000}'..='\u{200a}').contains(&c)
}

/// Match Claude Code's frontmatter pattern against `text`.
pub fn find(text: &str) -> Option<Block> {
    let bom = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let rest = &text[bom..];
    if !rest.starts_with("---") {
        return None;
    }
    let after_open = bom + 3;
    // `\s*\n`: the longest run of white space, backed off to its last line break.
    let run_end = text[after_open..]
        .char_indices()
        .find(|&(_, c)| !js_space(c))
        .map_or(text.len(), |(i, _)| after_open + i);
    let last_newline = text[after_open..run_end].rfind('\n')? + after_open;
    let content_start = last_newline + 1;
    let close_at = content_start + text[content_start..].find("---")?;
    Some(Block {
        open: bom..after_open,
        content: content_start..close_at,
        close: close_at..close_at + 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> Option<&str> {
        find(text).map(|b| &text[b.content])
    }

    #[test]
    fn the_first_three_dashes_anywhere_close_the_block() {
        assert_eq!(content("---\nname: a\n---\nbody"), Some("name: a\n"));
        assert_eq!(content("---\nname: a\n  ---\nbody"), Some("name: a\n  "));
        assert_eq!(
            content("---\ndescription: before --- after\nname: a\n---\n"),
            Some("description: before ")
        );
        assert_eq!(content("---\n---\n"), Some(""));
        assert_eq!(
            content("\u{feff}---\r\nname: a\r\n---\r\n"),
            Some("name: a\r\n")
        );
        assert_eq!(content("---  \n\n\nname: a\n---"), Some("name: a\n"));
    }

    #[test]
    fn no_block() {
        assert_eq!(content("---\nname: a\n"), None);
        assert_eq!(content("----\nname: a\n---\n"), None);
        assert_eq!(content("--- name: a\n---\n"), None);
        assert_eq!(content("\n---\nname: a\n---\n"), None);
        assert_eq!(content(""), None);
    }

    #[test]
    fn a_close_inside_a_line_is_told_apart() {
        let text = "---\ndescription: a --- b\n---\n";
        assert!(find(text).unwrap().closes_inside_a_line(text));
        let text = "---\nname: a\n   ---\n";
        assert!(!find(text).unwrap().closes_inside_a_line(text));
    }
}
