//! The analysis layer: diagnostics (and, above them, completion, hover and navigation) computed
//! over plain data with byte ranges. Knows dialects and documents; knows nothing of LSP, JSON or
//! files on disk.

pub mod codes;
pub mod completion;
mod cursor;
mod diagnostic;
pub mod fix_check;
pub mod folding;
pub mod hover;
mod names;
pub mod portability;
pub mod refactor;
mod rules;
pub mod settings;
pub mod summary;
pub mod symbols;
pub mod team_keys;
pub mod tools;
mod verdict;
mod yaml_errors;

use std::path::Path;

pub use diagnostic::{Diagnostic, Edit, Elsewhere, Fix, Related, Severity};
pub use names::{NamedItem, WorkspaceNames};
pub use settings::{Level, Settings};

use crate::schema::Dialect;
use crate::syntax::Document;

/// What the analysis needs to know about a file besides its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileContext {
    pub dialect: Dialect,
    /// A Claude Code plugin's agent, skill or command (a plugin agent loads even with broken
    /// frontmatter, under its file name).
    pub plugin: bool,
    /// The file name without `.md` / `.agent.md` / `.chatmode.md`.
    pub file_stem: Option<String>,
    /// The name of the folder holding the file (a skill's name).
    pub folder: Option<String>,
    /// The other tools in play that read the file, as another dialect (see [`portability`]).
    pub readers: Vec<portability::Reader>,
}

impl FileContext {
    /// Derive the context from a path already classified as `dialect`.
    pub fn from_path(path: &Path, dialect: Dialect) -> Self {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = crate::schema::file_stem(name);
        let comps: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
        let under_dot_claude = comps.contains(&".claude");
        let claude = matches!(
            dialect,
            Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand
        );
        FileContext {
            dialect,
            plugin: claude && !under_dot_claude,
            file_stem: (!stem.is_empty()).then(|| stem.to_string()),
            folder: path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .map(str::to_string),
            readers: Vec::new(),
        }
    }

    /// The context of `path` with the other tools in play that read it (from the settings).
    pub fn with_readers(mut self, path: &Path, settings: &Settings) -> Self {
        let unix = path.to_string_lossy().replace('\\', "/");
        self.readers = portability::readers(&unix, self.dialect, settings);
        self
    }

    /// For documents without a path (an unsaved buffer): no plugin, no names.
    pub fn bare(dialect: Dialect) -> Self {
        FileContext {
            dialect,
            plugin: false,
            file_stem: None,
            folder: None,
            readers: Vec::new(),
        }
    }
}

/// What a file is analysed against besides its own text: the user's settings and what the rest
/// of the workspace defines.
#[derive(Clone, Copy, Debug)]
pub struct Env<'a> {
    pub settings: &'a Settings,
    pub workspace: &'a WorkspaceNames,
}

impl Env<'static> {
    /// Default settings and an empty workspace.
    pub fn empty() -> Env<'static> {
        static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
        static WORKSPACE: std::sync::OnceLock<WorkspaceNames> = std::sync::OnceLock::new();
        Env {
            settings: SETTINGS.get_or_init(Settings::default),
            workspace: WORKSPACE.get_or_init(WorkspaceNames::default),
        }
    }
}

/// What Claude Code registers for this file (the name it lists), or why it skips it (a short
/// reason); `None` for files that other tools read. The loader model's verdict, the same one the
/// diagnostics report.
pub fn claude_verdict(doc: &Document, file: &FileContext) -> Option<Result<String, String>> {
    file.dialect.is_claude().then(|| {
        verdict::claude_load(doc, file)
            .outcome
            .map_err(|s| format!("{s:?}"))
    })
}

/// What Claude Code stores from the frontmatter of a file it registers: its description and
/// model as the loader model reads them (`None` for files other tools read).
pub fn claude_seen(doc: &Document, file: &FileContext) -> Option<(Option<String>, Option<String>)> {
    use crate::loader::value::Value;
    if !file.dialect.is_claude() {
        return None;
    }
    let load = verdict::claude_load(doc, file);
    let text = |k: &str| match load.frontmatter.get(k) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    // Agents: a literal `\n` in the description becomes a line break; `inherit` in any case is
    // `inherit`; the model is trimmed.
    let description = text("description").map(|d| d.replace("\\n", "\n"));
    let model = text("model")
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .map(|m| {
            if m.eq_ignore_ascii_case("inherit") {
                "inherit".into()
            } else {
                m
            }
        });
    Some((description, model))
}

/// All diagnostics of one document, sorted by position, with the configured severities applied
/// (codes set to `off` are dropped): the file's own, then what the other tools reading it do
/// differently (`portability`).
pub fn diagnostics(doc: &Document, file: &FileContext, env: Env<'_>) -> Vec<Diagnostic> {
    let mut out = own_diagnostics(doc, file, env);
    if !file.readers.is_empty() {
        let more = portability::check(doc, file, env, &out);
        out.extend(more);
    }
    env.settings.apply_severities(&mut out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    out
}

/// The diagnostics of the file as its own dialect reads it, before the severity settings.
fn own_diagnostics(doc: &Document, file: &FileContext, env: Env<'_>) -> Vec<Diagnostic> {
    // A loader that ends the block where the scanner does not (Gemini CLI at `--- end`): analyse
    // the text it reads; the offsets are the file's.
    if let Some((head, dropped)) = verdict::reread(doc, file) {
        let mut out = own_diagnostics(&Document::new(&head), file, env);
        out.push(dropped);
        return out;
    }
    let mut out = Vec::new();
    if verdict::check(doc, file, &mut out) {
        rules::check(doc, file, env, &mut out);
    }
    out
}
