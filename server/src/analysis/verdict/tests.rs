//! Unit tests of the generic verdict.

use super::*;

#[test]
fn a_nul_byte_is_reported_once_outside_the_yaml() {
    let file = FileContext::bare(Dialect::ClaudeAgent);
    let nul = |text: &str| {
        let mut out = Vec::new();
        check(&Document::new(text), &file, &mut out);
        out.iter()
            .filter(|d| d.code == codes::NUL_BYTE)
            .map(|d| (d.range.start, d.range.end))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        nul("---\nname: a\ndescription: b\n---\nA\0B\0C\n"),
        [(32, 33)]
    );
    // In the YAML, the strict loader reports it (an unprintable character).
    assert!(nul("---\nname: a\0\ndescription: b\n---\nBody\n").is_empty());
    assert_eq!(nul("\0"), [(0, 1)]);
    assert!(nul("---\nname: a\ndescription: b\n---\nBody\r\n").is_empty());
}

#[test]
fn description_from_the_body() {
    let doc =
        Document::new("---\nname: a\n---\n\n# Reviewer\n\nYou review code.\nCarefully.\n\nMore.\n");
    assert_eq!(
        first_paragraph(&doc).as_deref(),
        Some("You review code. Carefully.")
    );
    let file = FileContext::bare(Dialect::ClaudeAgent);
    let mut out = Vec::new();
    check(&doc, &file, &mut out);
    let d = out
        .iter()
        .find(|d| d.code == codes::MISSING_DESCRIPTION)
        .unwrap();
    let fix = &d.fixes[0];
    let mut text = doc.text().to_string_lossless();
    text.replace_range(fix.edits[0].range.clone(), &fix.edits[0].new_text);
    assert!(
        text.starts_with("---\nname: a\ndescription: 'You review code. Carefully.'\n---\n"),
        "{text}"
    );
}
