//! `textDocument/codeLens`: "delegated to by N agents" on the `name:` line of an agent (for a
//! skill, "used by N agents"). Its command, `agentls.showReferences`, carries the arguments of
//! VS Code's `editor.action.showReferences` (the file, the position, the places) for a client
//! to show them; a client that does not know the command still shows the title.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::location;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::index_path;
use crate::workspace;

/// The client-side command of the lens.
pub(crate) const SHOW_REFERENCES: &str = "agentls.showReferences";

pub(crate) async fn code_lens(
    server: &Backend,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    server
        .query_indexed("codeLens", |state| {
            let uri = &params.text_document.uri;
            state.docs.open.get(uri)?.file.as_ref()?;
            let path = index_path(uri)?;
            let index = &state.session.index;
            let entry = index.get(&path)?;
            let kind = entry.identity.as_ref()?.kind;
            if kind == workspace::Kind::Command {
                return Some(Vec::new());
            }
            let who = workspace::delegators(index, &path)?;
            let range = entry
                .summary
                .name
                .as_ref()
                .map_or_else(Range::default, |n| convert::span_range(&n.span));
            let places: Vec<Location> = who.places.iter().filter_map(location).collect();
            let command = Command {
                title: who.title(kind),
                command: SHOW_REFERENCES.to_string(),
                arguments: Some(vec![
                    serde_json::json!(uri),
                    serde_json::json!(range.start),
                    serde_json::json!(places),
                ]),
            };
            Some(vec![CodeLens {
                range,
                command: Some(command),
                data: None,
            }])
        })
        .await
}
