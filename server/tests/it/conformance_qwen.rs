//! Qwen Code conformance: agentls's verdict for every recorded case equals what the real
//! program did (`tests/conformance/qwen-code/verdicts.json`, recorded by
//! `tests/conformance/qwen-code/record`). A file Qwen Code skips gets an error; a loaded one gets
//! none, and agentls reads the same name, description, tools and model.

use std::path::PathBuf;

use agentls::analysis::FileContext;
use agentls::schema::{self, Dialect};
use agentls::syntax::{Document, NodeKind};

use crate::conformance_shared::{errors, names, recorded, recorded_names, scalar, suite};

/// Cases agentls does not judge like Qwen Code yet, with why. The test fails when one of them
/// starts to agree (take it off the list) or another case disagrees.
const KNOWN_DIFFERENCES: [(&str, &str); 2] = [
    (
        "agent/tools-empty-item.md",
        "an empty tool name in a list refuses the file; agentls skips empty items silently",
    ),
    (
        "agent/model-authtype-empty.md",
        "`model: openai:` (an auth type without a model id) refuses the file; agentls takes any model string",
    ),
];

/// Where the recorder placed the case.
fn placement(case: &str) -> PathBuf {
    let (kind, rel) = case.split_once('/').expect("kind/relpath");
    match kind {
        "agent" => PathBuf::from(format!("/project/.qwen/agents/{rel}")),
        "user-agent" => PathBuf::from(format!("/home/.qwen/agents/{rel}")),
        other => panic!("unknown case kind `{other}` in {case}"),
    }
}

/// The values agentls reads where Qwen Code recorded what it parsed.
fn seen_mismatches(doc: &Document, seen: &serde_json::Value) -> Vec<String> {
    let yaml = doc.yaml();
    let mut out = Vec::new();
    for key in ["description", "model"] {
        let (Some(want), Some(e)) = (seen[key].as_str(), yaml.get(key)) else {
            continue;
        };
        let got = scalar(e.value.as_ref());
        // Qwen Code trims nothing but reads a block scalar's final line break; compare trimmed.
        if got.as_deref().map(str::trim) != Some(want.trim()) {
            out.push(format!("{key}: Qwen Code {want:?}, agentls {got:?}"));
        }
    }
    if let (Some(want), Some(e)) = (seen["tools"].as_array(), yaml.get("tools")) {
        let got: Vec<String> = match e.value.as_ref().map(|v| &v.kind) {
            Some(NodeKind::Sequence { items, .. }) => items
                .iter()
                .filter(|i| i.as_scalar().is_some_and(|s| !is_number(&s.value)))
                .filter_map(|i| scalar(Some(i)))
                .collect(),
            _ => scalar(e.value.as_ref())
                .map(|s| {
                    s.split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        };
        let want: Vec<String> = want
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        if got != want {
            out.push(format!("tools: Qwen Code {want:?}, agentls {got:?}"));
        }
    }
    out
}

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

#[test]
fn qwen_code_conformance() {
    let dir = suite("qwen-code");
    let (recorded, with) = recorded(&dir);
    let version = recorded["version"].as_str().expect("version");
    let cases = recorded["cases"].as_object().expect("cases");
    assert!(cases.len() >= 60, "only {} recorded cases", cases.len());
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
            if theirs {
                mismatches.push(format!(
                    "{case}: Qwen Code loads it, agentls does not classify it"
                ));
            }
            continue;
        };
        assert_eq!(dialect, Dialect::QwenAgent, "{case}");
        let file = FileContext::from_path(&path, dialect);
        let doc = Document::new(&text);
        let errors = errors(&doc, &file);
        let ours = errors.is_empty();
        let known = KNOWN_DIFFERENCES.iter().any(|(c, _)| c == case);
        if known {
            if ours == theirs {
                mismatches.push(format!(
                    "{case}: now agrees; remove it from KNOWN_DIFFERENCES"
                ));
            }
            continue;
        }
        if ours != theirs {
            mismatches.push(format!(
                "{case}\n    Qwen Code {version}: loads={theirs} {}\n    agentls: loads={ours} {errors:?}",
                v["error"].as_str().unwrap_or("")
            ));
            continue;
        }
        if !theirs {
            continue;
        }
        let want = recorded_names(&v["name"]);
        let got = names(&doc);
        if got != want {
            mismatches.push(format!(
                "{case}: name {want:?} by Qwen Code, {got:?} by agentls"
            ));
        }
        // Where the YAML is refused, Qwen Code reads values with its line-by-line fallback and
        // agentls warns that they may differ (`yaml-syntax`, `duplicate-key`): names only.
        let fallback = agentls::analysis::diagnostics(&doc, &file, agentls::analysis::Env::empty())
            .iter()
            .any(|d| d.code == "yaml-syntax" || d.code == "duplicate-key");
        if v["seen"].is_object() && !fallback {
            for m in seen_mismatches(&doc, &v["seen"]) {
                mismatches.push(format!("{case}: {m}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from Qwen Code {version}:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Where Qwen Code skips a recorded case and agentls offers safe fixes, applying them (as
/// `check --fix` would) makes the file load: the closing or opening `---` with trailing spaces;
/// a closing `---` at the end of the file gets its line break.
#[test]
fn safe_fixes_make_refused_qwen_cases_load() {
    let dir = suite("qwen-code");
    let (recorded, _) = recorded(&dir);
    let mut fixed = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        if v["loads"].as_bool() != Some(false) {
            continue;
        }
        let path = placement(case);
        let Some(dialect) = schema::classify(&path, &|_| false) else {
            continue;
        };
        let file = FileContext::from_path(&path, dialect);
        let Ok(mut text) = std::fs::read_to_string(dir.join("cases").join(case)) else {
            continue;
        };
        let mut applied = 0;
        for _ in 0..8 {
            let doc = Document::new(&text);
            let diags =
                agentls::analysis::diagnostics(&doc, &file, agentls::analysis::Env::empty());
            let Some(fix) = diags
                .iter()
                .filter(|d| d.severity == agentls::analysis::Severity::Error)
                .find_map(|d| d.fixes.iter().find(|f| f.safe).cloned())
            else {
                break;
            };
            applied += 1;
            text =
                agentls::analysis::fix_check::apply(&text, &fix.edits).expect("edits that apply");
        }
        if applied > 0 {
            let left = errors(&Document::new(&text), &file);
            fixed.push((case.clone(), left));
        }
    }
    let left = |case: &str| {
        fixed
            .iter()
            .find(|(c, _)| c == case)
            .map(|(_, l)| l.clone())
    };
    for must in [
        "agent/block-close-trailing-spaces.md",
        "agent/block-open-trailing-spaces.md",
    ] {
        assert_eq!(left(must), Some(Vec::new()), "{must}: {fixed:?}");
    }
    // The block closes once `---` has its line break; the file has no prompt yet, which no fix
    // can write.
    let eof = left("agent/block-close-at-eof.md").expect("block-close-at-eof fixed");
    assert!(
        eof.len() == 1 && eof[0].starts_with("short-body: "),
        "{eof:?}"
    );
}
