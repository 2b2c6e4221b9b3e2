//! Open documents: text, syntax trees and the diagnostics of their current version.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use tower_lsp_server::ls_types::{Range as LspRange, Uri};

use super::convert;
use crate::analysis::{self, Env, FileContext, Settings, Severity, codes};
use crate::config;
use crate::schema;
use crate::syntax::Document;
use crate::text::{LineCol, PositionEncoding, TextBuffer};

/// Documents larger than this are analysed only in their first part, so that every keystroke in
/// a huge buffer stays cheap: `doc` then holds a prefix of the text (the frontmatter is at the
/// top) and the whole text is kept beside it for the edits.
pub(crate) const MAX_ANALYZED_BYTES: usize = 1024 * 1024;

pub(crate) struct OpenDocument {
    pub(crate) doc: Document,
    pub(crate) version: i32,
    /// `None` when the file is not an agent, skill or command file: it gets nothing from us.
    pub(crate) file: Option<FileContext>,
    /// The diagnostics of `version` (code actions are built from them).
    pub(crate) diagnostics: Vec<analysis::Diagnostic>,
    /// What the summary in the index was computed from (to update it incrementally).
    pub(crate) summary_state: Option<analysis::summary::incremental::SummaryState>,
    /// The whole text when it is larger than [`MAX_ANALYZED_BYTES`]; `doc` then holds a prefix.
    full: Option<TextBuffer>,
}

/// Why an edit's range does not describe a place in `buf`, if it does not: a position past the
/// end of its line or of the text, or inside a character, or an end before the start.
fn outside(buf: &TextBuffer, range: LspRange, enc: PositionEncoding) -> Option<&'static str> {
    let exact = |p: tower_lsp_server::ls_types::Position| {
        let lc = LineCol::new(p.line, p.character);
        buf.position_at(buf.offset_at(lc, enc), enc) == lc
    };
    if !exact(range.start) || !exact(range.end) {
        Some("outside the text")
    } else if (range.end.line, range.end.character) < (range.start.line, range.start.character) {
        Some("ending before its start")
    } else {
        None
    }
}

/// The document to analyse for `text`, and the whole text if that is only a prefix of it.
fn bounded(text: &str) -> (Document, Option<TextBuffer>) {
    if text.len() <= MAX_ANALYZED_BYTES {
        return (Document::new(text), None);
    }
    let mut cut = MAX_ANALYZED_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    // End the prefix after a line break if there is one near the limit.
    if let Some(nl) = text[cut.saturating_sub(64 * 1024)..cut].rfind('\n') {
        cut = cut.saturating_sub(64 * 1024) + nl + 1;
    }
    (Document::new(&text[..cut]), Some(TextBuffer::new(text)))
}

impl OpenDocument {
    pub(crate) fn new(uri: &Uri, text: &str, version: i32, settings: &Settings) -> Self {
        let (doc, full) = bounded(text);
        OpenDocument {
            doc,
            version,
            file: classify_uri(uri, settings),
            diagnostics: Vec::new(),
            summary_state: None,
            full,
        }
    }

    /// The editor's text (all of it, also when only a prefix is analysed).
    pub(crate) fn text(&self) -> &TextBuffer {
        self.full.as_ref().unwrap_or(self.doc.text())
    }

    /// Apply one content change of `didChange` (a range in the editor's text, or the whole
    /// text); call [`OpenDocument::reparse`] after the batch.
    pub(crate) fn apply_change(
        &mut self,
        range: Option<LspRange>,
        text: &str,
        enc: PositionEncoding,
    ) {
        let Some(range) = range else {
            self.set_text(text);
            return;
        };
        if let Some(why) = outside(self.text(), range, enc) {
            // The editor and the server disagree about the text; say so where editors keep the
            // server's log, and apply the change clamped to the text.
            let _ = writeln!(
                std::io::stderr(),
                "agentls: a change {why} was clamped to the document: {range:?}"
            );
        }
        let Some(full) = &mut self.full else {
            let bytes = convert::byte_range(self.doc.text(), range, enc);
            self.doc.edit(bytes, text);
            return;
        };
        let bytes = convert::byte_range(full, range, enc);
        let start = full.floor_char_boundary(bytes.start);
        let end = full.floor_char_boundary(bytes.end.max(start));
        full.replace(start..end, text);
        // `doc` stays a prefix of the whole text.
        let analysed = self.doc.text().len();
        if start <= analysed {
            self.doc.edit(start..end.min(analysed), text);
        }
    }

    /// Replace the whole text.
    pub(crate) fn set_text(&mut self, text: &str) {
        if text.len() <= MAX_ANALYZED_BYTES && self.full.is_none() {
            self.doc.set_text(text);
        } else {
            self.replace(text);
        }
    }

    /// A new `doc` for `text` (its parse generations start over: forget the summary state).
    fn replace(&mut self, text: &str) {
        (self.doc, self.full) = bounded(text);
        self.summary_state = None;
    }

    /// Bring the syntax up to date after [`OpenDocument::apply_change`]s.
    pub(crate) fn reparse(&mut self) {
        if let Some(full) = &self.full {
            let analysed = self.doc.text().len();
            if full.len() <= MAX_ANALYZED_BYTES
                || !(MAX_ANALYZED_BYTES / 2..=2 * MAX_ANALYZED_BYTES).contains(&analysed)
            {
                // Small again, or the prefix drifted far from the limit: start over.
                let text = full.to_string_lossless();
                self.replace(&text);
                return;
            }
        }
        self.doc.reparse();
    }

    /// Parse the text again from scratch (after a failure while editing).
    pub(crate) fn rebuild(&mut self) {
        let text = self.text().to_string_lossless();
        self.replace(&text);
    }

    /// Recompute the diagnostics for the current text.
    pub(crate) fn analyze(&mut self, env: Env<'_>) {
        self.diagnostics = match &self.file {
            Some(file) => analysis::diagnostics(&self.doc, file, env),
            None => Vec::new(),
        };
        let severity = env
            .settings
            .severity_for(codes::FILE_TOO_LARGE, Severity::Warning);
        if let (Some(full), Some(_), Some(severity)) = (&self.full, &self.file, severity) {
            self.diagnostics.push(analysis::Diagnostic::new(
                codes::FILE_TOO_LARGE,
                severity,
                0..0,
                format!(
                    "The document is {} bytes; only its first {} bytes are analysed. Agent files this large are unusual: split it.",
                    full.len(),
                    self.doc.text().len()
                ),
            ));
        }
    }
}

#[derive(Default)]
pub(crate) struct Documents {
    pub(crate) open: HashMap<Uri, OpenDocument>,
}

/// The path of a URI: a real path for `file:` URIs, else the URI's path component (so that an
/// unsaved `untitled:` buffer named like an agent file is still recognised).
pub(crate) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if let Some(p) = uri.to_file_path() {
        return Some(p.into_owned());
    }
    let s = uri.as_str();
    let path = s.split_once(':').map_or(s, |(_, rest)| rest);
    (!path.is_empty()).then(|| PathBuf::from(path))
}

pub(crate) fn classify_uri(uri: &Uri, settings: &Settings) -> Option<FileContext> {
    let path = uri_path(uri)?;
    if uri.scheme().as_str() == "file" {
        return config::file_context(settings, &path);
    }
    let dialect = settings
        .dialect_for(&path.to_string_lossy())
        .or_else(|| schema::classify(&path, &|_| false))?;
    Some(FileContext::from_path(&path, dialect))
}
