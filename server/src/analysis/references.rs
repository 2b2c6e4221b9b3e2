//! What one file says about the others: its declared name and facts (description, model, tools),
//! and every place it names another agent or skill, or links to another file. The result is a
//! compact [`FileSummary`]: plain data with ranges, no text and no trees, so the workspace index
//! can keep one per file.
//!
//! Where references are looked for:
//! - frontmatter: Copilot `handoffs[].agent` and `agents:`, a skill's or command's `agent:`,
//!   `Agent(x)` / `Task(x)` rules in Claude tool lists, `skills:` entries;
//! - body: `@name`, `@agent-name`, `@"name (agent)"`, `subagent_type: "x"` / `subagent_type="x"`
//!   (also inside code blocks), backticked and bold names, bare kebab-case words, Markdown links
//!   and paths to `.md` files.
//!
//! Not inside fenced or indented code blocks (except `subagent_type`), not in e-mail addresses,
//! URLs, file paths or code decorators (`@Override`, `@app.route`, `@retry(...)`). Backticked,
//! bold and bare names are *candidates*: they count only when they resolve, which the index
//! decides.

use std::ops::Range;

use super::FileContext;
use super::tools;
use crate::schema::{Dialect, spec};
use crate::syntax::{Document, NodeKind, ScalarStyle, YamlNode};
use crate::text::{LineCol, PositionEncoding, TextBuffer};

/// A range with its editor positions, so a file's ranges can be reported without its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub start: LineCol,
    pub end: LineCol,
}

impl Span {
    pub fn new(buf: &TextBuffer, range: Range<usize>, enc: PositionEncoding) -> Span {
        Span {
            start: buf.position_at(range.start, enc),
            end: buf.position_at(range.end, enc),
            range,
        }
    }

    /// The start of the file.
    pub fn zero() -> Span {
        Span {
            range: 0..0,
            start: LineCol::default(),
            end: LineCol::default(),
        }
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.range.start <= offset && offset <= self.range.end
    }
}

/// How a reference is written. Explicit forms are reported when they resolve to nothing;
/// candidates ([`RefKind::is_explicit`] false) are references only when they resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `@name`, `@agent-name`, `@"name (agent)"`.
    Mention,
    /// `subagent_type: "x"`.
    SubagentType,
    /// Copilot `handoffs[].agent`.
    Handoff,
    /// Copilot `agents:` entry.
    AgentsList,
    /// A skill's or command's `agent:`.
    ForkAgent,
    /// `Agent(x)` / `Task(x)` in a tool list.
    ToolRule,
    /// A `skills:` entry (names a skill, not an agent).
    Skill,
    /// A backticked or bold name.
    Emphasis,
    /// A bare kebab-case word.
    Word,
}

impl RefKind {
    pub fn is_explicit(self) -> bool {
        !matches!(self, RefKind::Emphasis | RefKind::Word)
    }

    /// The reference names a skill rather than an agent.
    pub fn is_skill(self) -> bool {
        self == RefKind::Skill
    }

    /// Names match regardless of case and of `-`, `_`, `:` and spaces (Claude Code matches
    /// `subagent_type` like that: `"Code Reviewer"` finds `code-reviewer`).
    pub fn is_loose(self) -> bool {
        !matches!(self, RefKind::Word)
    }

    /// How the reference is described in messages.
    pub fn describe(self) -> &'static str {
        match self {
            RefKind::Mention => "mention",
            RefKind::SubagentType => "`subagent_type`",
            RefKind::Handoff => "handoff target",
            RefKind::AgentsList => "`agents` entry",
            RefKind::ForkAgent => "`agent`",
            RefKind::ToolRule => "tool rule",
            RefKind::Skill => "`skills` entry",
            RefKind::Emphasis | RefKind::Word => "reference",
        }
    }
}

/// One place that names an agent or a skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub kind: RefKind,
    /// The name as written (for `@agent-x`, `x`).
    pub name: String,
    /// The range of the name itself: what a rename replaces.
    pub span: Span,
    /// In the frontmatter (else in the body).
    pub in_frontmatter: bool,
}

/// A link to another file: a Markdown link, or a path written in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The path as written, without `#fragment` and with `%20` decoded.
    pub target: String,
    pub span: Span,
    /// `[text](target)` (else a bare path: a reference only when it resolves).
    pub markdown: bool,
}

/// The `name:` value of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameDecl {
    pub value: String,
    pub span: Span,
}

/// Everything the workspace needs to know about one file, without its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    pub dialect: Dialect,
    pub has_frontmatter: bool,
    pub name: Option<NameDecl>,
    pub description: Option<String>,
    pub model: Option<String>,
    /// The `color:` value as written (a palette name or `#rrggbb`), for pictures of the team.
    pub color: Option<String>,
    pub tools: Vec<String>,
    /// Top-level keys whose value is a list of strings (`capabilities:`), with the values.
    pub lists: Vec<(String, Vec<String>)>,
    pub refs: Vec<Reference>,
    pub links: Vec<Link>,
}

impl FileSummary {
    /// The reference or link under `offset`.
    pub fn at(&self, offset: usize) -> Option<Target<'_>> {
        if let Some(r) = self.refs.iter().find(|r| r.span.contains(offset)) {
            return Some(Target::Ref(r));
        }
        if let Some(l) = self.links.iter().find(|l| l.span.contains(offset)) {
            return Some(Target::Link(l));
        }
        None
    }

    /// `offset` is on the `name:` value.
    pub fn on_name(&self, offset: usize) -> bool {
        self.name.as_ref().is_some_and(|n| n.span.contains(offset))
    }
}

/// What sits under the cursor.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Ref(&'a Reference),
    Link(&'a Link),
}

/// Descriptions are kept up to this many bytes (hover and symbol details need no more).
const MAX_DESCRIPTION: usize = 2048;

/// Summarise a document. Positions are computed in `enc`.
pub fn summarize(doc: &Document, file: &FileContext, enc: PositionEncoding) -> FileSummary {
    let mut out = summarize_frontmatter(doc, file, enc);
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    body_refs(doc, &mut out, &span);
    out
}

/// [`summarize`] restricted to what cross-file diagnostics read: the frontmatter's facts, the
/// explicit references ([`RefKind::is_explicit`]) and the Markdown links; no candidates (bare
/// words, emphasis) and no bare paths. For `agentls check`, which never navigates.
///
/// The code blocks are asked for only when they can change the result. Code blocks
/// only decide whether a line's prose is scanned (per line: masks do not cross lines), and the
/// explicit results of the prose scan are mentions and Markdown links; `subagent_type` is found
/// in code blocks too. So the body is first scanned as if it had no code block: without a
/// mention or a Markdown link in that result, code blocks would only remove nothing, and the
/// result is final. Otherwise it is scanned again with the code blocks. A lazy [`Document`]
/// then never parses most bodies.
pub fn summarize_explicit(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
) -> FileSummary {
    let mut out = summarize_frontmatter(doc, file, enc);
    out.refs.retain(|r| r.kind.is_explicit());
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    let start = doc.scan().body_start().min(buf.len());
    let body = buf.slice(start..buf.len());
    let (refs, links) = (out.refs.len(), out.links.len());
    scan_lines(&body, start, &[], &mut out, &span, true);
    let from_prose =
        out.refs[refs..].iter().any(|r| r.kind == RefKind::Mention) || out.links.len() > links;
    if from_prose {
        out.refs.truncate(refs);
        out.links.truncate(links);
        scan_lines(&body, start, doc.code_blocks().all(), &mut out, &span, true);
    }
    out
}

/// [`summarize`] without the body: the frontmatter's facts and references (`links` empty).
pub(crate) fn summarize_frontmatter(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
) -> FileSummary {
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    let yaml = doc.yaml();
    let mut out = FileSummary {
        dialect: file.dialect,
        has_frontmatter: doc.scan().frontmatter().is_some(),
        name: None,
        description: None,
        model: None,
        color: None,
        tools: Vec::new(),
        lists: Vec::new(),
        refs: Vec::new(),
        links: Vec::new(),
    };
    let schema = spec::schema(file.dialect);
    let claude = matches!(
        file.dialect,
        Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand
    );
    let copilot = matches!(
        file.dialect,
        Dialect::CopilotAgent | Dialect::CopilotChatMode
    );
    let mut seen_keys: Vec<&str> = Vec::new();
    for entry in &yaml.entries {
        // The first of duplicate keys is what most loaders keep... and what `get` returns.
        if seen_keys.contains(&entry.key.as_str()) {
            continue;
        }
        seen_keys.push(&entry.key);
        let Some(value) = &entry.value else { continue };
        match entry.key.as_str() {
            "name" => {
                if let Some((text, range)) = scalar_inner(doc, value) {
                    out.name = Some(NameDecl {
                        value: text,
                        span: span(range),
                    });
                }
            }
            "description" => {
                if let Some(s) = value.as_scalar() {
                    let mut d = s.value.trim().to_string();
                    if d.len() > MAX_DESCRIPTION {
                        let cut = floor_boundary(&d, MAX_DESCRIPTION);
                        d.truncate(cut);
                        d.push('…');
                    }
                    out.description = (!d.is_empty()).then_some(d);
                }
            }
            "model" => {
                out.model = match &value.kind {
                    NodeKind::Scalar(s) if !s.value.trim().is_empty() => {
                        Some(s.value.trim().to_string())
                    }
                    NodeKind::Sequence { items, .. } => {
                        let v: Vec<&str> = items
                            .iter()
                            .filter_map(|i| i.as_scalar().map(|s| s.value.as_str()))
                            .collect();
                        (!v.is_empty()).then(|| v.join(", "))
                    }
                    _ => None,
                };
            }
            "color" => {
                out.color = value
                    .as_scalar()
                    .map(|s| s.value.trim().to_string())
                    .filter(|c| !c.is_empty());
            }
            "agent" if matches!(file.dialect, Dialect::ClaudeSkill | Dialect::ClaudeCommand) => {
                if let Some((text, range)) = scalar_inner(doc, value)
                    && is_name_like(&text)
                {
                    out.refs.push(fm_ref(RefKind::ForkAgent, text, span(range)));
                }
            }
            "agents" if copilot => {
                for (text, range) in string_items(doc, value) {
                    if text != "*" && is_name_like(&text) {
                        out.refs
                            .push(fm_ref(RefKind::AgentsList, text, span(range)));
                    }
                }
            }
            "handoffs" if copilot => {
                if let NodeKind::Sequence { items, .. } = &value.kind {
                    for item in items {
                        let NodeKind::Mapping { entries, .. } = &item.kind else {
                            continue;
                        };
                        let agent = entries.iter().find(|e| e.key == "agent");
                        if let Some(v) = agent.and_then(|e| e.value.as_ref())
                            && let Some((text, range)) = scalar_inner(doc, v)
                            && !text.is_empty()
                        {
                            out.refs.push(fm_ref(RefKind::Handoff, text, span(range)));
                        }
                    }
                }
            }
            "skills" if claude => {
                for (text, range) in string_items(doc, value) {
                    if is_name_like(&text) {
                        out.refs.push(fm_ref(RefKind::Skill, text, span(range)));
                    }
                }
            }
            _ => {}
        }
        if schema.is_tools_field(&entry.key) {
            let (_, entries) = tools::entries(doc, value, false);
            for e in &entries {
                if matches!(entry.key.as_str(), "tools" | "allowed-tools") && !e.disabled {
                    out.tools.push(e.text.clone());
                }
                if claude {
                    tool_rule_refs(doc, e, &mut out.refs, &span);
                }
            }
        }
        if let NodeKind::Sequence { items, .. } = &value.kind
            && !items.is_empty()
            && items.iter().all(|i| i.as_scalar().is_some())
        {
            let values = items
                .iter()
                .filter_map(|i| i.as_scalar())
                .map(|s| s.value.clone())
                .collect();
            out.lists.push((entry.key.clone(), values));
        }
    }
    out
}

fn fm_ref(kind: RefKind, name: String, span: Span) -> Reference {
    Reference {
        kind,
        name,
        span,
        in_frontmatter: true,
    }
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A single-line scalar's value and the range of its text without quotes; `None` when the text
/// is not the value (escapes, folding) or the node is not a scalar.
pub(crate) fn scalar_inner(doc: &Document, node: &YamlNode) -> Option<(String, Range<usize>)> {
    let s = node.as_scalar()?;
    let raw = doc.text().slice(node.range.clone());
    let (inner, start) = match s.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() >= 2 => {
            (&raw[1..raw.len() - 1], node.range.start + 1)
        }
        ScalarStyle::Plain => (raw.as_str(), node.range.start),
        _ => return None,
    };
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed != s.value.trim() || trimmed.contains('\n') {
        return None;
    }
    let start = start + lead;
    Some((trimmed.to_string(), start..start + trimmed.len()))
}

/// The strings of a list, or of one comma-separated string, with their ranges.
fn string_items(doc: &Document, node: &YamlNode) -> Vec<(String, Range<usize>)> {
    match &node.kind {
        NodeKind::Sequence { items, .. } => items
            .iter()
            .filter_map(|i| scalar_inner(doc, i))
            .filter(|(t, _)| !t.is_empty())
            .collect(),
        NodeKind::Scalar(_) => {
            let Some((text, range)) = scalar_inner(doc, node) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            let mut at = 0;
            for piece in text.split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let t = piece.trim();
                if !t.is_empty() {
                    let s = range.start + at + lead;
                    out.push((t.to_string(), s..s + t.len()));
                }
                at += piece.len() + 1;
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Parameters of `Agent(...)` rules that are not agent names (`Agent(model:opus)`).
const AGENT_RULE_PARAMS: &[&str] = &["model", "isolation", "run_in_background", "background"];

/// `Agent(a, b)` / `Task(a)`: one reference per name.
fn tool_rule_refs(
    doc: &Document,
    entry: &tools::ToolEntry,
    out: &mut Vec<Reference>,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let (tool, Some(inner)) = spec::split_specifier(&entry.text) else {
        return;
    };
    if tool != "Agent" && tool != "Task" {
        return;
    }
    // Positions are exact only when the entry's range holds exactly its text.
    let raw = doc.text().slice(entry.range.clone());
    let exact = raw == entry.text;
    let Some(open) = entry.text.find('(') else {
        return;
    };
    let mut at = open + 1;
    for piece in inner.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let name = piece.trim();
        let start = at + lead;
        at += piece.len() + 1;
        if name.is_empty() || name.contains('*') || !is_name_like(name) {
            continue;
        }
        if let Some((param, _)) = name.split_once(':')
            && AGENT_RULE_PARAMS.contains(&param)
        {
            continue;
        }
        let range = if exact {
            entry.range.start + start..entry.range.start + start + name.len()
        } else {
            entry.range.clone()
        };
        out.push(fm_ref(RefKind::ToolRule, name.to_string(), span(range)));
    }
}

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

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Scan the body: line by line, code blocks skipped except for `subagent_type`.
fn body_refs(doc: &Document, out: &mut FileSummary, span: &dyn Fn(Range<usize>) -> Span) {
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
fn scan_lines(
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
        };
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

const SUBAGENT_TYPE: &str = "subagent_type";

/// Offsets, in order, of every `@`, `](` and `subagent_type` in `bytes`: a line without any
/// holds no explicit reference (mentions start with `@`, Markdown links hold `](`) and no
/// Markdown link, so [`summarize_explicit`] scans only the lines holding one.
fn explicit_lines(bytes: &[u8]) -> Vec<usize> {
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

struct LineScanner<'a, 'o> {
    line: &'a str,
    base: usize,
    /// Bytes already claimed by a reference, a link, a URL or inline code.
    mask: &'a mut Vec<bool>,
    out: &'o mut FileSummary,
    span: &'a dyn Fn(Range<usize>) -> Span,
    /// Record only explicit references and Markdown links.
    explicit_only: bool,
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
        let name = self.line[r.clone()].to_string();
        let span = (self.span)(self.base + r.start..self.base + r.end);
        self.out.refs.push(Reference {
            kind,
            name,
            span,
            in_frontmatter: false,
        });
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
                        self.push(RefKind::Mention, s..s + name.len());
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
            self.push(RefKind::Mention, s..end);
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
fn is_ref_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        && !s.ends_with(':')
}

/// A path to a Markdown file: has a `/` and ends in `.md`.
fn is_md_path(s: &str) -> bool {
    s.contains('/')
        && s.len() > 3
        && s.to_ascii_lowercase().ends_with(".md")
        && !s.contains("://")
        && !s.contains("//")
}

/// The path of a relative link target (without `#fragment` and `?query`, `%20` decoded), or
/// `None` for URLs, absolute paths, anchors and templates.
fn relative_target(target: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Document;

    /// Summarise `text` (with `$0`…`$9` markers removed) and return it with the marker offsets.
    fn summary(dialect: Dialect, marked: &str) -> (FileSummary, Vec<usize>) {
        let mut text = String::new();
        let mut marks = Vec::new();
        let mut chars = marked.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
                marks.push(text.len());
            } else {
                text.push(c);
            }
        }
        let doc = Document::new(&text);
        let s = summarize(&doc, &FileContext::bare(dialect), PositionEncoding::Utf16);
        (s, marks)
    }

    fn refs(s: &FileSummary) -> Vec<(RefKind, &str)> {
        s.refs.iter().map(|r| (r.kind, r.name.as_str())).collect()
    }

    #[test]
    fn frontmatter_references_and_facts() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: $0code-reviewer$1\ndescription: Reviews code\nmodel: sonnet\ntools: Read, Agent($2test-runner$3, Explore), Task(model:opus)\nskills:\n  - $4pdf$5\n  - \"xlsx\"\ncapabilities: [review, testing]\n---\nBody\n",
        );
        let name = s.name.as_ref().unwrap();
        assert_eq!(name.value, "code-reviewer");
        assert_eq!(name.span.range, m[0]..m[1]);
        assert_eq!(s.description.as_deref(), Some("Reviews code"));
        assert_eq!(s.model.as_deref(), Some("sonnet"));
        assert_eq!(
            s.tools,
            ["Read", "Agent(test-runner, Explore)", "Task(model:opus)"]
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::ToolRule, "test-runner"),
                (RefKind::ToolRule, "Explore"),
                (RefKind::Skill, "pdf"),
                (RefKind::Skill, "xlsx"),
            ]
        );
        assert_eq!(s.refs[0].span.range, m[2]..m[3]);
        assert_eq!(s.refs[2].span.range, m[4]..m[5]);
        assert_eq!(
            s.lists,
            [
                (
                    "skills".to_string(),
                    vec!["pdf".to_string(), "xlsx".to_string()]
                ),
                (
                    "capabilities".to_string(),
                    vec!["review".to_string(), "testing".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn copilot_handoffs_and_agents() {
        let (s, m) = summary(
            Dialect::CopilotAgent,
            "---\nagents: ['$0planner$1', '*']\nhandoffs:\n  - label: Go\n    agent: $2implementer$3\n---\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::AgentsList, "planner"),
                (RefKind::Handoff, "implementer")
            ]
        );
        assert_eq!(s.refs[0].span.range, m[0]..m[1]);
        assert_eq!(s.refs[1].span.range, m[2]..m[3]);
    }

    #[test]
    fn skill_agent_field() {
        let (s, _) = summary(
            Dialect::ClaudeSkill,
            "---\ncontext: fork\nagent: Explore\n---\n",
        );
        assert_eq!(refs(&s), [(RefKind::ForkAgent, "Explore")]);
    }

    #[test]
    fn body_references() {
        let (s, m) = summary(
            Dialect::ClaudeCommand,
            "---\ndescription: x\n---\nDelegate to @$0qa-tester$1, then @agent-$2code-reviewer$3.\n\
             Ask `$4Explore$5` or **$6security-auditor$7**; system-architect decides.\n\
             Mail me@example.com, see https://x.io/a-b and @types/node, @app.route, @retry(3), @Override.\n\
             subagent_type: \"$8Code Reviewer$9\"\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::Mention, "qa-tester"),
                (RefKind::Mention, "code-reviewer"),
                (RefKind::Emphasis, "Explore"),
                (RefKind::Emphasis, "security-auditor"),
                (RefKind::Word, "system-architect"),
                (RefKind::SubagentType, "Code Reviewer"),
            ]
        );
        assert_eq!(s.refs[0].span.range, m[0]..m[1]);
        assert_eq!(s.refs[1].span.range, m[2]..m[3]);
        assert_eq!(s.refs[2].span.range, m[4]..m[5]);
        assert_eq!(s.refs[3].span.range, m[6]..m[7]);
        assert_eq!(s.refs[5].span.range, m[8]..m[9]);
    }

    #[test]
    fn code_blocks_hold_only_subagent_type() {
        let (s, _) = summary(
            Dialect::ClaudeCommand,
            "Intro\n\n```python\n@dataclass\nTask(subagent_type=\"data-engineer\", x=@pytest)\nuse-this-word\n```\n\n    @indented-code\n\nsubagent_type: ml-engineer and subagent_type='general-purpose'\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::SubagentType, "data-engineer"),
                (RefKind::SubagentType, "ml-engineer"),
                (RefKind::SubagentType, "general-purpose"),
            ]
        );
    }

    #[test]
    fn placeholders_are_not_references() {
        let (s, _) = summary(
            Dialect::ClaudeCommand,
            "subagent_type: \"<agent>\", subagent_type=\"{name}\", subagent_type: $AGENT\nAll `subagent_type` references\n",
        );
        assert!(
            s.refs.iter().all(|r| r.kind != RefKind::SubagentType),
            "{:?}",
            s.refs
        );
    }

    #[test]
    fn links_and_paths() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nSee [the reviewer]($0../agents/reviewer.md$1#usage), [web](https://x.io/a.md), [top](#top)\nand `$2.claude/skills/api-authentication/skill.md$3` or $4docs/guide.md$5.\n",
        );
        let links: Vec<(&str, bool)> = s
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.markdown))
            .collect();
        assert_eq!(
            links,
            [
                ("../agents/reviewer.md", true),
                (".claude/skills/api-authentication/skill.md", false),
                ("docs/guide.md", false),
            ]
        );
        assert_eq!(s.links[0].span.range, m[0]..m[1]);
        assert_eq!(s.links[1].span.range, m[2]..m[3]);
        assert_eq!(s.links[2].span.range, m[4]..m[5]);
        assert!(s.refs.iter().all(|r| r.name != "reviewer"), "{:?}", s.refs);
    }

    #[test]
    fn picker_form_and_punctuation() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nUse @\"$0code-reviewer$1 (agent)\" and ask @$2planner$3: now. (@$4tester$5)\n",
        );
        assert_eq!(s.refs.len(), 3, "{:?}", s.refs);
        assert_eq!(s.refs[0].span.range, m[0]..m[1]);
        assert_eq!(s.refs[1].span.range, m[2]..m[3]);
        assert_eq!(s.refs[2].span.range, m[4]..m[5]);
    }

    #[test]
    fn flags_and_files_are_not_words() {
        let (s, _) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nRun --dry-run on my-file.ts in src/some-dir now.\n",
        );
        assert!(s.refs.is_empty(), "{:?}", s.refs);
    }
}
