//! Completion and hover: protocol glue around `analysis::completion` and `analysis::hover`.

use tower_lsp_server::ls_types::*;

use super::server::State;

/// Characters that open a completion list on their own.
pub(crate) const COMPLETION_TRIGGERS: &[char] = &[':', ',', ' ', '-', '@', '(', '"', '\''];

pub(crate) fn completion(state: &State, params: CompletionParams) -> Option<CompletionResponse> {
    let _ = (state, params);
    None
}

pub(crate) fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let _ = (state, params);
    None
}
