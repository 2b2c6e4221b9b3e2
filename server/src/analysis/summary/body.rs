//! The body's part of a summary: the lines that may hold references (CommonMark code blocks
//! excluded, `subagent_type` included) scanned for mentions, names and links.

use std::ops::Range;

use super::delegation::{self, cell_index};
use super::{FileSummary, Link, RefKind, Reference, Span};
use crate::syntax::Document;
use crate::text::Name;

/// Letters, digits, `-`, `_`, `:`, `.`, `/` and inner spaces, starting with a letter or digit:
/// what an agent or skill name can look like (`code-reviewer`, `plugin:agent`, `Code Reviewer`,
/// OpenCode's `review/security`).
pub fn is_name_like(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphanumeric())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | ' ' | '.' | '/'))
        && !s.ends_with(' ')
}

pub(super) fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Scan the body: line by line, code blocks skipped except for `subagent_type`.
pub(super) fn body_refs(
    doc: &Document,
    out: &mut FileSummary,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let buf = doc.text();
    let start = doc.scan().body_start().min(buf.len());
    body_lines(doc, start..buf.len(), doc.code_blocks().all(), out, span);
}

/// Scan the whole lines of the body in `region` (it starts at a line start), given the code
/// blocks that overlap it, appending their references and links to `out` in order.
pub(crate) fn body_lines(
    doc: &Document,
    region: Range<usize>,
    blocks: &[Range<usize>],
    out: &mut FileSummary,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let text = doc.text().slice(region.clone());
    scan_lines(&text, region.start, blocks, out, span, false);
}

/// [`body_lines`] over `text` (the body from byte `start`); with `explicit_only`, only what
/// can hold an explicit reference or a Markdown link is scanned (see [`explicit_lines`]), and
/// nothing else is recorded.
pub(super) fn scan_lines(
    text: &str,
    start: usize,
    blocks: &[Range<usize>],
    out: &mut FileSummary,
    span: &dyn Fn(Range<usize>) -> Span,
    explicit_only: bool,
) {
    let bytes = text.as_bytes();
    let has_key = memchr::memmem::find(bytes, SUBAGENT_TYPE.as_bytes()).is_some();
    let mut block = 0;
    let mut mask = Vec::new();
    let mut tables = delegation::Tables::default();
    let mut line = |line_start: usize, line_end: usize, out: &mut FileSummary| {
        let line = &text[line_start..line_end];
        let abs = start + line_start;
        while block < blocks.len() && blocks[block].end <= abs {
            block += 1;
        }
        let in_code = blocks.get(block).is_some_and(|b| b.start <= abs);
        mask.clear();
        mask.resize(line.len(), false);
        let mut scanner = LineScanner {
            line,
            base: abs,
            mask: &mut mask,
            out,
            span,
            explicit_only,
            table_col: None,
        };
        if !in_code && line.trim_start().starts_with('|') && line.contains('@') {
            scanner.table_col = tables.column(text, line_start);
        }
        if has_key {
            scanner.subagent_types();
        }
        if !in_code {
            scanner.prose();
        }
    };
    if explicit_only {
        let mut done = 0;
        for at in explicit_lines(bytes) {
            if at < done {
                continue;
            }
            let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            line(line_start, line_end, out);
            done = line_end + 1;
        }
        return;
    }
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i);
        line(line_start, line_end, out);
        line_start = line_end + 1;
    }
}

/// The agents a description names, scanned in `text` (the value's source, from byte `start`)
/// as prose is: `@name`, backticked and bold names, bare kebab-case words bounded by
/// characters that cannot be part of a name. All of them candidates of kind
/// [`RefKind::Description`]; paths and links are not recorded.
pub(super) fn description_refs(
    text: &str,
    start: usize,
    span: &dyn Fn(Range<usize>) -> Span,
) -> Vec<Reference> {
    let mut scratch = FileSummary::empty(crate::schema::Dialect::ClaudeAgent, true);
    let mut mask = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        mask.clear();
        mask.resize(line.len(), false);
        LineScanner {
            line,
            base: start + line_start,
            mask: &mut mask,
            out: &mut scratch,
            span,
            explicit_only: false,
            table_col: None,
        }
        .prose();
        line_start = line_end + 1;
    }
    scratch
        .refs
        .into_iter()
        .map(|r| Reference {
            kind: RefKind::Description,
            in_frontmatter: true,
            ..r
        })
        .collect()
}

pub(super) const SUBAGENT_TYPE: &str = "subagent_type";

/// Offsets, in order, of every `@`, `](` and `subagent_type` in `bytes`: a line without any
/// holds no explicit reference (mentions start with `@`, Markdown links hold `](`) and no
/// Markdown link, so [`summarize_explicit`] scans only the lines holding one.
pub(super) fn explicit_lines(bytes: &[u8]) -> Vec<usize> {
    let mut hits: Vec<usize> = memchr::memchr2_iter(b'@', b']', bytes)
        .filter(|&i| bytes[i] == b'@' || bytes.get(i + 1) == Some(&b'('))
        .collect();
    let before = hits.len();
    hits.extend(memchr::memmem::find_iter(bytes, SUBAGENT_TYPE.as_bytes()));
    if hits.len() > before {
        hits.sort_unstable();
    }
    hits
}

pub(super) struct LineScanner<'a, 'o> {
    line: &'a str,
    base: usize,
    /// Bytes already claimed by a reference, a link, a URL or inline code.
    mask: &'a mut Vec<bool>,
    out: &'o mut FileSummary,
    span: &'a dyn Fn(Range<usize>) -> Span,
    /// Record only explicit references and Markdown links.
    explicit_only: bool,
    /// On a table row: the cell ([`cell_index`]) of the table's delegation column.
    table_col: Option<usize>,
}

impl LineScanner<'_, '_> {
    fn claim(&mut self, r: Range<usize>) {
        for m in &mut self.mask[r] {
            *m = true;
        }
    }

    fn free(&self, r: Range<usize>) -> bool {
        !self.mask[r].iter().any(|m| *m)
    }

    fn push(&mut self, kind: RefKind, r: Range<usize>) {
        if self.explicit_only && !kind.is_explicit() {
            return;
        }
        let name = Name::new(&self.line[r.clone()]);
        let span = (self.span)(self.base + r.start..self.base + r.end);
        self.out.refs.push(Reference {
            kind,
            name,
            span,
            in_frontmatter: false,
            lead: 0,
            delegation: false,
        });
    }

    /// The mention written from `at` (its `@`), naming `r`.
    fn push_mention(&mut self, at: usize, r: Range<usize>) {
        let delegation = self.table_col == Some(cell_index(&self.line[..at]))
            || delegation::after_cue(&self.line[..at]);
        self.push(RefKind::Mention, r.clone());
        if let Some(m) = self.out.refs.last_mut() {
            m.lead = u8::try_from(r.start - at).unwrap_or(u8::MAX);
            m.delegation = delegation;
        }
    }

    /// `subagent_type: "x"`, `subagent_type="x"`, `"subagent_type": "x"`, `subagent_type: x`.
    fn subagent_types(&mut self) {
        const KEY: &str = SUBAGENT_TYPE;
        let bytes = self.line.as_bytes();
        let mut from = 0;
        while let Some(i) = self.line[from..].find(KEY) {
            let at = from + i;
            from = at + KEY.len();
            if at > 0 && is_word_char(bytes[at - 1]) {
                continue;
            }
            let mut p = at + KEY.len();
            if matches!(bytes.get(p), Some(b'"' | b'\'')) {
                p += 1;
            }
            while matches!(bytes.get(p), Some(b' ' | b'\t')) {
                p += 1;
            }
            if !matches!(bytes.get(p), Some(b':' | b'=')) {
                continue;
            }
            p += 1;
            while matches!(bytes.get(p), Some(b' ' | b'\t')) {
                p += 1;
            }
            let (vs, ve) = match bytes.get(p) {
                Some(&q @ (b'"' | b'\'')) => {
                    let Some(close) = self.line[p + 1..].find(q as char) else {
                        continue;
                    };
                    (p + 1, p + 1 + close)
                }
                Some(_) => {
                    let end = self.line[p..]
                        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':')))
                        .map_or(self.line.len(), |e| p + e);
                    (p, end)
                }
                None => continue,
            };
            let value = &self.line[vs..ve];
            if !is_name_like(value) || value.contains('/') || value.contains('.') {
                continue;
            }
            self.push(RefKind::SubagentType, vs..ve);
            self.claim(at..ve);
            from = ve;
        }
    }

    fn prose(&mut self) {
        self.inline_code();
        self.links();
        self.urls();
        self.mentions();
        if self.explicit_only {
            // What follows records candidates and bare paths only.
            return;
        }
        self.bold();
        self.paths();
        self.words();
    }

    /// `` `name` `` is a candidate; any other inline code is masked.
    fn inline_code(&mut self) {
        let bytes = self.line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'`' {
                i += 1;
                continue;
            }
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            let open_end = i + run;
            // The closing run of the same length.
            let mut j = open_end;
            let mut close = None;
            while j < bytes.len() {
                if bytes[j] == b'`' {
                    let r = bytes[j..].iter().take_while(|b| **b == b'`').count();
                    if r == run {
                        close = Some(j);
                        break;
                    }
                    j += r;
                } else {
                    j += 1;
                }
            }
            let Some(close) = close else {
                // An unclosed run is literal text.
                i = open_end;
                continue;
            };
            let inner = &self.line[open_end..close];
            let lead = inner.len() - inner.trim_start().len();
            let t = inner.trim();
            let s = open_end + lead;
            if let Some(name) = t.strip_prefix('@') {
                let name = name.strip_prefix("agent-").unwrap_or(name);
                let ns = s + (t.len() - name.len());
                if is_ref_token(name) {
                    self.push(RefKind::Emphasis, ns..ns + name.len());
                }
            } else if is_ref_token(t) {
                self.push(RefKind::Emphasis, s..s + t.len());
            } else if is_md_path(t) {
                self.push_link(t, s..s + t.len(), false);
            }
            self.claim(i..close + run);
            i = close + run;
        }
    }

    fn push_link(&mut self, target: &str, r: Range<usize>, markdown: bool) {
        if self.explicit_only && !markdown {
            return;
        }
        let span = (self.span)(self.base + r.start..self.base + r.end);
        self.out.links.push(Link {
            target: target.to_string(),
            span,
            markdown,
        });
    }

    /// `[text](target)` and `![alt](target)`: relative targets become links; the target is
    /// masked either way.
    fn links(&mut self) {
        let mut from = 0;
        while let Some(i) = self.line[from..].find("](") {
            let open = from + i + 2;
            from = open;
            if !self.free(open - 2..open) {
                continue;
            }
            let rest = &self.line[open..];
            let (t_start, t_end) = if let Some(r) = rest.strip_prefix('<') {
                match r.find('>') {
                    Some(e) => (open + 1, open + 1 + e),
                    None => continue,
                }
            } else {
                let mut depth = 0i32;
                let mut end = rest.len();
                for (k, c) in rest.char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' if depth == 0 => {
                            end = k;
                            break;
                        }
                        ')' => depth -= 1,
                        ' ' | '\t' => {
                            end = k;
                            break;
                        }
                        _ => {}
                    }
                }
                (open, open + end)
            };
            let close = self.line[t_end..]
                .find(')')
                .map_or(t_end, |c| t_end + c + 1);
            let target = &self.line[t_start..t_end];
            if let Some(path) = relative_target(target) {
                let written = target.split(['#', '?']).next().unwrap_or("").len();
                self.push_link(&path, t_start..t_start + written, true);
            }
            self.claim(open..close.max(t_end));
            from = close.max(open);
        }
    }

    /// `scheme://...` up to whitespace.
    fn urls(&mut self) {
        let mut from = 0;
        while let Some(i) = self.line[from..].find("://") {
            let at = from + i;
            let start = self.line[..at]
                .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '+' && c != '-' && c != '.')
                .map_or(0, |s| s + 1);
            let end = self.line[at..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == ')')
                .map_or(self.line.len(), |e| at + e);
            self.claim(start..end);
            from = end.max(at + 3);
        }
    }

    /// `@name`, `@agent-name`, `@"name (agent)"`; never in e-mail addresses, npm scopes, paths
    /// or decorators.
    fn mentions(&mut self) {
        let bytes = self.line.as_bytes();
        for at in 0..bytes.len() {
            if bytes[at] != b'@' || self.mask[at] {
                continue;
            }
            if at > 0 {
                let prev = bytes[at - 1];
                if is_word_char(prev) || matches!(prev, b'.' | b'-' | b'/' | b'@' | b'\\') {
                    continue;
                }
            }
            // `@"code-reviewer (agent)"`, the form the @-mention picker inserts.
            if bytes.get(at + 1) == Some(&b'"') {
                let rest = &self.line[at + 2..];
                if let Some(close) = rest.find('"') {
                    let inner = &rest[..close];
                    let name = inner.strip_suffix(" (agent)").unwrap_or(inner);
                    if is_ref_token(name) {
                        let s = at + 2;
                        self.push_mention(at, s..s + name.len());
                        self.claim(at..s + close + 1);
                    }
                }
                continue;
            }
            let start = at + 1;
            let len = self.line[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')))
                .unwrap_or(self.line.len() - start);
            let mut end = start + len;
            // A trailing `:` or `-` is punctuation ("ask @planner: ...").
            while end > start && matches!(bytes[end - 1], b':' | b'-' | b'_') {
                end -= 1;
            }
            if end == start || !bytes[start].is_ascii_alphabetic() {
                continue;
            }
            // Decorators and paths: `@app.route`, `@retry(3)`, `@types/node`, `@Override`.
            match bytes.get(end) {
                Some(b'(' | b'/' | b'[' | b'{' | b'@' | b'$') => continue,
                Some(b'.') if bytes.get(end + 1).is_some_and(|b| is_word_char(*b)) => continue,
                _ => {}
            }
            if bytes[start].is_ascii_uppercase()
                && self.line[start..end].contains(|c: char| c.is_ascii_lowercase())
                && !self.line[start..end].contains('-')
            {
                // `@Override`, `@Component`: Java/TypeScript annotations.
                continue;
            }
            let mut s = start;
            if let Some(rest) = self.line[start..end].strip_prefix("agent-")
                && !rest.is_empty()
            {
                s = start + "agent-".len();
            }
            self.push_mention(at, s..end);
            self.claim(at..end);
        }
    }

    /// `**name**` and `__name__`.
    fn bold(&mut self) {
        for delim in ["**", "__"] {
            let mut from = 0;
            while let Some(i) = self.line[from..].find(delim) {
                let open = from + i + 2;
                let Some(j) = self.line[open..].find(delim) else {
                    break;
                };
                let close = open + j;
                let inner = &self.line[open..close];
                if is_ref_token(inner) && self.free(open..close) {
                    self.push(RefKind::Emphasis, open..close);
                    self.claim(open..close);
                }
                from = close + 2;
            }
        }
    }

    /// Paths to Markdown files written in the text (`.claude/skills/x/SKILL.md`).
    fn paths(&mut self) {
        let bytes = self.line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let is_path_char =
                |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-' | b'_' | b'~');
            if !is_path_char(bytes[i]) || self.mask[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_path_char(bytes[i]) && !self.mask[i] {
                i += 1;
            }
            let mut end = i;
            while end > start && bytes[end - 1] == b'.' {
                end -= 1;
            }
            let token = &self.line[start..end];
            if is_md_path(token) {
                self.push_link(token, start..end, false);
                self.claim(start..end);
            }
        }
    }

    /// Bare kebab-case words (`system-architect`): candidates.
    fn words(&mut self) {
        let bytes = self.line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !(b.is_ascii_lowercase() || b.is_ascii_digit()) || self.mask[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit() || bytes[i] == b'-')
                && !self.mask[i]
            {
                i += 1;
            }
            let mut end = i;
            while end > start && bytes[end - 1] == b'-' {
                end -= 1;
            }
            let prev_ok = start == 0 || {
                let p = bytes[start - 1];
                !(is_word_char(p) || matches!(p, b'-' | b'/' | b'.' | b'@' | b'#' | b'$' | b'\\'))
            };
            let next_ok = match bytes.get(i) {
                None => true,
                Some(&n) => {
                    let file_dot = n == b'.' && bytes.get(i + 1).is_some_and(|c| is_word_char(*c));
                    !(is_word_char(n) || matches!(n, b'/' | b'\\' | b'(') || file_dot)
                }
            };
            let word = &self.line[start..end];
            if prev_ok
                && next_ok
                && word.contains('-')
                && !word.starts_with(|c: char| c.is_ascii_digit())
            {
                self.push(RefKind::Word, start..end);
            }
        }
    }
}

/// A backticked or bold text that may name an agent: one token of name characters, with a
/// letter, and with no spaces (`code-reviewer`, `Explore`, `plugin:agent`).
pub(super) fn is_ref_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        && !s.ends_with(':')
}

/// A path to a Markdown file: has a `/` and ends in `.md`.
pub(super) fn is_md_path(s: &str) -> bool {
    s.contains('/')
        && s.len() > 3
        && s.to_ascii_lowercase().ends_with(".md")
        && !s.contains("://")
        && !s.contains("//")
}

/// The path of a relative link target (without `#fragment` and `?query`, `%20` decoded), or
/// `None` for URLs, absolute paths, anchors and templates.
pub(super) fn relative_target(target: &str) -> Option<String> {
    let t = target.trim();
    if t.is_empty()
        || t.starts_with('#')
        || t.starts_with('/')
        || t.starts_with('~')
        || t.contains("://")
        || t.contains(['{', '}', '$', '<', '>', '`'])
    {
        return None;
    }
    // `mailto:`, `data:`, `vscode:`... (a Windows drive letter is no relative path either).
    if let Some((scheme, _)) = t.split_once(':')
        && !scheme.contains('/')
    {
        return None;
    }
    let path = t.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    Some(path.replace("%20", " "))
}
