//! The server's state: open documents, settings and the workspace session, behind the one lock.

use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

use super::capabilities::ClientCaps;
use super::documents::Documents;
use crate::analysis::{Diagnostic, Env, Settings};
use crate::text::PositionEncoding;
use crate::workspace;

#[derive(Default)]
pub(crate) struct State {
    pub(crate) encoding: PositionEncoding,
    pub(crate) docs: Documents,
    /// Workspace folders.
    pub(crate) roots: Vec<PathBuf>,
    /// Projects indexed because a document outside the workspace folders was opened.
    pub(crate) extra_roots: Vec<PathBuf>,
    /// From `.agentls.toml` at the first root.
    pub(crate) file_settings: Settings,
    /// The text of that `.agentls.toml` when it was last read (`None`: there was none), to see
    /// on any save whether it changed behind the server's back.
    pub(crate) file_settings_text: Option<String>,
    /// From `initializationOptions` / `workspace/didChangeConfiguration`.
    pub(crate) editor_settings: Settings,
    /// The two above, merged (the editor's win).
    pub(crate) settings: Settings,
    /// Every agent, skill and command file of the workspace, as summaries (open buffers
    /// override the disk), and the names the analysis sees.
    pub(crate) session: workspace::Session,
    /// What the client supports (progress, watchers, file renames, snippets).
    pub(crate) caps: ClientCaps,
}

/// The index path of a `file:` URI.
pub(crate) fn index_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    Some(workspace::absolute(&uri.to_file_path()?))
}

impl State {
    pub(crate) fn env(&self) -> Env<'_> {
        Env {
            settings: &self.settings,
            workspace: &self.session.names,
        }
    }

    /// Merge the settings again, infer the targets from the workspace folders, and return what
    /// is wrong with the targets named (for a warning message).
    pub(crate) fn refresh_settings(&mut self) -> Vec<String> {
        self.settings = self.file_settings.clone().merged(&self.editor_settings);
        self.settings.inferred_targets = crate::config::infer_targets(&self.roots);
        self.settings
            .target_problems()
            .into_iter()
            .map(|p| format!("targets: {p}"))
            .collect()
    }

    /// Analyse `uri` again (after its text or the settings changed). Its summary goes into the
    /// index first; returns whether that changed the names the workspace defines (then other
    /// open documents need analysing again).
    pub(crate) fn analyze(&mut self, uri: &Uri) -> bool {
        let names_changed = self.sync_open(uri);
        let State {
            docs,
            settings,
            session,
            ..
        } = self;
        if let Some(open) = docs.open.get_mut(uri) {
            open.analyze(Env {
                settings,
                workspace: &session.names,
            });
        }
        let cross = self.cross_file(uri);
        if !cross.is_empty()
            && let Some(open) = self.docs.open.get_mut(uri)
        {
            open.diagnostics.extend(cross);
            open.diagnostics.sort_by(|a, b| {
                (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
            });
        }
        names_changed
    }

    /// Put an open buffer's summary in the index (see [`workspace::Session::sync_open`]).
    fn sync_open(&mut self, uri: &Uri) -> bool {
        let Some(path) = index_path(uri) else {
            return false;
        };
        let Some(open) = self.docs.open.get_mut(uri) else {
            return false;
        };
        let Some(file) = &open.file else {
            return false;
        };
        let dialect = file.dialect;
        self.session
            .sync_open(&path, &open.doc, dialect, &mut open.summary_state)
    }

    /// A buffer was closed: the disk version takes over. Returns whether names changed.
    pub(crate) fn sync_closed(&mut self, uri: &Uri) -> bool {
        let Some(path) = index_path(uri) else {
            return false;
        };
        self.session.sync_closed(&path, &self.settings)
    }

    /// The cross-file diagnostics of an open document.
    fn cross_file(&self, uri: &Uri) -> Vec<Diagnostic> {
        let Some(path) = index_path(uri) else {
            return Vec::new();
        };
        if self.docs.open.get(uri).is_none_or(|o| o.file.is_none()) {
            return Vec::new();
        }
        self.session.cross_file(&path, &self.settings)
    }
}
