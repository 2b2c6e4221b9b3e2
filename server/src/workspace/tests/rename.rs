//! Rename plans: the `name:` value, every reference across the index, and the file or skill
//! folder named after the old name; refused for names the dialect forbids, taken names,
//! built-ins, and names that come from a file the editor cannot rename.

use expect_test::{Expect, expect};

use super::{Ws, agent};
use crate::workspace::{RenamePlan, prepare_rename, rename};

/// A plan as annotated source: each edit under its line (`^^^ → new text`), then the renames.
fn show(ws: &Ws, plan: &RenamePlan) -> String {
    let mut out = String::new();
    for (path, edits) in &plan.edits {
        for (span, new) in edits {
            out.push_str(&ws.show(path, span, &format!("→ {new}")));
        }
    }
    for (from, to) in &plan.renames {
        out.push_str(&format!("rename {} → {}\n", ws.rel(from), ws.rel(to)));
    }
    out
}

/// Rename what the `$0` is on to `new` (the client can rename files) and compare the plan.
fn check(ws: &Ws, new: &str, expected: Expect) {
    let (path, at) = ws.cursor();
    let plan = rename(&ws.index, path, at, new, true).unwrap_or_else(|e| panic!("{e}"));
    expected.assert_eq(&show(ws, &plan));
}

/// The error when renaming what the `$0` is on to `new`.
fn refused(ws: &Ws, new: &str, rename_files: bool) -> String {
    let (path, at) = ws.cursor();
    rename(&ws.index, path, at, new, rename_files).expect_err("the rename is refused")
}

fn team(reviewer: &str) -> Ws {
    Ws::new(&[
        (".claude/agents/code-reviewer.md", reviewer),
        (
            ".claude/agents/lead.md",
            &agent(
                "lead",
                "Leads.",
                "Ask @code-reviewer, see [it](code-reviewer.md).\n",
            ),
        ),
        (
            ".claude/commands/review.md",
            "---\ndescription: Review.\n---\nsubagent_type: \"Code Reviewer\" or `code-reviewer`.\n",
        ),
    ])
}

#[test]
fn the_name_every_reference_and_the_file() {
    let ws = team("---\nname: code-rev$0iewer\ndescription: Reviews.\n---\n");
    check(
        &ws,
        "qa-reviewer",
        expect![[r#"
            .claude/agents/code-reviewer.md
            2 | name: code-reviewer
              |       ^^^^^^^^^^^^^ → qa-reviewer
            .claude/agents/lead.md
            5 | Ask @code-reviewer, see [it](code-reviewer.md).
              |      ^^^^^^^^^^^^^ → qa-reviewer
            .claude/agents/lead.md
            5 | Ask @code-reviewer, see [it](code-reviewer.md).
              |                              ^^^^^^^^^^^^^^^^ → qa-reviewer.md
            .claude/commands/review.md
            4 | subagent_type: "Code Reviewer" or `code-reviewer`.
              |                 ^^^^^^^^^^^^^ → qa-reviewer
            .claude/commands/review.md
            4 | subagent_type: "Code Reviewer" or `code-reviewer`.
              |                                    ^^^^^^^^^^^^^ → qa-reviewer
            rename .claude/agents/code-reviewer.md → .claude/agents/qa-reviewer.md
        "#]],
    );
}

#[test]
fn from_a_reference_and_without_renaming_files() {
    let ws = Ws::new(&[
        (
            ".claude/agents/reviewer.md",
            &agent("code-reviewer", "Reviews.", ""),
        ),
        (
            ".claude/commands/review.md",
            "---\ndescription: Review.\n---\nThen @code-rev$0iewer checks.\n",
        ),
    ]);
    // The file is not named after the agent: it keeps its name.
    check(
        &ws,
        "  qa  ",
        expect![[r#"
            .claude/agents/reviewer.md
            2 | name: code-reviewer
              |       ^^^^^^^^^^^^^ → qa
            .claude/commands/review.md
            4 | Then @code-reviewer checks.
              |       ^^^^^^^^^^^^^ → qa
        "#]],
    );
    let (path, at) = ws.cursor();
    let plan = rename(&ws.index, path, at, "qa", false).unwrap();
    assert!(plan.renames.is_empty());
}

#[test]
fn a_skill_renames_its_folder() {
    let ws = Ws::new(&[
        (
            ".claude/skills/pdf/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
        (
            ".claude/agents/writer.md",
            "---\nname: writer\ndescription: Writes.\nskills: [p$0df]\n---\n",
        ),
    ]);
    check(
        &ws,
        "pdf-tools",
        expect![[r#"
            .claude/agents/writer.md
            4 | skills: [pdf]
              |          ^^^ → pdf-tools
            rename .claude/skills/pdf → .claude/skills/pdf-tools
        "#]],
    );
}

#[test]
fn only_the_name_part_of_a_qualified_reference() {
    let ws = Ws::new(&[
        (
            "plugins/kit/.claude-plugin/plugin.json",
            "{ \"name\": \"kit\" }",
        ),
        (
            "plugins/kit/agents/helper.md",
            &agent("helper", "Helps.", ""),
        ),
        (
            "plugins/kit/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"kit:hel$0per\"\n",
        ),
    ]);
    let (path, at) = ws.cursor();
    let (span, name) = prepare_rename(&ws.index, path, at)
        .unwrap()
        .expect("a name to rename");
    assert_eq!(name, "helper");
    expect![[r#"
        plugins/kit/commands/go.md
        4 | subagent_type: "kit:helper"
          |                     ^^^^^^ prepared
    "#]]
    .assert_eq(&ws.show(path, &span, "prepared"));
    check(
        &ws,
        "aide",
        expect![[r#"
            plugins/kit/agents/helper.md
            2 | name: helper
              |       ^^^^^^ → aide
            plugins/kit/commands/go.md
            4 | subagent_type: "kit:helper"
              |                     ^^^^^^ → aide
            rename plugins/kit/agents/helper.md → plugins/kit/agents/aide.md
        "#]],
    );
}

#[test]
fn names_the_dialect_forbids_are_refused() {
    let ws = team("---\nname: code-rev$0iewer\ndescription: Reviews.\n---\n");
    for (new, why) in [
        ("", "the name is empty"),
        ("a/b", "slashes"),
        ("kit:a", "`:` is reserved"),
        ("Code Reviewer", "lowercase"),
    ] {
        let err = refused(&ws, new, true);
        assert!(err.contains(why), "{new:?}: {err}");
    }
}

#[test]
fn a_name_taken_in_the_scope_or_a_file_in_the_way_is_refused() {
    let mut ws = team("---\nname: code-rev$0iewer\ndescription: Reviews.\n---\n");
    assert_eq!(
        refused(&ws, "lead", true),
        "Another agent in this scope is already named `lead`."
    );
    std::fs::write(ws.path(".claude/agents/taken.md"), "# Not an agent\n").unwrap();
    let err = refused(&ws, "taken", true);
    assert!(err.ends_with("taken.md` already exists."), "{err}");
    // Without file renames, the file in the way does not matter.
    let (path, at) = ws.cursor();
    assert!(rename(&ws.index, path, at, "taken", false).is_ok());
    ws.open(".claude/agents/other.md", &agent("other", "O.", ""));
    assert!(refused(&ws, "other", true).contains("already named `other`"));
}

#[test]
fn built_ins_and_file_named_agents_are_refused() {
    let ws = Ws::new(&[(
        ".claude/commands/go.md",
        "---\ndescription: Go.\n---\nsubagent_type: \"Exp$0lore\"\n",
    )]);
    let (path, at) = ws.cursor();
    let err = prepare_rename(&ws.index, path, at).expect_err("a built-in");
    assert_eq!(
        err,
        "`Explore` is built into Claude Code: it cannot be renamed."
    );
    assert_eq!(refused(&ws, "explorer", true), err);

    // A Copilot agent named after its file can only be renamed with its file.
    let ws = Ws::new(&[
        (
            ".github/agents/planner.agent.md",
            "---\ndescription: Plans.\n---\n",
        ),
        (
            ".github/agents/lead.agent.md",
            "---\ndescription: Leads.\nagents: [plan$0ner]\n---\n",
        ),
    ]);
    assert!(
        refused(&ws, "architect", false).contains("this editor cannot rename files"),
        "{}",
        refused(&ws, "architect", false)
    );
    check(
        &ws,
        "architect",
        expect![[r#"
            .github/agents/lead.agent.md
            3 | agents: [planner]
              |          ^^^^^^^ → architect
            rename .github/agents/planner.agent.md → .github/agents/architect.agent.md
        "#]],
    );
}

#[test]
fn nothing_to_rename_in_plain_text() {
    let ws = team("---\nname: code-reviewer\ndescription: Rev$0iews.\n---\n");
    let (path, at) = ws.cursor();
    assert_eq!(prepare_rename(&ws.index, path, at), Ok(None));
    assert_eq!(
        refused(&ws, "x", true),
        "There is no agent or skill name here to rename."
    );
}

#[test]
fn mentions_in_other_descriptions_are_renamed_as_whole_words() {
    let ws = Ws::new(&[
        (
            ".claude/agents/backend-dev.md",
            &agent("backend-$0dev", "Builds the API.", ""),
        ),
        (
            ".claude/agents/qa.md",
            &agent(
                "qa",
                "Use after backend-dev finishes; not for the backend-developer.",
                "",
            ),
        ),
        (
            ".claude/agents/docs.md",
            "---\nname: docs\ndescription: |\n  Writes docs.\n  Pairs with @backend-dev and `backend-dev`.\n---\n",
        ),
    ]);
    check(
        &ws,
        "api-dev",
        expect![[r#"
            .claude/agents/backend-dev.md
            2 | name: backend-dev
              |       ^^^^^^^^^^^ → api-dev
            .claude/agents/docs.md
            5 |   Pairs with @backend-dev and `backend-dev`.
              |               ^^^^^^^^^^^ → api-dev
            .claude/agents/docs.md
            5 |   Pairs with @backend-dev and `backend-dev`.
              |                                ^^^^^^^^^^^ → api-dev
            .claude/agents/qa.md
            3 | description: Use after backend-dev finishes; not for the backend-developer.
              |                        ^^^^^^^^^^^ → api-dev
            rename .claude/agents/backend-dev.md → .claude/agents/api-dev.md
        "#]],
    );
}

#[test]
fn same_named_agents_of_two_products_are_renamed_apart() {
    let files = |claude_cursor: &str, copilot_cursor: &str| {
        Ws::new(&[
            (
                ".claude/agents/planner.md",
                &format!("---\nname: {claude_cursor}\ndescription: Plans.\n---\n"),
            ),
            (
                ".github/agents/planner.agent.md",
                &format!("---\nname: {copilot_cursor}\ndescription: Plans.\n---\n"),
            ),
            (
                ".claude/agents/lead.md",
                &agent("lead", "Leads.", "Ask @planner.\n"),
            ),
            (
                ".github/chatmodes/lead.chatmode.md",
                "---\ndescription: Leads.\n---\nAsk @planner.\n",
            ),
        ])
    };
    check(
        &files("plan$0ner", "planner"),
        "architect",
        expect![[r#"
            .claude/agents/lead.md
            5 | Ask @planner.
              |      ^^^^^^^ → architect
            .claude/agents/planner.md
            2 | name: planner
              |       ^^^^^^^ → architect
            rename .claude/agents/planner.md → .claude/agents/architect.md
        "#]],
    );
    check(
        &files("planner", "plan$0ner"),
        "architect",
        expect![[r#"
            .github/agents/planner.agent.md
            2 | name: planner
              |       ^^^^^^^ → architect
            .github/chatmodes/lead.chatmode.md
            4 | Ask @planner.
              |      ^^^^^^^ → architect
            rename .github/agents/planner.agent.md → .github/agents/architect.agent.md
        "#]],
    );
}

#[test]
fn a_true_duplicate_is_refused_with_the_reason() {
    let ws = Ws::new(&[
        (".claude/agents/twin.md", &agent("tw$0in", "One.", "")),
        (".claude/agents/nested/other.md", &agent("twin", "Two.", "")),
        (
            ".claude/agents/lead.md",
            &agent("lead", "Leads.", "Ask @twin.\n"),
        ),
    ]);
    expect![[r#"`twin` is also defined by `other.md`, and 1 reference (the first in `lead.md`, line 5) could mean either file: give one of them another name first, then rename."#]]
    .assert_eq(&refused(&ws, "single", true));
}

#[test]
fn without_file_renames_the_file_is_left_and_said() {
    let ws = team("---\nname: code-rev$0iewer\ndescription: Reviews.\n---\n");
    let (path, at) = ws.cursor();
    let plan = rename(&ws.index, path, at, "qa-reviewer", false).unwrap();
    assert!(plan.renames.is_empty());
    let (from, to) = plan
        .not_renamed
        .expect("the file named after it is reported");
    assert_eq!(ws.rel(&from), ".claude/agents/code-reviewer.md");
    assert_eq!(ws.rel(&to), ".claude/agents/qa-reviewer.md");
    // The link to the file keeps pointing at the file, which keeps its name.
    let lead = &plan.edits[&ws.path(".claude/agents/lead.md")];
    assert_eq!(lead.len(), 1, "{lead:?}");
}
