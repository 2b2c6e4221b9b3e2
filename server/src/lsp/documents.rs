//! Open documents: text, syntax trees and the diagnostics of their current version.

use std::collections::HashMap;
use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, Env, FileContext, Settings};
use crate::config;
use crate::schema;
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
    pub(crate) fn new(uri: &Uri, text: &str, version: i32, settings: &Settings) -> Self {
        OpenDocument {
            doc: Document::new(text),
            version,
            file: classify_uri(uri, settings),
            diagnostics: Vec::new(),
        }
    }

    /// Recompute the diagnostics for the current text.
    pub(crate) fn analyze(&mut self, env: Env<'_>) {
        self.diagnostics = match &self.file {
            Some(file) => analysis::diagnostics(&self.doc, file, env),
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
