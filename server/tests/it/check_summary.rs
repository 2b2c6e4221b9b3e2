//! Differential test of the summary `agentls check` uses (`summarize_explicit`, with a lazily
//! parsed Markdown tree that is often never parsed) against the full summary of an eagerly
//! parsed document: over the whole corpus and every fixture, the explicit references and the
//! Markdown links (all that cross-file diagnostics read) and the frontmatter facts are equal.

use std::path::PathBuf;

use agentls::analysis::summary::{FileSummary, summarize, summarize_explicit};
use agentls::analysis::{FileContext, Settings};
use agentls::config;
use agentls::syntax::Document;
use agentls::text::PositionEncoding;
use agentls_test_support::{corpus_dir, markdown_files};

/// What `check` needs of a full summary.
fn explicit_part(mut s: FileSummary) -> FileSummary {
    s.refs.retain(|r| r.kind.is_explicit());
    s.links.retain(|l| l.markdown);
    s
}

#[test]
fn the_check_summary_equals_the_explicit_part_of_the_full_one() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut all = markdown_files(&corpus_dir());
    all.extend(markdown_files(&root.join("tests/fixtures")));
    let settings = Settings::default();
    let mut compared = 0;
    let mut parsed_markdown = 0;
    for path in &all {
        let Some(dialect) = config::classify(&settings, path) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let file = FileContext::from_path(path, dialect);
        for enc in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
            let full = summarize(&Document::new(&text), &file, enc);
            let lazy = Document::new_lazy(&text);
            let check = summarize_explicit(&lazy, &file, enc);
            assert_eq!(check, explicit_part(full), "{}", path.display());
            parsed_markdown += usize::from(lazy.markdown_tree_parsed());
            compared += 1;
        }
    }
    assert!(compared > 800, "compared only {compared} files");
    // The point of the laziness: most files never need their Markdown tree.
    assert!(
        parsed_markdown < compared,
        "{parsed_markdown} of {compared}"
    );
}
