//! What the recorded-conformance suites of other products share: reading `verdicts.json` and
//! `cases.toml`, the names and scalars agentls reads, the errors it reports, the generic runner
//! [`run_suite`] a new product's suite is declared with, and the safe fixes applied to refused cases.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use agentls::analysis::{self, Env, FileContext, Severity};
use agentls::schema::{self, Dialect};
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

/// A value a loader recorded in `seen` and the key agentls reads it from.
#[derive(Clone, Copy)]
pub(crate) enum Seen {
    /// A string, compared without surrounding whitespace (a block scalar's final line break).
    Text(&'static str),
    /// A number.
    Number(&'static str),
    /// A list of strings: a YAML list's string items, or a comma-separated string's parts.
    List(&'static str),
}

/// One product's recorded suite: where its cases live and how to read them.
pub(crate) struct Suite {
    /// The folder under `tests/conformance`.
    pub tool: &'static str,
    /// The product, as named in failure messages.
    pub product: &'static str,
    /// The dialect agentls must classify every placed case as.
    pub dialect: Dialect,
    /// Where the recorder placed a case (`agent/x.md` → `/project/.tool/agents/x.md`).
    pub placement: fn(&str) -> PathBuf,
    /// Cases agentls does not judge like the product yet, with why. The test fails when one
    /// of them starts to agree (take it off the list).
    pub known: &'static [(&'static str, &'static str)],
    /// The recorded values compared where the product loaded the file.
    pub seen: &'static [Seen],
    /// After these codes the product reads values some other way (a fallback parser): only
    /// names are compared.
    pub names_only_after: &'static [&'static str],
    /// The fewest cases the suite must have.
    pub min_cases: usize,
    /// The product names a file without a usable `name` (absent, empty or not a string) after
    /// its file: that recorded name is compared with the file's stem.
    pub name_from_file: bool,
}

impl Suite {
    fn file(&self, case: &str) -> Option<FileContext> {
        let path = (self.placement)(case);
        let dialect = schema::classify(&path, &|_| false)?;
        assert_eq!(dialect, self.dialect, "{case}");
        Some(FileContext::from_path(&path, dialect))
    }
}

/// Holds agentls to every recorded case of `suite`: a file the product does not load gets an
/// error, a loaded one gets none, and agentls reads the same name(s) and recorded values.
pub(crate) fn run_suite(suite: &Suite) {
    let dir = self::suite(suite.tool);
    let (recorded, with) = recorded(&dir);
    let version = recorded["version"].as_str().expect("version");
    let cases = recorded["cases"].as_object().expect("cases");
    let product = format!("{} {version}", suite.product);
    assert!(
        cases.len() >= suite.min_cases,
        "only {} recorded cases",
        cases.len()
    );
    for (case, _) in suite.known {
        assert!(
            cases.contains_key(*case),
            "known difference {case} is not a case"
        );
    }
    let mut mismatches = Vec::new();
    for (case, v) in cases {
        let bytes =
            std::fs::read(dir.join("cases").join(case)).unwrap_or_else(|e| panic!("{case}: {e}"));
        let text = String::from_utf8_lossy(&bytes);
        let mut theirs = v["loads"].as_bool().expect("loads");
        // Shadowed by a companion file of the same run: this file itself is fine.
        if with.contains(case.as_str()) && v["parsed"].as_bool() == Some(true) {
            theirs = true;
        }
        let Some(file) = suite.file(case) else {
            // Not a file agentls reads as this product's: the product must not have read it.
            if theirs || v["error"].is_string() {
                mismatches.push(format!("{case}: {product} read it, agentls does not"));
            }
            continue;
        };
        let doc = Document::new(&text);
        let diags = analysis::diagnostics(&doc, &file, Env::empty());
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let ours = errors.is_empty();
        if suite.known.iter().any(|(c, _)| c == case) {
            if ours == theirs {
                mismatches.push(format!("{case}: now agrees; take it off the known list"));
            }
            continue;
        }
        if ours != theirs {
            let why = v["error"]
                .as_str()
                .or_else(|| v["feedback"][0].as_str())
                .unwrap_or("");
            mismatches.push(format!(
                "{case}\n    {product}: loads={theirs} {why}\n    agentls: loads={ours} {errors:?}"
            ));
            continue;
        }
        if !theirs {
            continue;
        }
        let want = recorded_names(&v["name"]);
        let mut got = names(&doc);
        if suite.name_from_file && !has_string_name(&doc) {
            got = vec![stem(case)];
        }
        if got != want {
            mismatches.push(format!(
                "{case}: name {want:?} by {product}, {got:?} by agentls"
            ));
        }
        let fallback = diags
            .iter()
            .any(|d| suite.names_only_after.contains(&d.code));
        if v["seen"].is_object() && !fallback {
            for m in seen_mismatches(&doc, &v["seen"], suite.seen) {
                mismatches.push(format!("{case}: {m} ({product} first)"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from {product}:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Whether the frontmatter has a non-empty `name` that YAML reads as a string.
fn has_string_name(doc: &Document) -> bool {
    let yaml = doc.yaml();
    yaml.get("name")
        .and_then(|e| e.value.as_ref())
        .and_then(|v| v.as_scalar())
        .is_some_and(|s| !s.value.trim().is_empty() && s.value.parse::<f64>().is_err())
}

/// A case's file name without its extension.
fn stem(case: &str) -> String {
    let file = case.rsplit('/').next().unwrap_or(case);
    file.rsplit_once('.').map_or(file, |(s, _)| s).to_string()
}

/// Where the recorded values and agentls's reading of them differ.
fn seen_mismatches(doc: &Document, seen: &serde_json::Value, keys: &[Seen]) -> Vec<String> {
    let yaml = doc.yaml();
    let mut out = Vec::new();
    for key in keys {
        let k = match key {
            Seen::Text(k) | Seen::Number(k) | Seen::List(k) => *k,
        };
        let Some(entry) = yaml.get(k) else { continue };
        let value = entry.value.as_ref();
        // An alias (`*d`) is resolved by the loader, not by the summary's scalar.
        if matches!(value.map(|v| &v.kind), Some(NodeKind::Alias(_))) {
            continue;
        }
        let differs = match key {
            Seen::Text(_) => seen[k].as_str().and_then(|want| {
                let got = scalar(value);
                (got.as_deref().map(str::trim) != Some(want.trim())).then(|| format!("{got:?}"))
            }),
            Seen::Number(_) => seen[k].as_f64().and_then(|want| {
                let got = scalar(value).and_then(|s| s.parse::<f64>().ok());
                (got != Some(want)).then(|| format!("{got:?}"))
            }),
            Seen::List(_) => seen[k].as_array().and_then(|want| {
                let want: Vec<&str> = want.iter().filter_map(|t| t.as_str()).collect();
                let got = list(value);
                (got != want).then(|| format!("{got:?}"))
            }),
        };
        if let Some(got) = differs {
            out.push(format!("{k}: recorded {}, agentls {got}", seen[k]));
        }
    }
    out
}

/// A list value as the loaders read it: a YAML list's string items, or a comma-separated
/// string's non-empty parts.
fn list(value: Option<&YamlNode>) -> Vec<String> {
    match value.map(|v| &v.kind) {
        Some(NodeKind::Sequence { items, .. }) => items
            .iter()
            .filter_map(|i| i.as_scalar())
            .filter(|s| s.value.parse::<f64>().is_err())
            .map(|s| s.value.clone())
            .collect(),
        _ => scalar(value)
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Applies the safe fix of the first error that has one, as `check --fix` would, for at most
/// `rounds` rounds: the text after them and, per fix applied, its code and title.
pub(crate) fn apply_safe_error_fixes(
    mut text: String,
    file: &FileContext,
    rounds: usize,
) -> (String, Vec<(&'static str, String)>) {
    let mut applied = Vec::new();
    for _ in 0..rounds {
        let doc = Document::new(&text);
        let diags = analysis::diagnostics(&doc, file, Env::empty());
        let Some((code, fix)) = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .find_map(|d| d.fixes.iter().find(|f| f.safe).map(|f| (d.code, f.clone())))
        else {
            break;
        };
        applied.push((code, fix.title.clone()));
        text = analysis::fix_check::apply(&text, &fix.edits).expect("edits that apply");
    }
    (text, applied)
}

/// What the safe fixes do to each case the product refused and agentls offers one for: the
/// fixes applied (code: title), the errors left, and the text after them.
pub(crate) struct Fixed {
    pub case: String,
    pub applied: Vec<String>,
    pub codes: Vec<&'static str>,
    pub left: Vec<String>,
    pub text: String,
}

/// Applies the safe error fixes (as `check --fix` would) to every case `suite`'s product refused.
pub(crate) fn fix_refused(suite: &Suite) -> Vec<Fixed> {
    let dir = self::suite(suite.tool);
    let (recorded, _) = recorded(&dir);
    let mut out = Vec::new();
    for (case, v) in recorded["cases"].as_object().expect("cases") {
        if v["loads"].as_bool() != Some(false) {
            continue;
        }
        let Some(file) = suite.file(case) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(dir.join("cases").join(case)) else {
            continue;
        };
        let (text, fixes) = apply_safe_error_fixes(text, &file, 8);
        if fixes.is_empty() {
            continue;
        }
        out.push(Fixed {
            case: case.clone(),
            applied: fixes.iter().map(|(c, t)| format!("{c}: {t}")).collect(),
            codes: fixes.iter().map(|(c, _)| *c).collect(),
            left: errors(&Document::new(&text), &file),
            text,
        });
    }
    out
}

/// Every fix applied removed the errors of its kind (what is left has no safe fix, or was
/// hidden by a YAML error), and each of `must_load` loads afterwards.
pub(crate) fn assert_fixes_load(fixed: &[Fixed], must_load: &[&str]) {
    let failures: Vec<String> = fixed
        .iter()
        .filter(|f| {
            f.left
                .iter()
                .any(|e| f.codes.iter().any(|c| e.starts_with(&format!("{c}: "))))
        })
        .map(|f| {
            format!(
                "{}: after {:?}\n    errors {:?}\n{}",
                f.case, f.applied, f.left, f.text
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for must in must_load {
        let f = fixed.iter().find(|f| f.case == *must);
        assert!(
            f.is_some_and(|f| f.left.is_empty()),
            "{must} not fixed: {:?}",
            f.map(|f| (&f.applied, &f.left))
        );
    }
}
