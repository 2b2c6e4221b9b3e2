//! Qoder CLI agents (`.qoder/agents/**/*.md`) end to end: a copied Claude Code agent loads, one
//! with a colour outside Qoder CLI's palette is an error, completion offers Qoder CLI's keys, tools
//! and models, a mention of another Qoder agent resolves, and `check` fails where Qoder CLI skips a
//! file.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent copied over unchanged: Qoder CLI loads it as it stands.
const COPIED: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: purple\n---\nYou review code.\n";

#[test]
fn a_copied_claude_agent_has_no_diagnostics() {
    let ws = Workspace::new();
    let (server, _, diags) = open_in(&ws, ".qoder/agents/reviewer.md", COPIED);
    assert_eq!(diags, Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn a_colour_outside_the_palette_is_an_error() {
    let ws = Workspace::new();
    let text = COPIED.replace("color: purple", "color: magenta");
    let (server, _, diags) = open_in(&ws, ".qoder/agents/reviewer.md", &text);
    let errors: Vec<(Value, Value, Value)> = diags
        .iter()
        .filter(|d| d["severity"] == 1)
        .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
        .collect();
    assert_eq!(
        errors,
        vec![(
            json!("invalid-value"),
            json!({"start": {"line": 5, "character": 7}, "end": {"line": 5, "character": 14}}),
            json!(
                "Qoder CLI skips this agent: `magenta` is not a valid `color`; use one of `red`, `blue`, `green`, `yellow`, `purple`, `orange`, `pink`, `cyan`."
            ),
        )]
    );
    server.shutdown();
}

#[test]
fn completion_of_keys_tools_and_models() {
    let ws = Workspace::new();
    let fixture = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Gr$0\nmodel: inherit\n---\nYou review code.\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let (mut server, uri, _) = open_in(&ws, ".qoder/agents/reviewer.md", &text);
    let tools = server.completion_labels(&uri, (line, character));
    assert!(tools.contains(&"Grep".to_string()), "{tools:?}");
    assert!(!tools.contains(&"grep_search".to_string()), "{tools:?}");

    let (line, character) = cursor_at(&text, "model: $0inherit", Encoding::Utf16);
    let models = server.completion_labels(&uri, (line, character));
    assert!(models.contains(&"inherit".to_string()), "{models:?}");

    let (line, character) = cursor_at(&text, "$0model:", Encoding::Utf16);
    let keys = server.completion_labels(&uri, (line, character));
    for k in [
        "disallowedTools",
        "maxTurns",
        "timeoutMins",
        "effort",
        "isolation",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"approvalMode".to_string()), "{keys:?}");
    server.shutdown();
}

#[test]
fn a_mention_of_another_qoder_agent_resolves() {
    let lead =
        "---\nname: lead\ndescription: Leads.\ntools: Agent, Read\n---\nAsk @reviewer first.\n";
    let ws = Workspace::with_files(&[
        (".qoder/agents/lead.md", lead),
        (".qoder/agents/team/reviewer.md", COPIED),
    ]);
    let (mut server, uri, _) = open_in(&ws, ".qoder/agents/lead.md", lead);
    let at = text_position(&uri, cursor_at(lead, "Ask @$0reviewer", Encoding::Utf16));
    let def = server.request("textDocument/definition", at.clone());
    assert_eq!(
        def["uri"],
        ws.uri(".qoder/agents/team/reviewer.md"),
        "{def}"
    );
    let places = server.reference_uris(&at);
    assert!(places.contains(&uri), "{places:?}");
    server.shutdown();
}

#[test]
fn check_exits_1_where_qoder_cli_would_skip_an_agent() {
    let ws = Workspace::with_files(&[(".qoder/agents/reviewer.md", COPIED)]);
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 0, "{stdout}");
    ws.write(
        ".qoder/agents/runner.md",
        "---\nname: runner\ndescription: Runs.\nmaxTurns: 0\n---\nYou run things.\n",
    );
    ws.write(
        ".qoder/agents/_draft.md",
        "---\nname: draft\nmaxTurns: 0\n---\nNot read: the name starts with `_`.\n",
    );
    let (code, stdout, _) = check(&[ws.root().to_string_lossy().into_owned()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("runner.md:4:11: error[invalid-value]: Qoder CLI skips this agent: `maxTurns` must be greater than 0"),
        "{stdout}"
    );
    assert!(!stdout.contains("_draft.md"), "{stdout}");
}
