//! `workspace/didChangeWatchedFiles`: agent files and plugin manifests changed on disk go into
//! the index; a changed `.agentls.toml` reloads the settings.

use tower_lsp_server::ls_types::*;

use crate::config;
use crate::lsp::server::Backend;
use crate::workspace;

pub(crate) async fn did_change_watched_files(
    server: &Backend,
    params: DidChangeWatchedFilesParams,
) {
    let mut settings_changed = false;
    let changed = server.query("didChangeWatchedFiles", |state| {
        let settings = state.settings.clone();
        let mut changed = false;
        for event in &params.changes {
            let Some(path) = event.uri.to_file_path().map(|p| workspace::absolute(&p)) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == config::FILE_NAME) {
                settings_changed = true;
                continue;
            }
            let deleted = event.typ == FileChangeType::DELETED;
            changed |= state.session.file_changed(&path, deleted, &settings);
        }
        if changed {
            state.session.refresh_names();
        }
        changed
    });
    if settings_changed {
        server.reload_settings(None).await;
    } else if changed.unwrap_or(true) {
        server.republish_all(None).await;
    }
}
