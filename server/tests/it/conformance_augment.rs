//! Auggie CLI (Augment) conformance: agentls's verdict for every recorded case equals what the
//! real program did (`tests/conformance/augment/verdicts.json`, recorded by
//! `tests/conformance/augment/record`). Auggie refuses no file it finds: agentls reports no error
//! for any of them, and reads the same name (the registered one: `name` with other characters
//! turned into `-`, or the file's path), description, model and tools.

use std::path::PathBuf;

use agentls::analysis::{self, Env, FileContext, Severity};
use agentls::schema::Dialect;
use agentls::syntax::Document;

use crate::conformance_shared::{Seen, Suite, run_suite, suite};

const AUGMENT: Suite = Suite {
    tool: "augment",
    product: "Auggie CLI",
    dialect: Dialect::AugmentAgent,
    placement,
    known: &[
        (
            "agent/hidden-true.md",
            "`hidden: true` is the author's choice: Auggie reads the agent but keeps it out of the list; agentls reports nothing",
        ),
        (
            "agent/not-markdown.txt",
            "Auggie also reads `.txt` files as agents; agentls reads only `.md`",
        ),
        (
            "claude-agent/reviewer.md",
            "Auggie also reads `.claude/agents`; agentls checks files there as Claude Code agents",
        ),
        (
            "claude-agent/same.md",
            "a `.claude/agents` file named like an `.augment/agents` one is not read by Auggie; agentls checks it as a Claude Code agent",
        ),
        (
            "agents-agent/helper.md",
            "Auggie also reads `.agents/agents`; agentls does not classify that folder yet",
        ),
        (
            "agent/name-list.md",
            "a list as `name` is registered as its JSON text (`-a-b-`); agentls warns (invalid-type) and uses the file name",
        ),
        (
            "agent/tools-list-of-numbers.md",
            "a number in `tools` becomes the tool `1`; agentls warns (unknown-tool) and leaves it out of the list",
        ),
    ],
    seen: &[
        Seen::Text("description"),
        Seen::Text("model"),
        Seen::List("tools"),
        Seen::List("disabled_tools"),
    ],
    // Where the YAML or the block is refused, Auggie keeps none of the frontmatter: names only.
    names_only_after: &[
        "yaml-syntax",
        "duplicate-key",
        "frontmatter-unterminated",
        "frontmatter-not-at-start",
        "frontmatter-not-mapping",
        "missing-frontmatter",
        "missing-description",
        "invalid-type",
    ],
    min_cases: 60,
};

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.augment/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.augment/agents/{rel}")),
        // Auggie also reads these folders; agentls classifies them as their own tools' files.
        "claude-agent" => PathBuf::from(format!("/project/.claude/agents/{rel}")),
        "agents-agent" => PathBuf::from(format!("/project/.agents/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn augment_conformance() {
    run_suite(&AUGMENT);
}

/// Auggie refuses no file, so no case gets an error, and every fix agentls offers on a recorded
/// case passes the fix check: applied, its warning is gone and the file still loads.
#[test]
fn augment_cases_get_no_errors_and_fixes_keep_them_loading() {
    let dir = suite("augment");
    let mut problems = Vec::new();
    for entry in walk(&dir.join("cases/agent")) {
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let rel = entry.strip_prefix(dir.join("cases/agent")).unwrap();
        let path = PathBuf::from("/project/.augment/agents").join(rel);
        let Some(dialect) = agentls::schema::classify(&path, &|_| false) else {
            continue;
        };
        let file = FileContext::from_path(&path, dialect);
        let doc = Document::new(&text);
        for d in analysis::diagnostics(&doc, &file, Env::empty()) {
            if d.severity == Severity::Error {
                problems.push(format!("{}: {}: {}", rel.display(), d.code, d.message));
            }
            for fix in d.fixes.iter().filter(|f| f.safe) {
                let fixed = analysis::fix_check::apply(&text, &fix.edits).expect("edits apply");
                let after = analysis::diagnostics(&Document::new(&fixed), &file, Env::empty());
                if after.iter().any(|a| {
                    a.severity == Severity::Error || a.code == d.code && a.range == d.range
                }) {
                    problems.push(format!(
                        "{}: fix `{}` left {:?}",
                        rel.display(),
                        fix.title,
                        after.iter().map(|a| a.code).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("cases") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
