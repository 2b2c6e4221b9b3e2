//! Delegation as calls: incoming and outgoing calls, and who delegates (the code lens).

use expect_test::expect;

use super::{Ws, agent};
use crate::workspace::{Kind, call_items, delegators, incoming_calls, outgoing_calls};

fn team() -> Ws {
    Ws::new(&[
        (
            ".claude/agents/lead.md",
            &agent(
                "lead",
                "Leads.",
                "I am the lead. Ask @rev$0iewer, then `reviewer` again.\n",
            ),
        ),
        (
            ".claude/agents/reviewer.md",
            &agent("reviewer", "Reviews.", "As `reviewer`, ask @lead.\n"),
        ),
        (
            ".claude/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"reviewer\"\n",
        ),
    ])
}

#[test]
fn incoming_and_outgoing_calls_leave_out_mentions_of_oneself() {
    let ws = team();
    let (path, at) = ws.cursor();
    let items = call_items(&ws.index, path, at);
    assert_eq!(items.len(), 1);
    let reviewer = &items[0];
    assert_eq!(
        (reviewer.name.as_str(), reviewer.kind),
        ("reviewer", Kind::Agent)
    );
    let shown = |calls: Vec<crate::workspace::Call>, in_caller: bool| -> String {
        calls
            .iter()
            .map(|c| {
                let file = if in_caller { &c.item.path } else { path };
                let places: Vec<String> = c.ranges.iter().map(|s| ws.show(file, s, "")).collect();
                format!("{} ({:?})\n{}", c.item.name, c.item.kind, places.concat())
            })
            .collect()
    };
    // "As `reviewer`" in its own file is no call.
    expect![[r#"
        go (Command)
        .claude/commands/go.md
        4 | subagent_type: "reviewer"
          |                 ^^^^^^^^
        lead (Agent)
        .claude/agents/lead.md
        5 | I am the lead. Ask @reviewer, then `reviewer` again.
          |                     ^^^^^^^^
        .claude/agents/lead.md
        5 | I am the lead. Ask @reviewer, then `reviewer` again.
          |                                     ^^^^^^^^
    "#]]
    .assert_eq(&shown(incoming_calls(&ws.index, &reviewer.path), true));
    expect![[r#"
        reviewer (Agent)
        .claude/agents/lead.md
        5 | I am the lead. Ask @reviewer, then `reviewer` again.
          |                     ^^^^^^^^
        .claude/agents/lead.md
        5 | I am the lead. Ask @reviewer, then `reviewer` again.
          |                                     ^^^^^^^^
    "#]]
    .assert_eq(&shown(outgoing_calls(&ws.index, path), false));
    let who = delegators(&ws.index, &reviewer.path).unwrap();
    assert_eq!(who.title(Kind::Agent), "delegated to by 1 agent, 1 command");
    assert_eq!(who.places.len(), 3);
    let who = delegators(&ws.index, path).unwrap();
    assert_eq!(who.title(Kind::Agent), "delegated to by 1 agent");
}

#[test]
fn a_description_that_names_an_agent_delegates_nothing() {
    let ws = Ws::new(&[
        (
            ".claude/agents/backend-dev.md",
            &agent("backend-$0dev", "Builds.", ""),
        ),
        (
            ".claude/agents/qa.md",
            &agent("qa", "Use after backend-dev finishes.", ""),
        ),
    ]);
    let (path, _) = ws.cursor();
    assert!(incoming_calls(&ws.index, path).is_empty());
    assert!(delegators(&ws.index, path).is_none_or(|d| d.places.is_empty()));
}
