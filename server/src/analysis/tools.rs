//! Tool lists as written: a comma (or space) separated string, a YAML list, or a map keyed by
//! tool name. Each entry keeps its exact range in the document, so diagnostics and fixes can
//! point at one tool.

use std::ops::Range;

use crate::syntax::{Document, NodeKind, ScalarStyle, YamlNode};

/// How a tool list is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListForm {
    /// `tools: Read, Grep` (or space-separated where the dialect allows it).
    String,
    /// `tools: [Read, Grep]` or a block list.
    List { flow: bool },
    /// `tools: { read: true }` (OpenCode).
    Map,
    /// Something else (a number, a nested list...): no entries.
    Other,
}

/// One entry of a tool list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolEntry {
    /// The entry as written, trimmed (`Bash(git *)`).
    pub text: String,
    /// Its range in the document (for a quoted list item: inside the quotes).
    pub range: Range<usize>,
    /// For map entries: the value is `false` (the tool is switched off).
    pub disabled: bool,
}

/// Split a tool-list value into its entries. `spaces` allows space-separated strings (skills and
/// commands) when the string has no comma outside parentheses.
pub fn entries(doc: &Document, node: &YamlNode, spaces: bool) -> (ListForm, Vec<ToolEntry>) {
    match &node.kind {
        NodeKind::Scalar(s) => {
            let (raw, base) = raw_text(doc, node);
            let entries = if raw == s.value || s.style == ScalarStyle::Plain {
                split(&raw, base, spaces)
            } else {
                // Escapes or folding: positions cannot be mapped, point at the whole value.
                split(&s.value, 0, spaces)
                    .into_iter()
                    .map(|e| ToolEntry {
                        range: node.range.clone(),
                        ..e
                    })
                    .collect()
            };
            (ListForm::String, entries)
        }
        NodeKind::Sequence { items, flow } if spaces => {
            (ListForm::List { flow: *flow }, cut_items(doc, items))
        }
        NodeKind::Sequence { items, flow } => {
            let entries = items
                .iter()
                .filter_map(|item| {
                    let s = item.as_scalar()?;
                    let (raw, base) = raw_text(doc, item);
                    let lead = raw.len() - raw.trim_start().len();
                    let text = s.value.trim().to_string();
                    if text.is_empty() {
                        return None;
                    }
                    let range = if raw.trim() == text {
                        base + lead..base + lead + text.len()
                    } else {
                        item.range.clone()
                    };
                    Some(ToolEntry {
                        text,
                        range,
                        disabled: false,
                    })
                })
                .collect();
            (ListForm::List { flow: *flow }, entries)
        }
        NodeKind::Mapping { entries, .. } => {
            let out = entries
                .iter()
                .map(|e| ToolEntry {
                    text: e.key.clone(),
                    range: e.key_range.clone(),
                    disabled: e
                        .value
                        .as_ref()
                        .and_then(|v| v.as_scalar())
                        .is_some_and(|s| s.value == "false"),
                })
                .collect();
            (ListForm::Map, out)
        }
        _ => (ListForm::Other, Vec::new()),
    }
}

/// The items of a list, each cut like a string (Claude Code: `- Read, Edit` is two tools).
fn cut_items(doc: &Document, items: &[YamlNode]) -> Vec<ToolEntry> {
    items
        .iter()
        .filter_map(|item| {
            let s = item.as_scalar()?;
            let (raw, base) = raw_text(doc, item);
            Some(if raw == s.value || s.style == ScalarStyle::Plain {
                split(&raw, base, true)
            } else {
                split(&s.value, 0, true)
                    .into_iter()
                    .map(|e| ToolEntry {
                        range: item.range.clone(),
                        ..e
                    })
                    .collect()
            })
        })
        .flatten()
        .collect()
}

/// What to delete to remove the entry at `entry` (a range `entries` gave) from the list `node`,
/// with its separator: the entry up to the next one, or from the end of the previous one; a
/// block list item with its whole line. `None` when the entry cannot be placed exactly or is
/// the only one.
pub fn removal_range(
    doc: &Document,
    node: &YamlNode,
    entry: &Range<usize>,
    spaces: bool,
) -> Option<Range<usize>> {
    // Entries of one scalar: remove between neighbours.
    let within = |scalar: &YamlNode| -> Option<Option<Range<usize>>> {
        let s = scalar.as_scalar()?;
        let (raw, base) = raw_text(doc, scalar);
        if raw != s.value && s.style != ScalarStyle::Plain {
            return Some(None);
        }
        let parts = split(&raw, base, spaces);
        let i = parts.iter().position(|p| p.range == *entry)?;
        if parts.len() < 2 {
            return None;
        }
        Some(Some(if i + 1 < parts.len() {
            entry.start..parts[i + 1].range.start
        } else {
            parts[i - 1].range.end..entry.end
        }))
    };
    match &node.kind {
        NodeKind::Scalar(_) => within(node).flatten(),
        NodeKind::Sequence { items, flow } => {
            let i = items
                .iter()
                .position(|it| it.range.start <= entry.start && entry.end <= it.range.end)?;
            let item = &items[i];
            if item.range == *entry && items.len() > 1 && item.as_scalar().is_none() {
                return None;
            }
            if spaces && let Some(r) = within(item) {
                return r;
            }
            if items.len() < 2 {
                return None;
            }
            if *flow {
                Some(if i + 1 < items.len() {
                    item.range.start..items[i + 1].range.start
                } else {
                    items[i - 1].range.end..item.range.end
                })
            } else {
                // The whole line of a block item (`  - Edit\n`), when it holds only the item.
                let text = doc.text();
                let rope = text.rope();
                let line = rope.byte_to_line(item.range.start);
                let start = text.line_start(line);
                let end_line = rope.byte_to_line(item.range.end.min(text.len()));
                let end = text.line_start(end_line + 1).max(item.range.end);
                let head = text.slice(start..item.range.start);
                let tail = text.slice(item.range.end..end);
                (head.trim() == "-" && tail.trim().is_empty()).then_some(start..end)
            }
        }
        _ => None,
    }
}

/// The source text of a scalar without its quotes, and the document offset where it starts.
fn raw_text(doc: &Document, node: &YamlNode) -> (String, usize) {
    let raw = doc.text().slice(node.range.clone());
    let quoted = matches!(
        node.as_scalar().map(|s| s.style),
        Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    );
    if quoted && raw.len() >= 2 {
        (raw[1..raw.len() - 1].to_string(), node.range.start + 1)
    } else {
        (raw, node.range.start)
    }
}

/// Split at commas outside parentheses; with `spaces` (Claude Code), at spaces outside
/// parentheses too. Parentheses do not nest: Claude Code's splitter tracks one flag, set by `(`
/// and cleared by `)`, and the model follows it.
pub fn split(text: &str, base: usize, spaces: bool) -> Vec<ToolEntry> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<ToolEntry>| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            out.push(ToolEntry {
                text: t.to_string(),
                range: base + from + lead..base + from + lead + t.len(),
                disabled: false,
            });
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            '(' => inside = true,
            ')' => inside = false,
            ',' if !inside => {
                push(start, i, &mut out);
                start = i + 1;
            }
            ' ' if spaces && !inside => {
                push(start, i, &mut out);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_respect_parentheses() {
        let e = split("Read, Agent(a, b), Bash(git add:*)", 10, false);
        let texts: Vec<_> = e.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["Read", "Agent(a, b)", "Bash(git add:*)"]);
        assert_eq!(e[1].range, 16..27);
        let e = split("Read Bash(npm run *) Grep", 0, true);
        let texts: Vec<_> = e.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["Read", "Bash(npm run *)", "Grep"]);
    }

    #[test]
    fn entries_of_each_form() {
        let doc = Document::new(
            "---\na: Read, Grep\nb: ['edit/editFiles', \"github/*\"]\nc:\n  - Read\nd:\n  read: true\n  bash: false\n---\n",
        );
        let y = doc.yaml();
        let text = doc.text().to_string_lossless();
        let get = |k: &str| entries(&doc, y.get(k).unwrap().value.as_ref().unwrap(), false);
        let (form, e) = get("a");
        assert_eq!(form, ListForm::String);
        assert_eq!(&text[e[1].range.clone()], "Grep");
        let (form, e) = get("b");
        assert_eq!(form, ListForm::List { flow: true });
        assert_eq!(&text[e[0].range.clone()], "edit/editFiles");
        assert_eq!(&text[e[1].range.clone()], "github/*");
        let (form, e) = get("c");
        assert_eq!(form, ListForm::List { flow: false });
        assert_eq!(e[0].text, "Read");
        let (form, e) = get("d");
        assert_eq!(form, ListForm::Map);
        assert!(e[1].disabled && !e[0].disabled);
    }
}
