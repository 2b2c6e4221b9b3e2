//! The value under the cursor: a scalar, an entry of a comma-separated string, an item of a
//! block or flow list, and the specifier inside `Tool(...)`.

use std::ops::Range;

use super::lines::{FmText, indent_of, is_dash_item, key_of, strip_comment, unquote};
use super::{Place, Seg, Shape, Sibling, SpecifierAt, Token, ValueAt};

impl FmText<'_> {
    /// A scalar value starting at column `from` of line `li`.
    pub(super) fn scalar(&self, path: Vec<Seg>, li: usize, from: usize, rel: usize) -> Place {
        let line_start = self.starts[li];
        let line = self.line(li);
        let raw = &line[from.min(line.len())..];
        let lead = raw.len() - raw.trim_start().len();
        let vstart = from + lead;
        let value = strip_comment(&line[vstart.min(line.len())..]);
        if value.starts_with('|') || value.starts_with('>') {
            let t = self.token(rel..rel, rel);
            return Place::Value(ValueAt {
                path,
                shape: Shape::BlockScalar,
                token: t.clone(),
                whole: t,
                quote: None,
                quote_closed: false,
                siblings: Vec::new(),
                specifier: None,
                glued: false,
            });
        }
        let (quote, inner_start, inner_end, closed) = quoted_span(value, vstart);
        let col = (rel - line_start).min(line.len());
        if col < inner_start && quote.is_some() && col > vstart {
            return Place::Nothing;
        }
        if closed && col > inner_end {
            return Place::Nothing;
        }
        let (inner_start, inner_end) = if col < vstart {
            (col, col)
        } else {
            (inner_start, inner_end.max(inner_start))
        };
        let inner = &line[inner_start..inner_end];
        let whole = self.token(
            line_start + inner_start + (inner.len() - inner.trim_start().len())
                ..line_start + inner_start + inner.trim_end().len(),
            rel,
        );
        let whole = if whole.range.start > whole.range.end {
            self.token(rel..rel, rel)
        } else {
            whole
        };
        let (entries, current) = split_entries(inner, col.saturating_sub(inner_start), true);
        let (erange, _) = entries[current].clone();
        let token = self.token(
            line_start + inner_start + erange.start..line_start + inner_start + erange.end,
            rel,
        );
        let siblings = entries
            .iter()
            .enumerate()
            .filter(|(i, (r, _))| *i != current && !r.is_empty())
            .map(|(_, (r, _))| Sibling {
                text: inner[r.clone()].to_string(),
                quote: None,
            })
            .collect();
        let specifier = specifier_at(&token, self.base + line_start, line, self.base + rel);
        let prev = line[..col].chars().next_back();
        Place::Value(ValueAt {
            path,
            shape: Shape::Scalar,
            glued: token.text.is_empty() && quote.is_none() && matches!(prev, Some(':' | ',')),
            token,
            whole,
            quote,
            quote_closed: closed,
            siblings,
            specifier,
        })
    }

    /// A block list item on line `li` with its dash at `dash`.
    pub(super) fn block_item(
        &self,
        parents: Vec<Seg>,
        li: usize,
        dash: usize,
        after_dash: usize,
        rel: usize,
    ) -> Place {
        let line_start = self.starts[li];
        let line = self.line(li);
        let col = (rel - line_start).min(line.len());
        let raw = &line[after_dash..];
        let vstart = after_dash + (raw.len() - raw.trim_start().len());
        let value = strip_comment(&line[vstart..]);
        let (quote, inner_start, inner_end, closed) = quoted_span(value, vstart);
        if closed && col > inner_end {
            return Place::Nothing;
        }
        let (s, e) = if col < vstart {
            (col, col)
        } else {
            (inner_start, inner_end.max(inner_start))
        };
        let inner = &line[s..e];
        let tstart = s + (inner.len() - inner.trim_start().len());
        let tend = (s + inner.trim_end().len()).max(tstart);
        let token = self.token(line_start + tstart..line_start + tend, rel);
        let specifier = specifier_at(&token, self.base + line_start, line, self.base + rel);
        // Sibling items: dash lines at the same column, up and down, until the list ends.
        let mut siblings = Vec::new();
        let mut visit = |i: usize| -> bool {
            let l = self.line(i);
            if Self::skip(l) {
                return true;
            }
            let ind = indent_of(l);
            if ind > dash {
                return true;
            }
            if ind < dash || !is_dash_item(&l[ind..]) {
                return false;
            }
            let item = strip_comment(l[ind + 1..].trim());
            if key_of(item).is_none() && !item.is_empty() {
                let (text, quote) = unquote(item);
                siblings.push(Sibling { text, quote });
            }
            true
        };
        for i in (0..li).rev() {
            if !visit(i) {
                break;
            }
        }
        for i in li + 1..self.line_count() {
            if !visit(i) {
                break;
            }
        }
        let prev = line[..col].chars().next_back();
        Place::Value(ValueAt {
            path: parents,
            shape: Shape::BlockItem,
            glued: token.text.is_empty() && quote.is_none() && prev == Some('-'),
            whole: token.clone(),
            token,
            quote,
            quote_closed: closed,
            siblings,
            specifier,
        })
    }

    /// Inside a flow collection opened at `open` (relative) as the value of top-level `key`.
    // Long: one scan of a flow collection that may span lines and be unterminated, tracking nesting,
    // quotes and the entry under the cursor together.
    pub(super) fn flow(&self, key: String, open: usize, rel: usize) -> Place {
        if self.text[open..].starts_with('{') {
            return Place::Nothing;
        }
        // Scan the whole collection: items, and where the cursor is.
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut items: Vec<Range<usize>> = Vec::new();
        let mut item_start = open + 1;
        let mut end = self.text.len();
        let mut i = open;
        let mut in_comment = false;
        while i < bytes.len() {
            let b = bytes[i];
            if in_comment {
                if b == b'\n' {
                    in_comment = false;
                }
                i += 1;
                continue;
            }
            match quote {
                Some(_) if b == b'\n' => {
                    // A quote left open while typing ends with its line.
                    quote = None;
                }
                Some(q) => {
                    if b == q {
                        if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        quote = None;
                    } else if b == b'\\' && q == b'"' {
                        i += 2;
                        continue;
                    }
                }
                None => match b {
                    b'"' | b'\'' => quote = Some(b),
                    b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                        if rel > i && !self.text[i..rel].contains('\n') {
                            return Place::Nothing;
                        }
                        in_comment = true;
                    }
                    b'[' | b'{' => {
                        depth += 1;
                        if depth > 1 && i >= rel {
                            // nested collections: not handled
                        }
                    }
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            items.push(item_start..i);
                            end = i;
                            break;
                        }
                    }
                    b',' if depth == 1 => {
                        items.push(item_start..i);
                        item_start = i + 1;
                    }
                    b'\n' if depth == 0 => break,
                    _ => {}
                },
            }
            // A new top-level key ends an unclosed list.
            if b == b'\n' && depth > 0 {
                let next = &self.text[i + 1..];
                let next_line = next.split('\n').next().unwrap_or("");
                if indent_of(next_line) == 0
                    && !next_line.trim().is_empty()
                    && key_of(next_line).is_some()
                    && quote.is_none()
                {
                    items.push(item_start..i);
                    end = i;
                    break;
                }
            }
            i += 1;
        }
        if i >= bytes.len()
            && (items.is_empty() || items.last().is_some_and(|r| r.end < item_start))
        {
            items.push(item_start..bytes.len());
            end = bytes.len();
        }
        if rel > end || rel <= open {
            return Place::Nothing;
        }
        let Some(cur) = items.iter().position(|r| r.start <= rel && rel <= r.end) else {
            return Place::Nothing;
        };
        let r = items[cur].clone();
        let raw = &self.text[r.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let item_text = raw.trim();
        let (q, inner_start, inner_end, closed) = quoted_span(item_text, r.start + lead);
        if closed && rel > inner_end {
            return Place::Nothing;
        }
        let (s, e) = if rel < r.start + lead {
            (rel, rel)
        } else {
            (inner_start, inner_end.max(inner_start))
        };
        let inner = &self.text[s..e];
        let tstart = s + (inner.len() - inner.trim_start().len());
        let tend = (s + inner.trim_end().len()).max(tstart);
        let token = self.token(tstart..tend, rel);
        let li = self.line_of(rel);
        let line_start = self.starts[li];
        let line = self.line(li);
        let specifier = if tstart >= line_start {
            specifier_at(&token, self.base + line_start, line, self.base + rel)
        } else {
            None
        };
        let siblings = items
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != cur)
            .filter_map(|(_, r)| {
                let t = self.text[r.clone()].trim();
                (!t.is_empty()).then(|| {
                    let (text, quote) = unquote(t);
                    Sibling { text, quote }
                })
            })
            .collect();
        let prev = self.text[..rel].chars().next_back();
        Place::Value(ValueAt {
            path: vec![Seg::Key(key)],
            shape: Shape::FlowItem,
            glued: token.text.is_empty() && q.is_none() && prev == Some(','),
            whole: token.clone(),
            token,
            quote: q,
            quote_closed: closed,
            siblings,
            specifier,
        })
    }
}

/// Whether what follows a key's `:` leaves room for a nested block (nothing, a comment, an
/// anchor or tag, or a block scalar indicator).
pub(super) fn opens_block(after_colon: &str) -> bool {
    let v = strip_comment(after_colon).trim();
    v.is_empty() || v.starts_with(['&', '!', '|', '>'])
}

/// Where the text of a value written at column `at` starts and ends, inside quotes:
/// `(quote, inner start, inner end, closing quote found)`.
pub(super) fn quoted_span(value: &str, at: usize) -> (Option<char>, usize, usize, bool) {
    let first = value.chars().next();
    match first {
        Some(q @ ('"' | '\'')) => {
            let body = &value[1..];
            let mut close = None;
            let mut chars = body.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\\' && q == '"' {
                    chars.next();
                    continue;
                }
                if c == q {
                    if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                        continue;
                    }
                    close = Some(i);
                    break;
                }
            }
            match close {
                Some(c) => (Some(q), at + 1, at + 1 + c, true),
                None => (Some(q), at + 1, at + value.len(), false),
            }
        }
        _ => (None, at, at + value.len(), false),
    }
}

/// Split `s` at commas outside parentheses (when `parens`) into trimmed entry ranges; also say
/// which entry holds position `at`.
pub(super) fn split_entries(s: &str, at: usize, parens: bool) -> (Vec<(Range<usize>, ())>, usize) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut current = None;
    let push = |out: &mut Vec<(Range<usize>, ())>, r: Range<usize>| {
        let t = &s[r.clone()];
        let a = r.start + (t.len() - t.trim_start().len());
        let b = (r.start + t.trim_end().len()).max(a);
        out.push((a..b, ()));
    };
    for (i, c) in s.char_indices() {
        match c {
            '(' if parens => depth += 1,
            ')' if parens => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                if current.is_none() && at <= i {
                    current = Some(out.len());
                }
                push(&mut out, start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    if current.is_none() {
        current = Some(out.len());
    }
    push(&mut out, start..s.len());
    let current = current.unwrap_or(0).min(out.len() - 1);
    // An empty entry where the cursor sits after the separator's space: the token is at the cursor.
    (out, current)
}

/// Inside `Tool(...)`: which tool, and the part under the cursor. `token` is the entry,
/// `line_base` the document offset of its line.
pub(super) fn specifier_at(
    token: &Token,
    line_base: usize,
    line: &str,
    cursor: usize,
) -> Option<SpecifierAt> {
    let typed = &token.typed;
    let open = typed.find('(')?;
    let inside_typed = &typed[open + 1..];
    if inside_typed.contains(')') {
        return None;
    }
    let tool = typed[..open].trim().to_string();
    let open_abs = token.range.start + open + 1;
    let rel_open = open_abs.checked_sub(line_base)?;
    let rest = &line[rel_open.min(line.len())..];
    let close = rest.find(')').unwrap_or(rest.len());
    let inside = &rest[..close];
    let (parts, cur) = split_entries(inside, cursor.saturating_sub(open_abs), false);
    let (r, _) = parts[cur].clone();
    let typed_end = (cursor - open_abs).clamp(r.start, r.end);
    let token = Token {
        range: open_abs + r.start..open_abs + r.end,
        text: inside[r.clone()].to_string(),
        typed: inside[r.start..typed_end].to_string(),
    };
    let others = parts
        .iter()
        .enumerate()
        .filter(|(i, (r, _))| *i != cur && !r.is_empty())
        .map(|(_, (r, _))| inside[r.clone()].to_string())
        .collect();
    Some(SpecifierAt {
        tool,
        token,
        others,
    })
}
