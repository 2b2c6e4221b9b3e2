//! The workspace index over a real plugin marketplace (`<repo>/../shared/corpus/wshobson-agents`):
//! `agentls check` raises no unresolved-reference warning anywhere in it, although its commands
//! delegate with `subagent_type` many times (to agents of the same and of other plugins, by
//! plain, `plugin-agent` and `plugin::agent` names).

use agentls_e2e::*;

#[test]
fn no_unresolved_reference_in_the_wshobson_marketplace() {
    let tree = corpus_dir().join("wshobson-agents");
    // The delegations are there to be checked.
    let mut delegations = 0;
    for entry in walk(&tree.join("plugins")) {
        if entry.components().any(|c| c.as_os_str() == "commands") {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
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

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out
}
