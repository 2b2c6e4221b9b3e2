//! Background indexing: the workspace folders when the client is ready, a project claimed
//! because a file outside them was opened, and the file watchers that keep the index current.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::server::{Backend, guarded};
use super::state::State;
use super::timing;
use crate::config;
use crate::workspace;

/// Workspaces with at least this many agent files report indexing progress.
const PROGRESS_MIN_FILES: usize = 200;
/// Files summarised per blocking task (and per progress report).
const INDEX_CHUNK: usize = 256;

impl Backend {
    /// Ask the client to report changes to agent files and plugin manifests (when it can
    /// register watchers dynamically).
    pub(crate) async fn register_watchers(&self) {
        if !self.lock().caps.watch_dynamic {
            return;
        }
        let watcher = |glob: &str| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind: None,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                watcher("**/*.md"),
                watcher("**/.claude-plugin/plugin.json"),
                watcher(&format!("**/{}", config::FILE_NAME)),
            ],
        };
        let registration = Registration {
            id: "agentls-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.log_error(format!("agentls: cannot watch files: {e}"))
                .await;
        }
    }

    /// A document outside every workspace folder (or opened without any): claim the project it
    /// belongs to for indexing, as `agentls check <file>` does, so that its references are not
    /// judged against an empty index. Returns the folder to index; the caller starts the job.
    pub(crate) fn claim_project(&self, state: &mut State, uri: &Uri) -> Option<PathBuf> {
        if uri.scheme().as_str() != "file" {
            return None;
        }
        state.docs.open.get(uri)?.file.as_ref()?;
        let path = workspace::absolute(&uri.to_file_path()?);
        let known = |r: &PathBuf| path.starts_with(workspace::absolute(r));
        if state.roots.iter().chain(&state.extra_roots).any(known) {
            return None;
        }
        let root = workspace::project_root(&path);
        state.extra_roots.push(root.clone());
        state.session.index.complete = false;
        self.indexing.send_modify(|jobs| *jobs += 1);
        Some(root)
    }

    /// Index the workspace folders in the background (`extra: None`), or a project claimed by
    /// [`Backend::claim_project`]: discovery and summaries run on blocking threads (in
    /// parallel), with `window/workDoneProgress` for large workspaces; open buffers keep their
    /// own summaries. When the last job ends, every open document is analysed again.
    pub(crate) async fn index_workspace(&self, extra: Option<PathBuf>) {
        let (roots, settings, encoding, progress_ok) = {
            let state = self.lock();
            (
                extra.map_or_else(|| state.roots.clone(), |r| vec![r]),
                state.settings.clone(),
                state.encoding,
                state.caps.progress,
            )
        };
        let discover_roots = roots.clone();
        let discover_settings = settings.clone();
        let timer = timing::start();
        let files = tokio::task::spawn_blocking(move || {
            workspace::discover(&discover_roots, &discover_settings)
        })
        .await
        .unwrap_or_default();
        timing::finish("index-discover", timer);
        let mut progress = None;
        if progress_ok && files.len() >= PROGRESS_MIN_FILES {
            let token = NumberOrString::String("agentls-index".to_string());
            if self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
            {
                progress = Some(
                    self.client
                        .progress(token, "Indexing agent files")
                        .with_percentage(0)
                        .begin()
                        .await,
                );
            }
        }
        let total = files.len();
        let timer = timing::start();
        let mut reporting = std::time::Duration::ZERO;
        // Each chunk goes into the index as soon as it is read: no list of every summary beside
        // the index (the names are worked out once, at the end).
        let mut loaded = 0;
        let mut inserting = std::time::Duration::ZERO;
        // The paths are moved out chunk by chunk (each is in the index once read).
        let mut files = files.into_iter();
        loop {
            let chunk: Vec<_> = files.by_ref().take(INDEX_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let part = tokio::task::spawn_blocking(move || {
                use rayon::prelude::*;
                chunk
                    .par_iter()
                    .filter_map(|(p, d)| workspace::load_file(p, *d, encoding))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            loaded += part.len();
            let t = timing::start();
            self.insert_chunk(part);
            timing::add(&mut inserting, t);
            if let Some(p) = &progress {
                let pct = (loaded * 100 / total.max(1)) as u32;
                let t = timing::start();
                p.report_with_message(format!("{loaded}/{total} files"), pct)
                    .await;
                timing::add(&mut reporting, t);
            }
        }
        timing::finish("index-load", timer);
        timing::log("index-progress", reporting);
        timing::log("index-insert", inserting);
        let mcp = config::mcp_servers(&roots);
        self.add_loaded(mcp);
        if let Some(p) = progress {
            p.finish_with_message(format!("{total} files")).await;
        }
        let timer = timing::start();
        self.republish_all(None).await;
        timing::finish("index-republish", timer);
        // Only now: whoever waits for the index (navigation requests) is answered after the
        // documents were published again. Under the lock, with the jobs that ended meanwhile.
        if self.end_job() {
            self.republish_all(None).await;
        }
    }

    /// A chunk of an indexing job's files goes into the index (open buffers keep their own
    /// summaries).
    fn insert_chunk(&self, loaded: Vec<workspace::LoadedFile>) {
        let _ = guarded("indexing", || {
            self.lock().session.index.insert_closed(loaded);
        });
    }

    /// An indexing job's files are in the index: its MCP servers join it, and the names are
    /// worked out again.
    fn add_loaded(&self, mcp: BTreeSet<String>) {
        let _ = guarded("indexing", || {
            let mut state = self.lock();
            state.session.index.mcp_servers.extend(mcp);
            // Complete when this is the last job (a job claimed later makes it incomplete again).
            state.session.index.complete = *self.indexing.borrow() <= 1;
            let timer = timing::start();
            state.session.refresh_names();
            timing::finish("index-names", timer);
        });
    }

    /// An indexing job ended; returns whether it was the last one and the index only now
    /// became complete.
    fn end_job(&self) -> bool {
        let finished_last = guarded("indexing", || {
            let mut state = self.lock();
            self.indexing
                .send_modify(|jobs| *jobs = jobs.saturating_sub(1));
            let last = *self.indexing.borrow() == 0 && !state.session.index.complete;
            if last {
                state.session.index.complete = true;
            }
            last
        });
        finished_last.unwrap_or(false)
    }
}
