//! `textDocument/documentLink`: relative Markdown links and paths to agents and skills become
//! clickable, with the file they resolve to as the target.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::index_path;
use crate::workspace;

pub(crate) async fn document_link(
    server: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    server
        .query_indexed("documentLink", |state| {
            let uri = &params.text_document.uri;
            state.docs.open.get(uri)?.file.as_ref()?;
            let path = index_path(uri)?;
            let out = workspace::document_links(&state.session.index, &path)
                .into_iter()
                .filter_map(|(span, target)| {
                    Some(DocumentLink {
                        range: convert::span_range(&span),
                        target: Some(convert::path_uri(&target)?),
                        tooltip: target
                            .file_name()
                            .map(|n| format!("Open {}", n.to_string_lossy())),
                        data: None,
                    })
                })
                .collect();
            Some(out)
        })
        .await
}
