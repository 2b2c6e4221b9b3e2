//! The workspace index over a real plugin marketplace (`<repo>/../shared/corpus/wshobson-agents`):
//! every `subagent_type` its commands write resolves to an agent or a built-in.

use std::path::PathBuf;

use agentls::analysis::Settings;
use agentls::analysis::summary::RefKind;
use agentls::schema::Dialect;
use agentls::text::PositionEncoding;
use agentls::workspace::{Index, Resolution, resolve};
use agentls_test_support::corpus_subdir;

fn corpus() -> PathBuf {
    corpus_subdir("wshobson-agents")
}

#[test]
fn every_subagent_type_in_the_commands_resolves() {
    let index = Index::build(&[corpus()], &Settings::default(), PositionEncoding::Utf16);
    assert!(index.len() > 400, "indexed only {} files", index.len());
    let mut total = 0;
    let mut to_files = 0;
    let mut unresolved = Vec::new();
    for entry in index.entries() {
        if entry.dialect() != Dialect::ClaudeCommand {
            continue;
        }
        for r in &entry.summary.refs {
            if r.kind != RefKind::SubagentType {
                continue;
            }
            total += 1;
            match resolve(&index, entry, r) {
                Some(Resolution::Files(f)) => {
                    assert!(!f.is_empty());
                    to_files += 1;
                }
                Some(Resolution::Builtin(_)) => {}
                None => unresolved.push(format!(
                    "{}:{}: {}",
                    entry.path.display(),
                    r.span.start.line + 1,
                    r.name
                )),
            }
        }
    }
    assert!(total > 20, "only {total} subagent_type references found");
    assert!(
        unresolved.is_empty(),
        "{} of {total} subagent_type references resolve to nothing:\n{}",
        unresolved.len(),
        unresolved.join("\n")
    );
    // Most name an agent of the marketplace, not only `general-purpose`.
    assert!(to_files > 50, "only {to_files} of {total} resolve to files");
}

#[test]
fn plugin_agents_answer_to_their_qualified_names() {
    let index = Index::build(&[corpus()], &Settings::default(), PositionEncoding::Utf16);
    let found = index.agents_named("c4-architecture:c4-context");
    assert_eq!(found.len(), 1, "{found:?}");
    // The spellings the commands use: `plugin-agent` and `plugin::agent`.
    assert_eq!(index.agents_named("c4-architecture::c4-context").len(), 1);
    assert!(
        !index
            .agents_named("security-scanning-security-auditor")
            .is_empty()
    );
}
