//! What the recorded-conformance suites of other products share: reading `verdicts.json` and
//! `cases.toml`, the names and scalars agentls reads, and the errors it reports.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use agentls::analysis::{self, Env, FileContext, Severity};
use agentls::syntax::{Document, NodeKind, YamlNode};

/// A suite under `tests/conformance/<tool>`.
pub(crate) fn suite(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/conformance/{tool}"))
}

/// The recorded verdicts, and the cases placed together with companion files (`with`).
pub(crate) fn recorded(dir: &Path) -> (serde_json::Value, HashSet<String>) {
    let raw = std::fs::read_to_string(dir.join("verdicts.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("verdicts.json").display()));
    let recorded: serde_json::Value = serde_json::from_str(&raw).expect("verdicts.json");
    let toml_text = std::fs::read_to_string(dir.join("cases.toml")).expect("cases.toml");
    let parsed: toml::Table = toml::from_str(&toml_text).expect("cases.toml");
    let with = parsed["case"]
        .as_array()
        .expect("[[case]]")
        .iter()
        .filter(|c| c.get("with").is_some())
        .filter_map(|c| c["path"].as_str().map(str::to_string))
        .collect();
    (recorded, with)
}

pub(crate) fn scalar(node: Option<&YamlNode>) -> Option<String> {
    node?.as_scalar().map(|s| s.value.clone())
}

/// The names agentls reads: `name`, or each list item's `name`.
pub(crate) fn names(doc: &Document) -> Vec<String> {
    let yaml = doc.yaml();
    if let Some(NodeKind::Sequence { items, .. }) = yaml.list.as_ref().map(|l| &l.kind) {
        return items
            .iter()
            .filter_map(|i| match &i.kind {
                NodeKind::Mapping { entries, .. } => entries
                    .iter()
                    .find(|e| e.key == "name")
                    .and_then(|e| scalar(e.value.as_ref())),
                _ => None,
            })
            .collect();
    }
    yaml.get("name")
        .and_then(|e| scalar(e.value.as_ref()))
        .into_iter()
        .collect()
}

/// The errors agentls reports for `doc` (`code: message`).
pub(crate) fn errors(doc: &Document, file: &FileContext) -> Vec<String> {
    analysis::diagnostics(doc, file, Env::empty())
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// The recorded name(s) of a case.
pub(crate) fn recorded_names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}
