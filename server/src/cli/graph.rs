//! `agentls graph`: the picture of the team, from the same index and resolution as the server.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::analysis::Settings;
use crate::config;
use crate::graph::{dot, json, mermaid, svg};
use crate::text::PositionEncoding;
use crate::workspace::{self, graph};

#[derive(Args, Debug, Clone)]
pub struct GraphArgs {
    /// The folder whose agents, skills and commands are drawn (default: the current folder).
    pub path: Option<PathBuf>,
    /// Output format: a Mermaid flowchart (for a README or a pull request), Graphviz DOT, SVG,
    /// or the JSON data.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Draw only this agent (or skill) and its neighbourhood.
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// With `--focus`: how many delegations away to go (1: its direct delegations in and out).
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,
    /// Settings file (default: the nearest `.agentls.toml` at or above the path).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Svg,
    Json,
}

/// The graph of `root` (absolute) with `settings`, focused as asked. `Err`: a message.
pub fn team_graph(
    root: &PathBuf,
    settings: &Settings,
    focus: Option<&str>,
    depth: usize,
) -> Result<graph::Graph, String> {
    let index = workspace::Index::build(
        std::slice::from_ref(root),
        settings,
        PositionEncoding::Utf16,
    );
    let g = graph::build(&index, std::slice::from_ref(root));
    let Some(name) = focus else { return Ok(g) };
    let centre = g.find(name);
    if centre.is_empty() {
        return Err(format!(
            "no agent or skill named `{name}` under {}",
            root.display()
        ));
    }
    Ok(g.focus(&centre, depth))
}

pub fn run_graph(args: &GraphArgs) -> ExitCode {
    let stderr = &mut std::io::stderr();
    let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !root.is_dir() {
        let _ = writeln!(stderr, "agentls: {}: not a folder", root.display());
        return ExitCode::from(2);
    }
    let settings = match &args.config {
        Some(p) => config::load(p),
        None => config::find(&root).map_or(Ok(Settings::default()), |p| config::load(&p)),
    };
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(stderr, "agentls: {e}");
            return ExitCode::from(2);
        }
    };
    let root = workspace::absolute(&root);
    let g = match team_graph(&root, &settings, args.focus.as_deref(), args.depth) {
        Ok(g) => g,
        Err(e) => {
            let _ = writeln!(stderr, "agentls: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match args.format {
        GraphFormat::Mermaid => Ok(mermaid::render(&g)),
        GraphFormat::Dot => Ok(dot::render(&g)),
        GraphFormat::Json => Ok(json::render(&g, json::Paths::Relative)),
        GraphFormat::Svg => svg::render(&g),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(stderr, "agentls: {e}");
            return ExitCode::from(2);
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
