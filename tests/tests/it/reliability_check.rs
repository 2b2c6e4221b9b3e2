//! `agentls check` on hostile input (issue 7): every file gets its say and the run goes on, with
//! bounded work; symlink loops and unreadable folders neither hang nor abort the run; `--fix`
//! writes atomically and never touches a file it could not fully read. Timeouts only guard
//! against hangs.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agentls_e2e::*;
use serde_json::Value;

const AGENT: &str = "---\nname: NAME\ndescription: Reviews code for bugs\ntools: Read, Grep\n---\nYou review code.\n";
const BROKEN: &str = "---\nname: NAME\ndescription: Use this agent when: the user asks\n  to review code\n---\nBody\n";

fn agent(name: &str) -> String {
    AGENT.replace("NAME", name)
}

/// A note in the test's output (shown with `--nocapture`) for an assertion that cannot hold here.
#[allow(clippy::print_stdout)]
fn note(message: &str) {
    println!("note: {message}");
}

fn arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// `agentls check --format json <args>` in `cwd`, killed (and the test failed) if it runs past
/// the hang guard: `(exit code, JSON, stderr)`.
fn check_guarded(cwd: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut child = Command::new(agentls_bin())
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run agentls check");
    let deadline = Instant::now() + TIMEOUT * 4;
    // Read the pipes on threads so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("agentls check hangs on {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    (status.code().expect("not killed by a signal"), json, stderr)
}

/// The diagnostics by file name: `name → [(code, message)]`.
fn by_file(json: &Value) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let path = d["path"].as_str().unwrap();
        let name = Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.entry(name).or_default().push((
            d["code"].as_str().unwrap().to_string(),
            d["message"].as_str().unwrap().to_string(),
        ));
    }
    out
}

fn codes<'a>(map: &'a BTreeMap<String, Vec<(String, String)>>, file: &str) -> Vec<&'a str> {
    map.get(file)
        .map(|v| v.iter().map(|(c, _)| c.as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn hostile_files_each_get_their_say_and_the_run_goes_on() {
    let ws = Workspace::new();
    let dir = ".claude/agents";
    let w = |name: &str, bytes: &[u8]| {
        ws.write(&format!("{dir}/{name}.md"), bytes);
    };
    w("clean", agent("clean").as_bytes());
    let mut latin = agent("latin").into_bytes();
    let at = latin.windows(4).position(|w| w == b"bugs").unwrap();
    latin[at] = 0xE9;
    w("latin", &latin);
    w(
        "nul",
        agent("nul").replace("You review", "You\0review").as_bytes(),
    );
    w(
        "nul-yaml",
        agent("nul-yaml")
            .replace("Reviews code", "Reviews\0code")
            .as_bytes(),
    );
    w("bom", format!("\u{feff}{}", agent("bom")).as_bytes());
    w("crlf", agent("crlf").replace('\n', "\r\n").as_bytes());
    w(
        "bom-crlf",
        format!("\u{feff}{}", agent("bom-crlf").replace('\n', "\r\n")).as_bytes(),
    );
    w("empty", b"");
    w(
        "unterminated",
        b"---\nname: unterminated\ndescription: Never closed\n",
    );
    let deep = agent("deep").replace(
        "tools: Read, Grep",
        &format!("tools: {}{}", "[".repeat(50_000), "]".repeat(50_000)),
    );
    w("deep", deep.as_bytes());
    w("bomb", alias_bomb().as_bytes());
    let mut huge = agent("huge");
    let line = "Body text that goes on and on, with `code` and words.\n";
    while huge.len() < 20_000_000 {
        huge.push_str(line);
    }
    w("huge", huge.as_bytes());
    let (code, json, stderr) = check_guarded(&ws.root(), &[&arg(&ws.root())]);
    assert_eq!(code, 1, "errors were found:\n{json:#}\n{stderr}");
    let map = by_file(&json);
    assert_eq!(json["summary"]["files"], 12, "every file checked: {json:#}");
    // Fine: a BOM and CRLF line breaks raise nothing.
    for file in ["clean.md", "bom.md", "crlf.md", "bom-crlf.md", "bomb.md"] {
        assert!(codes(&map, file).is_empty(), "{file}: {:?}", map.get(file));
    }
    // Not UTF-8: said, with the byte offset.
    let latin = &map["latin.md"];
    assert_eq!(codes(&map, "latin.md"), ["not-utf8"]);
    assert!(
        latin[0].1.contains("not UTF-8") && latin[0].1.contains(&format!("offset {at}")),
        "{latin:?}"
    );
    assert_eq!(codes(&map, "nul.md"), ["nul-byte"]);
    assert_eq!(codes(&map, "nul-yaml.md"), ["yaml-syntax"]);
    assert!(
        map["nul-yaml.md"][0].1.contains("unprintable"),
        "{:?}",
        map["nul-yaml.md"]
    );
    assert_eq!(codes(&map, "empty.md"), ["missing-frontmatter"]);
    assert_eq!(codes(&map, "unterminated.md"), ["frontmatter-unterminated"]);
    // Beyond the parser's nesting limit; Claude Code's retry quotes the deep value.
    assert!(
        codes(&map, "deep.md")
            .iter()
            .any(|c| *c == "yaml-syntax" || *c == "yaml-retry"),
        "{:?}",
        map.get("deep.md")
    );
    let huge_diags = &map["huge.md"];
    assert_eq!(codes(&map, "huge.md"), ["file-too-large"]);
    assert!(
        huge_diags[0].1.contains(&huge.len().to_string()),
        "{huge_diags:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_folders_neither_hang_nor_abort_the_run() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let ws = Workspace::new();
    ws.write(".claude/agents/ok.md", agent("ok"));
    ws.write(".claude/agents/locked/hidden.md", agent("hidden"));
    let agents = ws.path(".claude/agents");
    symlink("..", agents.join("up")).unwrap(); // a loop through the parent
    symlink("self", agents.join("self")).unwrap(); // a link to itself
    symlink(&agents, agents.join("again")).unwrap(); // an absolute loop
    symlink("missing.md", agents.join("dangling.md")).unwrap();
    let locked = agents.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read_dir(&locked).is_ok();
    let (code, json, stderr) = check_guarded(&ws.root(), &[&arg(&ws.root())]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 0, "{json:#}\n{stderr}");
    let checked = json["summary"]["files"].as_u64().unwrap();
    if readable_anyway {
        // Running as root: chmod 000 does not deny reads, so the folder is checked.
        note("running as root, a chmod-000 folder stays readable; skipped that assertion");
        assert_eq!(checked, 2, "{json:#}");
    } else {
        assert_eq!(checked, 1, "{json:#}");
        assert!(
            stderr.contains("skipped") && stderr.contains("locked"),
            "the unreadable folder is reported: {stderr}"
        );
    }
}

#[test]
fn fix_never_touches_a_file_it_could_not_fully_read() {
    let ws = Workspace::new();
    // Too large: only its first part was read, so it is not rewritten even though the error at
    // the top has a safe fix.
    let mut huge = BROKEN.replace("NAME", "huge");
    while huge.len() < 9 * 1024 * 1024 {
        huge.push_str("More body text, line after line, to make the file large.\n");
    }
    ws.write(".claude/agents/huge.md", &huge);
    let small = BROKEN.replace("NAME", "small");
    ws.write(".claude/agents/small.md", &small);
    let (code, json, stderr) = check_guarded(&ws.root(), &["--fix", &arg(&ws.root())]);
    assert_eq!(code, 1, "the large file's error stays:\n{json:#}\n{stderr}");
    assert!(
        ws.read(".claude/agents/huge.md") == huge,
        "the large file is untouched"
    );
    assert_ne!(
        ws.read(".claude/agents/small.md"),
        small,
        "the small one is fixed"
    );
    let map = by_file(&json);
    assert!(codes(&map, "huge.md").contains(&"file-too-large"));
    assert!(codes(&map, "huge.md").contains(&"yaml-syntax"));
    assert!(
        codes(&map, "small.md").is_empty(),
        "{:?}",
        map.get("small.md")
    );
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink_and_fails_cleanly_in_a_read_only_folder() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let ws = Workspace::new();
    let text = BROKEN.replace("NAME", "linked");
    let real = ws.write("shared/linked.md", &text);
    let link = ws.path(".claude/agents/linked.md");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    symlink(&real, &link).unwrap();
    let (code, _, stderr) = check_guarded(&ws.root(), &["--fix", &arg(&link)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "still a link"
    );
    assert!(
        ws.read("shared/linked.md")
            .contains("description: 'Use this agent when: the user asks\n  to review code'")
    );

    // A folder where no temporary file can be created: an error, and the file is untouched.
    let text = BROKEN.replace("NAME", "stuck");
    let stuck = ws.write(".claude/agents/ro/stuck.md", &text);
    let ro = stuck.parent().unwrap();
    std::fs::set_permissions(ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable_anyway = tempfile::tempfile_in(ro).is_ok();
    let (code, _, stderr) = check_guarded(&ws.root(), &["--fix", &arg(&stuck)]);
    std::fs::set_permissions(ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable_anyway {
        note("running as root, a read-only folder stays writable; skipped that assertion");
    } else {
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("cannot write the fixes"), "{stderr}");
        assert_eq!(ws.read(".claude/agents/ro/stuck.md"), text);
        let names: Vec<_> = std::fs::read_dir(ro).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }
}

/// A link to an agent file is checked like the file (as the workspace index takes it); the walk
/// still does not follow links to folders.
#[cfg(unix)]
#[test]
fn links_to_agent_files_are_checked() {
    let ws = Workspace::new();
    let target = ws.write(
        "shared/reviewer.md",
        b"---\nname: reviewer\ndescription: Use when: asked\n  to review\n---\n",
    );
    std::fs::create_dir_all(ws.path(".claude/agents")).unwrap();
    std::os::unix::fs::symlink(&target, ws.path(".claude/agents/reviewer.md")).unwrap();
    let (code, json) = check_json(&[&arg(&ws.path(".claude"))]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["diagnostics"][0]["code"], "yaml-syntax");
}
