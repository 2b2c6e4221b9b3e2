//! Cursor subagents (`.cursor/agents/**/*.md`) end to end. The dialect is documented, not
//! recorded: nothing is an error. A missing `description` is a warning, completion offers
//! Cursor's keys and models, and an agent without `name` is known by its file name with `_`
//! made `-`, as Cursor names it.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

const CLEAN: &str = "---\nname: reviewer\ndescription: Reviews code after each change.\nmodel: inherit\nreadonly: true\nis_background: false\n---\nYou review code.\n";

#[test]
fn a_clean_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".cursor/agents/reviewer.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn a_missing_description_is_a_warning() {
    let ws = Workspace::new();
    let text = CLEAN.replace("description: Reviews code after each change.\n", "");
    let (server, _, diags) = open_in(&ws, ".cursor/agents/reviewer.md", &text);
    let found: Vec<(Value, Value, Value)> = diags
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone(), d["range"].clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            json!("missing-description"),
            json!(2),
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}),
        )]
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("Cursor's documentation requires a `description`"),
        "{diags:#?}"
    );
    server.shutdown();
}

#[test]
fn completion_of_keys_and_models() {
    let ws = Workspace::new();
    let fixture =
        "---\nname: reviewer\ndescription: Reviews code.\nmodel: $0\n---\nYou review code.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".cursor/agents/reviewer.md", &text);
    let models = server.completion_labels(&uri, (line, character));
    for m in ["inherit", "fast"] {
        assert!(
            models.contains(&m.to_string()),
            "{m} missing from {models:?}"
        );
    }
    assert!(!models.contains(&"sonnet".to_string()), "{models:?}");
    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["readonly", "is_background"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"color".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn an_agent_without_name_is_known_by_its_file_name() {
    let ws = Workspace::with_files(&[(
        ".cursor/agents/code_reviewer.md",
        "---\ndescription: Reviews code.\n---\nYou review code.\n",
    )]);
    let uri = ws.uri(".cursor/agents/code_reviewer.md");
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    let symbols = server.request("workspace/symbol", json!({ "query": "code" }));
    let found: Vec<(&str, &str)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["location"]["uri"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, vec![("code-reviewer", uri.as_str())]);
    server.shutdown();
}
