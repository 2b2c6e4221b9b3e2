//! Qoder CLI conformance: agentls's verdict for every recorded case equals what the real program
//! did (`tests/conformance/qoder/verdicts.json`, recorded by `tests/conformance/qoder/record`). A
//! file Qoder CLI skips gets an error; a loaded one gets none, and agentls reads the same name,
//! description, tools and model.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, assert_fixes_load, fix_refused, run_suite};

const QODER: Suite = Suite {
    tool: "qoder",
    product: "Qoder CLI",
    dialect: Dialect::QoderAgent,
    placement,
    known: &[
        (
            "agent/description-blank.md",
            "a description of spaces loads (zod's `min(1)` counts them); agentls reports it as empty",
        ),
        (
            "agent/mcp-servers-bad-type.md",
            "an inline MCP server with `type: stdio` refuses the file; agentls does not check inline servers",
        ),
        (
            "agent/yaml-bad-indent.md",
            "the line-by-line repair cannot fix a key indented under a scalar and the file is refused; agentls warns, as for other YAML errors it repairs",
        ),
    ],
    seen: &[
        Seen::Text("description"),
        Seen::List("tools"),
        Seen::List("disallowedTools"),
    ],
    // Where js-yaml refuses the frontmatter, Qoder CLI repairs it line by line and parses it
    // again; agentls warns that values may differ: names only.
    names_only_after: &["yaml-syntax"],
    min_cases: 60,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.qoder/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.qoder/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn qoder_cli_conformance() {
    run_suite(&QODER);
}

/// Where Qoder CLI skips a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: a BOM or trailing spaces before the opening fence,
/// a number where text or a whole number is wanted. (The fixed texts were also given to Qoder
/// CLI 1.1.52's own loader once, by hand: all six load.)
#[test]
fn safe_fixes_make_refused_qoder_cases_load() {
    let fixed = fix_refused(&QODER);
    assert_fixes_load(
        &fixed,
        &[
            "agent/block-bom.md",
            "agent/block-open-trailing-spaces.md",
            "agent/description-number.md",
            "agent/max-turns-string.md",
            "agent/name-number.md",
        ],
    );
}
