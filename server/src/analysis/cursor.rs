//! What is under the cursor in a document's frontmatter: a key being typed, the value of a key
//! (a scalar, an entry of a comma-separated string, an item of a block or flow list, a value
//! nested under a list item), or the body.
//!
//! This works from the raw lines around the cursor rather than from the YAML tree, because it
//! has to work while the user is typing (`tools: Read, Gr`, `model: `, `  - `, a lone `mo`) and
//! while the YAML is broken anywhere else in the file. Structure is recovered from indentation:
//! the keys and list items above the cursor line that enclose it.

use std::ops::Range;

use crate::syntax::Document;

/// One step of the path from the top-level mapping to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    /// The value of this key.
    Key(String),
    /// An item of a block list.
    Item,
}

/// A word or entry under the cursor, in document byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Token {
    /// The whole token (inside quotes, without surrounding spaces).
    pub(crate) range: Range<usize>,
    /// The token's text.
    pub(crate) text: String,
    /// The part of the token before the cursor.
    pub(crate) typed: String,
}

/// How the value under the cursor is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A scalar after `key:`; [`ValueAt::token`] is its comma-separated entry under the cursor.
    Scalar,
    /// An item of a block list (`- x`).
    BlockItem,
    /// An item of a flow list (`[a, b]`).
    FlowItem,
    /// Inside a `|` / `>` block scalar: free text.
    BlockScalar,
}

/// Another entry of the same list or comma-separated string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sibling {
    /// Decoded text, trimmed.
    pub(crate) text: String,
    pub(crate) quote: Option<char>,
}

/// The cursor is inside the parentheses of `Tool(...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpecifierAt {
    /// The tool name before `(`.
    pub(crate) tool: String,
    /// The comma-separated part inside the parentheses under the cursor.
    pub(crate) token: Token,
    /// The other parts inside the parentheses.
    pub(crate) others: Vec<String>,
}

/// The cursor is in a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValueAt {
    /// The keys (and list items) enclosing the value, from the top: `[Key("model")]`,
    /// `[Key("tools")]` for an item of the `tools` list, `[Key("handoffs"), Item, Key("agent")]`.
    pub(crate) path: Vec<Seg>,
    pub(crate) shape: Shape,
    /// The entry under the cursor: a comma-separated entry of a scalar, or a list item.
    pub(crate) token: Token,
    /// The whole scalar or item under the cursor (for a scalar without commas, the same as
    /// `token`).
    pub(crate) whole: Token,
    /// The quote the entry is written in, if any.
    pub(crate) quote: Option<char>,
    /// Whether that quote is closed after the cursor.
    pub(crate) quote_closed: bool,
    /// The other entries of the same list or comma-separated string.
    pub(crate) siblings: Vec<Sibling>,
    pub(crate) specifier: Option<SpecifierAt>,
    /// The token is empty and directly follows `:`, `,` or `-`: an insertion needs a space first.
    pub(crate) glued: bool,
}

impl ValueAt {
    /// The key whose value this is (the last key of the path).
    pub(crate) fn key(&self) -> Option<&str> {
        last_key(&self.path)
    }

    /// The top-level key.
    pub(crate) fn top_key(&self) -> Option<&str> {
        first_key(&self.path)
    }

    /// Whether the value is an item of a list (block or flow).
    pub(crate) fn in_list(&self) -> bool {
        matches!(self.shape, Shape::BlockItem | Shape::FlowItem)
    }
}

pub(crate) fn last_key(path: &[Seg]) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Item => None,
    })
}

pub(crate) fn first_key(path: &[Seg]) -> Option<&str> {
    match path.first() {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    }
}

/// What is at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// At the start of a file without frontmatter (or with only an opening `---`): the first
    /// line is empty or holds only dashes. `replace` is that line's text.
    NewFile {
        replace: Range<usize>,
    },
    /// A key, being typed or complete. `path` holds what encloses the mapping the key is in
    /// (empty at the top level).
    Key {
        path: Vec<Seg>,
        token: Token,
        /// A `:` already follows the key on its line.
        has_colon: bool,
        /// The other keys of the same mapping.
        present: Vec<String>,
    },
    Value(ValueAt),
    /// In the Markdown body.
    Body,
    /// On a delimiter line, in a comment, or somewhere that makes no sense to complete.
    Nothing,
}

/// Where `offset` is in `doc`.
pub(crate) fn locate(doc: &Document, offset: usize) -> Place {
    let buf = doc.text();
    let offset = buf.floor_char_boundary(offset.min(buf.len()));
    let Some(fm) = doc.scan().frontmatter() else {
        return no_frontmatter(doc, offset);
    };
    if offset < fm.content.start || offset <= fm.open.end {
        // On the opening line: a lone `---` still waiting for its content is a new header.
        let blank = buf.slice(fm.content.clone()).trim().is_empty();
        if offset <= fm.open.end + 1 && fm.close.is_none() && blank {
            let line_end = buf.line_content_end(0);
            return Place::NewFile {
                replace: 0..line_end,
            };
        }
        return Place::Nothing;
    }
    let mut end = fm.content.end;
    if offset >= end {
        match &fm.close {
            Some(_) if offset < fm.body_start => return Place::Nothing,
            Some(_) => return Place::Body,
            None => {
                // Unterminated: the YAML runs to the first blank line. The cursor on that very
                // line is still typing frontmatter.
                if buf.slice(end..offset).contains('\n') {
                    return Place::Body;
                }
                let line = buf.rope().byte_to_line(offset);
                end = buf.line_content_end(line).max(offset);
            }
        }
    }
    let base = fm.content.start;
    let text = buf.slice(base..end);
    let fm_text = FmText::new(&text, base);
    fm_text.place(offset - base, doc)
}

fn no_frontmatter(doc: &Document, offset: usize) -> Place {
    let buf = doc.text();
    let line0_end = buf.line_content_end(0);
    if offset > line0_end {
        return Place::Body;
    }
    let line = buf.slice(0..line0_end);
    let line = line.trim_start_matches('\u{feff}');
    let dashes = line.trim_end();
    if dashes.len() <= 3 && dashes.chars().all(|c| c == '-') {
        return Place::NewFile {
            replace: line0_end - line.len()..line0_end,
        };
    }
    Place::Body
}

/// The frontmatter text split into lines.
struct FmText<'a> {
    text: &'a str,
    base: usize,
    /// Start of each line (relative).
    starts: Vec<usize>,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn is_dash_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ") || content.starts_with("-\t")
}

/// Whether `before` (the start of a line up to the cursor) ends inside a comment.
fn in_comment(before: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in before.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '#' && (prev == ' ' || prev == '\t') {
                    return true;
                }
                if (c == '"' || c == '\'') && matches!(prev, ' ' | '\t' | '[' | ',' | '{' | ':') {
                    quote = Some(c);
                }
            }
        }
        prev = c;
    }
    false
}

/// A mapping key at the start of `content`: the key, its range within `content` (inside quotes)
/// and the index of its `:`.
fn key_of(content: &str) -> Option<(String, Range<usize>, usize)> {
    let first = content.chars().next()?;
    if first == '"' || first == '\'' {
        let close = content[1..].find(first)? + 1;
        let rest = &content[close + 1..];
        let colon = close + 1 + rest.len() - rest.trim_start().len();
        let after = &content[colon..];
        if after.starts_with(':') && after[1..].chars().next().is_none_or(char::is_whitespace) {
            return Some((content[1..close].to_string(), 1..close, colon));
        }
        return None;
    }
    if matches!(
        first,
        '[' | '{' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' | ',' | ']' | '}'
    ) || is_dash_item(content)
    {
        return None;
    }
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t') => {
                let key = content[..i].trim_end();
                if key.is_empty() || key.contains(" #") || (key.contains('(') && !key.contains(')'))
                {
                    return None;
                }
                return Some((key.to_string(), 0..key.len(), i));
            }
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Strip a trailing comment (` # ...` outside quotes) from a line.
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '#' && (prev == ' ' || prev == '\t') {
                    return line[..i].trim_end();
                }
                if (c == '"' || c == '\'') && matches!(prev, ' ' | '\t' | '[' | ',' | '{' | ':') {
                    quote = Some(c);
                }
            }
        }
        prev = c;
    }
    line.trim_end()
}

/// Decode a short quoted or plain entry.
fn unquote(s: &str) -> (String, Option<char>) {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let inner = inner.strip_suffix(q).unwrap_or(inner);
            let text = if q == '\'' {
                inner.replace("''", "'")
            } else {
                inner.replace("\\\"", "\"")
            };
            return (text, Some(q));
        }
    }
    (s.to_string(), None)
}

impl<'a> FmText<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        FmText { text, base, starts }
    }

    fn line_count(&self) -> usize {
        self.starts.len()
    }

    fn line_of(&self, rel: usize) -> usize {
        match self.starts.binary_search(&rel) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    fn line(&self, i: usize) -> &'a str {
        let start = self.starts[i];
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |n| n.saturating_sub(1));
        let l = &self.text[start..end.max(start)];
        l.strip_suffix('\r').unwrap_or(l)
    }

    fn skip(line: &str) -> bool {
        let t = line.trim_start();
        t.is_empty() || t.starts_with('#')
    }

    fn token(&self, rel: Range<usize>, cursor_rel: usize) -> Token {
        let text = &self.text[rel.clone()];
        let typed_end = cursor_rel.clamp(rel.start, rel.end);
        Token {
            range: self.base + rel.start..self.base + rel.end,
            text: text.to_string(),
            typed: self.text[rel.start..typed_end].to_string(),
        }
    }

    fn place(&self, rel: usize, doc: &Document) -> Place {
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
    fn top_key_line(&self, li: usize) -> Option<usize> {
        (0..=li)
            .rev()
            .find(|&i| {
                let l = self.line(i);
                indent_of(l) == 0 && !Self::skip(l) && !l.starts_with('-')
            })
            .filter(|&i| key_of(self.line(i)).is_some())
    }

    /// Whether line `li` (indented by `ind`) is the content of a block scalar (`key: |`).
    fn in_block_scalar(&self, li: usize, ind: usize) -> bool {
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
    fn partial_key(&self, path: Vec<Seg>, li: usize, rel: usize, doc: &Document) -> Place {
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
    fn top_keys(&self, except: usize, doc: &Document) -> Vec<String> {
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
    fn item_keys(&self, li: usize, col: usize, except: usize) -> Vec<String> {
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
    fn parents(&self, li: usize, ind: usize, dash_line: bool) -> Vec<Seg> {
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

    /// A scalar value starting at column `from` of line `li`.
    fn scalar(&self, path: Vec<Seg>, li: usize, from: usize, rel: usize) -> Place {
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
    fn block_item(
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
    fn flow(&self, key: String, open: usize, rel: usize) -> Place {
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
fn opens_block(after_colon: &str) -> bool {
    let v = strip_comment(after_colon).trim();
    v.is_empty() || v.starts_with(['&', '!', '|', '>'])
}

/// Where the text of a value written at column `at` starts and ends, inside quotes:
/// `(quote, inner start, inner end, closing quote found)`.
fn quoted_span(value: &str, at: usize) -> (Option<char>, usize, usize, bool) {
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
fn split_entries(s: &str, at: usize, parens: bool) -> (Vec<(Range<usize>, ())>, usize) {
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
fn specifier_at(token: &Token, line_base: usize, line: &str, cursor: usize) -> Option<SpecifierAt> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A document and the cursor offset marked by `$0`.
    pub(crate) fn fixture(text: &str) -> (Document, usize) {
        let at = text.find("$0").expect("fixture has a $0 cursor marker");
        let doc = Document::new(&text.replace("$0", ""));
        (doc, at)
    }

    fn at(text: &str) -> Place {
        let (doc, offset) = fixture(text);
        locate(&doc, offset)
    }

    fn value(text: &str) -> ValueAt {
        match at(text) {
            Place::Value(v) => v,
            other => panic!("expected a value, got {other:?}"),
        }
    }

    fn key(path: &[&str]) -> Vec<Seg> {
        path.iter()
            .map(|k| {
                if *k == "-" {
                    Seg::Item
                } else {
                    Seg::Key((*k).to_string())
                }
            })
            .collect()
    }

    #[test]
    fn partial_top_level_key() {
        let p = at("---\nname: a\nmo$0\n---\nbody\n");
        let Place::Key {
            path,
            token,
            has_colon,
            present,
        } = p
        else {
            panic!("{p:?}")
        };
        assert!(path.is_empty());
        assert_eq!(token.text, "mo");
        assert_eq!(token.typed, "mo");
        assert_eq!(token.range, 12..14);
        assert!(!has_colon);
        assert_eq!(present, ["name"]);
    }

    #[test]
    fn key_under_cursor_with_colon() {
        let p = at("---\nmo$0del: sonnet\n---\n");
        let Place::Key {
            token, has_colon, ..
        } = p
        else {
            panic!("{p:?}")
        };
        assert_eq!(token.text, "model");
        assert_eq!(token.typed, "mo");
        assert!(has_colon);
    }

    #[test]
    fn empty_line_is_a_key_position() {
        let p = at("---\nname: a\n$0\ndescription: b\n---\n");
        let Place::Key { token, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(token.text, "");
        assert_eq!(present, ["name", "description"]);
    }

    #[test]
    fn scalar_values() {
        let v = value("---\nmodel: $0\n---\n");
        assert_eq!(v.path, key(&["model"]));
        assert_eq!(v.shape, Shape::Scalar);
        assert_eq!(v.token.text, "");
        assert!(!v.glued);
        let v = value("---\nmodel:$0\n---\n");
        assert!(v.glued);
        let v = value("---\nmodel: so$0n\n---\n");
        assert_eq!(v.token.text, "son");
        assert_eq!(v.token.typed, "so");
        assert_eq!(v.whole.text, "son");
        let v = value("---\ncolor: \"bl$0\"\n---\n");
        assert_eq!(v.quote, Some('"'));
        assert!(v.quote_closed);
        assert_eq!(v.token.text, "bl");
    }

    #[test]
    fn comment_is_nothing() {
        assert_eq!(at("---\nmodel: opus # the big$0\n---\n"), Place::Nothing);
        assert_eq!(at("---\n# a comm$0\n---\n"), Place::Nothing);
    }

    #[test]
    fn comma_entries() {
        let v = value("---\nname: a\ntools: Read, Gr$0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.token.text, "Gr");
        assert_eq!(v.whole.text, "Read, Gr");
        assert_eq!(
            v.siblings
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            ["Read"]
        );
        let v = value("---\ntools: Read, $0, Glob\n---\n");
        assert_eq!(v.token.text, "");
        assert_eq!(v.siblings.len(), 2);
        let v = value("---\ntools: Read,$0\n---\n");
        assert!(v.glued);
        let v = value("---\ntools: Bash(git add:*, git commit:*), Gr$0ep\n---\n");
        assert_eq!(v.token.text, "Grep");
        assert_eq!(v.siblings[0].text, "Bash(git add:*, git commit:*)");
        let v = value("---\ntools: \"Read, We$0\"\n---\n");
        assert_eq!(v.token.text, "We");
        assert_eq!(v.quote, Some('"'));
    }

    #[test]
    fn specifier() {
        let v = value("---\ntools: Read, Agent(rev$0\n---\n");
        let s = v.specifier.unwrap();
        assert_eq!(s.tool, "Agent");
        assert_eq!(s.token.text, "rev");
        let v = value("---\ntools: Agent(a, $0)\n---\n");
        let s = v.specifier.unwrap();
        assert_eq!(s.token.text, "");
        assert_eq!(s.others, ["a"]);
        let v = value("---\ntools: Agent(a)$0\n---\n");
        assert!(v.specifier.is_none());
    }

    #[test]
    fn block_list_items() {
        let v = value("---\ntools:\n  - Read\n  - $0\n  - Glob\nmodel: x\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.shape, Shape::BlockItem);
        assert_eq!(v.token.text, "");
        assert_eq!(
            v.siblings
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            ["Read", "Glob"]
        );
        let v = value("---\ntools:\n  -$0\n---\n");
        assert!(v.glued);
        // An indentless sequence.
        let v = value("---\ntools:\n- 'Read'\n- Gr$0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.token.text, "Gr");
        assert_eq!(v.siblings[0].quote, Some('\''));
        let v = value("---\ntools:\n  - \"ed$0\"\n---\n");
        assert_eq!(v.quote, Some('"'));
        assert!(v.quote_closed);
        assert_eq!(v.token.text, "ed");
    }

    #[test]
    fn flow_lists() {
        let v = value("---\ntools: ['edit', 'se$0']\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.shape, Shape::FlowItem);
        assert_eq!(v.token.text, "se");
        assert_eq!(v.quote, Some('\''));
        assert!(v.quote_closed);
        assert_eq!(v.siblings[0].text, "edit");
        let v = value("---\ntools: [edit, $0]\n---\n");
        assert_eq!(v.token.text, "");
        let v = value("---\ntools: [$0]\n---\n");
        assert_eq!(v.token.text, "");
        assert!(v.siblings.is_empty());
        let v = value("---\ntools: [\n  'edit',\n  'se$0\nmodel: x\n---\n");
        assert_eq!(v.token.text, "se");
        assert!(!v.quote_closed);
        assert_eq!(at("---\ntools: [a, b] $0\n---\n"), Place::Nothing);
    }

    #[test]
    fn nested_values_and_keys() {
        let text = "---\nhandoffs:\n  - label: Go\n    agent: pl$0\n    prompt: x\n---\n";
        let v = value(text);
        assert_eq!(v.path, key(&["handoffs", "-", "agent"]));
        assert_eq!(v.token.text, "pl");
        let v = value("---\nhandoffs:\n  - agent: $0\n---\n");
        assert_eq!(v.path, key(&["handoffs", "-", "agent"]));
        let p = at("---\nhandoffs:\n  - label: Go\n    $0\n---\n");
        let Place::Key { path, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(path, key(&["handoffs", "-"]));
        assert_eq!(present, ["label"]);
        let p = at("---\npermission:\n  edit: ask\n  ba$0\n---\n");
        let Place::Key { path, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(path, key(&["permission"]));
        assert_eq!(present, ["edit"]);
        let v = value("---\npermission:\n  bash:\n    \"git *\": $0\n---\n");
        assert_eq!(v.path, key(&["permission", "bash", "git *"]));
    }

    #[test]
    fn nothing_nests_under_a_scalar() {
        assert_eq!(at("---\ntools: Read\n-$0\n---\n"), Place::Nothing);
        assert_eq!(
            at("---\ndescription: Use\n  this $0\n---\n"),
            Place::Nothing
        );
        let v = value("---\ntools: # the list\n  - $0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
    }

    #[test]
    fn block_scalars_are_free_text() {
        assert_eq!(
            at("---\ndescription: |\n  Use this $0\nmodel: x\n---\n"),
            Place::Nothing
        );
        let v = value("---\ndescription: >-$0\n---\n");
        assert_eq!(v.shape, Shape::BlockScalar);
    }

    #[test]
    fn body_and_delimiters() {
        assert_eq!(at("---\nname: a\n---\nbo$0dy\n"), Place::Body);
        assert_eq!(at("---\nname: a\n--$0-\nbody\n"), Place::Nothing);
        assert_eq!(at("# Title$0\n"), Place::Body);
        assert_eq!(at("$0"), Place::NewFile { replace: 0..0 });
        assert_eq!(at("--$0\n"), Place::NewFile { replace: 0..2 });
        assert_eq!(at("---$0"), Place::NewFile { replace: 0..3 });
    }

    #[test]
    fn unterminated_and_broken() {
        let v = value("---\nname: a\nmodel: $0");
        assert_eq!(v.path, key(&["model"]));
        let v = value("---\nname: a\ntools: Read, $0\n\n# Body\n");
        assert_eq!(v.path, key(&["tools"]));
        // Broken YAML elsewhere in the file.
        let v = value(
            "---\nname: a\ndescription: Use when: the user asks\n  bad: [\ntools: Read, Gr$0\nmodel: x\n---\n",
        );
        assert_eq!(v.token.text, "Gr");
        let p = at("---\nname: [\nmo$0\n---\n");
        assert!(matches!(p, Place::Key { .. }), "{p:?}");
    }
}
