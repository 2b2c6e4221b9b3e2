//! The reading side of the stdio transport, hardened.
//!
//! tower-lsp-server stops reading for good at the first message it cannot decode (its framed
//! reader ends the stream after a codec error), so one garbage body, a wrong `Content-Length` or
//! a JSON value that is not a JSON-RPC message would leave the editor talking to a server that no
//! longer listens. So a thread reads stdin first, frames each message itself and checks it:
//!
//! - a valid JSON-RPC message goes on unchanged (re-framed with only `Content-Length`);
//! - a body that is not UTF-8 or not JSON becomes a request for [`INVALID_MESSAGE`] with id
//!   `null`, which the server answers with a `-32700` parse error, as JSON-RPC prescribes;
//! - JSON that is not a message becomes the same request under the message's own id (or `null`)
//!   and is answered with `-32600` invalid request;
//! - header lines that are not headers, or a missing, unreadable or huge `Content-Length`, are
//!   skipped up to the next `Content-Length` header.
//!
//! Each of these also writes a line to stderr, which editors keep as the server's log. So do
//! text-synchronisation notifications whose params do not parse (tower-lsp-server drops those
//! silently).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response, Result};
use tower_lsp_server::ls_types as lsp;

use super::Backend;

/// The method the reader turns a malformed message into; the server answers it with an error.
pub(crate) const INVALID_MESSAGE: &str = "agentls/invalidMessage";

/// Longest header line read; longer lines are garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// Largest body accepted (a 20 MB file sent as JSON fits many times over).
const MAX_BODY: usize = 512 * 1024 * 1024;
/// Messages buffered between the reading thread and the server.
const QUEUE: usize = 64;

/// The params of [`INVALID_MESSAGE`].
#[derive(Deserialize)]
pub(crate) struct InvalidMessage {
    code: i64,
    message: String,
}

impl Backend {
    /// Answer a malformed message (see the module documentation) with its error.
    pub(crate) async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        Err(Error {
            code: ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }
}

/// Start the thread that reads and checks stdin; the server reads the result.
pub(crate) fn stdin_reader() -> ChannelReader {
    let (tx, rx) = mpsc::channel(QUEUE);
    std::thread::Builder::new()
        .name("agentls-stdin".to_string())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = BufReader::with_capacity(64 * 1024, stdin.lock());
            let mut log = |line: String| {
                let _ = writeln!(io::stderr(), "agentls: {line}");
            };
            while let Some(body) = next_message(&mut input, &mut log) {
                let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                framed.extend_from_slice(&body);
                if tx.blocking_send(framed).is_err() {
                    break; // the server stopped reading (after `exit`)
                }
            }
        })
        .map(|_| ())
        .unwrap_or_else(|e| {
            let _ = writeln!(io::stderr(), "agentls: cannot start the stdin reader: {e}");
        });
    ChannelReader {
        rx,
        chunk: Vec::new(),
        pos: 0,
    }
}

/// The checked messages, as a byte stream for tower-lsp-server.
pub(crate) struct ChannelReader {
    rx: mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl AsyncRead for ChannelReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while this.pos >= this.chunk.len() {
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    this.chunk = chunk;
                    this.pos = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // end of input
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(this.chunk.len() - this.pos);
        buf.put_slice(&this.chunk[this.pos..this.pos + n]);
        this.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// One line of at most [`MAX_HEADER_LINE`] bytes (the rest of a longer line is skipped), without
/// its line break; `None` at the end of the input.
fn read_line(r: &mut impl BufRead) -> Option<(Vec<u8>, bool)> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        if buf.is_empty() {
            return any.then_some((line, too_long));
        }
        any = true;
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        too_long |= take > room;
        line.extend_from_slice(&buf[..take.min(room)]);
        r.consume(take);
        if done {
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            return Some((line, too_long));
        }
    }
}

/// Where a `Content-Length` header starts in a line, ignoring case.
fn find_content_length(line: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length";
    line.windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
}

fn printable(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]);
    let s: String = s.chars().flat_map(char::escape_debug).collect();
    if bytes.len() > 80 {
        format!("\"{s}…\"")
    } else {
        format!("\"{s}\"")
    }
}

/// Read the next message's body (checked: see [`check_body`]); `None` at the end of the input.
/// Garbage is skipped with a line for `log`.
pub(crate) fn next_message(r: &mut impl BufRead, log: &mut impl FnMut(String)) -> Option<Vec<u8>> {
    let mut length: Option<std::result::Result<usize, String>> = None;
    let mut in_headers = false;
    loop {
        let (mut line, too_long) = read_line(r)?;
        if line.is_empty() && !too_long {
            if !in_headers {
                continue; // blank lines between messages
            }
            match length.take() {
                Some(Ok(n)) => {
                    // Grow with what arrives: a bogus length must not allocate up front.
                    let mut body = Vec::with_capacity(n.min(1 << 20));
                    r.by_ref().take(n as u64).read_to_end(&mut body).ok()?;
                    if body.len() < n {
                        return None; // the input ended inside the body
                    }
                    return Some(check_body(&body, log));
                }
                Some(Err(why)) => log(format!("ignored a message: {why}")),
                None => log("ignored a message without a Content-Length header".to_string()),
            }
            in_headers = false;
            continue;
        }
        let start = find_content_length(&line);
        if let Some(at) = start.filter(|&at| at > 0) {
            // Garbage, then a header: resynchronise on the header.
            log(format!(
                "skipped bytes that are not a header: {}",
                printable(&line[..at])
            ));
            line.drain(..at);
            length = None;
        }
        let header = (!too_long)
            .then(|| std::str::from_utf8(&line).ok())
            .flatten()
            .and_then(|l| l.split_once(':'))
            .filter(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
            });
        match header {
            Some((name, value)) => {
                in_headers = true;
                if name.eq_ignore_ascii_case("content-length") {
                    length = Some(match value.trim().parse::<usize>() {
                        Ok(n) if n <= MAX_BODY => Ok(n),
                        Ok(n) => Err(format!("Content-Length {n} is larger than {MAX_BODY}")),
                        Err(_) => Err(format!(
                            "bad Content-Length {}",
                            printable(value.as_bytes())
                        )),
                    });
                }
            }
            None => {
                log(format!(
                    "skipped bytes that are not a header: {}",
                    printable(&line)
                ));
                length = None;
                in_headers = false;
            }
        }
    }
}

/// The body to hand to tower-lsp-server: `body` itself when it is a JSON-RPC message, else a
/// request for [`INVALID_MESSAGE`] that carries the error to answer with.
pub(crate) fn check_body(body: &[u8], log: &mut impl FnMut(String)) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(body) else {
        log(format!("a message that is not UTF-8: {}", printable(body)));
        return invalid(Value::Null, ErrorCode::ParseError, "Parse error: not UTF-8");
    };
    // The same test as tower-lsp-server's (an untagged enum of the two).
    if serde_json::from_str::<Response>(text).is_ok() {
        return body.to_vec();
    }
    if let Ok(request) = serde_json::from_str::<Request>(text) {
        if let Some(why) = unreadable_notification(&request) {
            log(format!(
                "ignored a `{}` notification: {why}",
                request.method()
            ));
        }
        return body.to_vec();
    }
    match serde_json::from_str::<Value>(text) {
        Err(e) => {
            log(format!(
                "a message that is not JSON ({e}): {}",
                printable(body)
            ));
            invalid(
                Value::Null,
                ErrorCode::ParseError,
                &format!("Parse error: {e}"),
            )
        }
        Ok(value) => {
            log(format!(
                "a message that is not JSON-RPC: {}",
                printable(body)
            ));
            let id = value
                .get("id")
                .filter(|id| id.is_i64() || id.is_string())
                .cloned()
                .unwrap_or(Value::Null);
            invalid(
                id,
                ErrorCode::InvalidRequest,
                "Invalid request: not a JSON-RPC 2.0 request, notification or response",
            )
        }
    }
}

fn invalid(id: Value, code: ErrorCode, message: &str) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE,
        "params": { "code": code.code(), "message": message },
    });
    serde_json::to_vec(&request).unwrap_or_default()
}

/// Why a text-synchronisation notification will be dropped, if it will (its params do not
/// parse: a negative line number, say).
fn unreadable_notification(request: &Request) -> Option<String> {
    if request.id().is_some() {
        return None;
    }
    let params = request.params().unwrap_or(&Value::Null);
    fn check<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
        T::deserialize(v)
            .err()
            .map(|e| format!("invalid params ({e})"))
    }
    match request.method() {
        "textDocument/didOpen" => check::<lsp::DidOpenTextDocumentParams>(params),
        "textDocument/didChange" => check::<lsp::DidChangeTextDocumentParams>(params),
        "textDocument/didClose" => check::<lsp::DidCloseTextDocumentParams>(params),
        "textDocument/didSave" => check::<lsp::DidSaveTextDocumentParams>(params),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> (Vec<Value>, Vec<String>) {
        let mut r = io::Cursor::new(input.to_vec());
        let mut logs = Vec::new();
        let mut out = Vec::new();
        while let Some(body) = next_message(&mut r, &mut |l| logs.push(l)) {
            out.push(serde_json::from_slice(&body).expect("always JSON"));
        }
        (out, logs)
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;

    #[test]
    fn valid_messages_pass_unchanged() {
        let input = format!(
            "{}{}content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[]",
            frame(PING),
            frame(r#"{"jsonrpc":"2.0","id":1,"result":null}"#)
        );
        let (out, logs) = frames(input.as_bytes());
        assert_eq!(out[0]["method"], "shutdown");
        assert_eq!(out[1]["result"], Value::Null);
        // `[]` is JSON but not a message.
        assert_eq!(out[2]["method"], INVALID_MESSAGE);
        assert_eq!(out[2]["params"]["code"], -32600);
        assert_eq!(out.len(), 3);
        assert_eq!(logs.len(), 1, "{logs:?}");
    }

    #[test]
    fn garbage_is_answered_or_skipped_and_reading_goes_on() {
        let mut input = Vec::new();
        input.extend_from_slice(frame("{bad json").as_bytes());
        input.extend_from_slice(b"Content-Length: 3\r\n\r\n\xff\xfe\xfd");
        input.extend_from_slice(frame(r#"{"id":5,"method":1}"#).as_bytes());
        input.extend_from_slice(b"garbage line\r\n\r\n");
        input.extend_from_slice(b"Content-Length: nope\r\n\r\n");
        input.extend_from_slice(b"Content-Length: 99999999999999\r\n\r\n");
        input.extend_from_slice(b"junk");
        input.extend_from_slice(frame(PING).as_bytes());
        // Too short a length: the rest of the body is garbage before the next header.
        input.extend_from_slice(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\"}");
        input.extend_from_slice(frame(PING).as_bytes());
        input.extend_from_slice(&[b'x'; 20_000]);
        input.extend_from_slice(b"\n");
        input.extend_from_slice(frame(PING).as_bytes());
        let (out, logs) = frames(&input);
        let methods: Vec<&str> = out.iter().map(|m| m["method"].as_str().unwrap()).collect();
        assert_eq!(
            methods,
            [
                INVALID_MESSAGE,
                INVALID_MESSAGE,
                INVALID_MESSAGE,
                "shutdown",
                INVALID_MESSAGE,
                "shutdown",
                "shutdown"
            ]
        );
        assert_eq!(out[0]["params"]["code"], -32700);
        assert_eq!(out[0]["id"], Value::Null);
        assert_eq!(out[1]["params"]["code"], -32700);
        assert_eq!(out[2]["params"]["code"], -32600);
        assert_eq!(out[2]["id"], 5, "the id is kept when it can be read");
        assert!(logs.len() >= 8, "{logs:#?}");
    }

    #[test]
    fn unreadable_sync_notifications_are_logged() {
        let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}}"#;
        let (out, logs) = frames(frame(change).as_bytes());
        assert_eq!(out[0]["method"], "textDocument/didChange", "passed on");
        assert!(logs[0].contains("didChange"), "{logs:?}");
    }

    #[test]
    fn end_of_input_inside_a_message_ends_cleanly() {
        assert!(frames(b"Content-Length: 10\r\n\r\n{}").0.is_empty());
        assert!(frames(b"Content-Len").0.is_empty());
        assert!(frames(b"").0.is_empty());
    }
}
