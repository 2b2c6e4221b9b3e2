//! One module per LSP method (or per pair of methods that share their work). Each turns the
//! protocol's values into paths and byte offsets, calls the analysis or the workspace session
//! through [`Backend::query`](super::server::Backend::query), and turns the results back.

pub(crate) mod call_hierarchy;
pub(crate) mod code_action;
pub(crate) mod code_lens;
pub(crate) mod completion;
pub(crate) mod configuration;
mod declare_key;
pub(crate) mod definition;
pub(crate) mod did_change;
pub(crate) mod did_close;
pub(crate) mod did_open;
pub(crate) mod document_link;
pub(crate) mod folding;
pub(crate) mod highlight;
pub(crate) mod hover;
pub(crate) mod initialize;
pub(crate) mod references;
pub(crate) mod rename;
pub(crate) mod symbols;
pub(crate) mod watched_files;

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Location, TextDocumentPositionParams};

use super::convert;
use super::state::{State, index_path};
use crate::workspace;

/// A location of the workspace layer as an LSP location.
fn location(loc: &workspace::Location) -> Option<Location> {
    Some(Location::new(
        convert::path_uri(&loc.path)?,
        convert::span_range(&loc.span),
    ))
}

/// The index path and byte offset of a position in an open agent file.
fn place(state: &State, pos: &TextDocumentPositionParams) -> Option<(PathBuf, usize)> {
    let open = state.docs.open.get(&pos.text_document.uri)?;
    open.file.as_ref()?;
    let path = index_path(&pos.text_document.uri)?;
    let offset = convert::offset(open.doc.text(), pos.position, state.encoding);
    Some((path, offset))
}
