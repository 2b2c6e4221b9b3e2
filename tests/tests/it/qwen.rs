//! Qwen Code agents (`.qwen/agents/*.md`) end to end: a copied Claude Code agent loads with
//! warnings about the tools Qwen Code does not have, a refused one gets errors, completion
//! offers Qwen Code's keys, tools and models, and `check` fails where Qwen Code skips a file.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Qwen Code loads it, but has no `Read` or `Bash`.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: purple\n---\nYou review code.\n";
const CLEAN: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools:\n  - read_file\n  - grep_search\nmodel: coder-model\napprovalMode: plan\nrunConfig:\n  max_turns: 10\n---\nYou review code.\n";

#[test]
fn a_copied_claude_agent_loads_with_warnings_about_its_tools() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".qwen/agents/reviewer.md", COPIED);
    let mut unknown: Vec<(Value, Value, Value)> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-tool")
        .map(|d| {
            (
                d["severity"].clone(),
                d["range"].clone(),
                d["message"].clone(),
            )
        })
        .collect();
    unknown.sort_by_key(|u| u.1["start"]["character"].as_u64());
    assert_eq!(
        unknown,
        vec![
            (
                json!(2),
                json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 11}}),
                json!(
                    "Qwen Code has no tool `Read`, so it is not granted. If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`."
                ),
            ),
            (
                json!(2),
                json!({"start": {"line": 3, "character": 19}, "end": {"line": 3, "character": 23}}),
                json!(
                    "Qwen Code has no tool `Bash`, so it is not granted. If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`."
                ),
            ),
        ]
    );
    // `Grep` is the display name of `grep_search`; `color: purple` and the unknown keys load.
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "no errors: {diags:#?}"
    );
    server.shutdown();
}

#[test]
fn a_reserved_name_and_a_short_prompt_are_errors() {
    let ws = Workspace::new();
    let text = "---\nname: main\ndescription: Reviews code.\n---\nHi.\n";
    let (server, _, diags) = open_in(&ws, ".qwen/agents/main.md", text);
    let codes: Vec<(&str, u64)> = diags
        .iter()
        .filter(|d| d["severity"] == 1)
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(codes, vec![("invalid-name", 1), ("short-body", 4)]);
    server.shutdown();
}

#[test]
fn a_clean_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".qwen/agents/reviewer.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn completion_of_keys_tools_and_models() {
    let ws = Workspace::new();
    let fixture = "---\nname: reviewer\ndescription: Reviews code.\ntools:\n  - read_file\n  - gr$0\nmodel: coder-model\n---\nYou review code.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".qwen/agents/reviewer.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"grep_search".to_string()), "{tools:?}");

    let (line, character) = cursor_at(&text, "model: $0coder-model", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    for m in ["coder-model", "inherit", "fast"] {
        assert!(
            models.contains(&m.to_string()),
            "{m} missing from {models:?}"
        );
    }
    assert!(!models.contains(&"sonnet".to_string()), "{models:?}");
    assert!(
        !models.contains(&"gemini-2.5-pro".to_string()),
        "{models:?}"
    );

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["approvalMode", "runConfig", "disallowedTools", "mcpServers"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"max_turns".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn check_exits_1_where_qwen_code_would_skip_an_agent() {
    let ws = Workspace::with_files(&[
        (".qwen/agents/ok.md", CLEAN),
        (
            ".qwen/agents/copied.md",
            &COPIED.replace("name: reviewer", "name: copied"),
        ),
    ]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("duplicate-agent-name"), "{stdout}");
    ws.write(
        ".qwen/agents/run.md",
        CLEAN
            .replace("max_turns: 10", "max_turns: 0")
            .replace("name: reviewer", "name: runner"),
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("run.md:10:14: error[invalid-value]: Qwen Code skips this agent: `runConfig.max_turns` must be greater than 0"),
        "{stdout}"
    );
}
