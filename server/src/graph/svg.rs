//! The graph as SVG, laid out and drawn by `layout-rs` (a Sugiyama-style layered layout, in
//! pure Rust: no network, no external program). Each node's shape is wrapped in a
//! `<g class="agentls-node" data-id=… data-path=… data-line=…>` so that a viewer (the VS Code
//! webview) can open the file behind it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::{PROBLEM, PROBLEM_FILL, label_lines, web_color};
use crate::workspace::graph::{EdgeKind, Graph, Node, NodeKind};

const FONT_SIZE: usize = 14;

/// Larger graphs are not laid out (the layout grows faster than linearly): use `--focus`, or
/// Mermaid or DOT.
pub const MAX_NODES: usize = 1000;

/// Text for an XML attribute value.
fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn color(hex: &str) -> Color {
    let h = hex.trim_start_matches('#');
    let h = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_string()
    };
    // layout-rs colours are RGBA.
    Color::new(u32::from_str_radix(&h, 16).unwrap_or(0) << 8 | 0xff)
}

fn look(n: &Node) -> StyleAttr {
    let (line, fill, width) = if n.is_problem() {
        (PROBLEM.to_string(), PROBLEM_FILL, 2)
    } else {
        match n.color.as_deref().and_then(web_color) {
            Some(c) => (c, "#ffffff", 3),
            None => ("#444444".to_string(), "#ffffff", 1),
        }
    };
    let fill = match n.kind {
        NodeKind::Skill if !n.is_problem() => "#f1f8ff",
        NodeKind::Builtin => "#f6f8fa",
        _ => fill,
    };
    let rounded = if n.kind == NodeKind::Skill { 0 } else { 8 };
    StyleAttr::new(color(&line), width, Some(color(fill)), rounded, FONT_SIZE)
}

fn element(n: &Node) -> Element {
    let mut lines = label_lines(n);
    if matches!(
        n.kind,
        NodeKind::Skill | NodeKind::Command | NodeKind::Builtin
    ) {
        lines.push(format!("({})", n.kind.id()));
    }
    let shape = ShapeKind::new_box(&lines.join("\n"));
    let size = get_shape_size(Orientation::LeftToRight, &shape, FONT_SIZE, false);
    let mut props = format!("class=\"agentls-node\" data-id=\"{}\"", attr(&n.id));
    if let Some(p) = &n.path {
        props.push_str(&format!(
            " data-path=\"{}\" data-line=\"{}\"",
            attr(&p.to_string_lossy()),
            n.line
        ));
    }
    Element::create_with_properties(shape, look(n), Orientation::LeftToRight, size, props)
}

fn arrow(kind: EdgeKind, unresolved: bool) -> Arrow {
    let line = if unresolved { PROBLEM } else { "#555555" };
    let style = match kind {
        EdgeKind::Skill | EdgeKind::Prose => LineStyleKind::Dashed,
        _ => LineStyleKind::Normal,
    };
    let look = StyleAttr::new(color(line), 1, None, 0, FONT_SIZE - 2);
    Arrow::new(
        LineEndKind::None,
        LineEndKind::Arrow,
        style,
        kind.label(),
        &look,
        &None,
        &None,
    )
}

/// The graph as an SVG document. `Err` when the graph is too large or the layout failed (it
/// panicked).
pub fn render(g: &Graph) -> Result<String, String> {
    if g.nodes.is_empty() {
        return Ok(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n",
            "<svg width=\"240\" height=\"40\" viewBox=\"0 0 240 40\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<text x=\"10\" y=\"25\">No agents or skills found.</text></svg>\n"
        )
        .to_string());
    }
    if g.nodes.len() > MAX_NODES {
        return Err(format!(
            "{} nodes are too many to lay out (at most {MAX_NODES}): draw one agent with --focus, or use another format",
            g.nodes.len()
        ));
    }
    let drawn = catch_unwind(AssertUnwindSafe(|| {
        let mut vg = VisualGraph::new(Orientation::LeftToRight);
        let handles: Vec<_> = g.nodes.iter().map(|n| vg.add_node(element(n))).collect();
        for e in &g.edges {
            vg.add_edge(arrow(e.kind, e.unresolved), handles[e.from], handles[e.to]);
        }
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        svg.finalize()
    }));
    drawn.map_err(|_| "the graph layout failed".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_rgba() {
        assert_eq!(
            color("#4184e4").to_web_color(),
            color("4184e4").to_web_color()
        );
        assert_eq!(
            color("#abc").to_web_color(),
            color("#aabbcc").to_web_color()
        );
    }

    #[test]
    fn attributes_are_escaped() {
        assert_eq!(attr("a\"<&>'"), "a&quot;&lt;&amp;&gt;&apos;");
    }
}
