use std::ops::Range;

/// How bad a finding is. The policy: `Error` means the tool will not load or cannot start the
/// file; `Warning` means it loads but something is probably wrong; `Information` and `Hint` are
/// for style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One text replacement, in byte offsets of the document it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A quick fix: a titled set of edits to the same document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The fix an editor should offer first (and `check --fix` may apply).
    pub preferred: bool,
    /// Safe to apply without a person looking (`check --fix`): it only changes how the file is
    /// written, never what it means beyond repairing the reported problem.
    pub safe: bool,
}

/// Another place that explains a diagnostic (the first of two duplicate keys, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
    /// Set when the place is in another file: then `range` means nothing and this says where.
    pub elsewhere: Option<Elsewhere>,
}

/// A place in another file, with editor positions (that file's text is not at hand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: std::path::PathBuf,
    pub start: crate::text::LineCol,
    pub end: crate::text::LineCol,
}

/// A finding about a document, in byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: Range<usize>,
    pub severity: Severity,
    /// A stable code, such as `yaml-syntax` (see [`super::codes`]).
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
    /// The range marks text that no longer has an effect (rendered faded by editors).
    pub unnecessary: bool,
    /// The range marks something deprecated (rendered struck through by editors).
    pub deprecated: bool,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            range,
            severity,
            code,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
            unnecessary: false,
            deprecated: false,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
            elsewhere: None,
        });
        self
    }

    /// Point at a place in another file.
    pub fn with_related_elsewhere(mut self, at: Elsewhere, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range: 0..0,
            message: message.into(),
            elsewhere: Some(at),
        });
        self
    }
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            edits,
            preferred: false,
            safe: false,
        }
    }

    pub fn replace(
        title: impl Into<String>,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Self {
        Fix::new(
            title,
            vec![Edit {
                range,
                new_text: new_text.into(),
            }],
        )
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    pub fn safe(mut self) -> Self {
        self.safe = true;
        self
    }
}
