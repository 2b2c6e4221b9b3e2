//! GitHub Copilot CLI conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/copilot-cli/verdicts.json`, recorded by
//! `tests/conformance/copilot-cli/record` from the CLI's own agent discovery). A file the CLI
//! refuses gets an error; a loaded one gets none, and agentls reads the same name, description,
//! tools and model.

use std::path::PathBuf;

use agentls::schema::{self, Dialect};
use agentls::syntax::Document;
use agentls::text::PositionEncoding;
use agentls::workspace;

use crate::conformance_shared::{
    Seen, Suite, assert_fixes_load, fix_refused, recorded, run_suite, suite,
};

const COPILOT: Suite = Suite {
    tool: "copilot-cli",
    product: "Copilot CLI",
    dialect: Dialect::CopilotAgent,
    placement,
    known: &[
        (
            "agent/block-cr-only.agent.md",
            "CR-only line endings: the CLI finds no frontmatter; agentls breaks lines at a lone CR as LSP does, and reads it",
        ),
        (
            "agent/Upper.Agent.MD",
            "the CLI reads only names ending in `.md` as written; agentls takes `.MD` too (and VS Code on a case-insensitive file system reads it)",
        ),
        (
            "project/docs/elsewhere.agent.md",
            "the CLI reads `.github/agents` only; agentls takes `*.agent.md` anywhere as a Copilot agent, for VS Code (whose agent folders are a setting)",
        ),
        (
            "project/.github/copilot/agents/deep.agent.md",
            "the CLI reads `.github/agents` only; agentls takes `*.agent.md` anywhere as a Copilot agent, for VS Code (whose agent folders are a setting)",
        ),
        (
            "agent/mcp-item-no-args.agent.md",
            "a local MCP server needs `args` beside `command` even without `type: local`; the data's `required_when` compares a sibling's value and cannot say 'when `command` is there'",
        ),
    ],
    seen: &[
        Seen::Text("description"),
        // The models the CLI tries in order (a single string is a list of one).
        Seen::List("model"),
        Seen::List("tools"),
    ],
    names_only_after: &[],
    min_cases: 60,
};

/// Where the recorder placed the case. The CLI reads `.claude/agents` with the parser it uses
/// for `.github/agents` (recorded: same messages, same names); agentls reads that folder as
/// Claude Code's, so the suite judges those cases' content as a `.github/agents` file.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" | "claude-agent" => PathBuf::from(format!("/project/.github/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.copilot/agents/{rel}")),
        "user-claude-agent" => PathBuf::from(format!("/home/.claude/agents/{rel}")),
        "chatmode" => PathBuf::from(format!("/project/.github/chatmodes/{rel}")),
        "project" => PathBuf::from(format!("/project/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn copilot_cli_conformance() {
    run_suite(&COPILOT);
}

/// A loaded agent without a usable `name:` is named after its path: agentls gives it the name
/// the CLI listed it under.
#[test]
fn copilot_cli_names_from_paths() {
    let dir = suite(COPILOT.tool);
    let (recorded, _) = recorded(&dir);
    let mut mismatches = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        let Some(want) = v["name"].as_str() else {
            continue;
        };
        let path = placement(case);
        let Some(dialect) = schema::classify(&path, &|_| false) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join("cases").join(case)).expect("case");
        let doc = Document::new(&text);
        let loaded = workspace::summarize(&path, &doc, dialect, PositionEncoding::Utf16);
        let got = workspace::identify(&loaded.summary, &loaded.origin).map(|i| i.name);
        // The CLI keeps spaces around a name; agentls refers to the agent without them.
        if got.as_deref() != Some(want.trim()) {
            mismatches.push(format!("{case}: Copilot CLI {want:?}, agentls {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Where the CLI refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: the blank line before the frontmatter goes, a quoted
/// `"true"` becomes a boolean.
#[test]
fn safe_fixes_make_refused_copilot_cases_load() {
    let fixed = fix_refused(&COPILOT);
    assert_fixes_load(
        &fixed,
        &[
            "agent/block-not-on-line-1.agent.md",
            "agent/dmi-quoted-true.agent.md",
        ],
    );
}
