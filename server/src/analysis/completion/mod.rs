//! Completion in the frontmatter: keys not yet present, values of enum fields, tool names in
//! every way a tool list is written, models, agents, skills, the values other files use, and a
//! header snippet for a new file. Plain data with byte ranges; the LSP layer converts it.
//!
//! Layout: `context.rs` (where the cursor is, computed once), one provider per kind of item
//! (`keys.rs`, `values.rs`, `models.rs`, `tools.rs`, `agents.rs`, `skills.rs`), `item.rs`
//! (the one item type) and `filter.rs` (the long lists narrowed to the typed word, and each
//! item's filter text).

mod agents;
mod context;
mod filter;
mod item;
mod keys;
mod models;
mod skills;
mod tools;
mod values;

use std::collections::BTreeSet;

pub use context::{CompletionMode, body_context};
pub use filter::{loose_chars, match_rank};
pub use item::{CompletionItem, CompletionKind, InsertFormat};

use crate::analysis::cursor::{self, Place};
use crate::analysis::{Env, FileContext};
use crate::schema::spec;
use crate::syntax::Document;
use context::{CompletionContext, trigger_fits};

/// The completion items at byte `offset` of `doc`. `trigger` is the character that opened the
/// list, when a trigger character did: items come only where that character makes sense (a
/// space after `tools: Read,` yes, a space in the body no).
pub fn complete(
    doc: &Document,
    file: &FileContext,
    env: Env<'_>,
    offset: usize,
    trigger: Option<char>,
) -> Vec<CompletionItem> {
    let place = cursor::locate(doc, offset);
    if !trigger_fits(&place, trigger, doc, offset) {
        return Vec::new();
    }
    let cx = CompletionContext {
        doc,
        file,
        env,
        schema: spec::schema(file.dialect),
    };
    let mut items = match place {
        Place::NewFile { replace } => cx.header(replace),
        Place::Key {
            path,
            token,
            has_colon,
            present,
        } => cx.keys(&path, token.range, has_colon, &present),
        Place::Value(v) => cx.values(&v),
        Place::Body | Place::Nothing => Vec::new(),
    };
    // One item per label (a tool named in two sources, say): the first wins.
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    filter::narrow(doc.text(), offset, &mut items);
    items
}

#[cfg(test)]
mod narrow_tests;
#[cfg(test)]
mod tests;
