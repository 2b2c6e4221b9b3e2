//! The server keeps serving (issue 7): malformed JSON-RPC, out-of-range positions, edits past the
//! end, unknown URIs, panicking handlers, cancellation, a load of rapid edits, hostile documents,
//! and it never writes a file. All against the real binary; timeouts only guard against hangs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use agentls_e2e::*;
use serde_json::{Value, json};

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews code for bugs\ntools: Read, Grep\n---\nYou review code.\n";

fn position(line: i64, character: i64) -> Value {
    json!({ "line": line, "character": character })
}

fn at(uri: &str, line: i64, character: i64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position(line, character) })
}

fn range(l0: i64, c0: i64, l1: i64, c1: i64) -> Value {
    json!({ "start": position(l0, c0), "end": position(l1, c1) })
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn started() -> Server {
    let mut server = Server::start();
    server.initialize(client_capabilities(&["utf-16"]));
    server
}

/// A request that must succeed: proves the server still reads and answers.
fn assert_alive(server: &mut Server) {
    let result = server.request("workspace/symbol", json!({ "query": "" }));
    assert!(result.is_null() || result.is_array(), "{result}");
}

/// Wait until the server's log (stderr) holds `needle` `count` times; fail if it ever holds more.
fn wait_log(server: &Server, needle: &str, count: usize) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let log = server.stderr();
        let n = log.matches(needle).count();
        assert!(n <= count, "{n} × {needle:?}:\n{log}");
        if n == count {
            return;
        }
        assert!(Instant::now() < deadline, "{n} × {needle:?}:\n{log}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Responses with `id: null` (to messages whose id could not be read) received so far, waiting
/// until `count` arrived.
fn null_id_errors(server: &mut Server, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + TIMEOUT;
    let mut found = Vec::new();
    while found.len() < count {
        for m in server.take_notifications() {
            if m.get("id") == Some(&Value::Null) && m.get("method").is_none() {
                found.push(m["error"].clone());
            }
        }
        assert!(
            Instant::now() < deadline,
            "only {found:?} of {count} null-id errors arrived; stderr:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    found
}

#[test]
fn malformed_json_rpc_is_answered_and_the_server_goes_on() {
    let mut server = started();
    // A body that is not JSON: a parse error (-32700) with id null.
    server.send_raw(&framed(b"{this is not json"));
    // Not UTF-8.
    server.send_raw(&framed(b"\xff\xfe\x00garbage"));
    // JSON that is not a JSON-RPC message, with a readable id: invalid request under that id.
    server.send_raw(&framed(br#"{"id": 4242, "method": 17}"#));
    server.send_raw(&framed(br#"[1, 2, 3]"#));
    // Header garbage, a header without a colon, a bad and a huge Content-Length.
    server.send_raw(b"GET / HTTP/1.1\r\n\r\n");
    server.send_raw(b"Content-Length: twelve\r\n\r\n");
    server.send_raw(b"Content-Length: 99999999999999999\r\n\r\n");
    server.send_raw(b"\r\n\r\njunk without a line break");
    // A Content-Length shorter than the body: the rest is skipped up to the next header.
    server.send_raw(b"Content-Length: 4\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    assert_alive(&mut server);
    let err = server
        .response(4242)
        .expect_err("an invalid request gets an error");
    assert_eq!(err["code"], -32600, "{err}");
    // Four answers with id null: three parse errors and one invalid request. (Two requests
    // with the same id, null, in flight at once: tower-lsp-server answers the second with an
    // invalid request, so only the total and the kinds are certain.)
    let errors = null_id_errors(&mut server, 4);
    let codes: Vec<i64> = errors.iter().map(|e| e["code"].as_i64().unwrap()).collect();
    assert!(
        codes.iter().all(|c| [-32700, -32600].contains(c)),
        "{errors:?}"
    );
    assert!(codes.contains(&-32700), "{errors:?}");
    // Every skipped piece left a line in the log.
    let log = server.stderr();
    for expected in [
        "not JSON",
        "not UTF-8",
        "not JSON-RPC",
        "not a header",
        "bad Content-Length",
        "larger than",
    ] {
        assert!(log.contains(expected), "no {expected:?} in the log:\n{log}");
    }
    // Unknown methods: an error for a request, nothing for a notification.
    let err = server
        .request_result("agentls/noSuchMethod", json!({}))
        .expect_err("unknown request");
    assert_eq!(err["code"], -32601, "{err}");
    server.notify("agentls/noSuchNotification", json!({ "x": 1 }));
    server.notify("$/setTrace", json!({ "value": "verbose" }));
    // A request with params of the wrong shape: invalid params.
    let err = server
        .request_result("textDocument/hover", json!({ "textDocument": 5 }))
        .expect_err("bad params");
    assert_eq!(err["code"], -32602, "{err}");
    assert_alive(&mut server);
    server.shutdown();
}

#[test]
fn garbage_before_initialize_does_not_stop_the_server() {
    let mut server = Server::start();
    server.send_raw(&framed(b"nonsense"));
    server.send_raw(b"Content-Length: x\r\n\r\n");
    // A notification before `initialize` is dropped.
    server.open("file:///nowhere/.claude/agents/early.md", AGENT);
    server.initialize(client_capabilities(&[]));
    let hover = server.hover("file:///nowhere/.claude/agents/early.md", 1, 1);
    assert!(hover.is_null(), "{hover}");
    server.shutdown();
}

#[test]
fn out_of_range_and_negative_positions() {
    let ws = Workspace::new();
    let path = ws.write(".claude/agents/reviewer.md", AGENT);
    let uri = file_uri(&path);
    let mut server = started();
    server.open(&uri, AGENT);
    server.wait_diagnostics(&uri, 1);
    let huge = [
        (1_000_000, 0),
        (0, 1_000_000),
        (1_000_000, 1_000_000),
        (4_294_967_295, 4_294_967_295),
    ];
    for (line, character) in huge {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/references",
            "textDocument/prepareRename",
        ] {
            let mut params = at(&uri, line, character);
            if method == "textDocument/references" {
                params["context"] = json!({ "includeDeclaration": true });
            }
            // Clamped to the text: a result (maybe null) or a clean error, never a crash.
            let _ = server.request_result(method, params);
        }
        let mut params = at(&uri, line, character);
        params["newName"] = json!("x");
        let _ = server.request_result("textDocument/rename", params);
        let actions = server.request_result(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range(0, 0, line, character),
                "context": { "diagnostics": [] },
            }),
        );
        assert!(actions.is_ok(), "{actions:?}");
    }
    // Negative numbers do not fit LSP's unsigned integers: invalid params.
    for (line, character) in [(-1, 0), (0, -5), (-1_000_000, -1)] {
        let err = server
            .request_result("textDocument/hover", at(&uri, line, character))
            .expect_err("a negative position is refused");
        assert_eq!(err["code"], -32602, "{err}");
    }
    // A change with a negative position is dropped, with a line in the log.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": range(-1, 0, 0, 0), "text": "x" }],
        }),
    );
    assert_alive(&mut server);
    wait_log(&server, "ignored a `textDocument/didChange`", 1);
    // The document is unchanged: a whole-text change at the next version still works.
    server.change(&uri, 3, vec![full_change(AGENT)]);
    assert!(server.wait_diagnostics(&uri, 3).is_empty());
    server.shutdown();
}

#[test]
fn edits_beyond_the_end_are_clamped() {
    let ws = Workspace::new();
    let uri = ws.uri(".claude/agents/reviewer.md");
    let other = Workspace::new();
    let fresh_uri = other.uri(".claude/agents/reviewer.md");
    let mut server = started();
    server.open(&uri, AGENT);
    server.wait_diagnostics(&uri, 1);
    // Past the last line, past the end of a line, a range ending far away, a reversed range.
    server.change(
        &uri,
        2,
        vec![
            range_change((500, 0), (600, 0), "Appended.\n"),
            range_change((1, 400), (1, 900), "X"),
            range_change((5, 2), (70_000, 3), ""),
            range_change((2, 5), (1, 0), "Y"),
        ],
    );
    let diags = server.wait_diagnostics(&uri, 2);
    // The server applied them clamped; its text is what the same clamping gives. Check it
    // against a fresh document with that text.
    let mut expected = AGENT.to_string();
    expected.push_str("Appended.\n"); // (500,0)-(600,0) → the end
    let line1_end = expected.find("reviewer").unwrap() + "reviewer".len();
    expected.insert(line1_end, 'X');
    let line5 = offset_at(&expected, 5, 0, Encoding::Utf16);
    expected.truncate(line5 + 2);
    let line2_5 = offset_at(&expected, 2, 5, Encoding::Utf16);
    expected.insert(line2_5, 'Y');
    server.open(&fresh_uri, &expected);
    let fresh = server.wait_diagnostics(&fresh_uri, 1);
    assert_eq!(diags, fresh, "text after clamped edits: {expected:?}");
    wait_log(&server, "outside the text was clamped", 3);
    wait_log(&server, "ending before its start", 1);
    let symbols = |server: &mut Server, uri: &str| {
        server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
    };
    assert_eq!(symbols(&mut server, &uri), symbols(&mut server, &fresh_uri));
    server.shutdown();
}

#[test]
fn unknown_uris_are_harmless() {
    let mut server = started();
    let uris = [
        "file:///never/opened/.claude/agents/ghost.md",
        "untitled:Untitled-1",
        "http://example.com/a.md",
        "file:///never/opened/notes.txt",
    ];
    for uri in uris {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/prepareRename",
        ] {
            let result = server.request_result(method, at(uri, 0, 0));
            assert!(
                result.as_ref().is_ok_and(Value::is_null) || result.is_err(),
                "{method} {uri}: {result:?}"
            );
        }
        let _ = server.request_result(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        let actions = server.request_result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 0, 0, 0), "context": { "diagnostics": [] } }),
        );
        assert!(actions.is_ok(), "{actions:?}");
        server.change(uri, 2, vec![range_change((0, 0), (0, 0), "x")]);
        server.save(uri);
        server.close(uri);
    }
    // A URI that is not a URI at all: the params do not parse.
    let err = server
        .request_result("textDocument/hover", at("not a uri", 0, 0))
        .expect_err("not a URI");
    assert_eq!(err["code"], -32602, "{err}");
    assert_alive(&mut server);
    server.shutdown();
}

#[test]
fn a_panicking_handler_answers_an_error_and_the_server_goes_on() {
    let ws = Workspace::new();
    let uri = ws.uri(".claude/agents/reviewer.md");
    let mut server = Server::start_with_env(
        &["serve"],
        &[("AGENTLS_TEST_PANIC_ON", "hover,didChange,settings")],
    );
    server.initialize(client_capabilities(&[]));
    server.open(&uri, AGENT);
    assert!(server.wait_diagnostics(&uri, 1).is_empty());
    for _ in 0..3 {
        let err = server
            .request_result("textDocument/hover", at(&uri, 1, 2))
            .expect_err("the hover handler panics");
        assert_eq!(err["code"], -32603, "InternalError: {err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("the server goes on"),
            "{err}"
        );
    }
    // A panicking notification handler: logged, and the document is rebuilt whole from the
    // text it holds (here the panic comes before the edit is applied).
    server.change(&uri, 2, vec![range_change((1, 6), (1, 14), "critic")]);
    let log = server.wait_notification(
        "window/logMessage",
        |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("didChange"))
        },
        TIMEOUT,
    );
    assert_eq!(log["type"], 1, "an error: {log}");
    // Other requests still work on the document.
    let items = Server::completion_items(&server.completion(&uri, 3, 7));
    assert!(!items.is_empty());
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(symbols.to_string().contains("reviewer"), "{symbols}");
    // Settings changes re-analyse every document; a panic there is contained too.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": {} } }),
    );
    assert_alive(&mut server);
    assert!(
        server.stderr().contains("AGENTLS_TEST_PANIC_ON"),
        "the panic is in the log"
    );
    server.shutdown();
}

#[test]
fn cancelled_requests_get_their_result_or_request_cancelled() {
    let ws = Workspace::new();
    let uri = ws.uri(".claude/agents/reviewer.md");
    let mut server = started();
    server.open(&uri, AGENT);
    server.wait_diagnostics(&uri, 1);
    let mut ids = Vec::new();
    for i in 0..50 {
        let id = server.send_request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": position(3, 7),
                "context": { "triggerKind": 1 },
            }),
        );
        if i % 2 == 0 {
            server.notify("$/cancelRequest", json!({ "id": id }));
        }
        ids.push(id);
    }
    // Cancelling what does not exist (anymore) is ignored.
    server.notify("$/cancelRequest", json!({ "id": 999_999 }));
    server.notify("$/cancelRequest", json!({ "id": "nope" }));
    for id in ids {
        match server.response(id) {
            Ok(result) => assert!(!Server::completion_items(&result).is_empty()),
            Err(e) => assert_eq!(e["code"], -32800, "RequestCancelled: {e}"),
        }
    }
    // Consistent afterwards.
    let items = Server::completion_items(&server.completion(&uri, 3, 7));
    assert!(!items.is_empty());
    server.shutdown();
}

/// A small deterministic generator (no dependency): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A char boundary at or below `b`.
fn floor(text: &str, mut b: usize) -> usize {
    b = b.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

#[test]
fn a_thousand_rapid_changes_with_completions_and_cancellations() {
    let ws = Workspace::new();
    let uri = ws.uri("a/.claude/agents/load.md");
    let fresh_uri = ws.uri("b/.claude/agents/load.md");
    let mut server = started();
    let mut text = String::from(
        "---\nname: load\ndescription: Takes a beating\ntools: Read, Grep\nmodel: sonnet\n---\n# Load\n\nBody 😀 text.\r\nMore\n",
    );
    server.open(&uri, &text);
    server.wait_diagnostics(&uri, 1);
    let pieces = [
        "a",
        "😀",
        "é",
        "\n",
        "\r\n",
        ": ",
        "x: y\n",
        "tools: Bash\n",
        "'",
        "[",
        "]",
        "漢字",
        " ",
        "---",
        "#",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let mut requests = Vec::new();
    let mut version = 1;
    for i in 0..1000 {
        version += 1;
        // One to three edits per change, each relative to the text after the previous one.
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let start = floor(&text, rng.below(text.len() + 1));
            let end = if rng.below(3) == 0 {
                floor(&text, start + rng.below(12)).max(start)
            } else {
                start
            };
            // Keep CRLF pairs whole: an LSP position cannot point between `\r` and `\n`.
            let splits_crlf = |b: usize| {
                b > 0 && text.as_bytes()[b - 1] == b'\r' && text.as_bytes().get(b) == Some(&b'\n')
            };
            if splits_crlf(start) || splits_crlf(end) {
                continue;
            }
            let insert = if end > start && rng.below(2) == 0 {
                ""
            } else {
                pieces[rng.below(pieces.len())]
            };
            let (l0, c0) = position_at(&text, start, Encoding::Utf16);
            let (l1, c1) = position_at(&text, end, Encoding::Utf16);
            changes.push(range_change((l0, c0), (l1, c1), insert));
            text.replace_range(start..end, insert);
        }
        server.change(&uri, version, changes);
        if i % 3 == 0 {
            let line = rng.below(8) as u32;
            let id = server.send_request(
                "textDocument/completion",
                json!({
                    "textDocument": { "uri": uri },
                    "position": position(line.into(), rng.below(20) as i64),
                    "context": { "triggerKind": 1 },
                }),
            );
            if i % 2 == 0 {
                server.notify("$/cancelRequest", json!({ "id": id }));
            }
            requests.push(id);
        }
        if i % 50 == 0 {
            let id = server.send_request("textDocument/hover", at(&uri, 1, 2));
            requests.push(id);
        }
    }
    for id in requests {
        match server.response(id) {
            Ok(_) => {}
            Err(e) => assert_eq!(e["code"], -32800, "answered or cancelled: {e}"),
        }
    }
    // The server's text equals ours: its last diagnostics and symbols equal a fresh document's.
    let last = server.wait_diagnostics(&uri, version);
    let symbols = |server: &mut Server, uri: &str| {
        server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
    };
    let edited_symbols = symbols(&mut server, &uri);
    server.close(&uri);
    server.open(&fresh_uri, &text);
    let fresh = server.wait_diagnostics(&fresh_uri, 1);
    let strip_related = |d: &[Value]| -> Vec<Value> {
        d.iter()
            .map(|d| {
                let mut d = d.clone();
                if let Some(o) = d.as_object_mut() {
                    o.remove("relatedInformation");
                }
                d
            })
            .collect()
    };
    assert_eq!(
        strip_related(&last),
        strip_related(&fresh),
        "the final text:\n{text:?}"
    );
    assert_eq!(edited_symbols, symbols(&mut server, &fresh_uri));
    server.shutdown();
}

// ---------------------------------------------------------------------------------------------
// Hostile documents through the server

/// YAML whose flow collections nest `depth` deep.
fn deep_flow(depth: usize) -> String {
    format!(
        "---\nname: deep\ndescription: Deep\ntools: {}{}\n---\nBody\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn hostile_documents_get_diagnostics_and_the_server_goes_on() {
    let ws = Workspace::new();
    let mut server = started();
    let cases: Vec<(&str, String)> = vec![
        ("bom", format!("\u{feff}{AGENT}")),
        ("crlf", AGENT.replace('\n', "\r\n")),
        (
            "bom-crlf",
            format!("\u{feff}{}", AGENT.replace('\n', "\r\n")),
        ),
        ("nul", AGENT.replace("You review", "You\0review\0")),
        ("nul-yaml", AGENT.replace("Reviews code", "Reviews\0code")),
        ("empty", String::new()),
        (
            "unterminated",
            "---\nname: open\ndescription: Never closed\n".to_string(),
        ),
        ("only-open", "---".to_string()),
        ("deep", deep_flow(50_000)),
        (
            "deep-unclosed",
            format!(
                "---\nname: d\ndescription: d\ntools: {}\n",
                "{a: [".repeat(25_000)
            ),
        ),
        ("bomb", alias_bomb()),
        ("lone-cr", AGENT.replace('\n', "\r")),
    ];
    for (name, text) in &cases {
        let uri = ws.uri(&format!(".claude/agents/{name}.md"));
        // Each named like its file, so that only what is hostile is reported.
        let text = text.replace("reviewer", name);
        server.open(&uri, &text);
        let diags = server.wait_diagnostics(&uri, 1);
        match *name {
            "bom" | "crlf" | "bom-crlf" => {
                assert!(diags.is_empty(), "{name}: {diags:#?}")
            }
            "empty" => assert_eq!(codes(&diags), ["missing-frontmatter"], "{name}"),
            "unterminated" | "only-open" => {
                assert!(
                    codes(&diags).contains(&"frontmatter-unterminated"),
                    "{name}: {diags:#?}"
                )
            }
            "deep" | "deep-unclosed" => assert!(!diags.is_empty(), "{name}"),
            _ => {}
        }
        // Requests on it are answered.
        let _ = server.hover(&uri, 1, 1);
        let _ = server.request_result(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position(3, 8) }),
        );
        server.change(&uri, 2, vec![range_change((0, 0), (0, 0), " ")]);
        server.wait_diagnostics(&uri, 2);
    }
    assert_alive(&mut server);
    server.shutdown();
}

#[test]
fn a_20_mb_document_is_analysed_only_in_its_first_part() {
    let ws = Workspace::new();
    let uri = ws.uri(".claude/agents/huge.md");
    let line = "Some body text with words, `code` and a [link](elsewhere.md).\n";
    let mut text = AGENT.to_string();
    while text.len() < 20_000_000 {
        text.push_str(line);
    }
    let mut server = started();
    // 20 MB through JSON-RPC and a debug build: more than the usual hang guard when the machine
    // is busy (all end-to-end tests share one binary and run side by side).
    server.set_timeout(TIMEOUT * 4);
    server.open(&uri, &text);
    let diags = server.wait_diagnostics(&uri, 1);
    let large: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "file-too-large")
        .collect();
    assert_eq!(large.len(), 1, "{:?}", codes(&diags));
    let message = large[0]["message"].as_str().unwrap();
    assert!(message.contains(&text.len().to_string()), "{message}");
    // Typing at the top and at the very end keeps working; the end is past what is analysed.
    let last_line = text.lines().count() as u32;
    server.change(
        &uri,
        2,
        vec![
            range_change((1, 6), (1, 14), "critic"),
            range_change((last_line, 0), (last_line, 0), "The end.\n"),
        ],
    );
    let diags = server.wait_diagnostics(&uri, 2);
    assert!(codes(&diags).contains(&"file-too-large"));
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(symbols.to_string().contains("critic"), "{symbols}");
    // Cut back to a small document: analysed whole again, and what is left is exactly right.
    server.change(
        &uri,
        3,
        vec![range_change((6, 0), (last_line + 1, 0), "Short now.\n")],
    );
    let diags = server.wait_diagnostics(&uri, 3);
    assert!(!codes(&diags).contains(&"file-too-large"), "{diags:#?}");
    let small = AGENT.replace("reviewer", "critic") + "Short now.\n";
    let fresh_ws = Workspace::new();
    let fresh_uri = fresh_ws.uri(".claude/agents/huge.md");
    server.open(&fresh_uri, &small);
    assert_eq!(diags, server.wait_diagnostics(&fresh_uri, 1));
    let symbols = |server: &mut Server, uri: &str| {
        server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
    };
    assert_eq!(symbols(&mut server, &uri), symbols(&mut server, &fresh_uri));
    server.shutdown();
}

// ---------------------------------------------------------------------------------------------
// The server never writes files

/// Every file under `root` with its bytes and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                out.insert(
                    path.clone(),
                    (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

#[test]
fn the_server_never_writes_files() {
    let broken = "---\nname: planner\ndescription: Use this agent when: the user plans\ntools: Read, Grep\n---\nAsk @reviewer for a review.\n";
    let ws = Workspace::with_files(&[
        (".claude/agents/reviewer.md", AGENT),
        (".claude/agents/planner.md", broken),
        (".agentls.toml", "# settings\n"),
    ]);
    let before = snapshot(&ws.root());
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    let planner = ws.uri(".claude/agents/planner.md");
    let reviewer = ws.uri(".claude/agents/reviewer.md");
    server.open(&planner, broken);
    server.open(&reviewer, AGENT);
    let diags = server.wait_diagnostics(&planner, 1);
    assert!(!diags.is_empty());
    // Every code action anywhere in the file: edits come back as WorkspaceEdits.
    let all = range(0, 0, 6, 0);
    let actions = server.code_actions(&planner, all, diags.clone());
    assert!(!actions.is_empty());
    for a in &actions {
        assert!(a.get("command").is_none(), "no server-side command: {a}");
        assert!(a["edit"].is_object(), "{a}");
    }
    // Rename the reviewer agent: a WorkspaceEdit over both files, nothing written.
    let prepared = server.request_result("textDocument/prepareRename", at(&reviewer, 1, 8));
    let mut params = at(&reviewer, 1, 8);
    params["newName"] = json!("inspector");
    let edit = server.request_result("textDocument/rename", params);
    assert!(prepared.is_ok() && edit.is_ok(), "{prepared:?} {edit:?}");
    // Save, configuration and watched-file events.
    server.save(&planner);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": {} } }),
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri(".agentls.toml"), "type": 2 }, { "uri": reviewer, "type": 2 }] }),
    );
    server.change(&planner, 2, vec![full_change(AGENT)]);
    server.wait_diagnostics(&planner, 2);
    server.close(&planner);
    assert_alive(&mut server);
    server.shutdown();
    assert_eq!(
        snapshot(&ws.root()),
        before,
        "the server changed files on disk"
    );
}
