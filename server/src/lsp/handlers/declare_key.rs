//! The code action "Declare `complexity` in .agentls.toml" on an `unknown-key` diagnostic: a
//! workspace edit that adds the key to `[custom-keys]` of the workspace's `.agentls.toml`, or
//! creates the file (the edit itself is `config::declare_custom_key`). Not offered for a key one
//! edit away from a key of the dialect: that is a typo, to be renamed.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types::*;

use crate::analysis::{codes, team_keys};
use crate::config;
use crate::lsp::convert;
use crate::lsp::state::State;
use crate::text::TextBuffer;

/// The declare actions for the `unknown-key` diagnostics of `uri` that touch `wanted`.
pub(crate) fn declare_actions(state: &State, uri: &Uri, wanted: &Range<usize>) -> Vec<CodeAction> {
    let Some(open) = state.docs.open.get(uri) else {
        return Vec::new();
    };
    let (Some(file), Some(root)) = (&open.file, state.roots.first()) else {
        return Vec::new();
    };
    let buf = open.doc.text();
    let toml_path = root.join(config::FILE_NAME);
    let existing = config::read_settings_text(root);
    let mut out = Vec::new();
    for d in &open.diagnostics {
        let touches = d.range.start <= wanted.end && wanted.start <= d.range.end;
        if d.code != codes::UNKNOWN_KEY || !touches {
            continue;
        }
        let key = buf.slice(d.range.clone());
        if team_keys::typo_of(file.dialect, &key).is_some() {
            continue;
        }
        let Some(decl) = config::declare_custom_key(existing.as_deref(), &key) else {
            continue;
        };
        if decl.create && !state.caps.create_files {
            continue;
        }
        let Some(toml_uri) = convert::path_uri(&toml_path) else {
            continue;
        };
        let toml_buf = TextBuffer::new(existing.as_deref().unwrap_or(""));
        let edit = TextEdit {
            range: convert::range(&toml_buf, &decl.range, state.encoding),
            new_text: decl.new_text,
        };
        let workspace_edit = if decl.create {
            let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: toml_uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            }));
            let insert = DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: toml_uri,
                    version: None,
                },
                edits: vec![OneOf::Left(edit)],
            });
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![create, insert])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(toml_uri, vec![edit])])),
                ..WorkspaceEdit::default()
            }
        };
        out.push(CodeAction {
            title: format!("Declare `{key}` in {}", config::FILE_NAME),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert::diagnostic(buf, uri, d, state.encoding)]),
            edit: Some(workspace_edit),
            ..CodeAction::default()
        });
    }
    out
}
