//! OpenCode conformance: agentls's verdict for every recorded case equals what the real program
//! did (`tests/conformance/opencode/verdicts.json`, recorded by `tests/conformance/opencode/record`
//! with `opencode debug config`). A file that stops OpenCode (a schema error makes its whole
//! configuration invalid) or that it does not read gets an error; a loaded one gets none, and
//! agentls reads the same name, description, mode, model and temperature. OpenCode names an agent
//! after its path unless the frontmatter sets `name`: agentls's identity gives the same name.

use std::path::PathBuf;

use agentls::analysis::{FileContext, summary};
use agentls::schema::{self, Dialect};
use agentls::syntax::Document;
use agentls::text::PositionEncoding;
use agentls::workspace as identity;

use crate::conformance_shared::{
    Seen, Suite, assert_fixes_load, fix_refused, recorded, run_suite, suite,
};

const OPENCODE: Suite = Suite {
    tool: "opencode",
    product: "OpenCode",
    dialect: Dialect::OpenCodeAgent,
    placement,
    known: &[
        (
            "agent/description-date.md",
            "OpenCode's YAML (js-yaml, YAML 1.1 timestamps) reads `2024-01-01` as a date, which is not text; agentls reads YAML 1.2, where it is text",
        ),
        (
            "agent/yaml-tab-indent.md",
            "js-yaml reads `permission:` followed by a tab-indented line as `permission: null` and refuses the null; agentls reports the tab as a YAML error, which OpenCode would ignore",
        ),
    ],
    seen: &[
        Seen::Text("description"),
        Seen::Text("mode"),
        Seen::Text("model"),
        Seen::Number("temperature"),
    ],
    // Frontmatter OpenCode cannot read is ignored, or read through its fallback that quotes
    // values containing `: `: names only.
    names_only_after: &[
        "yaml-syntax",
        "duplicate-key",
        "frontmatter-unterminated",
        "frontmatter-not-at-start",
        "frontmatter-not-mapping",
    ],
    min_cases: 60,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.opencode/agent/{rel}")),
        "agents" => PathBuf::from(format!("/project/.opencode/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.config/opencode/agent/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn opencode_conformance() {
    run_suite(&OPENCODE);
}

/// The name OpenCode registered each loaded agent under is the name agentls gives it (from the
/// path after `agent/` or `agents/`, or from `name:`), which references and rename use.
#[test]
fn opencode_names_match_registered_names() {
    let dir = suite("opencode");
    let (recorded, _) = recorded(&dir);
    let mut mismatches = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        let Some(want) = v["registered"].as_str() else {
            continue;
        };
        let path = placement(case);
        let Some(dialect) = schema::classify(&path, &|_| false) else {
            mismatches.push(format!("{case}: not classified"));
            continue;
        };
        let text = std::fs::read_to_string(dir.join("cases").join(case)).expect("case");
        let doc = Document::new(&text);
        let file = FileContext::from_path(&path, dialect);
        let s = summary::summarize(&doc, &file, PositionEncoding::Utf16);
        let got = identity::identify(&s, &identity::origin(&path, dialect)).map(|i| i.name);
        // `name: ""` registers the empty name; agentls falls back to the path (known).
        if case == "agent/name-empty.md" {
            assert_eq!(got.as_deref(), Some("name-empty"));
            continue;
        }
        if got.as_deref() != Some(want) {
            mismatches.push(format!("{case}: OpenCode `{want}`, agentls {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// OpenCode does not read agents from other tools' folders (`.claude/agents`): recorded, and
/// agentls does not judge those files as OpenCode's.
#[test]
fn opencode_ignores_other_tools_agent_folders() {
    let (recorded, _) = recorded(&suite("opencode"));
    let other = recorded["other_tools_folders"]
        .as_object()
        .expect("other_tools_folders");
    assert!(!other.is_empty());
    for (case, v) in other {
        assert_eq!(v["loads"], false, "{case}");
        let rel = case
            .strip_prefix("claude-agent/")
            .expect("claude-agent case");
        let path = PathBuf::from(format!("/project/.claude/agents/{rel}"));
        assert_ne!(
            schema::classify(&path, &|_| false),
            Some(Dialect::OpenCodeAgent)
        );
    }
}

/// Where OpenCode refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: a quoted boolean becomes a boolean.
#[test]
fn safe_fixes_make_refused_opencode_cases_load() {
    let fixed = fix_refused(&OPENCODE);
    assert_fixes_load(&fixed, &["agent/hidden-string.md"]);
}
