//! Pictures of the team ([`workspace::graph::Graph`](crate::workspace::graph::Graph)): one
//! small renderer per format. Mermaid and DOT are text for a README or a pull request, JSON is
//! the data for tools and editors, SVG is laid out by `layout-rs` (no external program).
//!
//! Every format shows the same facts: agents (with their `color:` and model), skills, the
//! commands that delegate, built-in agents, and the names that resolve to nothing; edges by
//! kind; missing names, unresolved edges and agents sharing a name in red.

pub mod dot;
pub mod json;
pub mod mermaid;
pub mod svg;

use crate::workspace::graph::Node;

/// The red of problems (missing names, duplicate agents, unresolved edges).
pub const PROBLEM: &str = "#d73a49";
/// The light fill of problem nodes.
pub const PROBLEM_FILL: &str = "#ffeef0";

/// The web colour of a `color:` value: a Claude Code palette name, or `#rgb` / `#rrggbb`
/// (OpenCode). `None` for anything else.
pub fn web_color(color: &str) -> Option<String> {
    let named = match color.to_ascii_lowercase().as_str() {
        "red" => "#e5534b",
        "blue" => "#4184e4",
        "green" => "#46954a",
        "yellow" => "#c69026",
        "purple" => "#986ee2",
        "orange" => "#e0823d",
        "pink" => "#e275ad",
        "cyan" => "#39c5cf",
        _ => "",
    };
    if !named.is_empty() {
        return Some(named.to_string());
    }
    let hex = color.strip_prefix('#')?;
    let ok = matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// The text of a node: its name, then its model (for agents that set one).
pub fn label_lines(n: &Node) -> Vec<String> {
    let mut lines = vec![n.name.clone()];
    if let Some(m) = &n.model {
        lines.push(m.clone());
    }
    if n.duplicate {
        lines.push("duplicate name".to_string());
    }
    if n.kind == crate::workspace::graph::NodeKind::Missing {
        lines.push("not found".to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(web_color("Blue").as_deref(), Some("#4184e4"));
        assert_eq!(web_color("#ABC").as_deref(), Some("#abc"));
        assert_eq!(web_color("#12345").as_deref(), None);
        assert_eq!(web_color("bright_yellow"), None);
    }
}
