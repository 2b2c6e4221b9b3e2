//! Kilo Code agents (`.kilo/agents/**/*.md`) end to end: a copied Claude Code agent is refused
//! for its tools string and colour, completion offers Kilo's keys, permission keys and models,
//! delegation through `permission.task` and `@name` resolves to the other agent's file, and
//! `check` fails where Kilo skips a file.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Kilo refuses `tools` as a string and `blue`.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: blue\n---\nYou review code.\n";
const REVIEWER: &str = "---\ndescription: Reviews code.\nmode: subagent\npermission:\n  edit: deny\n---\nYou review code.\n";
const LEAD: &str = "---\ndescription: Leads the work.\nmode: primary\nmodel: kilo/kilo-auto/free\npermission:\n  task:\n    \"*\": deny\n    reviewer: allow\n---\nWrite the change, then ask @reviewer to check it.\n";

fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server
}

#[test]
fn a_copied_claude_agent_is_refused_for_its_tools_string_and_colour() {
    let ws = Workspace::new();
    ws.write(".kilo/agents/reviewer.md", COPIED);
    let uri = ws.uri(".kilo/agents/reviewer.md");
    let mut server = start(&ws);
    server.open(&uri, COPIED);
    let diags = server.wait_diagnostics(&uri, 1);
    let mut found: Vec<(Value, Value, Value, Value)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].clone(),
                d["severity"].clone(),
                d["range"]["start"].clone(),
                d["message"].clone(),
            )
        })
        .collect();
    found.sort_by_key(|f| (f.2["line"].as_u64(), f.2["character"].as_u64()));
    assert_eq!(
        found,
        vec![
            (
                json!("deprecated-key"),
                json!(2),
                json!({"line": 3, "character": 0}),
                json!(
                    "`tools` is deprecated: Write `permission` instead: Kilo converts this map into permissions (`write`, `edit` and `patch` all become `permission.edit`)."
                ),
            ),
            (
                json!("invalid-type"),
                json!(1),
                json!({"line": 3, "character": 7}),
                json!(
                    "Kilo Code skips this agent: `tools` must be a mapping of keys to values, but it is a string. Write `key: value` lines indented under it."
                ),
            ),
            (
                json!("invalid-value"),
                json!(2),
                json!({"line": 4, "character": 7}),
                json!("`sonnet` is not a valid `model`."),
            ),
            (
                json!("invalid-value"),
                json!(1),
                json!({"line": 5, "character": 7}),
                json!(
                    "Kilo Code skips this agent: `blue` is not a valid `color`; use one of `primary`, `secondary`, `accent`, `success`, `warning`, `error`, `info` or a `#RRGGBB` colour."
                ),
            ),
        ]
    );
    server.shutdown();
}

#[test]
fn frontmatter_kilo_cannot_read_is_ignored_not_refused() {
    let ws = Workspace::new();
    let text = "---\ndescription: Reviews code\ndescription: Twice\n---\nYou review code.\n";
    ws.write(".kilocode/agent/twice.md", text);
    let uri = ws.uri(".kilocode/agent/twice.md");
    let mut server = start(&ws);
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "no errors: {diags:#?}"
    );
    assert!(
        diags.iter().any(|d| d["severity"] == 2
            && d["message"].as_str().is_some_and(|m| m.starts_with(
                "Kilo Code ignores this frontmatter and loads the agent without its settings"
            ))),
        "{diags:#?}"
    );
    server.shutdown();
}

#[test]
fn completion_of_keys_permissions_and_models() {
    let ws = Workspace::new();
    let fixture = "---\ndescription: Reviews code.\npermission:\n  agent_$0\nmodel: kilo/kilo-auto/free\n---\nYou review code.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    ws.write(".kilo/agents/reviewer.md", &text);
    let uri = ws.uri(".kilo/agents/reviewer.md");
    let mut server = start(&ws);
    server.open(&uri, &text);
    server.wait_diagnostics(&uri, 1);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"agent_manager".to_string()), "{tools:?}");

    let (line, character) = cursor_at(&text, "model: $0kilo", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    assert!(
        models.contains(&"kilo/kilo-auto/free".to_string()),
        "{models:?}"
    );

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["displayName", "mode", "steps", "hidden", "temperature"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    // Claude Code's keys are not Kilo's.
    assert!(!keys.contains(&"disallowedTools".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn delegation_through_permission_task_and_mentions_resolves() {
    let ws = Workspace::with_files(&[
        (".kilo/agents/reviewer.md", REVIEWER),
        (".kilo/agents/lead.md", LEAD),
    ]);
    let lead = ws.uri(".kilo/agents/lead.md");
    let reviewer = ws.uri(".kilo/agents/reviewer.md");
    let mut server = start(&ws);
    server.open(&lead, LEAD);
    server.wait_diagnostics(&lead, 1);
    for at in ["    revi$0ewer: allow", "ask @revi$0ewer"] {
        let def = server.request(
            "textDocument/definition",
            text_position(&lead, cursor_at(LEAD, at, Encoding::Utf16)),
        );
        assert_eq!(def["uri"], json!(reviewer), "{at}: {def}");
    }
    // The references to the reviewer from the lead: the `task` key and the mention.
    let mut params = text_position(
        &lead,
        cursor_at(LEAD, "    revi$0ewer: allow", Encoding::Utf16),
    );
    params["context"] = json!({ "includeDeclaration": false });
    let refs = server.request("textDocument/references", params);
    let mut lines: Vec<u64> = refs
        .as_array()
        .expect("locations")
        .iter()
        .filter(|l| l["uri"] == json!(lead))
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    lines.sort();
    assert_eq!(lines, vec![7, 9], "{refs}");
    server.shutdown();
}

#[test]
fn check_exits_1_where_kilo_would_skip_an_agent() {
    let ws = Workspace::with_files(&[
        (".kilo/agents/reviewer.md", REVIEWER),
        (".kilo/agents/lead.md", LEAD),
    ]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    ws.write(
        ".kilo/agents/copied.md",
        COPIED.replace("name: reviewer", "name: copied"),
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("copied.md:6:8: error[invalid-value]: Kilo Code skips this agent: `blue` is not a valid `color`"),
        "{stdout}"
    );
}
