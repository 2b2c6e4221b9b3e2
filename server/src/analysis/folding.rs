//! Folding ranges of one document: the frontmatter block, the body's sections (from the same
//! heading tree as the outline, `symbols.rs`) and `<example>…</example>` blocks, in the
//! frontmatter's description or in the body. Byte ranges: each starts on the fold's first
//! line and ends on its last line.

use std::ops::Range;

use super::symbols::{self, Symbol, SymbolKind};
use crate::syntax::Document;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Frontmatter,
    Section,
    Example,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    pub kind: FoldKind,
    pub range: Range<usize>,
}

/// Every fold of `doc`, in document order.
pub fn folding_ranges(doc: &Document) -> Vec<Fold> {
    let mut out = Vec::new();
    for s in symbols::document_symbols(doc) {
        match s.kind {
            SymbolKind::Frontmatter => out.push(Fold {
                kind: FoldKind::Frontmatter,
                range: s.range.clone(),
            }),
            _ => sections(&s, &mut out),
        }
    }
    examples(&doc.text().to_string_lossless(), &mut out);
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out
}

fn sections(s: &Symbol, out: &mut Vec<Fold>) {
    if s.kind != SymbolKind::Heading {
        return;
    }
    out.push(Fold {
        kind: FoldKind::Section,
        range: s.range.clone(),
    });
    for c in &s.children {
        sections(c, out);
    }
}

/// `<example>` … `</example>` pairs (nested ones too), matched like brackets.
fn examples(text: &str, out: &mut Vec<Fold>) {
    const OPEN: &str = "<example>";
    const CLOSE: &str = "</example>";
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('<') {
        let at = i + found;
        let rest = &text[at..];
        if rest.starts_with(OPEN) {
            open.push(at);
            i = at + OPEN.len();
        } else if rest.starts_with(CLOSE) {
            if let Some(start) = open.pop() {
                out.push(Fold {
                    kind: FoldKind::Example,
                    range: start..at + CLOSE.len(),
                });
            }
            i = at + CLOSE.len();
        } else {
            i = at + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds(text: &str) -> Vec<(FoldKind, String)> {
        let doc = Document::new(text);
        folding_ranges(&doc)
            .into_iter()
            .map(|f| (f.kind, text[f.range].to_string()))
            .collect()
    }

    #[test]
    fn frontmatter_sections_and_examples() {
        let text = "---\nname: a\ndescription: Use it.\\n<example>\\nuser: hi\\n</example>\n---\n# Title\n\nText\n\n## One\n\n<example>\nx\n</example>\n";
        let got = folds(text);
        let kinds: Vec<FoldKind> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            kinds,
            [
                FoldKind::Frontmatter,
                FoldKind::Example,
                FoldKind::Section,
                FoldKind::Section,
                FoldKind::Example
            ]
        );
        assert!(got[0].1.starts_with("---\n") && got[0].1.ends_with("</example>\n---"));
        assert_eq!(got[3].1, "## One\n\n<example>\nx\n</example>");
        assert_eq!(got[4].1, "<example>\nx\n</example>");
    }

    #[test]
    fn unclosed_example_does_not_fold() {
        assert!(folds("body\n<example>\nx\n").is_empty());
    }
}
