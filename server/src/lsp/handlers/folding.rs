//! `textDocument/foldingRange`: the frontmatter, the sections and the `<example>` blocks.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::analysis::folding;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub(crate) fn folding_range(
    server: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    server.query("foldingRange", |state| {
        let open = state.docs.open.get(&params.text_document.uri)?;
        open.file.as_ref()?;
        let buf = open.doc.text();
        let enc = state.encoding;
        let out = folding::folding_ranges(&open.doc)
            .into_iter()
            .filter_map(|f| {
                let start = convert::position(buf, f.range.start, enc).line;
                let end = convert::position(buf, f.range.end, enc).line;
                (end > start).then_some(FoldingRange {
                    start_line: start,
                    start_character: None,
                    end_line: end,
                    end_character: None,
                    kind: Some(FoldingRangeKind::Region),
                    collapsed_text: None,
                })
            })
            .collect();
        Some(out)
    })
}
