//! `textDocument/didOpen`: the buffer is analysed and published at once (never waiting for the
//! index); a file outside the workspace folders gets its project indexed.

use tower_lsp_server::ls_types::*;

use crate::lsp::documents::OpenDocument;
use crate::lsp::publish::lsp_diagnostics;
use crate::lsp::server::Backend;

pub(crate) async fn did_open(server: &Backend, params: DidOpenTextDocumentParams) {
    let TextDocumentItem {
        uri, text, version, ..
    } = params.text_document;
    let result = server.query("didOpen", |state| {
        let open = OpenDocument::new(&uri, &text, version, &state.settings);
        state.docs.open.insert(uri.clone(), open);
        let project = server.claim_project(state, &uri);
        let names_changed = state.analyze(&uri);
        (lsp_diagnostics(state, &uri), names_changed, project)
    });
    match result {
        Ok((published, names_changed, project)) => {
            if let Some((diags, version)) = published {
                server.publish(uri.clone(), diags, version).await;
            }
            if let Some(root) = project {
                let job = server.handle();
                tokio::spawn(async move { job.index_workspace(Some(root)).await });
            }
            if names_changed {
                server.republish_all(Some(&uri)).await;
            }
        }
        Err(e) => server.log_error(e.message.to_string()).await,
    }
}
