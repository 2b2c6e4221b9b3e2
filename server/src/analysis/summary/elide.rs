//! Closed files keep their candidate names without their places.
//!
//! Backticked, bold and bare names and names in a description ([`RefKind::is_explicit`] false)
//! are most of what a file mentions, about twenty a file, and count only when they resolve.
//! A closed file keeps each distinct (name, kind) once with the first line it is on: enough to
//! tell whether the file names an agent and to draw the team; the places themselves are found
//! again from the file when a request needs them (references, rename, calls).

use std::collections::HashSet;

use super::{FileSummary, LineCol, RefKind, Reference, Span};
use crate::text::Name;

/// A candidate name of a closed file: its first line, not its places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: Name,
    pub kind: RefKind,
    /// The first line (0-based) on which the name is written with this kind.
    pub line: u32,
}

impl Candidate {
    /// A reference standing for the candidate: its span is the start of its first line (what
    /// resolving it and drawing an edge read), never a place to edit.
    pub fn as_reference(&self) -> Reference {
        let at = LineCol::new(self.line, 0);
        Reference {
            kind: self.kind,
            name: self.name.clone(),
            span: Span::from_parts(0..0, at, at),
            in_frontmatter: self.kind == RefKind::Description,
            lead: 0,
            delegation: false,
        }
    }
}

impl FileSummary {
    /// Move the candidates out of `refs` into [`FileSummary::elided`], once each by (name,
    /// kind), in the order of their first place. Does nothing if they were elided already.
    pub fn elide_candidates(&mut self) {
        if self.elided.is_some() {
            return;
        }
        // A long closed file can write thousands of candidates: a set, not a scan per name.
        let mut seen: HashSet<(&Name, RefKind)> = HashSet::new();
        let mut out: Vec<Candidate> = Vec::new();
        for r in self.refs.iter().filter(|r| !r.kind.is_explicit()) {
            if seen.insert((&r.name, r.kind)) {
                out.push(Candidate {
                    name: r.name.clone(),
                    kind: r.kind,
                    line: r.span.start.line,
                });
            }
        }
        self.refs.retain(|r| r.kind.is_explicit());
        self.refs.shrink_to_fit();
        self.elided = Some(out.into_boxed_slice());
    }

    /// The candidates were elided: the places of the names are not all in `refs`.
    pub fn is_elided(&self) -> bool {
        self.elided.is_some()
    }

    /// Every name the file writes (explicit references and candidates, elided or not), with
    /// its kind.
    pub fn names(&self) -> impl Iterator<Item = (&Name, RefKind)> {
        let elided = self.elided.as_deref().unwrap_or_default();
        self.refs
            .iter()
            .map(|r| (&r.name, r.kind))
            .chain(elided.iter().map(|c| (&c.name, c.kind)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FileContext;
    use crate::schema::Dialect;
    use crate::syntax::Document;
    use crate::text::PositionEncoding;
    use std::path::Path;

    fn summary(text: &str) -> FileSummary {
        let doc = Document::new(text);
        let file =
            FileContext::from_path(Path::new("/p/.claude/agents/a.md"), Dialect::ClaudeAgent);
        super::super::summarize(&doc, &file, PositionEncoding::Utf16)
    }

    #[test]
    fn candidates_are_kept_once_with_their_first_line_and_explicit_references_whole() {
        let text = "---\nname: a\ndescription: Use after backend-dev finishes\n---\n\
                    Ask `code-reviewer`.\nThen @planner-bot, then code-reviewer and **code-reviewer**.\n\
                    Later `code-reviewer` again.\n";
        let full = summary(text);
        let mut s = full.clone();
        s.elide_candidates();
        assert!(s.is_elided());
        assert_eq!(
            s.refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["planner-bot"],
            "explicit references keep their places"
        );
        let kept: Vec<(&str, RefKind, u32)> = s
            .elided
            .as_deref()
            .unwrap()
            .iter()
            .map(|c| (c.name.as_str(), c.kind, c.line))
            .collect();
        assert_eq!(
            kept,
            [
                ("backend-dev", RefKind::Description, 2),
                ("code-reviewer", RefKind::Emphasis, 4),
                ("code-reviewer", RefKind::Word, 5),
            ]
        );
        let mut names: Vec<(String, RefKind)> = full
            .refs
            .iter()
            .map(|r| (r.name.to_string(), r.kind))
            .collect();
        let order = |a: &(String, RefKind), b: &(String, RefKind)| {
            (&a.0, format!("{:?}", a.1)).cmp(&(&b.0, format!("{:?}", b.1)))
        };
        names.sort_by(order);
        names.dedup();
        let mut after: Vec<(String, RefKind)> =
            s.names().map(|(n, k)| (n.to_string(), k)).collect();
        after.sort_by(order);
        assert_eq!(after, names, "every name is still there");
        let again = s.clone();
        s.elide_candidates();
        assert_eq!(s, again, "eliding twice changes nothing");
    }
}
