//! Every fix the analysis offers, on every fixture and every file of the shared corpus: applied
//! and analysed again, it must pass the fix check (`analysis::fix_check`): the diagnostic it
//! fixes is gone, no diagnostic appears that was not there before, and no body line ends up in
//! the frontmatter.
//!
//! Run with `cargo test -p agentls --test it fixes::`.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Env, Settings, fix_check};
use agentls::syntax::Document;
use agentls_test_support::{corpus_dir, files_under};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Check every fix of every diagnostic of every agent, skill or command file under `dir`;
/// returns how many fixes were checked and the failures.
fn check_all(dir: &Path) -> (usize, Vec<String>) {
    let settings = Settings::default();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in files_under(dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let Some(file) = agentls::config::file_context(&settings, path) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let env = Env::empty();
        let doc = Document::new(&text);
        let before = fix_check::Before::new(&doc, &text, &file, env);
        for d in &before.diagnostics {
            for fix in &d.fixes {
                checked += 1;
                if let Err(why) = fix_check::check(&before, Some(d), &fix.edits, &file, env) {
                    // Whatever is refused is never offered.
                    let offered = fix_check::offered(
                        &doc,
                        &file,
                        env,
                        &before.diagnostics,
                        d.range.clone(),
                        &|_| false,
                    );
                    assert!(
                        !offered.quick_fixes.iter().any(|(_, f)| f == fix),
                        "{}: `{}` refused ({why:?}) but offered",
                        path.display(),
                        fix.title
                    );
                    // Known: a valid name in place of an invalid one may differ from the file
                    // name (the fixtures are named after what they test), which `name-mismatch`
                    // then reports: refused, as the rule says.
                    if matches!(&why, fix_check::Refusal::New("name-mismatch", _)) {
                        continue;
                    }
                    failures.push(format!(
                        "{}: {} at {:?} `{}`: {why:?}",
                        path.display(),
                        d.code,
                        d.range,
                        fix.title
                    ));
                }
            }
        }
        // The rewrites offered on each line pass too (they are checked when offered).
        for entry in &doc.yaml().entries {
            let at = entry.range.start;
            for fix in analysis::refactor::at(&doc, &file, at) {
                let offered =
                    fix_check::offered(&doc, &file, env, &before.diagnostics, at..at, &|_| false);
                if offered.rewrites.iter().any(|f| f.edits == fix.edits) {
                    checked += 1;
                    assert!(
                        fix_check::check(&before, None, &fix.edits, &file, env).is_ok(),
                        "{}: rewrite `{}` offered but refused",
                        path.display(),
                        fix.title
                    );
                }
            }
        }
    }
    (checked, failures)
}

#[test]
fn every_fix_of_every_fixture_passes_the_fix_check() {
    let (checked, failures) = check_all(&fixtures_dir());
    assert!(checked >= 20, "only {checked} fixes checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fix_on_the_corpus_passes_the_fix_check() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        return;
    }
    let (checked, failures) = check_all(&corpus);
    assert!(checked >= 20, "only {checked} fixes checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
