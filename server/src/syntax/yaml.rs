//! The frontmatter's YAML, lowered from the tree-sitter-yaml tree into plain data: every key and
//! value keeps its byte range in the document. The tree stays usable while the YAML is broken,
//! so this model is too: a broken region becomes an error range, and the entries around it
//! survive.

use std::ops::Range;

use tree_sitter::Node;

pub mod flat;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// The type YAML's core schema gives a scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    String,
    Integer,
    Float,
    Boolean,
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub style: ScalarStyle,
    pub ty: ScalarType,
    /// The decoded value (quotes removed, escapes applied, lines folded).
    pub value: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence {
        items: Vec<YamlNode>,
        flow: bool,
    },
    Mapping {
        entries: Vec<Entry>,
        flow: bool,
    },
    Alias(String),
    /// A region the parser could not make sense of.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct YamlNode {
    /// The value's text, without tag or anchor.
    pub range: Range<usize>,
    pub kind: NodeKind,
    /// An explicit tag such as `!!str`.
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key as written (decoded if quoted).
    pub key: String,
    pub key_range: Range<usize>,
    /// `None` for `key:` with nothing after it (YAML null).
    pub value: Option<YamlNode>,
    /// From the key to the end of the value.
    pub range: Range<usize>,
}

impl YamlNode {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A short name for the node's type, for messages ("a list", "a mapping", ...).
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) => match s.ty {
                ScalarType::String => "a string",
                ScalarType::Integer => "an integer",
                ScalarType::Float => "a number",
                ScalarType::Boolean => "a boolean",
                ScalarType::Null => "null",
            },
            NodeKind::Sequence { .. } => "a list",
            NodeKind::Mapping { .. } => "a mapping",
            NodeKind::Alias(_) => "an alias",
            NodeKind::Error => "unparseable",
        }
    }
}

/// The lowered frontmatter: its top-level mapping, or what stands in its place.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct YamlDoc {
    /// Top-level entries in document order (duplicates kept).
    pub entries: Vec<Entry>,
    /// The document is something other than a mapping (a list, a lone scalar): its range.
    pub not_a_mapping: Option<Range<usize>>,
    /// The document when it is a list (Gemini CLI reads a list of remote agents).
    pub list: Option<YamlNode>,
    /// Regions tree-sitter could not parse (ERROR and MISSING nodes), in document order.
    pub errors: Vec<Range<usize>>,
}

impl YamlDoc {
    /// The first entry with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Lower a tree-sitter-yaml tree. `text` is the document slice from `base`; node ranges are
/// document offsets.
pub fn lower(root: Node<'_>, text: &str, base: usize) -> YamlDoc {
    let mut doc = YamlDoc::default();
    let cx = Lowering {
        text,
        base,
        depth: std::cell::Cell::new(0),
    };
    collect_errors(root, &mut doc.errors);
    lower_top(&cx, root, &mut doc);
    doc
}

struct Lowering<'a> {
    text: &'a str,
    base: usize,
    depth: std::cell::Cell<usize>,
}

/// Nesting deeper than this is lowered as an error node: no agent file needs it, and hostile
/// input (`[[[[...`) must not exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Lowering<'_> {
    fn src(&self, r: Range<usize>) -> &str {
        let s = r.start.saturating_sub(self.base).min(self.text.len());
        let e = r.end.saturating_sub(self.base).min(self.text.len()).max(s);
        self.text.get(s..e).unwrap_or("")
    }
}

fn collect_errors(root: Node<'_>, out: &mut Vec<Range<usize>>) {
    // Iterative: error regions can sit arbitrarily deep.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if !node.has_error() {
            continue;
        }
        if node.is_error() || node.is_missing() {
            out.push(node.byte_range());
            continue;
        }
        let mut c = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
}

fn lower_top(cx: &Lowering<'_>, node: Node<'_>, doc: &mut YamlDoc) {
    match node.kind() {
        "stream" | "document" | "block_node" | "flow_node" => {
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                lower_top(cx, child, doc);
            }
        }
        "block_mapping" | "flow_mapping" => {
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                if let Some(e) = lower_pair(cx, child) {
                    doc.entries.push(e);
                }
            }
        }
        // tree-sitter wraps what it could parse before a fatal error in an ERROR node: keep the
        // pairs it recognised.
        "ERROR" => {
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                if matches!(child.kind(), "block_mapping_pair" | "flow_pair") {
                    if let Some(e) = lower_pair(cx, child) {
                        doc.entries.push(e);
                    }
                } else if matches!(child.kind(), "block_node" | "block_mapping" | "document") {
                    lower_top(cx, child, doc);
                }
            }
        }
        "block_mapping_pair" | "flow_pair" => {
            if let Some(e) = lower_pair(cx, node) {
                doc.entries.push(e);
            }
        }
        "comment" | "yaml_directive" | "tag_directive" | "reserved_directive" => {}
        _ if node.is_named() && doc.not_a_mapping.is_none() && doc.entries.is_empty() => {
            doc.not_a_mapping = Some(node.byte_range());
            if matches!(node.kind(), "block_sequence" | "flow_sequence") {
                doc.list = Some(lower_node(cx, node));
            }
        }
        _ => {}
    }
}

fn lower_pair(cx: &Lowering<'_>, pair: Node<'_>) -> Option<Entry> {
    if !matches!(pair.kind(), "block_mapping_pair" | "flow_pair") {
        return None;
    }
    let key_node = pair.child_by_field_name("key")?;
    let key = lower_node(cx, key_node);
    let key_text = match &key.kind {
        NodeKind::Scalar(s) => s.value.clone(),
        _ => cx.src(key.range.clone()).to_string(),
    };
    let value = pair.child_by_field_name("value").map(|v| lower_node(cx, v));
    let end = value
        .as_ref()
        .map_or(pair.end_byte(), |v| v.range.end.max(pair.end_byte()));
    Some(Entry {
        key: key_text,
        key_range: key.range,
        value,
        range: pair.start_byte()..end,
    })
}

fn lower_node(cx: &Lowering<'_>, node: Node<'_>) -> YamlNode {
    if cx.depth.get() >= MAX_DEPTH {
        return YamlNode {
            range: node.byte_range(),
            kind: NodeKind::Error,
            tag: None,
        };
    }
    cx.depth.set(cx.depth.get() + 1);
    let lowered = lower_node_inner(cx, node);
    cx.depth.set(cx.depth.get() - 1);
    lowered
}

// Long: one match over tree-sitter-yaml's node kinds (block and flow mappings and sequences,
// scalars of each style, aliases, errors), each arm building the same `YamlNode`; the grammar's
// kinds are the natural unit, and splitting them would scatter the shared range handling.
fn lower_node_inner(cx: &Lowering<'_>, node: Node<'_>) -> YamlNode {
    match node.kind() {
        "flow_node" | "block_node" => {
            let mut tag = None;
            let mut inner = None;
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                match child.kind() {
                    "tag" => tag = Some(cx.src(child.byte_range()).to_string()),
                    "anchor" | "comment" => {}
                    _ => inner = Some(child),
                }
            }
            let mut lowered = match inner {
                Some(inner) => lower_node(cx, inner),
                // Only a tag or anchor: an empty (null) value.
                None => YamlNode {
                    range: node.end_byte()..node.end_byte(),
                    kind: NodeKind::Scalar(Scalar {
                        style: ScalarStyle::Plain,
                        ty: ScalarType::Null,
                        value: String::new(),
                    }),
                    tag: None,
                },
            };
            if let (Some(tag), NodeKind::Scalar(s)) = (&tag, &mut lowered.kind)
                && (tag == "!!str" || tag == "!")
            {
                s.ty = ScalarType::String;
            }
            lowered.tag = tag;
            lowered
        }
        "plain_scalar" => {
            let raw = cx.src(node.byte_range());
            let ty = match node.named_child(0).map(|c| c.kind()) {
                Some("integer_scalar") => ScalarType::Integer,
                Some("float_scalar") => ScalarType::Float,
                Some("boolean_scalar") => ScalarType::Boolean,
                Some("null_scalar") => ScalarType::Null,
                _ => ScalarType::String,
            };
            scalar(node, ScalarStyle::Plain, ty, fold_lines(raw))
        }
        "single_quote_scalar" => {
            let raw = cx.src(node.byte_range());
            let inner = strip_quotes(raw, '\'');
            scalar(
                node,
                ScalarStyle::SingleQuoted,
                ScalarType::String,
                fold_lines(&inner.replace("''", "'")),
            )
        }
        "double_quote_scalar" => {
            let raw = cx.src(node.byte_range());
            let value = decode_double_quoted(strip_quotes(raw, '"'));
            scalar(node, ScalarStyle::DoubleQuoted, ScalarType::String, value)
        }
        "block_scalar" => {
            let raw = cx.src(node.byte_range());
            let (style, value) = decode_block_scalar(raw);
            scalar(node, style, ScalarType::String, value)
        }
        "block_sequence" | "flow_sequence" => {
            let flow = node.kind() == "flow_sequence";
            let mut items = Vec::new();
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                match child.kind() {
                    "block_sequence_item" => {
                        let mut cc = child.walk();
                        let item = child
                            .named_children(&mut cc)
                            .find(|n| n.kind() != "comment");
                        items.push(match item {
                            Some(n) => lower_node(cx, n),
                            None => YamlNode {
                                range: child.end_byte()..child.end_byte(),
                                kind: NodeKind::Scalar(Scalar {
                                    style: ScalarStyle::Plain,
                                    ty: ScalarType::Null,
                                    value: String::new(),
                                }),
                                tag: None,
                            },
                        });
                    }
                    "flow_node" | "flow_pair" => items.push(if child.kind() == "flow_pair" {
                        let entry = lower_pair(cx, child);
                        YamlNode {
                            range: child.byte_range(),
                            kind: NodeKind::Mapping {
                                entries: entry.into_iter().collect(),
                                flow: true,
                            },
                            tag: None,
                        }
                    } else {
                        lower_node(cx, child)
                    }),
                    "comment" => {}
                    _ => items.push(YamlNode {
                        range: child.byte_range(),
                        kind: NodeKind::Error,
                        tag: None,
                    }),
                }
            }
            YamlNode {
                range: node.byte_range(),
                kind: NodeKind::Sequence { items, flow },
                tag: None,
            }
        }
        "block_mapping" | "flow_mapping" => {
            let flow = node.kind() == "flow_mapping";
            let mut entries = Vec::new();
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                if let Some(e) = lower_pair(cx, child) {
                    entries.push(e);
                }
            }
            YamlNode {
                range: node.byte_range(),
                kind: NodeKind::Mapping { entries, flow },
                tag: None,
            }
        }
        "alias" => {
            let name = cx
                .src(node.byte_range())
                .trim_start_matches('*')
                .to_string();
            YamlNode {
                range: node.byte_range(),
                kind: NodeKind::Alias(name),
                tag: None,
            }
        }
        _ => YamlNode {
            range: node.byte_range(),
            kind: NodeKind::Error,
            tag: None,
        },
    }
}

fn scalar(node: Node<'_>, style: ScalarStyle, ty: ScalarType, value: String) -> YamlNode {
    YamlNode {
        range: node.byte_range(),
        kind: NodeKind::Scalar(Scalar { style, ty, value }),
        tag: None,
    }
}

fn strip_quotes(raw: &str, q: char) -> &str {
    let s = raw.strip_prefix(q).unwrap_or(raw);
    s.strip_suffix(q).unwrap_or(s)
}

/// Fold a multi-line flow scalar: lines are trimmed and joined by a space; each blank line
/// becomes a line break.
pub fn fold_lines(raw: &str) -> String {
    let mut out = String::new();
    let mut pending_breaks = 0;
    for (i, line) in raw.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let t = if i == 0 { line.trim_end() } else { line.trim() };
        if t.is_empty() && i > 0 {
            pending_breaks += 1;
            continue;
        }
        if i > 0 {
            if pending_breaks > 0 {
                out.extend(std::iter::repeat_n('\n', pending_breaks));
            } else {
                out.push(' ');
            }
        }
        pending_breaks = 0;
        out.push_str(t);
    }
    out
}

/// Decode the inside of a double-quoted scalar: escapes, line folding and `\` continuations.
pub fn decode_double_quoted(inner: &str) -> String {
    // Fold first, keeping escaped line breaks: a `\` at the end of a line joins without a space.
    let mut folded = String::new();
    let lines: Vec<&str> = inner.split('\n').collect();
    let mut pending_breaks = 0;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        let first = i == 0;
        let last = i + 1 == lines.len();
        let mut t = if first { line } else { line.trim_start() };
        if !last {
            t = t.trim_end();
        }
        if t.is_empty() && !first && !last {
            pending_breaks += 1;
            continue;
        }
        if !first {
            if pending_breaks > 0 {
                folded.extend(std::iter::repeat_n('\n', pending_breaks));
            } else if !folded.ends_with('\u{0}') {
                folded.push(' ');
            } else {
                folded.pop();
            }
        }
        pending_breaks = 0;
        if !last && t.ends_with('\\') && !t.ends_with("\\\\") {
            folded.push_str(&t[..t.len() - 1]);
            folded.push('\u{0}'); // marker: join without a space
        } else {
            folded.push_str(t);
        }
    }
    let folded = folded.replace('\u{0}', "");
    let mut out = String::with_capacity(folded.len());
    let mut chars = folded.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Option<char> {
            let s: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&s, 16).ok().and_then(char::from_u32)
        };
        match e {
            '0' => out.push('\0'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            't' | '\t' => out.push('\t'),
            'n' => out.push('\n'),
            'v' => out.push('\u{b}'),
            'f' => out.push('\u{c}'),
            'r' => out.push('\r'),
            'e' => out.push('\u{1b}'),
            ' ' => out.push(' '),
            '"' => out.push('"'),
            '/' => out.push('/'),
            '\\' => out.push('\\'),
            'N' => out.push('\u{85}'),
            '_' => out.push('\u{a0}'),
            'L' => out.push('\u{2028}'),
            'P' => out.push('\u{2029}'),
            'x' => out.extend(hex(2, &mut chars)),
            'u' => out.extend(hex(4, &mut chars)),
            'U' => out.extend(hex(8, &mut chars)),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// Decode a block scalar (`|`, `>`, with chomping and indentation indicators).
// Long: YAML's block scalar rules (header, indentation detection, folding, chomping) applied in
// the specification's order in one pass over the lines.
pub fn decode_block_scalar(raw: &str) -> (ScalarStyle, String) {
    let mut lines = raw.split('\n');
    let header = lines.next().unwrap_or("");
    let header = header.split(" #").next().unwrap_or(header).trim();
    let style = if header.starts_with('>') {
        ScalarStyle::Folded
    } else {
        ScalarStyle::Literal
    };
    let chomp = if header.contains('-') {
        Chomp::Strip
    } else if header.contains('+') {
        Chomp::Keep
    } else {
        Chomp::Clip
    };
    let explicit: Option<usize> = header
        .chars()
        .find_map(|c| c.to_digit(10))
        .map(|d| d as usize);
    let body: Vec<&str> = lines.map(|l| l.trim_end_matches('\r')).collect();
    let indent = explicit.unwrap_or_else(|| {
        body.iter()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
    });
    let content: Vec<&str> = body
        .iter()
        .map(|l| if l.len() >= indent { &l[indent..] } else { "" })
        .collect();
    let mut text = String::new();
    match style {
        ScalarStyle::Folded => {
            let mut prev_more_indented = true;
            let mut pending_breaks = 0;
            let mut started = false;
            for line in &content {
                if line.trim().is_empty() && !line.starts_with([' ', '\t']) {
                    pending_breaks += 1;
                    continue;
                }
                let more_indented = line.starts_with([' ', '\t']);
                if started {
                    if pending_breaks > 0 {
                        let extra = usize::from(more_indented || prev_more_indented);
                        text.extend(std::iter::repeat_n('\n', pending_breaks + extra));
                    } else if more_indented || prev_more_indented {
                        text.push('\n');
                    } else {
                        text.push(' ');
                    }
                } else {
                    text.extend(std::iter::repeat_n('\n', pending_breaks));
                }
                pending_breaks = 0;
                started = true;
                prev_more_indented = more_indented;
                text.push_str(line);
            }
            if started {
                text.push('\n');
            }
            text.extend(std::iter::repeat_n('\n', pending_breaks));
        }
        _ => {
            for line in &content {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    match chomp {
        Chomp::Strip => text.truncate(text.trim_end_matches('\n').len()),
        Chomp::Clip => {
            let trimmed = text.trim_end_matches('\n').len();
            text.truncate(trimmed);
            if trimmed > 0 {
                text.push('\n');
            }
        }
        Chomp::Keep => {}
    }
    (style, text)
}

enum Chomp {
    Strip,
    Clip,
    Keep,
}

#[cfg(test)]
#[path = "yaml/tests.rs"]
mod tests;
