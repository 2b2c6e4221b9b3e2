//! Rename that finishes the job, through the real server: the file renamed with the name when
//! the client can rename files (Neovim 0.11 declares `resourceOperations` without
//! `documentChanges`), said when it cannot; mentions in other agents' descriptions; same-named
//! agents kept apart; and the file renamed from the `name-mismatch` hint.

use std::time::Duration;

use agentls_e2e::*;
use serde_json::{Value, json};

const BACKEND: &str = "---\nname: backend-dev\ndescription: Builds the API.\n---\nBuild it.\n";
const QA: &str = "---\nname: qa\ndescription: Use after backend-dev finishes; not for the backend-developer.\n---\nAsk @backend-dev for fixes.\n";

fn team() -> Workspace {
    Workspace::with_files(&[
        (".claude/agents/backend-dev.md", BACKEND),
        (".claude/agents/qa.md", QA),
    ])
}

/// Capabilities with the given `workspace.workspaceEdit` (`Null`: none).
fn caps(workspace_edit: Value) -> Value {
    let mut c = client_capabilities(&[]);
    if !workspace_edit.is_null() {
        c["workspace"]["workspaceEdit"] = workspace_edit;
    }
    c
}

/// What Neovim 0.11 declares (`vim.lsp.protocol.make_client_capabilities`).
fn neovim() -> Value {
    caps(json!({ "resourceOperations": ["rename", "create", "delete"] }))
}

fn start(ws: &Workspace, capabilities: Value) -> Server {
    let mut server = Server::start();
    server.initialize_in(&ws.root(), capabilities);
    server
}

fn rename_params(uri: &str, (line, character): (u32, u32), new: &str) -> Value {
    json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": character },
        "newName": new,
    })
}

/// The relative path of a URI in the workspace.
fn rel(ws: &Workspace, uri: &str) -> String {
    let root = file_uri(&ws.root());
    uri.strip_prefix(&root)
        .unwrap_or_else(|| panic!("{uri} is outside the workspace"))
        .trim_start_matches('/')
        .to_string()
}

/// Apply `documentChanges` in order, as an editor does; text edits address the files by
/// the names they have at that point.
fn apply(ws: &Workspace, edit: &Value) {
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        if change["kind"] == "rename" {
            let from = ws.path(&rel(ws, change["oldUri"].as_str().unwrap()));
            let to = ws.path(&rel(ws, change["newUri"].as_str().unwrap()));
            assert!(!to.exists(), "{} exists already", to.display());
            std::fs::rename(&from, &to).expect("rename the file");
        } else {
            let file = rel(ws, change["textDocument"]["uri"].as_str().unwrap());
            assert!(ws.path(&file).exists(), "an edit of {file}, which is gone");
            let edits = change["edits"].as_array().unwrap();
            let text = apply_text_edits(&ws.read(&file), edits, Encoding::Utf16);
            ws.write(&file, text);
        }
    }
}

#[test]
fn neovim_gets_the_file_renamed_after_the_edits() {
    let ws = team();
    let mut server = start(&ws, neovim());
    let uri = ws.uri(".claude/agents/backend-dev.md");
    server.open(&uri, BACKEND);
    let edit = server.request(
        "textDocument/rename",
        rename_params(
            &uri,
            cursor_at(BACKEND, "name: back$0end-dev", Encoding::Utf16),
            "api-dev",
        ),
    );
    let ops = edit["documentChanges"].as_array().expect("documentChanges");
    let kinds: Vec<String> = ops
        .iter()
        .map(|o| match o["kind"].as_str() {
            Some(k) => format!(
                "{k} {} → {}",
                rel(&ws, o["oldUri"].as_str().unwrap()),
                rel(&ws, o["newUri"].as_str().unwrap())
            ),
            None => format!(
                "edit {}",
                rel(&ws, o["textDocument"]["uri"].as_str().unwrap())
            ),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "edit .claude/agents/backend-dev.md",
            "edit .claude/agents/qa.md",
            "rename .claude/agents/backend-dev.md → .claude/agents/api-dev.md",
        ],
        "{edit}"
    );
    server.shutdown();
    apply(&ws, &edit);
    assert!(!ws.path(".claude/agents/backend-dev.md").exists());
    assert!(
        ws.read(".claude/agents/api-dev.md")
            .starts_with("---\nname: api-dev\n")
    );
    // The mention in the description is renamed; `backend-developer` is another word.
    assert_eq!(
        ws.read(".claude/agents/qa.md"),
        "---\nname: qa\ndescription: Use after api-dev finishes; not for the backend-developer.\n---\nAsk @api-dev for fixes.\n"
    );
}

#[test]
fn a_client_that_cannot_rename_files_gets_the_edits_and_a_message() {
    let ws = team();
    let mut server = start(&ws, caps(Value::Null));
    let uri = ws.uri(".claude/agents/qa.md");
    server.open(&uri, QA);
    let edit = server.request(
        "textDocument/rename",
        rename_params(
            &uri,
            cursor_at(QA, "Ask @back$0end-dev", Encoding::Utf16),
            "api-dev",
        ),
    );
    assert!(
        edit.get("documentChanges").is_none_or(Value::is_null),
        "{edit}"
    );
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 2, "{edit}");
    let message = server.wait_notification("window/showMessage", |_| true, Duration::from_secs(30));
    let text = message["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("not the file") && text.contains("`backend-dev.md` to `api-dev.md`"),
        "{message}"
    );
    server.shutdown();
}

#[test]
fn references_include_mentions_in_descriptions() {
    let ws = team();
    let mut server = start(&ws, neovim());
    let uri = ws.uri(".claude/agents/backend-dev.md");
    server.open(&uri, BACKEND);
    let (line, character) = cursor_at(BACKEND, "name: back$0end-dev", Encoding::Utf16);
    let refs = server.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character },
            "context": { "includeDeclaration": false },
        }),
    );
    let shown: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| show_range(QA, &l["range"], Encoding::Utf16))
        .collect();
    assert_eq!(
        shown.concat(),
        "3 | description: Use after backend-dev finishes; not for the backend-developer.\n  |                        ^^^^^^^^^^^\n5 | Ask @backend-dev for fixes.\n  |      ^^^^^^^^^^^\n"
    );
    server.shutdown();
}

const PLANNER: &str = "---\nname: planner\ndescription: Plans.\n---\n";
const CLAUDE_LEAD: &str = "---\nname: lead\ndescription: Leads.\n---\nAsk @planner.\n";
const COPILOT_LEAD: &str = "---\ndescription: Leads.\n---\nAsk @planner.\n";

#[test]
fn same_named_agents_keep_their_own_references() {
    let ws = Workspace::with_files(&[
        (".claude/agents/planner.md", PLANNER),
        (".github/agents/planner.agent.md", PLANNER),
        (".claude/agents/lead.md", CLAUDE_LEAD),
        (".github/chatmodes/lead.chatmode.md", COPILOT_LEAD),
    ]);
    let mut server = start(&ws, neovim());
    let uri = ws.uri(".github/agents/planner.agent.md");
    server.open(&uri, PLANNER);
    let at = cursor_at(PLANNER, "name: plan$0ner", Encoding::Utf16);
    let edit = server.request("textDocument/rename", rename_params(&uri, at, "architect"));
    server.shutdown();
    apply(&ws, &edit);
    assert_eq!(
        ws.read(".github/chatmodes/lead.chatmode.md"),
        COPILOT_LEAD.replace("planner", "architect")
    );
    assert!(ws.path(".github/agents/architect.agent.md").exists());
    // Claude Code's agent of the same name and its references are untouched.
    assert_eq!(ws.read(".claude/agents/lead.md"), CLAUDE_LEAD);
    assert_eq!(ws.read(".claude/agents/planner.md"), PLANNER);
}

#[test]
fn a_true_duplicate_refuses_the_rename_and_says_why() {
    let ws = Workspace::with_files(&[
        (".claude/agents/planner.md", PLANNER),
        (".claude/agents/old/planner-copy.md", PLANNER),
        (".claude/agents/lead.md", CLAUDE_LEAD),
    ]);
    let mut server = start(&ws, neovim());
    let uri = ws.uri(".claude/agents/planner.md");
    server.open(&uri, PLANNER);
    let at = cursor_at(PLANNER, "name: plan$0ner", Encoding::Utf16);
    let err = server
        .request_result("textDocument/rename", rename_params(&uri, at, "architect"))
        .expect_err("the rename is refused");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("also defined by `planner-copy.md`")
            && message.contains("`lead.md`, line 5"),
        "{err}"
    );
    let lead = ws.uri(".claude/agents/lead.md");
    server.open(&lead, CLAUDE_LEAD);
    let at = cursor_at(CLAUDE_LEAD, "@plan$0ner", Encoding::Utf16);
    let err = server
        .request_result("textDocument/prepareRename", json!({ "textDocument": { "uri": lead }, "position": { "line": at.0, "character": at.1 } }))
        .expect_err("an ambiguous reference is refused");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("could mean either"),
        "{err}"
    );
    server.shutdown();
}

const MISNAMED: &str = "---\nname: backend-dev\ndescription: Builds the API.\n---\n";

fn mismatch_actions(ws: &Workspace, capabilities: Value) -> Vec<Value> {
    let mut server = start(ws, capabilities);
    let uri = ws.uri(".claude/agents/api.md");
    server.open(&uri, MISNAMED);
    let diags = server.wait_diagnostics(&uri, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-mismatch")
        .unwrap_or_else(|| panic!("no name-mismatch: {diags:?}"))
        .clone();
    let actions = server.code_actions(&uri, d["range"].clone(), vec![d]);
    server.shutdown();
    actions
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions.iter().filter_map(|a| a["title"].as_str()).collect()
}

#[test]
fn the_name_mismatch_hint_offers_to_rename_the_file() {
    let ws = Workspace::with_files(&[(".claude/agents/api.md", MISNAMED)]);
    let actions = mismatch_actions(&ws, neovim());
    assert_eq!(
        titles(&actions),
        [
            "Rename the file to `backend-dev.md`",
            "Change `name:` to `api`"
        ]
    );
    let ops = &actions[0]["edit"]["documentChanges"];
    assert_eq!(ops.as_array().map(Vec::len), Some(1), "{ops}");
    assert_eq!(
        rel(&ws, ops[0]["newUri"].as_str().unwrap()),
        ".claude/agents/backend-dev.md"
    );
    apply(&ws, &actions[0]["edit"]);
    assert_eq!(ws.read(".claude/agents/backend-dev.md"), MISNAMED);

    // Not when the file exists, nor for a client that cannot rename files.
    let ws = Workspace::with_files(&[
        (".claude/agents/api.md", MISNAMED),
        (".claude/agents/backend-dev.md", "# notes\n"),
    ]);
    assert_eq!(
        titles(&mismatch_actions(&ws, neovim())),
        ["Change `name:` to `api`"]
    );
    let ws = Workspace::with_files(&[(".claude/agents/api.md", MISNAMED)]);
    assert_eq!(
        titles(&mismatch_actions(&ws, caps(Value::Null))),
        ["Change `name:` to `api`"]
    );
}

const QODER_PLANNER: &str = "---\nname: planner\ndescription: Plans the work.\ntools: Read, Grep\n---\nPlan the work step by step.\n";
const QODER_LEAD: &str =
    "---\nname: lead\ndescription: Leads the team.\n---\nDelegate to @planner for every plan.\n";
const DROID_PLANNER: &str =
    "---\nname: planner\ndescription: Plans the work.\n---\nPlan the work step by step.\n";
const DROID_LEAD: &str =
    "---\nname: lead\ndescription: Leads the team.\n---\nDelegate to @planner for every plan.\n";

/// Two of the recorded dialects side by side (Qoder CLI and Factory), each with a `planner` and a
/// lead that delegates to it: renaming Qoder's planner renames Qoder's file and mention, and
/// leaves Factory's droids alone, since each tool loads only its own folder.
#[test]
fn rename_across_two_recorded_dialects_stays_with_the_tool_that_loads_it() {
    let ws = Workspace::with_files(&[
        (".qoder/agents/planner.md", QODER_PLANNER),
        (".qoder/agents/lead.md", QODER_LEAD),
        (".factory/droids/planner.md", DROID_PLANNER),
        (".factory/droids/lead.md", DROID_LEAD),
    ]);
    let mut server = start(&ws, neovim());
    let uri = ws.uri(".qoder/agents/lead.md");
    server.open(&uri, QODER_LEAD);
    let at = cursor_at(QODER_LEAD, "@plan$0ner", Encoding::Utf16);
    let edit = server.request("textDocument/rename", rename_params(&uri, at, "architect"));
    server.shutdown();
    apply(&ws, &edit);
    assert!(!ws.path(".qoder/agents/planner.md").exists(), "{edit}");
    assert_eq!(
        ws.read(".qoder/agents/architect.md"),
        QODER_PLANNER.replace("name: planner", "name: architect")
    );
    assert_eq!(
        ws.read(".qoder/agents/lead.md"),
        QODER_LEAD.replace("@planner", "@architect")
    );
    assert_eq!(ws.read(".factory/droids/planner.md"), DROID_PLANNER);
    assert_eq!(ws.read(".factory/droids/lead.md"), DROID_LEAD);
}
