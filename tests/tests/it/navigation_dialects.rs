//! Identity and references per dialect, through `agentls check` (which builds the same index
//! as the server): Copilot handoffs and `agents:`, OpenCode path-derived names, plugin agents
//! and their `plugin:name`, a skill's `agent:`, `skills:` entries and broken links.

use agentls_e2e::*;
use serde_json::Value;

fn messages(json: &Value, code: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let path = d["path"].as_str().unwrap().replace('\\', "/");
            let file = path.rsplit('/').next().unwrap().to_string();
            format!("{file}: {}", d["message"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn each_dialect_resolves_its_own_names() {
    let ws = Workspace::with_files(&[
        // Copilot: the name is the file name unless `name` says otherwise.
        (
            ".github/agents/planner.agent.md",
            "---\ndescription: Plans.\nhandoffs:\n  - label: Build it\n    agent: implementer\n  - label: Ask\n    agent: ask\n  - label: Nobody\n    agent: implementor-x\nagents: [reviewer, '*']\n---\n",
        ),
        (
            ".github/agents/impl.agent.md",
            "---\nname: implementer\ndescription: Implements.\n---\n",
        ),
        // VS Code reads Claude agents too: `reviewer` is found in `.claude/agents`.
        (
            ".claude/agents/reviewer.md",
            "---\nname: reviewer\ndescription: Reviews.\nskills: [pdf, nothing-here]\n---\nSee [the plan](../../.github/agents/planner.agent.md) and [gone](gone.md).\n",
        ),
        (
            ".claude/skills/pdf/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
        (
            ".claude/skills/forked/SKILL.md",
            "---\ndescription: Forks.\ncontext: fork\nagent: Explore\n---\n",
        ),
        // OpenCode: the path after `agent/` is the name.
        (
            ".opencode/agent/review/security.md",
            "---\ndescription: Security review.\nmode: subagent\n---\n",
        ),
        (
            ".opencode/agent/lead.md",
            "---\ndescription: Leads.\n---\nAsk @general, then @review/security.\n",
        ),
        // A plugin agent, reachable as `toolkit:helper`.
        (
            "plugins/toolkit/.claude-plugin/plugin.json",
            "{ \"name\": \"toolkit\" }",
        ),
        (
            "plugins/toolkit/agents/helper.md",
            "---\nname: helper\ndescription: Helps.\n---\n",
        ),
        (
            "plugins/toolkit/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"toolkit:helper\" and subagent_type=\"toolkit-helper\" and subagent_type: \"Helper\"\n",
        ),
    ]);
    let (_, json) = check_json(&[ws.root().to_string_lossy().as_ref()]);
    let unresolved = messages(&json, "unresolved-agent");
    assert_eq!(unresolved.len(), 1, "{unresolved:#?}");
    assert!(unresolved[0].starts_with("planner.agent.md: No agent named `implementor-x`"));
    assert!(
        unresolved[0].contains("Did you mean `implementer`?"),
        "{unresolved:?}"
    );
    let skills = messages(&json, "unresolved-skill");
    assert_eq!(skills.len(), 1, "{skills:#?}");
    assert!(skills[0].contains("`nothing-here`"));
    let links = messages(&json, "broken-link");
    assert_eq!(links.len(), 1, "{links:#?}");
    assert!(links[0].contains("`gone.md`"));
}

#[test]
fn a_single_file_is_checked_against_its_project() {
    let ws = Workspace::with_files(&[
        (
            ".claude/agents/a.md",
            "---\nname: a-agent\ndescription: A.\ntools: Read, Agent(b-agent)\n---\n",
        ),
        (
            ".claude/agents/b.md",
            "---\nname: b-agent\ndescription: B.\n---\n",
        ),
    ]);
    std::fs::create_dir_all(ws.path(".git")).unwrap();
    let (_, json) = check_json(&[ws.path(".claude/agents/a.md").to_string_lossy().as_ref()]);
    assert_eq!(json["summary"]["files"], 1, "{json}");
    assert!(messages(&json, "unresolved-agent").is_empty(), "{json}");
}
