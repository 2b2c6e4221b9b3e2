//! `textDocument/documentHighlight`: the other places of the same document that name the agent
//! or skill under the cursor (and its `name:`, as the write).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::place;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::workspace;

pub(crate) async fn document_highlight(
    server: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    server
        .query_indexed("documentHighlight", |state| {
            let (path, offset) = place(state, &params.text_document_position_params)?;
            let out: Vec<DocumentHighlight> =
                workspace::highlights(&state.session.index, &path, offset)
                    .into_iter()
                    .map(|h| DocumentHighlight {
                        range: convert::span_range(&h.span),
                        kind: Some(if h.declaration {
                            DocumentHighlightKind::WRITE
                        } else {
                            DocumentHighlightKind::READ
                        }),
                    })
                    .collect();
            (!out.is_empty()).then_some(out)
        })
        .await
}
