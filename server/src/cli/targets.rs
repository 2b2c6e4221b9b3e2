//! `agentls targets` (and `check --list-targets`): the tools agentls knows, the folders each
//! reads and where the facts come from; as text, JSON, or the Markdown table of the README and
//! `docs/TARGETS.md` (generated from `server/schema/targets.toml` and the dialects' data).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use crate::analysis::Settings;
use crate::config;
use crate::schema::spec::{UnknownKeys, UnknownTools, schema};
use crate::schema::targets::{Read, Target, find, targets, unknown_message};
use crate::workspace;

#[derive(Args, Debug, Clone)]
pub struct TargetsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TargetsFormat::Human)]
    pub format: TargetsFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetsFormat {
    Human,
    Json,
    /// The table of the README and docs/TARGETS.md.
    Markdown,
}

pub fn run_targets(args: &TargetsArgs) -> ExitCode {
    let text = render(args.format);
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// `check --list-targets`: the list, as JSON with `--format json`, else as text.
pub(crate) fn list(format: super::check::Format) -> ExitCode {
    let f = match format {
        super::check::Format::Json => TargetsFormat::Json,
        _ => TargetsFormat::Human,
    };
    run_targets(&TargetsArgs { format: f })
}

/// The settings of a `check` run: `--target` (validated: an unknown id is an error) replaces the
/// declared targets; unknown ids of `.agentls.toml` are warnings; the targets present in the
/// projects of `roots` are inferred.
pub(crate) fn for_run(
    mut settings: Settings,
    cli: &[String],
    roots: &[PathBuf],
) -> Result<(Settings, Vec<String>), String> {
    if !cli.is_empty() {
        if let Some(bad) = cli.iter().find(|id| find(id).is_none()) {
            return Err(format!("--target: {}", unknown_message(bad)));
        }
        settings.targets = cli.to_vec();
    }
    let warnings = settings
        .target_problems()
        .into_iter()
        .map(|p| format!("{}: {p} (ignored)", config::FILE_NAME))
        .collect();
    let projects: Vec<PathBuf> = roots.iter().map(|r| workspace::project_root(r)).collect();
    settings.inferred_targets = config::infer_targets(&projects);
    Ok((settings, warnings))
}

/// The list of targets in `format`.
pub(super) fn render(format: TargetsFormat) -> String {
    match format {
        TargetsFormat::Human => human(targets()),
        TargetsFormat::Json => {
            let list: Vec<_> = targets().iter().map(to_json).collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
        TargetsFormat::Markdown => markdown(targets()),
    }
}

fn human(all: &[Target]) -> String {
    let mut out = String::new();
    for t in all {
        out.push_str(&format!("{} ({})\n", t.id, t.product));
        for r in &t.reads {
            out.push_str(&format!(
                "  {:<40} {:<8} as {:<17} {} ({})\n",
                r.pattern,
                r.scope.label(),
                r.dialect.id(),
                r.source,
                r.evidence()
            ));
        }
    }
    out
}

fn to_json(t: &Target) -> serde_json::Value {
    let reads: Vec<_> = t
        .reads
        .iter()
        .map(|r| {
            json!({
                "pattern": r.pattern,
                "scope": r.scope.label(),
                "dialect": r.dialect.id(),
                "kind": r.kind.label(),
                "source": r.source,
                "recorded": r.recorded,
            })
        })
        .collect();
    json!({ "id": t.id, "product": t.product, "detect": t.detect, "reads": reads })
}

/// The table: tool × locations × what agentls checks × where the facts come from.
pub(super) fn markdown(all: &[Target]) -> String {
    let mut out = String::from(
        "| tool (`targets` id) | locations (as dialect) | what agentls checks | facts from |\n|---|---|---|---|\n",
    );
    for t in all {
        let locations: Vec<String> = t
            .reads
            .iter()
            .map(|r| {
                format!(
                    "`{}` ({}, `{}`)",
                    r.pattern,
                    r.scope.label(),
                    r.dialect.id()
                )
            })
            .collect();
        let checks: Vec<String> = t.dialects().into_iter().map(checks_of).collect();
        let mut sources: Vec<String> = Vec::new();
        for r in &t.reads {
            let s = source_cell(r);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        out.push_str(&format!(
            "| {} (`{}`) | {} | {} | {} |\n",
            t.product,
            t.id,
            locations.join("<br>"),
            checks.join("<br>"),
            sources.join("<br>")
        ));
    }
    out
}

/// What the data lets agentls check for a dialect: its keys, tools and models, and what the
/// product does with an unknown key or tool.
fn checks_of(d: crate::schema::Dialect) -> String {
    let s = schema(d);
    let keys = match s.unknown_keys {
        UnknownKeys::Rejected => "unknown keys rejected",
        UnknownKeys::Options => "unknown keys passed to the model",
        UnknownKeys::Ignored | UnknownKeys::Unspecified => "unknown keys ignored",
    };
    let tools = match s.unknown_tools {
        UnknownTools::Rejected => "; unknown tools rejected",
        UnknownTools::Dropped => "; unknown tools dropped",
        UnknownTools::Ignored => "; unknown tools ignored",
        UnknownTools::Accepted | UnknownTools::Unspecified => "",
    };
    format!(
        "`{}`: {} keys, {} tools, {} models; {keys}{tools}",
        d.id(),
        s.fields.len(),
        s.tools.len(),
        s.models.len()
    )
}

fn source_cell(r: &Read) -> String {
    match &r.recorded {
        Some(v) => format!("recorded on {v} (`{}`)", r.source),
        None => format!("[documentation]({}), unverified", r.source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start and end markers of the generated table in a Markdown file.
    const BEGIN: &str = "<!-- targets:begin (generated by `agentls targets --format markdown`) -->";
    const END: &str = "<!-- targets:end -->";

    /// The generated table between the markers of `doc`, or `None` when `doc` has no markers.
    fn table_in(doc: &str) -> Option<&str> {
        let start = doc.find(BEGIN)? + BEGIN.len();
        let end = start + doc[start..].find(END)?;
        Some(doc[start..end].trim_matches('\n'))
    }

    /// The README and docs/TARGETS.md hold the table generated from the data: regenerate it
    /// (`agentls targets --format markdown`) when this fails.
    #[test]
    fn committed_tables_are_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let want = markdown(targets());
        for file in ["README.md", "docs/TARGETS.md"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let got = table_in(&text).unwrap_or_else(|| panic!("{file}: no {BEGIN}"));
            assert_eq!(
                got,
                want.trim_end(),
                "{file}: the targets table is out of date; paste the output of `agentls targets --format markdown`"
            );
        }
    }

    #[test]
    fn every_format_lists_every_target() {
        for f in [
            TargetsFormat::Human,
            TargetsFormat::Json,
            TargetsFormat::Markdown,
        ] {
            let text = render(f);
            for t in targets() {
                assert!(text.contains(&t.id), "{f:?} lacks {}", t.id);
            }
        }
        let json: serde_json::Value = serde_json::from_str(&render(TargetsFormat::Json)).unwrap();
        let gemini = json
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "gemini-cli")
            .unwrap();
        assert_eq!(gemini["reads"][0]["recorded"], "0.61.0");
        assert_eq!(gemini["reads"][0]["pattern"], ".gemini/agents/*.md");
    }
}
