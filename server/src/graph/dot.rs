//! The graph in Graphviz DOT, for `dot -Tpng` and other Graphviz tools.

use std::fmt::Write;

use super::{PROBLEM, PROBLEM_FILL, label_lines, web_color};
use crate::workspace::graph::{EdgeKind, Graph, NodeKind};

/// A DOT quoted string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph as a DOT `digraph` (left to right).
pub fn render(g: &Graph) -> String {
    let mut out = String::from("digraph team {\n    rankdir=LR;\n");
    out.push_str("    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n");
    for n in &g.nodes {
        let label = label_lines(n)
            .iter()
            .map(|l| quote(l))
            .map(|q| q[1..q.len() - 1].to_string())
            .collect::<Vec<_>>()
            .join("\\n");
        let mut attrs = vec![format!("label=\"{label}\"")];
        match n.kind {
            NodeKind::Skill => attrs.push("shape=component".to_string()),
            NodeKind::Command => attrs.push("shape=cds".to_string()),
            NodeKind::Builtin => attrs.push("style=\"rounded,dashed\"".to_string()),
            NodeKind::Agent | NodeKind::Missing => {}
        }
        if n.is_problem() {
            attrs.push(format!("color={}", quote(PROBLEM)));
            attrs.push(format!("fillcolor={}", quote(PROBLEM_FILL)));
            attrs.push(format!("fontcolor={}", quote(PROBLEM)));
        } else if let Some(c) = n.color.as_deref().and_then(web_color) {
            attrs.push(format!("color={}", quote(&c)));
            attrs.push("penwidth=3".to_string());
        }
        let _ = writeln!(out, "    {} [{}];", quote(&n.id), attrs.join(", "));
    }
    for e in &g.edges {
        let mut attrs = vec![format!("label={}", quote(e.kind.label()))];
        if matches!(e.kind, EdgeKind::Skill | EdgeKind::Prose) {
            attrs.push("style=dashed".to_string());
        }
        if e.unresolved {
            attrs.push(format!("color={}", quote(PROBLEM)));
            attrs.push(format!("fontcolor={}", quote(PROBLEM)));
        }
        let _ = writeln!(
            out,
            "    {} -> {} [{}];",
            quote(&g.nodes[e.from].id),
            quote(&g.nodes[e.to].id),
            attrs.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
    }
}
