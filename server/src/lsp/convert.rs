//! The one place where core values become LSP types and back (`to_proto` / `from_proto`).

use std::ops::Range;

use tower_lsp_server::ls_types as lsp;

use crate::analysis::{self, Severity};
use crate::text::{LineCol, PositionEncoding, TextBuffer};

pub(crate) fn negotiate_encoding(params: &lsp::InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

pub(crate) fn encoding_kind(enc: PositionEncoding) -> lsp::PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

pub(crate) fn position(buf: &TextBuffer, byte: usize, enc: PositionEncoding) -> lsp::Position {
    let lc = buf.position_at(byte, enc);
    lsp::Position::new(lc.line, lc.col)
}

pub(crate) fn range(buf: &TextBuffer, r: &Range<usize>, enc: PositionEncoding) -> lsp::Range {
    lsp::Range::new(position(buf, r.start, enc), position(buf, r.end, enc))
}

pub(crate) fn offset(buf: &TextBuffer, pos: lsp::Position, enc: PositionEncoding) -> usize {
    buf.offset_at(LineCol::new(pos.line, pos.character), enc)
}

pub(crate) fn byte_range(buf: &TextBuffer, r: lsp::Range, enc: PositionEncoding) -> Range<usize> {
    let start = offset(buf, r.start, enc);
    let end = offset(buf, r.end, enc).max(start);
    start..end
}

pub(crate) fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub(crate) fn diagnostic(
    buf: &TextBuffer,
    uri: &lsp::Uri,
    d: &analysis::Diagnostic,
    enc: PositionEncoding,
) -> lsp::Diagnostic {
    let mut tags = Vec::new();
    if d.unnecessary {
        tags.push(lsp::DiagnosticTag::UNNECESSARY);
    }
    if d.deprecated {
        tags.push(lsp::DiagnosticTag::DEPRECATED);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.elsewhere {
                None => lsp::Location::new(uri.clone(), range(buf, &r.range, enc)),
                Some(at) => lsp::Location::new(
                    path_uri(&at.path)?,
                    lsp::Range::new(
                        lsp::Position::new(at.start.line, at.start.col),
                        lsp::Position::new(at.end.line, at.end.col),
                    ),
                ),
            };
            Some(lsp::DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(buf, &d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("agentls".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// A fix as a code action of `kind`, editing `uri`.
fn fix_action(
    buf: &TextBuffer,
    uri: &lsp::Uri,
    fix: &analysis::Fix,
    enc: PositionEncoding,
    kind: lsp::CodeActionKind,
    diagnostics: Option<Vec<lsp::Diagnostic>>,
) -> lsp::CodeAction {
    let edits = fix
        .edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: range(buf, &e.range, enc),
            new_text: e.new_text.clone(),
        })
        .collect();
    let mut changes = std::collections::HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::CodeAction {
        title: fix.title.clone(),
        kind: Some(kind),
        diagnostics,
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        }),
        command: None,
        is_preferred: fix.preferred.then_some(true),
        disabled: None,
        data: None,
    }
}

/// A quick fix of a diagnostic.
pub(crate) fn code_action(
    buf: &TextBuffer,
    uri: &lsp::Uri,
    d: &analysis::Diagnostic,
    fix: &analysis::Fix,
    enc: PositionEncoding,
) -> lsp::CodeAction {
    let diagnostics = Some(vec![diagnostic(buf, uri, d, enc)]);
    fix_action(
        buf,
        uri,
        fix,
        enc,
        lsp::CodeActionKind::QUICKFIX,
        diagnostics,
    )
}

/// The `file:` URI of a path.
pub(crate) fn path_uri(path: &std::path::Path) -> Option<lsp::Uri> {
    lsp::Uri::from_file_path(path)
}

/// An editor position stored in an index summary (already in the session's encoding).
pub(crate) fn linecol(lc: crate::text::LineCol) -> lsp::Position {
    lsp::Position::new(lc.line, lc.col)
}

/// The editor range of an index span.
pub(crate) fn span_range(span: &crate::analysis::summary::Span) -> lsp::Range {
    lsp::Range::new(linecol(span.start), linecol(span.end))
}

/// A refactoring (not tied to a diagnostic) as a `refactor.rewrite` code action.
pub(crate) fn refactor_action(
    buf: &TextBuffer,
    uri: &lsp::Uri,
    fix: &analysis::Fix,
    enc: PositionEncoding,
) -> lsp::CodeAction {
    fix_action(
        buf,
        uri,
        fix,
        enc,
        lsp::CodeActionKind::REFACTOR_REWRITE,
        None,
    )
}
