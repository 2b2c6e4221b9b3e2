//! Capabilities: what the server announces in `initialize`, and what it learns of the client.

use tower_lsp_server::ls_types::*;

use super::convert;
use crate::text::PositionEncoding;

/// Characters that open a completion list on their own. The analysis decides whether a
/// character makes sense where it was typed (a space after `tools: Read,` does, a space in the
/// body does not) and returns nothing otherwise.
pub(crate) const COMPLETION_TRIGGERS: &[char] = &[':', ',', ' ', '-', '@', '(', '"', '\''];

/// What the server offers, with positions counted in `encoding`.
pub(crate) fn server_capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(COMPLETION_TRIGGERS.iter().map(|c| c.to_string()).collect()),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        call_hierarchy_provider: Some(CallHierarchyServerCapability::Simple(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
            ]),
            resolve_provider: None,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        ..ServerCapabilities::default()
    }
}

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
    /// Files can be created by a workspace edit. Taken from `resourceOperations` alone: Neovim
    /// 0.11 lists `create` there and applies document changes without announcing
    /// `documentChanges`.
    pub(crate) create_files: bool,
    /// Completion items may be snippets.
    pub(crate) snippet_support: bool,
}

impl ClientCaps {
    pub(crate) fn from_params(caps: &ClientCapabilities) -> ClientCaps {
        let ws = caps.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        // A client that lists resource operations applies `documentChanges`, the only place
        // they can be: Neovim 0.11 declares `resourceOperations` without `documentChanges`.
        let rename_op = edit
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename));
        let document_changes = edit.and_then(|e| e.document_changes).unwrap_or(false) || rename_op;
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
            rename_files: rename_op,
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            snippet_support: caps
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
        }
    }
}
