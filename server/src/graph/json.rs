//! The graph as JSON: the data behind every picture, for tools and editors.

use serde::Serialize;

use crate::workspace::graph::{Graph, Node};

/// Where node paths point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paths {
    /// Relative to the root they are under (for `agentls graph`, and snapshots).
    Relative,
    /// Absolute (for editors, which open the files).
    Absolute,
}

#[derive(Serialize)]
pub struct JsonGraph {
    pub nodes: Vec<JsonNode>,
    pub edges: Vec<JsonEdge>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonNode {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialect: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 0-based line of the `name:` in `path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub duplicate: bool,
    /// Shown in red: a missing name or a duplicate agent.
    pub problem: bool,
}

#[derive(Serialize)]
pub struct JsonEdge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub unresolved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// 0-based line in `from`'s file.
    pub line: u32,
}

fn node(n: &Node, paths: Paths) -> JsonNode {
    let path = n.path.as_ref().map(|p| match paths {
        Paths::Relative => n.id.clone(),
        Paths::Absolute => p.to_string_lossy().into_owned(),
    });
    JsonNode {
        id: n.id.clone(),
        name: n.name.clone(),
        kind: n.kind.id(),
        dialect: n.dialect.map(|d| d.id()),
        model: n.model.clone(),
        color: n.color.clone(),
        description: n.description.clone(),
        line: n.path.as_ref().map(|_| n.line),
        path,
        duplicate: n.duplicate,
        problem: n.is_problem(),
    }
}

/// The graph as serialisable data.
pub fn data(g: &Graph, paths: Paths) -> JsonGraph {
    JsonGraph {
        nodes: g.nodes.iter().map(|n| node(n, paths)).collect(),
        edges: g
            .edges
            .iter()
            .map(|e| JsonEdge {
                from: g.nodes[e.from].id.clone(),
                to: g.nodes[e.to].id.clone(),
                kind: e.kind.id(),
                unresolved: e.unresolved,
                suggestion: e.suggestion.clone(),
                line: e.line,
            })
            .collect(),
    }
}

/// The graph as pretty-printed JSON.
pub fn render(g: &Graph, paths: Paths) -> String {
    let mut s = serde_json::to_string_pretty(&data(g, paths)).unwrap_or_default();
    s.push('\n');
    s
}
