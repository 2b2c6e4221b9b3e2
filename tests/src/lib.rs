//! A harness for end-to-end tests of agentls: it starts the real `agentls` binary and talks to
//! it the way an editor does (JSON-RPC with `Content-Length` framing over stdin/stdout), or runs
//! `agentls check` as CI does.
//!
//! # Overview
//!
//! - [`agentls_bin`]: the binary under test (`AGENTLS_BIN`, else `target/<profile>/agentls`).
//! - [`Workspace`]: a temporary folder with files in it, and `file://` URIs for them
//!   ([`file_uri`]).
//! - [`Server`]: a running `agentls serve`:
//!   - [`Server::initialize`] (with [`client_capabilities`]) / [`Server::initialize_with`];
//!   - [`Server::open`], [`Server::change`] (with [`range_change`] / [`full_change`]),
//!     [`Server::close`];
//!   - [`Server::wait_diagnostics`] for the `publishDiagnostics` of one version, or the general
//!     [`Server::wait_notification`];
//!   - [`Server::request`] for anything else, and the shortcuts [`Server::hover`],
//!     [`Server::completion`] and [`Server::code_actions`];
//!   - [`Server::shutdown`] (asserts the process exits with status 0).
//!   - [`Server::start_with_env`] (extra environment, e.g. `AGENTLS_TEST_PANIC_ON`) and
//!     [`Server::send_raw`] (bytes as they are, for malformed input).
//!
//!   Requests the server sends to the client (`client/registerCapability`,
//!   `workspace/configuration`, ...) are answered at once by a background thread, with `null` or
//!   with what [`Server::respond_to`] set, so the server never waits on the test.
//! - Positions: [`Encoding`], [`offset_at`], [`position_at`], [`apply_text_edits`],
//!   [`cursor`] (a fixture with a `$0` marker → text and LSP position), [`cursor_at`] (a marked
//!   snippet of a longer text → LSP position) and [`show_range`] (an LSP range as annotated
//!   source, for inline expectations).
//! - The CLI: [`check`] / [`check_in`] → `(exit code, stdout, stderr)`, and [`check_json`].
//!
//! Timeouts ([`TIMEOUT`]) only guard against hangs: tests never assert how fast anything is.
//!
//! ```no_run
//! use agentls_e2e::*;
//! use serde_json::json;
//!
//! let ws = Workspace::new();
//! let path = ws.write(".claude/agents/a.md", "---\nname: a\ndescription: b\n---\n");
//! let uri = file_uri(&path);
//! let mut server = Server::start();
//! server.initialize(client_capabilities(&["utf-16"]));
//! server.open(&uri, &ws.read(".claude/agents/a.md"));
//! let diagnostics = server.wait_diagnostics(&uri, 1);
//! assert!(diagnostics.is_empty());
//! let hover = server.hover(&uri, 1, 1);
//! # let _ = hover;
//! server.change(&uri, 2, vec![range_change((1, 6), (1, 7), "b")]);
//! server.wait_diagnostics(&uri, 2);
//! server.shutdown();
//! # let _ = json!(null);
//! ```

use std::collections::{HashMap, VecDeque};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use agentls_test_support::line_starts;
use serde_json::{Value, json};

/// How long to wait for anything from the server before failing the test. It only guards
/// against hangs; it is deliberately generous and says nothing about speed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Locations

/// The `agentls` binary under test: `$AGENTLS_BIN` if set, else `target/<profile>/agentls`
/// beside the test executable's `deps` folder. Panics with a hint when it does not exist.
///
/// `cargo test --workspace` builds it (the `agentls` package has integration tests). Running only
/// this crate (`cargo test -p agentls-e2e`) does not rebuild it: run `cargo build -p agentls`
/// first.
pub fn agentls_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("AGENTLS_BIN") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "AGENTLS_BIN is set to {}, which is not a file",
            p.display()
        );
        return p;
    }
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable lives in target/<profile>/deps");
    let bin = profile_dir.join(format!("agentls{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "the agentls binary is missing at {}: run `cargo test --workspace` (which builds it), \
         or `cargo build -p agentls` first, or set AGENTLS_BIN",
        bin.display()
    );
    bin
}

// The inputs and the folder walkers are shared with the other crates' tests.
pub use agentls_test_support::{corpus_dir, corpus_subdir, files_under, markdown_files, repo_root};

/// A `file://` URI for `path` (made absolute), percent-encoding everything but unreserved
/// characters and `/`, as editors do.
pub fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/'); // `C:/x` → `/C:/x`
    }
    let mut out = String::from("file://");
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if i == 2 => out.push(':'), // a drive letter's colon: `/C:/`
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Temporary workspaces

/// A temporary folder, deleted when dropped.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("agentls-e2e-")
            .tempdir()
            .expect("create a temporary folder");
        Workspace { dir }
    }

    /// A workspace holding `files` (`(relative path, contents)`).
    pub fn with_files(files: &[(&str, &str)]) -> Self {
        let ws = Self::new();
        for (rel, contents) in files {
            ws.write(rel, contents);
        }
        ws
    }

    /// The folder (canonical, so that paths match what tools print).
    pub fn root(&self) -> PathBuf {
        self.dir
            .path()
            .canonicalize()
            .unwrap_or_else(|_| self.dir.path().to_path_buf())
    }

    /// The absolute path of `rel` (which need not exist).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// The `file://` URI of `rel`.
    pub fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }

    /// Write `contents` to `rel`, creating folders; returns the absolute path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write a workspace file");
        path
    }

    /// The text of `rel`.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read a workspace file")
    }

    /// The bytes of `rel`.
    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read a workspace file")
    }
}

// ---------------------------------------------------------------------------------------------
// The CLI

/// Run `agentls check <args>` in the current folder: `(exit code, stdout, stderr)`.
pub fn check<S: AsRef<OsStr>>(args: &[S]) -> (i32, String, String) {
    run_check(None, args)
}

/// Run `agentls check <args>` in `cwd`: `(exit code, stdout, stderr)`.
pub fn check_in<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> (i32, String, String) {
    run_check(Some(cwd), args)
}

fn run_check<S: AsRef<OsStr>>(cwd: Option<&Path>, args: &[S]) -> (i32, String, String) {
    let mut cmd = Command::new(agentls_bin());
    cmd.arg("check").args(args);
    // Output goes to a pipe, so it is not coloured unless the environment forces it.
    for var in ["CLICOLOR_FORCE", "FORCE_COLOR"] {
        cmd.env_remove(var);
    }
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("run agentls check");
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("agentls check was killed by a signal: {:?}", out.status));
    (
        code,
        String::from_utf8(out.stdout).expect("check's stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("check's stderr is UTF-8"),
    )
}

/// Run `agentls check --format json <args>`: `(exit code, parsed stdout)`. Panics when stdout
/// is not JSON.
pub fn check_json<S: AsRef<OsStr>>(args: &[S]) -> (i32, Value) {
    let mut all: Vec<&OsStr> = vec![OsStr::new("--format"), OsStr::new("json")];
    all.extend(args.iter().map(AsRef::as_ref));
    let (code, stdout, stderr) = check(&all);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("check --format json printed no JSON ({e}):\n{stdout}\nstderr:\n{stderr}")
    });
    (code, value)
}

// ---------------------------------------------------------------------------------------------
// Positions and edits

/// How columns are counted in LSP positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The LSP name (`"utf-8"`, `"utf-16"`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The end of line `line`'s content (before its break).
fn line_content_end(text: &str, starts: &[usize], line: usize) -> usize {
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    let s = &text[starts[line]..end];
    starts[line] + s.trim_end_matches(['\n', '\r']).len()
}

/// The byte offset of an LSP position. Panics if the position is not in the text (past the
/// last line, past the end of a line, or inside a character): tests should be exact.
pub fn offset_at(text: &str, line: u32, character: u32, enc: Encoding) -> usize {
    let starts = line_starts(text);
    let line = line as usize;
    assert!(
        line < starts.len(),
        "line {line} is past the end of the text ({} lines)",
        starts.len()
    );
    let start = starts[line];
    let end = line_content_end(text, &starts, line);
    let mut units = 0;
    let mut byte = start;
    for c in text[start..end].chars() {
        if units >= character as usize {
            break;
        }
        units += enc.width(c);
        byte += c.len_utf8();
    }
    assert_eq!(
        units, character as usize,
        "character {character} is past the end of line {line} or inside a character"
    );
    byte
}

/// The LSP position `(line, character)` of a byte offset (which must be a character boundary).
pub fn position_at(text: &str, byte: usize, enc: Encoding) -> (u32, u32) {
    assert!(text.is_char_boundary(byte), "{byte} is not a char boundary");
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= byte) - 1;
    let col: usize = text[starts[line]..byte].chars().map(|c| enc.width(c)).sum();
    (line as u32, col as u32)
}

/// The LSP range `{start, end}` of a byte range, as JSON.
pub fn lsp_range(text: &str, bytes: std::ops::Range<usize>, enc: Encoding) -> Value {
    let (l0, c0) = position_at(text, bytes.start, enc);
    let (l1, c1) = position_at(text, bytes.end, enc);
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

/// The byte range of an LSP range (JSON `{start, end}`).
pub fn byte_range(text: &str, range: &Value, enc: Encoding) -> std::ops::Range<usize> {
    let pos = |p: &Value| {
        let n = |k: &str| p[k].as_u64().unwrap_or_else(|| panic!("bad position {p}")) as u32;
        offset_at(text, n("line"), n("character"), enc)
    };
    pos(&range["start"])..pos(&range["end"])
}

/// Apply LSP `TextEdit`s (JSON `{range, newText}`, all relative to `text`, not overlapping) as
/// an editor does.
pub fn apply_text_edits(text: &str, edits: &[Value], enc: Encoding) -> String {
    let mut resolved: Vec<(std::ops::Range<usize>, usize, &str)> = edits
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let r = byte_range(text, &e["range"], enc);
            let new = e["newText"].as_str().expect("a TextEdit has newText");
            (r, i, new)
        })
        .collect();
    // From the end backwards; edits at the same place keep their order.
    resolved.sort_by_key(|e| std::cmp::Reverse((e.0.start, e.1)));
    for w in resolved.windows(2) {
        assert!(
            w[1].0.end <= w[0].0.start,
            "overlapping TextEdits: {edits:?}"
        );
    }
    let mut out = text.to_string();
    for (r, _, new) in resolved {
        out.replace_range(r, new);
    }
    out
}

/// A fixture with a `$0` cursor marker: the text without the marker and the marker's LSP
/// position `(line, character)` in `enc`. Panics unless there is exactly one marker.
pub fn cursor(fixture: &str, enc: Encoding) -> (String, u32, u32) {
    let (text, at) = agentls_test_support::cursor(fixture);
    let (line, character) = position_at(&text, at, enc);
    (text, line, character)
}

/// The LSP position of the `$0` in `snippet`, a piece of `text` with a cursor marker in it that
/// occurs once in `text`: `cursor_at(text, "subagent_type: \"co$0de-reviewer\"", enc)`.
pub fn cursor_at(text: &str, snippet: &str, enc: Encoding) -> (u32, u32) {
    position_at(text, agentls_test_support::cursor_in(text, snippet), enc)
}

/// Where an LSP range (JSON `{start, end}`) is in `text`, as annotated source: the lines it
/// covers with their numbers, and `^^^` under the range. For inline expectations that read as
/// the text, not as line and column numbers.
pub fn show_range(text: &str, range: &Value, enc: Encoding) -> String {
    let bytes = byte_range(text, range, enc);
    agentls_test_support::excerpt(
        text,
        &[agentls_test_support::Annotation::new(bytes, '^', "")],
    )
}

/// A `TextDocumentContentChangeEvent` replacing the range from `start` to `end`
/// (`(line, character)`) by `text`.
pub fn range_change(start: (u32, u32), end: (u32, u32), text: &str) -> Value {
    json!({
        "range": {
            "start": { "line": start.0, "character": start.1 },
            "end": { "line": end.0, "character": end.1 },
        },
        "text": text,
    })
}

/// A `TextDocumentContentChangeEvent` replacing the whole text.
pub fn full_change(text: &str) -> Value {
    json!({ "text": text })
}

// ---------------------------------------------------------------------------------------------
// The language server

/// Client capabilities offering the given position encodings (`[]`: offer none, which means
/// UTF-16), with what a typical editor declares for diagnostics, code actions, hover and
/// completion.
pub fn client_capabilities(position_encodings: &[&str]) -> Value {
    let mut caps = json!({
        "textDocument": {
            "synchronization": { "didSave": true, "dynamicRegistration": false },
            "publishDiagnostics": {
                "versionSupport": true,
                "relatedInformation": true,
                "codeDescriptionSupport": true,
                "tagSupport": { "valueSet": [1, 2] },
            },
            "codeAction": {
                "isPreferredSupport": true,
                "codeActionLiteralSupport": {
                    "codeActionKind": { "valueSet": ["quickfix", "refactor", "source"] },
                },
            },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "completion": {
                "completionItem": {
                    "snippetSupport": true,
                    "documentationFormat": ["markdown", "plaintext"],
                    "insertReplaceSupport": true,
                },
            },
        },
        "workspace": { "configuration": true, "workspaceFolders": true },
        "window": { "workDoneProgress": true },
    });
    if !position_encodings.is_empty() {
        caps["general"] = json!({ "positionEncodings": position_encodings });
    }
    caps
}

enum Incoming {
    Message(Value),
    /// The server closed stdout (or sent something unreadable).
    Closed(String),
}

/// A running `agentls serve`, spoken to over stdio. Dropping it kills the process if it is still
/// running; call [`Server::shutdown`] to end it properly and check its exit status.
pub struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Incoming>,
    /// Notifications received and not yet taken by a `wait_*` call, in arrival order.
    pending: VecDeque<Value>,
    /// Responses that arrived while waiting for another one, by id.
    responses: HashMap<i64, Value>,
    server_requests: Arc<Mutex<Vec<Value>>>,
    canned: Arc<Mutex<HashMap<String, Value>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    next_id: i64,
    closed: Option<String>,
    exited: bool,
    /// The hang guard of every wait ([`TIMEOUT`] unless [`Server::set_timeout`] says otherwise).
    timeout: Duration,
}

fn write_message(w: &mut dyn Write, msg: &Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(msg).expect("serialize a message");
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(&body)?;
    w.flush()
}

/// Read one framed message; `Ok(None)` at a clean end of stream.
fn read_message(r: &mut dyn BufRead) -> Result<Option<Value>, String> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = String::new();
        let n = r.read_line(&mut line).map_err(|e| e.to_string())?;
        if n == 0 {
            return if first {
                Ok(None)
            } else {
                Err("end of stream inside a header".to_string())
            };
        }
        first = false;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed header line {line:?}"))?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|e| format!("bad Content-Length {value:?}: {e}"))?,
            );
        }
    }
    let length = length.ok_or("a message without Content-Length")?;
    let mut body = vec![0; length];
    r.read_exact(&mut body).map_err(|e| e.to_string())?;
    serde_json::from_slice(&body).map(Some).map_err(|e| {
        format!(
            "a message that is not JSON ({e}): {}",
            String::from_utf8_lossy(&body)
        )
    })
}

fn reader_thread(
    stdout: impl Read,
    tx: Sender<Incoming>,
    stdin: Arc<Mutex<ChildStdin>>,
    server_requests: Arc<Mutex<Vec<Value>>>,
    canned: Arc<Mutex<HashMap<String, Value>>>,
) {
    let mut reader = BufReader::new(stdout);
    loop {
        match read_message(&mut reader) {
            Ok(Some(msg)) => {
                let is_request = msg.get("method").is_some() && msg.get("id").is_some();
                if is_request {
                    // Answer at once, so the server never blocks on the test.
                    let method = msg["method"].as_str().unwrap_or_default().to_string();
                    let result = canned
                        .lock()
                        .unwrap()
                        .get(&method)
                        .cloned()
                        .unwrap_or(Value::Null);
                    let reply = json!({ "jsonrpc": "2.0", "id": msg["id"], "result": result });
                    // The server may be gone already; the test notices through the channel.
                    let _ = write_message(&mut *stdin.lock().unwrap(), &reply);
                    server_requests.lock().unwrap().push(msg);
                } else if tx.send(Incoming::Message(msg)).is_err() {
                    return;
                }
            }
            Ok(None) => {
                let _ = tx.send(Incoming::Closed("the server closed stdout".to_string()));
                return;
            }
            Err(e) => {
                let _ = tx.send(Incoming::Closed(format!(
                    "unreadable output from the server: {e}"
                )));
                return;
            }
        }
    }
}

impl Server {
    /// Start `agentls serve`.
    pub fn start() -> Self {
        Self::start_with_args(&["serve"])
    }

    /// Start the binary with other arguments (`["serve", "--stdio"]`, say).
    pub fn start_with_args(args: &[&str]) -> Self {
        Self::start_with_env(args, &[])
    }

    /// Start the binary with arguments and extra environment variables (`(name, value)`).
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(agentls_bin())
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start agentls serve");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("piped stdin")));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let server_requests = Arc::new(Mutex::new(Vec::new()));
        let canned = Arc::new(Mutex::new(HashMap::new()));
        let (tx, rx) = channel();
        {
            let (stdin, server_requests, canned) =
                (stdin.clone(), server_requests.clone(), canned.clone());
            std::thread::spawn(move || reader_thread(stdout, tx, stdin, server_requests, canned));
        }
        {
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr_pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    stderr.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
        Server {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            responses: HashMap::new(),
            server_requests,
            canned,
            stderr,
            next_id: 1,
            closed: None,
            exited: false,
            timeout: TIMEOUT,
        }
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Answer the server's requests of `method` with `result` from now on (default: `null`).
    pub fn respond_to(&self, method: &str, result: Value) {
        self.canned
            .lock()
            .unwrap()
            .insert(method.to_string(), result);
    }

    /// The requests the server sent to the client so far (each already answered).
    pub fn server_requests(&self) -> Vec<Value> {
        self.server_requests.lock().unwrap().clone()
    }

    /// Send a raw JSON-RPC message (a request, notification or response).
    pub fn send(&self, msg: &Value) {
        write_message(&mut *self.stdin.lock().unwrap(), msg).unwrap_or_else(|e| {
            panic!(
                "cannot write to the server ({e}); stderr:\n{}",
                self.stderr()
            )
        });
    }

    /// Write raw bytes to the server's stdin (malformed framing, garbage bodies, ...).
    pub fn send_raw(&self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to the server ({e})"));
    }

    /// Send a notification.
    pub fn notify(&self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Receive the next message, or panic after `deadline` or if the server is gone.
    fn receive(&mut self, deadline: Instant, waiting_for: &dyn Fn() -> String) -> Value {
        if let Some(why) = &self.closed {
            panic!(
                "{why} while waiting for {}; stderr:\n{}",
                waiting_for(),
                self.stderr()
            );
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(Incoming::Message(m)) => m,
            Ok(Incoming::Closed(why)) => {
                self.closed = Some(why.clone());
                panic!(
                    "{why} while waiting for {}; stderr:\n{}",
                    waiting_for(),
                    self.stderr()
                );
            }
            Err(RecvTimeoutError::Timeout) => panic!(
                "nothing arrived for {:?} while waiting for {} (the server hangs?); \
                 unconsumed notifications: {:?}; stderr:\n{}",
                self.timeout,
                waiting_for(),
                self.pending,
                self.stderr()
            ),
            Err(RecvTimeoutError::Disconnected) => panic!(
                "the server's output reader stopped while waiting for {}; stderr:\n{}",
                waiting_for(),
                self.stderr()
            ),
        }
    }

    /// File a message that is not the one being waited for.
    fn stash(&mut self, msg: Value) {
        if let Some(id) = msg.get("id").and_then(Value::as_i64)
            && msg.get("method").is_none()
        {
            self.responses.insert(id, msg);
        } else {
            self.pending.push_back(msg);
        }
    }

    /// Send a request without waiting; returns its id (see [`Server::response`]).
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Wait for the response to request `id`: `Ok(result)` or `Err(error object)`.
    /// Notifications that arrive meanwhile are kept for the `wait_*` methods.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let deadline = Instant::now() + self.timeout;
        let msg = loop {
            if let Some(m) = self.responses.remove(&id) {
                break m;
            }
            let m = self.receive(deadline, &|| format!("the response to request {id}"));
            if m.get("id").and_then(Value::as_i64) == Some(id) && m.get("method").is_none() {
                break m;
            }
            self.stash(m);
        };
        match msg.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Send a request and wait for its outcome: `Ok(result)` or `Err(error object)`.
    pub fn request_result(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Send a request and return its result; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_result(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}; stderr:\n{}", self.stderr()))
    }

    /// Wait (up to `timeout`) for a notification of `method` whose params satisfy `pred`, and
    /// return its params. Earlier notifications that do not match stay queued for later calls.
    pub fn wait_notification(
        &mut self,
        method: &str,
        mut pred: impl FnMut(&Value) -> bool,
        timeout: Duration,
    ) -> Value {
        let matches = |m: &Value, pred: &mut dyn FnMut(&Value) -> bool| {
            m.get("method").and_then(Value::as_str) == Some(method)
                && pred(m.get("params").unwrap_or(&Value::Null))
        };
        if let Some(i) = self.pending.iter().position(|m| matches(m, &mut pred)) {
            let m = self.pending.remove(i).expect("the index is in range");
            return m.get("params").cloned().unwrap_or(Value::Null);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.receive(deadline, &|| format!("a `{method}` notification"));
            if matches(&m, &mut pred) {
                return m.get("params").cloned().unwrap_or(Value::Null);
            }
            self.stash(m);
        }
    }

    /// Wait for the `textDocument/publishDiagnostics` of `uri` at `version`, and return its
    /// diagnostics. Publications for other documents or versions stay queued.
    pub fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri && p["version"].as_i64() == Some(version),
            self.timeout,
        );
        params["diagnostics"]
            .as_array()
            .expect("publishDiagnostics has a diagnostics array")
            .clone()
    }

    /// Take every notification received so far and not consumed by a `wait_*` call (without
    /// waiting for more), in arrival order.
    pub fn take_notifications(&mut self) -> Vec<Value> {
        while let Ok(incoming) = self.rx.try_recv() {
            match incoming {
                Incoming::Message(m) => self.stash(m),
                Incoming::Closed(why) => self.closed = Some(why),
            }
        }
        self.pending.drain(..).collect()
    }

    /// Send `initialize` with these client capabilities (and no workspace folder), then
    /// `initialized`; returns the `InitializeResult`.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        self.initialize_with(json!({
            "processId": std::process::id(),
            "clientInfo": { "name": "agentls-e2e" },
            "rootUri": null,
            "capabilities": capabilities,
        }))
    }

    /// Send `initialize` with these capabilities and `root` as the workspace folder, then
    /// `initialized`; returns the `InitializeResult`.
    pub fn initialize_in(&mut self, root: &Path, capabilities: Value) -> Value {
        let uri = file_uri(root);
        self.initialize_with(json!({
            "processId": std::process::id(),
            "clientInfo": { "name": "agentls-e2e" },
            "rootUri": uri,
            "workspaceFolders": [{ "uri": uri, "name": "workspace" }],
            "capabilities": capabilities,
        }))
    }

    /// Send `initialize` with exactly these params, then `initialized`; returns the result.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// `textDocument/didOpen` with language `markdown` and version 1.
    pub fn open(&self, uri: &str, text: &str) {
        self.open_with(uri, "markdown", 1, text);
    }

    /// `textDocument/didOpen` with a language id and version of your choice.
    pub fn open_with(&self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({
                "textDocument": {
                    "uri": uri,
                    "languageId": language_id,
                    "version": version,
                    "text": text,
                },
            }),
        );
    }

    /// `textDocument/didChange` with these content changes (see [`range_change`] and
    /// [`full_change`]), applied in order.
    pub fn change(&self, uri: &str, version: i64, changes: Vec<Value>) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": changes,
            }),
        );
    }

    /// `textDocument/didSave` (without text).
    pub fn save(&self, uri: &str) {
        self.notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// `textDocument/didClose`.
    pub fn close(&self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// `textDocument/hover` at `(line, character)`; the result (`null` or a `Hover`).
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character },
            }),
        )
    }

    /// `textDocument/completion` at `(line, character)`, invoked by the user; the result
    /// (`null`, a list of items or a `CompletionList`).
    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character },
                "context": { "triggerKind": 1 },
            }),
        )
    }

    /// The items of a completion result, whichever shape it has (empty for `null`).
    pub fn completion_items(result: &Value) -> Vec<Value> {
        match result {
            Value::Array(items) => items.clone(),
            Value::Object(list) => list
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The labels of the completion items at `(line, character)`.
    pub fn completion_labels(&mut self, uri: &str, (line, character): (u32, u32)) -> Vec<String> {
        labels(&Self::completion_items(
            &self.completion(uri, line, character),
        ))
    }

    /// The URIs of the references at `at` (a text document position, as [`text_position`]
    /// builds), the declaration left out.
    pub fn reference_uris(&mut self, at: &Value) -> Vec<String> {
        let mut params = at.clone();
        params["context"] = json!({ "includeDeclaration": false });
        let refs = self.request("textDocument/references", params);
        refs.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r["uri"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `textDocument/codeAction` for `range` (JSON `{start, end}`) with these diagnostics in the
    /// context; the actions (empty for `null`).
    pub fn code_actions(&mut self, uri: &str, range: Value, diagnostics: Vec<Value>) -> Vec<Value> {
        let result = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range,
                "context": { "diagnostics": diagnostics },
            }),
        );
        result.as_array().cloned().unwrap_or_default()
    }

    /// `shutdown`, then `exit`; asserts the process ends with status 0.
    pub fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null, "shutdown returns null");
        self.notify("exit", Value::Null);
        let status = self.wait_exit();
        assert!(
            status.success(),
            "agentls serve exited with {status} after shutdown/exit; stderr:\n{}",
            self.stderr()
        );
    }

    /// Guard every later wait with `timeout` instead of [`TIMEOUT`]: for tests whose inputs are
    /// huge on purpose (a debug build on a loaded machine takes its time over 20 MB). Still only
    /// a guard against hangs.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Wait (up to the hang guard, [`TIMEOUT`] by default) for the process to end.
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server process") {
                self.exited = true;
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "agentls serve did not exit within {:?}; stderr:\n{}",
                self.timeout,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A "billion laughs" alias bomb as an agent file: expanding it would take 9^10 nodes.
pub fn alias_bomb() -> String {
    let mut s =
        String::from("---\nname: bomb\ndescription: Boom\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 9].join(", ");
        s.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    s.push_str("---\nBody\n");
    s
}

/// Write `rel` in `ws`, start a server there (UTF-16 positions), open the file and wait for its
/// first diagnostics: the server, the file's URI and the diagnostics.
pub fn open_in(ws: &Workspace, rel: &str, text: &str) -> (Server, String, Vec<Value>) {
    ws.write(rel, text);
    let uri = ws.uri(rel);
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&["utf-16"]));
    server.open(&uri, text);
    let diags = server.wait_diagnostics(&uri, 1);
    (server, uri, diags)
}

/// A text document position: `{ textDocument: { uri }, position: { line, character } }`.
pub fn text_position(uri: &str, (line, character): (u32, u32)) -> Value {
    json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": character },
    })
}

/// The labels of completion items.
pub fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_every_line_break() {
        let text = "a😀b\r\n漢c\rd\ne";
        assert_eq!(line_starts(text), [0, 8, 13, 15]);
        assert_eq!(position_at(text, 5, Encoding::Utf16), (0, 3));
        assert_eq!(position_at(text, 5, Encoding::Utf8), (0, 5));
        assert_eq!(offset_at(text, 0, 3, Encoding::Utf16), 5);
        assert_eq!(offset_at(text, 1, 1, Encoding::Utf16), 11);
        assert_eq!(offset_at(text, 2, 0, Encoding::Utf16), 13);
        assert_eq!(offset_at(text, 3, 1, Encoding::Utf8), text.len());
        for (byte, _) in text.char_indices() {
            if text[byte..].starts_with('\n') && text[..byte].ends_with('\r') {
                continue;
            }
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let (l, c) = position_at(text, byte, enc);
                assert_eq!(offset_at(text, l, c, enc), byte, "{enc:?} {byte}");
            }
        }
    }

    #[test]
    #[should_panic(expected = "inside a character")]
    fn half_a_surrogate_pair_is_refused() {
        offset_at("😀", 0, 1, Encoding::Utf16);
    }

    #[test]
    fn text_edits_apply_against_the_original_text() {
        let text = "ab\r\ncd😀e\n";
        let edit = |l0: u32, c0: u32, l1: u32, c1: u32, t: &str| json!({ "range": { "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } }, "newText": t });
        let out = apply_text_edits(
            text,
            &[
                edit(1, 4, 1, 5, "E"),
                edit(0, 0, 0, 0, "<"),
                edit(0, 2, 1, 1, " "),
            ],
            Encoding::Utf16,
        );
        assert_eq!(out, "<ab d😀E\n");
    }

    #[test]
    fn cursor_marker() {
        let (text, line, character) = cursor("---\nname: 😀$0x\n", Encoding::Utf16);
        assert_eq!(text, "---\nname: 😀x\n");
        assert_eq!((line, character), (1, 8));
    }

    #[test]
    fn file_uris_are_percent_encoded() {
        assert_eq!(
            file_uri(Path::new("/tmp/a b/é#.md")),
            "file:///tmp/a%20b/%C3%A9%23.md"
        );
    }

    #[test]
    fn framing_round_trips() {
        let mut buf = Vec::new();
        let msg = json!({ "jsonrpc": "2.0", "method": "x", "params": { "t": "é\r\n" } });
        write_message(&mut buf, &msg).unwrap();
        write_message(&mut buf, &json!(1)).unwrap();
        let mut r = std::io::Cursor::new(buf);
        assert_eq!(read_message(&mut r), Ok(Some(msg)));
        assert_eq!(read_message(&mut r), Ok(Some(json!(1))));
        assert_eq!(read_message(&mut r), Ok(None));
        let mut bad = std::io::Cursor::new(b"Content-Type: x\r\n\r\n{}".to_vec());
        assert!(read_message(&mut bad).is_err());
    }
}
