//! The LSP layer: the only code that knows LSP types and JSON-RPC. Handlers are thin: they turn
//! protocol values into byte offsets, call the analysis, and turn the results back
//! (see [`convert`]).

mod convert;
mod documents;
mod faults;
mod features;
mod navigation;
mod server;
mod team_graph;
mod timing;
mod transport;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serve LSP over stdin/stdout until the client says `exit`. Stdin is read through
/// [`transport`], which answers malformed messages instead of letting them stop the server.
pub async fn serve_stdio() {
    let (service, socket) = LspService::build(Backend::new)
        .custom_method(transport::INVALID_MESSAGE, Backend::invalid_message)
        .custom_method(team_graph::METHOD, Backend::team_graph)
        .finish();
    Server::new(transport::stdin_reader(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
