//! `textDocument/codeAction`: the quick fixes of the diagnostics under the cursor, and the
//! rewrites offered there, and "Declare `key` in .agentls.toml" (`declare_key.rs`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::server::Backend;

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
        let offered = crate::analysis::fix_check::offered(
            &open.doc,
            file,
            state.env(),
            &open.diagnostics,
            wanted,
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
        actions.extend(declare.into_iter().map(CodeActionOrCommand::CodeAction));
        Some(actions)
    })
}
