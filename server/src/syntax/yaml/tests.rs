use super::*;

#[test]
fn folding_and_escapes() {
    assert_eq!(fold_lines("a\n  b\n\n  c"), "a b\nc");
    assert_eq!(
        decode_double_quoted(r#"esc \t \u00e9 \"q\" end"#),
        "esc \t é \"q\" end"
    );
    assert_eq!(decode_double_quoted("a\n  b"), "a b");
    assert_eq!(decode_double_quoted("a\\\n  b"), "ab");
    assert_eq!(
        decode_double_quoted(r"Examples:\n\n<example>"),
        "Examples:\n\n<example>"
    );
}

#[test]
fn block_scalars() {
    assert_eq!(
        decode_block_scalar("|\n  x\n  y"),
        (ScalarStyle::Literal, "x\ny\n".into())
    );
    assert_eq!(
        decode_block_scalar("|-\n  x\n   y"),
        (ScalarStyle::Literal, "x\n y".into())
    );
    assert_eq!(
        decode_block_scalar(">-\n  folded\n  text\n\n  para"),
        (ScalarStyle::Folded, "folded text\npara".into())
    );
    assert_eq!(
        decode_block_scalar(">\n  a\n    b\n  c"),
        (ScalarStyle::Folded, "a\n  b\nc\n".into())
    );
}
