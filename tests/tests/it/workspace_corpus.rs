//! The workspace index over a real plugin marketplace (`<repo>/../shared/corpus/wshobson-agents`):
//! `agentls check` raises no unresolved-reference warning anywhere in it, although its commands
//! delegate with `subagent_type` many times (to agents of the same and of other plugins, by
//! plain, `plugin-agent` and `plugin::agent` names).

use agentls_e2e::*;

#[test]
fn no_unresolved_reference_in_the_wshobson_marketplace() {
    let tree = corpus_subdir("wshobson-agents");
    // The delegations are there to be checked.
    let mut delegations = 0;
    for entry in markdown_files(&tree.join("plugins")) {
        if entry.components().any(|c| c.as_os_str() == "commands") {
            let text = std::fs::read_to_string(&entry).expect("read a corpus file");
            delegations += text.matches("subagent_type").count();
        }
    }
    assert!(
        delegations > 20,
        "only {delegations} subagent_type in the commands"
    );

    let (_, json) = check_json(&[tree.to_string_lossy().as_ref()]);
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    let unresolved: Vec<String> = diags
        .iter()
        .filter(|d| {
            matches!(
                d["code"].as_str(),
                Some("unresolved-agent" | "unresolved-skill" | "duplicate-agent-name")
            )
        })
        .map(|d| format!("{}: {}", d["path"], d["message"]))
        .collect();
    assert!(unresolved.is_empty(), "{}", unresolved.join("\n"));
}
