//! Call hierarchy for delegation: `textDocument/prepareCallHierarchy` on an agent's `name:` or
//! a mention, `callHierarchy/incomingCalls` (who delegates to it, with the places that name
//! it) and `callHierarchy/outgoingCalls` (whom it delegates to).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::place;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::index_path;
use crate::workspace::{self, Kind};

fn item(i: &workspace::CallItem) -> Option<CallHierarchyItem> {
    let range = convert::span_range(&i.declaration);
    Some(CallHierarchyItem {
        name: i.name.clone(),
        kind: match i.kind {
            Kind::Agent => SymbolKind::CLASS,
            Kind::Skill => SymbolKind::MODULE,
            Kind::Command => SymbolKind::FUNCTION,
        },
        tags: None,
        detail: i.detail.clone(),
        uri: convert::path_uri(&i.path)?,
        range,
        selection_range: range,
        data: None,
    })
}

fn ranges(spans: &[crate::analysis::summary::Span]) -> Vec<Range> {
    spans.iter().map(convert::span_range).collect()
}

pub(crate) async fn prepare(
    server: &Backend,
    params: CallHierarchyPrepareParams,
) -> Result<Option<Vec<CallHierarchyItem>>> {
    server
        .query_indexed("prepareCallHierarchy", |state| {
            let (path, offset) = place(state, &params.text_document_position_params)?;
            let items: Vec<CallHierarchyItem> =
                workspace::call_items(&state.session.index, &path, offset)
                    .iter()
                    .filter_map(item)
                    .collect();
            (!items.is_empty()).then_some(items)
        })
        .await
}

pub(crate) async fn incoming(
    server: &Backend,
    params: CallHierarchyIncomingCallsParams,
) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
    server
        .query_indexed("incomingCalls", |state| {
            let path = index_path(&params.item.uri)?;
            let calls = workspace::incoming_calls(&state.session.index, &path);
            Some(
                calls
                    .iter()
                    .filter_map(|c| {
                        Some(CallHierarchyIncomingCall {
                            from: item(&c.item)?,
                            from_ranges: ranges(&c.ranges),
                        })
                    })
                    .collect(),
            )
        })
        .await
}

pub(crate) async fn outgoing(
    server: &Backend,
    params: CallHierarchyOutgoingCallsParams,
) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
    server
        .query_indexed("outgoingCalls", |state| {
            let path = index_path(&params.item.uri)?;
            let calls = workspace::outgoing_calls(&state.session.index, &path);
            Some(
                calls
                    .iter()
                    .filter_map(|c| {
                        Some(CallHierarchyOutgoingCall {
                            to: item(&c.item)?,
                            from_ranges: ranges(&c.ranges),
                        })
                    })
                    .collect(),
            )
        })
        .await
}
