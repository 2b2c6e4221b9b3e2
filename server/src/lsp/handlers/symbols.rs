//! `textDocument/documentSymbol` (the outline of one file) and `workspace/symbol` (every agent,
//! skill and command of the workspace).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::location;
use crate::analysis::symbols;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::text::{PositionEncoding, TextBuffer};
use crate::workspace::{self, Kind};

pub(crate) fn document_symbol(
    server: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    server.query("documentSymbol", |state| {
        let open = state.docs.open.get(&params.text_document.uri)?;
        open.file.as_ref()?;
        let buf = open.doc.text();
        let out = symbols::document_symbols(&open.doc)
            .iter()
            .map(|s| convert_symbol(s, buf, state.encoding))
            .collect();
        Some(DocumentSymbolResponse::Nested(out))
    })
}

fn convert_symbol(s: &symbols::Symbol, buf: &TextBuffer, enc: PositionEncoding) -> DocumentSymbol {
    let kind = match s.kind {
        symbols::SymbolKind::Frontmatter => SymbolKind::NAMESPACE,
        symbols::SymbolKind::Field => SymbolKind::PROPERTY,
        symbols::SymbolKind::Object => SymbolKind::OBJECT,
        symbols::SymbolKind::List => SymbolKind::ARRAY,
        symbols::SymbolKind::Item => SymbolKind::FIELD,
        symbols::SymbolKind::Heading => SymbolKind::STRING,
    };
    let range = convert::range(buf, &s.range, enc);
    let mut selection = convert::range(buf, &s.selection, enc);
    // The selection must lie within the range.
    if selection.start < range.start || selection.end > range.end {
        selection = range;
    }
    #[allow(deprecated)]
    DocumentSymbol {
        name: if s.name.is_empty() {
            " ".to_string()
        } else {
            s.name.clone()
        },
        detail: s.detail.clone().filter(|d| !d.is_empty()),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!s.children.is_empty()).then(|| {
            s.children
                .iter()
                .map(|c| convert_symbol(c, buf, enc))
                .collect()
        }),
    }
}

pub(crate) async fn workspace_symbol(
    server: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    server
        .query_indexed("workspace/symbol", |state| {
            let out = workspace::workspace_symbols(&state.session.index, &params.query)
                .into_iter()
                .filter_map(workspace_symbol_item)
                .collect();
            Some(WorkspaceSymbolResponse::Nested(out))
        })
        .await
}

fn workspace_symbol_item(s: workspace::SymbolInfo) -> Option<WorkspaceSymbol> {
    let location = location(&s.location)?;
    let kind = match s.kind {
        Kind::Agent => SymbolKind::CLASS,
        Kind::Skill => SymbolKind::MODULE,
        Kind::Command => SymbolKind::FUNCTION,
    };
    let container = match &s.detail {
        Some(d) if !d.is_empty() => format!("{} — {d}", s.container),
        _ => s.container.clone(),
    };
    Some(WorkspaceSymbol {
        name: s.name,
        kind,
        tags: None,
        container_name: Some(container),
        location: OneOf::Left(location),
        data: None,
    })
}
