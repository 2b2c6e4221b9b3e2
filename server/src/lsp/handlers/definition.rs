//! `textDocument/definition`: where the agent, skill or file under the cursor is defined.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{location, place};
use crate::lsp::server::Backend;
use crate::workspace;

pub(crate) async fn definition(
    server: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    server
        .query_indexed("definition", |state| {
            let (path, offset) = place(state, &params.text_document_position_params)?;
            let locs: Vec<Location> = workspace::definition(&state.session.index, &path, offset)
                .iter()
                .filter_map(location)
                .collect();
            match locs.len() {
                0 => None,
                1 => locs.into_iter().next().map(GotoDefinitionResponse::Scalar),
                _ => Some(GotoDefinitionResponse::Array(locs)),
            }
        })
        .await
}
