//! `textDocument/didClose`: the disk version takes over in the index (unsaved changes are
//! gone) and the buffer's diagnostics are cleared.

use tower_lsp_server::ls_types::*;

use crate::lsp::server::Backend;

pub(crate) async fn did_close(server: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let (was_agent, names_changed) = server
        .query("didClose", |state| {
            let was_agent = state
                .docs
                .open
                .remove(&uri)
                .is_some_and(|d| d.file.is_some());
            let names_changed = was_agent && state.sync_closed(&uri);
            (was_agent, names_changed)
        })
        .unwrap_or((true, false));
    if was_agent {
        server
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
    if names_changed {
        server.republish_all(None).await;
    }
}
