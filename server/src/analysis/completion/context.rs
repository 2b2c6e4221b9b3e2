//! Where completion happens: the document, its dialect's schema and what the workspace knows,
//! with the place of the cursor ([`cursor::locate`]) computed once by [`super::complete`]; and
//! whether a trigger character makes sense at that place.

use crate::analysis::cursor::{Place, Shape};
use crate::analysis::{Env, FileContext};
use crate::schema::spec::DialectSchema;
use crate::syntax::Document;

/// What every provider reads.
pub(super) struct CompletionContext<'a> {
    pub(super) doc: &'a Document,
    pub(super) file: &'a FileContext,
    pub(super) env: Env<'a>,
    pub(super) schema: &'static DialectSchema,
}

pub(super) fn trigger_fits(
    place: &Place,
    trigger: Option<char>,
    doc: &Document,
    offset: usize,
) -> bool {
    let Some(t) = trigger else {
        return true;
    };
    let buf = doc.text();
    let before = buf.slice(offset.saturating_sub(8)..offset);
    let mut back = before.chars().rev();
    let last = back.next();
    match (t, place) {
        (_, Place::Body | Place::Nothing) => false,
        ('-', Place::NewFile { .. }) => true,
        (_, Place::NewFile { .. }) => false,
        ('-', Place::Key { token, .. }) => token.typed.trim_end_matches('-').len() > 1,
        (_, Place::Key { .. }) => false,
        (':', Place::Value(v)) => v.glued || v.token.typed.is_empty() && last == Some(':'),
        (',', Place::Value(v)) => {
            v.token.typed.is_empty()
                || v.specifier
                    .as_ref()
                    .is_some_and(|s| s.token.typed.is_empty())
        }
        ('-', Place::Value(v)) => {
            (v.shape == Shape::BlockItem && v.token.typed.is_empty()) || v.token.typed.len() > 1
        }
        (' ', Place::Value(v)) => {
            // Right after `key: `, `, `, `- `, `[ ` or `( `.
            let prev = back.next();
            last == Some(' ')
                && matches!(prev, Some(':' | ',' | '-' | '[' | '('))
                && (v.token.typed.is_empty()
                    || v.specifier
                        .as_ref()
                        .is_some_and(|s| s.token.typed.is_empty()))
        }
        ('(', Place::Value(v)) => v.specifier.is_some(),
        ('"' | '\'', Place::Value(v)) => v.quote.is_some() && v.token.typed.is_empty(),
        _ => false,
    }
}
