//! The output formats of `agentls check`: human, JSON, SARIF and GitHub workflow commands.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde_json::{Value, json};
use unicode_width::UnicodeWidthChar;

use super::check::{FileReport, Reported};
use crate::analysis::{Severity, codes};

fn style(sev: Severity) -> Style {
    let color = match sev {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Information => AnsiColor::Blue,
        Severity::Hint => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

fn count(reports: &[FileReport], sev: Severity) -> usize {
    reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity == sev)
        .count()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `path:line:col: severity[code]: message`, the source line and a caret, then a summary.
pub(crate) fn human(w: &mut dyn Write, reports: &[FileReport], hidden: usize) -> io::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    for r in reports {
        for d in &r.diagnostics {
            let s = style(d.severity);
            writeln!(
                w,
                "{bold}{}:{}:{}{bold:#}: {s}{}[{}]{s:#}: {}",
                r.path,
                d.start.line + 1,
                d.start.col + 1,
                d.severity.as_str(),
                d.code,
                d.message
            )?;
            let num = (d.start.line + 1).to_string();
            let pad = " ".repeat(num.len());
            let (line, c0, c1) = excerpt(&d.line_text, d.caret);
            writeln!(w, "{dim}{num} |{dim:#} {line}")?;
            // Columns on a terminal: wide characters (CJK, emoji) take two cells.
            let cells = |from: usize, to: usize| -> usize {
                line.chars()
                    .skip(from)
                    .take(to - from)
                    .map(|c| c.width().unwrap_or(0))
                    .sum()
            };
            let carets = "^".repeat(cells(c0, c1).max(1));
            writeln!(
                w,
                "{dim}{pad} |{dim:#} {}{s}{carets}{s:#}",
                " ".repeat(cells(0, c0))
            )?;
        }
    }
    let files = reports.len();
    let fixed: usize = reports.iter().map(|r| r.fixed).sum();
    if fixed > 0 {
        writeln!(
            w,
            "fixed {} in {}",
            plural(fixed, "problem"),
            plural(reports.iter().filter(|r| r.fixed > 0).count(), "file")
        )?;
    }
    let (e, wn, i, h) = (
        count(reports, Severity::Error),
        count(reports, Severity::Warning),
        count(reports, Severity::Information),
        count(reports, Severity::Hint),
    );
    let hidden_note = if hidden > 0 {
        format!(" ({} below --severity not shown)", plural(hidden, "note"))
    } else {
        String::new()
    };
    if e + wn + i + h == 0 {
        writeln!(
            w,
            "checked {}: no problems found{hidden_note}",
            plural(files, "file")
        )?;
    } else {
        let s = style(if e > 0 {
            Severity::Error
        } else {
            Severity::Warning
        });
        writeln!(
            w,
            "checked {}: {s}{}{s:#}, {}, {i} information, {}{hidden_note}",
            plural(files, "file"),
            plural(e, "error"),
            plural(wn, "warning"),
            plural(h, "hint"),
        )?;
    }
    Ok(())
}

/// How many characters of a source line the human format shows around the caret.
const EXCERPT_CHARS: usize = 120;

/// The source line as shown: control characters made visible, tabs as spaces, and long lines cut
/// to a window around the caret. Returns the text and the caret's columns in it.
fn excerpt(line: &str, caret: (usize, usize)) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    let (c0, c1) = (caret.0.min(chars.len()), caret.1.max(caret.0 + 1));
    if chars.len() <= EXCERPT_CHARS {
        return (chars.into_iter().collect(), c0, c1);
    }
    let start = c0.saturating_sub(EXCERPT_CHARS / 3);
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut shift = 0;
    if start > 0 {
        text.insert(0, '…');
        shift = 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    let a = c0 - start + shift;
    let b = (c1.min(end) - start + shift).max(a + 1);
    (text, a, b)
}

fn lsp_range(d: &Reported) -> Value {
    json!({
        "start": { "line": d.start.line, "character": d.start.col },
        "end": { "line": d.end.line, "character": d.end.col },
    })
}

/// `{ "diagnostics": [ { path, range, severity, code, message } ], "summary": {...} }`.
pub(crate) fn json(w: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let diagnostics: Vec<Value> = reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(move |d| {
                json!({
                    "path": r.path,
                    "range": lsp_range(d),
                    "severity": d.severity.as_str(),
                    "code": d.code,
                    "message": d.message,
                })
            })
        })
        .collect();
    let out = json!({
        "diagnostics": diagnostics,
        "summary": {
            "files": reports.len(),
            "errors": count(reports, Severity::Error),
            "warnings": count(reports, Severity::Warning),
            "information": count(reports, Severity::Information),
            "hints": count(reports, Severity::Hint),
            "fixed": reports.iter().map(|r| r.fixed).sum::<usize>(),
        },
    });
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

fn sarif_level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// Where a file is, for SARIF: relative to the folder `check` ran in (`%SRCROOT%`, which GitHub
/// maps to the repository), or an absolute `file://` URI for a file outside it.
fn artifact_location(path: &str) -> Value {
    let p = std::path::Path::new(path);
    let relative = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.to_path_buf()))
    } else {
        Some(p.to_path_buf())
    };
    let encode = |s: &str| -> String {
        s.replace('\\', "/")
            .split('/')
            .map(|seg| {
                seg.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    match relative {
        Some(rel) => {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let rel = rel.trim_start_matches("./").to_string();
            json!({ "uri": encode(&rel), "uriBaseId": "%SRCROOT%" })
        }
        None => {
            let abs = p.to_string_lossy().replace('\\', "/");
            let abs = if abs.starts_with('/') {
                abs
            } else {
                format!("/{abs}")
            };
            json!({ "uri": format!("file://{}", encode(&abs)) })
        }
    }
}

/// SARIF 2.1.0, as GitHub code scanning accepts it.
pub(crate) fn sarif(w: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let rules: Vec<Value> = codes::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.code.split('-').map(|p| {
                    let mut cs = p.chars();
                    cs.next().map(|f| f.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": { "text": c.summary },
                "fullDescription": { "text": c.summary },
                "help": { "text": c.summary },
                "defaultConfiguration": { "level": sarif_level(c.severity) },
                "properties": { "tags": ["agent-definition"] },
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(move |d| {
                let rule_index = codes::ALL
                    .iter()
                    .position(|c| c.code == d.code)
                    .unwrap_or(0);
                let location = artifact_location(&r.path);
                json!({
                    "ruleId": d.code,
                    "ruleIndex": rule_index,
                    "level": sarif_level(d.severity),
                    "message": { "text": d.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": {
                                "startLine": d.start.line + 1,
                                "startColumn": d.start.col + 1,
                                "endLine": d.end.line + 1,
                                "endColumn": d.end.col + 1,
                            },
                        },
                    }],
                })
            })
        })
        .collect();
    let out = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "agentls",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

/// The level of a GitHub workflow annotation.
fn github_level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// Escapes the message of a workflow command (the part after `::`).
fn github_escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value of a workflow command (`file=…`, `title=…`): the message escapes
/// plus the two separators of the property list.
fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// One GitHub Actions workflow command per diagnostic:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, 1-based like SARIF.
/// GitHub shows them as annotations on the lines of the pull request's diff.
pub(crate) fn github(w: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        let file = github_escape_property(r.path.trim_start_matches("./"));
        for d in &r.diagnostics {
            writeln!(
                w,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                github_level(d.severity),
                file,
                d.start.line + 1,
                d.start.col + 1,
                d.end.line + 1,
                d.end.col + 1,
                github_escape_property(&format!("agentls {}", d.code)),
                github_escape_data(&d.message),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{excerpt, github_escape_data, github_escape_property};

    #[test]
    fn github_commands_escape_data_and_properties() {
        assert_eq!(
            github_escape_data("50% of: a,b\r\nnext"),
            "50%25 of: a,b%0D%0Anext"
        );
        assert_eq!(
            github_escape_property("dir,x/a:b%.md\n"),
            "dir%2Cx/a%3Ab%25.md%0A"
        );
    }

    #[test]
    fn excerpts_cut_long_lines_and_show_control_characters() {
        assert_eq!(
            excerpt("a\tb\0c", (2, 3)),
            ("a b\u{fffd}c".to_string(), 2, 3)
        );
        let long = "x".repeat(1000);
        let (text, a, b) = excerpt(&long, (500, 501));
        assert!(text.chars().count() <= 122 && text.starts_with('…') && text.ends_with('…'));
        assert_eq!(text.chars().nth(a), Some('x'));
        assert_eq!(b, a + 1);
    }
}
