//! Kiro custom agents (`.kiro/agents/**/*.md`) end to end. The dialect is documented, not
//! recorded: nothing is an error. Completion offers Kiro's keys and tool tags, a nested agent is
//! known by its path (`team/planner`), and a missing `description` is a warning.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

const CLEAN: &str = "---\ndescription: Plans the work.\nmodel: claude-sonnet-4\ntools: [read, shell, \"@mcp\"]\npermissions:\n  - capability: shell\n    effect: allow\n    match: [\"npm *\"]\n---\nYou plan the work.\n";

#[test]
fn a_clean_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".kiro/agents/team/planner.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn a_missing_description_is_a_warning() {
    let ws = Workspace::new();
    let text = CLEAN.replace("description: Plans the work.\n", "");
    let (server, _, diags) = open_in(&ws, ".kiro/agents/planner.md", &text);
    let found: Vec<(Value, Value)> = diags
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone()))
        .collect();
    assert_eq!(found, vec![(json!("missing-description"), json!(2))]);
    server.shutdown();
}

#[test]
fn completion_of_keys_and_tool_tags() {
    let ws = Workspace::new();
    let fixture =
        "---\ndescription: Plans the work.\ntools: [read, sh$0]\n---\nYou plan the work.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".kiro/agents/planner.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"shell".to_string()), "{tools:?}");
    let (line, character) = cursor_at(&text, "$0tools:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["mcpServers", "permissions", "resources", "welcomeMessage"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    server.shutdown();
}

#[test]
fn a_nested_agent_is_known_by_its_path() {
    let ws = Workspace::with_files(&[(".kiro/agents/team/planner.md", CLEAN)]);
    let uri = ws.uri(".kiro/agents/team/planner.md");
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    let symbols = server.request("workspace/symbol", json!({ "query": "planner" }));
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
    assert_eq!(found, vec![("team/planner", uri.as_str())]);
    server.shutdown();
}
