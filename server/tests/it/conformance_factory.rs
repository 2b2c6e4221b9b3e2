//! Factory droid conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/factory-droid/verdicts.json`, recorded by
//! `tests/conformance/factory-droid/record`). Factory loads every `.md` file of the folder, so no
//! case may get an error; agentls reads the same name, description, model and tools.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, run_suite};

const FACTORY: Suite = Suite {
    tool: "factory-droid",
    product: "Factory",
    dialect: Dialect::FactoryDroid,
    placement,
    known: &[(
        "agent/name-number.md",
        "a value of the wrong type (`name: 42`) makes Factory drop the whole frontmatter and name the droid after its file; agentls reads the name `42`",
    )],
    seen: &[
        Seen::Text("description"),
        Seen::Text("model"),
        Seen::List("tools"),
    ],
    names_only_after: &["yaml-syntax", "duplicate-key"],
    min_cases: 60,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.factory/droids/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.factory/droids/{rel}")),
        "claude-agent" => PathBuf::from(format!("/project/.claude/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn factory_droid_conformance() {
    run_suite(&FACTORY);
}
