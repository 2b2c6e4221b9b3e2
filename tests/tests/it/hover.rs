//! Hover end to end: the real binary, fixtures with a `$0` cursor.

use agentls_e2e::*;
use serde_json::Value;
use similar_asserts::assert_eq;

fn hover_at(rel: &str, fixture: &str, enc: Encoding) -> (Value, String) {
    let ws = Workspace::new();
    let (text, line, character) = cursor(fixture, enc);
    ws.write(rel, &text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&[enc.name()]));
    server.open(&uri, &text);
    server.wait_diagnostics(&uri, 1);
    let result = server.hover(&uri, line, character);
    server.shutdown();
    (result, text)
}

fn markdown(result: &Value) -> &str {
    assert_eq!(result["contents"]["kind"], "markdown", "{result:#}");
    result["contents"]["value"].as_str().unwrap_or_default()
}

/// The hovered text, from the hover's range (on one line).
fn hovered(text: &str, result: &Value, enc: Encoding) -> String {
    let r = &result["range"];
    assert_eq!(r["end"]["line"], r["start"]["line"], "{result:#}");
    text[byte_range(text, r, enc)].to_string()
}

#[test]
fn key_docs_name_the_version_and_the_source() {
    let (result, text) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\nmem$0ory: project\n---\n",
        Encoding::Utf16,
    );
    let md = markdown(&result);
    assert!(md.contains("Since v2.1.33"), "{md}");
    assert!(
        md.contains("https://code.claude.com/docs/en/sub-agents"),
        "{md}"
    );
    assert_eq!(hovered(&text, &result, Encoding::Utf16), "memory");
}

#[test]
fn tool_docs_with_status_and_replacement() {
    let (result, text) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\ntools: Read, Ta$0sk, Grep\n---\n",
        Encoding::Utf16,
    );
    let md = markdown(&result);
    assert!(md.contains("old name of `Agent`"), "{md}");
    assert_eq!(hovered(&text, &result, Encoding::Utf16), "Task");
}

#[test]
fn model_alias_and_enum_value() {
    let (result, _) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\nmodel: op$0us\n---\n",
        Encoding::Utf16,
    );
    assert!(markdown(&result).contains("Opus"));
    let (result, _) = hover_at(
        ".opencode/agent/review.md",
        "---\ndescription: b\nmode: prim$0ary\n---\n",
        Encoding::Utf16,
    );
    assert!(markdown(&result).contains("Tab"), "{result:#}");
}

#[test]
fn ranges_in_both_encodings() {
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let (result, text) = hover_at(
            ".github/agents/x.agent.md",
            "---\ndescription: b\ntools: ['🚀ext/go', 'edit/edit$0Files']\n---\n",
            enc,
        );
        assert!(markdown(&result).contains("Change files"));
        assert_eq!(
            hovered(&text, &result, enc),
            "edit/editFiles",
            "{}",
            enc.name()
        );
    }
}

#[test]
fn nothing_in_the_body_or_on_delimiters() {
    let (result, _) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\n---\nUse the Re$0ad tool.\n",
        Encoding::Utf16,
    );
    assert_eq!(result, Value::Null);
    let (result, _) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\n-$0--\nBody\n",
        Encoding::Utf16,
    );
    assert_eq!(result, Value::Null);
}

#[test]
fn a_model_value_is_described_once() {
    let (result, _) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\nmodel: son$0net\n---\n",
        Encoding::Utf16,
    );
    let md = markdown(&result);
    assert!(md.contains("Alias for the current Sonnet model"), "{md}");
    assert_eq!(md.matches("current Sonnet model").count(), 1, "{md}");
    // A plugin-ignored key says so once.
    let (result, _) = hover_at(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: b\nho$0oks: {}\n---\n",
        Encoding::Utf16,
    );
    let md = markdown(&result).to_lowercase();
    assert_eq!(md.matches("plugin agents").count(), 1, "{md}");
}
