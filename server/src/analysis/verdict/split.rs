//! The Agent Skills reference validator (skills-ref, pinned by `tests/conformance/agent-skills`)
//! cuts the text at every `---`, wherever it is: a `---` inside the frontmatter (in a value or a
//! comment) ends the frontmatter there, and what follows is read as the body.

use super::{Diagnostic, FileContext, Severity, codes};
use crate::schema::Dialect;
use crate::syntax::Document;

/// A `---` inside the frontmatter that skills-ref takes for the closing fence.
pub(super) fn dashes_inside(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) {
    if file.dialect != Dialect::AgentSkill {
        return;
    }
    let Some(fm) = doc.scan().frontmatter() else {
        return;
    };
    let content = doc.text().slice(fm.content.clone());
    let Some(at) = content.find("---") else {
        return;
    };
    let start = fm.content.start + at;
    out.push(Diagnostic::new(
        codes::FRONTMATTER_CUT,
        Severity::Warning,
        start..start + 3,
        "The Agent Skills reference validator (skills-ref) ends the frontmatter at the first `---` anywhere, so it stops reading here and takes the rest for the body. Write something else than three dashes (`—`, or `- - -`).",
    ));
}
