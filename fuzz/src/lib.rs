//! Checks shared by the fuzz targets (see `docs/RELIABILITY.md`). Each panics when a property
//! does not hold; libFuzzer records the input.

use std::path::Path;

use agentls::analysis::{self, Diagnostic, Env, FileContext};
use agentls::schema::Dialect;
use agentls::syntax::{Document, frontmatter, strict};
use agentls::text::{LineCol, PositionEncoding, TextBuffer};

pub const ENCODINGS: [PositionEncoding; 3] = [
    PositionEncoding::Utf8,
    PositionEncoding::Utf16,
    PositionEncoding::Utf32,
];

/// Bytes as text, the way an editor that decoded them leniently would send them.
pub fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every node of a tree with its kind, byte range and flags, in document order (shared with
/// the property tests).
pub use agentls_test_support::dump;

pub fn contexts() -> Vec<FileContext> {
    vec![
        FileContext::from_path(Path::new("/p/.claude/agents/a.md"), Dialect::ClaudeAgent),
        FileContext::from_path(Path::new("/p/.opencode/agent/b.md"), Dialect::OpenCodeAgent),
    ]
}

fn diagnostics(doc: &Document, file: &FileContext) -> Vec<Diagnostic> {
    analysis::diagnostics(doc, file, Env::empty())
}

/// The edited document equals a fresh parse of `model`: text, scan, both trees, lowered YAML and
/// diagnostics.
pub fn assert_same_as_fresh(doc: &Document, model: &str) {
    assert_eq!(doc.text().to_string_lossless(), model, "text");
    let fresh = Document::new(model);
    assert_eq!(doc.scan(), fresh.scan(), "scan of {model:?}");
    assert_eq!(
        dump(doc.yaml_tree()),
        dump(fresh.yaml_tree()),
        "YAML tree of {model:?}"
    );
    assert_eq!(
        dump(doc.markdown_tree()),
        dump(fresh.markdown_tree()),
        "Markdown tree of {model:?}"
    );
    assert_eq!(doc.yaml(), fresh.yaml(), "lowered YAML of {model:?}");
    for file in contexts() {
        assert_eq!(
            diagnostics(doc, &file),
            diagnostics(&fresh, &file),
            "diagnostics of {model:?} as {:?}",
            file.dialect
        );
    }
}

/// The largest char boundary at or below `b`, clamped to the text.
pub fn floor_boundary(s: &str, b: usize) -> usize {
    let mut b = b.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Byte offsets where LSP lines start (`\n`, `\r\n`, `\r`), computed naively.
pub fn reference_line_starts(text: &str) -> Vec<usize> {
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

/// Positions round-trip at every char boundary and agree with a naive reference; any probe
/// position maps to a char boundary inside the text.
pub fn check_positions(text: &str, probes: &[(u32, u32)]) {
    let buf = TextBuffer::new(text);
    let starts = reference_line_starts(text);
    assert_eq!(buf.line_count(), starts.len());
    for enc in ENCODINGS {
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = starts.partition_point(|&s| s <= byte) - 1;
            let inside_crlf = byte > 0
                && text.as_bytes()[byte - 1] == b'\r'
                && text.as_bytes().get(byte) == Some(&b'\n');
            let at = if inside_crlf { byte - 1 } else { byte };
            let col: usize = text[starts[line]..at].chars().map(|c| enc.width(c)).sum();
            let pos = buf.position_at(byte, enc);
            assert_eq!(pos, LineCol::new(line as u32, col as u32), "{enc:?} {byte}");
            assert_eq!(buf.offset_at(pos, enc), at, "{enc:?} {pos:?}");
        }
        for &(line, col) in probes {
            let pos = LineCol::new(line, col);
            let off = buf.offset_at(pos, enc);
            assert!(off <= text.len() && text.is_char_boundary(off));
            let back = buf.position_at(off, enc);
            assert!(
                back <= pos || line as usize >= starts.len(),
                "{pos:?} → {back:?}"
            );
        }
    }
}

/// Everything the CLI and the server do with a file's bytes; a panic is the failure. The first
/// byte picks the dialect and whether the file is a plugin's (so that one input costs one
/// analysis, a fix and the outputs, not one per dialect); the rest is the file.
pub fn analyse_everything(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let dialect = Dialect::ALL[usize::from(pick) % Dialect::ALL.len()];
    let path = if pick & 0x80 == 0 {
        "/p/.claude/agents/x.md"
    } else {
        "/p/plugin/agents/x.md"
    };
    let text = match agentls::cli::testing::decode(bytes) {
        Ok((text, _)) => text,
        Err(at) => {
            assert!(at < bytes.len());
            assert!(std::str::from_utf8(&bytes[..at]).is_ok());
            text_of(bytes)
        }
    };
    let doc = Document::new(&text);
    let file = FileContext::from_path(Path::new(path), dialect);
    let diags = analysis::diagnostics(&doc, &file, Env::empty());
    for d in &diags {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{d:?}"
        );
        for fix in &d.fixes {
            for e in &fix.edits {
                assert!(
                    e.range.start <= e.range.end
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end),
                    "fix edit {e:?}"
                );
            }
        }
    }
    let _ = agentls::cli::testing::render("x.md", &text, &file, Env::empty());
    if let Some((fixed, _)) = agentls::cli::testing::fix_text(&text, &file, Env::empty()) {
        let _ = analysis::diagnostics(&Document::new(&fixed), &file, Env::empty());
    }
}

/// The frontmatter scanner and the strict loader on arbitrary text: no panic, sane ranges.
pub fn scan_and_strict(text: &str) {
    let buf = TextBuffer::new(text);
    let scan = frontmatter::scan(&buf);
    if let Some(fm) = scan.frontmatter() {
        assert!(fm.open.end <= fm.content.start);
        assert!(fm.content.start <= fm.content.end && fm.content.end <= fm.body_start);
        assert!(fm.body_start <= text.len());
        assert!(text.is_char_boundary(fm.content.start) && text.is_char_boundary(fm.content.end));
        if let Err(e) = strict::check(&text[fm.content.clone()]) {
            assert!(e.offset <= fm.content.len());
        }
    }
    if let Err(e) = strict::check(text) {
        assert!(
            e.offset <= text.len() && text.is_char_boundary(e.offset),
            "{e:?}"
        );
    }
}
