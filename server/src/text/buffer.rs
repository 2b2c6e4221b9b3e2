use std::ops::Range;

use ropey::Rope;

use super::{LineCol, PositionEncoding};

/// A row/byte-column pair counted the way tree-sitter counts: rows advance at `\n`, columns
/// are bytes since the last `\n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Point {
    pub row: usize,
    pub column: usize,
}

/// What one splice did, in both byte offsets and tree-sitter points, so that the syntax layer
/// can tell its trees about it (`Tree::edit`) without looking at the text again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextChange {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
    pub start_point: Point,
    pub old_end_point: Point,
    pub new_end_point: Point,
}

/// The text of one document: a rope, edited in place.
#[derive(Clone, Debug, Default)]
pub struct TextBuffer {
    rope: Rope,
    /// Whether the text may hold a `\r` that is not followed by `\n` (then tree-sitter rows and
    /// LSP lines differ). Kept conservatively: set by edits that could create one.
    lone_cr: bool,
}

impl TextBuffer {
    pub fn new(text: &str) -> Self {
        TextBuffer {
            rope: Rope::from_str(text),
            lone_cr: has_lone_cr(text),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// The whole text as one string (allocates).
    pub fn to_string_lossless(&self) -> String {
        self.rope.to_string()
    }

    /// The text in `range` (clamped to the document and to character boundaries).
    pub fn slice(&self, range: Range<usize>) -> String {
        let start = self.floor_char_boundary(range.start);
        let end = self.floor_char_boundary(range.end.max(start));
        self.rope.byte_slice(start..end).to_string()
    }

    /// The largest character boundary at or below `byte`.
    pub fn floor_char_boundary(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.len());
        // Back over UTF-8 continuation bytes (at most three): no character counting.
        while byte > 0 && byte < self.len() && self.rope.byte(byte) & 0xC0 == 0x80 {
            byte -= 1;
        }
        byte
    }

    /// Number of lines as LSP counts them (a trailing line break opens an empty last line).
    pub fn line_count(&self) -> usize {
        self.rope.len_lines()
    }

    /// Byte offset where `line` starts; the end of the text for lines past the end.
    pub fn line_start(&self, line: usize) -> usize {
        if line >= self.rope.len_lines() {
            return self.len();
        }
        self.rope.line_to_byte(line)
    }

    /// Byte offset where `line`'s content ends, before its line break.
    pub fn line_content_end(&self, line: usize) -> usize {
        if line >= self.rope.len_lines() {
            return self.len();
        }
        let start = self.rope.line_to_byte(line);
        let mut end = if line + 1 < self.rope.len_lines() {
            self.rope.line_to_byte(line + 1)
        } else {
            self.len()
        };
        // Strip the line break: `\n`, `\r\n` or `\r`.
        let bytes_before = |e: usize| {
            if e == 0 {
                None
            } else {
                Some(self.rope.byte(e - 1))
            }
        };
        if end > start && bytes_before(end) == Some(b'\n') {
            end -= 1;
        }
        if end > start && bytes_before(end) == Some(b'\r') {
            end -= 1;
        }
        end
    }

    /// Byte offset of an editor position. Columns past the end of a line clamp to the end of
    /// its content; lines past the end clamp to the end of the text. A column that lands inside
    /// a character (half of a UTF-16 surrogate pair) rounds down to the character's start.
    pub fn offset_at(&self, pos: LineCol, enc: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.len();
        }
        let start = self.rope.line_to_byte(line);
        let end = self.line_content_end(line);
        let want = pos.col as usize;
        if enc == PositionEncoding::Utf8 {
            return self.floor_char_boundary((start + want).min(end));
        }
        let mut units = 0;
        let mut byte = start;
        for c in self.rope.byte_slice(start..end).chars() {
            let w = enc.width(c);
            if units + w > want {
                break;
            }
            units += w;
            byte += c.len_utf8();
        }
        byte
    }

    /// The editor position of a byte offset (clamped to the text, rounded down to a character
    /// boundary). An offset inside a `\r\n` pair maps to the end of the line's content.
    pub fn position_at(&self, byte: usize, enc: PositionEncoding) -> LineCol {
        let byte = self.floor_char_boundary(byte);
        let line = self.rope.byte_to_line(byte);
        let start = self.rope.line_to_byte(line);
        let byte = byte.min(self.line_content_end(line).max(start));
        let col = match enc {
            PositionEncoding::Utf8 => byte - start,
            PositionEncoding::Utf16 => {
                let c0 = self.rope.byte_to_char(start);
                let c1 = self.rope.byte_to_char(byte);
                self.rope.char_to_utf16_cu(c1) - self.rope.char_to_utf16_cu(c0)
            }
            PositionEncoding::Utf32 => self.rope.byte_to_char(byte) - self.rope.byte_to_char(start),
        };
        LineCol::new(line as u32, col as u32)
    }

    /// The tree-sitter point of a byte offset.
    pub fn point_at(&self, byte: usize) -> Point {
        let byte = byte.min(self.len());
        if !self.lone_cr {
            // Without lone `\r` breaks, ropey's lines are tree-sitter's rows.
            let row = self.rope.byte_to_line(byte);
            return Point {
                row,
                column: byte - self.rope.line_to_byte(row),
            };
        }
        // Rare: a lone `\r` breaks a line for LSP (and ropey) but not for tree-sitter.
        let mut row = 0;
        let mut line_start = 0;
        for (i, b) in self.rope.byte_slice(..byte).bytes().enumerate() {
            if b == b'\n' {
                row += 1;
                line_start = i + 1;
            }
        }
        Point {
            row,
            column: byte - line_start,
        }
    }

    /// Replace `range` (byte offsets, clamped) by `text` and report what changed.
    pub fn replace(&mut self, range: Range<usize>, text: &str) -> TextChange {
        let start = self.floor_char_boundary(range.start);
        let old_end = self.floor_char_boundary(range.end.max(start));
        let start_point = self.point_at(start);
        let old_end_point = self.point_at(old_end);
        let c0 = self.rope.byte_to_char(start);
        let c1 = self.rope.byte_to_char(old_end);
        if c1 > c0 {
            self.rope.remove(c0..c1);
        }
        if !text.is_empty() {
            self.rope.insert(c0, text);
        }
        let new_end = start + text.len();
        if !self.lone_cr {
            let cr_before = start > 0 && self.rope.byte(start - 1) == b'\r';
            let lf_after = new_end < self.len() && self.rope.byte(new_end) == b'\n';
            let joins_lone_cr = if text.is_empty() {
                cr_before && !lf_after
            } else {
                (cr_before && !text.starts_with('\n')) || (text.ends_with('\r') && !lf_after)
            };
            self.lone_cr = joins_lone_cr || has_lone_cr(text);
        }
        TextChange {
            start,
            old_end,
            new_end,
            start_point,
            old_end_point,
            new_end_point: self.point_at(new_end),
        }
    }

    /// The chunk of text that contains `byte`, starting at `byte` (for tree-sitter's input
    /// callback). Empty past the end.
    pub fn chunk_from(&self, byte: usize) -> &str {
        if byte >= self.len() {
            return "";
        }
        let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(byte);
        &chunk[byte - chunk_start..]
    }
}

fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1).is_some_and(|&n| n != b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    #[test]
    fn positions_round_trip_with_emoji_cjk_and_crlf() {
        let text = "a😀b\r\n漢字x\ny";
        let buf = TextBuffer::new(text);
        assert_eq!(buf.line_count(), 3);
        // 'b' is at byte 5: UTF-16 col 3 (surrogate pair), UTF-8 col 5, UTF-32 col 2.
        assert_eq!(buf.position_at(5, Utf16), LineCol::new(0, 3));
        assert_eq!(buf.position_at(5, Utf8), LineCol::new(0, 5));
        assert_eq!(buf.position_at(5, Utf32), LineCol::new(0, 2));
        for enc in [Utf8, Utf16, Utf32] {
            for (byte, _) in text.char_indices() {
                if text[byte..].starts_with('\n') && byte > 0 && text.as_bytes()[byte - 1] == b'\r'
                {
                    continue; // inside a CRLF pair: maps to the end of the line
                }
                let pos = buf.position_at(byte, enc);
                assert_eq!(buf.offset_at(pos, enc), byte, "{enc:?} {byte} {pos:?}");
            }
        }
        // 'x' after two CJK chars on line 1.
        assert_eq!(
            buf.offset_at(LineCol::new(1, 2), Utf16),
            "a😀b\r\n漢字".len()
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let buf = TextBuffer::new("ab\r\ncd");
        assert_eq!(buf.offset_at(LineCol::new(0, 99), Utf16), 2);
        assert_eq!(buf.offset_at(LineCol::new(99, 0), Utf16), 6);
        // Half a surrogate pair rounds down.
        let buf = TextBuffer::new("😀");
        assert_eq!(buf.offset_at(LineCol::new(0, 1), Utf16), 0);
        assert_eq!(buf.position_at(2, Utf16), LineCol::new(0, 0));
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let buf = TextBuffer::new("a\u{2028}b\u{85}c\nd");
        assert_eq!(buf.line_count(), 2);
        let buf = TextBuffer::new("a\rb");
        assert_eq!(buf.line_count(), 2);
    }

    #[test]
    fn replace_reports_tree_sitter_points() {
        let mut buf = TextBuffer::new("ab\ncd\nef");
        let change = buf.replace(4..5, "XY\nZ");
        assert_eq!(buf.to_string_lossless(), "ab\ncXY\nZ\nef");
        assert_eq!(change.start_point, Point { row: 1, column: 1 });
        assert_eq!(change.old_end_point, Point { row: 1, column: 2 });
        assert_eq!(change.new_end_point, Point { row: 2, column: 1 });
        assert_eq!((change.start, change.old_end, change.new_end), (4, 5, 8));
    }

    #[test]
    fn points_count_newlines_only() {
        let buf = TextBuffer::new("a\rb\nc");
        assert_eq!(buf.point_at(4), Point { row: 1, column: 0 });
        assert_eq!(buf.point_at(2), Point { row: 0, column: 2 });
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Character boundaries and line ends against the string's own answers, over texts of
        /// multi-byte characters and every kind of line break, long enough to span rope chunks.
        #[test]
        fn boundaries_and_line_ends_agree_with_the_string(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "é", "漢", "😀", "\n", "\r\n", "\r", " "]),
                0..600,
            )
        ) {
            let text: String = parts.concat();
            let buf = TextBuffer::new(&text);
            for byte in 0..=text.len() + 2 {
                let want = (0..=byte.min(text.len())).rev().find(|&i| text.is_char_boundary(i));
                proptest::prop_assert_eq!(Some(buf.floor_char_boundary(byte)), want);
            }
            let mut start = 0;
            for line in 0..buf.line_count() {
                let rest = &text[start..];
                let (content, next) = match rest.find(['\n', '\r']) {
                    Some(i) if rest[i..].starts_with("\r\n") => (i, i + 2),
                    Some(i) => (i, i + 1),
                    None => (rest.len(), rest.len()),
                };
                proptest::prop_assert_eq!(buf.line_start(line), start);
                proptest::prop_assert_eq!(buf.line_content_end(line), start + content);
                start += next;
            }
        }
    }
}
