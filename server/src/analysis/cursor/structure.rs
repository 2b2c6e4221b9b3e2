//! Where the cursor line sits in the structure: which keys and list items enclose it (from
//! indentation), whether it is a key being typed, and the keys already present around it.

use super::lines::{
    FmText, in_comment, indent_of, is_dash_item, is_key_char, key_of, strip_comment,
};
use super::values::opens_block;
use super::{Place, Seg};
use crate::syntax::Document;

impl FmText<'_> {
    // Long: one decision over what the cursor line is (comment, dash item, key, value after a
    // colon, continuation), each case reading the same line state; split, each part would need it
    // all passed along.
    pub(super) fn place(&self, rel: usize, doc: &Document) -> Place {
        let li = self.line_of(rel);
        let line_start = self.starts[li];
        let line = self.line(li);
        let col = (rel - line_start).min(line.len());
        let before = &line[..col];
        if in_comment(before) {
            return Place::Nothing;
        }
        let ind = indent_of(line);
        let content = &line[ind..];

        // A flow collection opened by a top-level key above (or on) this line and still open.
        if let Some(top) = self.top_key_line(li)
            && (top == li || ind > 0 || content.starts_with(']'))
            && let Some((_, _, colon)) = key_of(self.line(top))
        {
            let value_start = self.starts[top] + colon + 1;
            if value_start <= rel {
                let p = &self.text[value_start..rel];
                let trimmed = p.trim_start();
                if trimmed.starts_with('[') || trimmed.starts_with('{') {
                    let key = key_of(self.line(top)).map(|k| k.0).unwrap_or_default();
                    let open = value_start + (p.len() - trimmed.len());
                    return self.flow(key, open, rel);
                }
            }
        }

        if ind == 0 && !is_dash_item(content) && !content.starts_with('-') {
            // A top-level line.
            if let Some((key, krange, colon)) = key_of(line) {
                if col <= colon {
                    let token = self.token(line_start + krange.start..line_start + krange.end, rel);
                    return Place::Key {
                        path: Vec::new(),
                        token,
                        has_colon: true,
                        present: self.top_keys(li, doc),
                    };
                }
                return self.scalar(vec![Seg::Key(key)], li, colon + 1, rel);
            }
            return self.partial_key(Vec::new(), li, rel, doc);
        }
        if ind == 0 && !is_dash_item(content) {
            // `-` or `--` being typed at the top level: nothing sensible.
            if content.trim_end().chars().all(|c| c == '-') && content.len() > 1 {
                return Place::Nothing;
            }
        }
        if col < ind {
            return Place::Nothing;
        }
        if is_dash_item(content) || (content.starts_with('-') && content.trim_end() == "-") {
            let parents = self.parents(li, ind, true);
            if parents.is_empty() {
                return Place::Nothing;
            }
            let after_dash = ind + 1;
            if col < after_dash {
                return Place::Nothing;
            }
            let inner_rel =
                after_dash + (line[after_dash..].len() - line[after_dash..].trim_start().len());
            let inner = &line[inner_rel..];
            if let Some((key, krange, colon)) = key_of(inner) {
                let mut path = parents;
                path.push(Seg::Item);
                if col <= inner_rel + colon {
                    let token = self.token(
                        line_start + inner_rel + krange.start..line_start + inner_rel + krange.end,
                        rel,
                    );
                    let present = self.item_keys(li, inner_rel, li);
                    return Place::Key {
                        path,
                        token,
                        has_colon: true,
                        present,
                    };
                }
                path.push(Seg::Key(key));
                return self.scalar(path, li, inner_rel + colon + 1, rel);
            }
            return self.block_item(parents, li, ind, after_dash, rel);
        }
        // An indented line that is not a list item: a nested key, or a nested value.
        let parents = self.parents(li, ind, false);
        if parents.is_empty() {
            return Place::Nothing;
        }
        if self.in_block_scalar(li, ind) {
            return Place::Nothing;
        }
        if let Some((key, krange, colon)) = key_of(content) {
            if col <= ind + colon {
                let token = self.token(
                    line_start + ind + krange.start..line_start + ind + krange.end,
                    rel,
                );
                let present = self.item_keys(li, ind, li);
                return Place::Key {
                    path: parents,
                    token,
                    has_colon: true,
                    present,
                };
            }
            let mut path = parents;
            path.push(Seg::Key(key));
            return self.scalar(path, li, ind + colon + 1, rel);
        }
        let present = self.item_keys(li, ind, li);
        match self.partial_key(parents, li, rel, doc) {
            Place::Key {
                path,
                token,
                has_colon,
                ..
            } => Place::Key {
                path,
                token,
                has_colon,
                present,
            },
            other => other,
        }
    }

    /// The nearest line at or above `li` that holds a top-level key.
    pub(super) fn top_key_line(&self, li: usize) -> Option<usize> {
        (0..=li)
            .rev()
            .find(|&i| {
                let l = self.line(i);
                indent_of(l) == 0 && !Self::skip(l) && !l.starts_with('-')
            })
            .filter(|&i| key_of(self.line(i)).is_some())
    }

    /// Whether line `li` (indented by `ind`) is the content of a block scalar (`key: |`).
    pub(super) fn in_block_scalar(&self, li: usize, ind: usize) -> bool {
        for i in (0..li).rev() {
            let l = self.line(i);
            if Self::skip(l) {
                continue;
            }
            let li_ind = indent_of(l);
            if li_ind >= ind {
                continue;
            }
            let content = &l[li_ind..];
            let content = content.strip_prefix("- ").map_or(content, str::trim_start);
            if let Some((_, _, colon)) = key_of(content) {
                let v = strip_comment(&content[colon + 1..]).trim();
                return v.starts_with('|') || v.starts_with('>');
            }
            let v = content.trim();
            return v.starts_with('|') || v.starts_with('>');
        }
        false
    }

    /// A line with a word being typed where a key goes (no `:` yet).
    pub(super) fn partial_key(
        &self,
        path: Vec<Seg>,
        li: usize,
        rel: usize,
        doc: &Document,
    ) -> Place {
        let line_start = self.starts[li];
        let line = self.line(li);
        let col = (rel - line_start).min(line.len());
        let ind = indent_of(line);
        let before = &line[ind..col.max(ind)];
        if !before.chars().all(is_key_char) {
            return Place::Nothing;
        }
        let after = &line[col..];
        let word_end = col + after.find(|c: char| !is_key_char(c)).unwrap_or(after.len());
        let rest = line[word_end..].trim_start();
        let token = self.token(line_start + ind..line_start + word_end, rel);
        let present = if path.is_empty() {
            self.top_keys(li, doc)
        } else {
            Vec::new()
        };
        Place::Key {
            path,
            token,
            has_colon: rest.starts_with(':'),
            present,
        }
    }

    /// Keys present at the top level, except on line `except`.
    pub(super) fn top_keys(&self, except: usize, doc: &Document) -> Vec<String> {
        let mut out: Vec<String> = (0..self.line_count())
            .filter(|&i| i != except)
            .filter_map(|i| {
                let l = self.line(i);
                (indent_of(l) == 0)
                    .then(|| key_of(l))
                    .flatten()
                    .map(|k| k.0)
            })
            .collect();
        let except_range = self.base + self.starts[except]
            ..self.base
                + self
                    .starts
                    .get(except + 1)
                    .copied()
                    .unwrap_or(self.text.len());
        for e in &doc.yaml().entries {
            if !except_range.contains(&e.key_range.start) && !out.contains(&e.key) {
                out.push(e.key.clone());
            }
        }
        out
    }

    /// The keys of the mapping whose keys sit at column `col` around line `li` (a list item's
    /// keys, or a nested mapping's), except the one on line `except`.
    pub(super) fn item_keys(&self, li: usize, col: usize, except: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut take = |i: usize| -> bool {
            let l = self.line(i);
            if Self::skip(l) {
                return true;
            }
            let ind = indent_of(l);
            let content = &l[ind..];
            if is_dash_item(content) {
                let inner_at = ind + 1 + (l[ind + 1..].len() - l[ind + 1..].trim_start().len());
                if inner_at == col {
                    if i != except
                        && let Some((k, _, _)) = key_of(&l[inner_at..])
                    {
                        out.push(k);
                    }
                    return false; // the item starts here
                }
                return ind > col;
            }
            if ind < col {
                return false;
            }
            if ind == col
                && i != except
                && let Some((k, _, _)) = key_of(content)
            {
                out.push(k);
            }
            true
        };
        // Upwards (including the line itself when it starts the item), then downwards.
        let mut i = li;
        loop {
            if !take(i) || i == 0 {
                break;
            }
            i -= 1;
        }
        for i in li + 1..self.line_count() {
            let l = self.line(i);
            let ind = indent_of(l);
            if !Self::skip(l) && ind <= col && is_dash_item(&l[ind..]) {
                break;
            }
            if !take(i) {
                break;
            }
        }
        out
    }

    /// The keys and items enclosing line `li`, whose content starts at column `ind`.
    pub(super) fn parents(&self, li: usize, ind: usize, dash_line: bool) -> Vec<Seg> {
        let mut path = Vec::new();
        let mut cur = ind;
        let mut dash = dash_line;
        for i in (0..li).rev() {
            let l = self.line(i);
            if Self::skip(l) {
                continue;
            }
            let lind = indent_of(l);
            let content = &l[lind..];
            if is_dash_item(content) {
                if lind >= cur {
                    continue;
                }
                let inner_at = lind + 1 + (l[lind + 1..].len() - l[lind + 1..].trim_start().len());
                if inner_at < cur
                    && let Some((k, _, _)) = key_of(&l[inner_at..])
                {
                    path.push(Seg::Key(k));
                }
                path.push(Seg::Item);
                cur = lind;
                dash = true;
                continue;
            }
            let Some((k, _, colon)) = key_of(content) else {
                continue;
            };
            if lind < cur || (lind == cur && dash) {
                if !opens_block(&content[colon + 1..]) {
                    // `key: value` holds a scalar: nothing can nest under it.
                    return Vec::new();
                }
                path.push(Seg::Key(k));
                cur = lind;
                dash = false;
                if cur == 0 {
                    break;
                }
            }
        }
        if cur != 0 {
            return Vec::new();
        }
        path.reverse();
        path
    }
}
