//! Gemini CLI agents (`.gemini/agents/*.md`) end to end: the strict loader's errors with their
//! fixes, completion of its keys, tools and models, and `check`.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Gemini CLI refuses `color` and the tools string.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: read_file, grep_search\ncolor: blue\n---\nYou review code.\n";
const CLEAN: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools:\n  - read_file\n  - mcp_github_*\nmodel: gemini-2.5-pro\nmax_turns: 10\n---\nYou review code.\n";

fn by_code<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` among {diags:#?}"))
}

#[test]
fn a_copied_claude_agent_gets_errors_and_fixes() {
    let ws = Workspace::new();
    let (mut server, uri, diags) = open_in(&ws, ".gemini/agents/reviewer.md", COPIED);
    let color = by_code(&diags, "unknown-key");
    assert_eq!(color["severity"], 1, "an error: {color:#}");
    assert_eq!(
        color["message"],
        "Gemini CLI will not load this agent: `color` is not a Gemini CLI key; remove it."
    );
    assert_eq!(
        color["range"],
        json!({"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 5}})
    );
    let tools = by_code(&diags, "tools-form");
    assert_eq!(tools["severity"], 1);
    let actions = server.code_actions(&uri, tools["range"].clone(), vec![tools.clone()]);
    let edits = actions[0]["edit"]["changes"][uri.as_str()]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply_text_edits(COPIED, &edits, Encoding::Utf16),
        COPIED.replace(
            "tools: read_file, grep_search",
            "tools: ['read_file', 'grep_search']"
        )
    );
    let actions = server.code_actions(&uri, color["range"].clone(), vec![color.clone()]);
    let edits = actions[0]["edit"]["changes"][uri.as_str()]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply_text_edits(COPIED, &edits, Encoding::Utf16),
        COPIED.replace("color: blue\n", "")
    );
    server.shutdown();
}

#[test]
fn a_clean_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".gemini/agents/reviewer.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn completion_of_keys_tools_and_models() {
    let ws = Workspace::new();
    let rel = ".gemini/agents/reviewer.md";
    let fixture = "---\nname: reviewer\ndescription: Reviews code.\ntools:\n  - read_file\n  - gr$0\nmodel: gemini-2.5-pro\n---\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, rel, &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"grep_search".to_string()), "{tools:?}");
    assert!(
        !tools.contains(&"Grep".to_string()),
        "no Claude names: {tools:?}"
    );

    let (line, character) = cursor_at(&text, "model: $0gemini-2.5-pro", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    assert!(models.contains(&"gemini-2.5-pro".to_string()), "{models:?}");
    assert!(models.contains(&"inherit".to_string()), "{models:?}");
    assert!(!models.contains(&"sonnet".to_string()), "{models:?}");

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["max_turns", "timeout_mins", "temperature", "mcp_servers"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"color".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn check_exits_1_where_gemini_cli_would_not_load_an_agent() {
    let ws = Workspace::with_files(&[(".gemini/agents/ok.md", CLEAN)]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    ws.write(
        ".gemini/agents/copied.md",
        COPIED.replace("reviewer", "copied"),
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("copied.md:5:1: error[unknown-key]: Gemini CLI will not load this agent"),
        "{stdout}"
    );
}
