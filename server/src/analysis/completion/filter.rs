//! Narrowing on the server: clients that do not filter (Neovim's `vim.lsp.completion`) show
//! what the server returns, so the long lists (keys, tools, models, agents, skills) keep only
//! the items matching the word typed so far, prefixes first, then subsequences. Every item
//! also gets the `filterText` a filtering client compares with the text of its edit range.

use super::item::{CompletionItem, CompletionKind};
use crate::text::TextBuffer;

/// How well `label` matches what was `typed`, both compared loosely (case and `-`, `_`, `:`,
/// spaces ignored; `typed` is already loose): 0 for a prefix, 1 for a subsequence starting at
/// the start of a word of `label` (after a separator, `/`, `.` or a lowercase letter followed
/// by a capital: `se` finds `githubTextSearch`, not `vscode`); `None` when it does not match.
/// No allocation.
pub fn match_rank(typed: &[char], label: &str) -> Option<u8> {
    let Some((first, rest)) = typed.split_first() else {
        return Some(0);
    };
    let is_sep = |c: char| matches!(c, '-' | '_' | ':' | ' ');
    // (lowercased char, whether a word starts there), separators left out.
    let mut prev: Option<char> = None;
    let mut chars = label.chars().filter_map(move |c| {
        let start = match prev {
            None => true,
            Some(p) => {
                is_sep(p) || matches!(p, '/' | '.') || (p.is_lowercase() && c.is_uppercase())
            }
        };
        prev = Some(c);
        (!is_sep(c)).then(|| (c.to_lowercase().next().unwrap_or(c), start))
    });
    // The first typed char: at the label's start (a prefix so far) or at a later word start.
    let mut prefix = true;
    loop {
        match chars.next() {
            Some((c, start)) if c == *first && (prefix || start) => break,
            Some(_) => prefix = false,
            None => return None,
        }
    }
    for t in rest {
        loop {
            match chars.next() {
                Some((c, _)) if c == *t => break,
                Some(_) => prefix = false,
                None => return None,
            }
        }
    }
    Some(if prefix { 0 } else { 1 })
}

/// `s` as [`match_rank`] compares it.
pub fn loose_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | ':' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the server narrows items of this kind (short lists, such as booleans and the
/// members of a small enum, are left whole).
fn narrowed(kind: CompletionKind) -> bool {
    matches!(
        kind,
        CompletionKind::Key
            | CompletionKind::Tool
            | CompletionKind::Model
            | CompletionKind::Agent
            | CompletionKind::BuiltinAgent
            | CompletionKind::Skill
    )
}

/// Set each item's `filter_text` to what a client compares with the text between the start of
/// its edit range and the cursor (an opening quote or a space the range starts with, then the
/// label), and keep, of the narrowed kinds, only the items matching the typed word: prefixes
/// ranked before subsequences through `sort_text`. Items whose range does not hold the cursor
/// (the new-file header) are left as they are.
pub(super) fn narrow(buf: &TextBuffer, offset: usize, items: &mut Vec<CompletionItem>) {
    // Items share a few ranges: slice the text once per distinct range start.
    let mut last: Option<(usize, String, Vec<char>)> = None;
    items.retain_mut(|item| {
        let r = &item.replace;
        if !(r.start <= offset && offset <= r.end) {
            return true;
        }
        if last.as_ref().is_none_or(|(s, _, _)| *s != r.start) {
            let raw = buf.slice(r.start..offset);
            let word = raw.trim_start_matches(['"', '\'', ' ']);
            let lead = raw[..raw.len() - word.len()].to_string();
            last = Some((r.start, lead, loose_chars(word)));
        }
        let Some((_, lead, typed)) = last.as_ref() else {
            return true;
        };
        let label = item
            .filter_text
            .take()
            .unwrap_or_else(|| item.label.clone());
        let rank = match_rank(typed, &label);
        item.filter_text = Some(format!("{lead}{label}"));
        if !narrowed(item.kind) || typed.is_empty() {
            return true;
        }
        let Some(rank) = rank else {
            return false;
        };
        let sort = item.sort_text.take().unwrap_or_default();
        item.sort_text = Some(format!("{rank}{sort}"));
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_before_subsequences() {
        let t = loose_chars("Web");
        assert_eq!(match_rank(&t, "WebFetch"), Some(0));
        assert_eq!(match_rank(&t, "web-search"), Some(0));
        assert_eq!(match_rank(&t, "NotebookEdit"), None);
        assert_eq!(match_rank(&loose_chars("wf"), "WebFetch"), Some(1));
        assert_eq!(match_rank(&loose_chars("fe"), "WebFetch"), Some(1));
        assert_eq!(match_rank(&loose_chars("se"), "vscode/runCommand"), None);
        assert_eq!(match_rank(&loose_chars("se"), "githubTextSearch"), Some(1));
        assert_eq!(match_rank(&loose_chars("re"), "code-reader"), Some(1));
        assert_eq!(match_rank(&loose_chars("re"), "writer"), None);
        assert_eq!(
            match_rank(&loose_chars("mcp__gi"), "mcp__github__*"),
            Some(0)
        );
        assert_eq!(match_rank(&[], "Read"), Some(0));
    }
}
