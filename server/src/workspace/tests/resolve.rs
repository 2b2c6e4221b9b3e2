//! What references and links resolve to: exact and loose names, the families that see each
//! other, the scope preferred, built-ins, and link targets.

use std::path::{Path, PathBuf};

use expect_test::expect;

use super::{Ws, agent};
use crate::analysis::summary::{RefKind, Target};
use crate::workspace::{Family, Resolution, builtin, link_target, normalize, resolve};

/// What the reference under the `$0` resolves to: `files: <relative paths>`,
/// `built-in: <name>`, `nothing`, or `no reference` (nothing is read as one there).
fn resolved(ws: &Ws) -> String {
    let (path, at) = ws.cursor();
    let from = ws
        .index
        .get(path)
        .expect("the file with the cursor is indexed");
    // The file is closed in the index: its candidates are read again for their places.
    let summary = ws.index.full_summary(from);
    let Some(Target::Ref(r)) = summary.at(at) else {
        return "no reference".to_string();
    };
    match resolve(&ws.index, from, r) {
        Some(Resolution::Files(files)) => {
            let rels: Vec<String> = files.iter().map(|e| ws.rel(&e.path)).collect();
            format!("files: {}", rels.join(", "))
        }
        Some(Resolution::Builtin(b)) => format!("built-in: {}", b.name),
        None => "nothing".to_string(),
    }
}

const REVIEWER: (&str, &str) = (
    ".claude/agents/code-reviewer.md",
    "---\nname: code-reviewer\ndescription: Reviews.\n---\n",
);

#[test]
fn explicit_references_match_loosely_bare_words_exactly() {
    let command = |body: &str| Ws::new(&[REVIEWER, (".claude/commands/go.md", body)]);
    let ws = command("---\ndescription: Go.\n---\nsubagent_type: \"Code Rev$0iewer\"\n");
    assert_eq!(resolved(&ws), "files: .claude/agents/code-reviewer.md");
    let ws = command("---\ndescription: Go.\n---\nAsk @code_rev$0iewer.\n");
    assert_eq!(resolved(&ws), "files: .claude/agents/code-reviewer.md");
    let ws = command("---\ndescription: Go.\n---\nThen the code-rev$0iewer looks.\n");
    assert_eq!(resolved(&ws), "files: .claude/agents/code-reviewer.md");
    // A bare word must be the name exactly: it is no reference otherwise.
    let ws = command("---\ndescription: Go.\n---\nThe Code-Rev$0iewer looks.\n");
    assert!(
        ["nothing", "no reference"].contains(&resolved(&ws).as_str()),
        "{}",
        resolved(&ws)
    );
}

#[test]
fn built_in_agents_resolve_for_their_own_product_only() {
    let ws = Ws::new(&[
        REVIEWER,
        (
            ".claude/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"gener$0al-purpose\"\n",
        ),
    ]);
    assert_eq!(resolved(&ws), "built-in: general-purpose");
    assert!(builtin(Family::Claude, "Explore", RefKind::SubagentType).is_some());
    assert!(builtin(Family::Claude, "explore", RefKind::SubagentType).is_some());
    // A bare word must be spelled exactly.
    assert!(builtin(Family::Claude, "explore", RefKind::Word).is_none());
    // `ask` is Copilot's, `general` OpenCode's.
    assert!(builtin(Family::Claude, "ask", RefKind::Mention).is_none());
    assert!(builtin(Family::Copilot, "ask", RefKind::Handoff).is_some());
    assert!(builtin(Family::OpenCode, "general", RefKind::Mention).is_some());
}

#[test]
fn a_name_in_the_workspace_wins_over_a_built_in() {
    let ws = Ws::new(&[
        (".claude/agents/explore.md", &agent("Explore", "Ours.", "")),
        (
            ".claude/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"Exp$0lore\"\n",
        ),
    ]);
    assert_eq!(resolved(&ws), "files: .claude/agents/explore.md");
}

#[test]
fn copilot_sees_claude_agents_but_claude_code_prefers_its_own() {
    let files = |from: (&'static str, &'static str)| {
        Ws::new(&[
            REVIEWER,
            (
                ".claude/agents/planner.md",
                "---\nname: planner\ndescription: Plans.\n---\n",
            ),
            (
                ".github/agents/planner.agent.md",
                "---\ndescription: Plans.\n---\n",
            ),
            from,
        ])
    };
    // VS Code reads `.claude/agents` too.
    let ws = files((
        ".github/agents/lead.agent.md",
        "---\ndescription: Leads.\nagents: [code-rev$0iewer]\n---\n",
    ));
    assert_eq!(resolved(&ws), "files: .claude/agents/code-reviewer.md");
    let ws = files((
        ".github/agents/lead.agent.md",
        "---\ndescription: Leads.\nagents: [plan$0ner]\n---\n",
    ));
    // Both are seen; the one beside the referring file (the same scope) is preferred.
    assert_eq!(resolved(&ws), "files: .github/agents/planner.agent.md");
    // Claude Code does not read Copilot agents: its own agent of the name wins.
    let ws = files((
        ".claude/commands/go.md",
        "---\ndescription: Go.\n---\nsubagent_type: \"plan$0ner\"\n",
    ));
    assert_eq!(resolved(&ws), "files: .claude/agents/planner.md");
}

#[test]
fn the_same_scope_is_preferred() {
    let ws = Ws::new(&[
        (".claude/agents/helper.md", &agent("helper", "Project.", "")),
        (
            "plugins/kit/.claude-plugin/plugin.json",
            "{ \"name\": \"kit\" }",
        ),
        (
            "plugins/kit/agents/helper.md",
            &agent("helper", "Plugin.", ""),
        ),
        (
            "plugins/kit/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"hel$0per\"\n",
        ),
    ]);
    assert_eq!(resolved(&ws), "files: plugins/kit/agents/helper.md");
    // Outside any scope with the name, every candidate.
    let ws = Ws::new(&[
        (".claude/agents/helper.md", &agent("helper", "Project.", "")),
        (
            "sub/.claude/agents/helper.md",
            &agent("helper", "Nested.", ""),
        ),
        (
            "other/.claude/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"hel$0per\"\n",
        ),
    ]);
    assert_eq!(
        resolved(&ws),
        "files: .claude/agents/helper.md, sub/.claude/agents/helper.md"
    );
}

#[test]
fn skills_entries_name_skills() {
    let ws = Ws::new(&[
        (
            ".claude/skills/pdf/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
        (".claude/agents/pdf.md", &agent("pdf", "Not a skill.", "")),
        (
            ".claude/agents/writer.md",
            "---\nname: writer\ndescription: Writes.\nskills: [p$0df, missing]\n---\n",
        ),
    ]);
    assert_eq!(resolved(&ws), "files: .claude/skills/pdf/SKILL.md");
}

#[test]
fn normalize_resolves_dots_without_the_disk() {
    assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    assert_eq!(normalize(Path::new("a/../../b")), PathBuf::from("../b"));
    assert_eq!(normalize(Path::new("./x")), PathBuf::from("x"));
}

#[test]
fn links_are_relative_and_bare_paths_must_exist() {
    let ws = Ws::new(&[
        REVIEWER,
        (
            ".claude/agents/lead.md",
            "---\nname: lead\ndescription: Leads.\n---\nSee [it](code-reviewer.md), [gone](../gone.md), `.claude/agents/CODE-REVIEWER.md` and `docs/absent.md`.\n",
        ),
    ]);
    let lead = ws.entry(".claude/agents/lead.md");
    let targets: String = lead
        .summary
        .links
        .iter()
        .map(|l| {
            let to = link_target(&ws.index, &lead.path, l).map(|p| ws.rel(&p));
            format!("{} → {to:?}\n", l.target)
        })
        .collect();
    // A Markdown link points where it points, whether or not the file exists; a bare path is
    // tried from each folder up and found in the index ignoring case, or it is no link.
    expect![[r#"
        .claude/agents/CODE-REVIEWER.md → Some(".claude/agents/code-reviewer.md")
        docs/absent.md → None
        code-reviewer.md → Some(".claude/agents/code-reviewer.md")
        ../gone.md → Some(".claude/gone.md")
    "#]]
    .assert_eq(&targets);
}

#[test]
fn a_copilot_file_finds_copilot_agents_before_claude_agents_from_any_folder() {
    let ws = Ws::new(&[
        (
            ".claude/agents/planner.md",
            "---\nname: planner\ndescription: Plans.\n---\n",
        ),
        (
            ".github/agents/planner.agent.md",
            "---\ndescription: Plans.\n---\n",
        ),
        (
            ".github/chatmodes/lead.chatmode.md",
            "---\ndescription: Leads.\n---\nAsk @plan$0ner.\n",
        ),
    ]);
    // Not the same folder as either, but the same product as one: Copilot's own.
    assert_eq!(resolved(&ws), "files: .github/agents/planner.agent.md");
}

#[test]
fn outside_their_scopes_a_project_agent_wins_over_a_plugin_agent() {
    let ws = Ws::new(&[
        (".claude/agents/helper.md", &agent("helper", "Project.", "")),
        (
            "plugins/kit/.claude-plugin/plugin.json",
            "{ \"name\": \"kit\" }",
        ),
        (
            "plugins/kit/agents/helper.md",
            &agent("helper", "Plugin.", ""),
        ),
        (
            "other/.claude/commands/go.md",
            "---\ndescription: Go.\n---\nsubagent_type: \"hel$0per\"\n",
        ),
    ]);
    assert_eq!(resolved(&ws), "files: .claude/agents/helper.md");
}

#[test]
fn names_in_a_description_resolve_exactly_and_as_whole_words() {
    let with = |description: &str| {
        Ws::new(&[
            (
                ".claude/agents/backend-dev.md",
                &agent("backend-dev", "Builds.", ""),
            ),
            (".claude/agents/qa.md", &agent("qa", description, "")),
        ])
    };
    let ws = with("Use after backend-$0dev finishes.");
    assert_eq!(resolved(&ws), "files: .claude/agents/backend-dev.md");
    let ws = with("\"Pairs with @backend-$0dev.\"");
    assert_eq!(resolved(&ws), "files: .claude/agents/backend-dev.md");
    // Another agent's name that starts the same is no mention of it.
    let ws = with("Not for the backend-$0developer.");
    assert!(
        ["nothing", "no reference"].contains(&resolved(&ws).as_str()),
        "{}",
        resolved(&ws)
    );
    let ws = with("Not for Backend-$0Dev.");
    assert!(
        ["nothing", "no reference"].contains(&resolved(&ws).as_str()),
        "{}",
        resolved(&ws)
    );
}

#[test]
fn a_mention_is_found_from_its_at_sign() {
    let command = |body: &str| Ws::new(&[REVIEWER, (".claude/commands/go.md", body)]);
    for body in [
        "Ask $0@code-reviewer.\n",
        "Ask $0@agent-code-reviewer.\n",
        "Ask @agent$0-code-reviewer.\n",
        "Ask $0@\"code-reviewer (agent)\".\n",
    ] {
        let ws = command(&format!("---\ndescription: Go.\n---\n{body}"));
        assert_eq!(
            resolved(&ws),
            "files: .claude/agents/code-reviewer.md",
            "{body}"
        );
    }
    let ws = command("---\ndescription: Go.\n---\nAsk$0 @code-reviewer.\n");
    assert_eq!(resolved(&ws), "no reference");
}
