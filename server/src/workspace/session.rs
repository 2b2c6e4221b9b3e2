//! The workspace during an editing session: the index, kept in step with open buffers and with
//! the disk, and the names the analysis sees, rebuilt from the index when they change. The
//! server decides when to call what; this module decides what changes. Knows nothing of LSP:
//! files are paths.

use std::path::Path;
use std::sync::Arc;

use super::index::{Index, LoadedFile};
use crate::analysis::summary::incremental::{self, SummaryState};
use crate::analysis::{Diagnostic, FileContext, Settings, WorkspaceNames};
use crate::schema::Dialect;
use crate::syntax::Document;
use crate::text::PositionEncoding;

/// The index and the names built from it.
#[derive(Debug, Default)]
pub struct Session {
    /// Every agent, skill and command file of the workspace, as summaries; open buffers
    /// override the disk.
    pub index: Index,
    /// What the analysis knows of the other files (built from `index`).
    pub names: WorkspaceNames,
    /// A description changed since `names` was built (rebuilt before completion and hover read
    /// them, never per keystroke).
    names_stale: bool,
}

impl Session {
    /// An empty session; positions in summaries are counted in `enc`, MCP servers come from the
    /// workspace's configuration.
    pub fn new(enc: PositionEncoding, mcp_servers: std::collections::BTreeSet<String>) -> Self {
        Session {
            index: Index::new(enc),
            names: WorkspaceNames {
                mcp_servers,
                ..WorkspaceNames::default()
            },
            names_stale: false,
        }
    }

    /// Put an open buffer's summary in the index (it overrides the disk), updated in place from
    /// `summary_state` after a local edit (O(the edited lines)). Returns whether the names the
    /// workspace defines changed; the names are then rebuilt.
    pub fn sync_open(
        &mut self,
        path: &Path,
        doc: &Document,
        dialect: Dialect,
        summary_state: &mut Option<SummaryState>,
    ) -> bool {
        let context = FileContext::from_path(path, dialect);
        // The entry is taken out of the index and put back.
        let old = self.index.take(path);
        let before = old
            .as_ref()
            .map(|e| (e.identity.clone(), e.summary.description.clone()));
        let learned = self.index.team_keys_generation();
        let touched = self.index.team_keys_touched();
        let prev_state = summary_state.take();
        let (prev, origin) = match old {
            Some(e) if e.open && e.summary.dialect == dialect => {
                (prev_state.map(|s| (*e.summary, s)), Some(e.origin))
            }
            _ => (None, None),
        };
        let (summary, state) = incremental::summarize(doc, &context, self.index.encoding, prev);
        *summary_state = Some(state);
        let origin = origin.unwrap_or_else(|| super::origin(path, dialect));
        self.index.insert(
            LoadedFile {
                path: Arc::from(path),
                summary: Box::new(summary),
                origin,
            },
            true,
        );
        let after = self
            .index
            .get(path)
            .map(|e| (e.identity.clone(), e.summary.description.clone()));
        let names_changed = match (before, after) {
            (Some((id0, d0)), Some((id1, d1))) if id0 == id1 => {
                if d0 != d1 {
                    // Only the description changed: completion and hover show it, diagnostics
                    // never do. Refresh the names lazily, not per keystroke.
                    self.names_stale = true;
                }
                false
            }
            _ => true,
        } || learned != self.index.team_keys_generation();
        if touched != self.index.team_keys_touched() {
            // Where the team uses a key moved: hover shows it, diagnostics do not.
            self.names_stale = true;
        }
        if names_changed {
            self.refresh_names();
        }
        names_changed
    }

    /// A buffer was closed: the disk version takes over (unsaved changes are gone). Returns
    /// whether names changed; the names are then rebuilt.
    pub fn sync_closed(&mut self, path: &Path, settings: &Settings) -> bool {
        self.index.set_open(path, false);
        let changed = self.index.reload(path, settings);
        if changed {
            self.refresh_names();
        }
        changed
    }

    /// A file or folder changed on disk (a watched-file event; not `.agentls.toml`, which is
    /// the server's business). Returns whether the index changed; the names are not rebuilt
    /// (call [`Session::refresh_names`] after a batch of events).
    pub fn file_changed(&mut self, path: &Path, deleted: bool, settings: &Settings) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "plugin.json" {
            // The plugin's name may have changed: its files' qualified names follow.
            return match path.parent().and_then(|p| p.parent()) {
                Some(root) => self.index.refresh_origins_under(root),
                None => false,
            };
        }
        let mut changed = false;
        if deleted {
            changed |= self.index.remove_under(path);
        }
        if path.is_dir() {
            // A folder appeared (moved in): index what it holds.
            let enc = self.index.encoding;
            for (p, d) in super::discover(std::slice::from_ref(&path.to_path_buf()), settings) {
                if let Some(f) = super::load_file(&p, d, enc)
                    && !self.index.get(&p).is_some_and(|e| e.open)
                {
                    changed |= self.index.insert(f, false);
                }
            }
        } else {
            changed |= self.index.reload(path, settings);
        }
        changed
    }

    /// Rebuild the names the analysis sees from the index (MCP servers found by the index win
    /// over the ones configured at startup, when there are any).
    pub fn refresh_names(&mut self) {
        self.names_stale = false;
        let mcp = std::mem::take(&mut self.names.mcp_servers);
        self.names = self.index.names();
        if self.names.mcp_servers.is_empty() {
            self.names.mcp_servers = mcp;
        }
    }

    /// Rebuild the names if a description changed since they were built (before completion or
    /// hover read them).
    pub fn refresh_names_if_stale(&mut self) {
        if self.names_stale {
            self.refresh_names();
        }
    }

    /// The cross-file diagnostics of the file at `path`.
    pub fn cross_file(&self, path: &Path, settings: &Settings) -> Vec<Diagnostic> {
        super::diagnostics(&self.index, path, settings)
    }
}
