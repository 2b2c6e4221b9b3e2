//! Agent Skills conformance: agentls's verdict for every recorded case equals what the reference
//! validator said (`tests/conformance/agent-skills/verdicts.json`, recorded by
//! `tests/conformance/agent-skills/record` with npm `skills-ref`). A skill the validator rejects,
//! or whose properties it cannot read, gets an error; a valid one gets none, and agentls reads
//! the same name and description.

use std::path::PathBuf;

use agentls::schema::Dialect;

use crate::conformance_shared::{Seen, Suite, assert_fixes_load, fix_refused, run_suite};

const SKILLS: Suite = Suite {
    tool: "agent-skills",
    product: "skills-ref",
    dialect: Dialect::AgentSkill,
    placement,
    known: &[
        (
            "skill/open-comment/SKILL.md",
            "skills-ref takes any first line starting with `---` (it splits the text at `---`); agentls wants `---` alone on the first line, as the specification shows and stricter tools read it",
        ),
        (
            "skill/open-trailing-spaces/SKILL.md",
            "skills-ref takes an opening `---` with trailing spaces; agentls wants it alone on the line",
        ),
    ],
    seen: &[Seen::Text("description")],
    // skills-ref cut the frontmatter at a `---` inside it; agentls warns and reads it whole.
    names_only_after: &["frontmatter-cut"],
    min_cases: 60,
};

/// Where the recorder placed the case: `skill/<folder>/SKILL.md` →
/// `<project>/.agents/skills/<folder>/SKILL.md`.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "skill" => PathBuf::from(format!("/project/.agents/skills/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

#[test]
fn agent_skills_conformance() {
    run_suite(&SKILLS);
}

/// Where skills-ref refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the skill valid: the byte-order mark removed, a value with `: `
/// or a number quoted, a key of another tool removed.
#[test]
fn safe_fixes_make_refused_skills_valid() {
    assert_fixes_load(
        &fix_refused(&SKILLS),
        &[
            "skill/bom/SKILL.md",
            "skill/desc-colon/SKILL.md",
            "skill/123/SKILL.md",
            "skill/key-agent/SKILL.md",
        ],
    );
}
