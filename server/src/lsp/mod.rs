//! The LSP layer: the only code that knows LSP types and JSON-RPC. Handlers are thin: they turn
//! protocol values into byte offsets, call the analysis, and turn the results back
//! (see [`convert`]).

mod convert;
mod documents;
mod features;
mod navigation;
mod server;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serve LSP over stdin/stdout until the client says `exit`.
pub async fn serve_stdio() {
    let (service, socket) = LspService::build(Backend::new).finish();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
