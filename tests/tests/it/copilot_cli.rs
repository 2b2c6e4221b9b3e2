//! GitHub Copilot agents as the Copilot CLI 1.0.102 loads them (tests/conformance/copilot-cli),
//! end to end: a file in a subfolder of `.github/agents` is an agent, named after its path; the
//! CLI skips an agent without `description`, with a number for `model` or an MCP server without
//! `tools`; a Claude Code agent copied over loads.

use agentls_e2e::*;
use serde_json::Value;
use similar_asserts::assert_eq;

fn open(ws: &Workspace, rel: &str, text: &str) -> (Server, Vec<Value>) {
    ws.write(rel, text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    (server, diags)
}

/// `(code, severity, start line, start character, end character)` of each diagnostic.
fn shown(diags: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_u64().unwrap_or_default(),
                r["start"]["line"].as_u64().unwrap_or_default(),
                r["start"]["character"].as_u64().unwrap_or_default(),
                r["end"]["character"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn an_agent_in_a_subfolder_without_description_is_an_error() {
    let ws = Workspace::new();
    let (server, diags) = open(
        &ws,
        ".github/agents/review/helper.md",
        "---\nname: helper\n---\nHelp with reviews.\n",
    );
    assert_eq!(
        shown(&diags),
        vec![("missing-description".to_string(), 1, 0, 0, 3)]
    );
    assert_eq!(
        diags[0]["message"],
        "`description` is missing: the Copilot CLI skips an agent without a `description`. Set `description`."
    );
    server.shutdown();
}

#[test]
fn a_number_model_and_an_mcp_server_without_tools_are_errors() {
    let ws = Workspace::new();
    let text = "---\nname: ops\ndescription: Runs ops.\nmodel: 4\nmcp-servers:\n  pager:\n    type: http\n    url: https://example.invalid/mcp\n---\nDo ops.\n";
    let (server, diags) = open(&ws, ".github/agents/ops.agent.md", text);
    assert_eq!(
        shown(&diags),
        vec![
            ("invalid-type".to_string(), 1, 3, 7, 8),
            // At the start of the server's settings, as for Gemini CLI's servers.
            ("missing-key".to_string(), 1, 6, 4, 4),
        ]
    );
    let messages: Vec<&str> = diags.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(
        messages.contains(
            &"The Copilot CLI skips this agent: `mcp-servers.pager` needs `tools`. Add it."
        ),
        "{messages:#?}"
    );
    server.shutdown();
}

#[test]
fn a_copied_claude_agent_loads() {
    let ws = Workspace::new();
    let text = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Glob\nmodel: sonnet\ncolor: purple\n---\nYou review code.\n";
    let (server, diags) = open(&ws, ".github/agents/reviewer.agent.md", text);
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "no errors: {diags:#?}"
    );
    server.shutdown();
}

#[test]
fn an_agent_without_name_answers_to_its_path() {
    let lead = "---\nname: lead\ndescription: Leads.\ntools: [agent]\nagents: [review--security]\n---\nDelegate.\n";
    let ws = Workspace::with_files(&[
        (".github/agents/lead.agent.md", lead),
        (
            ".github/agents/review/security.agent.md",
            "---\ndescription: Reviews security.\n---\nReview.\n",
        ),
    ]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("unresolved-agent"), "{stdout}");
    ws.write(
        ".github/agents/lead.agent.md",
        lead.replace("review--security", "security"),
    );
    let (_, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert!(stdout.contains("unresolved-agent"), "{stdout}");
}
