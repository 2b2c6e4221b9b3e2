use expect_test::expect;
use serde_json::{Value, json};

use super::*;

/// Calls as `name (kind) path` and, under each, the places that name it (in the caller for
/// incoming calls, in the reviewer for outgoing ones).
fn calls(ws: &Workspace, result: &Value, side: &str) -> String {
    let root = file_uri(&ws.root());
    result
        .as_array()
        .expect("a list of calls")
        .iter()
        .map(|c| {
            let other = &c[side];
            let uri = other["uri"].as_str().unwrap();
            let rel = uri
                .strip_prefix(&root)
                .unwrap_or(uri)
                .trim_start_matches('/');
            let in_file = if side == "from" {
                ws.read(rel)
            } else {
                String::new()
            };
            let shown: Vec<String> = c["fromRanges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    if side == "from" {
                        show_range(&in_file, r, Encoding::Utf16)
                    } else {
                        show_range(REVIEWER, r, Encoding::Utf16)
                    }
                })
                .collect();
            format!(
                "{} (kind {}) {rel}\n{}",
                other["name"].as_str().unwrap(),
                other["kind"],
                shown.concat()
            )
        })
        .collect()
}

#[test]
fn incoming_and_outgoing_delegations() {
    let ws = team();
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&uri, REVIEWER);
    // Prepared on a mention: the agent it names.
    let items = server.request(
        "textDocument/prepareCallHierarchy",
        text_position(&uri, pos(REVIEWER, "hand off to @te$0st-runner")),
    );
    let runner = items[0].clone();
    assert_eq!(runner["name"], "test-runner", "{items}");
    assert_eq!(runner["uri"], ws.uri(".claude/agents/test-runner.md"));
    // Who delegates to test-runner: the reviewer and the command, with the places.
    let incoming = server.request("callHierarchy/incomingCalls", json!({ "item": runner }));
    expect![[r#"
        code-reviewer (kind 5) .claude/agents/code-reviewer.md
        8 | tools: Read, Grep, Agent(test-runner)
          |                          ^^^^^^^^^^^
        12 | You review code. When done, hand off to @test-runner.
           |                                          ^^^^^^^^^^^
        13 | Then @test-runner again, and see [the runner](test-runner.md).
           |       ^^^^^^^^^^^
        20 | Run @test-runner.
           |      ^^^^^^^^^^^
        review (kind 12) .claude/commands/review.md
        4 | Use the Task tool with subagent_type: "code-reviewer", then ask @test-runner.
          |                                                                  ^^^^^^^^^^^
    "#]]
    .assert_eq(&calls(&ws, &incoming, "from"));
    // Prepared on the `name:`: the reviewer itself; it delegates to test-runner (the ranges
    // are in the reviewer).
    let items = server.request(
        "textDocument/prepareCallHierarchy",
        text_position(&uri, pos(REVIEWER, "name: code-$0reviewer")),
    );
    assert_eq!(items[0]["name"], "code-reviewer", "{items}");
    let outgoing = server.request(
        "callHierarchy/outgoingCalls",
        json!({ "item": items[0].clone() }),
    );
    expect![[r#"
        test-runner (kind 5) .claude/agents/test-runner.md
        8 | tools: Read, Grep, Agent(test-runner)
          |                          ^^^^^^^^^^^
        12 | You review code. When done, hand off to @test-runner.
           |                                          ^^^^^^^^^^^
        13 | Then @test-runner again, and see [the runner](test-runner.md).
           |       ^^^^^^^^^^^
        20 | Run @test-runner.
           |      ^^^^^^^^^^^
    "#]]
    .assert_eq(&calls(&ws, &outgoing, "to"));
    // Nothing to prepare on plain text.
    let none = server.request(
        "textDocument/prepareCallHierarchy",
        text_position(&uri, pos(REVIEWER, "You rev$0iew")),
    );
    assert!(none.is_null(), "{none}");
    server.shutdown();
}
