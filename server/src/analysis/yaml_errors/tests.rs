use super::*;
use crate::syntax::strict;

fn known(k: &str) -> bool {
    matches!(k, "name" | "description" | "tools" | "model" | "color")
}

fn apply(text: &str, fix: &Fix) -> String {
    crate::analysis::fix_check::apply(text, &fix.edits).expect("edits that apply")
}

fn run(text: &str) -> Diagnostic {
    let e = strict::check(text).unwrap_err();
    explain(
        text,
        0,
        e.offset,
        &e.message,
        "Claude Code skips this agent",
        Severity::Error,
        &known,
    )
}

#[test]
fn unquoted_colon_is_named_and_fixed() {
    let text =
        "name: a\ndescription: Use this agent when: the user asks. It's good\nmodel: sonnet\n";
    let d = run(text);
    // The whole value on its line: what a user points at, a code action at any place of it.
    assert_eq!(
        &text[d.range.clone()],
        "Use this agent when: the user asks. It's good"
    );
    assert!(d.message.contains("`description`"), "{}", d.message);
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(
        fixed,
        "name: a\ndescription: 'Use this agent when: the user asks. It''s good'\nmodel: sonnet\n"
    );
    assert_eq!(strict::check(&fixed), Ok(()));
    let block = apply(text, &d.fixes[1]);
    assert_eq!(strict::check(&block), Ok(()), "{block}");
}

#[test]
fn examples_with_literal_escapes() {
    let text = "name: a\ndescription: Use this agent for reviews. Examples:\\n\\n<example>\\nContext: x\\n</example>\ntools: Read\n";
    let d = run(text);
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(strict::check(&fixed), Ok(()), "{fixed}");
    assert!(fixed.contains("'Use this agent for reviews. Examples:\\n\\n<example>"));
}

#[test]
fn wrapped_value_is_named_and_fixed() {
    let text = "name: a\ndescription: Reviews code for style\nand correctness.\nmodel: sonnet\n";
    let d = run(text);
    assert_eq!(&text[d.range.clone()], "and correctness.");
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(
        fixed,
        "name: a\ndescription: 'Reviews code for style\n  and correctness.'\nmodel: sonnet\n"
    );
    assert_eq!(strict::check(&fixed), Ok(()));
}

#[test]
fn formatter_moved_value_to_next_line() {
    // Valid YAML, but `description` is now a mapping: the type check reports it.
    assert_eq!(
        strict::check("name: a\ndescription:\n  Use this agent when: asked\nmodel: sonnet\n"),
        Ok(())
    );
    assert_eq!(
        requote(&["Use this agent when: asked"], "\n"),
        (
            " 'Use this agent when: asked'".to_string(),
            " >-\n  Use this agent when: asked".to_string()
        )
    );
}

#[test]
fn unindented_example_block() {
    let text = "name: a\ndescription: |\n  Use this agent for reviews.\n<example>\nContext: the user wrote code\nuser: \"review it\"\n</example>\nmodel: sonnet\n";
    let d = run(text);
    assert!(d.message.contains("block scalar"), "{}", d.message);
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(strict::check(&fixed), Ok(()), "{fixed}");
    assert!(fixed.contains("\n  <example>\n  Context: the user wrote code\n"));
    assert!(fixed.contains("\nmodel: sonnet"));
}

#[test]
fn crlf_fix_keeps_line_endings() {
    let text = "name: a\r\ndescription: a: b\r\nmore\r\nmodel: x\r\n";
    let d = run(text);
    let fixed = apply(text, &d.fixes[1]);
    assert_eq!(
        fixed,
        "name: a\r\ndescription: >-\r\n  a: b\r\n  more\r\nmodel: x\r\n"
    );
}

#[test]
fn unclosed_quotes_are_named_and_closed() {
    let text = "name: a\ndescription: \"Reviews code\nmodel: x\n";
    let d = run(text);
    assert!(d.message.contains("never closed"), "{}", d.message);
    assert_eq!(&text[d.range.clone()], "\"Reviews code");
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(fixed, "name: a\ndescription: \"Reviews code\"\nmodel: x\n");
    assert_eq!(strict::check(&fixed), Ok(()));
}

#[test]
fn keys_gone_wrong_are_named_not_quoted() {
    // A half-typed key under `tools:`.
    let text = "name: a\ntools: Read, Edit\ncolor\n";
    let d = run(text);
    assert!(d.message.contains("`color` needs a `:`"), "{}", d.message);
    assert_eq!(
        apply(text, &d.fixes[0]),
        "name: a\ntools: Read, Edit\ncolor: \n"
    );
    // A key with no space after its colon.
    let text = "name: a\ndescription:Reviews code\n";
    let d = run(text);
    assert!(d.message.contains("needs a space"), "{}", d.message);
    assert_eq!(&text[d.range.clone()], "description:");
    let fixed = apply(text, &d.fixes[0]);
    assert_eq!(fixed, "name: a\ndescription: Reviews code\n");
    // An indented key.
    let text = "name: a\n  description: Use when: asked\n";
    let d = run(text);
    assert!(
        d.message.contains("`description` is indented"),
        "{}",
        d.message
    );
    assert_eq!(
        apply(text, &d.fixes[0]),
        "name: a\ndescription: Use when: asked\n"
    );
}

#[test]
fn other_errors_keep_the_loader_message() {
    let text = "name: a\ntools: [Read, Grep\nmodel: x\n";
    let d = run(text);
    assert!(d.message.contains("not valid YAML"), "{}", d.message);
    assert!(d.fixes.is_empty());
    assert_eq!(&text[d.range.clone()], ":");
}
#[test]
fn other_errors_cover_the_token_the_loader_stopped_at() {
    for (text, token) in [
        ("name: a\nx: 'a' trailing\n", "trailing"),
        ("name: a\nx: *alias extra\n", "*alias"),
        ("name: a\nx: {a: b} junk\n", "junk"),
    ] {
        let d = run(text);
        assert!(
            d.message.contains("Fix the YAML at this position"),
            "{}",
            d.message
        );
        assert_eq!(&text[d.range.clone()], token, "{text:?}");
    }
}
