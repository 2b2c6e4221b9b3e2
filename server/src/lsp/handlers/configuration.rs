//! `textDocument/didSave` and `workspace/didChangeConfiguration`: the settings are read again
//! and every open document is analysed and published again. A save of `.agentls.toml` reloads
//! it; so does the save of any other document once the file changed on disk, for clients that
//! cannot watch files (Neovim on Linux).

use tower_lsp_server::ls_types::*;

use crate::analysis::Settings;
use crate::config;
use crate::lsp::documents::{classify_uri, uri_path};
use crate::lsp::publish::reanalyze;
use crate::lsp::server::Backend;

pub(crate) async fn did_save(server: &Backend, params: DidSaveTextDocumentParams) {
    // Saving `.agentls.toml` itself changes the settings of every open document.
    let is_config = uri_path(&params.text_document.uri)
        .is_some_and(|p| p.file_name().is_some_and(|n| n == config::FILE_NAME));
    let changed = is_config
        || server
            .query("didSave", |state| {
                let root = state.roots.first()?;
                let now = config::read_settings_text(root);
                Some(now != state.file_settings_text)
            })
            .ok()
            .flatten()
            .unwrap_or(false);
    if changed {
        server.reload_settings(None).await;
    }
}

pub(crate) async fn did_change_configuration(
    server: &Backend,
    params: DidChangeConfigurationParams,
) {
    server.reload_settings(Some(params.settings)).await;
}

impl Backend {
    /// Re-read `.agentls.toml` and, when given, take new editor settings; then re-analyse and
    /// re-publish every open document.
    pub(crate) async fn reload_settings(&self, editor: Option<serde_json::Value>) {
        let mut problems = Vec::new();
        let published = self
            .query("settings", |state| {
                if let Some(value) = &editor {
                    match Settings::from_json(value) {
                        Ok(s) => state.editor_settings = s,
                        Err(e) => problems.push(format!("editor settings: {e}")),
                    }
                }
                if let Some(root) = state.roots.first() {
                    state.file_settings_text = config::read_settings_text(root);
                    let p = root.join(config::FILE_NAME);
                    if p.is_file() {
                        match config::load(&p) {
                            Ok(s) => state.file_settings = s,
                            Err(e) => problems.push(e),
                        }
                    } else {
                        state.file_settings = Settings::default();
                    }
                }
                problems.extend(state.refresh_settings());
                let uris: Vec<Uri> = state.docs.open.keys().cloned().collect();
                let settings = state.settings.clone();
                let mut out = Vec::new();
                for uri in uris {
                    if let Some(open) = state.docs.open.get_mut(&uri) {
                        open.file = classify_uri(&uri, &settings);
                    }
                    out.extend(reanalyze(state, vec![uri]));
                }
                out
            })
            .unwrap_or_default();
        self.warn_invalid_settings(problems).await;
        self.publish_all(published).await;
    }

    /// Tell the user which settings were ignored, and why.
    pub(crate) async fn warn_invalid_settings(&self, problems: Vec<String>) {
        for p in problems {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("agentls: ignoring invalid settings: {p}"),
                )
                .await;
        }
    }
}
