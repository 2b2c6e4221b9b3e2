//! The one item type of every completion (frontmatter and body), with its kind; the LSP layer
//! converts it in one place. And the text helpers the providers share.

use std::ops::Range;

/// What an item completes, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Value,
    /// `true` / `false`.
    Keyword,
    Tool,
    Model,
    /// An agent of the workspace.
    Agent,
    /// An agent built into the product.
    BuiltinAgent,
    Skill,
    Snippet,
}

/// How the client reads [`CompletionItem::insert_text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertFormat {
    /// Not stated: the client's default (plain text).
    Unstated,
    Plain,
    /// An LSP snippet (`$0`, `${1:x}`, `${1|a,b|}`).
    Snippet,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A short line shown next to the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text put in place of [`CompletionItem::replace`].
    pub insert_text: String,
    pub format: InsertFormat,
    /// The byte range the insertion replaces (the partial word under the cursor).
    pub replace: Range<usize>,
    /// The editor filters by this instead of the label when set.
    pub filter_text: Option<String>,
    /// The editor sorts by this instead of the label when set.
    pub sort_text: Option<String>,
    pub deprecated: bool,
    /// The best match: selected first.
    pub preselect: bool,
}

impl CompletionItem {
    pub(super) fn new(
        label: impl Into<String>,
        kind: CompletionKind,
        replace: Range<usize>,
    ) -> Self {
        let label = label.into();
        CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            format: InsertFormat::Plain,
            replace,
            filter_text: None,
            sort_text: Some(String::new()),
            deprecated: false,
            preselect: false,
        }
    }

    /// A name found in the workspace (an agent after `@` in the body): inserted as it is, in
    /// the order given, with the client's defaults.
    pub fn name(
        label: impl Into<String>,
        kind: CompletionKind,
        detail: String,
        documentation: Option<String>,
        replace: Range<usize>,
    ) -> Self {
        CompletionItem {
            detail: Some(detail),
            documentation,
            format: InsertFormat::Unstated,
            sort_text: None,
            ..CompletionItem::new(label, kind, replace)
        }
    }

    /// `insert_text` is an LSP snippet.
    pub fn is_snippet(&self) -> bool {
        self.format == InsertFormat::Snippet
    }
}

/// Escape text for use inside a snippet.
pub(super) fn snippet_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape text for a snippet choice (`${1|a,b|}`).
pub(super) fn choice_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\' | ',' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn sort(group: u8, index: usize, label: &str) -> String {
    format!("{group}{index:04}{label}")
}

/// Whether a plain scalar would be read as something else by YAML.
pub(super) fn needs_quotes(s: &str, flow: bool) -> bool {
    let first = s.chars().next();
    matches!(
        first,
        Some(
            '*' | '&'
                | '!'
                | '@'
                | '`'
                | '%'
                | '|'
                | '>'
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '"'
                | '\''
                | ','
        )
    ) || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || (flow && s.contains([',', '[', ']', '{', '}']))
}
