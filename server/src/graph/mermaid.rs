//! The graph as a Mermaid `flowchart`, to paste into a README or a pull request (GitHub renders
//! it). Ids are made of letters, digits and `_`; labels are quoted with Mermaid's entity codes.

use std::collections::HashSet;
use std::fmt::Write;

use super::{PROBLEM, PROBLEM_FILL, label_lines, web_color};
use crate::workspace::graph::{EdgeKind, Graph, NodeKind};

/// Words Mermaid reads as keywords where a node id stands.
const RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classdef",
    "click",
    "linkstyle",
    "default",
    "direction",
    "call",
    "href",
];

/// A Mermaid id for `name`: letters, digits and `_`, not a keyword, unique in `taken`.
fn node_id(name: &str, taken: &mut HashSet<String>) -> String {
    let mut id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if id.is_empty()
        || id.starts_with(|c: char| c.is_ascii_digit())
        || RESERVED.contains(&id.to_ascii_lowercase().as_str())
    {
        id.insert_str(0, "n_");
    }
    let mut unique = id.clone();
    let mut n = 2;
    while !taken.insert(unique.clone()) {
        unique = format!("{id}_{n}");
        n += 1;
    }
    unique
}

/// Text inside a quoted Mermaid label: `#`, quotes and markup as entity codes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The graph as a Mermaid flowchart (left to right).
pub fn render(g: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut taken = HashSet::new();
    let ids: Vec<String> = g
        .nodes
        .iter()
        .map(|n| node_id(&n.name, &mut taken))
        .collect();
    for (n, id) in g.nodes.iter().zip(&ids) {
        let label = label_lines(n)
            .iter()
            .map(|l| escape(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let (open, close) = match n.kind {
            NodeKind::Agent | NodeKind::Missing => ("[\"", "\"]"),
            NodeKind::Skill => ("[[\"", "\"]]"),
            NodeKind::Command => (">\"", "\"]"),
            NodeKind::Builtin => ("([\"", "\"])"),
        };
        let _ = writeln!(out, "    {id}{open}{label}{close}");
    }
    let mut red_links = Vec::new();
    for (i, e) in g.edges.iter().enumerate() {
        let arrow = match e.kind {
            EdgeKind::Skill | EdgeKind::Prose => "-.->",
            _ => "-->",
        };
        let _ = writeln!(
            out,
            "    {} {arrow}|\"{}\"| {}",
            ids[e.from],
            escape(e.kind.label()),
            ids[e.to]
        );
        if e.unresolved {
            red_links.push(i.to_string());
        }
    }
    let _ = writeln!(
        out,
        "    classDef problem fill:{PROBLEM_FILL},stroke:{PROBLEM},color:{PROBLEM},stroke-width:2px"
    );
    let problems: Vec<&str> = g
        .nodes
        .iter()
        .zip(&ids)
        .filter(|(n, _)| n.is_problem())
        .map(|(_, id)| id.as_str())
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "    class {} problem", problems.join(","));
    }
    for (n, id) in g.nodes.iter().zip(&ids) {
        if let Some(c) = n.color.as_deref().and_then(web_color)
            && !n.is_problem()
        {
            let _ = writeln!(out, "    style {id} stroke:{c},stroke-width:3px");
        }
    }
    if !red_links.is_empty() {
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{PROBLEM},color:{PROBLEM}",
            red_links.join(",")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(node_id("code-reviewer", &mut taken), "code_reviewer");
        assert_eq!(node_id("code_reviewer", &mut taken), "code_reviewer_2");
        assert_eq!(node_id("end", &mut taken), "n_end");
        assert_eq!(node_id("2fa", &mut taken), "n_2fa");
        assert_eq!(node_id("plugin:a b", &mut taken), "plugin_a_b");
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(
            escape(r#"a "b" <c> #1 & d"#),
            "a #quot;b#quot; #lt;c#gt; #35;1 #amp; d"
        );
    }
}
