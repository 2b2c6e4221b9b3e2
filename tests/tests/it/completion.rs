//! Completion end to end: the real binary, fixtures with a `$0` cursor.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A server over a temporary workspace, with `rel` opened holding `fixture` (without its `$0`).
/// Returns the server, the document's URI and text, and the cursor position.
fn open(
    ws: &Workspace,
    rel: &str,
    fixture: &str,
    enc: Encoding,
) -> (Server, String, String, (u32, u32)) {
    let (text, line, character) = cursor(fixture, enc);
    ws.write(rel, &text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&[enc.name()]));
    server.open(&uri, &text);
    server.wait_diagnostics(&uri, 1);
    (server, uri, text, (line, character))
}

/// `textDocument/completion` opened by typing `trigger`.
fn complete_triggered(server: &mut Server, uri: &str, pos: (u32, u32), trigger: &str) -> Value {
    server.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": pos.0, "character": pos.1 },
            "context": { "triggerKind": 2, "triggerCharacter": trigger },
        }),
    )
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no `{label}` among {:?}", labels(items)))
}

/// The text after applying an item's `textEdit`.
fn accept(text: &str, item: &Value, enc: Encoding) -> String {
    apply_text_edits(text, std::slice::from_ref(&item["textEdit"]), enc)
}

#[test]
fn tool_names_in_a_comma_string() {
    let ws = Workspace::new();
    let (mut server, uri, text, pos) = open(
        &ws,
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Gr$0\n---\nYou review.\n",
        Encoding::Utf16,
    );
    let result = server.completion(&uri, pos.0, pos.1);
    let items = Server::completion_items(&result);
    let names = labels(&items);
    assert!(!names.contains(&"Read".to_string()), "already listed");
    assert!(
        !names.contains(&"MultiEdit".to_string()),
        "removed tools are hidden"
    );
    let grep = item(&items, "Grep");
    assert_eq!(
        accept(&text, grep, Encoding::Utf16),
        "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grep\n---\nYou review.\n"
    );
    assert_eq!(grep["documentation"]["kind"], "markdown");
    // Narrowed to what was typed.
    assert!(!names.contains(&"TodoWrite".to_string()), "{names:?}");
    let (line, character) = (pos.0, pos.1 - 2);
    server.change(
        &uri,
        2,
        vec![range_change((line, character), (line, character + 2), "")],
    );
    let items = Server::completion_items(&server.completion(&uri, line, character));
    let todo = item(&items, "TodoWrite");
    assert_eq!(todo["tags"], json!([1]), "deprecated tools are tagged");
    server.shutdown();
}

#[test]
fn flow_list_ranges_in_both_encodings() {
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let ws = Workspace::new();
        let fixture =
            "---\ndescription: Ünïcode 🚀 planner\ntools: ['🚀-ext/run', 'se$0']\n---\nBody\n";
        let (mut server, uri, text, pos) = open(&ws, ".github/agents/plan.agent.md", fixture, enc);
        let result = server.completion(&uri, pos.0, pos.1);
        let items = Server::completion_items(&result);
        let search = item(&items, "search");
        assert_eq!(
            accept(&text, search, enc),
            "---\ndescription: Ünïcode 🚀 planner\ntools: ['🚀-ext/run', 'search']\n---\nBody\n",
            "{}",
            enc.name()
        );
        let codebase = item(&items, "search/codebase");
        assert!(accept(&text, codebase, enc).contains("'search/codebase']"));
        server.shutdown();
    }
}

#[test]
fn keys_with_snippets_docs_and_deprecation() {
    let ws = Workspace::new();
    let (mut server, uri, text, pos) = open(
        &ws,
        ".github/agents/helper.agent.md",
        "---\ndescription: Helps\n$0\n---\n",
        Encoding::Utf16,
    );
    let items = Server::completion_items(&server.completion(&uri, pos.0, pos.1));
    let names = labels(&items);
    assert!(
        !names.contains(&"description".to_string()),
        "present keys are skipped"
    );
    let tools = item(&items, "tools");
    assert_eq!(tools["insertTextFormat"], 2, "a snippet");
    assert_eq!(
        accept(&text, tools, Encoding::Utf16),
        "---\ndescription: Helps\ntools: [$0]\n---\n"
    );
    assert_eq!(tools["documentation"]["kind"], "markdown");
    let infer = item(&items, "infer");
    assert_eq!(infer["tags"], json!([1]));
    let last = items
        .iter()
        .max_by_key(|i| i["sortText"].as_str().unwrap_or_default().to_string())
        .unwrap();
    assert_eq!(
        last["tags"],
        json!([1]),
        "deprecated keys sort last: {last:#}"
    );
    server.shutdown();
}

#[test]
fn enum_values_and_models() {
    let ws = Workspace::new();
    let (mut server, uri, text, pos) = open(
        &ws,
        ".claude/agents/fast.md",
        "---\nname: fast\ndescription: Quick lookups\nmodel: ha$0\n---\n",
        Encoding::Utf16,
    );
    let items = Server::completion_items(&server.completion(&uri, pos.0, pos.1));
    let haiku = item(&items, "haiku");
    assert!(
        haiku["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Haiku")
    );
    assert_eq!(
        accept(&text, haiku, Encoding::Utf16),
        "---\nname: fast\ndescription: Quick lookups\nmodel: haiku\n---\n"
    );
    server.shutdown();
}

#[test]
fn trigger_characters_only_where_they_fit() {
    let ws = Workspace::new();
    let fixture = "---\nname: a\ndescription: b\ntools: Read, $0\n---\nSome text\n";
    let (mut server, uri, text, pos) = open(&ws, ".claude/agents/a.md", fixture, Encoding::Utf16);
    let after_comma = complete_triggered(&mut server, &uri, pos, " ");
    assert!(labels(&Server::completion_items(&after_comma)).contains(&"Grep".to_string()));
    // A space typed in the body.
    let after_space = cursor_at(&text, "Some $0text", Encoding::Utf16);
    let in_body = complete_triggered(&mut server, &uri, after_space, " ");
    assert!(Server::completion_items(&in_body).is_empty(), "{in_body:#}");
    // Invoked in the body: nothing either.
    let (line, character) = cursor_at(&text, "So$0me text", Encoding::Utf16);
    let invoked = server.completion(&uri, line, character);
    assert!(Server::completion_items(&invoked).is_empty(), "{invoked:#}");
    server.shutdown();
}

#[test]
fn header_snippet_for_a_new_file() {
    let ws = Workspace::new();
    let (mut server, uri, text, pos) = open(
        &ws,
        ".claude/agents/security-auditor.md",
        "$0",
        Encoding::Utf16,
    );
    let items = Server::completion_items(&server.completion(&uri, pos.0, pos.1));
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(items[0]["insertTextFormat"], 2);
    let after = accept(&text, &items[0], Encoding::Utf16);
    assert!(
        after.starts_with("---\nname: ${1:security-auditor}\ndescription: "),
        "{after}"
    );
    server.shutdown();
}

#[test]
fn works_while_typing_and_with_broken_yaml() {
    let ws = Workspace::new();
    let fixture = "---\nname: a\ndescription: Use when: the user asks: twice\n$0\n---\nBody\n";
    let (mut server, uri, _text, pos) = open(&ws, ".claude/agents/a.md", fixture, Encoding::Utf16);
    // Type `model: ` on the empty line, as an editor sends it.
    server.change(&uri, 2, vec![range_change(pos, pos, "model: ")]);
    server.wait_diagnostics(&uri, 2);
    let items = Server::completion_items(&complete_triggered(
        &mut server,
        &uri,
        (pos.0, pos.1 + 7),
        " ",
    ));
    assert!(labels(&items).contains(&"sonnet".to_string()), "{items:#?}");
    server.shutdown();
}

#[test]
fn nothing_for_files_that_are_not_agents() {
    let ws = Workspace::new();
    let (mut server, uri, _text, pos) =
        open(&ws, "docs/notes.md", "---\nmo$0\n---\n", Encoding::Utf16);
    let result = server.completion(&uri, pos.0, pos.1);
    assert!(Server::completion_items(&result).is_empty(), "{result:#}");
    server.shutdown();
}

/// The items sorted as the client sorts them (by `sortText`, then the label).
fn in_client_order(items: &[Value]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort_by_key(|i| {
        let label = i["label"].as_str().unwrap_or_default().to_string();
        let sort = i["sortText"].as_str().map_or(label.clone(), str::to_string);
        (sort, label)
    });
    labels(&items)
}

#[test]
fn long_lists_are_narrowed_for_clients_that_do_not_filter() {
    let ws = Workspace::new();
    let (mut server, uri, text, pos) = open(
        &ws,
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Web$0\n---\nYou review.\n",
        Encoding::Utf16,
    );
    let result = server.completion(&uri, pos.0, pos.1);
    assert_eq!(result["isIncomplete"], false, "{result}");
    let items = Server::completion_items(&result);
    assert_eq!(labels(&items), ["WebFetch", "WebSearch"]);
    for i in &items {
        // The edit replaces the entry typed so far; the filter text is what it is compared with.
        assert_eq!(
            show_range(&text, &i["textEdit"]["range"], Encoding::Utf16),
            "4 | tools: Read, Web\n  |              ^^^\n"
        );
        assert_eq!(i["filterText"], i["label"]);
    }
    assert!(accept(&text, &items[1], Encoding::Utf16).contains("tools: Read, WebSearch\n"));
    // Keys too: only the keys matching what was typed.
    let text = "---\nname: reviewer\ndescription: Reviews code\nmo\n---\nBody\n";
    let uri = ws.uri(".claude/agents/other.md");
    server.open(&uri, text);
    let items = Server::completion_items(&server.completion(&uri, 3, 2));
    let names = in_client_order(&items);
    assert_eq!(names[0], "model", "{names:?}");
    assert!(!names.contains(&"description".to_string()), "{names:?}");
    server.shutdown();
}

fn agent_file(name: &str) -> String {
    format!("---\nname: {name}\ndescription: Does {name}.\n---\nBody.\n")
}

#[test]
fn mentions_offer_the_team_first_never_the_file_itself_and_nothing_in_code() {
    let ws = Workspace::with_files(&[
        (".claude/agents/reviewer.md", &agent_file("reviewer")),
        (".claude/agents/writer.md", &agent_file("writer")),
    ]);
    let fixture =
        "---\nname: planner\ndescription: Plans.\n---\nAsk @$0\n\n```python\n@app.route\n```\n";
    let (mut server, uri, text, pos) =
        open(&ws, ".claude/agents/planner.md", fixture, Encoding::Utf16);
    // Wait for the index (workspace/symbol answers once it is built).
    server.request("workspace/symbol", json!({ "query": "" }));
    let items = Server::completion_items(&complete_triggered(&mut server, &uri, pos, "@"));
    let names = in_client_order(&items);
    assert!(!names.contains(&"planner".to_string()), "{names:?}");
    assert_eq!(names[..2], ["reviewer", "writer"], "{names:?}");
    assert!(names.contains(&"general-purpose".to_string()), "{names:?}");
    // Typing narrows; the edit covers the name after `@`, as definition ranges do.
    let (line, character) = cursor_at(&text, "Ask @$0", Encoding::Utf16);
    server.change(
        &uri,
        2,
        vec![range_change((line, character), (line, character), "rev")],
    );
    let items = Server::completion_items(&server.completion(&uri, line, character + 3));
    assert_eq!(labels(&items), ["reviewer"]);
    let edited = text.replacen("Ask @", "Ask @rev", 1);
    assert_eq!(
        show_range(&edited, &items[0]["textEdit"]["range"], Encoding::Utf16),
        "5 | Ask @rev\n  |      ^^^\n"
    );
    // In a fenced code block `@` is a decorator.
    let (line, character) = cursor_at(&edited, "@app$0.route", Encoding::Utf16);
    let result = complete_triggered(&mut server, &uri, (line, character - 3), "@");
    assert!(Server::completion_items(&result).is_empty(), "{result}");
    let result = server.completion(&uri, line, character);
    assert!(Server::completion_items(&result).is_empty(), "{result}");
    server.shutdown();
}
