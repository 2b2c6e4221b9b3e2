//! Cross-file diagnostics of references: which unresolved names are reported, with which
//! suggestion and fix.

use expect_test::expect;

use super::Ws;
use crate::analysis::Settings;
use crate::workspace::diagnostics;

/// The cross-file diagnostics of `rel`: each place annotated with its code, then its fix titles.
fn reported(ws: &Ws, rel: &str) -> String {
    let path = ws.path(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for d in diagnostics(&ws.index, &path, &Settings::default()) {
        let a = agentls_test_support::Annotation::new(d.range.clone(), '^', d.code);
        out.push_str(&agentls_test_support::excerpt(&text, &[a]));
        for f in &d.fixes {
            out.push_str(&format!("  fix: {}\n", f.title));
        }
    }
    out
}

const TEAM: [(&str, &str); 4] = [
    (
        ".claude/agents/backend.md",
        "---\nname: backend\ndescription: Backend.\n---\n",
    ),
    (
        ".claude/agents/backend-dev.md",
        "---\nname: backend-dev\ndescription: Develops.\n---\n",
    ),
    (
        ".claude/agents/backend-engineer.md",
        "---\nname: backend-engineer\ndescription: Engineers.\n---\n",
    ),
    (
        ".claude/agents/frontend-dev.md",
        "---\nname: frontend-dev\ndescription: Frontend.\n---\n",
    ),
];

fn team_with(rel: &'static str, text: &'static str) -> Ws {
    let mut files = TEAM.to_vec();
    files.push((rel, text));
    Ws::new(&files)
}

#[test]
fn a_typo_is_suggested_the_nearest_name_not_a_shorter_prefix() {
    let ws = team_with(
        ".claude/agents/lead.md",
        "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(backend-deve)\n---\nAsk @backend-deve or @backend-enginer.\nTask(subagent_type: \"backend-enginer\")\n",
    );
    let got = reported(&ws, ".claude/agents/lead.md");
    expect![[r#"
        4 | tools: Read, Agent(backend-deve)
          |                    ^^^^^^^^^^^^ unresolved-agent
          fix: Change to `backend-dev`
        6 | Ask @backend-deve or @backend-enginer.
          |      ^^^^^^^^^^^^ unresolved-agent
          fix: Change to `backend-dev`
        6 | Ask @backend-deve or @backend-enginer.
          |                       ^^^^^^^^^^^^^^^ unresolved-agent
          fix: Change to `backend-engineer`
        7 | Task(subagent_type: "backend-enginer")
          |                      ^^^^^^^^^^^^^^^ unresolved-agent
          fix: Change to `backend-engineer`
    "#]]
    .assert_eq(&got);
}

#[test]
fn an_unknown_mention_is_reported_where_it_delegates() {
    let ws = team_with(
        ".claude/agents/lead.md",
        "---\nname: lead\ndescription: Leads.\n---\nDelegate to @devops when: deploying.\n\n| Task | Delegate To |\n|---|---|\n| Test | @qa-team |\n\nThanks @alice. Use @Injectable, @types/node and mail ops@example.com.\n`@inline-code` and\n\n```\nDelegate to @in-fence\n```\n",
    );
    expect![[r#"
        5 | Delegate to @devops when: deploying.
          |              ^^^^^^ unresolved-agent
        9 | | Test | @qa-team |
          |           ^^^^^^^ unresolved-agent
    "#]]
    .assert_eq(&reported(&ws, ".claude/agents/lead.md"));
}

#[test]
fn an_unknown_mention_is_reported_in_a_file_that_mentions_agents() {
    let prose = "Thanks @alice, and ask @reviewer.\n";
    let ws = team_with(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: A.\n---\nThanks @alice, and ask @reviewer.\n",
    );
    assert_eq!(reported(&ws, ".claude/agents/a.md"), "", "{prose}");
    let ws = team_with(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: A.\n---\nFirst @frontend-dev, then @reviewer.\n",
    );
    expect![[r#"
        5 | First @frontend-dev, then @reviewer.
          |                            ^^^^^^^^ unresolved-agent
    "#]]
    .assert_eq(&reported(&ws, ".claude/agents/a.md"));
}
