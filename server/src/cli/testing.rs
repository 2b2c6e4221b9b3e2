//! Entry points into the CLI's internals for the property tests (`server/tests/proptest_*.rs`)
//! and the fuzz targets (`fuzz/`). Not a stable API: hidden from the documentation.

use crate::analysis::{Env, FileContext};

use super::check::{self, FileReport};
use super::{fix, output};

/// What `agentls check` does with a file's bytes before analysing them: the text (cut at the size
/// limit) and whether it is complete, or the offset of the first byte that is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, bool), usize> {
    check::decode(bytes.to_vec())
}

/// What `check --fix` would write for `text`: the new text and the number of fixes applied.
pub fn fix_text(text: &str, file: &FileContext, env: Env<'_>) -> Option<(String, usize)> {
    fix::fix_text(text, file, env)
}

/// Analyse `text` as `check` does and render the report in all three formats (human, JSON and
/// SARIF), concatenated.
pub fn render(path: &str, text: &str, file: &FileContext, env: Env<'_>) -> String {
    let (doc, diags) = check::analyze_text(text, file, env);
    let report = FileReport {
        path: path.to_string(),
        diagnostics: diags.iter().map(|d| check::report(doc.text(), d)).collect(),
        fixed: 0,
    };
    let reports = [report];
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = output::human(&mut out, &reports, 0);
    let _ = output::json(&mut out, &reports);
    let _ = output::sarif(&mut out, &reports);
    String::from_utf8_lossy(&out).into_owned()
}
