//! Factory droids (`.factory/droids/*.md`) end to end: a copied Claude Code agent loads with
//! warnings about the tools and the model Factory does not have, completion offers Factory's
//! keys, tools and models, a mention of another droid resolves to it, and `check` passes files
//! Factory loads.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Factory loads it, without `Bash` and `sonnet`.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: purple\n---\nYou review code.\n";
const CLEAN: &str = "---\nname: tester\ndescription: Runs the tests.\nmodel: inherit\ntools: [Read, Grep, Execute]\n---\nYou run the tests.\n";

#[test]
fn a_copied_claude_agent_loads_with_warnings_about_its_tools_and_model() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".factory/droids/reviewer.md", COPIED);
    let found: Vec<(Value, Value, Value)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].clone(),
                d["severity"].clone(),
                d["range"]["start"].clone(),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            json!("unknown-tool"),
            json!(2),
            json!({"line": 3, "character": 19})
        )),
        "{diags:#?}"
    );
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "Factory loads it, no errors: {diags:#?}"
    );
    assert!(
        found.contains(&(
            json!("invalid-value"),
            json!(2),
            json!({"line": 4, "character": 7})
        )),
        "the model `sonnet` is not a Factory model: {diags:#?}"
    );
    server.shutdown();
}

#[test]
fn a_clean_droid_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".factory/droids/tester.md", CLEAN);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn completion_of_keys_tools_and_models() {
    let ws = Workspace::new();
    let fixture = "---\nname: tester\ndescription: Runs the tests.\ntools:\n  - Read\n  - Ex$0\nmodel: inherit\n---\nYou run the tests.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".factory/droids/tester.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"Execute".to_string()), "{tools:?}");

    let (line, character) = cursor_at(&text, "model: $0inherit", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    for m in ["inherit", "claude-sonnet-4-5-20250929"] {
        assert!(
            models.contains(&m.to_string()),
            "{m} missing from {models:?}"
        );
    }
    assert!(!models.contains(&"sonnet".to_string()), "{models:?}");

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in ["reasoningEffort", "mcpServers"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"color".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn a_mentioned_droid_resolves_to_its_file() {
    let lead =
        "---\nname: lead\ndescription: Leads the work.\n---\nDelegate testing to @tester first.\n";
    let ws = Workspace::with_files(&[
        (".factory/droids/tester.md", CLEAN),
        (".factory/droids/lead.md", lead),
    ]);
    let (mut server, uri, _) = open_in(&ws, ".factory/droids/lead.md", lead);
    let at = text_position(&uri, cursor_at(lead, "to @$0tester", Encoding::Utf16));
    let def = server.request("textDocument/definition", at.clone());
    assert_eq!(def["uri"], ws.uri(".factory/droids/tester.md"), "{def}");
    let places = server.reference_uris(&at);
    assert!(places.contains(&uri), "{places:?}");
    server.shutdown();
}

#[test]
fn check_passes_droids_factory_loads() {
    let ws = Workspace::with_files(&[
        (".factory/droids/tester.md", CLEAN),
        (
            ".factory/droids/copied.md",
            &COPIED.replace("name: reviewer", "name: copied"),
        ),
        // No frontmatter: Factory names the droid after its file.
        (".factory/droids/plain.md", "You review code.\n"),
        // A category of tools as the whole value.
        (
            ".factory/droids/scout.md",
            "---\nname: scout\ndescription: Looks around.\ntools: read-only\n---\nYou look around.\n",
        ),
    ]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("plain.md:1:1: warning[missing-frontmatter]: Factory loads this droid under its file name, with no description"),
        "{stdout}"
    );
    assert!(!stdout.contains("scout.md"), "{stdout}");
    assert!(
        stdout.contains("copied.md:4:20: warning[unknown-tool]"),
        "{stdout}"
    );
}
