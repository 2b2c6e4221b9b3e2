//! Kilo Code conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/kilo-code/verdicts.json`, recorded by
//! `tests/conformance/kilo-code/record` from the Kilo CLI binary). A file Kilo skips gets an
//! error; a loaded one gets none, and agentls reads the same name, description and model.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, assert_fixes_load, fix_refused, run_suite};

const KILO: Suite = Suite {
    tool: "kilo-code",
    product: "Kilo Code",
    dialect: Dialect::KiloAgent,
    placement,
    known: &[
        (
            "agent/body-env-var.md",
            "an unset `{env:NAME}` in a project agent's prompt refuses the file; agentls does not model Kilo's prompt substitution",
        ),
        (
            "agent/description-unquoted-colon-wrapped.md",
            "Kilo quotes `key: a: b` lines and parses again; here the wrapped line then breaks it and the file is refused, while agentls warns that the frontmatter is ignored",
        ),
        (
            "agent/yaml-tab-indent.md",
            "js-yaml reads `tools:` above a tab-indented line as null, which refuses the file; agentls reports the tab as a YAML error that Kilo would ignore",
        ),
        (
            "agent/disable-true.md",
            "`disable: true` turns the agent off on purpose; agentls does not report a deliberate switch as an error",
        ),
        (
            "agent/model-number.md",
            "a number as `model` refuses the file; agentls warns only, as for any model it does not know (Kilo loads `sonnet`)",
        ),
    ],
    seen: &[Seen::Text("description"), Seen::Text("model")],
    // Where the YAML is refused, Kilo ignores the frontmatter (or quotes `key: a: b` values and
    // reads it again): names only.
    names_only_after: &["yaml-syntax", "duplicate-key"],
    min_cases: 60,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.kilo/agents/{rel}")),
        "kilocode-agent" => PathBuf::from(format!("/project/.kilocode/agent/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.config/kilo/agent/{rel}")),
        "mode" => PathBuf::from(format!("/project/.kilo/modes/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn kilo_code_conformance() {
    run_suite(&KILO);
}

/// Where Kilo refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: a number quoted where text belongs, a quoted
/// boolean or number written bare.
#[test]
fn safe_fixes_make_refused_kilo_cases_load() {
    let fixed = fix_refused(&KILO);
    assert_fixes_load(
        &fixed,
        &[
            "agent/description-number.md",
            "agent/disable-string.md",
            "agent/steps-string.md",
        ],
    );
}
