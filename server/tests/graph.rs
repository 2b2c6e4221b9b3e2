//! `agentls graph` on a fixture team (`tests/graph-team`): snapshots of the JSON and the
//! Mermaid, a well-formed SVG with every node, a DOT that parses, and `--focus`.

use std::path::PathBuf;

use agentls::analysis::Settings;
use agentls::cli::team_graph;
use agentls::graph::{dot, json, mermaid, svg};
use agentls::workspace::{self, graph::Graph};

fn team_root() -> PathBuf {
    workspace::absolute(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/graph-team"))
}

/// The settings of the fixture, without `~/.claude/agents` (the machine's own agents).
fn settings() -> Settings {
    Settings {
        user_agents: false,
        ..Settings::default()
    }
}

fn team() -> Graph {
    team_graph(&team_root(), &settings(), None, 1).expect("the team graph")
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(json::render(&team(), json::Paths::Relative));
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!(mermaid::render(&team()));
}

#[test]
fn mermaid_is_a_flowchart_with_safe_ids() {
    let text = mermaid::render(&team());
    assert!(text.starts_with("flowchart LR\n"));
    for line in text.lines().skip(1) {
        let id: String = line
            .trim_start()
            .chars()
            .take_while(|c| !" [(>-".contains(*c))
            .collect();
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ','),
            "unsafe id in {line:?}"
        );
    }
}

#[test]
fn svg_is_well_formed_and_has_every_node() {
    let g = team();
    let text = svg::render(&g).expect("the layout");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let drawn: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for n in &g.nodes {
        assert!(drawn.contains(&n.id.as_str()), "{} is not drawn", n.id);
        assert!(
            texts.contains(&n.name.as_str()),
            "{} is not written",
            n.name
        );
    }
}

#[test]
fn svg_of_nothing_is_well_formed() {
    let text = svg::render(&Graph::default()).expect("no layout needed");
    roxmltree::Document::parse(&text).expect("well-formed XML");
}

#[test]
fn dot_parses() {
    let text = dot::render(&team());
    let mut parser = layout::gv::DotParser::new(&text);
    let ast = parser.process().expect("DOT that parses");
    let mut builder = layout::gv::GraphBuilder::new();
    builder.visit_graph(&ast);
    assert_eq!(builder.get().num_nodes(), team().nodes.len());
}

#[test]
fn focus_keeps_the_direct_delegations() {
    let root = team_root();
    let g = team_graph(&root, &settings(), Some("code-reviewer"), 1).unwrap();
    let mut names: Vec<&str> = g.nodes.iter().map(|n| n.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["code-reviewer", "lead", "test-writer"]);
    // lead → test-writer is one step further: not walked at depth 1.
    assert_eq!(g.edges.len(), 2);
    let g = team_graph(&root, &settings(), Some("code-reviewer"), 2).unwrap();
    assert!(g.nodes.iter().any(|n| n.name == "ship"));
    assert!(g.edges.len() > 2);
    assert!(team_graph(&root, &settings(), Some("nobody"), 1).is_err());
}

#[test]
fn focus_finds_names_loosely() {
    let g = team_graph(&team_root(), &settings(), Some("Code Reviewer"), 1).unwrap();
    assert!(g.nodes.iter().any(|n| n.name == "code-reviewer"));
}
