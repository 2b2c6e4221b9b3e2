//! Navigation across a team of agents, through the real server: definition, references,
//! rename (applied and re-checked), document and workspace symbols, hover, completion after `@`,
//! and the cross-file diagnostics (unresolved and duplicate names).

use agentls_e2e::*;
use expect_test::expect;
use serde_json::{Value, json};

const REVIEWER: &str = "---
name: code-reviewer
description: Reviews code for quality and security.
model: sonnet
tools: Read, Grep, Agent(test-runner)
---
# Code reviewer

You review code. When done, hand off to @test-runner.

## Checklist

- Style
";

const RUNNER: &str = "---
name: test-runner
description: Runs the test suite and reports failures.
tools: Read, Bash
skills:
  - pdf-tools
---
Run the tests. Ask the code-reviewer to look at failures.
See [the reviewer](code-reviewer.md).
";

const SKILL: &str = "---
name: pdf-tools
description: Works with PDF files.
---
Use it.
";

const COMMAND: &str = "---
description: Review the current change
---
Use the Task tool with subagent_type: \"code-reviewer\", then ask @test-runner.
Also ask @tset-runner and use subagent_type: \"missing-agent\" or `Explore`.
";

const TWIN_A: &str = "---\nname: twin\ndescription: One.\n---\n";
const TWIN_B: &str = "---\nname: twin\ndescription: Two.\n---\n";

fn team() -> Workspace {
    Workspace::with_files(&[
        (".claude/agents/code-reviewer.md", REVIEWER),
        (".claude/agents/test-runner.md", RUNNER),
        (".claude/skills/pdf-tools/SKILL.md", SKILL),
        (".claude/commands/review.md", COMMAND),
    ])
}

/// Client capabilities with versioned document changes, file renames and dynamic watchers.
fn caps() -> Value {
    let mut c = client_capabilities(&[]);
    c["workspace"]["workspaceEdit"] = json!({
        "documentChanges": true,
        "resourceOperations": ["create", "rename", "delete"],
    });
    c["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    c
}

/// The position of the `$0` in `snippet`, a marked piece of `text` that occurs once in it.
fn pos(text: &str, snippet: &str) -> (u32, u32) {
    cursor_at(text, snippet, Encoding::Utf16)
}

fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize_in(&ws.root(), caps());
    server
}

/// LSP locations in the workspace as annotated source, sorted: each file's path, then the line
/// the range is on with the range marked (`^^^`).
fn places(ws: &Workspace, locations: &Value) -> String {
    let root = file_uri(&ws.root());
    let mut places: Vec<String> = locations
        .as_array()
        .unwrap_or_else(|| panic!("not a list of locations: {locations}"))
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().expect("a location has a uri");
            let rel = uri
                .strip_prefix(&root)
                .unwrap_or_else(|| panic!("{uri} is outside the workspace"))
                .trim_start_matches('/');
            let text = ws.read(rel);
            format!("{rel}\n{}", show_range(&text, &l["range"], Encoding::Utf16))
        })
        .collect();
    places.sort();
    places.concat()
}

#[test]
fn definition_jumps_to_the_name_line_and_to_skills() {
    let ws = team();
    let mut server = start(&ws);
    let cmd = ws.uri(".claude/commands/review.md");
    server.open(&cmd, COMMAND);
    // `subagent_type: "code-reviewer"` → the reviewer's `name:` value.
    let def = server.request(
        "textDocument/definition",
        text_position(&cmd, pos(COMMAND, "subagent_type: \"cod$0e-reviewer\"")),
    );
    assert_eq!(
        def["uri"],
        ws.uri(".claude/agents/code-reviewer.md"),
        "{def}"
    );
    expect![[r#"
        2 | name: code-reviewer
          |       ^^^^^^^^^^^^^
    "#]]
    .assert_eq(&show_range(REVIEWER, &def["range"], Encoding::Utf16));
    // `@test-runner` in the body.
    let def = server.request(
        "textDocument/definition",
        text_position(&cmd, pos(COMMAND, "ask @t$0est-runner.")),
    );
    assert_eq!(def["uri"], ws.uri(".claude/agents/test-runner.md"), "{def}");
    // A built-in resolves, without a place to go.
    let def = server.request(
        "textDocument/definition",
        text_position(&cmd, pos(COMMAND, "`E$0xplore`")),
    );
    assert!(def.is_null() || def == json!([]), "{def}");

    // A `skills:` entry → the skill's SKILL.md; a Markdown link → the linked agent.
    let runner = ws.uri(".claude/agents/test-runner.md");
    server.open(&runner, RUNNER);
    let def = server.request(
        "textDocument/definition",
        text_position(&runner, pos(RUNNER, "- pd$0f-tools")),
    );
    assert_eq!(
        def["uri"],
        ws.uri(".claude/skills/pdf-tools/SKILL.md"),
        "{def}"
    );
    let def = server.request(
        "textDocument/definition",
        text_position(&runner, pos(RUNNER, "(co$0de-reviewer.md)")),
    );
    assert_eq!(
        def["uri"],
        ws.uri(".claude/agents/code-reviewer.md"),
        "{def}"
    );
    // A bare kebab-case word that names an agent is a reference too.
    let def = server.request(
        "textDocument/definition",
        text_position(&runner, pos(RUNNER, "the co$0de-reviewer")),
    );
    assert_eq!(
        def["uri"],
        ws.uri(".claude/agents/code-reviewer.md"),
        "{def}"
    );
    server.shutdown();
}

#[test]
fn references_with_and_without_the_declaration() {
    let ws = team();
    let mut server = start(&ws);
    let reviewer = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&reviewer, REVIEWER);
    let at_name = pos(REVIEWER, "name: co$0de-reviewer");
    let mut params = text_position(&reviewer, at_name);
    params["context"] = json!({ "includeDeclaration": true });
    // The declaration, `subagent_type: "code-reviewer"`, "Ask the code-reviewer" and
    // `[the reviewer](code-reviewer.md)`, sorted by file.
    let with = server.request("textDocument/references", params.clone());
    expect![[r#"
        .claude/agents/code-reviewer.md
        2 | name: code-reviewer
          |       ^^^^^^^^^^^^^
        .claude/agents/test-runner.md
        8 | Run the tests. Ask the code-reviewer to look at failures.
          |                        ^^^^^^^^^^^^^
        .claude/agents/test-runner.md
        9 | See [the reviewer](code-reviewer.md).
          |                    ^^^^^^^^^^^^^^^^
        .claude/commands/review.md
        4 | Use the Task tool with subagent_type: "code-reviewer", then ask @test-runner.
          |                                        ^^^^^^^^^^^^^
    "#]]
    .assert_eq(&places(&ws, &with));
    params["context"] = json!({ "includeDeclaration": false });
    let without = server.request("textDocument/references", params);
    expect![[r#"
        .claude/agents/test-runner.md
        8 | Run the tests. Ask the code-reviewer to look at failures.
          |                        ^^^^^^^^^^^^^
        .claude/agents/test-runner.md
        9 | See [the reviewer](code-reviewer.md).
          |                    ^^^^^^^^^^^^^^^^
        .claude/commands/review.md
        4 | Use the Task tool with subagent_type: "code-reviewer", then ask @test-runner.
          |                                        ^^^^^^^^^^^^^
    "#]]
    .assert_eq(&places(&ws, &without));
    server.shutdown();
}

/// Apply a `WorkspaceEdit` with `documentChanges` to the files on disk, as an editor does.
fn apply(ws: &Workspace, edit: &Value) {
    let changes = edit["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("no documentChanges: {edit}"));
    let root = file_uri(&ws.root());
    let rel = |uri: &str| {
        uri.strip_prefix(&root)
            .unwrap_or_else(|| panic!("{uri} is outside the workspace"))
            .trim_start_matches('/')
            .to_string()
    };
    for change in changes {
        if change["kind"] == "rename" {
            let from = ws.path(&rel(change["oldUri"].as_str().unwrap()));
            let to = ws.path(&rel(change["newUri"].as_str().unwrap()));
            assert!(!to.exists(), "{} exists already", to.display());
            std::fs::rename(&from, &to).expect("rename the file");
        } else {
            let file = rel(change["textDocument"]["uri"].as_str().unwrap());
            let edits = change["edits"].as_array().unwrap();
            let text = apply_text_edits(&ws.read(&file), edits, Encoding::Utf16);
            ws.write(&file, text);
        }
    }
}

#[test]
fn rename_changes_the_name_every_reference_and_the_file() {
    let ws = team();
    let mut server = start(&ws);
    let reviewer = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&reviewer, REVIEWER);
    // From a reference: `@test-runner` in the reviewer's body.
    let at = pos(REVIEWER, "@te$0st-runner");
    let prepared = server.request("textDocument/prepareRename", text_position(&reviewer, at));
    assert_eq!(prepared["placeholder"], "test-runner", "{prepared}");
    expect![[r#"
        9 | You review code. When done, hand off to @test-runner.
          |                                          ^^^^^^^^^^^
    "#]]
    .assert_eq(&show_range(REVIEWER, &prepared["range"], Encoding::Utf16));
    let mut params = text_position(&reviewer, at);
    params["newName"] = json!("qa-runner");
    let edit = server.request("textDocument/rename", params);
    let ops = edit["documentChanges"].as_array().expect("documentChanges");
    // The file rename comes after every text edit.
    assert_eq!(ops.last().unwrap()["kind"], "rename", "{edit}");
    assert!(
        ops.last().unwrap()["newUri"]
            .as_str()
            .unwrap()
            .ends_with("/.claude/agents/qa-runner.md")
    );
    // The open document is addressed with its version.
    let reviewer_edit = ops
        .iter()
        .find(|o| o["textDocument"]["uri"] == reviewer)
        .expect("an edit of the reviewer");
    assert_eq!(reviewer_edit["textDocument"]["version"], 1);
    server.shutdown();

    apply(&ws, &edit);
    assert!(!ws.path(".claude/agents/test-runner.md").exists());
    let runner = ws.read(".claude/agents/qa-runner.md");
    assert!(runner.starts_with("---\nname: qa-runner\n"), "{runner}");
    let reviewer_text = ws.read(".claude/agents/code-reviewer.md");
    assert!(
        reviewer_text.contains("hand off to @qa-runner."),
        "{reviewer_text}"
    );
    assert!(
        reviewer_text.contains("Agent(qa-runner)"),
        "{reviewer_text}"
    );
    let cmd = ws.read(".claude/commands/review.md");
    assert!(cmd.contains("then ask @qa-runner."), "{cmd}");
    // The near miss `@tset-runner` was not a reference to it, and stays.
    assert!(cmd.contains("@tset-runner"), "{cmd}");

    // Re-checked: the references still resolve.
    let (_, report) = check_json(&[ws.root().to_string_lossy().as_ref()]);
    let unresolved: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unresolved-agent")
        .collect();
    let names: Vec<&str> = unresolved
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // The agent that never existed, and `@tset-runner`: no near miss of `qa-runner`, but the
    // file mentions agents with `@` (`@qa-runner`), so an `@name` that names none is reported.
    assert_eq!(names.len(), 2, "{names:#?}");
    assert!(
        names.iter().any(|n| n.contains("`missing-agent`")),
        "{names:#?}"
    );
    assert!(
        names.iter().any(|n| n.contains("`tset-runner`")),
        "{names:#?}"
    );
}

#[test]
fn rename_refuses_names_the_dialect_forbids() {
    let ws = team();
    let mut server = start(&ws);
    let reviewer = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&reviewer, REVIEWER);
    let mut params = text_position(&reviewer, pos(REVIEWER, "name: c$0ode-reviewer"));
    params["newName"] = json!("Code Reviewer");
    let err = server
        .request_result("textDocument/rename", params)
        .expect_err("an invalid name is refused");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(message.contains("lowercase"), "{err}");
    // Built-ins cannot be renamed.
    let cmd = ws.uri(".claude/commands/review.md");
    server.open(&cmd, COMMAND);
    let err = server
        .request_result(
            "textDocument/prepareRename",
            text_position(&cmd, pos(COMMAND, "`E$0xplore`")),
        )
        .expect_err("a built-in is refused");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("built into"),
        "{err}"
    );
    server.shutdown();
}

#[test]
fn document_and_workspace_symbols() {
    let ws = team();
    let mut server = start(&ws);
    let reviewer = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&reviewer, REVIEWER);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": reviewer } }),
    );
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(names(&symbols), ["frontmatter", "Code reviewer"]);
    assert_eq!(
        names(&symbols[0]["children"]),
        ["name", "description", "model", "tools"]
    );
    assert_eq!(symbols[0]["children"][0]["detail"], "code-reviewer");
    assert_eq!(names(&symbols[1]["children"]), ["Checklist"]);
    // A list of scalars is one symbol, its values in the detail: the items are not outlined.
    let runner = ws.uri(".claude/agents/test-runner.md");
    server.open(&runner, RUNNER);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": runner } }),
    );
    let skills = &symbols[0]["children"][3];
    assert_eq!(skills["name"], "skills", "{symbols}");
    assert_eq!(skills["detail"], "pdf-tools", "{symbols}");
    assert!(
        skills.get("children").is_none_or(Value::is_null),
        "{symbols}"
    );

    let found = server.request("workspace/symbol", json!({ "query": "revw" }));
    let list = found.as_array().expect("symbols");
    assert_eq!(names(&found), ["code-reviewer"], "{found}");
    assert!(
        list[0]["containerName"]
            .as_str()
            .unwrap()
            .contains("Reviews code for quality"),
        "{found}"
    );
    let all = server.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(names(&all), ["code-reviewer", "pdf-tools", "test-runner"]);
    server.shutdown();
}

#[test]
fn completion_after_at_and_in_subagent_type() {
    let ws = team();
    let mut server = start(&ws);
    // Wait for the index (workspace/symbol answers once it is built).
    server.request("workspace/symbol", json!({ "query": "" }));
    let fixture = "---\ndescription: x\n---\nDelegate to @$0\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let uri = ws.uri(".claude/commands/new.md");
    server.open(&uri, &text);
    let result = server.completion(&uri, line, character);
    let items = Server::completion_items(&result);
    let reviewer = items
        .iter()
        .find(|i| i["label"] == "code-reviewer")
        .unwrap_or_else(|| panic!("no code-reviewer in {result}"));
    assert!(
        reviewer["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Reviews code for quality"),
        "{reviewer}"
    );
    assert!(items.iter().any(|i| i["label"] == "general-purpose"));
    assert!(items.iter().any(|i| i["label"] == "test-runner"));
    // No OpenCode or Copilot built-ins for a Claude Code file.
    assert!(!items.iter().any(|i| i["label"] == "ask"));

    let fixture = "---\ndescription: x\n---\nTask(subagent_type: \"te$0\")\n";
    let (text, line, character) = cursor(fixture, Encoding::Utf16);
    let uri = ws.uri(".claude/commands/other.md");
    server.open(&uri, &text);
    let result = server.completion(&uri, line, character);
    let items = Server::completion_items(&result);
    let runner = items
        .iter()
        .find(|i| i["label"] == "test-runner")
        .unwrap_or_else(|| panic!("no test-runner in {result}"));
    // The edit replaces what was typed.
    expect![[r#"
        4 | Task(subagent_type: "te")
          |                      ^^
    "#]]
    .assert_eq(&show_range(
        &text,
        &runner["textEdit"]["range"],
        Encoding::Utf16,
    ));
    let accepted = apply_text_edits(&text, &[runner["textEdit"].clone()], Encoding::Utf16);
    assert!(
        accepted.contains("Task(subagent_type: \"test-runner\")\n"),
        "{accepted}"
    );
    server.shutdown();
}

#[test]
fn hover_on_a_reference_shows_the_target() {
    let ws = team();
    let mut server = start(&ws);
    server.request("workspace/symbol", json!({ "query": "" }));
    let cmd = ws.uri(".claude/commands/review.md");
    server.open(&cmd, COMMAND);
    let (line, character) = pos(COMMAND, "code$0-reviewer");
    let hover = server.hover(&cmd, line, character);
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Reviews code for quality"), "{hover}");
    assert!(value.contains("`sonnet`"), "{hover}");
    assert!(value.contains("`Grep`"), "{hover}");
    server.shutdown();
}

fn has_code(params: &Value, code: &str) -> bool {
    params["diagnostics"]
        .as_array()
        .is_some_and(|d| d.iter().any(|d| d["code"] == code))
}

#[test]
fn unresolved_references_and_duplicate_names_are_reported() {
    let ws = team();
    ws.write(".claude/agents/twin-a.md", TWIN_A);
    ws.write(".claude/agents/nested/twin-b.md", TWIN_B);
    let mut server = start(&ws);
    let cmd = ws.uri(".claude/commands/review.md");
    server.open(&cmd, COMMAND);
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == cmd && has_code(p, "unresolved-agent"),
        TIMEOUT,
    );
    let diags: Vec<&Value> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unresolved-agent")
        .collect();
    assert_eq!(diags.len(), 2, "{params}");
    let typo = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`tset-runner`"))
        .expect("the typo is reported");
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean `test-runner`?")
    );
    assert_eq!(typo["severity"], 2);
    expect![[r#"
        5 | Also ask @tset-runner and use subagent_type: "missing-agent" or `Explore`.
          |           ^^^^^^^^^^^
    "#]]
    .assert_eq(&show_range(COMMAND, &typo["range"], Encoding::Utf16));
    // The quick fix replaces the name.
    let actions = server.code_actions(&cmd, typo["range"].clone(), vec![(*typo).clone()]);
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Change to `test-runner`")
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    let edits = fix["edit"]["changes"][&cmd].as_array().unwrap();
    let fixed = apply_text_edits(COMMAND, edits, Encoding::Utf16);
    assert!(fixed.contains("Also ask @test-runner and"), "{fixed}");
    // Prose is never flagged: `Explore` and `Task` are no warnings.
    assert!(diags.iter().all(|d| {
        let m = d["message"].as_str().unwrap();
        !m.contains("`Explore`") && !m.contains("`Task`")
    }));

    // Duplicates: both files warn, each pointing at the other.
    let a = ws.uri(".claude/agents/twin-a.md");
    server.open(&a, TWIN_A);
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == a && has_code(p, "duplicate-agent-name"),
        TIMEOUT,
    );
    let dup = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "duplicate-agent-name")
        .unwrap();
    expect![[r#"
        2 | name: twin
          |       ^^^^
    "#]]
    .assert_eq(&show_range(TWIN_A, &dup["range"], Encoding::Utf16));
    let related = dup["relatedInformation"]
        .as_array()
        .expect("related information");
    assert_eq!(related.len(), 1);
    assert_eq!(
        related[0]["location"]["uri"],
        ws.uri(".claude/agents/nested/twin-b.md")
    );
    expect![[r#"
        2 | name: twin
          |       ^^^^
    "#]]
    .assert_eq(&show_range(
        TWIN_B,
        &related[0]["location"]["range"],
        Encoding::Utf16,
    ));

    // Renaming one in its buffer clears the warning on the other.
    let b = ws.uri(".claude/agents/nested/twin-b.md");
    server.open(&b, TWIN_B);
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == b && has_code(p, "duplicate-agent-name"),
        TIMEOUT,
    );
    let twin = pos(TWIN_B, "name: $0twin");
    server.change(
        &b,
        2,
        vec![range_change(twin, (twin.0, twin.1 + 4), "triplet")],
    );
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == a && !has_code(p, "duplicate-agent-name"),
        TIMEOUT,
    );
    server.shutdown();
}

#[test]
fn watched_files_keep_the_index_current() {
    let ws = team();
    let mut server = start(&ws);
    let cmd = ws.uri(".claude/commands/review.md");
    server.open(&cmd, COMMAND);
    server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == cmd && has_code(p, "unresolved-agent"),
        TIMEOUT,
    );
    // The server asked to watch agent files.
    let registered = server.server_requests().iter().any(|r| {
        r["method"] == "client/registerCapability"
            && r["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"
    });
    assert!(registered, "{:?}", server.server_requests());
    server.take_notifications();
    // The missing agent appears on disk.
    let path = ws.write(
        ".claude/agents/missing-agent.md",
        "---\nname: missing-agent\ndescription: Now it exists.\n---\n",
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&path), "type": 1 }] }),
    );
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| {
            p["uri"] == cmd
                && p["diagnostics"].as_array().is_some_and(|d| {
                    !d.iter().any(|d| {
                        d["message"]
                            .as_str()
                            .is_some_and(|m| m.contains("`missing-agent`"))
                    })
                })
        },
        TIMEOUT,
    );
    // The typo is still reported.
    assert!(has_code(&params, "unresolved-agent"), "{params}");
    server.shutdown();
}
