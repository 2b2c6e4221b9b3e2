//! Open documents: text, syntax trees and the diagnostics of their current version.

use std::collections::HashMap;
use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, FileContext};
use crate::schema::{self, Dialect};
use crate::syntax::Document;

pub(crate) struct OpenDocument {
    pub(crate) doc: Document,
    pub(crate) version: i32,
    /// `None` when the file is not an agent, skill or command file: it gets nothing from us.
    pub(crate) file: Option<FileContext>,
    /// The diagnostics of `version` (code actions are built from them).
    pub(crate) diagnostics: Vec<analysis::Diagnostic>,
}

impl OpenDocument {
    pub(crate) fn new(uri: &Uri, text: &str, version: i32) -> Self {
        let file = classify_uri(uri);
        let mut open = OpenDocument {
            doc: Document::new(text),
            version,
            file,
            diagnostics: Vec::new(),
        };
        open.analyze();
        open
    }

    /// Recompute the diagnostics for the current text.
    pub(crate) fn analyze(&mut self) {
        self.diagnostics = match &self.file {
            Some(file) => analysis::diagnostics(&self.doc, file),
            None => Vec::new(),
        };
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

pub(crate) fn classify_uri(uri: &Uri) -> Option<FileContext> {
    let path = uri_path(uri)?;
    let is_file = uri.scheme().as_str() == "file";
    let dialect: Dialect = if is_file {
        schema::classify(&path, &schema::plugin_manifest_exists)?
    } else {
        schema::classify(&path, &|_| false)?
    };
    Some(FileContext::from_path(&path, dialect))
}
