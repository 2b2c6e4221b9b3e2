//! Agent Skills (`SKILL.md` under `.agents/skills`, `.github/skills`, `.cursor/skills`) end to
//! end: a Claude Code skill copied over gets errors for the keys the reference validator refuses,
//! a name that differs from its folder is an error with a fix, completion offers the
//! specification's keys, and the same file under `.claude/skills` stays a Claude Code skill.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code skill copied into `.agents/skills/pdf/`.
const COPIED: &str = "---\nname: pdf\ndescription: Fills in PDF forms.\nmodel: sonnet\nallowed-tools: Read Bash(git:*)\n---\n\nFill in the form.\n";
const CLEAN: &str = "---\nname: pdf\ndescription: Fills in PDF forms.\nlicense: Apache-2.0\nmetadata:\n  author: docs-team\nallowed-tools: Read Bash(git:*)\n---\n\nFill in the form.\n";

fn summary(diags: &[Value]) -> Vec<(Value, Value, Value, Value)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].clone(),
                d["severity"].clone(),
                d["range"].clone(),
                d["message"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_copied_claude_skill_is_refused_for_its_claude_keys() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".agents/skills/pdf/SKILL.md", COPIED);
    assert_eq!(
        summary(&diags),
        vec![(
            json!("unknown-key"),
            json!(1),
            json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 5}}),
            json!(
                "The Agent Skills reference validator (skills-ref) rejects this skill: `model` is not an Agent Skills key; move it under `metadata:` or remove it."
            ),
        )]
    );
    server.shutdown();
}

#[test]
fn the_same_skill_under_claude_skills_stays_a_claude_code_skill() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".claude/skills/pdf/SKILL.md", COPIED);
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "no errors: {diags:#?}"
    );
    server.shutdown();
}

#[test]
fn a_clean_skill_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".github/skills/pdf/SKILL.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn a_name_that_differs_from_the_folder_is_an_error_with_a_fix() {
    let ws = Workspace::new();
    let text = CLEAN.replace("name: pdf", "name: pdf-forms");
    let (mut server, uri, diags) = open_in(&ws, ".cursor/skills/pdf/SKILL.md", &text);
    assert_eq!(
        summary(&diags),
        vec![(
            json!("name-mismatch"),
            json!(1),
            json!({"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 15}}),
            json!(
                "The Agent Skills reference validator (skills-ref) rejects this skill: a skill's `name` must equal its folder's name, but `pdf-forms` is in folder `pdf`. Rename one of them."
            ),
        )]
    );
    let actions = server.code_actions(&uri, diags[0]["range"].clone(), diags.clone());
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Change to `pdf`")
        .expect("a fix");
    let edits = fix["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(apply_text_edits(&text, edits, Encoding::Utf16), CLEAN);
    server.shutdown();
}

#[test]
fn a_description_over_1024_characters_counts_emoji_as_two() {
    let ws = Workspace::new();
    // 513 emoji: 513 characters, but 1026 UTF-16 code units, as the validator counts.
    let text = CLEAN.replace("Fills in PDF forms.", &"🙂".repeat(513));
    let (server, _, diags) = open_in(&ws, ".agents/skills/pdf/SKILL.md", &text);
    let found: Vec<(&str, u64, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["severity"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(
            "invalid-value",
            1,
            "The Agent Skills reference validator (skills-ref) rejects this skill: `description` may hold at most 1024 characters, but it has 1026. Shorten it."
        )]
    );
    server.shutdown();
}

#[test]
fn completion_of_keys_and_tools() {
    let ws = Workspace::new();
    let fixture = "---\nname: pdf\ndescription: Fills in PDF forms.\nallowed-tools: Read Gr$0\n---\n\nFill in the form.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".agents/skills/pdf/SKILL.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"Grep".to_string()), "{tools:?}");

    let (line, character) = cursor_at(&text, "$0allowed-tools:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["license", "compatibility", "metadata"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    for k in ["model", "context", "when_to_use"] {
        assert!(!keys.contains(&k.to_string()), "{k} in {keys:?}");
    }
    server.shutdown();
}

#[test]
fn check_exits_1_where_the_validator_refuses_a_skill() {
    let ws = Workspace::with_files(&[(".agents/skills/pdf/SKILL.md", CLEAN)]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    ws.write(
        ".agents/skills/docs/SKILL.md",
        COPIED.replace("pdf", "docs"),
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("SKILL.md:4:1: error[unknown-key]: The Agent Skills reference validator (skills-ref) rejects this skill: `model` is not an Agent Skills key"),
        "{stdout}"
    );
}
