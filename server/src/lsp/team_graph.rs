//! `agentls/teamGraph`: the picture of the team for editors, from the server's own index (open
//! buffers included), so every editor draws the same data as `agentls graph`.
//!
//! Params (all optional): `{ "focus": "name", "depth": 1, "svg": true }`. Result:
//! `{ "graph": { "nodes": [...], "edges": [...] }, "svg": "<svg…>" | null, "mermaid": "…" }`;
//! the nodes are those of `agentls graph --format json` with absolute `path`s and a `uri`.

use serde::Deserialize;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Error, Result};

use super::Backend;
use super::convert;
use crate::graph::{json as graph_json, mermaid, svg};
use crate::workspace::graph;

pub(crate) const METHOD: &str = "agentls/teamGraph";

/// The most delegations away `depth` may go (a bigger number means the whole team anyway).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct TeamGraphParams {
    /// Only this agent (or skill) and its neighbourhood.
    focus: Option<String>,
    /// With `focus`: how many delegations away (default 1).
    depth: Option<usize>,
    /// Include the SVG (default true).
    svg: Option<bool>,
}

/// The graph of the indexed workspace, focused as asked (under the state lock: cheap).
fn select(
    index: &crate::workspace::Index,
    roots: &[std::path::PathBuf],
    p: &TeamGraphParams,
) -> Result<graph::Graph> {
    let g = graph::build(index, roots);
    let Some(name) = p.focus.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(g);
    };
    let centre = g.find(name);
    if centre.is_empty() {
        return Err(Error::invalid_params(format!(
            "no agent or skill named `{name}`"
        )));
    }
    Ok(g.focus(&centre, p.depth.unwrap_or(1).min(MAX_DEPTH)))
}

/// The answer: the data with file URIs, the SVG (laid out here: outside the lock) and the
/// Mermaid.
fn answer(g: &graph::Graph, with_svg: bool) -> Result<Value> {
    let mut data = serde_json::to_value(graph_json::data(g, graph_json::Paths::Absolute))
        .map_err(|_| Error::internal_error())?;
    if let Some(nodes) = data.get_mut("nodes").and_then(Value::as_array_mut) {
        for (node, n) in nodes.iter_mut().zip(&g.nodes) {
            let uri = n.path.as_deref().and_then(convert::path_uri);
            if let (Some(obj), Some(uri)) = (node.as_object_mut(), uri) {
                obj.insert("uri".to_string(), Value::String(uri.as_str().to_string()));
            }
        }
    }
    let svg = if with_svg { svg::render(g).ok() } else { None };
    Ok(json!({ "graph": data, "svg": svg, "mermaid": mermaid::render(g) }))
}

impl Backend {
    /// Answer `agentls/teamGraph` once the workspace is indexed. The graph is taken from the
    /// index under the lock; the layout runs on a blocking thread without it, so edits go on.
    pub(crate) async fn team_graph(&self, params: Option<TeamGraphParams>) -> Result<Value> {
        let params = params.unwrap_or_default();
        self.wait_indexed().await;
        let g = super::server::guarded(METHOD, || {
            let state = self.lock();
            let mut roots = state.roots.clone();
            roots.extend(state.extra_roots.iter().cloned());
            select(&state.index, &roots, &params)
        })??;
        let with_svg = params.svg.unwrap_or(true);
        tokio::task::spawn_blocking(move || super::server::guarded(METHOD, || answer(&g, with_svg)))
            .await
            .map_err(|_| Error::internal_error())??
    }
}
