//! The picture of the team: `agentls graph` on `examples/` in every format, and the
//! `agentls/teamGraph` request over stdio (the data the editors draw).

use std::process::Command;

use agentls_e2e::*;
use serde_json::{Value, json};

/// Run `agentls graph <args>` in the repository: `(exit code, stdout, stderr)`.
fn graph(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(agentls_bin())
        .arg("graph")
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run agentls graph");
    (
        out.status.code().expect("not killed by a signal"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

const AGENTS: [&str; 6] = [
    "code-reviewer",
    "docs-writer",
    "Planner",
    "reviewer",
    "security-auditor",
    "test-engineer",
];

#[test]
fn graph_of_the_examples_in_every_format() {
    let (code, mermaid, err) = graph(&["examples"]);
    assert_eq!(code, 0, "{err}");
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    assert!(
        mermaid.contains("review -->|\"subagent_type\"| code_reviewer"),
        "{mermaid}"
    );

    let (code, text, err) = graph(&["examples", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let data: Value = serde_json::from_str(&text).expect("JSON");
    let names: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    for a in AGENTS {
        assert!(names.contains(&a), "{a} missing from {names:?}");
    }
    assert!(
        names.contains(&"release-notes"),
        "skills are nodes: {names:?}"
    );

    let (code, dot, err) = graph(&["examples", "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.starts_with("digraph team {") && dot.trim_end().ends_with('}'));

    let (code, svg, err) = graph(&["examples", "--format", "svg"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    for a in AGENTS {
        assert!(svg.contains(&format!(">{a}<")), "{a} not drawn");
    }
}

#[test]
fn graph_focus_and_errors() {
    let (code, text, err) = graph(&["examples", "--focus", "code-reviewer", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let data: Value = serde_json::from_str(&text).unwrap();
    let mut names: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["code-reviewer", "review", "test-engineer"]);

    let (code, _, err) = graph(&["examples", "--focus", "nobody"]);
    assert_eq!(code, 2);
    assert!(err.contains("nobody"), "{err}");
    let (code, _, _) = graph(&["examples/team/.claude/agents/code-reviewer.md"]);
    assert_eq!(code, 2, "a file is not a folder");
}

const LEAD: &str = "---
name: lead
description: Leads the team.
model: opus
color: purple
tools: Read, Agent(worker, ghost)
---
Plan, then delegate.
";

const WORKER: &str = "---
name: worker
description: Does the work.
---
Work.
";

fn node<'a>(result: &'a Value, name: &str) -> &'a Value {
    result["graph"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["name"] == name)
        .unwrap_or_else(|| panic!("no node {name} in {result}"))
}

fn edge_kinds(result: &Value, from: &str, to: &str) -> Vec<String> {
    let id = |name: &str| node(result, name)["id"].as_str().unwrap().to_string();
    let (from, to) = (id(from), id(to));
    result["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["from"] == from.as_str() && e["to"] == to.as_str())
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn team_graph_request_over_stdio() {
    let ws = Workspace::with_files(&[
        (".claude/agents/lead.md", LEAD),
        (".claude/agents/worker.md", WORKER),
    ]);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&[]));

    let result = server.request("agentls/teamGraph", json!({}));
    let lead = node(&result, "lead");
    assert_eq!(lead["model"], "opus");
    assert_eq!(lead["color"], "purple");
    assert_eq!(lead["uri"], ws.uri(".claude/agents/lead.md"));
    assert_eq!(lead["line"], 1);
    assert_eq!(edge_kinds(&result, "lead", "worker"), ["tool-rule"]);
    let ghost = node(&result, "ghost");
    assert_eq!(ghost["kind"], "missing");
    assert_eq!(ghost["problem"], true);
    let svg = result["svg"].as_str().expect("an SVG");
    assert!(
        svg.contains("data-path=") && svg.contains(">worker<"),
        "{svg}"
    );
    assert!(result["mermaid"].as_str().unwrap().starts_with("flowchart"));

    // An unsaved buffer counts, as it does for definition and references.
    let worker = ws.uri(".claude/agents/worker.md");
    server.open(&worker, &WORKER.replace("Work.", "Work, then tell @lead."));
    let result = server.request("agentls/teamGraph", json!({ "svg": false }));
    assert_eq!(edge_kinds(&result, "worker", "lead"), ["mention"]);
    assert!(result["svg"].is_null());

    // The neighbourhood of one agent; no params at all; an unknown name.
    let result = server.request(
        "agentls/teamGraph",
        json!({ "focus": "worker", "depth": 1 }),
    );
    assert_eq!(
        result["graph"]["nodes"].as_array().unwrap().len(),
        2,
        "{result}"
    );
    let result = server.request("agentls/teamGraph", Value::Null);
    assert!(result["graph"]["nodes"].as_array().unwrap().len() >= 3);
    let err = server
        .request_result("agentls/teamGraph", json!({ "focus": "nobody" }))
        .expect_err("an unknown agent is an error");
    assert!(err["message"].as_str().unwrap().contains("nobody"), "{err}");
    server.shutdown();
}
