//! `textDocument/references`: every place that names the agent or skill under the cursor.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{location, place};
use crate::lsp::server::Backend;
use crate::workspace;

pub(crate) async fn references(
    server: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    server
        .query_indexed("references", |state| {
            let (path, offset) = place(state, &params.text_document_position)?;
            let locs = workspace::references(
                &state.session.index,
                &path,
                offset,
                params.context.include_declaration,
            );
            Some(locs.iter().filter_map(location).collect())
        })
        .await
}
