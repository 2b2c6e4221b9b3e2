use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use std::path::PathBuf;

use super::documents::{Documents, OpenDocument, uri_path};
use super::navigation::{self, ClientCaps};
use super::{convert, features};
use crate::analysis::{Env, Settings, WorkspaceNames};
use crate::config;
use crate::text::PositionEncoding;
use crate::workspace;

/// The server. State sits behind a synchronous mutex: every handler does its work without an
/// `.await` while holding it, so edits are applied in the order they arrive even though
/// tower-lsp-server runs handlers concurrently.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// How many background indexing jobs are running (the first one starts with the server).
    indexing: Arc<tokio::sync::watch::Sender<usize>>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) encoding: PositionEncoding,
    pub(crate) docs: Documents,
    /// Workspace folders.
    pub(crate) roots: Vec<PathBuf>,
    /// Projects indexed because a document outside the workspace folders was opened.
    pub(crate) extra_roots: Vec<PathBuf>,
    /// From `.agentls.toml` at the first root.
    file_settings: Settings,
    /// From `initializationOptions` / `workspace/didChangeConfiguration`.
    editor_settings: Settings,
    /// The two above, merged (the editor's win).
    pub(crate) settings: Settings,
    pub(crate) workspace: WorkspaceNames,
    /// A description changed since `workspace` was built from the index (rebuilt before
    /// completion and hover read it).
    pub(crate) names_stale: bool,
    /// The client accepts snippets in completion items.
    pub(crate) snippet_support: bool,
    /// Every agent, skill and command file of the workspace, as summaries; open buffers
    /// override the disk. Fills `workspace`.
    pub(crate) index: workspace::Index,
    /// What the client supports (progress, watchers, file renames).
    pub(crate) caps: ClientCaps,
}

impl State {
    #[allow(dead_code)] // used by the feature handlers as they land
    pub(crate) fn env(&self) -> Env<'_> {
        Env {
            settings: &self.settings,
            workspace: &self.workspace,
        }
    }

    fn refresh_settings(&mut self) {
        self.settings = self.file_settings.clone().merged(&self.editor_settings);
    }

    /// Analyse `uri` again (after its text or the settings changed). Its summary goes into the
    /// index first; returns whether that changed the names the workspace defines (then other
    /// open documents need analysing again).
    pub(crate) fn analyze(&mut self, uri: &Uri) -> bool {
        let names_changed = navigation::sync_open(self, uri);
        if names_changed {
            navigation::refresh_names(self);
        }
        let State {
            docs,
            settings,
            workspace,
            ..
        } = self;
        if let Some(open) = docs.open.get_mut(uri) {
            open.analyze(Env {
                settings,
                workspace,
            });
        }
        let cross = navigation::cross_file(self, uri);
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
}

/// Run `f`, turning a panic into an internal-error response.
pub(super) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(|| {
        super::faults::maybe_panic(what);
        f()
    }))
    .map_err(|_| {
        let mut e = Error::internal_error();
        e.message = format!("agentls failed while handling {what}; the server goes on").into();
        e
    })
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            indexing: Arc::new(tokio::sync::watch::channel(1).0),
        }
    }

    /// Another handle on the same server, for a background task.
    fn handle(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            indexing: self.indexing.clone(),
        }
    }

    /// Wait until the workspace is indexed, so that cross-file answers are complete (bounded:
    /// a client that never sends `initialized` still gets answers from what is open).
    pub(super) async fn wait_indexed(&self) {
        let mut rx = self.indexing.subscribe();
        let _ = tokio::time::timeout(INDEX_WAIT, rx.wait_for(|jobs| *jobs == 0)).await;
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held poisons it; the state is still consistent enough to
        // serve (each handler leaves documents whole), so carry on.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Build the LSP diagnostics of a document's current version (under the lock).
    fn lsp_diagnostics(state: &State, uri: &Uri) -> Option<(Vec<Diagnostic>, i32)> {
        let open = state.docs.open.get(uri)?;
        let buf = open.doc.text();
        let diags = open
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(buf, uri, d, state.encoding))
            .collect();
        Some((diags, open.version))
    }

    /// Publish diagnostics computed for `version`, unless a newer version arrived meanwhile.
    async fn publish(&self, uri: Uri, diags: Vec<Diagnostic>, version: i32) {
        let current = self.lock().docs.open.get(&uri).map(|d| d.version);
        if current != Some(version) {
            return; // stale: a later edit will publish its own
        }
        self.client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }

    /// Re-read `.agentls.toml` and, when given, take new editor settings; then re-analyse and
    /// re-publish every open document.
    async fn reload_settings(&self, editor: Option<serde_json::Value>) {
        let mut problems = Vec::new();
        let published: Vec<(Uri, Vec<Diagnostic>, i32)> = guarded("settings", || {
            let mut state = self.lock();
            if let Some(value) = &editor {
                match Settings::from_json(value) {
                    Ok(s) => state.editor_settings = s,
                    Err(e) => problems.push(format!("editor settings: {e}")),
                }
            }
            if let Some(root) = state.roots.first() {
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
            state.refresh_settings();
            let uris: Vec<Uri> = state.docs.open.keys().cloned().collect();
            let settings = state.settings.clone();
            let mut out = Vec::new();
            for uri in uris {
                if let Some(open) = state.docs.open.get_mut(&uri) {
                    open.file = super::documents::classify_uri(&uri, &settings);
                }
                state.analyze(&uri);
                if let Some((diags, v)) = Self::lsp_diagnostics(&state, &uri) {
                    out.push((uri, diags, v));
                }
            }
            out
        })
        .unwrap_or_default();
        for p in problems {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("agentls: ignoring invalid settings: {p}"),
                )
                .await;
        }
        for (uri, diags, version) in published {
            self.publish(uri, diags, version).await;
        }
    }

    async fn log_error(&self, message: String) {
        self.client.log_message(MessageType::ERROR, message).await;
    }

    /// Analyse and publish every open document but `except` again (the names the workspace
    /// defines changed, or the index became complete).
    async fn republish_all(&self, except: Option<&Uri>) {
        let published = guarded("republish", || {
            let mut state = self.lock();
            let uris: Vec<Uri> = state
                .docs
                .open
                .iter()
                .filter(|(u, d)| Some(*u) != except && d.file.is_some())
                .map(|(u, _)| u.clone())
                .collect();
            let mut out = Vec::new();
            for uri in uris {
                state.analyze(&uri);
                if let Some((diags, v)) = Self::lsp_diagnostics(&state, &uri) {
                    out.push((uri, diags, v));
                }
            }
            out
        });
        for (uri, diags, version) in published.unwrap_or_default() {
            self.publish(uri, diags, version).await;
        }
    }

    /// Ask the client to report changes to agent files and plugin manifests (when it can
    /// register watchers dynamically).
    async fn register_watchers(&self) {
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
    fn claim_project(&self, state: &mut State, uri: &Uri) -> Option<PathBuf> {
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
        state.index.complete = false;
        self.indexing.send_modify(|jobs| *jobs += 1);
        Some(root)
    }

    /// Index the workspace folders in the background (`extra: None`), or a project claimed by
    /// [`Backend::claim_project`]: discovery and summaries run on blocking threads (in
    /// parallel), with `window/workDoneProgress` for large workspaces; open buffers keep their
    /// own summaries. When the last job ends, every open document is analysed again.
    async fn index_workspace(&self, extra: Option<PathBuf>) {
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
        let files = tokio::task::spawn_blocking(move || {
            workspace::discover(&discover_roots, &discover_settings)
        })
        .await
        .unwrap_or_default();
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
        let mut loaded = Vec::with_capacity(total);
        for chunk in files.chunks(INDEX_CHUNK) {
            let chunk = chunk.to_vec();
            let part = tokio::task::spawn_blocking(move || {
                use rayon::prelude::*;
                chunk
                    .par_iter()
                    .filter_map(|(p, d)| workspace::load_file(p, *d, encoding))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            loaded.extend(part);
            if let Some(p) = &progress {
                let pct = (loaded.len() * 100 / total.max(1)) as u32;
                p.report_with_message(format!("{}/{total} files", loaded.len()), pct)
                    .await;
            }
        }
        let mcp = config::mcp_servers(&roots);
        let _ = guarded("indexing", || {
            let mut state = self.lock();
            for f in loaded {
                if state.index.get(&f.path).is_some_and(|e| e.open) {
                    continue;
                }
                state.index.insert(f, false);
            }
            state.index.mcp_servers.extend(mcp);
            // Complete when this is the last job (a job claimed later makes it incomplete again).
            state.index.complete = *self.indexing.borrow() <= 1;
            navigation::refresh_names(&mut state);
        });
        if let Some(p) = progress {
            p.finish_with_message(format!("{total} files")).await;
        }
        self.republish_all(None).await;
        // Only now: whoever waits for the index (navigation requests) is answered after the
        // documents were published again. Under the lock, with the jobs that ended meanwhile.
        let finished_last = guarded("indexing", || {
            let mut state = self.lock();
            self.indexing
                .send_modify(|jobs| *jobs = jobs.saturating_sub(1));
            let last = *self.indexing.borrow() == 0 && !state.index.complete;
            if last {
                state.index.complete = true;
            }
            last
        });
        if finished_last.unwrap_or(false) {
            self.republish_all(None).await;
        }
    }
}

/// How long a navigation request waits for the background indexing at most.
const INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(20);
/// Workspaces with at least this many agent files report indexing progress.
const PROGRESS_MIN_FILES: usize = 200;
/// Files summarised per blocking task (and per progress report).
const INDEX_CHUNK: usize = 256;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate_encoding(&params);
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
            let mut state = self.lock();
            state.encoding = encoding;
            state.snippet_support = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false);
            state.caps = ClientCaps::from_params(&params.capabilities);
            state.index = workspace::Index::new(encoding);
            state.workspace.mcp_servers = config::mcp_servers(&roots);
            state.roots = roots;
            state.file_settings = file_settings.unwrap_or_else(|e| {
                problems.push(e);
                Settings::default()
            });
            state.editor_settings = editor_settings.unwrap_or_else(|e| {
                problems.push(format!("initializationOptions: {e}"));
                Settings::default()
            });
            state.refresh_settings();
        }
        for p in problems {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("agentls: ignoring invalid settings: {p}"),
                )
                .await;
        }
        Ok(InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "agentls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        features::COMPLETION_TRIGGERS
                            .iter()
                            .map(|c| c.to_string())
                            .collect(),
                    ),
                    resolve_provider: Some(false),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                        ]),
                        resolve_provider: None,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Both talk to the client and wait for its answers: never hold up the handlers.
        let watch = self.handle();
        tokio::spawn(async move { watch.register_watchers().await });
        let index = self.handle();
        tokio::spawn(async move { index.index_workspace(None).await });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let TextDocumentItem {
            uri, text, version, ..
        } = params.text_document;
        let result = guarded("didOpen", || {
            let mut state = self.lock();
            let open = OpenDocument::new(&uri, &text, version, &state.settings);
            state.docs.open.insert(uri.clone(), open);
            let project = self.claim_project(&mut state, &uri);
            let names_changed = state.analyze(&uri);
            (Self::lsp_diagnostics(&state, &uri), names_changed, project)
        });
        match result {
            Ok((published, names_changed, project)) => {
                if let Some((diags, version)) = published {
                    self.publish(uri.clone(), diags, version).await;
                }
                if let Some(root) = project {
                    let job = self.handle();
                    tokio::spawn(async move { job.index_workspace(Some(root)).await });
                }
                if names_changed {
                    self.republish_all(Some(&uri)).await;
                }
            }
            Err(e) => self.log_error(e.message.to_string()).await,
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let timer = super::timing::start();
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Apply the edits before any `.await`: handlers run concurrently, and edits must land in
        // the order they were sent.
        let result = guarded("didChange", || {
            let mut state = self.lock();
            let encoding = state.encoding;
            let open = state.docs.open.get_mut(&uri)?;
            for change in params.content_changes {
                open.apply_change(change.range, &change.text, encoding);
            }
            open.version = version;
            open.reparse();
            let names_changed = state.analyze(&uri);
            Some((Self::lsp_diagnostics(&state, &uri), names_changed))
        });
        match result {
            Ok(Some((published, names_changed))) => {
                if let Some((diags, version)) = published {
                    self.publish(uri.clone(), diags, version).await;
                }
                super::timing::finish("didChange", timer);
                if names_changed {
                    self.republish_all(Some(&uri)).await;
                }
            }
            Ok(None) => {}
            Err(e) => {
                // Keep the document usable: rebuild its syntax from the text it now holds.
                let _ = guarded("didChange recovery", || {
                    let mut state = self.lock();
                    if let Some(open) = state.docs.open.get_mut(&uri) {
                        open.rebuild();
                        open.version = version;
                    }
                    state.analyze(&uri);
                });
                self.log_error(e.message.to_string()).await;
            }
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Saving `.agentls.toml` itself changes the settings of every open document.
        let is_config = uri_path(&params.text_document.uri)
            .is_some_and(|p| p.file_name().is_some_and(|n| n == config::FILE_NAME));
        if is_config {
            self.reload_settings(None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.reload_settings(Some(params.settings)).await;
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let timer = super::timing::start();
        let result = guarded("completion", || {
            let mut state = self.lock();
            navigation::refresh_names_if_stale(&mut state);
            // Frontmatter completion first; agent names in the body after it.
            features::completion(&state, params.clone())
                .or_else(|| navigation::completion(&state, &params))
        });
        super::timing::finish("completion", timer);
        result
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guarded("hover", || {
            let mut state = self.lock();
            navigation::refresh_names_if_stale(&mut state);
            features::hover(&state, params.clone()).or_else(|| navigation::hover(&state, &params))
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.wait_indexed().await;
        guarded("definition", || {
            navigation::definition(&self.lock(), &params)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.wait_indexed().await;
        guarded("references", || {
            navigation::references(&self.lock(), &params)
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.wait_indexed().await;
        guarded("prepareRename", || {
            navigation::prepare_rename(&self.lock(), &params)
        })?
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.wait_indexed().await;
        guarded("rename", || navigation::rename(&self.lock(), &params))?
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guarded("documentSymbol", || {
            navigation::document_symbols(&self.lock(), &params)
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.wait_indexed().await;
        guarded("workspace/symbol", || {
            navigation::workspace_symbols(&self.lock(), &params)
        })
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut settings_changed = false;
        let changed = guarded("didChangeWatchedFiles", || {
            let mut state = self.lock();
            let settings = state.settings.clone();
            let mut changed = false;
            for event in &params.changes {
                let Some(path) = event.uri.to_file_path().map(|p| workspace::absolute(&p)) else {
                    continue;
                };
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name == config::FILE_NAME {
                    settings_changed = true;
                    continue;
                }
                if name == "plugin.json" {
                    // The plugin's name may have changed: its files' qualified names follow.
                    if let Some(root) = path.parent().and_then(|p| p.parent()) {
                        changed |= state.index.refresh_origins_under(root);
                    }
                    continue;
                }
                if event.typ == FileChangeType::DELETED {
                    changed |= state.index.remove_under(&path);
                }
                if path.is_dir() {
                    // A folder appeared (moved in): index what it holds.
                    for (p, d) in workspace::discover(std::slice::from_ref(&path), &settings) {
                        if let Some(f) = workspace::load_file(&p, d, state.encoding)
                            && !state.index.get(&p).is_some_and(|e| e.open)
                        {
                            changed |= state.index.insert(f, false);
                        }
                    }
                } else {
                    changed |= state.index.reload(&path, &settings);
                }
            }
            if changed {
                navigation::refresh_names(&mut state);
            }
            changed
        });
        if settings_changed {
            self.reload_settings(None).await;
        } else if changed.unwrap_or(true) {
            self.republish_all(None).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (was_agent, names_changed) = guarded("didClose", || {
            let mut state = self.lock();
            let was_agent = state
                .docs
                .open
                .remove(&uri)
                .is_some_and(|d| d.file.is_some());
            // The disk version takes over in the index (unsaved changes are gone).
            let names_changed = was_agent && navigation::sync_closed(&mut state, &uri);
            if names_changed {
                navigation::refresh_names(&mut state);
            }
            (was_agent, names_changed)
        })
        .unwrap_or((true, false));
        if was_agent {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
        if names_changed {
            self.republish_all(None).await;
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guarded("codeAction", || {
            let state = self.lock();
            let uri = &params.text_document.uri;
            let open = state.docs.open.get(uri)?;
            let buf = open.doc.text();
            let wanted = convert::byte_range(buf, params.range, state.encoding);
            let mut actions = Vec::new();
            for d in &open.diagnostics {
                let touches = d.range.start <= wanted.end && wanted.start <= d.range.end;
                if !touches {
                    continue;
                }
                for fix in &d.fixes {
                    actions.push(CodeActionOrCommand::CodeAction(convert::code_action(
                        buf,
                        uri,
                        d,
                        fix,
                        state.encoding,
                    )));
                }
            }
            // Rewrites offered at the cursor, unless a quick fix already does the same.
            if let Some(file) = &open.file {
                for fix in crate::analysis::refactor::at(&open.doc, file, wanted.start) {
                    let duplicate = open
                        .diagnostics
                        .iter()
                        .flat_map(|d| &d.fixes)
                        .any(|f| f.edits == fix.edits);
                    if !duplicate {
                        actions.push(CodeActionOrCommand::CodeAction(convert::refactor_action(
                            buf,
                            uri,
                            &fix,
                            state.encoding,
                        )));
                    }
                }
            }
            Some(actions)
        })
    }
}
