//! References in a team of agents end to end: a typo next to a shorter agent name gets the
//! nearest name, an unknown `@name` is reported where it delegates (and only there), a mention
//! is found from its `@`, and a code action asked at the start of a broken line finds its fix.

use agentls_e2e::*;
use expect_test::expect;
use serde_json::{Value, json};

fn agent(name: &str) -> (String, String) {
    (
        format!(".claude/agents/{name}.md"),
        format!("---\nname: {name}\ndescription: The {name} agent.\n---\nWorks.\n"),
    )
}

/// A team with `backend`, a prefix of the other backend names.
fn team(extra: &[(&str, &str)]) -> Workspace {
    let mut files: Vec<(String, String)> =
        ["backend", "backend-dev", "backend-engineer", "frontend-dev"]
            .into_iter()
            .map(agent)
            .collect();
    files.extend(extra.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Workspace::with_files(&refs)
}

fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server
}

fn has_code(params: &Value, code: &str) -> bool {
    params["diagnostics"]
        .as_array()
        .is_some_and(|d| d.iter().any(|d| d["code"] == code))
}

/// Open `rel` and wait for its cross-file diagnostics (`code` among them).
fn diagnostics_of(
    server: &mut Server,
    ws: &Workspace,
    rel: &str,
    text: &str,
    code: &str,
) -> Vec<Value> {
    let uri = ws.uri(rel);
    server.open(&uri, text);
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == uri && has_code(p, code),
        TIMEOUT,
    );
    params["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Each diagnostic of `code` as annotated source with its message's suggestion.
fn shown(text: &str, diags: &[Value], code: &str) -> String {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            let hint = m
                .split("Did you mean ")
                .nth(1)
                .map_or("(no suggestion)", |h| h.split('?').next().unwrap());
            format!(
                "{}  {hint}\n",
                show_range(text, &d["range"], Encoding::Utf16)
            )
        })
        .collect()
}

/// The text after the quick fix titled `title` for `d`.
fn fixed(server: &mut Server, uri: &str, text: &str, d: &Value, title: &str) -> String {
    let actions = server.code_actions(uri, d["range"].clone(), vec![d.clone()]);
    let fix = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no `{title}` in {actions:#?}"));
    let edits = fix["edit"]["changes"][uri].as_array().unwrap();
    apply_text_edits(text, edits, Encoding::Utf16)
}

#[test]
fn a_typo_next_to_a_shorter_name_gets_the_nearest_name_and_a_fix() {
    let lead = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(backend-deve)\n---\nAsk @backend-deve, or @backend-enginer for APIs.\nTask(subagent_type: \"backend-enginer\")\n";
    let ws = team(&[(".claude/agents/lead.md", lead)]);
    let mut server = start(&ws);
    let diags = diagnostics_of(
        &mut server,
        &ws,
        ".claude/agents/lead.md",
        lead,
        "unresolved-agent",
    );
    expect![[r#"
        4 | tools: Read, Agent(backend-deve)
          |                    ^^^^^^^^^^^^
          `backend-dev`
        6 | Ask @backend-deve, or @backend-enginer for APIs.
          |      ^^^^^^^^^^^^
          `backend-dev`
        6 | Ask @backend-deve, or @backend-enginer for APIs.
          |                        ^^^^^^^^^^^^^^^
          `backend-engineer`
        7 | Task(subagent_type: "backend-enginer")
          |                      ^^^^^^^^^^^^^^^
          `backend-engineer`
    "#]]
    .assert_eq(&shown(lead, &diags, "unresolved-agent"));
    let uri = ws.uri(".claude/agents/lead.md");
    let typos: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unresolved-agent")
        .collect();
    let after = fixed(&mut server, &uri, lead, typos[0], "Change to `backend-dev`");
    assert!(after.contains("Agent(backend-dev)\n"), "{after}");
    let after = fixed(&mut server, &uri, lead, typos[1], "Change to `backend-dev`");
    assert!(after.contains("Ask @backend-dev, or"), "{after}");
    let after = fixed(
        &mut server,
        &uri,
        lead,
        typos[3],
        "Change to `backend-engineer`",
    );
    assert!(
        after.contains("subagent_type: \"backend-engineer\""),
        "{after}"
    );
    server.shutdown();
}

#[test]
fn an_unknown_mention_is_reported_where_it_delegates_only() {
    let lead = "---\nname: lead\ndescription: Leads.\n---\nDelegate to @devops when: the build breaks.\n\nUse @Injectable() services, install @types/node, mail ops@example.com, thanks @alice.\nRun `npm i @scope/pkg` and `@decorator`.\n\n```ts\n// Delegate to @in-code\n```\n";
    let ws = team(&[(".claude/agents/lead.md", lead)]);
    let mut server = start(&ws);
    let diags = diagnostics_of(
        &mut server,
        &ws,
        ".claude/agents/lead.md",
        lead,
        "unresolved-agent",
    );
    expect![[r#"
        5 | Delegate to @devops when: the build breaks.
          |              ^^^^^^
          (no suggestion)
    "#]]
    .assert_eq(&shown(lead, &diags, "unresolved-agent"));
    let devops = diags
        .iter()
        .find(|d| d["code"] == "unresolved-agent")
        .unwrap();
    assert_eq!(devops["severity"], 2, "a warning: {devops}");
    server.shutdown();
}

#[test]
fn definition_from_the_at_sign_of_a_mention() {
    let lead = "---\nname: lead\ndescription: Leads.\n---\nAsk @frontend-dev first.\n";
    let ws = team(&[(".claude/agents/lead.md", lead)]);
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/lead.md");
    server.open(&uri, lead);
    server.wait_diagnostics(&uri, 1);
    let (line, character) = cursor_at(lead, "Ask $0@frontend-dev", Encoding::Utf16);
    let at = text_position(&uri, (line, character));
    let def = server.request("textDocument/definition", at.clone());
    assert_eq!(
        def["uri"],
        ws.uri(".claude/agents/frontend-dev.md"),
        "{def}"
    );
    // The mention itself, and the agent's own description, which names it too.
    let places = server.reference_uris(&at);
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places.contains(&uri), "{places:?}");
    let hover = server.hover(&uri, line, character);
    assert!(hover.to_string().contains("frontend-dev"), "{hover}");
    let highlights = server.request("textDocument/documentHighlight", at.clone());
    assert_eq!(highlights.as_array().map(Vec::len), Some(1), "{highlights}");
    // Rename from the `@` renames the name, not the `@`.
    let prepared = server.request("textDocument/prepareRename", at.clone());
    let range = prepared.get("range").unwrap_or(&prepared);
    expect![[r#"
        5 | Ask @frontend-dev first.
          |      ^^^^^^^^^^^^
    "#]]
    .assert_eq(&show_range(lead, range, Encoding::Utf16));
    server.shutdown();
}

#[test]
fn a_code_action_at_the_start_of_a_line_with_an_unquoted_colon() {
    let text = "---\nname: a\ndescription: Use this agent when: the user asks\n---\nBody.\n";
    let rel = ".claude/agents/a.md";
    let ws = Workspace::new();
    ws.write(rel, text);
    let uri = ws.uri(rel);
    let mut server = start(&ws);
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    let colon: Vec<Value> = diags
        .iter()
        .filter(|d| d["code"] == "yaml-retry")
        .cloned()
        .collect();
    assert_eq!(colon.len(), 1, "{diags:#?}");
    expect![[r#"
        3 | description: Use this agent when: the user asks
          |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    "#]]
    .assert_eq(&show_range(text, &colon[0]["range"], Encoding::Utf16));
    // The cursor at the start of the line, with the line's diagnostics as Neovim sends them.
    let line_start =
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 0 } });
    let actions = server.code_actions(&uri, line_start, colon.clone());
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Quote the `description` value"),
        "{actions:#?}"
    );
    // And anywhere on the value without naming it.
    let (l, c) = cursor_at(text, "Use $0this", Encoding::Utf16);
    let inside =
        json!({ "start": { "line": l, "character": c }, "end": { "line": l, "character": c } });
    let actions = server.code_actions(&uri, inside, Vec::new());
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Quote the `description` value"),
        "{actions:#?}"
    );
    server.shutdown();
}
