//! One file, several tools, end to end: with the targets the team declares (in `.agentls.toml`,
//! from the editor, or `check --target`), a file is also checked as each other tool reads it
//! (`portability`), hover says which tools know a key, and nothing is said when no other tool
//! is in play; `check --list-targets` lists the tools.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

const REL: &str = ".claude/agents/reviewer.md";
/// Loads in Claude Code; Gemini CLI rejects `color`.
const AGENT: &str = "---\nname: reviewer\ndescription: Reviews code.\ncolor: blue\n---\nYou review code carefully and report problems.\n";
const BOTH: &str = "targets = [\"claude-code\", \"gemini-cli\"]\n";

/// Each diagnostic as `code severity: message` over the text it covers.
fn shown(text: &str, diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{} {} `{}`: {}",
                d["code"].as_str().unwrap(),
                d["severity"],
                &text[byte_range(text, &d["range"], Encoding::Utf16)],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn open_agent(ws: &Workspace) -> (Server, String, Vec<Value>) {
    ws.write(REL, AGENT);
    let uri = ws.uri(REL);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server.open(&uri, AGENT);
    let diags = server.wait_diagnostics(&uri, 1);
    (server, uri, diags)
}

/// The next diagnostics published for `uri` that satisfy `pred` (earlier ones are skipped: the
/// index's republication may come in between).
fn wait_for(server: &mut Server, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == uri && p["diagnostics"].as_array().is_some_and(|d| pred(d)),
        TIMEOUT,
    );
    params["diagnostics"].as_array().unwrap().clone()
}

const REJECTED: &str = "portability 2 `color`: Loads in Claude Code, rejected by Gemini CLI: `color` is not a Gemini CLI key; remove it.";

#[test]
fn declared_targets_report_what_the_other_tool_rejects_with_its_fix() {
    let ws = Workspace::new();
    ws.write(".agentls.toml", BOTH);
    let (mut server, uri, diags) = open_agent(&ws);
    assert_eq!(shown(AGENT, &diags), [REJECTED]);
    // The other tool's fix, checked: it leaves the file loading in Claude Code.
    let (line, character) = cursor_at(AGENT, "co$0lor", Encoding::Utf16);
    let actions = server.request(
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
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().ends_with("(for Gemini CLI)"))
        .unwrap_or_else(|| panic!("no Gemini CLI fix in {actions:#}"));
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        apply_text_edits(AGENT, edits, Encoding::Utf16),
        AGENT.replace("color: blue\n", "")
    );
    // Hover on the key names the targets in play that know it.
    let hover = server.hover(&uri, line, character);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.ends_with("Known to Claude Code; not to Gemini CLI."),
        "{md}"
    );
    server.shutdown();
}

#[test]
fn quiet_when_no_other_tool_is_in_play() {
    // Gemini CLI inferred from its folder: it reads `.gemini/agents`, not this file.
    let ws = Workspace::new();
    ws.write(
        ".gemini/agents/other.md",
        "---\nname: other\ndescription: d\n---\nA prompt long enough.\n",
    );
    let (server, _, diags) = open_agent(&ws);
    assert_eq!(shown(AGENT, &diags), Vec::<String>::new());
    server.shutdown();
}

#[test]
fn the_editor_sets_the_targets_and_their_severity() {
    let ws = Workspace::new();
    let (mut server, uri, diags) = open_agent(&ws);
    assert!(diags.is_empty(), "{diags:#?}");
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": { "targets": ["claude-code", "gemini-cli"] } } }),
    );
    let diags = wait_for(&mut server, &uri, |d| !d.is_empty());
    assert_eq!(shown(AGENT, &diags), [REJECTED]);
    // Severity per code, like any other; an unknown id is said, with "did you mean".
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": {
            "targets": ["claude-code", "gemni-cli", "gemini-cli"],
            "severity": { "portability": "error" },
        } } }),
    );
    let warning = server.wait_notification("window/showMessage", |_| true, TIMEOUT);
    assert_eq!(
        warning["message"],
        "agentls: ignoring invalid settings: targets: unknown target `gemni-cli`: did you mean `gemini-cli`?"
    );
    let diags = wait_for(&mut server, &uri, |d| d.iter().any(|d| d["severity"] == 1));
    assert_eq!(
        shown(AGENT, &diags),
        [REJECTED.replace("portability 2", "portability 1")]
    );
    server.shutdown();
}

#[test]
fn check_target_overrides_the_targets_for_a_run() {
    let ws = Workspace::new();
    ws.write(REL, AGENT);
    let root = ws.root().to_string_lossy().into_owned();
    let (code, json) = check_json(&[&root]);
    assert_eq!((code, json["diagnostics"].clone()), (0, json!([])));
    let (code, json) = check_json(&[&root, "--target", "claude-code", "--target", "gemini-cli"]);
    assert_eq!(code, 0, "a warning: {json:#}");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "portability");
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 5 } })
    );
    // `.agentls.toml` declares them too; `--target` replaces them.
    ws.write(".agentls.toml", BOTH);
    let (_, json) = check_json(&[&root, "--target", "claude-code"]);
    assert_eq!(json["diagnostics"], json!([]));
    // The other tool's fix changes what the file means for Claude Code: never applied unattended.
    let (code, _, _) = check(&[&root, "--fix"]);
    assert_eq!((code, ws.read(REL)), (0, AGENT.to_string()));
    let (code, _, stderr) = check(&[&root, "--target", "gemni-cli"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `gemini-cli`?"), "{stderr}");
}

#[test]
fn list_targets_as_text_and_json() {
    let (code, out, _) = check(&["--list-targets"]);
    assert_eq!(code, 0);
    assert!(out.contains("gemini-cli (Gemini CLI)\n"), "{out}");
    let claude_in_vscode = out
        .lines()
        .skip_while(|l| !l.starts_with("copilot-vscode "))
        .take_while(|l| l.starts_with("  ") || l.starts_with("copilot-vscode "))
        .any(|l| l.contains(".claude/agents/*.md") && l.contains("as claude-agent"));
    assert!(claude_in_vscode, "{out}");
    let (code, json) = check_json(&["--list-targets"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for id in [
        "claude-code",
        "copilot-vscode",
        "copilot-cli",
        "opencode",
        "gemini-cli",
        "qwen-code",
    ] {
        assert!(ids.contains(&id), "{ids:?}");
    }
}
