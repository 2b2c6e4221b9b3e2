//! `agentls check` end to end: exit codes, the four output formats, `--fix`, and agreement with
//! what the server publishes.

use std::collections::BTreeMap;
use std::path::Path;

use agentls_e2e::*;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

const CLEAN_CLAUDE: &str = "---\nname: reviewer\ndescription: Reviews code for correctness.\nmodel: sonnet\n---\nYou review code.\n";
const CLEAN_COPILOT: &str = "---\ndescription: Plans features before coding.\n---\nPlan.\n";
const CLEAN_OPENCODE: &str =
    "---\ndescription: Writes documentation.\nmode: subagent\n---\nWrite docs.\n";
/// Claude Code skips this agent: its retry quotes the first description line (it holds `: `),
/// and the indented continuation after the quoted value still breaks the YAML.
const BROKEN: &str = "---\nname: reviewer\ndescription: 🚀 Use this agent when: the user asks\n  to review code\nmodel: sonnet\n---\nYou review code.\n";
const BROKEN_REL: &str = ".claude/agents/reviewer.md";

fn clean_workspace() -> Workspace {
    Workspace::with_files(&[
        (".claude/agents/reviewer.md", CLEAN_CLAUDE),
        (".github/agents/planner.agent.md", CLEAN_COPILOT),
        (".opencode/agent/docs.md", CLEAN_OPENCODE),
        ("README.md", "# Not an agent\n\ndescription: a: b\n"),
    ])
}

fn arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// The UTF-16 columns of the value holding the unquoted `: ` on [`BROKEN`]'s description
/// line: from after `description: ` to the end of the line.
fn broken_value_utf16() -> (u32, u32) {
    let line = BROKEN.lines().nth(2).unwrap();
    let start = "description: ".len();
    (
        line[..start].encode_utf16().count() as u32,
        line.encode_utf16().count() as u32,
    )
}

#[test]
fn clean_workspace_exits_0() {
    let ws = clean_workspace();
    let (code, stdout, stderr) = check(&[arg(&ws.root())]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout, "checked 3 files: no problems found\n");
}

#[test]
fn default_path_is_the_current_folder() {
    let ws = clean_workspace();
    ws.write(BROKEN_REL, BROKEN);
    let (code, stdout, _) = check_in(&ws.root(), &[] as &[&str]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("reviewer.md:3:"), "{stdout}");
}

#[test]
fn warnings_alone_exit_0() {
    let ws = Workspace::with_files(&[(
        ".claude/agents/code-reviewer.md",
        "---\nname: Code Reviewer\ndescription: Reviews code.\n---\nBody\n",
    )]);
    let (code, json) = check_json(&[arg(&ws.root())]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["diagnostics"][0]["code"], "invalid-name");
    // Claude Code registers `Code Reviewer` as written: a style note.
    assert_eq!(json["diagnostics"][0]["severity"], "information");
}

#[test]
fn an_error_exits_1_with_the_human_format() {
    let ws = clean_workspace();
    let path = ws.write(BROKEN_REL, BROKEN);
    let (code, stdout, stderr) = check(&[arg(&ws.root())]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        !stdout.contains('\x1b'),
        "no colour into a pipe: {stdout:?}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let col = broken_value_utf16().0 + 1;
    let head = format!("{}:3:{col}: error[yaml-syntax]: ", path.display());
    assert!(
        lines[0].starts_with(&head),
        "want `{head}...`, got:\n{stdout}"
    );
    assert!(
        lines[0].contains("Claude Code skips this agent") && lines[0].contains("Quote"),
        "{}",
        lines[0]
    );
    // The source line, then carets under the value holding the `:`.
    let source = BROKEN.lines().nth(2).unwrap();
    assert_eq!(lines[1], format!("3 | {source}"));
    let caret_line = lines[2];
    assert!(caret_line.starts_with("  | "), "{caret_line:?}");
    let caret_at = caret_line.find('^').expect("a caret") - "  | ".len();
    assert_eq!(caret_at, "description: ".len(), "{stdout}");
    let value = &source["description: ".len()..];
    let chars = value.chars().count();
    // On a terminal the emoji takes two cells, so the carets are right when they span the
    // display width; one caret per character (one cell short after the emoji) is accepted too.
    let cells = chars + value.chars().filter(|c| *c == '🚀').count();
    let carets = caret_line.trim_end().matches('^').count();
    assert!(
        carets == cells || carets == chars,
        "carets under the value ({cells} cells), not {carets}:\n{stdout}"
    );
    let summary = lines.last().copied().unwrap_or_default();
    assert!(
        summary.starts_with("checked 3 files: 1 error, 0 warnings, 0 information"),
        "{stdout}"
    );
}

#[test]
fn usage_and_io_failures_exit_2() {
    let ws = clean_workspace();
    let missing = ws.path("does/not/exist");
    let (code, stdout, stderr) = check(&[arg(&missing)]);
    assert_eq!(code, 2, "missing path: {stdout}{stderr}");
    assert!(
        stderr.contains("does/not/exist"),
        "names the path: {stderr}"
    );

    let (code, _, stderr) = check(&["--no-such-flag"]);
    assert_eq!(code, 2, "bad flag: {stderr}");

    let (code, _, stderr) = check(&["--format", "xml", &arg(&ws.root())]);
    assert_eq!(code, 2, "bad format: {stderr}");

    // A missing path among good ones still fails.
    let (code, _, _) = check(&[arg(&ws.root()), arg(&missing)]);
    assert_eq!(code, 2);
}

#[test]
fn json_format_lists_every_diagnostic() {
    let ws = clean_workspace();
    let broken = ws.write(BROKEN_REL, BROKEN);
    let dup = ws.write(
        ".claude/agents/dup.md",
        "---\nname: dup\ndescription: Twice.\nmodel: sonnet\nmodel: opus\n---\n",
    );
    let (code, json) = check_json(&[arg(&ws.root())]);
    assert_eq!(code, 1, "{json:#}");
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    // The workspace has `.github/agents`, so the Copilot CLI is in play, and it reads
    // `.claude/agents` too: the duplicate key it refuses is a portability warning.
    assert_eq!(diags.len(), 3, "{json:#}");
    let portability: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "portability")
        .collect();
    assert_eq!(portability.len(), 1, "{json:#}");
    assert_eq!(portability[0]["severity"], "warning");
    assert!(
        portability[0]["message"].as_str().unwrap().starts_with(
            "Loads in Claude Code, rejected by GitHub Copilot CLI: `model` appears twice"
        ),
        "{json:#}"
    );
    for d in diags {
        for key in ["path", "range", "severity", "code", "message"] {
            assert!(!d[key].is_null(), "{key} in {d}");
        }
        let sev = d["severity"].as_str().unwrap();
        assert!(
            ["error", "warning", "information", "hint"].contains(&sev),
            "{sev}"
        );
        for end in ["start", "end"] {
            assert!(d["range"][end]["line"].is_u64() && d["range"][end]["character"].is_u64());
        }
    }
    let by_path: BTreeMap<&str, &Value> = diags
        .iter()
        .filter(|d| d["code"] != "portability")
        .map(|d| (d["path"].as_str().unwrap(), d))
        .collect();
    let b = by_path[broken.to_str().unwrap()];
    let (start, end) = broken_value_utf16();
    assert_eq!(
        b["range"],
        json!({ "start": { "line": 2, "character": start }, "end": { "line": 2, "character": end } })
    );
    assert_eq!(b["code"], "yaml-syntax");
    assert_eq!(b["severity"], "error");
    let d = by_path[dup.to_str().unwrap()];
    assert_eq!(d["code"], "duplicate-key");
    // Claude Code loads it (the last `model` wins): a warning.
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 5 } }),
        "the second `model`"
    );
    assert_eq!(json["summary"]["files"], 4);
    assert_eq!(json["summary"]["errors"], 1);
}

/// The severity numbers of LSP, by the names `check` prints.
fn lsp_severity(name: &str) -> i64 {
    match name {
        "error" => 1,
        "warning" => 2,
        "information" => 3,
        "hint" => 4,
        other => panic!("unknown severity {other}"),
    }
}

/// Every fixture of the snapshot tests (and a CRLF and an emoji file): `check --format json`
/// reports exactly what the server publishes for the same file.
#[test]
fn json_ranges_equal_what_the_server_publishes() {
    let fixtures = repo_root().join("server/tests/fixtures");
    let ws = Workspace::new();
    ws.write(BROKEN_REL, BROKEN);
    ws.write(".claude/agents/crlf.md", BROKEN.replace('\n', "\r\n"));
    ws.write(
        ".github/agents/cjk.agent.md",
        "---\ndescription: 漢字 😀 review: the code\n---\n",
    );
    let mut compared = 0;
    for root in [fixtures.as_path(), ws.root().as_path()] {
        // Hints are hidden by default; the server publishes them.
        let (_, json) = check_json(&["--severity".to_string(), "hint".to_string(), arg(root)]);
        let mut by_path: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for d in json["diagnostics"].as_array().unwrap() {
            by_path
                .entry(d["path"].as_str().unwrap().to_string())
                .or_default()
                .push(d.clone());
        }
        let files = json["summary"]["files"].as_u64().unwrap();
        assert!(files > 0, "{json:#}");
        let mut server = Server::start();
        server.initialize(client_capabilities(&["utf-16"]));
        for (path, from_check) in &by_path {
            let path = Path::new(path);
            let Ok(text) = std::fs::read_to_string(path) else {
                continue; // not UTF-8: the server never sees such a file
            };
            let uri = file_uri(path);
            server.open(&uri, &text);
            let simplify = |range: &Value, sev: i64, code: &Value, message: &Value| json!({ "range": range, "severity": sev, "code": code, "message": message });
            let mut want: Vec<Value> = from_check
                .iter()
                .map(|d| {
                    simplify(
                        &d["range"],
                        lsp_severity(d["severity"].as_str().unwrap()),
                        &d["code"],
                        &d["message"],
                    )
                })
                .collect();
            want.sort_by_key(Value::to_string);
            let simplified = |published: &[Value]| {
                let mut got: Vec<Value> = published
                    .iter()
                    .map(|d| {
                        simplify(
                            &d["range"],
                            d["severity"].as_i64().unwrap(),
                            &d["code"],
                            &d["message"],
                        )
                    })
                    .collect();
                got.sort_by_key(Value::to_string);
                got
            };
            // The cross-file diagnostics (duplicate names, references) come when the file's
            // project is indexed, in a later publication of the same version: wait for the
            // index (`workspace/symbol` answers after it), then for the publications to settle.
            let mut got = simplified(&server.wait_diagnostics(&uri, 1));
            server.request("workspace/symbol", json!({ "query": "" }));
            let settle = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while got != want && std::time::Instant::now() < settle {
                std::thread::sleep(std::time::Duration::from_millis(20));
                for n in server.take_notifications() {
                    if n["method"] == "textDocument/publishDiagnostics"
                        && n["params"]["uri"] == uri
                        && n["params"]["version"] == 1
                    {
                        got = simplified(n["params"]["diagnostics"].as_array().unwrap());
                    }
                }
            }
            assert_eq!(got, want, "{}", path.display());
            server.close(&uri);
            compared += 1;
        }
        server.shutdown();
    }
    assert!(compared >= 10, "compared only {compared} files");
}

#[test]
fn sarif_has_the_required_properties() {
    let ws = clean_workspace();
    ws.write(BROKEN_REL, BROKEN);
    ws.write(
        ".claude/agents/code-reviewer.md",
        "---\nname: Code Reviewer\ndescription: Reviews code.\n---\n",
    );
    let (code, stdout, stderr) = check(&["--format", "sarif", &arg(&ws.root())]);
    assert_eq!(code, 1, "{stderr}");
    let sarif: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let schema = sarif["$schema"].as_str().expect("$schema");
    assert!(
        schema.contains("sarif") && schema.contains("2.1.0"),
        "{schema}"
    );
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "agentls");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(!rules.is_empty());
    let mut rule_ids = Vec::new();
    for r in rules {
        let id = r["id"].as_str().expect("rule id");
        assert!(
            r["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{r}"
        );
        rule_ids.push(id);
    }
    let mut sorted = rule_ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), rule_ids.len(), "unique rule ids");
    let results = run["results"].as_array().expect("results");
    assert!(results.len() >= 2, "{results:#?}");
    let mut levels = Vec::new();
    for res in results {
        let rule = res["ruleId"].as_str().expect("ruleId");
        assert!(rule_ids.contains(&rule), "{rule} is a declared rule");
        if let Some(i) = res["ruleIndex"].as_u64() {
            assert_eq!(
                rules[i as usize]["id"], rule,
                "ruleIndex points at the rule"
            );
        }
        let level = res["level"].as_str().expect("level");
        assert!(
            ["error", "warning", "note", "none"].contains(&level),
            "{level}"
        );
        levels.push((rule, level));
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let locations = res["locations"].as_array().expect("locations");
        assert!(!locations.is_empty());
        for loc in locations {
            let phys = &loc["physicalLocation"];
            let uri = phys["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(uri.ends_with(".md") && !uri.contains('\\'), "{uri}");
            let region = &phys["region"];
            assert!(
                region["startLine"].as_u64().is_some_and(|l| l >= 1),
                "{region}"
            );
            assert!(
                region["startColumn"].as_u64().is_some_and(|c| c >= 1),
                "{region}"
            );
            if let (Some(l0), Some(l1)) = (region["startLine"].as_u64(), region["endLine"].as_u64())
            {
                assert!(l1 >= l0, "{region}");
            }
        }
    }
    for want in [("invalid-name", "note"), ("yaml-syntax", "error")] {
        assert!(levels.contains(&want), "{want:?} in {levels:?}");
    }
    // The yaml-syntax result covers the value with the colon (1-based, UTF-16 columns).
    let yaml = results
        .iter()
        .find(|r| r["ruleId"] == "yaml-syntax")
        .unwrap();
    let region = &yaml["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], broken_value_utf16().0 + 1);
    if let Some(kind) = run["columnKind"].as_str() {
        assert_eq!(kind, "utf16CodeUnits");
    }
}

#[test]
fn sarif_of_a_clean_workspace_has_no_results() {
    let ws = clean_workspace();
    let (code, stdout, _) = check(&["--format", "sarif", &arg(&ws.root())]);
    assert_eq!(code, 0);
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], json!([]));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn fix_quotes_the_description_and_keeps_permissions() {
    let ws = clean_workspace();
    let path = ws.write(BROKEN_REL, BROKEN);
    #[cfg(unix)]
    set_mode(&path, 0o640);
    let (code, stdout, stderr) = check(&["--fix", &arg(&ws.root())]);
    assert_eq!(code, 0, "fixed, so no error is left:\n{stdout}\n{stderr}");
    assert!(stdout.contains("fixed 1 problem in 1 file"), "{stdout}");
    assert_eq!(
        ws.read(BROKEN_REL),
        BROKEN.replace(
            "description: 🚀 Use this agent when: the user asks\n  to review code\n",
            "description: '🚀 Use this agent when: the user asks\n  to review code'\n"
        )
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o640, "permissions kept");
    // Nothing else was touched, and no temporary file is left behind.
    assert_eq!(ws.read(".github/agents/planner.agent.md"), CLEAN_COPILOT);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["reviewer.md"]);
    // A second run finds nothing to do.
    let (code, stdout, _) = check(&["--fix", &arg(&ws.root())]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("fixed"), "{stdout}");
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let ws = Workspace::new();
    let crlf = BROKEN.replace('\n', "\r\n");
    ws.write(BROKEN_REL, &crlf);
    let (code, _, _) = check(&["--fix", &arg(&ws.root())]);
    assert_eq!(code, 0);
    assert_eq!(
        ws.read(BROKEN_REL),
        crlf.replace(
            "description: 🚀 Use this agent when: the user asks\r\n  to review code",
            "description: '🚀 Use this agent when: the user asks\r\n  to review code'"
        )
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_never_rewritten() {
    let ws = Workspace::new();
    // Claude Code reads the byte as U+FFFD and loads the agent through its retry (the
    // description holds `: `): a warning at the byte, the retry warning, and no fix is written.
    let mut bytes = b"---\nname: latin\ndescription: Caf\xe9 agent when: asked\n---\n".to_vec();
    bytes.extend_from_slice(b"Body\n");
    let path = ws.write(".claude/agents/latin.md", &bytes);
    let (code, json) = check_json(&[arg(&ws.root())]);
    assert_eq!(code, 0, "{json:#}");
    let diags = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["not-utf8", "yaml-retry"], "{json:#}");
    assert_eq!(diags[0]["severity"], "warning");
    assert_eq!(diags[0]["path"], path.to_str().unwrap());
    assert_eq!(diags[0]["range"]["start"]["line"], 2);
    let (code, _, stderr) = check(&["--fix", &arg(&ws.root())]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ws.read_bytes(".claude/agents/latin.md"), bytes, "untouched");
}

/// Undoes the escapes of a GitHub workflow command (`%25`, `%0D`, `%0A`, `%3A`, `%2C`).
fn github_unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_format_writes_one_escaped_workflow_command_per_diagnostic() {
    let ws = clean_workspace();
    // `%`, `,` and `:` in the path must be escaped in the `file=` property.
    let rel = ".claude/agents/50%,team:a/reviewer.md";
    ws.write(rel, BROKEN);
    ws.write(
        ".claude/agents/dup.md",
        "---\nname: dup\ndescription: Twice.\nmodel: sonnet\nmodel: opus\n---\n",
    );
    let (code, stdout, stderr) = check_in(&ws.root(), &["--format", "github"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let (_, json) = check_json(&[arg(&ws.root())]);
    let diags = json["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), diags.len(), "{stdout}");

    let (start, end) = broken_value_utf16();
    let expected = format!(
        "::error file=.claude/agents/50%25%2Cteam%3Aa/reviewer.md,line=3,col={},endLine=3,endColumn={},title=agentls yaml-syntax::",
        start + 1,
        end + 1
    );
    let broken = lines
        .iter()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("no line starting with {expected} in\n{stdout}"));
    assert!(broken.contains("Quote the value"), "{broken}");

    // Every line parses back to what the JSON format reports.
    for line in &lines {
        let rest = line.strip_prefix("::").expect("a workflow command");
        let (command, message) = rest.split_once("::").expect("command::message");
        let (level, props) = command.split_once(' ').expect("level and properties");
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        let props: BTreeMap<&str, String> = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("key=value");
                (k, github_unescape(v))
            })
            .collect();
        let keys: Vec<&str> = props.keys().copied().collect();
        assert_eq!(
            keys,
            ["col", "endColumn", "endLine", "file", "line", "title"],
            "{line}"
        );
        let message = github_unescape(message);
        let d = diags
            .iter()
            .find(|d| {
                d["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(props["file"].as_str())
                    && d["message"] == message.as_str()
            })
            .unwrap_or_else(|| panic!("{line} matches no JSON diagnostic"));
        let num = |v: &Value| v.as_u64().unwrap() + 1;
        assert_eq!(props["line"], num(&d["range"]["start"]["line"]).to_string());
        assert_eq!(
            props["col"],
            num(&d["range"]["start"]["character"]).to_string()
        );
        assert_eq!(
            props["endLine"],
            num(&d["range"]["end"]["line"]).to_string()
        );
        assert_eq!(
            props["endColumn"],
            num(&d["range"]["end"]["character"]).to_string()
        );
        assert_eq!(
            props["title"],
            format!("agentls {}", d["code"].as_str().unwrap())
        );
    }
}

#[test]
fn github_format_of_a_clean_workspace_is_empty() {
    let ws = clean_workspace();
    let (code, stdout, _) = check(&["--format", "github", &arg(&ws.root())]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}
