use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use std::path::PathBuf;

use super::documents::{Documents, OpenDocument, uri_path};
use super::{convert, features};
use crate::analysis::{Env, Settings, WorkspaceNames};
use crate::config;
use crate::text::PositionEncoding;

/// The server. State sits behind a synchronous mutex: every handler does its work without an
/// `.await` while holding it, so edits are applied in the order they arrive even though
/// tower-lsp-server runs handlers concurrently.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) encoding: PositionEncoding,
    pub(crate) docs: Documents,
    /// Workspace folders.
    pub(crate) roots: Vec<PathBuf>,
    /// From `.agentls.toml` at the first root.
    file_settings: Settings,
    /// From `initializationOptions` / `workspace/didChangeConfiguration`.
    editor_settings: Settings,
    /// The two above, merged (the editor's win).
    pub(crate) settings: Settings,
    pub(crate) workspace: WorkspaceNames,
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

    /// Analyse `uri` again (after its text or the settings changed).
    pub(crate) fn analyze(&mut self, uri: &Uri) {
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
    }
}

/// Run `f`, turning a panic into an internal-error response.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
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
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
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
        let published: Vec<(Uri, Vec<Diagnostic>, i32)> = {
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
        };
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
}

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
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        resolve_provider: None,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                ..ServerCapabilities::default()
            },
        })
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
            state.analyze(&uri);
            Self::lsp_diagnostics(&state, &uri)
        });
        match result {
            Ok(Some((diags, version))) => self.publish(uri, diags, version).await,
            Ok(None) => {}
            Err(e) => self.log_error(e.message.to_string()).await,
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Apply the edits before any `.await`: handlers run concurrently, and edits must land in
        // the order they were sent.
        let result = guarded("didChange", || {
            let mut state = self.lock();
            let encoding = state.encoding;
            let open = state.docs.open.get_mut(&uri)?;
            for change in params.content_changes {
                match change.range {
                    Some(range) => {
                        let bytes = convert::byte_range(open.doc.text(), range, encoding);
                        open.doc.edit(bytes, &change.text);
                    }
                    None => open.doc.set_text(&change.text),
                }
            }
            open.version = version;
            open.doc.reparse();
            state.analyze(&uri);
            Self::lsp_diagnostics(&state, &uri)
        });
        match result {
            Ok(Some((diags, version))) => self.publish(uri, diags, version).await,
            Ok(None) => {}
            Err(e) => {
                // Keep the document usable: rebuild its syntax from the text it now holds.
                let _ = guarded("didChange recovery", || {
                    let mut state = self.lock();
                    if let Some(open) = state.docs.open.get_mut(&uri) {
                        let text = open.doc.text().to_string_lossless();
                        open.doc.set_text(&text);
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
        guarded("completion", || features::completion(&self.lock(), params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guarded("hover", || features::hover(&self.lock(), params))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_agent = self
            .lock()
            .docs
            .open
            .remove(&uri)
            .is_some_and(|d| d.file.is_some());
        if was_agent {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
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
            Some(actions)
        })
    }
}
