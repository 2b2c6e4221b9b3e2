//! Publishing diagnostics: a document's current version only, and every open document again
//! when the names of the workspace or the settings changed.

use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::convert;
use super::server::Backend;
use super::state::State;

/// The LSP diagnostics of a document's current version (under the lock).
pub(crate) fn lsp_diagnostics(state: &State, uri: &Uri) -> Option<(Vec<Diagnostic>, i32)> {
    let open = state.docs.open.get(uri)?;
    let buf = open.doc.text();
    let diags = open
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(buf, uri, d, state.encoding))
        .collect();
    Some((diags, open.version))
}

/// Analyse `uris` again and collect what to publish (under the lock).
pub(crate) fn reanalyze(state: &mut State, uris: Vec<Uri>) -> Vec<(Uri, Vec<Diagnostic>, i32)> {
    let mut out = Vec::new();
    for uri in uris {
        state.analyze(&uri);
        if let Some((diags, v)) = lsp_diagnostics(state, &uri) {
            out.push((uri, diags, v));
        }
    }
    out
}

impl Backend {
    /// Publish diagnostics computed for `version`, unless a newer version arrived meanwhile.
    pub(crate) async fn publish(&self, uri: Uri, diags: Vec<Diagnostic>, version: i32) {
        let current = self.lock().docs.open.get(&uri).map(|d| d.version);
        if current != Some(version) {
            return; // stale: a later edit will publish its own
        }
        self.client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }

    /// Publish each of `published` (see [`Backend::publish`]).
    pub(crate) async fn publish_all(&self, published: Vec<(Uri, Vec<Diagnostic>, i32)>) {
        for (uri, diags, version) in published {
            self.publish(uri, diags, version).await;
        }
    }

    /// Analyse and publish every open document but `except` again (the names the workspace
    /// defines changed, or the index became complete).
    pub(crate) async fn republish_all(&self, except: Option<&Uri>) {
        let published = self.query("republish", |state| {
            let uris: Vec<Uri> = state
                .docs
                .open
                .iter()
                .filter(|(u, d)| Some(*u) != except && d.file.is_some())
                .map(|(u, _)| u.clone())
                .collect();
            reanalyze(state, uris)
        });
        self.publish_all(published.unwrap_or_default()).await;
    }
}
