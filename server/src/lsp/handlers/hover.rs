//! `textDocument/hover`: documentation of the key, value, tool or model under the cursor in the
//! frontmatter; the target's description of an agent or skill reference.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::place;
use crate::analysis::hover as analysis_hover;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::State;
use crate::workspace;

pub(crate) fn hover(server: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    server.query("hover", |state| {
        state.session.refresh_names_if_stale();
        in_file(state, &params).or_else(|| on_reference(state, &params))
    })
}

fn markdown(value: String, range: Range) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }
}

/// Keys, values, tools and models (the analysis of the one file).
fn in_file(state: &State, params: &HoverParams) -> Option<Hover> {
    let pos = &params.text_document_position_params;
    let open = state.docs.open.get(&pos.text_document.uri)?;
    let file = open.file.as_ref()?;
    let buf = open.doc.text();
    let offset = convert::offset(buf, pos.position, state.encoding);
    let h = analysis_hover::hover(&open.doc, file, state.env(), offset)?;
    Some(markdown(
        h.markdown,
        convert::range(buf, &h.range, state.encoding),
    ))
}

/// An agent or skill reference: the target's description, model and tools (from the index).
fn on_reference(state: &State, params: &HoverParams) -> Option<Hover> {
    let (path, offset) = place(state, &params.text_document_position_params)?;
    let (value, span) = workspace::hover(&state.session.index, &path, offset)?;
    Some(markdown(value, convert::span_range(&span)))
}
