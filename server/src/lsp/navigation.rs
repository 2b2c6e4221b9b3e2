//! Navigation: protocol glue around the workspace index (definition, references, rename,
//! document and workspace symbols, hover and completion on agent references), and keeping the
//! index in step with open buffers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::convert;
use super::documents::uri_path;
use super::server::State;
use crate::analysis::{self, symbols};
use crate::workspace::{self, Kind};

/// What the client can do, from its capabilities.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ClientCaps {
    /// `window/workDoneProgress/create` is supported.
    pub(crate) progress: bool,
    /// Watchers can be registered dynamically.
    pub(crate) watch_dynamic: bool,
    /// Workspace edits may carry document changes...
    pub(crate) document_changes: bool,
    /// ...including file renames.
    pub(crate) rename_files: bool,
}

impl ClientCaps {
    pub(crate) fn from_params(caps: &ClientCapabilities) -> ClientCaps {
        let ws = caps.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        let document_changes = edit.and_then(|e| e.document_changes).unwrap_or(false);
        ClientCaps {
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            document_changes,
            rename_files: document_changes
                && edit
                    .and_then(|e| e.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
        }
    }
}

/// The index path of a `file:` URI.
fn index_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    Some(workspace::absolute(&uri.to_file_path()?))
}

/// Put an open buffer's summary in the index (it overrides the disk). Returns whether the names
/// the workspace defines changed. O(the document).
pub(crate) fn sync_open(state: &mut State, uri: &Uri) -> bool {
    let Some(path) = index_path(uri) else {
        return false;
    };
    let Some(open) = state.docs.open.get(uri) else {
        return false;
    };
    let Some(file) = &open.file else {
        return false;
    };
    let dialect = file.dialect;
    let context = analysis::FileContext::from_path(&path, dialect);
    // Update the open buffer's summary in place after a local edit (O(the edited lines)); the
    // entry is taken out of the index and put back.
    let old = state.index.take(&path);
    let before = old
        .as_ref()
        .map(|e| (e.identity.clone(), e.summary.description.clone()));
    let prev_state = state
        .docs
        .open
        .get_mut(uri)
        .and_then(|o| o.summary_state.take());
    let (prev, origin) = match old {
        Some(e) if e.open && e.summary.dialect == dialect => {
            (prev_state.map(|s| (e.summary, s)), Some(e.origin))
        }
        _ => (None, None),
    };
    let Some(open) = state.docs.open.get_mut(uri) else {
        return false;
    };
    let (summary, summary_state) =
        analysis::summary::incremental::summarize(&open.doc, &context, state.encoding, prev);
    open.summary_state = Some(summary_state);
    let origin = origin.unwrap_or_else(|| workspace::origin(&path, dialect));
    state.index.insert(
        workspace::LoadedFile {
            path: path.clone(),
            summary,
            origin,
        },
        true,
    );
    let after = state
        .index
        .get(&path)
        .map(|e| (e.identity.clone(), e.summary.description.clone()));
    match (before, after) {
        (Some((id0, d0)), Some((id1, d1))) if id0 == id1 => {
            if d0 != d1 {
                // Only the description changed: completion and hover show it, diagnostics never
                // do. Refresh the names lazily (`refresh_names_if_stale`), not per keystroke.
                state.names_stale = true;
            }
            false
        }
        _ => true,
    }
}

/// Rebuild the names if a description changed since they were built (before completion or
/// hover read them).
pub(crate) fn refresh_names_if_stale(state: &mut State) {
    if state.names_stale {
        refresh_names(state);
    }
}

/// A buffer was closed: the disk version takes over. Returns whether names changed.
pub(crate) fn sync_closed(state: &mut State, uri: &Uri) -> bool {
    let Some(path) = index_path(uri) else {
        return false;
    };
    state.index.set_open(&path, false);
    let settings = state.settings.clone();
    state.index.reload(&path, &settings)
}

/// Rebuild the names the analysis sees from the index.
pub(crate) fn refresh_names(state: &mut State) {
    state.names_stale = false;
    let mcp = std::mem::take(&mut state.workspace.mcp_servers);
    state.workspace = state.index.names();
    if state.workspace.mcp_servers.is_empty() {
        state.workspace.mcp_servers = mcp;
    }
}

/// The cross-file diagnostics of an open document.
pub(crate) fn cross_file(state: &State, uri: &Uri) -> Vec<analysis::Diagnostic> {
    let Some(path) = index_path(uri) else {
        return Vec::new();
    };
    if state.docs.open.get(uri).is_none_or(|o| o.file.is_none()) {
        return Vec::new();
    }
    workspace::diagnostics(&state.index, &path, &state.settings)
}

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

pub(crate) fn definition(
    state: &State,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let (path, offset) = place(state, &params.text_document_position_params)?;
    let locs: Vec<Location> = workspace::definition(&state.index, &path, offset)
        .iter()
        .filter_map(location)
        .collect();
    match locs.len() {
        0 => None,
        1 => locs.into_iter().next().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locs)),
    }
}

pub(crate) fn references(state: &State, params: &ReferenceParams) -> Option<Vec<Location>> {
    let (path, offset) = place(state, &params.text_document_position)?;
    let locs = workspace::references(
        &state.index,
        &path,
        offset,
        params.context.include_declaration,
    );
    Some(locs.iter().filter_map(location).collect())
}

fn request_failed(message: String) -> Error {
    let mut e = Error::invalid_params(message.clone());
    // LSP's RequestFailed: the request was valid, but the server refuses it.
    e.code = tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803);
    e.message = message.into();
    e
}

pub(crate) fn prepare_rename(
    state: &State,
    params: &TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((path, offset)) = place(state, params) else {
        return Ok(None);
    };
    match workspace::prepare_rename(&state.index, &path, offset) {
        Ok(Some((span, name))) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::span_range(&span),
            placeholder: name,
        })),
        Ok(None) => Ok(None),
        Err(why) => Err(request_failed(why)),
    }
}

pub(crate) fn rename(state: &State, params: &RenameParams) -> Result<Option<WorkspaceEdit>> {
    let Some((path, offset)) = place(state, &params.text_document_position) else {
        return Ok(None);
    };
    let plan = workspace::rename(
        &state.index,
        &path,
        offset,
        &params.new_name,
        state.caps.rename_files,
    )
    .map_err(request_failed)?;
    Ok(Some(workspace_edit(state, plan)))
}

/// The version of an open document at `path`, for versioned edits.
fn open_version(state: &State, path: &Path) -> Option<i32> {
    state
        .docs
        .open
        .iter()
        .find(|(uri, _)| index_path(uri).as_deref() == Some(path))
        .map(|(_, d)| d.version)
}

fn workspace_edit(state: &State, plan: workspace::RenamePlan) -> WorkspaceEdit {
    let text_edits = |edits: &[(analysis::summary::Span, String)]| -> Vec<TextEdit> {
        edits
            .iter()
            .map(|(span, text)| TextEdit {
                range: convert::span_range(span),
                new_text: text.clone(),
            })
            .collect()
    };
    if !state.caps.document_changes {
        let mut changes = HashMap::new();
        for (path, edits) in &plan.edits {
            if let Some(uri) = convert::path_uri(path) {
                changes.insert(uri, text_edits(edits));
            }
        }
        return WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        };
    }
    let mut ops = Vec::new();
    for (path, edits) in &plan.edits {
        let Some(uri) = convert::path_uri(path) else {
            continue;
        };
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri,
                version: open_version(state, path),
            },
            edits: text_edits(edits).into_iter().map(OneOf::Left).collect(),
        }));
    }
    // Renames come after the edits, which address the files by their old names.
    for (from, to) in &plan.renames {
        let (Some(old_uri), Some(new_uri)) = (convert::path_uri(from), convert::path_uri(to))
        else {
            continue;
        };
        ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
            RenameFile {
                old_uri,
                new_uri,
                options: None,
                annotation_id: None,
            },
        )));
    }
    WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Operations(ops)),
        change_annotations: None,
    }
}

pub(crate) fn document_symbols(
    state: &State,
    params: &DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let open = state.docs.open.get(&params.text_document.uri)?;
    open.file.as_ref()?;
    let buf = open.doc.text();
    let enc = state.encoding;
    fn convert_symbol(
        s: &symbols::Symbol,
        buf: &crate::text::TextBuffer,
        enc: crate::text::PositionEncoding,
    ) -> DocumentSymbol {
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
    let out = symbols::document_symbols(&open.doc)
        .iter()
        .map(|s| convert_symbol(s, buf, enc))
        .collect();
    Some(DocumentSymbolResponse::Nested(out))
}

pub(crate) fn workspace_symbols(
    state: &State,
    params: &WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let out = workspace::workspace_symbols(&state.index, &params.query)
        .into_iter()
        .filter_map(|s| {
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
        })
        .collect();
    Some(WorkspaceSymbolResponse::Nested(out))
}

/// Hover on an agent or skill reference: the target's description, model and tools.
pub(crate) fn hover(state: &State, params: &HoverParams) -> Option<Hover> {
    let (path, offset) = place(state, &params.text_document_position_params)?;
    let (markdown, span) = workspace::hover(&state.index, &path, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(convert::span_range(&span)),
    })
}

/// Agent names after `@` in the body and inside `subagent_type: "`.
/// At most this many agent names per completion answer; the list is then marked incomplete, and
/// the client asks again as the user types.
const MAX_NAME_COMPLETIONS: usize = 100;

pub(crate) fn completion(state: &State, params: &CompletionParams) -> Option<CompletionResponse> {
    let pos = &params.text_document_position;
    let open = state.docs.open.get(&pos.text_document.uri)?;
    open.file.as_ref()?;
    let path = uri_path(&pos.text_document.uri).map(|p| workspace::absolute(&p))?;
    let buf = open.doc.text();
    let offset = convert::offset(buf, pos.position, state.encoding);
    let (mode, replace) = workspace::completion_context(&open.doc, offset)?;
    let range = convert::range(buf, &replace, state.encoding);
    let typed = buf.slice(replace.start..offset.max(replace.start));
    let (found, cut) =
        workspace::completions(&state.index, &path, mode, &typed, MAX_NAME_COMPLETIONS);
    let items: Vec<CompletionItem> = found
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(if c.detail.starts_with("built into") {
                CompletionItemKind::CONSTANT
            } else {
                CompletionItemKind::CLASS
            }),
            detail: Some(c.detail),
            documentation: c.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: c.label,
            })),
            ..CompletionItem::default()
        })
        .collect();
    (!items.is_empty()).then_some(CompletionResponse::List(CompletionList {
        is_incomplete: cut,
        items,
    }))
}
