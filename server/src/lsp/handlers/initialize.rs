//! `initialize` (settings, encoding, the client's capabilities; the server's capabilities in
//! return) and `initialized` (file watchers and the background indexing start).

use std::path::PathBuf;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::analysis::Settings;
use crate::config;
use crate::lsp::capabilities::{ClientCaps, server_capabilities};
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::workspace;

pub(crate) async fn initialize(
    server: &Backend,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let encoding = convert::negotiate_encoding(&params);
    let roots = workspace_roots(&params);
    let file_settings = roots
        .first()
        .and_then(|r| {
            let p = r.join(config::FILE_NAME);
            p.is_file().then(|| config::load(&p))
        })
        .unwrap_or(Ok(Settings::default()));
    let editor_settings = params
        .initialization_options
        .as_ref()
        .map(Settings::from_json)
        .unwrap_or(Ok(Settings::default()));
    let mut problems = Vec::new();
    {
        let mut state = server.lock();
        state.encoding = encoding;
        state.caps = ClientCaps::from_params(&params.capabilities);
        state.session = workspace::Session::new(encoding, config::mcp_servers(&roots));
        state.file_settings_text = roots.first().and_then(|r| config::read_settings_text(r));
        state.roots = roots;
        state.file_settings = file_settings.unwrap_or_else(|e| {
            problems.push(e);
            Settings::default()
        });
        state.editor_settings = editor_settings.unwrap_or_else(|e| {
            problems.push(format!("initializationOptions: {e}"));
            Settings::default()
        });
        problems.extend(state.refresh_settings());
    }
    server.warn_invalid_settings(problems).await;
    Ok(InitializeResult {
        offset_encoding: None,
        server_info: Some(ServerInfo {
            name: "agentls".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        capabilities: server_capabilities(encoding),
    })
}

/// The workspace folders, or the root URI of a client that sends none.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        roots.extend(
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path())
                .map(|p| p.into_owned()),
        );
    }
    roots
}

pub(crate) fn initialized(server: &Backend) {
    // Both talk to the client and wait for its answers: never hold up the handlers.
    let watch = server.handle();
    tokio::spawn(async move { watch.register_watchers().await });
    let index = server.handle();
    tokio::spawn(async move { index.index_workspace(None).await });
}
