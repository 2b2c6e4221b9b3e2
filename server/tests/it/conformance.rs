//! Claude Code conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/claude-code/verdicts.json`, recorded by
//! `tests/conformance/claude-code/record`). A file Claude Code does not register gets an error;
//! a registered one gets none, and agentls names it as Claude Code does.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Env, FileContext, Severity};
use agentls::schema::Dialect;
use agentls::syntax::Document;

use crate::conformance_shared::apply_safe_error_fixes;

const PLUGIN: &str = "conf-plugin";

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/claude-code")
}

/// Where the recorder placed the case, as a path agentls classifies the same way.
fn placement(case: &str) -> (PathBuf, Dialect, String) {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    let stem = rel.strip_suffix(".md").expect(".md");
    let namespace: Vec<&str> = stem.split('/').collect();
    let (dir_ns, leaf) = namespace.split_at(namespace.len() - 1);
    match kind {
        "agent" => (
            PathBuf::from(format!("/project/.claude/agents/{rel}")),
            Dialect::ClaudeAgent,
            String::new(),
        ),
        "user-agent" => (
            PathBuf::from(format!("/home/.claude/agents/{rel}")),
            Dialect::ClaudeAgent,
            String::new(),
        ),
        "plugin-agent" => {
            let mut prefix = vec![PLUGIN];
            prefix.extend(dir_ns);
            (
                PathBuf::from(format!("/plugins/{PLUGIN}/agents/{rel}")),
                Dialect::ClaudeAgent,
                format!("{}:", prefix.join(":")),
            )
        }
        "skill" => (
            PathBuf::from(format!("/project/.claude/skills/{stem}/SKILL.md")),
            Dialect::ClaudeSkill,
            String::new(),
        ),
        "command" => (
            PathBuf::from(format!("/project/.claude/commands/{rel}")),
            Dialect::ClaudeCommand,
            if dir_ns.is_empty() {
                String::new()
            } else {
                format!("{}:", dir_ns.join(":"))
            },
        ),
        other => panic!("unknown case kind `{other}` in {case} ({leaf:?})"),
    }
}

#[derive(Debug, PartialEq)]
struct Verdict {
    loads: bool,
    name: Option<String>,
}

#[test]
fn claude_code_conformance() {
    let dir = suite();
    let raw = std::fs::read_to_string(dir.join("verdicts.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("verdicts.json").display()));
    let recorded: serde_json::Value = serde_json::from_str(&raw).expect("verdicts.json");
    let version = recorded["version"].as_str().expect("version");
    let cases = recorded["cases"].as_object().expect("cases");
    assert!(cases.len() >= 200, "only {} recorded cases", cases.len());
    let with: std::collections::HashSet<String> = {
        let toml_text = std::fs::read_to_string(dir.join("cases.toml")).expect("cases.toml");
        let parsed: toml::Table = toml::from_str(&toml_text).expect("cases.toml");
        parsed["case"]
            .as_array()
            .expect("[[case]]")
            .iter()
            .filter(|c| c.get("with").is_some())
            .filter_map(|c| c["path"].as_str().map(str::to_string))
            .collect()
    };
    let mut mismatches = Vec::new();
    for (case, v) in cases {
        let text = std::fs::read(dir.join("cases").join(case))
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        let text = String::from_utf8_lossy(&text);
        let (path, dialect, prefix) = placement(case);
        let file = FileContext::from_path(&path, dialect);
        let doc = Document::new(&text);
        let diags = analysis::diagnostics(&doc, &file, Env::empty());
        // `no-tools` is about starting, not loading: Claude Code registers the agent and refuses
        // to spawn it (its "would be spawned with zero tools" error), which a recording of what
        // loads cannot show.
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code != "no-tools")
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let model = analysis::claude_verdict(&doc, &file).expect("a Claude Code file");
        let ours = Verdict {
            loads: errors.is_empty(),
            name: model.as_ref().ok().map(|n| format!("{prefix}{n}")),
        };
        let mut theirs = Verdict {
            loads: v["loads"].as_bool().expect("loads"),
            name: v["name"].as_str().map(str::to_string),
        };
        // Shadowed by another file of the same run: this file itself is fine.
        if with.contains(case.as_str()) && !theirs.loads {
            theirs = Verdict {
                loads: true,
                name: ours.name.clone(),
            };
        }
        let mut name_ok = !theirs.loads || theirs.name == ours.name;
        // What it saw: the description and model a registered project or user agent keeps.
        if theirs.loads && dialect == Dialect::ClaudeAgent && !case.starts_with("plugin-agent/") {
            let (description, model) = analysis::claude_seen(&doc, &file).expect("Claude Code");
            if let Some(d) = v["seen"]["description"].as_str() {
                name_ok &= description.as_deref() == Some(d);
            }
            if let Some(m) = v["seen"]["model"].as_str() {
                name_ok &= model.as_deref() == Some(m);
            }
            // The tools as parsed (the listing Claude Code shows the model), for a block list or
            // a string: agentls cuts them the same way. (`disallowedTools` takes tools away and
            // `memory` adds the file tools: resolution, not parsing.)
            let resolved_further = ["disallowedTools", "memory"]
                .iter()
                .any(|k| doc.yaml().get(k).is_some());
            if let (Some(want), Some(entry), false) = (
                v["seen"]["tools"].as_array(),
                doc.yaml().get("tools"),
                resolved_further,
            ) && let Some(node) = &entry.value
            {
                let (_, entries) = analysis::tools::entries(&doc, node, true);
                let got: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
                let want: Vec<&str> = want.iter().filter_map(|t| t.as_str()).collect();
                if got != want {
                    mismatches.push(format!(
                        "{case}: tools {want:?} as Claude Code parsed them, {got:?} by agentls"
                    ));
                }
            }
        }
        if ours.loads != theirs.loads || !name_ok {
            mismatches.push(format!(
                "{case}\n    Claude Code {version}: {theirs:?} {} seen {}\n    agentls: {ours:?} {model:?} {errors:?} seen {:?}",
                v["reason"].as_str().unwrap_or(""),
                v["seen"],
                analysis::claude_seen(&doc, &file)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from Claude Code {version}:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Where Claude Code skips a recorded case and agentls offers a safe fix for the reason, the fix
/// makes the file load (applied as `check --fix` would, until no safe fix is left), and never
/// adds an error of another kind on the way.
#[test]
fn safe_fixes_make_skipped_cases_load() {
    let dir = suite();
    let raw = std::fs::read_to_string(dir.join("verdicts.json")).expect("verdicts.json");
    let recorded: serde_json::Value = serde_json::from_str(&raw).expect("verdicts.json");
    let mut fixed = 0;
    let mut failures = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        if v["loads"].as_bool() != Some(false) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(dir.join("cases").join(case)) else {
            continue;
        };
        let (path, dialect, _) = placement(case);
        let file = FileContext::from_path(&path, dialect);
        let (text, fixes) = apply_safe_error_fixes(text, &file, 5);
        let applied: Vec<String> = fixes.iter().map(|(c, t)| format!("{c}: {t}")).collect();
        if applied.is_empty() {
            continue;
        }
        let doc = Document::new(&text);
        let verdict = analysis::claude_verdict(&doc, &file).expect("a Claude Code file");
        let errors: Vec<String> = analysis::diagnostics(&doc, &file, Env::empty())
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code != "no-tools")
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        if verdict.is_err() || !errors.is_empty() {
            failures.push(format!(
                "{case}: after {applied:?}\n    verdict {verdict:?}, errors {errors:?}\n{text}"
            ));
        } else {
            fixed += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} safe fixes did not make the file load ({fixed} did):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(fixed >= 10, "only {fixed} skipped cases had a safe fix");
}
