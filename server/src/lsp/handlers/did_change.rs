//! `textDocument/didChange`: the edits are applied in arrival order (before any `.await`), the
//! buffer is re-parsed incrementally, analysed and published; other open documents follow when
//! the names of the workspace changed.

use tower_lsp_server::ls_types::*;

use crate::lsp::publish::lsp_diagnostics;
use crate::lsp::server::{Backend, guarded};
use crate::lsp::timing;

pub(crate) async fn did_change(server: &Backend, params: DidChangeTextDocumentParams) {
    let timer = timing::start();
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    // Apply the edits before any `.await`: handlers run concurrently, and edits must land in
    // the order they were sent.
    let result = server.query("didChange", |state| {
        let encoding = state.encoding;
        let open = state.docs.open.get_mut(&uri)?;
        for change in params.content_changes {
            open.apply_change(change.range, &change.text, encoding);
        }
        open.version = version;
        open.reparse();
        let names_changed = state.analyze(&uri);
        Some((lsp_diagnostics(state, &uri), names_changed))
    });
    match result {
        Ok(Some((published, names_changed))) => {
            if let Some((diags, version)) = published {
                server.publish(uri.clone(), diags, version).await;
            }
            timing::finish("didChange", timer);
            if names_changed {
                server.republish_all(Some(&uri)).await;
            }
        }
        Ok(None) => {}
        Err(e) => {
            // Keep the document usable: rebuild its syntax from the text it now holds.
            let _ = guarded("didChange recovery", || {
                let mut state = server.lock();
                if let Some(open) = state.docs.open.get_mut(&uri) {
                    open.rebuild();
                    open.version = version;
                }
                state.analyze(&uri);
            });
            server.log_error(e.message.to_string()).await;
        }
    }
}
