//! Qwen Code conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/qwen-code/verdicts.json`, recorded by
//! `tests/conformance/qwen-code/record`). A file Qwen Code skips gets an error; a loaded one gets
//! none, and agentls reads the same name, description, tools and model.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, assert_fixes_load, fix_refused, run_suite};

const QWEN: Suite = Suite {
    tool: "qwen-code",
    product: "Qwen Code",
    dialect: Dialect::QwenAgent,
    placement,
    known: &[
        (
            "agent/tools-empty-item.md",
            "an empty tool name in a list refuses the file; agentls skips empty items silently",
        ),
        (
            "agent/model-authtype-empty.md",
            "`model: openai:` (an auth type without a model id) refuses the file; agentls takes any model string",
        ),
    ],
    seen: &[
        Seen::Text("description"),
        Seen::Text("model"),
        Seen::List("tools"),
    ],
    // Where the YAML is refused, Qwen Code reads values with its line-by-line fallback and
    // agentls warns that they may differ: names only.
    names_only_after: &["yaml-syntax", "duplicate-key"],
    min_cases: 60,
    name_from_file: false,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.qwen/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.qwen/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn qwen_code_conformance() {
    run_suite(&QWEN);
}

/// Where Qwen Code skips a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: the closing or opening `---` with trailing spaces;
/// a closing `---` at the end of the file gets its line break.
#[test]
fn safe_fixes_make_refused_qwen_cases_load() {
    let fixed = fix_refused(&QWEN);
    assert_fixes_load(
        &fixed,
        &[
            "agent/block-close-trailing-spaces.md",
            "agent/block-open-trailing-spaces.md",
        ],
    );
    // The block closes once `---` has its line break; the file has no prompt yet, which no fix
    // can write.
    let eof = fixed
        .iter()
        .find(|f| f.case == "agent/block-close-at-eof.md")
        .expect("block-close-at-eof fixed");
    assert!(
        eof.left.len() == 1 && eof.left[0].starts_with("short-body: "),
        "{:?}",
        eof.left
    );
}
