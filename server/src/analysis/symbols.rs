//! The outline of one document: the frontmatter's keys (with their nested keys, and the list
//! items that are mappings; a list of scalars such as the tools is one symbol, its values in
//! the detail) and the heading tree of the body (from tree-sitter-md's `section` nodes).

use std::ops::Range;

use tree_sitter::Node;

use crate::syntax::{Document, NodeKind, YamlNode};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// The frontmatter block.
    Frontmatter,
    /// A key with a scalar value.
    Field,
    /// A key holding a mapping.
    Object,
    /// A key holding a list.
    List,
    /// A list item.
    Item,
    /// A Markdown heading (its section).
    Heading,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole extent (a heading's section, a key and its value).
    pub range: Range<usize>,
    /// What to select when the symbol is picked (the key, the heading line).
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

/// Details longer than this are cut.
const MAX_DETAIL: usize = 80;

/// The outline of `doc`.
pub fn document_symbols(doc: &Document) -> Vec<Symbol> {
    let mut out = Vec::new();
    if let Some(fm) = doc.scan().frontmatter() {
        let end = fm.close.as_ref().map_or(fm.content.end, |c| c.end);
        let children = doc.yaml().entries.iter().map(|e| entry(e, 0)).collect();
        out.push(Symbol {
            name: "frontmatter".to_string(),
            detail: None,
            kind: SymbolKind::Frontmatter,
            range: fm.open.start..end,
            selection: fm.open.clone(),
            children,
        });
    }
    if let Some(tree) = doc.markdown_tree() {
        let text = doc.text();
        sections(
            tree.root_node(),
            &|r: Range<usize>| text.slice(r),
            &mut out,
            0,
        );
    }
    out
}

/// Nesting deeper than this is not outlined (hostile input must not exhaust the stack).
const MAX_DEPTH: usize = 32;

fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() > MAX_DETAIL {
        let cut: String = line.chars().take(MAX_DETAIL).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

fn entry(e: &crate::syntax::Entry, depth: usize) -> Symbol {
    let (kind, detail, children) = value_parts(e.value.as_ref(), depth);
    Symbol {
        name: e.key.clone(),
        detail,
        kind,
        range: e.range.clone(),
        selection: e.key_range.clone(),
        children,
    }
}

fn value_parts(v: Option<&YamlNode>, depth: usize) -> (SymbolKind, Option<String>, Vec<Symbol>) {
    let Some(v) = v else {
        return (SymbolKind::Field, None, Vec::new());
    };
    if depth >= MAX_DEPTH {
        return (SymbolKind::Field, None, Vec::new());
    }
    match &v.kind {
        NodeKind::Scalar(s) => (SymbolKind::Field, Some(short(&s.value)), Vec::new()),
        NodeKind::Mapping { entries, .. } => (
            SymbolKind::Object,
            None,
            entries.iter().map(|e| entry(e, depth + 1)).collect(),
        ),
        NodeKind::Sequence { items, .. } => {
            // Only the items that are mappings (a handoff, a hook's matcher) are outlined; a
            // list of scalars (the tools) is summed up in the detail.
            let children: Vec<Symbol> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| matches!(item.kind, NodeKind::Mapping { .. }))
                .map(|(i, item)| item_symbol(i, item, depth + 1))
                .collect();
            let scalars: Vec<&str> = items
                .iter()
                .filter_map(|i| i.as_scalar().map(|s| s.value.as_str()))
                .collect();
            let detail = if !scalars.is_empty() && scalars.len() == items.len() {
                short(&scalars.join(", "))
            } else {
                format!(
                    "{} item{}",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                )
            };
            (SymbolKind::List, Some(detail), children)
        }
        NodeKind::Alias(a) => (SymbolKind::Field, Some(format!("*{a}")), Vec::new()),
        NodeKind::Error => (SymbolKind::Field, None, Vec::new()),
    }
}

fn item_symbol(index: usize, item: &YamlNode, depth: usize) -> Symbol {
    let (_, detail, children) = value_parts(Some(item), depth);
    // A list item is named by its value, or by the first of `name`/`label`/`agent` it has.
    let name = match &item.kind {
        NodeKind::Scalar(s) => short(&s.value),
        NodeKind::Mapping { entries, .. } => ["name", "label", "agent", "matcher"]
            .iter()
            .find_map(|k| {
                entries
                    .iter()
                    .find(|e| e.key == *k)
                    .and_then(|e| e.value.as_ref())
                    .and_then(|v| v.as_scalar())
                    .map(|s| short(&s.value))
            })
            .unwrap_or_else(|| format!("[{index}]")),
        _ => format!("[{index}]"),
    };
    let name = if name.is_empty() {
        format!("[{index}]")
    } else {
        name
    };
    Symbol {
        name,
        detail: if matches!(item.kind, NodeKind::Scalar(_)) {
            None
        } else {
            detail
        },
        kind: SymbolKind::Item,
        range: item.range.clone(),
        selection: item.range.clone(),
        children,
    }
}

fn sections(
    node: Node<'_>,
    text: &dyn Fn(Range<usize>) -> String,
    out: &mut Vec<Symbol>,
    depth: usize,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    let mut cursor = node.walk();
    for (i, child) in node.named_children(&mut cursor).enumerate() {
        // tree-sitter-md opens sections only at ATX headings: a setext heading inside a section
        // is outlined as a leaf.
        if child.kind() == "setext_heading" && (i > 0 || node.kind() != "section") {
            let selection = child.start_byte()..trim_newline_end(child.byte_range(), text);
            out.push(Symbol {
                name: heading_text(child, text),
                detail: None,
                kind: SymbolKind::Heading,
                range: selection.clone(),
                selection,
                children: Vec::new(),
            });
            continue;
        }
        if child.kind() != "section" {
            continue;
        }
        let mut c2 = child.walk();
        let heading = child
            .named_children(&mut c2)
            .find(|n| matches!(n.kind(), "atx_heading" | "setext_heading"));
        match heading {
            Some(h) => {
                let mut children = Vec::new();
                sections(child, text, &mut children, depth + 1);
                let title = heading_text(h, text);
                let selection = h.byte_range();
                let end = trim_newline_end(child.byte_range(), text);
                out.push(Symbol {
                    name: if title.is_empty() {
                        "(untitled)".to_string()
                    } else {
                        title
                    },
                    detail: None,
                    kind: SymbolKind::Heading,
                    range: child.start_byte()..end,
                    selection: selection.start..trim_newline_end(selection, text),
                    children,
                });
            }
            // A section without a heading (the text before the first one) may hold sections.
            None => sections(child, text, out, depth + 1),
        }
    }
}

fn trim_newline_end(r: Range<usize>, text: &dyn Fn(Range<usize>) -> String) -> usize {
    let s = text(r.clone());
    r.start + s.trim_end_matches(['\n', '\r']).len()
}

fn heading_text(h: Node<'_>, text: &dyn Fn(Range<usize>) -> String) -> String {
    let content = h
        .child_by_field_name("heading_content")
        .map(|n| text(n.byte_range()));
    let raw = content.unwrap_or_else(|| text(h.byte_range()));
    let t = raw.lines().next().unwrap_or("").trim();
    let t = t.trim_start_matches('#').trim();
    t.trim_end_matches('#').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &[Symbol]) -> Vec<String> {
        s.iter()
            .map(|s| {
                if s.children.is_empty() {
                    s.name.clone()
                } else {
                    format!("{}({})", s.name, names(&s.children).join(" "))
                }
            })
            .collect()
    }

    #[test]
    fn outline_of_frontmatter_and_headings() {
        let doc = Document::new(
            "---\nname: a\nhandoffs:\n  - label: Go\n    agent: b\nhooks:\n  Stop: x\n---\n# Title\n\nText\n\n## One\n\n### Deep\n\n## Two\n\nSetext\n------\n",
        );
        let s = document_symbols(&doc);
        assert_eq!(
            names(&s),
            [
                "frontmatter(name handoffs(Go(label agent)) hooks(Stop))",
                "Title(One(Deep) Two(Setext))"
            ]
        );
        assert_eq!(s[0].children[0].detail.as_deref(), Some("a"));
        // A list of scalars is one symbol: its items are not outlined.
        let lists = Document::new(
            "---\ntools:\n  - Read\n  - Grep\nhooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: x\n---\n",
        );
        let l = document_symbols(&lists);
        assert_eq!(
            names(&l),
            ["frontmatter(tools hooks(PreToolUse(Bash(matcher hooks([0](type command))))))"]
        );
        assert_eq!(l[0].children[0].detail.as_deref(), Some("Read, Grep"));
        let title = &s[1];
        assert_eq!(doc.text().slice(title.selection.clone()), "# Title");
    }
}
