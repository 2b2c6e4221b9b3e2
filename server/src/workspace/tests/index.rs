//! The index: which files define which names, and how inserting, removing and reloading files
//! keeps the name maps current.

use super::{Ws, agent};
use crate::analysis::Settings;
use crate::workspace::{Family, Kind, MAX_WORKSPACE_SYMBOLS, workspace_symbols};

fn names<'a>(entries: impl IntoIterator<Item = &'a crate::workspace::IndexEntry>) -> Vec<String> {
    entries
        .into_iter()
        .map(|e| {
            e.identity
                .as_ref()
                .map_or("-".to_string(), |i| i.name.clone())
        })
        .collect()
}

#[test]
fn every_agent_skill_and_command_file_is_indexed_and_nothing_else() {
    let ws = Ws::new(&[
        (
            ".claude/agents/reviewer.md",
            &agent("code-reviewer", "Reviews.", ""),
        ),
        (".claude/agents/README.md", "# Agents\n"),
        (
            ".claude/skills/pdf/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
        (
            ".claude/commands/deploy.md",
            "---\ndescription: Deploys.\n---\n",
        ),
        (
            ".github/agents/planner.agent.md",
            "---\ndescription: Plans.\n---\n",
        ),
        (
            ".opencode/agent/review/security.md",
            "---\ndescription: Audits.\n---\n",
        ),
        ("docs/notes.md", "# Notes\n"),
    ]);
    let mut indexed: Vec<String> = ws.index.entries().map(|e| ws.rel(&e.path)).collect();
    indexed.sort();
    assert_eq!(
        indexed,
        [
            ".claude/agents/README.md",
            ".claude/agents/reviewer.md",
            ".claude/commands/deploy.md",
            ".claude/skills/pdf/SKILL.md",
            ".github/agents/planner.agent.md",
            ".opencode/agent/review/security.md",
        ]
    );
    assert!(ws.index.complete);
    // Names come from `name:`, a skill's folder, a Copilot file name, an OpenCode path; a
    // command is named after its file; a Claude Code agent without `name:` defines nothing.
    assert_eq!(
        ws.index.agent_names().collect::<Vec<_>>(),
        ["code-reviewer", "planner", "review/security"]
    );
    assert_eq!(ws.index.skill_names().collect::<Vec<_>>(), ["pdf"]);
    assert_eq!(ws.entry(".claude/agents/README.md").identity, None);
    let command = ws.entry(".claude/commands/deploy.md");
    assert_eq!(command.kind(), Kind::Command);
    assert_eq!(command.identity.as_ref().unwrap().name, "deploy");
    assert_eq!(
        ws.entry(".github/agents/planner.agent.md").family(),
        Family::Copilot
    );
}

#[test]
fn names_are_found_loosely_and_sorted_by_path() {
    let ws = Ws::new(&[
        (".claude/agents/a.md", &agent("code-reviewer", "One.", "")),
        (
            "sub/.claude/agents/b.md",
            &agent("code_reviewer", "Two.", ""),
        ),
        (
            ".claude/skills/pdf-tools/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
    ]);
    let found: Vec<String> = ws
        .index
        .agents_named("Code Reviewer")
        .iter()
        .map(|e| ws.rel(&e.path))
        .collect();
    assert_eq!(found, [".claude/agents/a.md", "sub/.claude/agents/b.md"]);
    assert_eq!(ws.index.skills_named("PDF_tools").len(), 1);
    assert!(
        ws.index.agents_named("pdf-tools").is_empty(),
        "skills are not agents"
    );
    assert!(ws.index.skills_named("code-reviewer").is_empty());
    // Sorted by name, then path.
    assert_eq!(names(ws.index.agents()), ["code-reviewer", "code_reviewer"]);
}

#[test]
fn plugin_agents_answer_to_their_qualified_names() {
    let ws = Ws::new(&[
        (
            "plugins/kit/.claude-plugin/plugin.json",
            "{ \"name\": \"toolkit\" }",
        ),
        (
            "plugins/kit/agents/helper.md",
            &agent("helper", "Helps.", ""),
        ),
        (
            "plugins/kit/agents/deep/nested.md",
            "---\ndescription: Nested.\n---\n",
        ),
    ]);
    // The manifest's name, not the folder's; an agent without `name:` is named after its file.
    assert_eq!(
        ws.index.agent_names().collect::<Vec<_>>(),
        ["helper", "nested", "toolkit:deep:nested", "toolkit:helper"]
    );
    let helper = ws.entry("plugins/kit/agents/helper.md");
    assert_eq!(helper.origin.plugin.as_deref(), Some("toolkit"));
    assert_eq!(*helper.origin.scope, *ws.path("plugins/kit"));
    assert_eq!(ws.index.agents_named("toolkit::helper").len(), 1);
    assert_eq!(ws.index.agents_named("toolkit-helper").len(), 1);
}

#[test]
fn insert_reports_whether_the_names_changed() {
    let mut ws = Ws::new(&[(".claude/agents/a.md", &agent("alpha", "First.", ""))]);
    let rel = ".claude/agents/a.md";
    // The same name and description: nothing changed for other files.
    assert!(!ws.open(rel, &agent("alpha", "First.", "A new body.")));
    assert!(ws.entry(rel).open);
    // A new description is shown by hovers and completions elsewhere.
    assert!(ws.open(rel, &agent("alpha", "Changed.", "")));
    // A new name.
    assert!(ws.open(rel, &agent("beta", "Changed.", "")));
    assert!(ws.index.agents_named("alpha").is_empty());
    assert_eq!(ws.index.agents_named("beta").len(), 1);
    // A file that was not indexed yet.
    assert!(ws.open(".claude/agents/new.md", &agent("gamma", "New.", "")));
    assert_eq!(ws.index.len(), 2);
}

#[test]
fn remove_forgets_a_file_and_its_names() {
    let mut ws = Ws::new(&[
        (".claude/agents/a.md", &agent("alpha", "First.", "")),
        (".claude/agents/README.md", "# Agents\n"),
    ]);
    assert!(
        ws.index.remove(&ws.path(".claude/agents/a.md")),
        "it defined a name"
    );
    assert!(ws.index.agents_named("alpha").is_empty());
    assert_eq!(ws.index.agent_names().count(), 0);
    assert!(
        !ws.index.remove(&ws.path(".claude/agents/README.md")),
        "no name"
    );
    assert!(!ws.index.remove(&ws.path(".claude/agents/never.md")));
    assert!(ws.index.is_empty());
}

#[test]
fn a_deleted_folder_keeps_its_open_buffers() {
    let mut ws = Ws::new(&[
        (".claude/agents/a.md", &agent("alpha", "A.", "")),
        (".claude/agents/b.md", &agent("beta", "B.", "")),
        ("other/.claude/agents/c.md", &agent("gamma", "C.", "")),
    ]);
    ws.open(".claude/agents/b.md", &agent("beta", "B, edited.", ""));
    assert!(ws.index.remove_under(&ws.path(".claude")));
    assert_eq!(names(ws.index.agents()), ["beta", "gamma"]);
    assert!(!ws.index.remove_under(&ws.path("nothing-here")));
}

#[test]
fn reload_reads_the_disk_unless_the_buffer_is_open() {
    let mut ws = Ws::new(&[(".claude/agents/a.md", &agent("alpha", "A.", ""))]);
    let path = ws.path(".claude/agents/a.md");
    let settings = Settings::default();
    std::fs::write(&path, agent("renamed", "A.", "")).unwrap();
    assert!(ws.index.reload(&path, &settings));
    assert_eq!(ws.index.agent_names().collect::<Vec<_>>(), ["renamed"]);
    // An open buffer wins over the disk until it is closed.
    ws.open(".claude/agents/a.md", &agent("buffer", "A.", ""));
    std::fs::write(&path, agent("disk", "A.", "")).unwrap();
    assert!(!ws.index.reload(&path, &settings));
    assert_eq!(ws.index.agent_names().collect::<Vec<_>>(), ["buffer"]);
    ws.index.set_open(&path, false);
    assert!(ws.index.reload(&path, &settings));
    assert_eq!(ws.index.agent_names().collect::<Vec<_>>(), ["disk"]);
    // Gone from disk: removed.
    std::fs::remove_file(&path).unwrap();
    assert!(ws.index.reload(&path, &settings));
    assert!(ws.index.is_empty());
}

#[test]
fn paths_are_found_ignoring_case() {
    let ws = Ws::new(&[(".claude/agents/Code-Reviewer.md", &agent("cr", "R.", ""))]);
    let found = ws
        .index
        .path_ignoring_case(&ws.path(".claude/agents/code-reviewer.md"));
    assert_eq!(
        found,
        Some(ws.path(".claude/agents/Code-Reviewer.md").as_path())
    );
    assert_eq!(
        ws.index
            .path_ignoring_case(&ws.path(".claude/agents/other.md")),
        None
    );
}

#[test]
fn workspace_names_list_each_name_once_with_its_description() {
    let ws = Ws::new(&[
        (".claude/agents/a.md", &agent("alpha", "First.", "")),
        ("sub/.claude/agents/a.md", &agent("alpha", "Second.", "")),
        (
            ".claude/skills/pdf/SKILL.md",
            "---\ndescription: PDFs.\n---\n",
        ),
        (".claude/agents/b.md", &agent("beta", "B.", "")),
    ]);
    let names = ws.index.names();
    let agents: Vec<(&str, Option<&str>)> = names
        .agents
        .iter()
        .map(|n| (n.name.as_str(), n.description.as_deref()))
        .collect();
    assert_eq!(agents.len(), 2, "{agents:?}");
    assert_eq!(agents[0].0, "alpha");
    assert_eq!(agents[1], ("beta", Some("B.")));
    assert_eq!(names.skills.len(), 1);
    assert_eq!(names.skills[0].name, "pdf");
}

/// The learned team keys of the index, as `dialect-id key (files)`.
fn learned(ws: &Ws) -> Vec<String> {
    ws.index
        .team_keys()
        .iter()
        .filter(|(_, k)| k.learned)
        .map(|((d, key), k)| format!("{} {key} ({})", d.id(), k.files))
        .collect()
}

#[test]
fn keys_used_in_three_files_are_learned_and_follow_edits() {
    let with =
        |name: &str, extra: &str| format!("---\nname: {name}\ndescription: d\n{extra}---\nBody\n");
    let mut ws = Ws::new(&[
        (
            ".claude/agents/a.md",
            &with("a", "complexity: low\ndescripton: x\n"),
        ),
        (
            ".claude/agents/b.md",
            &with("b", "complexity: high\ndescripton: x\n"),
        ),
        (
            ".claude/agents/c.md",
            &with("c", "complexity: low\ndescripton: x\nonce: 1\n"),
        ),
        (".claude/agents/d.md", &with("d", "")),
    ]);
    // A misspelt key stays a typo however often it is copied; a key of one file is no
    // convention.
    assert_eq!(learned(&ws), ["claude-agent complexity (3)"]);
    let gen0 = ws.index.team_keys_generation();
    // An edit of the body leaves the keys alone: nothing to learn again.
    assert!(!ws.open(
        ".claude/agents/d.md",
        &with("d", "").replace("Body", "Other")
    ));
    assert_eq!(ws.index.team_keys_generation(), gen0);
    // A fourth file takes up `once`... still two short of three.
    assert!(!ws.open(".claude/agents/d.md", &with("d", "once: 2\n")));
    assert_eq!(learned(&ws), ["claude-agent complexity (3)"]);
    // One file drops `complexity`: two files are not a convention any more; the set changed.
    assert!(ws.open(".claude/agents/a.md", &with("a", "once: 3\n")));
    assert_eq!(learned(&ws), ["claude-agent once (3)"]);
    assert_ne!(ws.index.team_keys_generation(), gen0);
    assert!(ws.index.remove(&ws.path(".claude/agents/c.md")));
    assert!(learned(&ws).is_empty());
}

#[test]
fn a_batch_of_closed_files_learns_as_one_by_one_inserts_and_keeps_open_buffers() {
    let with =
        |name: &str, extra: &str| format!("---\nname: {name}\ndescription: d\n{extra}---\nBody\n");
    let files = [
        (".claude/agents/a.md", with("a", "complexity: low\n")),
        (".claude/agents/b.md", with("b", "complexity: high\n")),
        (".claude/agents/c.md", with("c", "complexity: low\n")),
        (".claude/agents/d.md", with("d", "")),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let mut ws = Ws::new(&refs);
    assert_eq!(learned(&ws), ["claude-agent complexity (3)"]);
    // The buffer of `d` names another agent; a batch read from disk must not replace it.
    assert!(ws.open(".claude/agents/d.md", &with("e", "")));
    let enc = crate::text::PositionEncoding::Utf16;
    let dialect = crate::schema::Dialect::ClaudeAgent;
    let load = |rel: &str| crate::workspace::load_file(&ws.path(rel), dialect, enc).unwrap();
    let mut batch = crate::workspace::Index::new(enc);
    assert!(batch.insert_closed(files.iter().map(|(p, _)| load(p))));
    let mut one_by_one = crate::workspace::Index::new(enc);
    for (p, _) in &files {
        one_by_one.insert(load(p), false);
    }
    assert_eq!(batch.team_keys(), one_by_one.team_keys());
    assert_eq!(names(batch.agents()), names(one_by_one.agents()));
    // Into the session's index: the open buffer wins, the others are read again unchanged.
    let again: Vec<_> = files.iter().map(|(p, _)| load(p)).collect();
    assert!(!ws.index.insert_closed(again));
    assert_eq!(names(ws.index.agents()), ["a", "b", "c", "e"]);
}

#[test]
fn workspace_symbols_are_capped_and_best_ranked_first() {
    // More matching agents than the cap: the exact name, then prefixes, substrings and
    // subsequences, each by name.
    let mut files: Vec<(String, String)> = (0..MAX_WORKSPACE_SYMBOLS + 40)
        .map(|i| {
            let name = format!("zz-backend-{i:04}");
            (format!(".claude/agents/{name}.md"), agent(&name, "x", ""))
        })
        .collect();
    for name in ["Backend", "backend-api", "b-a-c-k-e-n-d"] {
        files.push((format!(".claude/agents/{name}.md"), agent(name, "x", "")));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let ws = Ws::new(&refs);
    let symbols = workspace_symbols(&ws.index, "backend");
    assert_eq!(symbols.len(), MAX_WORKSPACE_SYMBOLS);
    let names: Vec<&str> = symbols.iter().take(4).map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Backend",
            "backend-api",
            "zz-backend-0000",
            "zz-backend-0001"
        ]
    );
    assert_eq!(symbols.last().unwrap().name, "zz-backend-0253");
    // A longer query reaches any name.
    let one = workspace_symbols(&ws.index, "zz-backend-0295");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].name, "zz-backend-0295");
    // The subsequence is ranked last: cut here, found by its own query.
    let sub = workspace_symbols(&ws.index, "b-a-c");
    assert_eq!(sub[0].name, "b-a-c-k-e-n-d");
}

#[test]
fn a_closed_file_keeps_its_candidate_names_and_reads_their_places_again_when_asked() {
    let ws = Ws::new(&[
        (
            ".claude/agents/lead.md",
            &agent(
                "lead",
                "Leads.",
                "Ask `code-reviewer` first.\nThen @code-reviewer, and code-reviewer again.\n",
            ),
        ),
        (
            ".claude/agents/reviewer.md",
            &agent("code-reviewer", "Reviews.", ""),
        ),
    ]);
    let lead = ws.entry(".claude/agents/lead.md");
    // Kept: the explicit mention whole, the candidates once each by kind, with their line.
    assert_eq!(lead.summary.refs.len(), 1);
    let kept: Vec<(&str, u32)> = lead
        .summary
        .elided
        .as_deref()
        .expect("a closed file's candidates are elided")
        .iter()
        .map(|c| (c.name.as_str(), c.line))
        .collect();
    assert_eq!(kept, [("code-reviewer", 4), ("code-reviewer", 5)]);
    // Asked for: every place, from the file.
    let full = ws.index.full_summary(lead);
    let places: Vec<(u32, u32)> = full
        .refs
        .iter()
        .map(|r| (r.span.start.line, r.span.start.col))
        .collect();
    assert_eq!(places, [(4, 5), (5, 6), (5, 25)]);
    // A file that cannot be read any more answers with what the index holds.
    std::fs::remove_file(ws.path(".claude/agents/lead.md")).unwrap();
    assert_eq!(*ws.index.full_summary(lead), *lead.summary);
}
