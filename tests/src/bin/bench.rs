//! End-to-end benchmark: drives the real release `agentls` over stdio (and `agentls check`) on
//! workspaces generated from `../shared/corpus`, and prints, for each case, p50/p99 latencies,
//! throughput and peak RSS.
//!
//! ```text
//! cargo build --release -p agentls -p agentls-e2e
//! target/release/bench --agents 1000,5000,10000
//! ```
//!
//! Options: `--agents N[,N...]` (workspace sizes, default 5000), `--cases LIST` (any of `typing`,
//! `check`, `memory`, `start`, `navigate`; default all), `--edits N` (edits per typing case, default 400),
//! `--runs N` (repetitions of `check` and `start`, default 5 and 15), `--bin PATH` (the
//! `agentls` binary; default: beside this one), `--keep DIR` (write the workspaces there
//! instead of a temporary folder).
//!
//! Server-side figures come from the server's opt-in timing log: with `AGENTLS_TRACE_TIMING=1`,
//! it writes `timing <what> <microseconds>` lines to stderr. The typing case opens a 5,000-line
//! agent (real bodies repeated) in a workspace of N other agents, waits until indexing is done
//! (the `$/progress` end; or a quiet period for servers that report none) and times one-character
//! edits (typed, then deleted) in the body and in the frontmatter from `didChange` to the
//! `publishDiagnostics` of that version. The navigate case times `workspace/symbol`, and
//! references and rename of an agent that every tenth agent mentions. A scaling table, one line
//! per size, ends the output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------
// Statistics

struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

/// Percentiles (nearest rank) of durations in microseconds.
fn stats(v: &[f64]) -> Stats {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n == 0 {
        return Stats {
            n,
            p50: f64::NAN,
            p99: f64::NAN,
            max: f64::NAN,
            mean: f64::NAN,
        };
    }
    let rank = |p: f64| s[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats {
        n,
        p50: rank(0.50),
        p99: rank(0.99),
        max: s[n - 1],
        mean: s.iter().sum::<f64>() / n as f64,
    }
}

fn fmt_us(us: f64) -> String {
    if us.is_nan() {
        "-".to_string()
    } else if us >= 10_000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

fn row(case: &str, s: &Stats, throughput: &str, rss: Option<u64>) {
    println!(
        "| {case} | {} | {} | {} | {} | {throughput} | {} |",
        s.n,
        fmt_us(s.p50),
        fmt_us(s.p99),
        fmt_us(s.max),
        rss.map_or("-".to_string(), mib)
    );
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// Workspace generation

struct Agent {
    /// Path relative to its corpus folder, for the dialect (`.agent.md` is Copilot).
    copilot: bool,
    stem: String,
    text: String,
}

fn corpus_agents() -> Vec<Agent> {
    let mut paths = agentls_e2e::files_under(&agentls_e2e::corpus_dir());
    paths.retain(|p| {
        let s = p.to_string_lossy();
        s.ends_with(".agent.md")
            || (s.contains("/agents/") && s.ends_with(".md") && !s.ends_with("README.md"))
    });
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.file_name()?.to_str()?.to_string();
            let copilot = name.ends_with(".agent.md");
            let stem = name
                .trim_end_matches(".md")
                .trim_end_matches(".agent")
                .to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            Some(Agent {
                copilot,
                stem,
                text,
            })
        })
        .collect()
}

/// `text` with its frontmatter's `name:` line set to `name` (when it has one).
fn rename(text: &str, name: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let fm_end = rest.find("\n---").map_or(rest.len(), |i| i + 1);
    let fm = &rest[..fm_end];
    let Some(at) = fm
        .split_inclusive('\n')
        .scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some((start, l))
        })
        .find(|(_, l)| l.starts_with("name:"))
        .map(|(s, _)| s)
    else {
        return text.to_string();
    };
    let end = fm[at..].find('\n').map_or(fm.len(), |e| at + e);
    format!("---\n{}name: {name}{}", &rest[..at], &rest[end..])
}

fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    rest.find("\n---\n").map_or(rest, |i| &rest[i + 5..])
}

/// A 5,000-line agent: a real-looking frontmatter and real bodies repeated.
fn big_agent(agents: &[Agent]) -> String {
    let mut out = String::from(
        "---\nname: big-agent\ndescription: Expert backend architect specializing in scalable API design, microservices architecture, and distributed systems. Use PROACTIVELY when creating new backend services or APIs.\ntools: Read, Grep, Glob, Bash\nmodel: sonnet\n---\n",
    );
    let mut lines = out.lines().count();
    'fill: loop {
        for a in agents.iter().filter(|a| !a.copilot) {
            for line in body(&a.text).lines() {
                out.push_str(line);
                out.push('\n');
                lines += 1;
                if lines >= 5000 {
                    break 'fill;
                }
            }
        }
    }
    out
}

struct GeneratedWorkspace {
    root: PathBuf,
    files: Vec<PathBuf>,
    bytes: u64,
    _tmp: Option<tempfile::TempDir>,
}

/// `n` agents with unique names and file names: Claude agents in `.claude/agents/`, Copilot
/// agents in `.github/agents/`.
fn generate(agents: &[Agent], n: usize, keep: Option<&Path>) -> GeneratedWorkspace {
    let (root, tmp) = match keep {
        Some(dir) => {
            let root = dir.join(format!("ws-{n}"));
            let _ = std::fs::remove_dir_all(&root);
            (root, None)
        }
        None => {
            let t = tempfile::Builder::new()
                .prefix("agentls-bench-")
                .tempdir()
                .expect("a temporary folder");
            (t.path().to_path_buf(), Some(t))
        }
    };
    let claude = root.join(".claude/agents");
    let copilot = root.join(".github/agents");
    std::fs::create_dir_all(&claude).unwrap();
    std::fs::create_dir_all(&copilot).unwrap();
    let mut files = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let a = &agents[i % agents.len()];
        let name = format!("{}-{i}", a.stem);
        let text = rename(&a.text, &name);
        let path = if a.copilot {
            copilot.join(format!("{name}.agent.md"))
        } else {
            claude.join(format!("{name}.md"))
        };
        std::fs::write(&path, &text).unwrap();
        bytes += text.len() as u64;
        files.push(path);
    }
    GeneratedWorkspace {
        root,
        files,
        bytes,
        _tmp: tmp,
    }
}

fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A minimal LSP client

struct Client {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<(Instant, Value)>,
    timings: Arc<Mutex<Vec<(String, f64)>>>,
    next_id: i64,
    index_done: Option<Instant>,
}

fn write_message(w: &mut dyn Write, msg: &Value) {
    let body = serde_json::to_vec(msg).unwrap();
    let _ = write!(w, "Content-Length: {}\r\n\r\n", body.len());
    let _ = w.write_all(&body);
    let _ = w.flush();
}

fn read_message(r: &mut dyn BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(bin: &Path) -> Client {
        let mut child = Command::new(bin)
            .arg("serve")
            .env("AGENTLS_TRACE_TIMING", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start agentls serve");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = channel();
        let answer = stdin.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                let now = Instant::now();
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    // A request from the server (progress, watchers): answer at once.
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    write_message(&mut *answer.lock().unwrap(), &reply);
                    continue;
                }
                if tx.send((now, msg)).is_err() {
                    return;
                }
            }
        });
        let timings = Arc::new(Mutex::new(Vec::new()));
        let sink = timings.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                let mut parts = line.split_whitespace();
                if parts.next() == Some("timing")
                    && let (Some(what), Some(us)) = (parts.next(), parts.next())
                    && let Ok(us) = us.parse::<f64>()
                {
                    sink.lock().unwrap().push((what.to_string(), us));
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            timings,
            next_id: 1,
            index_done: None,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn send(&self, msg: Value) {
        write_message(&mut *self.stdin.lock().unwrap(), &msg);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request_start(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Wait for a message matching `pred`; notes the end of indexing on the way.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> (Instant, Value) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((t, msg)) => {
                    if is_index_end(&msg) {
                        self.index_done = Some(t);
                    }
                    if pred(&msg) {
                        return (t, msg);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited ({what})"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_start(method, params);
        self.wait(method, |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
        .1
    }

    fn initialize(&mut self, root: &Path) {
        let uri = file_uri(root);
        self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "bench"}],
                "capabilities": {
                    "textDocument": {
                        "synchronization": {"didSave": true},
                        "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
                        "completion": {"completionItem": {"snippetSupport": true,
                            "documentationFormat": ["markdown", "plaintext"]}},
                    },
                    "workspace": {"workspaceFolders": true, "configuration": true,
                        "didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "window": {"workDoneProgress": true},
                    "general": {"positionEncodings": ["utf-16"]},
                },
            }),
        );
        self.notify("initialized", json!({}));
    }

    /// Wait until the workspace is indexed: the `$/progress` end, or (for a server that reports
    /// no progress) one second without any message.
    fn wait_indexed(&mut self) -> Instant {
        let deadline = Instant::now() + TIMEOUT;
        // Once progress has begun, only its end counts: a slow server may be silent for a
        // second between two reports.
        let mut progress = false;
        while self.index_done.is_none() && Instant::now() < deadline {
            let quiet = if progress {
                TIMEOUT
            } else {
                Duration::from_secs(1)
            };
            match self.rx.recv_timeout(quiet) {
                Ok((t, msg)) => {
                    progress |= msg["method"] == "$/progress";
                    if is_index_end(&msg) {
                        self.index_done = Some(t);
                    }
                }
                Err(_) if !progress => return Instant::now() - Duration::from_secs(1),
                Err(_) => panic!("timed out waiting for the end of indexing"),
            }
        }
        self.index_done.unwrap_or_else(Instant::now)
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> (Instant, usize) {
        let (t, msg) = self.wait("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        (
            t,
            msg["params"]["diagnostics"]
                .as_array()
                .map_or(0, |a| a.len()),
        )
    }

    fn take_timings(&self, what: &str) -> Vec<f64> {
        let mut t = self.timings.lock().unwrap();
        let (mine, rest): (Vec<_>, Vec<_>) = t.drain(..).partition(|(w, _)| w == what);
        *t = rest;
        mine.into_iter().map(|(_, us)| us).collect()
    }

    /// Peak and current resident set size (KiB), from `/proc/<pid>/status`.
    fn rss(&self) -> (Option<u64>, Option<u64>) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()));
        let field = |name: &str| {
            status.as_ref().ok().and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(name))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    /// CPU time (user + system, seconds) the server used so far, from `/proc/<pid>/stat`
    /// (clock ticks, assumed 100 per second).
    fn cpu_secs(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
        // Fields after the command name (which is in parentheses): utime is the 12th, stime
        // the 13th.
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        Some(ticks as f64 / 100.0)
    }

    fn stop(mut self) {
        let id = self.request_start("shutdown", json!(null));
        let _ = self.wait("shutdown", |m| m.get("id") == Some(&json!(id)));
        self.notify("exit", json!(null));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_index_end(msg: &Value) -> bool {
    msg["method"] == "$/progress" && msg["params"]["value"]["kind"] == "end"
}

fn change(uri: &str, version: i64, line: u32, col: u32, end_col: u32, text: &str) -> Value {
    json!({
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{
            "range": {"start": {"line": line, "character": col},
                      "end": {"line": line, "character": end_col}},
            "text": text,
        }],
    })
}

// ---------------------------------------------------------------------------------------------
// Cases

/// One line of the scaling table printed at the end: what each case measured for one size.
#[derive(Default)]
struct Scale {
    n: usize,
    mib: f64,
    index_secs: Option<f64>,
    server_rss: Option<u64>,
    check: Option<(f64, f64)>,
    check_rss: Option<u64>,
    keystroke: Option<(f64, f64)>,
    symbol: Option<(f64, usize)>,
    references: Option<(f64, usize)>,
    rename: Option<(f64, usize)>,
}

fn print_scaling(rows: &[Scale]) {
    println!(
        "\n## Scaling (server indexing to the progress end; check = median, ratio to cat; keystroke = body edit, server-side; symbol, references, rename = client-side medians)\n"
    );
    println!(
        "| agents | text | index | server peak RSS | check (× cat) | check peak RSS | keystroke p50 / p99 | workspace/symbol | references | rename |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
    for r in rows {
        println!(
            "| {} | {:.1} MiB | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.n,
            r.mib,
            opt(r.index_secs.map(|s| format!("{s:.2} s"))),
            opt(r.server_rss.map(mib)),
            opt(r
                .check
                .map(|(t, ratio)| format!("{} ({ratio:.2}×)", fmt_us(t)))),
            opt(r.check_rss.map(mib)),
            opt(r
                .keystroke
                .map(|(a, b)| format!("{} / {}", fmt_us(a), fmt_us(b)))),
            opt(r
                .symbol
                .map(|(t, k)| format!("{} ({k} results)", fmt_us(t)))),
            opt(r
                .references
                .map(|(t, k)| format!("{} ({k} places)", fmt_us(t)))),
            opt(r.rename.map(|(t, k)| format!("{} ({k} edits)", fmt_us(t)))),
        );
    }
}

struct Opts {
    sizes: Vec<usize>,
    cases: Vec<String>,
    edits: usize,
    check_runs: usize,
    start_runs: usize,
    bin: PathBuf,
    keep: Option<PathBuf>,
}

/// A line of the big file in the body with ASCII prose: `(line, column)` to type at.
fn body_position(text: &str) -> (u32, u32) {
    let lines: Vec<&str> = text.lines().collect();
    let mid = lines.len() / 2;
    for (i, l) in lines.iter().enumerate().skip(mid) {
        let head: &str = l.get(..30).unwrap_or("");
        if head.len() == 30
            && head.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ')
            && head.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return (i as u32, 10);
        }
    }
    (mid as u32, 0)
}

/// Type `edits` characters at `(line, col)`: five typed, five deleted, again and again. Returns
/// client-side latencies (µs) and the wall time.
fn type_at(
    c: &mut Client,
    uri: &str,
    version: &mut i64,
    (line, col): (u32, u32),
    edits: usize,
) -> (Vec<f64>, Duration) {
    let mut lat = Vec::with_capacity(edits);
    let word = b"agent";
    let t0 = Instant::now();
    let mut typed = 0u32;
    for i in 0..edits {
        *version += 1;
        let phase = i % 10;
        let msg = if phase < 5 {
            let ch = (word[phase] as char).to_string();
            let at = col + typed;
            typed += 1;
            change(uri, *version, line, at, at, &ch)
        } else {
            typed -= 1;
            let at = col + typed;
            change(uri, *version, line, at, at + 1, "")
        };
        let sent = Instant::now();
        c.notify("textDocument/didChange", msg);
        let (got, _) = c.wait_diagnostics(uri, *version);
        lat.push((got - sent).as_secs_f64() * 1e6);
    }
    (lat, t0.elapsed())
}

fn completion_at(c: &mut Client, uri: &str, line: u32, col: u32, n: usize) -> (Vec<f64>, usize) {
    let mut lat = Vec::with_capacity(n);
    let mut items = 0;
    for _ in 0..n {
        let sent = Instant::now();
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
        );
        lat.push(sent.elapsed().as_secs_f64() * 1e6);
        let result = &r["result"];
        items = result["items"]
            .as_array()
            .or(result.as_array())
            .map_or(0, |a| a.len());
    }
    (lat, items)
}

fn case_typing(opts: &Opts, agents: &[Agent], ws: &GeneratedWorkspace, scale: &mut Scale) {
    let big = big_agent(agents);
    let path = ws.root.join(".claude/agents/big-agent.md");
    std::fs::write(&path, &big).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start(&opts.bin);
    let t0 = Instant::now();
    c.initialize(&ws.root);
    let indexed = c.wait_indexed();
    let index_secs = (indexed - t0).as_secs_f64();
    c.open(&uri, &big);
    let (_, n_diags) = c.wait_diagnostics(&uri, 1);
    let _ = c.take_timings("didChange");
    let n = ws.files.len();
    println!(
        "\n### typing: a {}-line agent ({} KiB, {n_diags} diagnostics) with {n} other agents indexed (indexing took {:.2} s, {:.0} files/s)\n",
        big.lines().count(),
        big.len() / 1024,
        index_secs,
        (n + 1) as f64 / index_secs
    );
    println!("| case | n | p50 | p99 | max | throughput | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    let mut version = 1;
    // Warm-up: the first edits touch cold caches.
    let _ = type_at(&mut c, &uri, &mut version, body_position(&big), 20);
    let _ = c.take_timings("didChange");
    let desc = (2, 40);
    let cases = [
        ("body edit", body_position(&big)),
        ("frontmatter edit", desc),
    ];
    for (name, at) in cases {
        let (lat, wall) = type_at(&mut c, &uri, &mut version, at, opts.edits);
        let server = c.take_timings("didChange");
        let tput = format!("{:.0} edits/s", lat.len() as f64 / wall.as_secs_f64());
        row(
            &format!("{name}: didChange → publishDiagnostics, client"),
            &stats(&lat),
            &tput,
            None,
        );
        let st = stats(&server);
        if name == "body edit" {
            scale.keystroke = Some((st.p50, st.p99));
        }
        row(&format!("{name}: server-side"), &st, "", c.rss().0);
    }
    // Completion: the value of `tools:` (frontmatter) and after `@` in the body.
    let tools_line = big.lines().position(|l| l.starts_with("tools:")).unwrap() as u32;
    let tools_col = big.lines().nth(tools_line as usize).unwrap().len() as u32;
    version += 1;
    c.notify(
        "textDocument/didChange",
        change(&uri, version, tools_line, tools_col, tools_col, ", "),
    );
    c.wait_diagnostics(&uri, version);
    let _ = completion_at(&mut c, &uri, tools_line, tools_col + 2, 20);
    let _ = c.take_timings("completion");
    let (lat, items) = completion_at(&mut c, &uri, tools_line, tools_col + 2, opts.edits);
    let server = c.take_timings("completion");
    let wall: f64 = lat.iter().sum::<f64>() / 1e6;
    row(
        &format!("completion `tools:` value ({items} items), client"),
        &stats(&lat),
        &format!("{:.0} req/s", lat.len() as f64 / wall),
        None,
    );
    row(
        "completion `tools:` value, server-side",
        &stats(&server),
        "",
        None,
    );
    let (bl, bc) = body_position(&big);
    version += 1;
    c.notify(
        "textDocument/didChange",
        change(&uri, version, bl, bc, bc, " @"),
    );
    c.wait_diagnostics(&uri, version);
    let _ = completion_at(&mut c, &uri, bl, bc + 2, 5);
    let _ = c.take_timings("completion");
    let (lat, items) = completion_at(&mut c, &uri, bl, bc + 2, opts.edits / 4);
    let server = c.take_timings("completion");
    let wall: f64 = lat.iter().sum::<f64>() / 1e6;
    row(
        &format!("completion after `@` in the body ({items} items), client"),
        &stats(&lat),
        &format!("{:.0} req/s", lat.len() as f64 / wall),
        None,
    );
    row(
        "completion after `@`, server-side",
        &stats(&server),
        "",
        c.rss().0,
    );
    c.stop();
}

fn run_timed(mut cmd: Command) -> f64 {
    let t = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run a command");
    assert!(status.code().is_some(), "the command was killed: {cmd:?}");
    t.elapsed().as_secs_f64() * 1e6
}

fn case_check(opts: &Opts, ws: &GeneratedWorkspace, scale: &mut Scale) {
    let list = ws.root.join("files.txt");
    let mut names = Vec::new();
    for f in &ws.files {
        names.extend_from_slice(f.to_string_lossy().as_bytes());
        names.push(0);
    }
    std::fs::write(&list, names).unwrap();
    let cat = || {
        let mut c = Command::new("xargs");
        c.arg("-0").arg("-a").arg(&list).arg("cat");
        c
    };
    let check = || {
        let mut c = Command::new(&opts.bin);
        c.arg("check").arg("--color").arg("never").arg(&ws.root);
        c
    };
    // Warm the page cache first: both read from memory.
    run_timed(cat());
    run_timed(check());
    let mut cat_t = Vec::new();
    let mut check_t = Vec::new();
    for _ in 0..opts.check_runs {
        cat_t.push(run_timed(cat()));
        check_t.push(run_timed(check()));
    }
    let (cs, ks) = (stats(&cat_t), stats(&check_t));
    let n = ws.files.len();
    println!(
        "\n### check: {n} agents, {:.1} MiB (median of {} runs; ratio check/cat = {:.2})\n",
        ws.bytes as f64 / 1048576.0,
        opts.check_runs,
        ks.p50 / cs.p50
    );
    println!("| case | n | p50 | p99 | max | throughput | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    let tput = |s: &Stats| {
        format!(
            "{:.0} files/s, {:.1} MiB/s",
            n as f64 / (s.p50 / 1e6),
            ws.bytes as f64 / 1048576.0 / (s.p50 / 1e6)
        )
    };
    row("`cat` of the files (xargs cat)", &cs, &tput(&cs), None);
    let rss = check_rss(opts, ws);
    row("`agentls check`", &ks, &tput(&ks), rss);
    scale.check = Some((ks.p50, ks.p50 / cs.p50));
    scale.check_rss = rss;
    let _ = ks.mean + cs.mean + ks.max;
}

/// The peak RSS of one `agentls check` (from `wait4`'s rusage via GNU time, when present).
fn check_rss(opts: &Opts, ws: &GeneratedWorkspace) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(&opts.bin)
        .arg("check")
        .arg(&ws.root)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn case_memory(opts: &Opts, ws: &GeneratedWorkspace, scale: &mut Scale) {
    let mut c = Client::start(&opts.bin);
    let t0 = Instant::now();
    c.initialize(&ws.root);
    let done = c.wait_indexed();
    let cpu = c.cpu_secs();
    // Let the allocator settle (and any republishing finish).
    std::thread::sleep(Duration::from_millis(300));
    let (hwm, rss) = c.rss();
    let phases: Vec<String> = [
        "index-discover",
        "index-load",
        "index-progress",
        "index-insert",
        "index-names",
        "index-republish",
    ]
    .iter()
    .filter_map(|what| {
        let t = c.take_timings(what);
        (!t.is_empty()).then(|| format!("{} {:.0} ms", &what[6..], t.iter().sum::<f64>() / 1e3))
    })
    .collect();
    let n = ws.files.len();
    let text_mib = ws.bytes as f64 / 1048576.0;
    let budget = 2.0 * text_mib + 30.0;
    scale.index_secs = Some((done - t0).as_secs_f64());
    scale.server_rss = hwm;
    println!(
        "\n### memory: {n} closed agents, {text_mib:.1} MiB of text, indexed in {:.2} s ({:.0} files/s)\n",
        (done - t0).as_secs_f64(),
        n as f64 / (done - t0).as_secs_f64()
    );
    println!(
        "peak RSS (VmHWM) {}, current RSS {}; target ≤ 2 × text + 30 MiB = {budget:.1} MiB; peak/text = {:.2}",
        hwm.map_or("-".into(), mib),
        rss.map_or("-".into(), mib),
        hwm.map_or(f64::NAN, |h| h as f64 / 1024.0 / text_mib)
    );
    if let Some(cpu) = cpu {
        println!("server CPU time until indexed: {cpu:.2} s");
    }
    if !phases.is_empty() {
        println!("server-side phases: {}", phases.join(", "));
    }
    c.stop();
}

fn case_start(opts: &Opts, ws: &GeneratedWorkspace) {
    let target = &ws.files[ws.files.len() / 2];
    let text = std::fs::read_to_string(target).unwrap();
    let uri = file_uri(target);
    let mut first = Vec::new();
    let mut spawn_to_first = Vec::new();
    let mut hwm = None;
    for _ in 0..opts.start_runs {
        let spawned = Instant::now();
        let mut c = Client::start(&opts.bin);
        c.initialize(&ws.root);
        let sent = Instant::now();
        c.open(&uri, &text);
        let (got, _) = c.wait_diagnostics(&uri, 1);
        first.push((got - sent).as_secs_f64() * 1e6);
        spawn_to_first.push((got - spawned).as_secs_f64() * 1e6);
        c.wait_indexed();
        hwm = c.rss().0;
        c.stop();
    }
    println!(
        "\n### start: cold server, {} agents, didOpen right after `initialized`\n",
        ws.files.len()
    );
    println!("| case | n | p50 | p99 | max | throughput | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    row(
        "didOpen → first publishDiagnostics",
        &stats(&first),
        "",
        None,
    );
    row(
        "process spawn → first publishDiagnostics",
        &stats(&spawn_to_first),
        "",
        hwm,
    );
}

/// Every tenth generated agent mentions one hub agent (for the time of this case): the query
/// `backend` in `workspace/symbol`, then references and rename of the hub, timed client-side.
fn case_navigate(opts: &Opts, ws: &GeneratedWorkspace, scale: &mut Scale) {
    let hub = ws.root.join(".claude/agents/bench-hub.md");
    let hub_text = "---\nname: bench-hub\ndescription: The agent every tenth agent hands work to.\n---\nCoordinates the others.\n";
    std::fs::write(&hub, hub_text).unwrap();
    let mentioning: Vec<(PathBuf, String)> = ws
        .files
        .iter()
        .step_by(10)
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for (p, t) in &mentioning {
        std::fs::write(p, format!("{t}\nHand the result to @bench-hub.\n")).unwrap();
    }
    let mut c = Client::start(&opts.bin);
    c.initialize(&ws.root);
    c.wait_indexed();
    let uri = file_uri(&hub);
    c.open(&uri, hub_text);
    c.wait_diagnostics(&uri, 1);
    let runs = opts.check_runs.max(5) * 4;
    let timed = |c: &mut Client, method: &str, params: Value, count: fn(&Value) -> usize| {
        let mut lat = Vec::new();
        let mut n = 0;
        for _ in 0..runs + 2 {
            let sent = Instant::now();
            let r = c.request(method, params.clone());
            lat.push(sent.elapsed().as_secs_f64() * 1e6);
            n = count(&r["result"]);
        }
        // The first two warm up.
        (stats(&lat[2..]), n)
    };
    let len = |v: &Value| v.as_array().map_or(0, Vec::len);
    let edits = |v: &Value| {
        v["changes"].as_object().map_or(0, |m| {
            m.values().map(|e| e.as_array().map_or(0, Vec::len)).sum()
        }) + v["documentChanges"].as_array().map_or(0, |d| {
            d.iter()
                .map(|e| e["edits"].as_array().map_or(0, Vec::len))
                .sum()
        })
    };
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 8}});
    let (sym, n_sym) = timed(&mut c, "workspace/symbol", json!({"query": "backend"}), len);
    let mut refs_params = at.clone();
    refs_params["context"] = json!({"includeDeclaration": true});
    let (refs, n_refs) = timed(&mut c, "textDocument/references", refs_params, len);
    let mut rename_params = at;
    rename_params["newName"] = json!("bench-hub-renamed");
    let (ren, n_edits) = timed(&mut c, "textDocument/rename", rename_params, edits);
    let rss = c.rss().0;
    c.stop();
    for (p, t) in &mentioning {
        std::fs::write(p, t).unwrap();
    }
    let _ = std::fs::remove_file(&hub);
    println!(
        "\n### navigate: {} agents, {} of them mention `@bench-hub`\n",
        ws.files.len(),
        mentioning.len()
    );
    println!("| case | n | p50 | p99 | max | throughput | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    row(
        &format!("workspace/symbol `backend` ({n_sym} results), client"),
        &sym,
        "",
        None,
    );
    row(
        &format!("references of the hub ({n_refs} places), client"),
        &refs,
        "",
        None,
    );
    row(
        &format!("rename of the hub ({n_edits} edits), client"),
        &ren,
        "",
        rss,
    );
    scale.symbol = Some((sym.p50, n_sym));
    scale.references = Some((refs.p50, n_refs));
    scale.rename = Some((ren.p50, n_edits));
}

fn parse_args() -> Opts {
    let exe = std::env::current_exe().expect("own path");
    let mut opts = Opts {
        sizes: vec![5000],
        cases: ["typing", "check", "memory", "start", "navigate"]
            .map(String::from)
            .to_vec(),
        edits: 400,
        check_runs: 5,
        start_runs: 15,
        bin: exe.with_file_name(format!("agentls{}", std::env::consts::EXE_SUFFIX)),
        keep: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    let value = |i: &mut usize| -> String {
        *i += 1;
        args.get(*i)
            .cloned()
            .unwrap_or_else(|| panic!("{} needs a value", args[*i - 1]))
    };
    while i < args.len() {
        match args[i].as_str() {
            "--agents" => {
                opts.sizes = value(&mut i)
                    .split(',')
                    .map(|s| s.trim().parse().expect("--agents N[,N...]"))
                    .collect()
            }
            "--cases" => opts.cases = value(&mut i).split(',').map(String::from).collect(),
            "--edits" => opts.edits = value(&mut i).parse().expect("--edits N"),
            "--runs" => {
                let n: usize = value(&mut i).parse().expect("--runs N");
                opts.check_runs = n;
                opts.start_runs = n;
            }
            "--bin" => opts.bin = PathBuf::from(value(&mut i)),
            "--keep" => opts.keep = Some(PathBuf::from(value(&mut i))),
            "-h" | "--help" => {
                println!(
                    "bench [--agents 5000,10000,50000,100000] [--cases typing,check,memory,start,navigate] [--edits N] [--runs N] [--bin PATH] [--keep DIR]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
        i += 1;
    }
    assert!(
        opts.bin.is_file(),
        "no agentls binary at {} (cargo build --release -p agentls, or --bin)",
        opts.bin.display()
    );
    opts
}

fn main() {
    let opts = parse_args();
    let agents = corpus_agents();
    let corpus_bytes: usize = agents.iter().map(|a| a.text.len()).sum();
    println!(
        "agentls end-to-end benchmark: {} ({} corpus agents, {:.1} KiB on average); {} cores",
        opts.bin.display(),
        agents.len(),
        corpus_bytes as f64 / agents.len() as f64 / 1024.0,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut cache: HashMap<usize, GeneratedWorkspace> = HashMap::new();
    let mut scaling = Vec::new();
    for &n in &opts.sizes {
        let ws = cache
            .entry(n)
            .or_insert_with(|| generate(&agents, n, opts.keep.as_deref()));
        println!(
            "\n## {n} agents ({:.1} MiB) in {}",
            ws.bytes as f64 / 1048576.0,
            ws.root.display()
        );
        let mut scale = Scale {
            n,
            mib: ws.bytes as f64 / 1048576.0,
            ..Scale::default()
        };
        for case in &opts.cases {
            match case.as_str() {
                "typing" => case_typing(&opts, &agents, ws, &mut scale),
                "check" => case_check(&opts, ws, &mut scale),
                "memory" => case_memory(&opts, ws, &mut scale),
                "start" => case_start(&opts, ws),
                "navigate" => case_navigate(&opts, ws, &mut scale),
                other => panic!("unknown case {other}"),
            }
        }
        scaling.push(scale);
        // The typing case adds the big agent: leave the next sizes clean.
        let _ = std::fs::remove_file(ws.root.join(".claude/agents/big-agent.md"));
    }
    print_scaling(&scaling);
}
