//! Gemini CLI conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/gemini-cli/verdicts.json`, recorded by
//! `tests/conformance/gemini-cli/record`). A file Gemini CLI does not load gets an error; a
//! loaded one gets none, and agentls reads the same name and the same values.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, assert_fixes_load, fix_refused, run_suite};

const GEMINI: Suite = Suite {
    tool: "gemini-cli",
    product: "Gemini CLI",
    dialect: Dialect::GeminiAgent,
    placement,
    known: &[],
    seen: &[
        Seen::Text("name"),
        Seen::Text("description"),
        Seen::Text("display_name"),
        Seen::Text("model"),
        Seen::Text("agent_card_url"),
        Seen::Number("temperature"),
        Seen::Number("max_turns"),
        Seen::Number("timeout_mins"),
        Seen::List("tools"),
    ],
    names_only_after: &[],
    min_cases: 60,
    name_from_file: false,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.gemini/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.gemini/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn gemini_cli_conformance() {
    run_suite(&GEMINI);
}

/// Where Gemini CLI refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would, until none is left) removes every error of the kinds fixed (what is left
/// has no safe fix, e.g. a Claude tool name, or was hidden by a YAML error), and the cases whose
/// every reason has a safe fix load afterwards.
#[test]
fn safe_fixes_make_refused_gemini_cases_load() {
    assert_fixes_load(
        &fix_refused(&GEMINI),
        &[
            "agent/unknown-color.md",
            "agent/tools-comma-string.md",
            "agent/block-bom.md",
            "agent/unknown-max-turns-camel.md",
        ],
    );
}
