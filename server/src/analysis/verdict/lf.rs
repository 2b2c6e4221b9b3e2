//! The verdict for loaders whose pattern wants `\n` line breaks (`block = "lf-fences"`, Auggie
//! CLI): where the line scanner finds a closed block but the loader's pattern finds none, the
//! loader reads none of the frontmatter, and says nothing.

use super::{Diagnostic, FileContext, Fix, codes, consequence, severity_for_unreadable};
use crate::loader::fences::{self, NoBlock};
use crate::schema::spec::{BlockRule, schema};
use crate::syntax::Document;

/// Whether the loader finds no block where the scanner does (the diagnostic is pushed).
pub(super) fn check(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> bool {
    if schema(file.dialect).block != BlockRule::LfFences {
        return false;
    }
    let closed = doc
        .scan()
        .frontmatter()
        .is_some_and(|fm| fm.close.is_some());
    let text = doc.text().slice(0..doc.text().len());
    let Err(why) = fences::find_lf(&text) else {
        return false;
    };
    if !closed {
        return false;
    }
    let lead = consequence(file);
    let first_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let severity = severity_for_unreadable(file);
    let d = match why {
        NoBlock::Bom => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            severity,
            0..first_end,
            format!("{lead}: a byte-order mark (BOM) comes before the `---`, so it finds no frontmatter. Save the file as UTF-8 without a BOM."),
        )
        .with_fix(Fix::replace("Remove the byte-order mark", 0..'\u{feff}'.len_utf8(), "").preferred().safe()),
        NoBlock::OpenNotAlone | NoBlock::NoOpen => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            severity,
            0..first_end,
            format!("{lead}: it finds the frontmatter only with `\\n` line breaks, and this file breaks lines with `\\r` alone. Save it with `\\n` (or `\\r\\n`) line ends."),
        ),
        NoBlock::NoClose if doc.scan().frontmatter().is_some_and(|fm| fm.content.is_empty()) => {
            Diagnostic::new(
                codes::FRONTMATTER_UNTERMINATED,
                severity,
                0..first_end,
                format!("{lead}: it finds a frontmatter only with a line between the two `---` lines, and this one is empty. Add `name:` and `description:` lines."),
            )
        }
        NoBlock::NoClose => {
            let end = text.len();
            let d = Diagnostic::new(
                codes::FRONTMATTER_UNTERMINATED,
                severity,
                doc.scan().frontmatter().and_then(|fm| fm.close.clone()).unwrap_or(0..first_end),
                format!("{lead}: the closing `---` must be followed by a line break. End the line."),
            );
            if text.ends_with("---") {
                d.with_fix(Fix::replace("Add a line break after `---`", end..end, "\n").preferred().safe())
            } else {
                d
            }
        }
    };
    out.push(d);
    true
}
