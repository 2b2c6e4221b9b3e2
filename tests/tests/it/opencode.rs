//! OpenCode agents (`.opencode/agent/**/*.md`) end to end, as opencode-ai 1.18.33 reads them
//! (`tests/conformance/opencode`): a Claude Code agent copied over stops OpenCode (its `tools`
//! string and `color: blue` break the schema, which makes the whole configuration invalid), a
//! never-closed frontmatter only warns (the agent loads with the file as its prompt), and `check`
//! exits 1 only for the first.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep\nmodel: sonnet\ncolor: blue\n---\nYou review code.\n";
const CLEAN: &str = "---\ndescription: Reviews code.\nmode: subagent\nmodel: anthropic/claude-sonnet-4-5\npermission:\n  edit: deny\n  bash:\n    \"git *\": allow\n---\nYou review code.\n";
const UNCLOSED: &str = "---\ndescription: Reviews code.\nmode: subagent\nYou review code.\n";

fn open(ws: &Workspace, rel: &str, text: &str) -> (Server, Vec<Value>) {
    ws.write(rel, text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    (server, diags)
}

fn errors(diags: &[Value]) -> Vec<(String, Value, String)> {
    diags
        .iter()
        .filter(|d| d["severity"] == 1)
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"].clone(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_copied_claude_agent_stops_opencode() {
    let ws = Workspace::new();
    let (server, diags) = open(&ws, ".opencode/agent/reviewer.md", COPIED);
    let lead = "OpenCode refuses its whole configuration over this agent and will not start: ";
    assert_eq!(
        errors(&diags),
        vec![
            (
                "invalid-type".to_string(),
                json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 17}}),
                format!(
                    "{lead}`tools` must be a mapping of keys to values, but it is a string. Write `key: value` lines indented under it."
                ),
            ),
            (
                "invalid-value".to_string(),
                json!({"start": {"line": 5, "character": 7}, "end": {"line": 5, "character": 11}}),
                format!(
                    "{lead}`blue` is not a valid `color`; use one of `primary`, `secondary`, `accent`, `success`, `warning`, `error`, `info` or a `#RRGGBB` colour."
                ),
            ),
        ]
    );
    // `model: sonnet` starts; it fails only when the agent runs: a warning.
    let model = diags
        .iter()
        .find(|d| d["range"]["start"]["line"] == 4)
        .expect("model diagnostic");
    assert_eq!(model["severity"], 2, "{model:#?}");
    server.shutdown();
}

#[test]
fn a_clean_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, diags) = open(&ws, ".opencode/agent/reviewer.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn an_unclosed_frontmatter_only_warns() {
    let ws = Workspace::new();
    let (server, diags) = open(&ws, ".opencode/agent/reviewer.md", UNCLOSED);
    let unterminated: Vec<(Value, Value)> = diags
        .iter()
        .filter(|d| d["code"] == "frontmatter-unterminated")
        .map(|d| (d["severity"].clone(), d["range"].clone()))
        .collect();
    assert_eq!(
        unterminated,
        vec![(
            json!(2),
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}})
        )]
    );
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("OpenCode ignores this frontmatter and loads the agent without its settings, with the whole file (`---` lines included) as its prompt"),
        "{message}"
    );
    assert!(errors(&diags).is_empty(), "{diags:#?}");
    server.shutdown();
}

#[test]
fn check_exits_1_where_opencode_would_not_start() {
    let ws = Workspace::with_files(&[
        (".opencode/agent/ok.md", CLEAN),
        (".opencode/agent/unclosed.md", UNCLOSED),
    ]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    ws.write(".opencode/agent/copied.md", COPIED);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("copied.md:6:8: error[invalid-value]: OpenCode refuses its whole configuration over this agent and will not start: `blue` is not a valid `color`"),
        "{stdout}"
    );
}
