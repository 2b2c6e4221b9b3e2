//! The verdict for loaders that normalise line breaks before matching their fences
//! (`block = "normalized-fences"`, Qwen Code): where their pattern finds no block, and a body
//! shorter than the dialect's `min_body_chars`.

use super::{Diagnostic, FileContext, Fix, Severity, codes, consequence};
use crate::loader::fences::{self, NoBlock};
use crate::schema::spec::{BlockRule, schema};
use crate::syntax::Document;

/// Whether the loader finds no block (the diagnostic is pushed); the body's length is checked
/// when it does.
pub(super) fn check(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> bool {
    let s = schema(file.dialect);
    if s.block != BlockRule::NormalizedFences {
        return false;
    }
    let text = doc.text().slice(0..doc.text().len());
    match fences::find_normalized(&text) {
        Ok(block) => {
            let body = block.body.map_or("", |at| &text[at..]);
            short_body(body, block.body.unwrap_or(text.len()), file, out);
            false
        }
        Err(why) => {
            out.push(no_block(doc, &text, file, why));
            true
        }
    }
}

fn short_body(body: &str, at: usize, file: &FileContext, out: &mut Vec<Diagnostic>) {
    let min = schema(file.dialect).min_body_chars;
    let len = body.trim().chars().count();
    if len >= min {
        return;
    }
    let what = if len == 0 {
        "has no body".to_string()
    } else {
        format!("has a body of {len} characters")
    };
    out.push(Diagnostic::new(
        codes::SHORT_BODY,
        Severity::Error,
        at..text_end(at, body),
        format!(
            "{}: the agent {what}, and its body is its system prompt, which must hold at least {min} characters. Write the agent's instructions below the frontmatter.",
            consequence(file)
        ),
    ));
}

fn text_end(at: usize, body: &str) -> usize {
    at + body.trim_end().len()
}

fn no_block(doc: &Document, text: &str, file: &FileContext, why: NoBlock) -> Diagnostic {
    let lead = consequence(file);
    let open = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text.find(['\n', '\r']).unwrap_or(text.len());
    match why {
        NoBlock::OpenNotAlone
            if text[open + 3..first_end].trim().is_empty() && first_end < text.len() =>
        {
            Diagnostic::new(
                codes::MISSING_FRONTMATTER,
                Severity::Error,
                open..first_end,
                format!("{lead}: the opening `---` must be alone on the first line, without trailing spaces. Remove them."),
            )
            .with_fix(Fix::replace("Remove the trailing spaces", open + 3..first_end, "").preferred().safe())
        }
        NoBlock::OpenNotAlone | NoBlock::NoOpen | NoBlock::Bom => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            Severity::Error,
            open..first_end,
            format!("{lead}: an agent file must start with a `---` line, then `name:` and `description:`, then a `---` line, then the agent's prompt."),
        ),
        NoBlock::NoClose if empty_block(doc) => Diagnostic::new(
            codes::FRONTMATTER_UNTERMINATED,
            Severity::Error,
            open..open + 3,
            format!("{lead}: the frontmatter is empty, and it finds a block only with at least one line between the `---` lines. Write `name:` and `description:` between them."),
        ),
        NoBlock::NoClose => {
            let mut d = Diagnostic::new(
                codes::FRONTMATTER_UNTERMINATED,
                Severity::Error,
                open..open + 3,
                format!("{lead}: no line after the opening one is exactly `---` followed by a line break, so it finds no frontmatter. End the frontmatter with a `---` line alone, then the agent's prompt on the next lines."),
            );
            if let Some(fix) = closing_fix(doc, text) {
                d = d.with_fix(fix);
            }
            d
        }
    }
}

/// Whether the scanner's closing `---` is the line right after the opening one.
fn empty_block(doc: &Document) -> bool {
    doc.scan()
        .frontmatter()
        .and_then(|f| f.close.clone())
        .is_some_and(|close| doc.text().slice(0..close.start).matches('\n').count() == 1)
}

/// The line the scanner closes the block with, made one the loader sees: trailing spaces
/// removed, a line break added at the end of the file.
fn closing_fix(doc: &Document, text: &str) -> Option<Fix> {
    let close = doc.scan().frontmatter()?.close.clone()?;
    let line_end = text[close.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| close.end + i);
    let rest = &text[close.end..line_end];
    // Nothing to remove: the line is not what keeps the loader from closing the block.
    if !rest.trim().is_empty() || rest.is_empty() && line_end < text.len() {
        return None;
    }
    let fix = if line_end == text.len() {
        Fix::replace("Add a line break after `---`", close.end..line_end, "\n")
    } else {
        Fix::replace("Remove the trailing spaces", close.end..line_end, "")
    };
    Some(fix.preferred().safe())
}
