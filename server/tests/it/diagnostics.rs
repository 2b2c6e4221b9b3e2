//! Snapshot tests of diagnostics: every Markdown file under `tests/fixtures` is classified by its
//! path (the folders are laid out as in real repositories), analysed, and rendered as annotated
//! source: each line of the fixture, and under it `^^^ severity[code] message` beneath the exact
//! range of each diagnostic that starts there, with its fixes (edits as 1-based
//! `line:col-line:col`, UTF-16 columns, the text they replace and the new text) and its related
//! places (`---`). One snapshot per fixture in `tests/snapshots`: a reviewer reads one file.
//!
//! Files under `tests/fixtures/not-agents/` must not be classified at all.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p agentls --test it diagnostics`
//! (or `cargo insta review`), then read every changed `.snap` file.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Diagnostic, Env, FileContext, Settings, Severity, codes};
use agentls::syntax::Document;
use agentls::text::{PositionEncoding, TextBuffer};
use agentls_test_support::{Annotation, annotate, files_under};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// One fixture: its path relative to `tests/fixtures`, text and context.
struct Fixture {
    rel: String,
    text: String,
    file: FileContext,
}

fn rel_path(path: &Path) -> String {
    path.strip_prefix(fixtures_dir())
        .expect("under the fixtures folder")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The Markdown fixtures that classify as agent, skill or command files.
fn fixtures() -> Vec<Fixture> {
    let all = files_under(&fixtures_dir());
    let settings = Settings::default();
    let mut out = Vec::new();
    for path in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let rel = rel_path(path);
        let context = agentls::config::file_context(&settings, path);
        if rel.starts_with("not-agents/") {
            assert_eq!(context, None, "{rel} must not classify as an agent file");
            continue;
        }
        let file = context.unwrap_or_else(|| {
            panic!("{rel} does not classify as an agent, skill or command file: fix its path")
        });
        let bytes = std::fs::read(path).expect("read a fixture");
        let text = String::from_utf8(bytes).expect("fixtures are UTF-8");
        out.push(Fixture { rel, text, file });
    }
    assert!(out.len() >= 40, "only {} fixtures found", out.len());
    out
}

fn analyse(text: &str, file: &FileContext) -> (Document, Vec<Diagnostic>) {
    let doc = Document::new(text);
    let diags = analysis::diagnostics(&doc, file, Env::empty());
    (doc, diags)
}

/// `line:col` (1-based, UTF-16 columns).
fn pos(buf: &TextBuffer, byte: usize) -> String {
    let p = buf.position_at(byte, PositionEncoding::Utf16);
    format!("{}:{}", p.line + 1, p.col + 1)
}

fn range(buf: &TextBuffer, r: &std::ops::Range<usize>) -> String {
    format!("{}-{}", pos(buf, r.start), pos(buf, r.end))
}

/// The fixture as annotated source: every line, and under it the diagnostics that start there
/// (`^^^ severity[code] message` under the exact range), each with its fixes and their edits
/// (`edit line:col-line:col "old text" → "new text"`), and the related places
/// (`--- related to severity[code]: message`).
fn render(fixture: &Fixture) -> String {
    let (doc, diags) = analyse(&fixture.text, &fixture.file);
    let buf = doc.text();
    let text = buf.to_string_lossless();
    let mut out = format!(
        "# {}{}\n",
        fixture.file.dialect.id(),
        if fixture.file.plugin { " (plugin)" } else { "" }
    );
    if diags.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    let mut annotations = Vec::new();
    for d in &diags {
        let what = format!("{}[{}]", d.severity.as_str(), d.code);
        let mut a = Annotation::new(d.range.clone(), '^', format!("{what} {}", d.message));
        for f in &d.fixes {
            let mut flags = Vec::new();
            if f.preferred {
                flags.push("preferred");
            }
            if f.safe {
                flags.push("safe");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" ({})", flags.join(", "))
            };
            a = a.note(format!("fix{flags}: {}", f.title));
            for e in &f.edits {
                a = a.note(format!(
                    "  edit {} {:?} → {:?}",
                    range(buf, &e.range),
                    &text[e.range.clone()],
                    e.new_text
                ));
            }
        }
        annotations.push(a);
        for r in &d.related {
            annotations.push(Annotation::new(
                r.range.clone(),
                '-',
                format!("related to {what}: {}", r.message),
            ));
        }
    }
    out.push_str(&annotate(&text, &annotations));
    out
}

/// `claude/.claude/agents/unquoted-colon.md` → `claude-claude-agents-unquoted-colon`.
fn snapshot_name(rel: &str) -> String {
    let rel = rel.strip_suffix(".md").unwrap_or(rel);
    rel.split('/')
        .map(|c| c.trim_start_matches('.').replace('.', "-"))
        .collect::<Vec<_>>()
        .join("-")
}

#[test]
fn diagnostics_snapshots() {
    let mut failed = Vec::new();
    let mut names = std::collections::HashSet::new();
    for fixture in fixtures() {
        let name = snapshot_name(&fixture.rel);
        assert!(names.insert(name.clone()), "two fixtures map to {name}");
        let rendered = render(&fixture);
        // Check every fixture, then report all mismatches at once.
        let result = std::panic::catch_unwind(|| {
            insta::with_settings!({
                description => fixture.rel.clone(),
                omit_expression => true,
                prepend_module_to_snapshot => false,
                snapshot_path => "../snapshots",
            }, {
                insta::assert_snapshot!(name.clone(), rendered);
            });
        });
        if result.is_err() {
            failed.push(fixture.rel);
        }
    }
    assert!(failed.is_empty(), "snapshots differ for: {failed:#?}");
}

/// Apply a fix's edits (byte ranges in `text`) from the end backwards.
fn apply(text: &str, edits: &[analysis::Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

fn errors(diags: &[Diagnostic]) -> usize {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

#[test]
fn every_preferred_fix_leaves_valid_yaml_and_no_more_errors() {
    let mut checked = 0;
    for fixture in fixtures() {
        let (_, diags) = analyse(&fixture.text, &fixture.file);
        for d in &diags {
            for fix in d.fixes.iter().filter(|f| f.preferred) {
                let fixed = apply(&fixture.text, &fix.edits);
                let (_, after) = analyse(&fixed, &fixture.file);
                let yaml: Vec<&Diagnostic> = after
                    .iter()
                    .filter(|a| a.code == codes::YAML_SYNTAX)
                    .collect();
                assert!(
                    yaml.is_empty(),
                    "{}: `{}` leaves {yaml:#?} in:\n{fixed}",
                    fixture.rel,
                    fix.title
                );
                assert!(
                    errors(&after) <= errors(&diags),
                    "{}: `{}` adds errors: {after:#?} in:\n{fixed}",
                    fixture.rel,
                    fix.title
                );
                assert!(
                    !after.iter().any(|a| a.code == d.code && a.range == d.range),
                    "{}: `{}` does not fix {} at {:?}:\n{fixed}",
                    fixture.rel,
                    fix.title,
                    d.code,
                    d.range
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} preferred fixes checked");
}

#[test]
fn every_yaml_syntax_fix_repairs_the_yaml() {
    // Not only the preferred one: the block scalar alternative must load too, keep the line
    // endings, and keep the text outside the value.
    let mut checked = 0;
    for fixture in fixtures() {
        let (_, diags) = analyse(&fixture.text, &fixture.file);
        for d in diags.iter().filter(|d| d.code == codes::YAML_SYNTAX) {
            for fix in &d.fixes {
                let fixed = apply(&fixture.text, &fix.edits);
                let (_, after) = analyse(&fixed, &fixture.file);
                assert!(
                    after.iter().all(|a| a.code != codes::YAML_SYNTAX),
                    "{}: `{}` leaves a YAML error in:\n{fixed}\n{after:#?}",
                    fixture.rel,
                    fix.title
                );
                if fixture.text.contains("\r\n") {
                    assert_eq!(
                        fixed.matches('\n').count(),
                        fixed.matches("\r\n").count(),
                        "{}: `{}` mixes line endings: {fixed:?}",
                        fixture.rel,
                        fix.title
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} fixes checked");
}

#[test]
fn every_frontmatter_code_is_covered_by_a_fixture() {
    let mut seen = std::collections::BTreeSet::new();
    for fixture in fixtures() {
        let (_, diags) = analyse(&fixture.text, &fixture.file);
        seen.extend(diags.iter().map(|d| d.code));
    }
    // The frontmatter layer's codes; `not-utf8` and `file-too-large` come from reading files
    // (`check`), not from the analysis of a text.
    let frontmatter_layer = [
        codes::YAML_SYNTAX,
        codes::MISSING_FRONTMATTER,
        codes::FRONTMATTER_UNTERMINATED,
        codes::FRONTMATTER_NOT_AT_START,
        codes::FRONTMATTER_NOT_MAPPING,
        codes::DUPLICATE_KEY,
        codes::MISSING_NAME,
        codes::MISSING_DESCRIPTION,
        codes::INVALID_NAME,
        codes::INVALID_TYPE,
    ];
    let missing: Vec<&str> = frontmatter_layer
        .iter()
        .copied()
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
    for code in &seen {
        assert!(
            codes::info(code).is_some(),
            "{code} is not listed in analysis::codes"
        );
    }
}

#[test]
fn clean_fixtures_produce_nothing() {
    // Files named `clean*`, the BOM and CRLF files, and the other well-formed files per dialect.
    let clean = [
        "claude/.claude/agents/clean.md",
        "claude/.claude/agents/clean-block-description.md",
        "claude/.claude/agents/bom.md",
        "claude/.claude/agents/crlf.md",
        "claude/.claude/agents/nested/clean-nested.md",
        "claude-plugin/p/agents/clean.md",
        "claude-plugin/p/commands/deploy.md",
        "claude-plugin/p/skills/pdf/SKILL.md",
        "skills/.claude/skills/pdf-tools/SKILL.md",
        "skills/.claude/skills/no-frontmatter/SKILL.md",
        "commands/.claude/commands/review.md",
        "commands/.claude/commands/git/commit.md",
        "commands/.claude/commands/no-frontmatter.md",
        "copilot/.github/agents/reviewer.md",
        "copilot/.github/agents/planner.agent.md",
        "copilot/.github/chatmodes/review.chatmode.md",
        "copilot/docs/helper.agent.md",
        "opencode/.opencode/agent/review.md",
        "opencode/.opencode/agents/docs.md",
        "gemini/.gemini/agents/clean.md",
    ];
    let all = fixtures();
    for rel in clean {
        let fixture = all
            .iter()
            .find(|f| f.rel == rel)
            .unwrap_or_else(|| panic!("no fixture {rel}"));
        let (_, diags) = analyse(&fixture.text, &fixture.file);
        assert!(diags.is_empty(), "{rel}: {diags:#?}");
    }
}

#[test]
fn incremental_edits_reach_the_same_diagnostics_as_a_fresh_parse() {
    // Type each fixture into an empty document in a few chunks, then compare with a fresh
    // analysis of the whole text.
    for fixture in fixtures() {
        let mut doc = Document::new("");
        let text = &fixture.text;
        let mut at = 0;
        let mut cuts: Vec<usize> = (1..4).map(|i| text.len() * i / 4).collect();
        cuts.push(text.len());
        for cut in cuts {
            let mut cut = cut;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            if cut <= at {
                continue;
            }
            doc.edit(at..at, &text[at..cut]);
            doc.reparse();
            at = cut;
        }
        assert_eq!(doc.text().to_string_lossless(), *text);
        let incremental = analysis::diagnostics(&doc, &fixture.file, Env::empty());
        let (_, fresh) = analyse(text, &fixture.file);
        assert_eq!(incremental, fresh, "{}", fixture.rel);
    }
}

#[test]
fn check_context_matches_the_path_helpers() {
    // `config::file_context` and `FileContext::from_path` + `schema::classify` agree.
    for fixture in fixtures() {
        let path = fixtures_dir().join(&fixture.rel);
        let dialect = agentls::schema::classify(&path, &agentls::schema::plugin_manifest_exists)
            .expect("classified");
        assert_eq!(
            FileContext::from_path(&path, dialect),
            fixture.file,
            "{}",
            fixture.rel
        );
    }
}
