//! The team's own keys over stdio: a key several agents use on purpose is learned from the
//! workspace and not hinted, a key of one file still is, a misspelt key is warned with its fix
//! however often it is copied, hover says where the team uses a key, and the code action declares
//! a key in `.agentls.toml` (creating the file, or adding to it).

use agentls_e2e::*;
use serde_json::{Value, json};

fn agent(name: &str, extra: &str) -> String {
    format!("---\nname: {name}\ndescription: Does {name}.\n{extra}---\nBody.\n")
}

/// Three agents use `complexity` and repeat the typo `modle`.
fn team() -> Workspace {
    let ws = Workspace::new();
    for name in ["alpha", "beta", "gamma"] {
        ws.write(
            &format!(".claude/agents/{name}.md"),
            agent(name, "complexity: low\nmodle: sonnet\n"),
        );
    }
    ws
}

fn caps() -> Value {
    let mut c = client_capabilities(&[]);
    c["workspace"]["workspaceEdit"] = json!({
        "documentChanges": true,
        "resourceOperations": ["create", "rename", "delete"],
    });
    c
}

/// `code key` of each diagnostic, sorted.
fn codes(diags: &Value) -> Vec<String> {
    let text_of = |d: &Value| {
        let m = d["message"].as_str().unwrap_or("");
        m.split('`').nth(1).unwrap_or("").to_string()
    };
    let mut v: Vec<String> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["code"].as_str().unwrap(),
                text_of(d),
                d["severity"]
            )
        })
        .collect();
    v.sort();
    v
}

/// Wait for the diagnostics of `uri` once the index knows the team (no hint on `complexity`).
fn wait_learned(server: &mut Server, uri: &str) -> Value {
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| {
            p["uri"] == uri
                && p["diagnostics"].as_array().is_some_and(|d| {
                    !d.iter().any(|d| {
                        d["message"]
                            .as_str()
                            .is_some_and(|m| m.starts_with("`complexity`"))
                    })
                })
        },
        TIMEOUT,
    )["diagnostics"]
        .clone()
}

#[test]
fn learned_keys_are_quiet_single_ones_hinted_and_typos_warned() {
    let ws = team();
    let text = agent("delta", "complexity: high\nonce: 1\nmodle: sonnet\n");
    ws.write(".claude/agents/delta.md", &text);
    let uri = ws.uri(".claude/agents/delta.md");
    let mut server = Server::start();
    server.initialize_in(&ws.root(), caps());
    server.open(&uri, &text);
    let diags = wait_learned(&mut server, &uri);
    // `once` is this file's alone: still a hint. `modle` is in every file but a typo: a
    // warning (severity 2) with its fix.
    assert_eq!(
        codes(&diags),
        ["unknown-key modle 2", "unknown-key once 4"],
        "{diags:#}"
    );
    let typo = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("`modle`"))
        .unwrap()
        .clone();
    let actions = server.code_actions(&uri, typo["range"].clone(), vec![typo.clone()]);
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        ["Rename to `model`"],
        "no declare action for a typo"
    );

    // Hover on the learned key says where the team uses it.
    let (line, character) = cursor_at(&text, "compl$0exity", Encoding::Utf16);
    let hover = server.hover(&uri, line, character);
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("your team's own key"), "{hover:#}");
    assert!(
        md.contains("4 files: `alpha.md`, `beta.md`, `delta.md`, …"),
        "{md}"
    );
    server.shutdown();
}

/// The declare action for `once` in `delta.md`, after the team was learned.
fn declare_action(server: &mut Server, ws: &Workspace, text: &str) -> Value {
    let uri = ws.uri(".claude/agents/delta.md");
    server.open(&uri, text);
    let diags = wait_learned(server, &uri);
    let once = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("`once`"))
        .expect("a hint on `once`")
        .clone();
    let actions = server.code_actions(&uri, once["range"].clone(), vec![once]);
    actions
        .into_iter()
        .find(|a| a["title"] == "Declare `once` in .agentls.toml")
        .unwrap_or_else(|| panic!("no declare action"))
}

/// After `.agentls.toml` changed on disk, a save makes the server read it: `once` is quiet.
fn saved_and_quiet(server: &mut Server, ws: &Workspace) {
    let uri = ws.uri(".claude/agents/delta.md");
    server.save(&uri);
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| {
            p["uri"] == uri
                && p["diagnostics"].as_array().is_some_and(|d| {
                    !d.iter().any(|d| {
                        d["message"]
                            .as_str()
                            .is_some_and(|m| m.starts_with("`once`"))
                    })
                })
        },
        TIMEOUT,
    );
}

#[test]
fn declare_creates_the_settings_file() {
    let ws = team();
    let text = agent("delta", "once: 1\n");
    ws.write(".claude/agents/delta.md", &text);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), caps());
    let action = declare_action(&mut server, &ws, &text);
    let toml_uri = ws.uri(".agentls.toml");
    let ops = action["edit"]["documentChanges"]
        .as_array()
        .expect("document changes");
    assert_eq!(ops[0]["kind"], "create", "{action:#}");
    assert_eq!(ops[0]["uri"], toml_uri.as_str());
    assert_eq!(ops[1]["textDocument"]["uri"], toml_uri.as_str());
    let edits = ops[1]["edits"].as_array().unwrap();
    let created = apply_text_edits("", edits, Encoding::Utf16);
    assert_eq!(created, "[custom-keys]\nonce = \"any\"\n");
    ws.write(".agentls.toml", &created);
    saved_and_quiet(&mut server, &ws);
    server.shutdown();
}

#[test]
fn declare_adds_to_the_existing_settings_file() {
    let ws = team();
    let before = "# Our settings\n[severity]\nunknown-tool = \"warning\" # keep\n\n[custom-keys]\nversion = \"string\"\n";
    ws.write(".agentls.toml", before);
    let text = agent("delta", "once: 1\n");
    ws.write(".claude/agents/delta.md", &text);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), caps());
    let action = declare_action(&mut server, &ws, &text);
    let edits = action["edit"]["changes"][ws.uri(".agentls.toml")]
        .as_array()
        .unwrap_or_else(|| panic!("an edit of .agentls.toml: {action:#}"));
    let after = apply_text_edits(before, edits, Encoding::Utf16);
    assert_eq!(
        after,
        "# Our settings\n[severity]\nunknown-tool = \"warning\" # keep\n\n[custom-keys]\nonce = \"any\"\nversion = \"string\"\n"
    );
    ws.write(".agentls.toml", &after);
    saved_and_quiet(&mut server, &ws);
    server.shutdown();
}

#[test]
fn check_learns_the_team_keys_too() {
    let ws = team();
    ws.write(".claude/agents/delta.md", agent("delta", "once: 1\n"));
    let root = ws.root();
    let (_, out) = check_json(&[root.as_os_str(), "--severity".as_ref(), "hint".as_ref()]);
    let mut found: Vec<String> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-key")
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            format!(
                "{} {}",
                m.split('`').nth(1).unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    found.dedup();
    // `complexity` (three files) is learned; `once` (one file) is hinted; `modle` is warned.
    assert_eq!(found, ["modle warning", "once hint"], "{out:#}");
}

#[test]
fn when_the_learned_keys_change_the_open_files_are_published_again() {
    let ws = Workspace::new();
    for name in ["alpha", "beta"] {
        ws.write(
            &format!(".claude/agents/{name}.md"),
            agent(name, "complexity: low\n"),
        );
    }
    let text = agent("delta", "complexity: high\n");
    ws.write(".claude/agents/delta.md", &text);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), caps());
    let beta = ws.uri(".claude/agents/beta.md");
    let delta = ws.uri(".claude/agents/delta.md");
    server.open(&beta, &agent("beta", "complexity: low\n"));
    server.open(&delta, &text);
    wait_learned(&mut server, &beta);
    // delta drops the key: two files are no convention; beta, not edited, hears of it.
    server.change(&delta, 2, vec![full_change(&agent("delta", ""))]);
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| {
            p["uri"] == beta
                && p["diagnostics"].as_array().is_some_and(|d| {
                    d.iter().any(|d| {
                        d["message"]
                            .as_str()
                            .is_some_and(|m| m.starts_with("`complexity`"))
                    })
                })
        },
        TIMEOUT,
    );
    server.shutdown();
}
