use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::walk::{self, Found};
use super::{fix, output};
use crate::analysis::{
    self, Diagnostic, Env, FileContext, Settings, Severity, WorkspaceNames, codes,
};
use crate::config;
use crate::schema::Dialect;
use crate::syntax::Document;
use crate::text::{LineCol, PositionEncoding, TextBuffer};
use crate::workspace;

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder). Folders are walked for agent,
    /// skill and command files, respecting `.gitignore`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Report diagnostics of this severity and above (hints are style notes: shown with
    /// `--severity hint`).
    #[arg(long, value_enum, default_value_t = MinSeverity::Information)]
    pub severity: MinSeverity,
    /// Apply the safe fixes and write the files back (atomically).
    #[arg(long)]
    pub fix: bool,
    /// Settings file (default: the nearest `.agentls.toml` at or above the first path).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour: auto (on a terminal), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Check for this tool too (repeatable): replaces the targets of `.agentls.toml` and those
    /// inferred from the folders present, for this run.
    #[arg(long, value_name = "ID")]
    pub target: Vec<String>,
    /// List the targets agentls knows (id, product, folders, source) and exit (`--format json`
    /// for JSON).
    #[arg(long)]
    pub list_targets: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`): annotations on the diff.
    Github,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinSeverity {
    Error,
    Warning,
    Information,
    Hint,
}

impl MinSeverity {
    fn admits(self, s: Severity) -> bool {
        let limit = match self {
            MinSeverity::Error => Severity::Error,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Information => Severity::Information,
            MinSeverity::Hint => Severity::Hint,
        };
        s <= limit
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// One diagnostic as reported: its range as the server would publish it (0-based, UTF-16).
#[derive(Debug, Clone)]
pub(crate) struct Reported {
    pub(crate) start: LineCol,
    pub(crate) end: LineCol,
    pub(crate) severity: Severity,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// The source line of the start, and the start/end columns on it in characters (for carets).
    pub(crate) line_text: String,
    pub(crate) caret: (usize, usize),
}

/// The result for one file.
#[derive(Debug)]
pub(crate) struct FileReport {
    pub(crate) path: String,
    pub(crate) diagnostics: Vec<Reported>,
    pub(crate) fixed: usize,
}

/// Files larger than this are checked only in their first part (the frontmatter is at the top).
pub(crate) const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

pub fn run_check(args: &CheckArgs) -> ExitCode {
    if args.list_targets {
        return super::targets::list(args.format);
    }
    let stderr = &mut anstream::AutoStream::new(std::io::stderr(), color(args.color));
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let settings = match &args.config {
        Some(p) => config::load(p),
        None => config::find(&roots[0]).map_or(Ok(Settings::default()), |p| config::load(&p)),
    };
    let settings = match settings.and_then(|s| super::targets::for_run(s, &args.target, &roots)) {
        Ok((s, warnings)) => {
            for w in warnings {
                let _ = writeln!(stderr, "agentls: {w}");
            }
            s
        }
        Err(e) => {
            let _ = writeln!(stderr, "agentls: {e}");
            return ExitCode::from(2);
        }
    };
    let problems = walk::root_problems(&roots, &settings);
    if !problems.is_empty() {
        for e in problems {
            let _ = writeln!(stderr, "agentls: {e}");
        }
        return ExitCode::from(2);
    }
    // The index the server builds when it opens a file of the project: the project of each
    // checked path (its git repository, else the folder holding `.claude`, `.github`,
    // `.opencode` or a plugin manifest), so that CI sees the same cross-file problems. Its files
    // are found (walked as the server walks them) while the checked files are read.
    let mut index_roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| workspace::absolute(&workspace::project_root(r)))
        .collect();
    index_roots.sort();
    index_roots.dedup();
    std::thread::scope(|scope| {
        let discovered = scope.spawn(|| workspace::discover(&index_roots, &settings));
        check_files(args, &roots, &settings, &index_roots, || {
            // A panic there is one of `check` itself: passed on.
            discovered
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    })
}

/// Walk `roots`, check their files, and report: [`run_check`] once the settings are known;
/// `discovered` gives the files of the index (of `index_roots`).
fn check_files(
    args: &CheckArgs,
    roots: &[PathBuf],
    settings: &Settings,
    index_roots: &[PathBuf],
    discovered: impl FnOnce() -> Vec<(PathBuf, Dialect)>,
) -> ExitCode {
    let stderr = &mut anstream::AutoStream::new(std::io::stderr(), color(args.color));
    let mut failed = false;
    // Each file is read, parsed and checked on its own once (in parallel); its document is
    // dropped at once, and its summary goes into the index. The cross-file diagnostics follow
    // once the index exists. Per-file analysis reads only the MCP servers of the workspace
    // names (the agents, skills and list values serve completion and hover).
    let workspace = WorkspaceNames {
        mcp_servers: config::mcp_servers(roots),
        ..WorkspaceNames::default()
    };
    let env = Env {
        settings,
        workspace: &workspace,
    };
    let walked = walk::read_all(roots, settings, |f| read_file(f, env, args));
    for e in walked.skipped {
        let _ = writeln!(stderr, "agentls: skipped: {e}");
    }
    let mut read = walked.read;
    let mut known = std::collections::HashMap::new();
    for r in &mut read {
        if let Ok(Read::Parsed(p)) = r
            && let Some(summary) = p.summary.take()
        {
            known.insert(p.abs.clone(), (p.dialect, summary));
        }
    }
    let index = workspace::Index::build_for_check(
        index_roots,
        discovered(),
        PositionEncoding::Utf16,
        known,
    );
    // The keys the team uses on purpose are known only now: the files were checked without them,
    // their `unknown-key` hints are dropped below, and `--fix` checks the fixed text with them.
    let workspace = WorkspaceNames {
        team_keys: index.team_keys(),
        ..workspace
    };
    let env = Env {
        settings,
        workspace: &workspace,
    };
    let reports: Vec<Result<FileReport, String>> = read
        .into_par_iter()
        .map(|r| check_file(r?, env, &index, args.fix))
        .collect();
    // The process ends after the report: the index (a summary of every file) is left to it
    // rather than freed piece by piece.
    std::mem::forget(index);
    let mut ok = Vec::new();
    for r in reports {
        match r {
            Ok(report) => ok.push(report),
            Err(e) => {
                let _ = writeln!(stderr, "agentls: {e}");
                failed = true;
            }
        }
    }
    finish(args, ok, failed)
}

/// Print the reports in the chosen format (below `--severity` only counted) and choose the exit
/// status: 2 when anything failed, 1 when an error was found, else 0.
fn finish(args: &CheckArgs, mut ok: Vec<FileReport>, failed: bool) -> ExitCode {
    let mut hidden = 0;
    for r in &mut ok {
        let before = r.diagnostics.len();
        r.diagnostics.retain(|d| args.severity.admits(d.severity));
        hidden += before - r.diagnostics.len();
    }
    let stdout = &mut anstream::AutoStream::new(std::io::stdout(), color(args.color));
    let written = match args.format {
        Format::Human => output::human(stdout, &ok, hidden),
        Format::Json => output::json(stdout, &ok),
        Format::Sarif => output::sarif(stdout, &ok),
        Format::Github => output::github(stdout, &ok),
    };
    if written.is_err() || failed {
        return ExitCode::from(2);
    }
    let errors = ok
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn color(choice: ColorChoice) -> anstream::ColorChoice {
    match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

/// Analyse one file's text. Public to the crate so tests and the fixer share it.
pub(crate) fn analyze_text(
    text: &str,
    file: &FileContext,
    env: Env<'_>,
) -> (Document, Vec<Diagnostic>) {
    let doc = Document::new(text);
    let diags = analysis::diagnostics(&doc, file, env);
    (doc, diags)
}

/// A file read from disk and checked on its own.
enum Read {
    Parsed(Box<Parsed>),
}

/// A file read and checked on its own, waiting for its cross-file diagnostics.
struct Parsed {
    path: PathBuf,
    /// Absolute, shared with the index entry.
    abs: Arc<Path>,
    dialect: Dialect,
    /// The text, kept only for `--fix`: otherwise the file is read again if (and only if) it
    /// has cross-file diagnostics to report, so that `check` holds no text of the workspace.
    text: Option<String>,
    /// The size and modification time of the file as read (to notice a change before it is
    /// read again).
    stamp: Stamp,
    /// Its own diagnostics (those that need no index), reported.
    own: Vec<Reported>,
    /// The key of each `unknown-key` diagnostic of `own`, by its place in `own` (a learned team
    /// key's is dropped once the index is known).
    unknown_keys: Vec<(usize, String)>,
    /// The file was cut at [`MAX_FILE_BYTES`] (its size).
    cut: Option<usize>,
    /// Its summary, until it moves into the index (boxed: the space is given back then, as
    /// tens of thousands of these wait for the index).
    summary: Option<Box<workspace::LoadedFile>>,
}

type Stamp = (u64, Option<std::time::SystemTime>);

/// A file's text as `check` reads it.
struct FileText {
    text: String,
    size: usize,
    /// Not cut at [`MAX_FILE_BYTES`].
    complete: bool,
    /// The offset of the first byte that is not UTF-8.
    not_utf8: Option<usize>,
    stamp: Stamp,
}

fn read_text(path: &Path) -> std::io::Result<FileText> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes)?;
    let size = bytes.len();
    // Not UTF-8: the tools decode such bytes as U+FFFD and load the file (Claude Code 2.1.332:
    // tests/conformance/claude-code), so it is checked the same way, and never fixed.
    let (text, complete, not_utf8) = match decode_or_return(bytes) {
        Ok((t, complete)) => (t, complete, None),
        Err((at, mut bytes)) => {
            bytes.truncate(MAX_FILE_BYTES);
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                size <= MAX_FILE_BYTES,
                Some(at),
            )
        }
    };
    Ok(FileText {
        text,
        size,
        complete,
        not_utf8,
        stamp: (meta.len(), meta.modified().ok()),
    })
}

fn read_file(found: Found, env: Env<'_>, args: &CheckArgs) -> Result<Read, String> {
    let Found { path, abs, dialect } = found;
    let keep_text = args.fix;
    let display = path.display().to_string();
    let FileText {
        text,
        size,
        complete,
        not_utf8,
        stamp,
    } = read_text(&path).map_err(|e| format!("{display}: {e}"))?;
    // The code blocks are found only if the summary asks for them.
    let doc = Document::new_lazy(&text);
    let file = FileContext::from_path(&abs, dialect).with_readers(&abs, env.settings);
    let mut own = analysis::diagnostics(&doc, &file, env);
    let cut = (!complete || not_utf8.is_some()).then_some(size);
    if !complete {
        own.push(too_large(size));
    }
    if let Some(at) = not_utf8 {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        own.insert(
            0,
            Diagnostic::new(
                codes::NOT_UTF8,
                Severity::Warning,
                at..end,
                format!("The file is not UTF-8 text (invalid byte at offset {at}): the tools read it as `\u{fffd}` (a replacement character). Save the file as UTF-8."),
            ),
        );
    }
    let buf = doc.text();
    let unknown_keys = own
        .iter()
        .enumerate()
        .filter(|(_, d)| d.code == codes::UNKNOWN_KEY)
        .map(|(i, d)| (i, buf.slice(d.range.clone())))
        .collect();
    // Below `--severity` a diagnostic is only counted: its message and line are not kept.
    let own = own
        .iter()
        .map(|d| {
            if args.severity.admits(d.severity) {
                report(buf, d)
            } else {
                counted(d)
            }
        })
        .collect();
    let mut summary = workspace::summarize_for_check(&abs, &doc, dialect, PositionEncoding::Utf16);
    drop(doc);
    // Cross-file diagnostics never read descriptions (up to 2 KiB each): not kept for the run.
    summary.summary.description = None;
    Ok(Read::Parsed(Box::new(Parsed {
        path,
        abs: summary.path.clone(),
        summary: Some(Box::new(summary)),
        dialect,
        text: keep_text.then_some(text),
        stamp,
        own,
        unknown_keys,
        cut,
    })))
}

fn too_large(size: usize) -> Diagnostic {
    Diagnostic::new(
        codes::FILE_TOO_LARGE,
        Severity::Warning,
        0..0,
        format!(
            "The file is {size} bytes; only its first {MAX_FILE_BYTES} bytes were checked. Agent files this large are unusual: split it."
        ),
    )
}

fn check_file(
    read: Read,
    env: Env<'_>,
    index: &workspace::Index,
    apply_fixes: bool,
) -> Result<FileReport, String> {
    let Read::Parsed(p) = read;
    let mut p = *p;
    let display = p.path.display().to_string();
    if apply_fixes
        && p.cut.is_none()
        && let Some(text) = &p.text
    {
        let file = FileContext::from_path(&p.abs, p.dialect).with_readers(&p.abs, env.settings);
        if let Some((new_text, n)) = fix::fix_text(text, &file, env) {
            fix::write_atomically(&p.path, &new_text)
                .map_err(|e| format!("{display}: cannot write the fixes: {e}"))?;
            // The index holds the summary of the text as read: check the fixed text against it.
            let (doc, mut diags) = analyze_text(&new_text, &file, env);
            diags.extend(cross_file(index, &p.abs, &doc, p.dialect, env.settings));
            let buf = doc.text();
            return Ok(FileReport {
                path: display,
                diagnostics: diags.iter().map(|d| report(buf, d)).collect(),
                fixed: n,
            });
        }
    }
    // The text as read first (kept for `--fix`, else read again, unchanged).
    let read_again = |p: &mut Parsed| -> Result<String, String> {
        if let Some(t) = p.text.take() {
            return Ok(t);
        }
        match read_text(&p.path) {
            Ok(t) if t.stamp == p.stamp => Ok(t.text),
            Ok(_) => Err(format!("{display}: the file changed while it was checked")),
            Err(e) => Err(format!("{display}: {e}")),
        }
    };
    // The index holds the summary of this very text (read once, above).
    let (cross, text) = match index.get(&p.abs).filter(|e| e.summary.dialect == p.dialect) {
        Some(entry) => (
            workspace::entry_diagnostics(index, entry, env.settings),
            None,
        ),
        None => {
            let t = read_again(&mut p)?;
            let doc = Document::new_lazy(&t);
            let cross = cross_file(index, &p.abs, &doc, p.dialect, env.settings);
            (cross, Some(t))
        }
    };
    for (i, key) in p.unknown_keys.iter().rev() {
        if env.workspace.team_key(p.dialect, key).is_some() {
            p.own.remove(*i);
        }
    }
    if !cross.is_empty() {
        let t = match text {
            Some(t) => t,
            None => read_again(&mut p)?,
        };
        let buf = TextBuffer::new(&t);
        p.own.extend(cross.iter().map(|d| report(&buf, d)));
    }
    let diagnostics = p.own;
    Ok(FileReport {
        path: display,
        diagnostics,
        fixed: 0,
    })
}

/// The diagnostics that need the index (references, duplicate names, links), for the text as
/// checked (after `--fix`, it may differ from what the index read).
fn cross_file(
    index: &workspace::Index,
    path: &Path,
    doc: &Document,
    dialect: Dialect,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let path = workspace::absolute(path);
    let file = workspace::summarize_for_check(&path, doc, dialect, PositionEncoding::Utf16);
    let entry = workspace::IndexEntry::new(file.path, file.summary, file.origin, false);
    workspace::entry_diagnostics(index, &entry, settings)
}

/// Decode UTF-8, bounded to [`MAX_FILE_BYTES`] (without copying). `Err(offset)` of the first
/// invalid byte.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<(String, bool), usize> {
    decode_or_return(bytes).map_err(|(at, _)| at)
}

/// [`decode`], giving the bytes (cut at the size limit) back with the error.
fn decode_or_return(mut bytes: Vec<u8>) -> Result<(String, bool), (usize, Vec<u8>)> {
    let complete = bytes.len() <= MAX_FILE_BYTES;
    bytes.truncate(MAX_FILE_BYTES);
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, complete)),
        Err(e) if !complete && e.utf8_error().error_len().is_none() => {
            // Cut inside a character at the size limit: drop the partial character.
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            Ok((String::from_utf8_lossy(&bytes).into_owned(), false))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err((at, e.into_bytes()))
        }
    }
}

/// A diagnostic below `--severity`: its code and severity, for the count of hidden ones.
fn counted(d: &Diagnostic) -> Reported {
    Reported {
        start: LineCol::default(),
        end: LineCol::default(),
        severity: d.severity,
        code: d.code,
        message: String::new(),
        line_text: String::new(),
        caret: (0, 0),
    }
}

pub(crate) fn report(buf: &TextBuffer, d: &Diagnostic) -> Reported {
    let start = buf.position_at(d.range.start, PositionEncoding::Utf16);
    let end = buf.position_at(d.range.end, PositionEncoding::Utf16);
    let line = start.line as usize;
    let line_start = buf.line_start(line);
    let line_end = buf.line_content_end(line);
    let line_text = buf.slice(line_start..line_end);
    let col_chars = |byte: usize| {
        buf.slice(line_start..byte.clamp(line_start, line_end))
            .chars()
            .count()
    };
    let c0 = col_chars(d.range.start);
    let c1 = if end.line == start.line {
        col_chars(d.range.end)
    } else {
        line_text.chars().count()
    };
    Reported {
        start,
        end,
        severity: d.severity,
        code: d.code,
        message: d.message.clone(),
        line_text,
        caret: (c0, c1.max(c0 + 1)),
    }
}
