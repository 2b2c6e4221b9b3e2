//! `textDocument/codeAction`: the quick fixes of the diagnostics under the cursor, and the
//! rewrites offered there.

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
        let mut actions = Vec::new();
        for d in &open.diagnostics {
            let touches = d.range.start <= wanted.end && wanted.start <= d.range.end;
            if !touches {
                continue;
            }
            for fix in &d.fixes {
                actions.push(CodeActionOrCommand::CodeAction(convert::code_action(
                    buf,
                    uri,
                    d,
                    fix,
                    state.encoding,
                )));
            }
        }
        // Rewrites offered at the cursor, unless a quick fix already does the same.
        if let Some(file) = &open.file {
            for fix in crate::analysis::refactor::at(&open.doc, file, wanted.start) {
                let duplicate = open
                    .diagnostics
                    .iter()
                    .flat_map(|d| &d.fixes)
                    .any(|f| f.edits == fix.edits);
                if !duplicate {
                    actions.push(CodeActionOrCommand::CodeAction(convert::refactor_action(
                        buf,
                        uri,
                        &fix,
                        state.encoding,
                    )));
                }
            }
        }
        Some(actions)
    })
}
