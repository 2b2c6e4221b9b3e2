//! `textDocument/prepareRename` and `textDocument/rename`: an agent or skill renamed in every
//! file that names it (and its file, when the client can rename files).

use std::collections::HashMap;
use std::path::Path;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::place;
use crate::analysis;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::{State, index_path};
use crate::workspace;

pub(crate) async fn prepare_rename(
    server: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    server
        .query_indexed("prepareRename", |state| {
            let Some((path, offset)) = place(state, &params) else {
                return Ok(None);
            };
            match workspace::prepare_rename(&state.session.index, &path, offset) {
                Ok(Some((span, name))) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: convert::span_range(&span),
                    placeholder: name,
                })),
                Ok(None) => Ok(None),
                Err(why) => Err(request_failed(why)),
            }
        })
        .await?
}

pub(crate) async fn rename(
    server: &Backend,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let answer = server
        .query_indexed("rename", |state| {
            let Some((path, offset)) = place(state, &params.text_document_position) else {
                return Ok((None, None));
            };
            let plan = workspace::rename(
                &state.session.index,
                &path,
                offset,
                &params.new_name,
                state.caps.rename_files,
            )
            .map_err(request_failed)?;
            let note = plan
                .not_renamed
                .as_ref()
                .map(|(from, to)| not_renamed(from, to));
            Ok((Some(workspace_edit(state, plan)), note))
        })
        .await??;
    let (edit, note) = answer;
    if let Some(note) = note {
        server.client.show_message(MessageType::INFO, note).await;
    }
    Ok(edit)
}

/// Why the file named after the old name keeps its name.
fn not_renamed(from: &Path, to: &Path) -> String {
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    format!(
        "agentls: renamed the name and its references, but not the file: this editor does not declare that it can rename files (workspace.workspaceEdit.resourceOperations). Rename `{}` to `{}` by hand to keep them matching.",
        name(from),
        name(to)
    )
}

fn request_failed(message: String) -> Error {
    let mut e = Error::invalid_params(message.clone());
    // LSP's RequestFailed: the request was valid, but the server refuses it.
    e.code = tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803);
    e.message = message.into();
    e
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
