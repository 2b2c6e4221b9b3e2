//! Gemini CLI conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/gemini-cli/verdicts.json`, recorded by
//! `tests/conformance/gemini-cli/record`). A file Gemini CLI does not load gets an error; a
//! loaded one gets none, and agentls reads the same name and the same values.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Env, FileContext, Severity};
use agentls::schema::{self, Dialect};
use agentls::syntax::{Document, NodeKind};

use crate::conformance_shared::{names, scalar};

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/gemini-cli")
}

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.gemini/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.gemini/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

/// The values agentls reads where Gemini CLI recorded what it parsed: each recorded key the
/// file sets (Gemini CLI's defaults aside) must read the same.
fn seen_mismatches(doc: &Document, seen: &serde_json::Value) -> Vec<String> {
    let yaml = doc.yaml();
    let mut out = Vec::new();
    for key in [
        "name",
        "description",
        "display_name",
        "model",
        "agent_card_url",
    ] {
        let (Some(want), Some(e)) = (seen[key].as_str(), yaml.get(key)) else {
            continue;
        };
        // An alias (`*d`) is read by the loader, not by the summary's scalar.
        if matches!(e.value.as_ref().map(|v| &v.kind), Some(NodeKind::Alias(_))) {
            continue;
        }
        let got = scalar(e.value.as_ref());
        if got.as_deref() != Some(want) {
            out.push(format!("{key}: Gemini CLI {want:?}, agentls {got:?}"));
        }
    }
    for key in ["temperature", "max_turns", "timeout_mins"] {
        let (Some(want), Some(e)) = (seen[key].as_f64(), yaml.get(key)) else {
            continue;
        };
        let got = scalar(e.value.as_ref()).and_then(|s| s.parse::<f64>().ok());
        if got != Some(want) {
            out.push(format!("{key}: Gemini CLI {want}, agentls {got:?}"));
        }
    }
    if let (Some(want), Some(e)) = (seen["tools"].as_array(), yaml.get("tools")) {
        let got: Vec<String> = match e.value.as_ref().map(|v| &v.kind) {
            Some(NodeKind::Sequence { items, .. }) => {
                items.iter().filter_map(|i| scalar(Some(i))).collect()
            }
            _ => Vec::new(),
        };
        let want: Vec<String> = want
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        if got != want {
            out.push(format!("tools: Gemini CLI {want:?}, agentls {got:?}"));
        }
    }
    out
}

#[test]
fn gemini_cli_conformance() {
    let dir = suite();
    let raw = std::fs::read_to_string(dir.join("verdicts.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("verdicts.json").display()));
    let recorded: serde_json::Value = serde_json::from_str(&raw).expect("verdicts.json");
    let version = recorded["version"].as_str().expect("version");
    let cases = recorded["cases"].as_object().expect("cases");
    assert!(cases.len() >= 60, "only {} recorded cases", cases.len());
    let toml_text = std::fs::read_to_string(dir.join("cases.toml")).expect("cases.toml");
    let parsed: toml::Table = toml::from_str(&toml_text).expect("cases.toml");
    let with: std::collections::HashSet<&str> = parsed["case"]
        .as_array()
        .expect("[[case]]")
        .iter()
        .filter(|c| c.get("with").is_some())
        .filter_map(|c| c["path"].as_str())
        .collect();
    let mut mismatches = Vec::new();
    for (case, v) in cases {
        let bytes =
            std::fs::read(dir.join("cases").join(case)).unwrap_or_else(|e| panic!("{case}: {e}"));
        let text = String::from_utf8_lossy(&bytes);
        let path = placement(case);
        let mut theirs = v["loads"].as_bool().expect("loads");
        // Shadowed by a companion file of the same run: this file itself is fine.
        if with.contains(case.as_str()) && v["parsed"].as_bool() == Some(true) {
            theirs = true;
        }
        let Some(dialect) = schema::classify(&path, &|_| false) else {
            // Not an agent file for agentls: Gemini CLI must not have read it either.
            if theirs || v["error"].is_string() {
                mismatches.push(format!(
                    "{case}: Gemini CLI read it, agentls does not classify it"
                ));
            }
            continue;
        };
        assert_eq!(dialect, Dialect::GeminiAgent, "{case}");
        let file = FileContext::from_path(&path, dialect);
        let doc = Document::new(&text);
        let errors: Vec<String> = analysis::diagnostics(&doc, &file, Env::empty())
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let ours = errors.is_empty();
        if ours != theirs {
            mismatches.push(format!(
                "{case}\n    Gemini CLI {version}: loads={theirs} {}\n    agentls: loads={ours} {errors:?}",
                v["error"].as_str().or_else(|| v["feedback"][0].as_str()).unwrap_or("")
            ));
            continue;
        }
        if !theirs {
            continue;
        }
        let want: Vec<String> = match &v["name"] {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let got = names(&doc);
        if got != want {
            mismatches.push(format!(
                "{case}: name {want:?} by Gemini CLI, {got:?} by agentls"
            ));
        }
        if v["seen"].is_object() {
            for m in seen_mismatches(&doc, &v["seen"]) {
                mismatches.push(format!("{case}: {m}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from Gemini CLI {version}:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Where Gemini CLI refuses a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would, until none is left) removes every error of the kinds fixed (what is left
/// has no safe fix, e.g. a Claude tool name, or was hidden by a YAML error), and the cases whose
/// every reason has a safe fix load afterwards.
#[test]
fn safe_fixes_make_refused_gemini_cases_load() {
    let dir = suite();
    let raw = std::fs::read_to_string(dir.join("verdicts.json")).expect("verdicts.json");
    let recorded: serde_json::Value = serde_json::from_str(&raw).expect("verdicts.json");
    let mut fixed = Vec::new();
    let mut failures = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        if v["loads"].as_bool() != Some(false) {
            continue;
        }
        let path = placement(case);
        let Some(dialect) = schema::classify(&path, &|_| false) else {
            continue;
        };
        let file = FileContext::from_path(&path, dialect);
        let Ok(text) = std::fs::read_to_string(dir.join("cases").join(case)) else {
            continue;
        };
        let (text, fixes) = super::conformance::apply_safe_error_fixes(text, &file, 8);
        let codes: Vec<&str> = fixes.iter().map(|(c, _)| *c).collect();
        let applied: Vec<String> = fixes.iter().map(|(c, t)| format!("{c}: {t}")).collect();
        if applied.is_empty() {
            continue;
        }
        let doc = Document::new(&text);
        let after = analysis::diagnostics(&doc, &file, Env::empty());
        let errors: Vec<String> = after
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let unfixed = after
            .iter()
            .any(|d| d.severity == Severity::Error && codes.contains(&d.code));
        if errors.is_empty() {
            fixed.push(case.clone());
        } else if unfixed {
            failures.push(format!(
                "{case}: after {applied:?}\n    errors {errors:?}\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for must in [
        "agent/unknown-color.md",
        "agent/tools-comma-string.md",
        "agent/block-bom.md",
        "agent/unknown-max-turns-camel.md",
    ] {
        assert!(
            fixed.iter().any(|c| c == must),
            "{must} not fixed: {fixed:?}"
        );
    }
}
