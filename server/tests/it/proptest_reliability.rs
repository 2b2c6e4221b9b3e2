//! Property tests of the reliability invariants (issue 7), on stable:
//!
//! - edits applied incrementally (`Document::edit` + `reparse`) give the same text, frontmatter
//!   scan, YAML and Markdown trees, lowered YAML and diagnostics as a fresh parse of the result;
//! - byte offset ↔ editor position conversions round-trip in UTF-8, UTF-16 and UTF-32, with
//!   CRLF, lone CR, emoji and CJK, and agree with a naive reference;
//! - no input makes the analysis, the strict loader, `check --fix` or the CLI's decoding and
//!   output panic.
//!
//! The generators build text from frontmatter-like fragments (`---`, `name:`, `: `, quotes,
//! brackets, line breaks) so that they reach the interesting states, plus arbitrary characters.
//! Case counts are modest so the suite stays fast; the fuzz targets in `fuzz/` run the same
//! properties for longer (see `docs/RELIABILITY.md`). Minimised failures found here are kept as
//! plain `#[test]`s at the bottom.

use std::path::Path;

use agentls::analysis::{self, Diagnostic, Env, FileContext};
use agentls::schema::Dialect;
use agentls::syntax::{Document, frontmatter, strict};
use agentls::text::{LineCol, PositionEncoding, TextBuffer};
use agentls_test_support::{dump, line_starts};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------------------------
// Generators

const FRAGMENTS: &[&str] = &[
    "---",
    "---\n",
    "--- \r\n",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "name: ",
    "name:",
    "description: ",
    "tools: ",
    "model: ",
    "color: ",
    "allowed-tools: ",
    "argument-hint: ",
    "mode: ",
    ": ",
    ":",
    " ",
    "  ",
    "    ",
    "\t",
    "'",
    "\"",
    "''",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "- ",
    "-",
    "#",
    "# Title\n",
    "a",
    "agent",
    "sonnet",
    "é",
    "😀",
    "漢字",
    "|\n",
    ">-\n",
    "&a ",
    "*a",
    "!!str ",
    "\u{feff}",
    "Read",
    "Bash(git:*)",
    "\\",
    "\\n",
    "\0",
    "@",
    "`",
    "```\n",
    "\n\n",
    "    ",
    "> ",
    "1. ",
    "~~~\n",
    "<div>\n",
    "<!--",
    "null",
    "true",
    "1.5",
    "? ",
    "...",
    "\u{2028}",
    "\u{85}",
    "http://x.y",
    "Use when: asked",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn fragments(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..max).prop_map(|v| v.concat())
}

/// Text shaped like an agent file often enough: a frontmatter block around random content, or
/// random content alone.
fn agent_text() -> impl Strategy<Value = String> {
    prop_oneof![
        fragments(40),
        (fragments(24), fragments(16)).prop_map(|(y, b)| format!("---\n{y}\n---\n{b}")),
        (fragments(16), fragments(16)).prop_map(|(y, b)| format!(
            "---\nname: a\ndescription: {y}\ntools: Read, Bash\n---\n{b}"
        )),
    ]
}

/// One edit: where (an index into the current text, sometimes past its end), how many bytes to
/// remove, and what to insert.
#[derive(Clone, Debug)]
struct EditSpec {
    at: Index,
    past_end: usize,
    remove: usize,
    insert: String,
}

fn edit_spec() -> impl Strategy<Value = EditSpec> {
    (
        any::<Index>(),
        prop_oneof![8 => Just(0usize), 1 => 1usize..8],
        prop_oneof![2 => Just(0usize), 2 => 1usize..4, 1 => 4usize..40],
        prop_oneof![1 => Just(String::new()), 4 => fragments(4)],
    )
        .prop_map(|(at, past_end, remove, insert)| EditSpec {
            at,
            past_end,
            remove,
            insert,
        })
}

/// Batches of edits; `reparse` runs after each batch.
fn batches() -> impl Strategy<Value = Vec<Vec<EditSpec>>> {
    prop::collection::vec(prop::collection::vec(edit_spec(), 1..4), 1..6)
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The largest char boundary at or below `b`, clamped to the text (what `TextBuffer::replace`
/// does with its range).
fn floor_boundary(s: &str, b: usize) -> usize {
    let mut b = b.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Apply one edit to the document and to a plain `String` model, the same way.
fn apply(doc: &mut Document, model: &mut String, e: &EditSpec) {
    let raw_start = e.at.index(model.len() + 1) + e.past_end;
    let raw_end = raw_start + e.remove;
    doc.edit(raw_start..raw_end, &e.insert);
    let start = floor_boundary(model, raw_start);
    let end = floor_boundary(model, raw_end.max(start));
    model.replace_range(start..end, &e.insert);
}

fn contexts() -> Vec<FileContext> {
    vec![
        FileContext::from_path(Path::new("/p/.claude/agents/a.md"), Dialect::ClaudeAgent),
        FileContext::from_path(Path::new("/p/.opencode/agent/b.md"), Dialect::OpenCodeAgent),
    ]
}

fn diagnostics(doc: &Document, file: &FileContext) -> Vec<Diagnostic> {
    analysis::diagnostics(doc, file, Env::empty())
}

/// The incrementally edited document equals a fresh parse of `model` in every respect.
fn assert_same_as_fresh(doc: &Document, model: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(doc.text().to_string_lossless(), model);
    let fresh = Document::new(model);
    prop_assert_eq!(doc.scan(), fresh.scan(), "frontmatter scan of {:?}", model);
    prop_assert_eq!(
        dump(doc.yaml_tree()),
        dump(fresh.yaml_tree()),
        "YAML tree of {:?}",
        model
    );
    prop_assert_eq!(
        doc.yaml_tree().map(|t| t.root_node().to_sexp()),
        fresh.yaml_tree().map(|t| t.root_node().to_sexp())
    );
    prop_assert_eq!(
        dump(doc.markdown_tree()),
        dump(fresh.markdown_tree()),
        "Markdown tree of {:?}",
        model
    );
    prop_assert_eq!(doc.yaml(), fresh.yaml(), "lowered YAML of {:?}", model);
    prop_assert_eq!(
        doc.code_blocks().all(),
        fresh.code_blocks().all(),
        "code blocks of {:?}",
        model
    );
    for file in contexts() {
        prop_assert_eq!(
            diagnostics(doc, &file),
            diagnostics(&fresh, &file),
            "diagnostics of {:?} as {:?}",
            model,
            file.dialect
        );
    }
    Ok(())
}

fn run_edits(initial: &str, batches: &[Vec<EditSpec>]) -> Result<(), TestCaseError> {
    let mut doc = Document::new(initial);
    let mut model = initial.to_string();
    for batch in batches {
        for e in batch {
            apply(&mut doc, &mut model, e);
        }
        doc.reparse();
        assert_same_as_fresh(&doc, &model)?;
    }
    Ok(())
}

const ENCODINGS: [PositionEncoding; 3] = [
    PositionEncoding::Utf8,
    PositionEncoding::Utf16,
    PositionEncoding::Utf32,
];

fn check_positions(text: &str, probes: &[(u32, u32)]) -> Result<(), TestCaseError> {
    let buf = TextBuffer::new(text);
    let starts = line_starts(text);
    prop_assert_eq!(buf.line_count(), starts.len());
    for enc in ENCODINGS {
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = starts.partition_point(|&s| s <= byte) - 1;
            let inside_crlf = byte > 0
                && text.as_bytes()[byte - 1] == b'\r'
                && text.as_bytes().get(byte) == Some(&b'\n');
            let pos = buf.position_at(byte, enc);
            // Inside a CRLF pair, the position is the end of the line's content.
            let at = if inside_crlf { byte - 1 } else { byte };
            let col: usize = text[starts[line]..at].chars().map(|c| enc.width(c)).sum();
            prop_assert_eq!(
                pos,
                LineCol::new(line as u32, col as u32),
                "{:?} byte {} of {:?}",
                enc,
                byte,
                text
            );
            prop_assert_eq!(
                buf.offset_at(pos, enc),
                at,
                "{:?} {:?} of {:?}",
                enc,
                pos,
                text
            );
        }
        // Any position, in range or not: a char boundary within the text, and an in-range
        // position that is not inside a character comes back unchanged.
        for &(line, col) in probes {
            let pos = LineCol::new(line, col);
            let off = buf.offset_at(pos, enc);
            prop_assert!(off <= text.len() && text.is_char_boundary(off));
            let back = buf.position_at(off, enc);
            prop_assert!(back <= pos || line as usize >= starts.len());
            if (line as usize) < starts.len() {
                let l = line as usize;
                let end = buf.line_content_end(l);
                let mut units = 0;
                let mut exact = col == 0;
                for c in text[starts[l]..end].chars() {
                    units += enc.width(c);
                    exact |= units == col as usize;
                }
                if exact {
                    prop_assert_eq!(back, pos, "{:?} {:?} of {:?}", enc, pos, text);
                }
            }
        }
    }
    Ok(())
}

fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(&["a", "é", "😀", "漢", "\n", "\r\n", "\r", " ", "\u{2028}", "\u{85}", "\u{feff}", "👨‍👩‍👧"][..])
                .prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// Run everything the CLI and the server do with a file's text; panics are the failure.
fn analyse_everything(bytes: &[u8]) {
    let text = match agentls::cli::testing::decode(bytes) {
        Ok((text, _)) => text,
        Err(at) => {
            assert!(at < bytes.len(), "the invalid byte is inside the input");
            assert!(std::str::from_utf8(&bytes[..at]).is_ok());
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let doc = Document::new(&text);
    let _ = frontmatter::scan(doc.text());
    if let Some(fm) = doc.scan().frontmatter() {
        let _ = strict::check(&text[fm.content.clone()]);
    }
    let _ = strict::check(&text);
    for dialect in Dialect::ALL {
        for path in ["/p/.claude/agents/x.md", "/p/plugin/agents/x.md"] {
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
                            text.is_char_boundary(e.range.start)
                                && text.is_char_boundary(e.range.end)
                                && e.range.start <= e.range.end,
                            "fix edit off a char boundary: {e:?} in {text:?}"
                        );
                    }
                }
            }
            let _ = agentls::cli::testing::render("x.md", &text, &file, Env::empty());
            if let Some((fixed, _)) = agentls::cli::testing::fix_text(&text, &file, Env::empty()) {
                let _ = analysis::diagnostics(&Document::new(&fixed), &file, Env::empty());
            }
        }
    }
}

/// Completion, hover, symbols and the reference summary at every offset of `text`: no panic,
/// and every range they return lies on char boundaries inside the text.
fn features_everywhere(text: &str) {
    use agentls::analysis::{completion, hover, summary as references, symbols};
    let doc = Document::new(text);
    let on_boundaries = |r: &std::ops::Range<usize>, what: &str| {
        assert!(
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end),
            "{what} range {r:?} in {text:?}"
        );
    };
    let _ = symbols::document_symbols(&doc);
    for file in contexts() {
        let _ = references::summarize(&doc, &file, PositionEncoding::Utf16);
        // Every offset an editor position can map to: char boundaries, not between `\r\n`.
        let cursors = (0..=text.len()).filter(|&b| {
            text.is_char_boundary(b)
                && !(b > 0
                    && text.as_bytes()[b - 1] == b'\r'
                    && text.as_bytes().get(b) == Some(&b'\n'))
        });
        for offset in cursors {
            for trigger in [None, Some(':'), Some(' '), Some(',')] {
                for item in completion::complete(&doc, &file, Env::empty(), offset, trigger) {
                    on_boundaries(&item.replace, "completion");
                }
            }
            if let Some(h) = hover::hover(&doc, &file, Env::empty(), offset) {
                on_boundaries(&h.range, "hover");
            }
        }
    }
}

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec(
            prop_oneof![
                6 => fragment().prop_map(String::into_bytes),
                1 => prop::collection::vec(any::<u8>(), 1..3),
            ],
            0..40
        )
        .prop_map(|v| v.concat()),
        agent_text().prop_map(String::into_bytes),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

/// 128 cases per property, or `PROPTEST_CASES` (run more locally when hunting).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn incremental_edits_equal_a_fresh_parse(initial in agent_text(), batches in batches()) {
        run_edits(&initial, &batches)?;
    }

    #[test]
    fn positions_round_trip(
        text in unicode_text(),
        probes in prop::collection::vec((0u32..12, 0u32..40), 0..12),
    ) {
        check_positions(&text, &probes)?;
    }

    #[test]
    fn nothing_panics_on_arbitrary_bytes(bytes in hostile_bytes()) {
        analyse_everything(&bytes);
    }

    #[test]
    fn completion_and_hover_never_panic_at_any_offset(text in agent_text()) {
        features_everywhere(&text);
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests: minimised cases found by the properties above and by the fuzz targets.

#[test]
fn extreme_positions_clamp() {
    let buf = TextBuffer::new("a\r\nb😀\rc");
    for enc in ENCODINGS {
        for pos in [
            LineCol::new(u32::MAX, u32::MAX),
            LineCol::new(1_000_000, 0),
            LineCol::new(1, u32::MAX),
            LineCol::new(0, 1_000_000),
        ] {
            let off = buf.offset_at(pos, enc);
            assert!(off <= buf.len());
        }
    }
}

/// Found by `completion_and_hover_never_panic_at_any_offset`: a lone CR ends an LSP line, but the
/// cursor's line model splits at `\n` only, so the column after a lone CR ran past the line
/// (`analysis/cursor.rs`, a slice out of bounds).
#[test]
fn completion_after_a_lone_cr_in_the_frontmatter() {
    features_everywhere("---\n\r\r\n");
    features_everywhere("---\nname: a\rdescription: b\r---\r");
    features_everywhere("---\ntools: Read,\r  Bash\n---\n");
}

/// Found by the `scan_strict` fuzz target (`fuzz/artifacts/scan_strict/crash-aebb22d5…`): the
/// strict check's bracket re-indentation, confused by a lone `\r`, returned an error offset in
/// its patched copy of the text, past the end of the caller's text.
#[test]
fn strict_error_offsets_stay_inside_the_text() {
    let bytes: &[u8] = b"!m---\x0a- na\x13me: \xa6=- de\xf3\x0a- !maese:mmm\x0a- a\x0a- - !es-       : [ !          \xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff    ---\x0a      \x0a \x0d ]\x00                    \x00ei  ? \x0d\xeb";
    let text = String::from_utf8_lossy(bytes);
    if let Err(e) = strict::check(&text) {
        assert!(
            e.offset <= text.len() && text.is_char_boundary(e.offset),
            "{e:?}"
        );
    }
    analyse_everything(bytes);
}

/// Found by `incremental_edits_equal_a_fresh_parse`: after an edit that changes nothing, the
/// YAML tree tree-sitter rebuilt from the old one around its error-recovery nodes (`!!str > :`)
/// differed from a fresh parse of the same text. An edit at every offset, empty or not, must
/// leave the same document as a fresh parse.
#[test]
fn edits_around_a_yaml_error_equal_a_fresh_parse() {
    let initial = "---\n!!str > : -\u{10000}---# Title\n\n---\n---------: ";
    for at in 0..=initial.len() {
        for insert in ["", " ", "x"] {
            let mut doc = Document::new(initial);
            let mut model = initial.to_string();
            doc.edit(at..at, insert);
            if model.is_char_boundary(at) {
                model.insert_str(at, insert);
            } else {
                model.insert_str(floor_boundary(&model, at), insert);
            }
            doc.reparse();
            if let Err(e) = assert_same_as_fresh(&doc, &model) {
                panic!("edit {insert:?} at {at}: {e}");
            }
        }
    }
}
