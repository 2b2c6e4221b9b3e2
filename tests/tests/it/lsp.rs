//! The language server end to end: the real binary over stdio, as an editor drives it.

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// A Claude Code agent that is not valid YAML: the unquoted description holds `: ` after an
/// emoji. Claude Code loads it only through its retry (a `yaml-retry` warning, with the same
/// range and quote fix a real skip gets; `check.rs` covers a file the retry cannot save).
const BROKEN_LINES: [&str; 6] = [
    "---",
    "name: reviewer",
    "description: 🚀 Use this agent when: the user asks",
    "model: sonnet",
    "---",
    "You review code.",
];
const BROKEN_RELATIVE: &str = ".claude/agents/reviewer.md";
/// Line (0-based) of the description.
const DESCRIPTION_LINE: usize = 2;

fn broken_text(newline: &str) -> String {
    let mut s = BROKEN_LINES.join(newline);
    s.push_str(newline);
    s
}

/// The column of `needle` in line `line` of `lines`, counted in `enc` units, computed from the
/// line itself (independently of the server's position code).
fn column_of(line: &str, byte_in_line: usize, enc: Encoding) -> u32 {
    let prefix = &line[..byte_in_line];
    match enc {
        Encoding::Utf16 => prefix.encode_utf16().count() as u32,
        Encoding::Utf8 => prefix.len() as u32,
    }
}

/// Where the error must be: the `:` after "when" on the description line.
fn expected_error_column(enc: Encoding) -> u32 {
    let line = BROKEN_LINES[DESCRIPTION_LINE];
    let byte = line.find("when:").expect("the fixture has `when:`") + "when".len();
    column_of(line, byte, enc)
}

fn start_server(encodings: &[&str]) -> (Server, Value) {
    let mut server = Server::start();
    let result = server.initialize(client_capabilities(encodings));
    (server, result)
}

fn code(d: &Value) -> &str {
    d["code"].as_str().unwrap_or_default()
}

fn assert_broken_description_error(diags: &[Value], enc: Encoding) -> Value {
    assert_eq!(diags.len(), 1, "exactly one diagnostic: {diags:#?}");
    let d = &diags[0];
    // With LF line endings Claude Code's retry rescues the file (a warning); with CRLF the retry
    // does not apply and Claude Code skips it (an error): tests/conformance/claude-code.
    let skipped = code(d) == "yaml-syntax";
    if skipped {
        assert_eq!(d["severity"], 1, "an error: {d:#}");
    } else {
        assert_eq!(code(d), "yaml-retry", "{d:#}");
        assert_eq!(d["severity"], 2, "a warning: {d:#}");
    }
    assert_eq!(d["source"], "agentls");
    let line = BROKEN_LINES[DESCRIPTION_LINE];
    let start = column_of(line, "description: ".len(), enc);
    let end = column_of(line, line.len(), enc);
    assert_eq!(
        d["range"],
        json!({
            "start": { "line": DESCRIPTION_LINE, "character": start },
            "end": { "line": DESCRIPTION_LINE, "character": end },
        }),
        "the range marks the value holding the `: ` in {} units",
        enc.name()
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        (message.contains("Claude Code loads it only")
            || (skipped && message.contains("Claude Code skips this agent")))
            && message.contains("`description`"),
        "the message names the consequence and the key: {message}"
    );
    assert!(
        message.contains("Quote"),
        "the message says what to do: {message}"
    );
    d.clone()
}

#[test]
fn initialize_negotiates_utf8_and_declares_the_capabilities() {
    let (server, result) = start_server(&["utf-8", "utf-16"]);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    let sync = &caps["textDocumentSync"];
    assert_eq!(sync["openClose"], true, "{sync}");
    assert_eq!(sync["change"], 2, "incremental sync: {sync}");
    let save = &sync["save"];
    assert!(
        *save == json!(true) || save.is_object(),
        "didSave is wanted: {sync}"
    );
    let code_action = &caps["codeActionProvider"];
    assert!(
        *code_action == json!(true)
            || code_action["codeActionKinds"]
                .as_array()
                .is_some_and(|k| k.contains(&json!("quickfix"))),
        "quick fixes: {code_action}"
    );
    assert!(
        caps["completionProvider"].is_object(),
        "completion: {caps:#}"
    );
    let hover = &caps["hoverProvider"];
    assert!(
        *hover == json!(true) || hover.is_object(),
        "hover: {caps:#}"
    );
    assert_eq!(result["serverInfo"]["name"], "agentls");
    assert!(result["serverInfo"]["version"].is_string());
    server.shutdown();
}

#[test]
fn initialize_falls_back_to_utf16() {
    for offered in [&["utf-16"][..], &[][..], &["utf-32", "utf-16"][..]] {
        let (server, result) = start_server(offered);
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-16",
            "offered {offered:?}"
        );
        server.shutdown();
    }
}

#[test]
fn the_stdio_flag_is_accepted() {
    let mut server = Server::start_with_args(&["serve", "--stdio"]);
    let result = server.initialize(client_capabilities(&[]));
    assert_eq!(result["serverInfo"]["name"], "agentls");
    server.shutdown();
}

#[test]
fn a_request_before_initialize_gets_an_error_not_a_crash() {
    let mut server = Server::start();
    let err = server
        .request_result(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": "file:///x/.claude/agents/a.md" },
                "position": { "line": 0, "character": 0 },
            }),
        )
        .expect_err("a request before initialize is refused");
    assert_eq!(err["code"], -32002, "ServerNotInitialized: {err}");
    // The server is still alive and can be initialized.
    let result = server.initialize(client_capabilities(&[]));
    assert_eq!(result["serverInfo"]["name"], "agentls");
    server.shutdown();
}

#[test]
fn broken_agent_error_at_the_utf16_column_after_an_emoji() {
    let ws = Workspace::new();
    let path = ws.write(BROKEN_RELATIVE, broken_text("\n"));
    let uri = file_uri(&path);
    let (mut server, _) = start_server(&["utf-16"]);
    server.open(&uri, &broken_text("\n"));
    let diags = server.wait_diagnostics(&uri, 1);
    assert_broken_description_error(&diags, Encoding::Utf16);
    // The emoji is two UTF-16 units and four bytes: the two encodings differ here.
    assert_ne!(
        expected_error_column(Encoding::Utf16),
        expected_error_column(Encoding::Utf8)
    );
    server.shutdown();
}

#[test]
fn broken_agent_error_at_the_utf8_column_when_negotiated() {
    let ws = Workspace::new();
    let path = ws.write(BROKEN_RELATIVE, broken_text("\n"));
    let uri = file_uri(&path);
    let (mut server, result) = start_server(&["utf-8", "utf-16"]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    server.open(&uri, &broken_text("\n"));
    let diags = server.wait_diagnostics(&uri, 1);
    assert_broken_description_error(&diags, Encoding::Utf8);
    server.shutdown();
}

/// Quote the description with two range edits, the second one positioned in the text the first
/// one produced (as editors send them).
fn quote_by_range_edits(server: &Server, uri: &str, text: &str, enc: Encoding) -> String {
    let line = BROKEN_LINES[DESCRIPTION_LINE];
    let value_start = line.find("🚀").unwrap();
    let open_col = column_of(line, value_start, enc);
    let l = DESCRIPTION_LINE as u32;
    let quoted_line = format!("{}'{}", &line[..value_start], &line[value_start..]);
    let close_col = column_of(&quoted_line, quoted_line.len(), enc);
    server.change(
        uri,
        2,
        vec![
            range_change((l, open_col), (l, open_col), "'"),
            range_change((l, close_col), (l, close_col), "'"),
        ],
    );
    // The same edits, applied here.
    let first = apply_text_edits(
        text,
        &[
            json!({ "range": { "start": { "line": l, "character": open_col }, "end": { "line": l, "character": open_col } }, "newText": "'" }),
        ],
        enc,
    );
    apply_text_edits(
        &first,
        &[
            json!({ "range": { "start": { "line": l, "character": close_col }, "end": { "line": l, "character": close_col } }, "newText": "'" }),
        ],
        enc,
    )
}

fn incremental_quote_fixes_the_error(encodings: &[&str], enc: Encoding) {
    let ws = Workspace::new();
    let text = broken_text("\n");
    let path = ws.write(BROKEN_RELATIVE, &text);
    let uri = file_uri(&path);
    let (mut server, _) = start_server(encodings);
    server.open(&uri, &text);
    assert_broken_description_error(&server.wait_diagnostics(&uri, 1), enc);
    let edited = quote_by_range_edits(&server, &uri, &text, enc);
    assert!(
        edited.contains("description: '🚀 Use this agent when: the user asks'\n"),
        "{edited}"
    );
    let diags = server.wait_diagnostics(&uri, 2);
    assert_eq!(diags, Vec::<Value>::new(), "the quoted value is fine");
    // The server holds the same text: a full-text replacement by it changes nothing.
    server.change(&uri, 3, vec![full_change(&edited)]);
    assert_eq!(server.wait_diagnostics(&uri, 3), Vec::<Value>::new());
    server.shutdown();
}

#[test]
fn incremental_change_that_quotes_the_value_clears_the_error_utf16() {
    incremental_quote_fixes_the_error(&["utf-16"], Encoding::Utf16);
}

#[test]
fn incremental_change_that_quotes_the_value_clears_the_error_utf8() {
    incremental_quote_fixes_the_error(&["utf-8"], Encoding::Utf8);
}

/// Ask for code actions at the error, take "Quote the `description` value", apply its edit and
/// check the result loads.
fn quick_fix_flow(encodings: &[&str], enc: Encoding, newline: &str) {
    let ws = Workspace::new();
    let text = broken_text(newline);
    let path = ws.write(BROKEN_RELATIVE, &text);
    let uri = file_uri(&path);
    let (mut server, _) = start_server(encodings);
    server.open(&uri, &text);
    let diags = server.wait_diagnostics(&uri, 1);
    let diag = assert_broken_description_error(&diags, enc);
    let actions = server.code_actions(&uri, diag["range"].clone(), vec![diag.clone()]);
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let quote = actions
        .iter()
        .find(|a| a["title"] == "Quote the `description` value")
        .unwrap_or_else(|| panic!("no quote fix among {titles:?}"));
    assert_eq!(quote["kind"], "quickfix");
    assert_eq!(quote["isPreferred"], true);
    assert_eq!(
        quote["diagnostics"][0]["code"], diag["code"],
        "the action names the diagnostic it fixes"
    );
    assert!(
        titles.iter().any(|t| t.contains("block scalar")),
        "a block scalar alternative: {titles:?}"
    );
    let changes = quote["edit"]["changes"]
        .as_object()
        .expect("a WorkspaceEdit with changes");
    assert_eq!(changes.len(), 1, "edits one document: {changes:?}");
    let edits = changes
        .get(&uri)
        .unwrap_or_else(|| panic!("edits for {uri}: {changes:?}"))
        .as_array()
        .unwrap();
    let fixed = apply_text_edits(&text, edits, enc);
    assert!(
        fixed.contains(&format!(
            "description: '🚀 Use this agent when: the user asks'{newline}model: sonnet{newline}"
        )),
        "{fixed:?}"
    );
    if newline == "\r\n" {
        assert!(
            !fixed.replace("\r\n", "").contains('\n'),
            "line endings kept: {fixed:?}"
        );
    }
    // Re-open the fixed text: no diagnostics at all.
    server.close(&uri);
    server.open_with(&uri, "markdown", 5, &fixed);
    assert_eq!(server.wait_diagnostics(&uri, 5), Vec::<Value>::new());
    // Every other offered fix repairs the YAML too.
    for action in &actions {
        let edits = action["edit"]["changes"][&uri].as_array().unwrap();
        let other = apply_text_edits(&text, edits, enc);
        let other_uri = ws.uri(".claude/agents/other.md");
        server.open(&other_uri, &other);
        let diags = server.wait_diagnostics(&other_uri, 1);
        assert!(
            diags
                .iter()
                .all(|d| code(d) != "yaml-syntax" && code(d) != "yaml-retry"),
            "{} leaves {diags:#?} in {other:?}",
            action["title"]
        );
        server.close(&other_uri);
    }
    server.shutdown();
}

#[test]
fn quick_fix_quotes_the_description_utf16() {
    quick_fix_flow(&["utf-16"], Encoding::Utf16, "\n");
}

#[test]
fn quick_fix_quotes_the_description_utf8() {
    quick_fix_flow(&["utf-8", "utf-16"], Encoding::Utf8, "\n");
}

#[test]
fn quick_fix_quotes_the_description_crlf() {
    quick_fix_flow(&["utf-16"], Encoding::Utf16, "\r\n");
}

#[test]
fn code_actions_away_from_the_error_offer_no_quote_fix() {
    let ws = Workspace::new();
    let text = broken_text("\n");
    let uri = file_uri(&ws.write(BROKEN_RELATIVE, &text));
    let (mut server, _) = start_server(&[]);
    server.open(&uri, &text);
    server.wait_diagnostics(&uri, 1);
    let range =
        json!({ "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 3 } });
    let actions = server.code_actions(&uri, range, vec![]);
    assert!(
        actions
            .iter()
            .all(|a| a["title"] != "Quote the `description` value"),
        "{actions:#?}"
    );
    server.shutdown();
}

#[test]
fn crlf_document_positions_and_a_range_edit_across_a_line_break() {
    let ws = Workspace::new();
    let text = broken_text("\r\n");
    let uri = file_uri(&ws.write(BROKEN_RELATIVE, &text));
    let (mut server, _) = start_server(&["utf-16"]);
    server.open(&uri, &text);
    assert_broken_description_error(&server.wait_diagnostics(&uri, 1), Encoding::Utf16);

    // Replace from the `:` after "when" to the start of the next line (across the CRLF) by text
    // without the colon, keeping the line break.
    let l = DESCRIPTION_LINE as u32;
    let col = expected_error_column(Encoding::Utf16);
    server.change(
        &uri,
        2,
        vec![range_change((l, col), (l + 1, 0), " the user asks\r\n")],
    );
    assert_eq!(server.wait_diagnostics(&uri, 2), Vec::<Value>::new());

    // Join the description and `model` lines by replacing the CRLF between them with a space:
    // `... asks model: sonnet` holds `: ` again, now at a column computed from the new line.
    let line = BROKEN_LINES[DESCRIPTION_LINE].replacen("when:", "when", 1);
    let end_col = column_of(&line, line.len(), Encoding::Utf16);
    server.change(&uri, 3, vec![range_change((l, end_col), (l + 1, 0), " ")]);
    let joined = format!("{line} {}", BROKEN_LINES[DESCRIPTION_LINE + 1]);
    let diags = server.wait_diagnostics(&uri, 3);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    // The value now ends after `model: sonnet`, at a column of the joined line.
    let start = column_of(&joined, "description: ".len(), Encoding::Utf16);
    let end = column_of(&joined, joined.len(), Encoding::Utf16);
    // CRLF: Claude Code's retry does not apply, so the file is skipped.
    assert_eq!(code(&diags[0]), "yaml-syntax");
    assert_eq!(
        diags[0]["range"],
        json!({ "start": { "line": l, "character": start }, "end": { "line": l, "character": end } }),
        "{diags:#?}"
    );
    // The lines below moved up by one: the closing `---` is on line 3 now, the body on line 4.
    // Delete the body line's CRLF-terminated text and check nothing else changed.
    server.change(&uri, 4, vec![range_change((l + 2, 0), (l + 3, 0), "")]);
    let diags4 = server.wait_diagnostics(&uri, 4);
    assert_eq!(diags4, diags, "editing the body does not move the error");
    server.shutdown();
}

#[test]
fn non_agent_markdown_gets_no_diagnostics() {
    let ws = Workspace::new();
    let text = broken_text("\n");
    let readme = file_uri(&ws.write("README.md", &text));
    let docs = file_uri(&ws.write("docs/agents/reviewer.md", &text));
    let clean = "---\nname: clean\ndescription: Reviews code.\n---\nBody\n";
    let agent = file_uri(&ws.write(".claude/agents/clean.md", clean));
    let (mut server, _) = start_server(&[]);
    server.open(&readme, &text);
    server.open(&docs, &text);
    // A document that is analysed, opened after the others: once its diagnostics are here, the
    // others have been handled too.
    server.open(&agent, clean);
    assert_eq!(server.wait_diagnostics(&agent, 1), Vec::<Value>::new());
    server.change(&readme, 2, vec![range_change((0, 0), (0, 0), "x")]);
    // A request after the change: the change has been applied by the time it is answered.
    let actions = server.code_actions(
        &readme,
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 5 } }),
        vec![],
    );
    assert!(actions.is_empty(), "{actions:#?}");
    for n in server.take_notifications() {
        if n["method"] == "textDocument/publishDiagnostics" {
            let p = &n["params"];
            assert!(p["uri"] == readme || p["uri"] == docs || p["uri"] == agent);
            assert_eq!(p["diagnostics"], json!([]), "nothing for {}", p["uri"]);
        }
    }
    server.shutdown();
}

#[test]
fn closing_an_agent_clears_its_diagnostics() {
    let ws = Workspace::new();
    let text = broken_text("\n");
    let uri = file_uri(&ws.write(BROKEN_RELATIVE, &text));
    let (mut server, _) = start_server(&[]);
    server.open(&uri, &text);
    assert_eq!(server.wait_diagnostics(&uri, 1).len(), 1);
    server.close(&uri);
    let params = server.wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == uri && p["version"].is_null(),
        TIMEOUT,
    );
    assert_eq!(params["diagnostics"], json!([]));
    server.shutdown();
}

#[test]
fn a_burst_of_edits_ends_with_the_diagnostics_of_the_last_version() {
    let ws = Workspace::new();
    let text = "---\nname: typing\ndescription: x\n---\nBody\n";
    let uri = file_uri(&ws.write(".claude/agents/typing.md", text));
    let (mut server, _) = start_server(&["utf-16"]);
    server.open(&uri, text);
    assert_eq!(server.wait_diagnostics(&uri, 1), Vec::<Value>::new());
    // Type ` when: asked` one character at a time after `x`; every version but the last few
    // holds a colon followed by a space or end of line.
    let typed = " when: asked";
    let mut current = text.to_string();
    let mut version = 1;
    // Column 14 is just after `description: x`.
    for (col, c) in (14..).zip(typed.chars()) {
        version += 1;
        server.change(
            &uri,
            version,
            vec![range_change((2, col), (2, col), &c.to_string())],
        );
        let at = offset_at(&current, 2, col, Encoding::Utf16);
        current.insert(at, c);
    }
    assert!(
        current.contains("description: x when: asked\n"),
        "{current}"
    );
    let diags = server.wait_diagnostics(&uri, version);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(code(&diags[0]), "yaml-retry");
    let value = "description: ".len() as u32;
    assert_eq!(
        diags[0]["range"],
        json!({
            "start": { "line": 2, "character": value },
            "end": { "line": 2, "character": "description: x when: asked".len() as u32 },
        })
    );
    // No publication carries a version the client never sent.
    for n in server.take_notifications() {
        if n["method"] == "textDocument/publishDiagnostics" {
            let v = n["params"]["version"].as_i64().unwrap();
            assert!((1..=version).contains(&v), "{n}");
        }
    }
    server.shutdown();
}

#[test]
fn server_requests_are_answered_and_settings_changes_are_survived() {
    let ws = Workspace::new();
    let text = broken_text("\n");
    let uri = file_uri(&ws.write(BROKEN_RELATIVE, &text));
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server.open(&uri, &text);
    assert_eq!(server.wait_diagnostics(&uri, 1).len(), 1);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    // The server still answers (whatever it asked the client meanwhile was answered).
    let hover = server.hover(&uri, 1, 1);
    assert!(hover.is_null() || hover.is_object(), "{hover}");
    for r in server.server_requests() {
        assert!(r["method"].is_string(), "{r}");
    }
    server.shutdown();
}
