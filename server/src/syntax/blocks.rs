//! The code blocks of a Markdown body (CommonMark fenced and indented code, found by
//! pulldown-cmark), kept current across edits by parsing again only between two restart points.
//!
//! A *restart point* is the start of a line that begins a top-level block and follows a blank
//! line. Processing such a line closes every open container (a list, a block quote, a fence
//! would have made it content instead), and with the blank line before it no paragraph can be
//! continued or interrupted there: from a restart point on, the blocks are those of a parse of
//! the rest of the text alone. (Link reference definitions, the one construct whose extent
//! depends on later lines, cannot cross a blank line, and only change inline links.)
//!
//! An edit is parsed again from the last restart point whose line it leaves intact, through a
//! window of the new text, until the window finds a restart point after the edit that was also
//! one, shifted, before the edit: from there on both texts are the same and so are their
//! blocks. Only when no such point exists (a fence was opened and never closed) does the window
//! grow to the end of the text.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::text::{TextBuffer, TextChange};

/// The window parsed after an edit starts this many bytes past it, doubling until it syncs.
const WINDOW: usize = 2048;

/// Code blocks of one body, with the restart points that let an edit be parsed locally.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeBlocks {
    /// Byte ranges of the code blocks (in the whole text), in order, not overlapping.
    blocks: Vec<Range<usize>>,
    /// Restart points (byte offsets in the whole text), in order; the body start is the first.
    restarts: Vec<usize>,
}

impl CodeBlocks {
    /// Find the code blocks of `body` (a range of `buf` starting at a line start).
    pub fn parse(buf: &TextBuffer, body: Range<usize>) -> Self {
        let text = buf.slice(body.clone());
        let found = scan(&text, body.start);
        CodeBlocks {
            blocks: found.blocks,
            restarts: found.restarts,
        }
    }

    /// Every code block, in order.
    pub fn all(&self) -> &[Range<usize>] {
        &self.blocks
    }

    /// The code blocks that overlap `region` or end at its start, in order.
    pub fn overlapping(&self, region: Range<usize>) -> &[Range<usize>] {
        let from = self.blocks.partition_point(|b| b.end < region.start);
        let to = from + self.blocks[from..].partition_point(|b| b.start < region.end);
        &self.blocks[from..to]
    }

    /// Move everything by `delta` bytes (the body moved without changing).
    pub fn shift(&mut self, delta: isize) {
        let add = |v: usize| v.wrapping_add_signed(delta);
        for b in &mut self.blocks {
            *b = add(b.start)..add(b.end);
        }
        for r in &mut self.restarts {
            *r = add(*r);
        }
    }

    /// Bring the blocks up to date after `edit` (already applied to `buf`), which lies in the
    /// body `body` (whose start did not move). Returns the range of the new text where code
    /// blocks may differ from before.
    pub fn update(
        &mut self,
        buf: &TextBuffer,
        body: Range<usize>,
        edit: &TextChange,
    ) -> Range<usize> {
        self.update_in_windows(buf, body, edit, WINDOW)
    }

    /// [`CodeBlocks::update`] with a first window of `window` bytes past the edit.
    fn update_in_windows(
        &mut self,
        buf: &TextBuffer,
        body: Range<usize>,
        edit: &TextChange,
        window: usize,
    ) -> Range<usize> {
        let delta = edit.new_end as isize - edit.old_end as isize;
        // The last restart point whose line the edit leaves intact (the body start always is one:
        // parsing from it is parsing the whole body).
        let mut i = self.restarts.partition_point(|&r| r <= edit.start);
        let restart = loop {
            if i == 0 {
                break body.start;
            }
            i -= 1;
            let r = self.restarts[i];
            if r == body.start || line_end(buf, r) < edit.start {
                break r;
            }
        };
        let keep_restarts = self.restarts.partition_point(|&r| r <= restart);
        let keep_blocks = self.blocks.partition_point(|b| b.start < restart);
        let mut end = next_line_start(buf, (edit.new_end + window).min(body.end), body.end);
        loop {
            let text = buf.slice(restart..end);
            let found = scan(&text, restart);
            let complete = end >= body.end;
            // A restart point of the new text past the edit, wholly inside the window, that was
            // one of the old text: the rest is unchanged, shifted.
            let sync = if complete {
                None
            } else {
                found
                    .restarts
                    .iter()
                    .copied()
                    .filter(|&s| s >= edit.new_end && s > restart && s < end)
                    .find(|&s| {
                        let old = s as isize - delta;
                        old >= 0 && self.restarts.binary_search(&(old as usize)).is_ok()
                    })
            };
            if sync.is_none() && !complete {
                end = next_line_start(buf, restart + 2 * (end - restart), body.end);
                continue;
            }
            let stop = sync.unwrap_or(body.end);
            let old_stop = (stop as isize - delta) as usize;
            let tail_restarts: Vec<usize> = self
                .restarts
                .iter()
                .filter(|&&r| sync.is_some() && r >= old_stop)
                .map(|&r| r.wrapping_add_signed(delta))
                .collect();
            let tail_blocks: Vec<Range<usize>> = self
                .blocks
                .iter()
                .filter(|b| sync.is_some() && b.start >= old_stop)
                .map(|b| b.start.wrapping_add_signed(delta)..b.end.wrapping_add_signed(delta))
                .collect();
            self.restarts.truncate(keep_restarts);
            self.restarts.extend(
                found
                    .restarts
                    .into_iter()
                    .filter(|&r| r > restart && r < stop),
            );
            self.restarts.extend(tail_restarts);
            self.blocks.truncate(keep_blocks);
            self.blocks
                .extend(found.blocks.into_iter().filter(|b| b.start < stop));
            self.blocks.extend(tail_blocks);
            return restart..stop;
        }
    }
}

struct Found {
    blocks: Vec<Range<usize>>,
    restarts: Vec<usize>,
}

/// Parse `text` (which starts at byte `base` of the whole text, at a line start, and is parsed
/// as if it were the whole body).
fn scan(text: &str, base: usize) -> Found {
    let mut found = Found {
        blocks: Vec::new(),
        restarts: vec![base],
    };
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && range.start > 0 && follows_blank_line(text, range.start) {
                    found.restarts.push(base + range.start);
                }
                if matches!(tag, Tag::CodeBlock(_)) {
                    let lines = whole_lines(text, range);
                    found.blocks.push(base + lines.start..base + lines.end);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    found
}

/// `range` widened to whole lines: from the start of its first line (before it on that line
/// are only container markers and indentation) to the end of its last, line break included.
fn whole_lines(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = memchr::memrchr2(b'\n', b'\r', &bytes[..range.start]).map_or(0, |i| i + 1);
    if range.end == 0 || matches!(bytes.get(range.end - 1), Some(b'\n')) {
        return start..range.end;
    }
    let end = match memchr::memchr2(b'\n', b'\r', &bytes[range.end..]) {
        Some(i)
            if bytes[range.end + i] == b'\r' && bytes.get(range.end + i + 1) == Some(&b'\n') =>
        {
            range.end + i + 2
        }
        Some(i) => range.end + i + 1,
        None => bytes.len(),
    };
    start..end
}

/// `at` is a line start (after `\n`) and the line before it holds only spaces and tabs.
fn follows_blank_line(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes.get(at.wrapping_sub(1)) != Some(&b'\n') {
        return false;
    }
    let line_end = at - 1;
    let line_start = memchr::memrchr(b'\n', &bytes[..line_end]).map_or(0, |i| i + 1);
    let line = &bytes[line_start..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.iter().all(|b| matches!(b, b' ' | b'\t'))
}

/// The offset of the line break ending the line that holds `at` (or the end of the text).
fn line_end(buf: &TextBuffer, at: usize) -> usize {
    buf.rope()
        .bytes_at(at)
        .position(|b| b == b'\n' || b == b'\r')
        .map_or(buf.len(), |i| at + i)
}

/// The start of the line after the one holding `at` (at most `limit`).
fn next_line_start(buf: &TextBuffer, at: usize, limit: usize) -> usize {
    if at >= limit {
        return limit;
    }
    buf.rope()
        .bytes_at(at)
        .position(|b| b == b'\n')
        .map_or(limit, |i| (at + i + 1).min(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<&str> {
        let buf = TextBuffer::new(text);
        let cb = CodeBlocks::parse(&buf, 0..text.len());
        cb.all().iter().map(|b| &text[b.clone()]).collect()
    }

    #[test]
    fn fenced_and_indented_blocks() {
        let text = "# T\n\n```sh\n@a\n```\n\ntext\n\n    indented\n\nafter\n";
        assert_eq!(blocks(text), ["```sh\n@a\n```\n", "    indented\n"]);
    }

    #[test]
    fn blocks_inside_lists_and_quotes() {
        let text = "- item\n\n  ```\n  code\n  ```\n\n> ```\n> quoted\n> ```\n";
        assert_eq!(blocks(text).len(), 2);
    }

    #[test]
    fn the_line_after_a_fence_in_a_list_item_is_prose() {
        // tree-sitter-md ended such a block after the indentation of the next line, so the
        // line's mentions were taken for code.
        let text = "1. Run:\n   ```sh\n   make\n   ```\n   Then ask @reviewer.\n";
        assert_eq!(blocks(text), ["   ```sh\n   make\n   ```\n"]);
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let text = "a\n\n```\ncode\n\nmore\n";
        assert_eq!(blocks(text), ["```\ncode\n\nmore\n"]);
    }

    /// Apply `edits` one by one to `text`; after each, the blocks equal a fresh parse's.
    fn check(text: &str, edits: &[(usize, usize, &str)]) {
        let mut buf = TextBuffer::new(text);
        let mut cb = CodeBlocks::parse(&buf, 0..buf.len());
        for &(start, end, insert) in edits {
            let change = buf.replace(start..end, insert);
            let changed = cb.update(&buf, 0..buf.len(), &change);
            let fresh = CodeBlocks::parse(&buf, 0..buf.len());
            assert_eq!(cb.all(), fresh.all(), "after {start}..{end} -> {insert:?}");
            assert!(changed.start <= change.start && changed.end >= change.new_end.min(buf.len()));
        }
    }

    #[test]
    fn typing_a_fence_opens_and_closes_a_block() {
        let text = "intro\n\npara one\n\n@x here\n\nmore text\n\nlast\n";
        let at = text.find("para").unwrap();
        check(text, &[(at, at, "```\n"), (at, at + 4, "")]);
    }

    #[test]
    fn edits_far_from_each_other_sync_early() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("paragraph {i}\n\n```\ncode {i}\n```\n\n"));
        }
        let mut buf = TextBuffer::new(&text);
        let mut cb = CodeBlocks::parse(&buf, 0..buf.len());
        let at = text.find("paragraph 200").unwrap();
        let change = buf.replace(at..at, "x");
        let changed = cb.update(&buf, 0..buf.len(), &change);
        assert!(changed.len() < 200, "re-parsed {changed:?}");
        assert_eq!(cb.all(), CodeBlocks::parse(&buf, 0..buf.len()).all());
    }

    /// Lines of the constructs that open, close or contain code blocks, and text between.
    const LINES: &[&str] = &[
        "",
        "text @a",
        "  text",
        "# H",
        "```",
        "```sh",
        "~~~",
        "    code",
        "\tcode",
        "- item",
        "- ```",
        "  ```",
        "  code",
        "  - nested",
        "1. item",
        "   ```",
        "     indented in item",
        "> quote",
        "> ```",
        ">     code",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "<pre>",
        "</pre>",
        "[ref]: /url",
        "\"title\"",
        "---",
        "===",
        "  ",
    ];

    fn markdown() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(prop::sample::select(LINES), 0..40).prop_map(|lines| {
            let mut s = lines.join("\n");
            s.push('\n');
            s
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// One edit after another (each a line or a few characters inserted or removed, anywhere),
        /// the incremental blocks always equal a fresh parse's.
        #[test]
        fn incremental_equals_fresh(
            text in markdown(),
            edits in proptest::collection::vec(
                (
                    0.0f64..1.0,
                    0usize..12,
                    proptest::collection::vec(proptest::sample::select(LINES), 1..4),
                    proptest::bool::ANY,
                ),
                1..8,
            ),
            window in 0usize..64,
        ) {
            let mut buf = TextBuffer::new(&text);
            let mut cb = CodeBlocks::parse(&buf, 0..buf.len());
            for (at, remove, lines, newline) in edits {
                let line = lines.join("\n");
                let len = buf.len();
                let start = ((len as f64) * at) as usize;
                let end = (start + remove).min(len);
                let insert = if newline { format!("{line}\n") } else { line.to_string() };
                let change = buf.replace(start..end, &insert);
                let changed = cb.update_in_windows(&buf, 0..buf.len(), &change, window);
                let model = buf.to_string_lossless();
                let fresh = CodeBlocks::parse(&buf, 0..buf.len());
                proptest::prop_assert_eq!(cb.all(), fresh.all(), "text {:?}", model);
                proptest::prop_assert!(changed.start <= change.start);
            }
        }
    }
}
