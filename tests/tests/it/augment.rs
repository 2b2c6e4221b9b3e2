//! Augment agents (Auggie CLI, `.augment/agents/**/*.md`) end to end: a copied Claude Code agent
//! loads with warnings about the tools Auggie does not have, completion offers Auggie's keys,
//! tools and models, `sub-agent-<name>` resolves to the agent it calls, and `check` reports a
//! frontmatter Auggie cannot read as a warning (Auggie still loads the file, without it).

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Auggie loads it, but has no `Read` or `Bash`.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, view, Bash\nmodel: sonnet\npermissionMode: plan\n---\nYou review code.\n";
const LEAD: &str = "---\nname: lead\ndescription: Leads the review.\ntools:\n  - view\n  - sub-agent-checker\n---\nYou lead.\n";
const CHECKER: &str = "---\nname: checker\ndescription: Checks code.\ndisabled_tools: [launch-process]\ncolor: cyan\n---\nYou check code.\n";

#[test]
fn a_copied_claude_agent_loads_with_warnings_about_its_tools() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".augment/agents/reviewer.md", COPIED);
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
                json!("tools-form"),
                json!(4),
                json!({"line": 3, "character": 0}),
                json!(
                    "Auggie CLI documents `tools` as a YAML list: write `['Read', 'view', 'Bash']`."
                ),
            ),
            (
                json!("unknown-tool"),
                json!(2),
                json!({"line": 3, "character": 7}),
                json!(
                    "Auggie CLI has no tool `Read`, so it is not granted. If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`."
                ),
            ),
            (
                json!("unknown-tool"),
                json!(2),
                json!({"line": 3, "character": 19}),
                json!(
                    "Auggie CLI has no tool `Bash`, so it is not granted. If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`."
                ),
            ),
            (
                json!("unknown-key"),
                json!(4),
                json!({"line": 5, "character": 0}),
                json!(
                    "`permissionMode` is a Claude Code agent key, not an Auggie CLI agent key, so it is ignored here. If it is your team's own key, declare it under `custom-keys` in `.agentls.toml`."
                ),
            ),
        ]
    );
    server.shutdown();
}

#[test]
fn an_agent_that_calls_another_has_no_diagnostics_and_its_call_resolves() {
    let ws = Workspace::with_files(&[(".augment/agents/checker.md", CHECKER)]);
    let (mut server, uri, diags) = open_in(&ws, ".augment/agents/lead.md", LEAD);
    assert_eq!(diags, Vec::<Value>::new());
    // `sub-agent-checker` → the checker's `name:` value.
    let (line, character) = cursor_at(LEAD, "sub-agent-ch$0ecker", Encoding::Utf16);
    let def = server.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    assert_eq!(def["uri"], ws.uri(".augment/agents/checker.md"), "{def}");
    assert_eq!(
        def["range"],
        json!({"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 13}})
    );
    // The checker's references: the call in the lead's tools (the name after `sub-agent-`).
    let checker = ws.uri(".augment/agents/checker.md");
    server.open(&checker, CHECKER);
    let refs = server.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": checker},
            "position": {"line": 1, "character": 8},
            "context": {"includeDeclaration": false},
        }),
    );
    assert_eq!(
        refs,
        json!([{
            "uri": uri,
            "range": {"start": {"line": 5, "character": 14}, "end": {"line": 5, "character": 21}},
        }])
    );
    server.shutdown();
}

#[test]
fn completion_of_keys_tools_and_models() {
    let ws = Workspace::new();
    let fixture = "---\nname: reviewer\ndescription: Reviews code.\ntools:\n  - view\n  - grep$0\nmodel: claude-haiku-4-5\n---\nYou review code.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".augment/agents/reviewer.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"grep-search".to_string()), "{tools:?}");
    // Agents are tools too: the built-in ones (and the workspace's) as `sub-agent-<name>`.
    let (other, line2, char2) = cursor(
        "---\nname: other\ndescription: Other.\ntools:\n  - sub-agent-e$0\n---\nYou help.\n",
        Encoding::Utf16,
    );
    let other_uri = ws.uri(".augment/agents/other.md");
    server.open(&other_uri, &other);
    let calls = server.completion_labels(&other_uri, (line2, char2));
    assert!(
        calls.contains(&"sub-agent-explore".to_string()),
        "{calls:?}"
    );

    let (line, character) = cursor_at(&text, "model: $0claude-haiku-4-5", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    assert!(
        models.contains(&"claude-sonnet-4-6".to_string()),
        "{models:?}"
    );
    assert!(!models.contains(&"sonnet".to_string()), "{models:?}");

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in [
        "disabled_tools",
        "finish_tool",
        "hidden",
        "replace_system_prompt",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"permissionMode".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn check_warns_where_auggie_drops_the_frontmatter_and_flags_an_unknown_call() {
    let ws = Workspace::with_files(&[
        (".augment/agents/lead.md", LEAD),
        (".augment/agents/checker.md", CHECKER),
    ]);
    // Auggie registers exact names: `CodeReviewer` and `code-reviewer` are two agents.
    ws.write(
        ".augment/agents/a.md",
        "---\nname: CodeReviewer\ndescription: Reviews.\n---\nYou review.\n",
    );
    ws.write(
        ".augment/agents/b.md",
        "---\nname: code-reviewer\ndescription: Reviews too.\n---\nYou review.\n",
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("no problems found"), "{stdout}");
    // Broken YAML: Auggie loads the file under its file name, without its settings.
    ws.write(
        ".augment/agents/broken.md",
        "---\nname: broken\ndescription: Use when: the code changed\ntools: [sub-agent-chekcer]\n---\nYou fix.\n",
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("broken.md:3:14: warning[yaml-syntax]: Auggie CLI loads this agent under its file name, without any of its frontmatter"),
        "{stdout}"
    );
    ws.write(
        ".augment/agents/broken.md",
        "---\nname: broken\ndescription: Fixes.\ntools: [sub-agent-chekcer]\n---\nYou fix.\n",
    );
    let (_, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert!(
        stdout.contains("broken.md:4:19: warning[unresolved-agent]: No agent named `chekcer`"),
        "{stdout}"
    );
}
