use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::{Documents, OpenDocument};
use crate::text::PositionEncoding;

/// The server. State sits behind a synchronous mutex: every handler does its work without an
/// `.await` while holding it, so edits are applied in the order they arrive even though
/// tower-lsp-server runs handlers concurrently.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    encoding: PositionEncoding,
    docs: Documents,
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

    async fn log_error(&self, message: String) {
        self.client.log_message(MessageType::ERROR, message).await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate_encoding(&params);
        self.lock().encoding = encoding;
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
            state
                .docs
                .open
                .insert(uri.clone(), OpenDocument::new(&uri, &text, version));
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
            open.analyze();
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
                        open.analyze();
                    }
                });
                self.log_error(e.message.to_string()).await;
            }
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

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
