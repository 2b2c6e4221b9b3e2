//! Code actions end to end: the fixes offered pass the fix check (a legacy tool whose
//! replacement is already listed is removed, never duplicated).

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

fn actions_at(rel: &str, text: &str, snippet: &str) -> Vec<Value> {
    let enc = Encoding::Utf16;
    let ws = Workspace::new();
    ws.write(rel, text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&[enc.name()]));
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    let (line, character) = cursor_at(text, snippet, enc);
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": {
                "start": { "line": line, "character": character },
                "end": { "line": line, "character": character },
            },
            "context": { "diagnostics": diags },
        }),
    );
    server.shutdown();
    result.as_array().cloned().unwrap_or_default()
}

/// The text after the action's edits to its one document.
fn applied(text: &str, action: &Value) -> String {
    let changes = action["edit"]["changes"]
        .as_object()
        .expect("a workspace edit with changes");
    assert_eq!(changes.len(), 1, "{action:#}");
    let edits = changes.values().next().unwrap().as_array().unwrap();
    apply_text_edits(text, edits, Encoding::Utf16)
}

#[test]
fn multiedit_with_edit_listed_is_removed_not_duplicated() {
    let text = "---\nname: a\ndescription: d\ntools: Edit, MultiEdit, Read\n---\nBody.\n";
    let actions = actions_at(".claude/agents/a.md", text, "Multi$0Edit");
    let fixes: Vec<(String, String)> = actions
        .iter()
        .map(|a| (a["title"].as_str().unwrap().to_string(), applied(text, a)))
        .collect();
    assert_eq!(
        fixes,
        [(
            "Remove `MultiEdit` (`Edit` is already listed)".to_string(),
            "---\nname: a\ndescription: d\ntools: Edit, Read\n---\nBody.\n".to_string()
        )]
    );
}
