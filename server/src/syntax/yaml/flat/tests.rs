//! The flat lowering answers exactly what the tree-sitter lowering gives, wherever it answers.

use proptest::prelude::*;

use super::lower;
use crate::syntax::Document;

/// The flat lowering of `text`'s frontmatter, and the tree-sitter one (an eager document's).
fn both(text: &str) -> (Option<super::YamlDoc>, super::YamlDoc) {
    let eager = Document::new(text);
    let flat = eager
        .scan()
        .frontmatter()
        .and_then(|fm| lower(&eager.text().slice(fm.content.clone()), fm.content.start));
    (flat, eager.yaml().clone())
}

/// What the strict loader says of a document's frontmatter (a flat one is always accepted:
/// the verdict does not ask it then).
fn strict_verdict(doc: &Document) -> Result<(), crate::syntax::strict::StrictError> {
    let fm = doc.scan().frontmatter().expect("a frontmatter");
    crate::syntax::strict::check(&doc.text().slice(fm.content.clone()))
}

#[test]
fn every_corpus_frontmatter_it_lowers_is_lowered_as_the_tree_lowers_it() {
    let files = agentls_test_support::markdown_files(&agentls_test_support::corpus_dir());
    let mut flat = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let (lowered, tree) = both(&text);
        if let Some(lowered) = lowered {
            flat += 1;
            assert_eq!(lowered, tree, "{}", path.display());
            let lazy = Document::new_lazy(&text);
            assert_eq!(lazy.yaml(), &tree, "{}", path.display());
            assert!(lazy.yaml_is_flat());
            assert_eq!(strict_verdict(&lazy), Ok(()), "{}", path.display());
        }
    }
    // Most real frontmatter is flat: the path is taken, not only tested.
    assert!(
        flat * 10 > files.len() * 8,
        "{flat} of {} files",
        files.len()
    );
}

#[test]
fn what_it_leaves_to_the_parser() {
    for text in [
        "---\n# a comment\nname: a\n---\n",
        "---\ntools:\n  - Read\n---\n",
        "---\nname: a\ndescription: >\n  folded\n---\n",
        "---\ntemperature: 0.2\n---\n",
        "---\nversion: 010\n---\n",
        "---\nenabled: yes\n---\n",
        "---\nvalue: ~\n---\n",
        "---\nvalue: null\n---\n",
        "---\nname: a # note\n---\n",
        "---\nname: a: b\n---\n",
        "---\nname: 'it''s'\n---\n",
        "---\nname: \"a\\tb\"\n---\n",
        "---\nname:\ta\n---\n",
        "---\nname: a\r\n---\r\n",
        "---\ntools: [a, [b]]\n---\n",
        "---\ntools: [a,]\n---\n",
        "---\n  name: a\n---\n",
        "---\nname: a\n  continued\n---\n",
        "---\n\"name\": a\n---\n",
        "---\nname: &x a\n---\n",
        "---\nname: !!str a\n---\n",
        "---\nname: 2024-01-01\n---\n",
    ] {
        assert_eq!(both(text).0, None, "{text:?}");
    }
}

#[test]
fn flat_frontmatter_is_lowered() {
    let text = "---\nname: code-reviewer\ndescription: Reviews code, C# and Rust (e.g. `x`).\ntools: ['Read', \"Grep\", Glob]\nmodel: sonnet\nmax-turns: 12\nbackground: false\n\nempty: []\n---\nBody\n";
    let (lowered, tree) = both(text);
    assert_eq!(lowered.as_ref(), Some(&tree));
    assert_eq!(tree.entries.len(), 7);
}

/// One generated frontmatter line: a key and a value from a small alphabet of the shapes the
/// flat lowering accepts or must refuse.
fn line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("name".to_string()),
        Just("description".to_string()),
        Just("tools".to_string()),
        "[a-z][a-z_-]{0,8}",
    ];
    let word = prop_oneof![
        "[A-Za-z][A-Za-z0-9 .,()/#:'\"-]{0,12}",
        "[0-9]{1,4}",
        "[0-9.eE+-]{1,5}",
        Just("true".to_string()),
        Just("False".to_string()),
        Just("yes".to_string()),
        Just("Null".to_string()),
        Just("~".to_string()),
        Just(".inf".to_string()),
        Just("é à".to_string()),
        Just("a: b".to_string()),
        Just("x #y".to_string()),
    ];
    let value = prop_oneof![
        word.clone(),
        word.clone().prop_map(|w| format!("'{w}'")),
        word.clone().prop_map(|w| format!("\"{w}\"")),
        prop::collection::vec(word, 0..4).prop_map(|ws| format!("[{}]", ws.join(", "))),
    ];
    (key, " {1,2}", value, " {0,2}").prop_map(|(k, sp, v, tail)| format!("{k}:{sp}{v}{tail}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn generated_frontmatter_is_lowered_as_the_tree_lowers_it(
        lines in prop::collection::vec(line(), 1..6),
        blank in any::<bool>(),
    ) {
        let sep = if blank { "\n\n" } else { "\n" };
        let text = format!("---\n{}\n---\nbody\n", lines.join(sep));
        let (lowered, tree) = both(&text);
        if let Some(lowered) = lowered {
            prop_assert_eq!(lowered, tree, "{:?}", text);
            prop_assert_eq!(strict_verdict(&Document::new_lazy(&text)), Ok(()), "{:?}", text);
        }
    }

    /// Values of any of YAML's indicators, quotes, brackets and odd spaces (no-break, zero-width,
    /// full-width colon, a right-to-left mark), wherever they fall in the value.
    #[test]
    fn odd_characters_are_lowered_as_the_tree_lowers_them(
        lines in prop::collection::vec(
            (
                "[a-z_-]{1,5}",
                " {1,2}",
                r#"[A-Za-z0-9 \x{a0}\x{200b}\x{ff1a}\x{202e}😀é#:,'"\\\[\]{}.~!&*|>%@`?/-]{1,10}"#,
                " {0,1}",
            )
                .prop_map(|(k, sp, v, tail)| format!("{k}:{sp}{v}{tail}")),
            1..5,
        ),
    ) {
        let text = format!("---\n{}\n---\nbody\n", lines.join("\n"));
        let (lowered, tree) = both(&text);
        if let Some(lowered) = lowered {
            prop_assert_eq!(lowered, tree, "{:?}", text);
            prop_assert_eq!(strict_verdict(&Document::new_lazy(&text)), Ok(()), "{:?}", text);
        }
    }
}
