//! `textDocument/codeAction`: the quick fixes of the diagnostics under the cursor, and the
//! rewrites offered there, and "Declare `key` in .agentls.toml" (`declare_key.rs`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::analysis::{self, codes};
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::index_path;
use crate::text::{PositionEncoding, TextBuffer};
use crate::workspace;

pub(crate) fn code_action(
    server: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    server.query("codeAction", |state| {
        let uri = &params.text_document.uri;
        let open = state.docs.open.get(uri)?;
        let buf = open.doc.text();
        let wanted = convert::byte_range(buf, params.range, state.encoding);
        let declare = super::declare_key::declare_actions(state, uri, &wanted);
        let mut actions = Vec::new();
        // Only fixes that pass the fix check are offered (`analysis::fix_check`): verified
        // here, for the requested range, never while typing.
        let Some(file) = &open.file else {
            return Some(actions);
        };
        // The diagnostics the client names (Neovim names those of the cursor's line) count
        // as under the cursor too.
        let named: Vec<(String, std::ops::Range<usize>)> = params
            .context
            .diagnostics
            .iter()
            .filter_map(|d| match &d.code {
                Some(NumberOrString::String(c)) => {
                    Some((c.clone(), convert::byte_range(buf, d.range, state.encoding)))
                }
                _ => None,
            })
            .collect();
        let offered = crate::analysis::fix_check::offered(
            &open.doc,
            file,
            state.env(),
            &open.diagnostics,
            wanted.clone(),
            &|d| named.iter().any(|(c, r)| c == d.code && *r == d.range),
        );
        for (d, fix) in &offered.quick_fixes {
            actions.push(CodeActionOrCommand::CodeAction(convert::code_action(
                buf,
                uri,
                d,
                fix,
                state.encoding,
            )));
        }
        for fix in &offered.rewrites {
            actions.push(CodeActionOrCommand::CodeAction(convert::refactor_action(
                buf,
                uri,
                fix,
                state.encoding,
            )));
        }
        if state.caps.rename_files
            && let Some(path) = index_path(uri)
            && let Some(entry) = state.session.index.get(&path)
        {
            let mismatch = open.diagnostics.iter().find(|d| {
                d.code == codes::NAME_MISMATCH
                    && d.range.start <= wanted.end
                    && wanted.start <= d.range.end
            });
            if let Some(d) = mismatch
                && let Some(action) = rename_file_action(entry, buf, uri, d, state.encoding)
            {
                actions.insert(0, CodeActionOrCommand::CodeAction(action));
            }
        }
        actions.extend(declare.into_iter().map(CodeActionOrCommand::CodeAction));
        Some(actions)
    })
}

/// `name-mismatch`: rename the file (a skill: its folder) after its `name:`, when that path is
/// free. A `RenameFile` operation, offered only to clients that can apply it.
fn rename_file_action(
    entry: &workspace::IndexEntry,
    buf: &TextBuffer,
    uri: &Uri,
    d: &analysis::Diagnostic,
    enc: PositionEncoding,
) -> Option<CodeAction> {
    let (from, to) = workspace::rename_to_name(entry)?;
    let new = to.file_name()?.to_str()?;
    let title = if entry.kind() == workspace::Kind::Skill {
        format!("Rename the folder to `{new}`")
    } else {
        format!("Rename the file to `{new}`")
    };
    let op = RenameFile {
        old_uri: convert::path_uri(&from)?,
        new_uri: convert::path_uri(&to)?,
        options: None,
        annotation_id: None,
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(buf, uri, d, enc)]),
        edit: Some(WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Rename(op)),
            ])),
            change_annotations: None,
        }),
        // A skill's own fix (its `name:` changed to the folder's) stays the preferred one.
        is_preferred: Some(entry.kind() != workspace::Kind::Skill),
        ..CodeAction::default()
    })
}
