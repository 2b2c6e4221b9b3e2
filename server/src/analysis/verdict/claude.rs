//! "Will Claude Code load it?" as diagnostics: the verdict of the loader model
//! (`loader::claude`) turned into findings with ranges, messages and fixes. An error means
//! Claude Code does not register the file; a warning means it loads, but not as written.

use std::ops::Range;

use super::{consequence, severity_for_unreadable};
use crate::analysis::{Diagnostic, FileContext, Fix, Severity, codes, yaml_errors};
use crate::loader::claude::{self, Kind, Load, Parse, Skip};
use crate::loader::value::Value;
use crate::schema::Dialect;
use crate::schema::spec::schema;
use crate::syntax::{Document, FrontmatterScan, NodeKind};

fn kind(file: &FileContext) -> Kind {
    match (file.dialect, file.plugin) {
        (Dialect::ClaudeAgent, false) => Kind::Agent,
        (Dialect::ClaudeAgent, true) => Kind::PluginAgent,
        (Dialect::ClaudeSkill, _) => Kind::Skill,
        _ => Kind::Command,
    }
}

/// Run the loader model on the document (only as much text as the block can span).
pub(crate) fn load(doc: &Document, file: &FileContext) -> Load {
    read(doc, file).1
}

/// The hook events of the recorded release, from the schema (read once).
fn hook_events() -> &'static [String] {
    static EVENTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    EVENTS.get_or_init(|| {
        schema(Dialect::ClaudeAgent)
            .field("hooks")
            .map(|f| f.values.iter().map(|v| v.value.clone()).collect())
            .unwrap_or_default()
    })
}

/// The text the block can span (up to the scanner's closing line), and what the loader model
/// does with it.
fn read(doc: &Document, file: &FileContext) -> (String, Load) {
    let text = doc.text();
    let limit = match doc.scan() {
        FrontmatterScan::Found(f) => f.close.as_ref().map_or(text.len(), |c| c.end),
        FrontmatterScan::Absent { .. } => text.len().min(3 + 8),
    };
    let head = text.slice(0..limit);
    let load = claude::load(
        &head,
        &claude::Context {
            kind: kind(file),
            file_stem: file.file_stem.as_deref().unwrap_or(""),
            folder: file.folder.as_deref().unwrap_or(""),
            hook_events: hook_events(),
        },
    );
    (head, load)
}

/// The Claude Code frontmatter diagnostics. Returns whether the schema rules should run (the
/// YAML loaded as written, as a mapping).
pub(crate) fn check(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> bool {
    let (head, load) = read(doc, file);
    let Some(block) = load.block.clone() else {
        return no_block(doc, file, out);
    };
    let skipped = load.outcome.is_err() && kind(file) == Kind::Agent;
    cut(doc, &head, &load, skipped, out);
    if !parse_problems(&head, &block, &load.parse, file, out) {
        return false;
    }
    let clean = matches!(load.parse, Parse::Clean);
    if clean && let Some(d) = super::not_a_mapping(doc, file) {
        out.push(d);
        return false;
    }
    if !matches!(load.frontmatter, Value::Map(ref m) if !m.is_empty()) && !clean {
        return false;
    }
    if clean {
        super::duplicate_keys(&doc.yaml().entries, file, out);
        value_cut(doc, file, &load, out);
    }
    if load.outcome == Err(Skip::Hidden) {
        let range = ["user-invocable", "disable-model-invocation"]
            .iter()
            .find_map(|k| doc.yaml().get(k).map(|e| e.range.clone()))
            .unwrap_or(block.open.clone());
        out.push(Diagnostic::new(
            codes::UNREACHABLE,
            Severity::Error,
            range,
            format!(
                "Claude Code lists this {} nowhere: `user-invocable: false` hides it from the user and `disable-model-invocation: true` from the model, so nothing can run it. Drop one of the two.",
                file.dialect.noun()
            ),
        ));
    }
    match kind(file) {
        Kind::Agent => verdict(doc, file, &load, out),
        _ => {
            if clean {
                for key in ["name", "description"] {
                    super::check_identity_key(doc, file, key, out);
                }
            }
        }
    }
    clean
}

/// A one-line plain value that YAML reads shorter than it is written: a ` #` starts a comment,
/// a leading `&name` is an anchor and `!name` a tag. Claude Code then sees the rest only. For
/// `description` every such cut is reported; for other text keys only `#` glued to a word
/// (`#123`), since `key: value # note` is a common deliberate comment.
fn value_cut(doc: &Document, file: &FileContext, load: &Load, out: &mut Vec<Diagnostic>) {
    use crate::schema::spec::FieldKind;
    let text = doc.text();
    let spec = schema(file.dialect);
    for e in &doc.yaml().entries {
        let Some(field) = spec.field(&e.key) else {
            continue;
        };
        if field.kind != FieldKind::String {
            continue;
        }
        let Some(Value::Str(seen)) = load.frontmatter.get(&e.key) else {
            continue;
        };
        let line = text.rope().byte_to_line(e.key_range.start);
        let line_end = text.line_content_end(line);
        let after_key = text.slice(e.key_range.end..line_end);
        let Some(rest) = after_key.strip_prefix(':') else {
            continue;
        };
        let written = rest.trim();
        if written.is_empty()
            || written.starts_with(['"', '\'', '|', '>'])
            || written == seen.as_str()
        {
            continue;
        }
        let why = if let Some(comment) = written.strip_prefix(seen.as_str()).map(str::trim_start) {
            if !comment.starts_with('#') {
                continue;
            }
            let glued = comment[1..].starts_with(|c: char| !c.is_whitespace());
            if e.key != "description" && !glued {
                continue;
            }
            format!("`{comment}` is a YAML comment")
        } else if written.starts_with(['&', '!']) && written.ends_with(seen.as_str()) {
            let mark = written[..written.len() - seen.len()].trim();
            let what = if mark.starts_with('&') {
                "an anchor"
            } else {
                "a tag"
            };
            format!("YAML reads `{mark}` as {what}")
        } else {
            continue;
        };
        let start = e.key_range.end + 1 + (rest.len() - rest.trim_start().len());
        let range = start..start + written.len();
        let quoted = format!("'{}'", written.replace('\'', "''"));
        out.push(
            Diagnostic::new(
                codes::VALUE_CUT,
                Severity::Warning,
                range.clone(),
                format!(
                    "Claude Code reads `{}` as `{seen}`: {why}. Quote the value to keep all of it.",
                    e.key
                ),
            )
            .with_fix(
                Fix::replace(format!("Quote the `{}` value", e.key), range, quoted)
                    .preferred()
                    .safe(),
            ),
        );
    }
}

/// No block for Claude Code's pattern: absent, misplaced or unterminated as the scanner says,
/// or a block the scanner sees and the pattern does not (lone carriage returns).
fn no_block(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> bool {
    if let Some(fm) = doc.scan().frontmatter()
        && fm.close.is_some()
    {
        // Claude Code's `---` must be followed by a line feed, and this file breaks lines with
        // a lone carriage return.
        out.push(Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            severity_for_unreadable(file),
            fm.open.clone(),
            format!(
                "{}: Claude Code finds no frontmatter here, because its lines end with a lone carriage return (old Mac line endings) and Claude Code needs a line feed after `---`. Save the file with LF or CRLF line endings.",
                consequence(file)
            ),
        ));
        return false;
    }
    super::check_block_and_yaml(doc, file, out)
}

/// What the parse says: a failure (reported; returns false, nothing else can be checked) or a
/// load through the retry (a warning).
fn parse_problems(
    head: &str,
    block: &crate::loader::block::Block,
    parse: &Parse,
    file: &FileContext,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let content = &head[block.content.clone()];
    match parse {
        Parse::Failed { error, .. } => {
            if let Some(d) = body_read_as_yaml(head, &block.content, error.offset, file) {
                out.push(d);
            } else {
                out.push(yaml_errors::explain(
                    content,
                    block.content.start,
                    error.offset,
                    &error.message,
                    consequence(file),
                    severity_for_unreadable(file),
                    &super::is_known_key,
                ));
            }
            false
        }
        Parse::Retried { first, rewrite } => {
            out.push(retried(content, block.content.start, first, rewrite.tabs));
            true
        }
        Parse::Clean | Parse::NoBlock => true,
    }
}

/// Claude Code's block ends at a `---` inside a line: what comes after is body.
fn cut(doc: &Document, head: &str, load: &Load, skipped: bool, out: &mut Vec<Diagnostic>) {
    let Some(block) = &load.block else { return };
    if !block.closes_inside_a_line(head) {
        return;
    }
    let scanner_close = doc.scan().frontmatter().and_then(|f| f.close.clone());
    let lost: Vec<String> = doc
        .yaml()
        .entries
        .iter()
        .filter(|e| e.key_range.start >= block.close.end)
        .map(|e| format!("`{}`", e.key))
        .collect();
    let line = doc.text().rope().byte_to_line(block.close.start) + 1;
    let mut message = format!(
        "Claude Code ends the frontmatter at this `---` (it takes three dashes anywhere as the end of the block), so the rest of line {line}"
    );
    if scanner_close.is_some() && !lost.is_empty() {
        message.push_str(&format!(
            " and the keys after it ({}) are read as the body",
            lost.join(", ")
        ));
    } else {
        message.push_str(" is read as the body");
    }
    let severity = if skipped {
        message = format!("Claude Code skips this agent: {}", lower_first(&message));
        Severity::Error
    } else {
        Severity::Warning
    };
    message.push_str(". Write the dash differently (`—` or `-`).");
    out.push(
        Diagnostic::new(
            codes::FRONTMATTER_CUT,
            severity,
            block.close.clone(),
            message,
        )
        .with_fix(
            Fix::replace("Write `—` instead of `---`", block.close.clone(), "—")
                .preferred()
                .safe(),
        ),
    );
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The parse failed in lines that look like the Markdown body after a blank line: the block was
/// not closed where its author meant, and Claude Code read on to a `---` further down.
fn body_read_as_yaml(
    head: &str,
    content: &Range<usize>,
    error_at: usize,
    file: &FileContext,
) -> Option<Diagnostic> {
    let mut pos = content.start;
    let mut blank: Option<usize> = None;
    let mut saw_key = false;
    while pos < content.end && pos <= error_at {
        let end = head[pos..content.end]
            .find('\n')
            .map_or(content.end, |i| pos + i + 1);
        let line = head[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if saw_key && blank.is_none() {
                blank = Some(pos);
            }
        } else if let Some(b) = blank {
            let prose = line.starts_with("# ")
                || line.starts_with("## ")
                || (!line.starts_with([' ', '\t', '-', '#'])
                    && !yaml_errors::looks_like_key_line(line));
            if prose && error_at >= pos {
                let line_no = head[..b].matches('\n').count() + 1;
                let close_line = head[..content.end].matches('\n').count() + 1;
                let nl = if head[content.clone()].contains("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                return Some(
                    Diagnostic::new(
                        codes::FRONTMATTER_UNTERMINATED,
                        severity_for_unreadable(file),
                        b..b,
                        format!(
                            "{}: the frontmatter is not closed after its keys, so Claude Code reads on to the `---` on line {close_line} and parses the body as YAML. Add a `---` line at line {}.",
                            consequence(file),
                            line_no + 1
                        ),
                    )
                    .with_fix(Fix::replace("Close the frontmatter here", b..b, format!("---{nl}")).preferred().safe()),
                );
            }
            blank = None;
        } else {
            saw_key |= yaml_errors::looks_like_key_line(line);
        }
        pos = end;
    }
    None
}

/// Claude Code loads the file only through its retry: a warning with the quote fix.
fn retried(
    content: &str,
    base: usize,
    first: &crate::syntax::strict::StrictError,
    tabs: bool,
) -> Diagnostic {
    // The error may sit at the end of the input, past the block's content.
    let mut rel = first.offset.saturating_sub(base).min(content.len());
    while !content.is_char_boundary(rel) {
        rel -= 1;
    }
    let line_start = content[..rel].rfind('\n').map_or(0, |i| i + 1);
    if tabs && content[line_start..].starts_with('\t') {
        let tab_end = line_start + content[line_start..].len()
            - content[line_start..].trim_start_matches('\t').len();
        let n = tab_end - line_start;
        return Diagnostic::new(
            codes::YAML_RETRY,
            Severity::Warning,
            base + line_start..base + tab_end,
            "This line is indented with tabs, which YAML does not allow: Claude Code loads the agent only because it retries with each tab turned into two spaces, and VS Code and other YAML tools reject the file. Indent with spaces.".to_string(),
        )
        .with_fix(
            Fix::replace("Indent with spaces", base + line_start..base + tab_end, "  ".repeat(n))
                .preferred()
                .safe(),
        );
    }
    let mut d = yaml_errors::explain(
        content,
        base,
        first.offset,
        &first.message,
        "Not valid YAML (Claude Code loads it only because it retries with such values quoted; VS Code and other YAML tools reject it)",
        Severity::Warning,
        &super::is_known_key,
    );
    d.code = codes::YAML_RETRY;
    d
}

/// A project or user agent's verdict: the reason it is skipped, or the name rules' style notes.
// Long: one arm per reason Claude Code skips an agent, each placing its diagnostic on the key
// that causes it.
fn verdict(doc: &Document, file: &FileContext, load: &Load, out: &mut Vec<Diagnostic>) {
    let entry_value_range = |key: &str| {
        let e = doc.yaml().entries.iter().rev().find(|e| e.key == key)?;
        Some(
            e.value
                .as_ref()
                .map_or(e.key_range.clone(), |v| v.range.clone()),
        )
    };
    let skip = match &load.outcome {
        Ok(name) => return loaded(doc, file, load, name, out),
        Err(skip) => skip,
    };
    let skips = "Claude Code skips this agent";
    let upgrade = |key: &str, out: &mut Vec<Diagnostic>| {
        let before = out.len();
        super::check_identity_key(doc, file, key, out);
        for d in &mut out[before..] {
            d.severity = Severity::Error;
            if !d.message.contains("skip") {
                d.message = format!("{skips}: {}", lower_first(&d.message));
            }
        }
    };
    match skip {
        Skip::Unparsable | Skip::NoFrontmatter | Skip::NotAMapping | Skip::Hidden => {}
        Skip::NameMissing | Skip::NameNotText(_) => {
            upgrade("name", out);
            // The description is checked after the name: report it too when it would fail.
            match load.frontmatter.get("description") {
                Some(Value::Str(d)) if !d.is_empty() => {}
                _ => upgrade("description", out),
            }
        }
        Skip::DescriptionMissing | Skip::DescriptionNotText(_) => upgrade("description", out),
        Skip::NameStartsWithDash | Skip::NameHasColon | Skip::NameTooLong => {
            let Some(range) = entry_value_range("name") else {
                return;
            };
            let why = match skip {
                Skip::NameStartsWithDash => "its `name` starts with `-`",
                Skip::NameHasColon => {
                    "its `name` contains `:`, which is reserved for plugin agents"
                }
                _ => "its `name` is longer than 256 characters",
            };
            let name = match load.frontmatter.get("name") {
                Some(Value::Str(s)) => s.clone(),
                _ => String::new(),
            };
            let suggestion = super::slug(&name);
            let mut d = Diagnostic::new(
                codes::INVALID_NAME,
                Severity::Error,
                range.clone(),
                format!("{skips}: {why}. Use lowercase letters, digits and hyphens."),
            );
            if !suggestion.is_empty() && suggestion != name {
                d = d.with_fix(
                    Fix::replace(format!("Rename to `{suggestion}`"), range, suggestion)
                        .preferred(),
                );
            }
            out.push(d);
        }
        Skip::Hooks { path, why } => {
            let range = if path == "hooks" {
                entry_value_range("hooks")
            } else if let Some(event) = path.strip_prefix("hooks.") {
                hook_range(doc, Some(event)).or_else(|| entry_value_range("hooks"))
            } else {
                doc.yaml().get(path).map(|e| e.key_range.clone())
            }
            .unwrap_or_else(|| doc.scan().frontmatter().map_or(0..0, |f| f.open.clone()));
            out.push(Diagnostic::new(
                codes::UNLOADABLE_HOOKS,
                Severity::Error,
                range,
                format!("{skips}: {why}. Write `hooks:` as a mapping of events to lists of matchers (`- matcher: …` with `hooks: [{{type: command, command: …}}]`)."),
            ));
        }
    }
}

/// A registered agent: the name's style notes, and the hooks Claude Code drops while loading.
fn loaded(doc: &Document, file: &FileContext, load: &Load, name: &str, out: &mut Vec<Diagnostic>) {
    if let Some(e) = doc.yaml().entries.iter().rev().find(|e| e.key == "name") {
        let range = e
            .value
            .as_ref()
            .map_or(e.key_range.clone(), |v| v.range.clone());
        super::check_name_rules(file, name, range, out);
    }
    for (path, why) in &load.dropped_hooks {
        // Unknown events are the schema rules' to report.
        if why.contains("is not a hook event") {
            continue;
        }
        let event = path.strip_prefix("hooks.").unwrap_or(path);
        let range = hook_range(doc, Some(event)).unwrap_or(0..0);
        out.push(Diagnostic::new(
            codes::INVALID_VALUE,
            Severity::Warning,
            range,
            format!(
                "Claude Code ignores these hooks: {why}. Write a list of `matcher`/`hooks` entries."
            ),
        ));
    }
}

/// The range of `hooks.<event>`'s value (or of `hooks` itself).
fn hook_range(doc: &Document, event: Option<&str>) -> Option<Range<usize>> {
    let hooks = doc.yaml().entries.iter().rev().find(|e| e.key == "hooks")?;
    let value = hooks.value.as_ref()?;
    let Some(event) = event else {
        return Some(value.range.clone());
    };
    let NodeKind::Mapping { entries, .. } = &value.kind else {
        return Some(value.range.clone());
    };
    let e = entries.iter().rev().find(|e| e.key == event)?;
    Some(
        e.value
            .as_ref()
            .map_or(e.key_range.clone(), |v| v.range.clone()),
    )
}
