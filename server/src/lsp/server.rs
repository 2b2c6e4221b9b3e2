//! The server's wiring: the [`Backend`], the one sequence every request runs ([`Backend::query`])
//! and the `LanguageServer` impl, which only delegates to one module per method in
//! [`handlers`](super::handlers). Adding a standard method: a file in `handlers/` and one line
//! here. Adding a custom request: a file in `handlers/` with an `impl Backend` method, and one
//! `.custom_method(...)` line in [`serve_stdio`](super::serve_stdio).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::handlers;
use super::state::State;

/// The server. State sits behind a synchronous mutex: every handler does its work without an
/// `.await` while holding it, so edits are applied in the order they arrive even though
/// tower-lsp-server runs handlers concurrently.
pub struct Backend {
    pub(crate) client: Client,
    state: Arc<Mutex<State>>,
    /// How many background indexing jobs are running (the first one starts with the server).
    pub(crate) indexing: Arc<tokio::sync::watch::Sender<usize>>,
}

/// Run `f`, turning a panic into an internal-error response.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
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

/// How long a navigation request waits for the background indexing at most.
const INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            indexing: Arc::new(tokio::sync::watch::channel(1).0),
        }
    }

    /// Another handle on the same server, for a background task.
    pub(crate) fn handle(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            indexing: self.indexing.clone(),
        }
    }

    /// Wait until the workspace is indexed, so that cross-file answers are complete (bounded:
    /// a client that never sends `initialized` still gets answers from what is open).
    pub(crate) async fn wait_indexed(&self) {
        let mut rx = self.indexing.subscribe();
        let _ = tokio::time::timeout(INDEX_WAIT, rx.wait_for(|jobs| *jobs == 0)).await;
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held poisons it; the state is still consistent enough to
        // serve (each handler leaves documents whole), so carry on.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What every request does: lock the state and run `f` on it under `catch_unwind` (a panic
    /// becomes an error response named after `what`).
    pub(crate) fn query<T>(&self, what: &str, f: impl FnOnce(&mut State) -> T) -> Result<T> {
        guarded(what, || f(&mut self.lock()))
    }

    /// [`Backend::query`] after waiting for the workspace index: for cross-file answers.
    pub(crate) async fn query_indexed<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut State) -> T,
    ) -> Result<T> {
        self.wait_indexed().await;
        self.query(what, f)
    }

    pub(crate) async fn log_error(&self, message: String) {
        self.client.log_message(MessageType::ERROR, message).await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        handlers::initialize::initialize(self, params).await
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::initialize::initialized(self)
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change::did_change(self, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::configuration::did_save(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::did_close(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::configuration::did_change_configuration(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::watched_files::did_change_watched_files(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        handlers::completion::completion(self, params)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::hover(self, params)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        handlers::definition::definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        handlers::references::references(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        handlers::symbols::document_symbol(self, params)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        handlers::symbols::workspace_symbol(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        handlers::folding::folding_range(self, params)
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        handlers::highlight::document_highlight(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        handlers::document_link::document_link(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        handlers::code_lens::code_lens(self, params).await
    }

    async fn prepare_call_hierarchy(
        &self,
        params: CallHierarchyPrepareParams,
    ) -> Result<Option<Vec<CallHierarchyItem>>> {
        handlers::call_hierarchy::prepare(self, params).await
    }

    async fn incoming_calls(
        &self,
        params: CallHierarchyIncomingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
        handlers::call_hierarchy::incoming(self, params).await
    }

    async fn outgoing_calls(
        &self,
        params: CallHierarchyOutgoingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
        handlers::call_hierarchy::outgoing(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_action::code_action(self, params)
    }
}
