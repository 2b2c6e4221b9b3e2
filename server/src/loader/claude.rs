//! The model of Claude Code's loader for agents, plugin agents, skills and commands: what it
//! registers, or why it skips the file. Every rule here was observed on the real program and is
//! pinned by a recorded case in `tests/conformance/claude-code/` (Claude Code 2.1.332).

use unicode_normalization::UnicodeNormalization;

use super::block::{self, Block};
use super::hooks::{self, HookEvents, HookProblem};
use super::retry::{self, Rewrite};
use super::value::{Builder, Value};
use crate::syntax::strict;

/// Which of Claude Code's loaders reads the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `.claude/agents/` of a project or of the user.
    Agent,
    /// A plugin's `agents/`.
    PluginAgent,
    /// `SKILL.md` in a skills folder.
    Skill,
    /// A command file.
    Command,
}

/// How the frontmatter's YAML was read.
#[derive(Clone, Debug, PartialEq)]
pub enum Parse {
    /// No block: the file has no frontmatter for Claude Code.
    NoBlock,
    /// The parser accepted the text as written.
    Clean,
    /// The parser rejected the text (`first` is its error, as an offset into the file); the
    /// retry's rewrite was accepted.
    Retried {
        first: strict::StrictError,
        rewrite: Rewrite,
    },
    /// Both attempts failed; `error` is the one that decides (the retry's, mapped back to the
    /// file, or the first one when the retry changed nothing). The frontmatter is empty.
    Failed {
        error: strict::StrictError,
        first: strict::StrictError,
    },
}

/// Why Claude Code does not register the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The YAML did not parse, even after the retry: no `name`.
    Unparsable,
    /// No frontmatter block at all.
    NoFrontmatter,
    /// The frontmatter parsed to a list or a single value.
    NotAMapping,
    NameMissing,
    /// `name` is not text (a number, a boolean, a list...): what it is.
    NameNotText(&'static str),
    NameStartsWithDash,
    NameTooLong,
    NameHasColon,
    DescriptionMissing,
    DescriptionNotText(&'static str),
    /// A `hooks` problem that makes the agent unloadable, or a permission hook outside `hooks`.
    Hooks {
        path: String,
        why: String,
    },
    /// A skill or command that neither the user (`user-invocable: false`) nor the model
    /// (`disable-model-invocation: true`) may invoke: it is listed nowhere.
    Hidden,
}

/// What Claude Code does with one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub block: Option<Block>,
    pub parse: Parse,
    /// The frontmatter as the program sees it (an empty mapping when it could not read it).
    pub frontmatter: Value,
    /// The registered name, or why there is none.
    pub outcome: Result<String, Skip>,
    /// Hook entries dropped while loading.
    pub dropped_hooks: Vec<(String, String)>,
}

/// The longest `name` Claude Code accepts, in UTF-16 code units.
pub const MAX_NAME: usize = 256;

/// Hook events that guard permissions: any malformed entry under them keeps the agent out.
pub const GUARD_EVENTS: &[&str] = &["PreToolUse", "PermissionRequest", "PreSkillShellCommand"];

/// What the model needs besides the text.
pub struct Context<'a> {
    pub kind: Kind,
    /// The file name without `.md` (plugin agents and commands are registered under it).
    pub file_stem: &'a str,
    /// A skill's folder name.
    pub folder: &'a str,
    /// The hook events of the release (from the schema).
    pub hook_events: &'a [String],
}

/// Parse YAML text the way the program's parser (Bun's) does, into plain values.
pub fn parse_yaml(text: &str) -> Result<Value, strict::StrictError> {
    let (patched, comma_keys) = bun_compat(text);
    // A last line without its line break (the block can end mid-line) reads as if it had one.
    let mut patched = patched.into_owned();
    if !patched.is_empty() && !patched.ends_with('\n') {
        patched.push('\n');
    }
    let mut builder = Builder::default();
    strict::events(&patched, &mut |e| builder.event(e))?;
    let mut value = builder.finish();
    // Put back the `,` that stood in for Bun's leniency.
    if let Value::Map(entries) = &mut value {
        for (k, v) in entries.iter_mut() {
            if let Value::Str(s) = v
                && comma_keys.iter().any(|c| c == k)
                && s.starts_with('_')
            {
                s.replace_range(0..1, ",");
            }
        }
    }
    Ok(value)
}

/// Where Bun's YAML parser accepts what the strict parser refuses, as same-length substitutions
/// in a scratch copy (offsets stay valid): a tab as the separator after `key:`
/// (`description:<tab>text`), and a plain value that starts with `,`.
fn bun_compat(text: &str) -> (std::borrow::Cow<'_, str>, Vec<String>) {
    let mut patched: Option<Vec<u8>> = None;
    let mut comma_keys = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let key_len = trimmed
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        if key_len > 0 && trimmed.as_bytes().get(key_len) == Some(&b':') {
            let after = pos + indent + key_len + 1;
            let rest = &text.as_bytes()[after..pos + line.len()];
            let seps = rest
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            if rest.first() == Some(&b'\t') {
                patched.get_or_insert_with(|| text.as_bytes().to_vec())[after] = b' ';
            }
            if seps > 0 && rest.get(seps) == Some(&b',') {
                patched.get_or_insert_with(|| text.as_bytes().to_vec())[after + seps] = b'_';
                if indent == 0 {
                    comma_keys.push(trimmed[..key_len].to_string());
                }
            }
        }
        pos += line.len();
    }
    let text = match patched {
        Some(bytes) => {
            std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
        }
        None => std::borrow::Cow::Borrowed(text),
    };
    (text, comma_keys)
}

fn parses_as_list(text: &str) -> bool {
    matches!(parse_yaml(text), Ok(Value::Seq(_)))
}

/// Read the frontmatter: the block, then the parse, then the retry.
fn read(text: &str) -> (Option<Block>, Parse, Value) {
    let Some(block) = block::find(text) else {
        return (None, Parse::NoBlock, Value::Map(Vec::new()));
    };
    let yaml = &text[block.content.clone()];
    let base = block.content.start;
    let shift = |mut e: strict::StrictError| {
        e.offset += base;
        e
    };
    match parse_yaml(yaml) {
        Ok(v) => (Some(block), Parse::Clean, v),
        Err(first) => {
            let first = shift(first);
            let Some(rewrite) = retry::rewrite(yaml, &parses_as_list) else {
                return (
                    Some(block),
                    Parse::Failed {
                        error: first.clone(),
                        first,
                    },
                    Value::Map(Vec::new()),
                );
            };
            match parse_yaml(&rewrite.text) {
                Ok(v) => (Some(block), Parse::Retried { first, rewrite }, v),
                Err(mut e) => {
                    e.offset = base + rewrite.original_offset(e.offset, yaml);
                    (
                        Some(block),
                        Parse::Failed { error: e, first },
                        Value::Map(Vec::new()),
                    )
                }
            }
        }
    }
}

/// What Claude Code does with `text`.
pub fn load(text: &str, cx: &Context<'_>) -> Load {
    let (block, parse, value) = read(text);
    let not_a_mapping = !matches!(value, Value::Map(_) | Value::Null);
    let frontmatter = match value {
        v @ Value::Map(_) => v,
        _ => Value::Map(Vec::new()),
    };
    let events = HookEvents {
        all: cx.hook_events,
        guards: GUARD_EVENTS,
    };
    let mut dropped_hooks = Vec::new();
    let outcome = match cx.kind {
        Kind::Agent => {
            let skip = |s: Skip| -> Result<String, Skip> { Err(s) };
            if block.is_none() {
                skip(Skip::NoFrontmatter)
            } else if matches!(parse, Parse::Failed { .. }) {
                skip(Skip::Unparsable)
            } else if not_a_mapping {
                skip(Skip::NotAMapping)
            } else {
                agent(&frontmatter, &events, &mut dropped_hooks)
            }
        }
        Kind::PluginAgent => Ok(plugin_agent_name(&frontmatter, cx.file_stem)),
        Kind::Skill if hidden(&frontmatter) => Err(Skip::Hidden),
        Kind::Command if hidden(&frontmatter) => Err(Skip::Hidden),
        Kind::Skill => Ok(cx.folder.to_string()),
        Kind::Command => Ok(cx.file_stem.to_string()),
    };
    Load {
        block,
        parse,
        frontmatter,
        outcome,
        dropped_hooks,
    }
}

fn flag(fm: &Value, key: &str) -> Option<bool> {
    match fm.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s == "true" => Some(true),
        Value::Str(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Invisible to both the user and the model.
fn hidden(fm: &Value) -> bool {
    flag(fm, "user-invocable") == Some(false) && flag(fm, "disable-model-invocation") == Some(true)
}

/// A project or user agent: the checks in the order the program makes them.
fn agent(
    fm: &Value,
    events: &HookEvents<'_>,
    dropped: &mut Vec<(String, String)>,
) -> Result<String, Skip> {
    let name = match fm.get("name") {
        None | Some(Value::Null) => return Err(Skip::NameMissing),
        Some(Value::Str(s)) if s.is_empty() => return Err(Skip::NameMissing),
        Some(Value::Str(s)) => s.clone(),
        Some(other) if !other.truthy() => return Err(Skip::NameMissing),
        Some(other) => return Err(Skip::NameNotText(other.describe())),
    };
    if name.starts_with('-') {
        return Err(Skip::NameStartsWithDash);
    }
    if name.encode_utf16().count() > MAX_NAME {
        return Err(Skip::NameTooLong);
    }
    if name.nfkc().any(|c| c == ':') {
        return Err(Skip::NameHasColon);
    }
    match fm.get("description") {
        Some(Value::Str(s)) if !s.is_empty() => {}
        Some(v) if v.truthy() => return Err(Skip::DescriptionNotText(v.describe())),
        _ => return Err(Skip::DescriptionMissing),
    }
    if let Some(key) = hooks::top_level_guards(fm, events).into_iter().next() {
        return Err(Skip::Hooks {
            path: key.clone(),
            why: format!("`{key}` holds permission-guarding hooks outside `hooks`"),
        });
    }
    if let Some(h) = fm.get("hooks") {
        for p in hooks::check(h, events) {
            match p {
                HookProblem::Unloadable { path, why } => return Err(Skip::Hooks { path, why }),
                HookProblem::Dropped { path, why } => dropped.push((path, why)),
            }
        }
    }
    Ok(name)
}

/// A plugin agent's name: `name` as text when it has one of at most 256 characters, else the
/// file name.
fn plugin_agent_name(fm: &Value, file_stem: &str) -> String {
    fm.get("name")
        .filter(|v| !matches!(v, Value::Null))
        .map(|v| match v {
            Value::Seq(items) => items
                .iter()
                .map(|i| i.to_js_string().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
            Value::Map(_) | Value::Other => "[object Object]".to_string(),
            v => v.to_js_string().unwrap_or_default(),
        })
        .filter(|s| !s.is_empty() && s.encode_utf16().count() <= MAX_NAME)
        .unwrap_or_else(|| file_stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events() -> Vec<String> {
        [
            "PreToolUse",
            "PostToolUse",
            "Stop",
            "PermissionRequest",
            "SubagentStop",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn agent_load(text: &str) -> Result<String, Skip> {
        let ev = events();
        load(
            text,
            &Context {
                kind: Kind::Agent,
                file_stem: "file",
                folder: "agents",
                hook_events: &ev,
            },
        )
        .outcome
    }

    #[test]
    fn the_retry_rescues_colons_but_not_wrapped_lines() {
        assert_eq!(
            agent_load("---\nname: a\ndescription: Use when: asked\n---\n"),
            Ok("a".into())
        );
        assert_eq!(
            agent_load("---\nname: a\ndescription: Use when\nasked to: review\n---\n"),
            Ok("a".into())
        );
        assert_eq!(
            agent_load("---\nname: a\ndescription: Use\n  when: x\n---\n"),
            Err(Skip::Unparsable)
        );
        assert_eq!(
            agent_load("---\r\nname: a\r\ndescription: Use when: asked\r\n---\r\n"),
            Err(Skip::Unparsable)
        );
        assert_eq!(
            agent_load("---\nname: a\ndescription: x\ntools:\n\t- Read\n---\n"),
            Ok("a".into())
        );
    }

    #[test]
    fn name_and_description_rules() {
        let d = |name: &str| agent_load(&format!("---\nname: {name}\ndescription: x\n---\n"));
        assert_eq!(d("123"), Err(Skip::NameNotText("a number")));
        assert_eq!(d("yes"), Ok("yes".into()));
        assert_eq!(d("\"-a\""), Err(Skip::NameStartsWithDash));
        assert_eq!(d("\"a:b\""), Err(Skip::NameHasColon));
        assert_eq!(d("a\u{ff1a}b"), Err(Skip::NameHasColon));
        assert_eq!(d(&"x".repeat(256)), Ok("x".repeat(256)));
        assert_eq!(d(&"x".repeat(257)), Err(Skip::NameTooLong));
        assert_eq!(d("Code Reviewer"), Ok("Code Reviewer".into()));
        assert_eq!(
            agent_load("---\nname: a\ndescription: 123\n---\n"),
            Err(Skip::DescriptionNotText("a number"))
        );
        assert_eq!(
            agent_load("---\nname: a\ndescription: ''\n---\n"),
            Err(Skip::DescriptionMissing)
        );
        assert_eq!(
            agent_load("---\nname: a\nname: b\ndescription: x\n---\n"),
            Ok("b".into())
        );
    }

    #[test]
    fn the_block_ends_at_any_three_dashes() {
        assert_eq!(
            agent_load("---\ndescription: a --- b\nname: x\n---\n"),
            Err(Skip::NameMissing)
        );
        assert_eq!(
            agent_load("---\nname: x\ndescription: y\n  ---\nbody\n"),
            Ok("x".into())
        );
    }

    #[test]
    fn hooks_shapes() {
        let h = |hooks: &str| agent_load(&format!("---\nname: a\ndescription: x\n{hooks}\n---\n"));
        assert_eq!(h("hooks:\n  Stop: \"echo\""), Ok("a".into()));
        assert!(matches!(
            h("hooks:\n  PreToolUse: \"echo\""),
            Err(Skip::Hooks { .. })
        ));
        assert!(matches!(
            h("hooks:\n  - matcher: x\n    hooks: [{type: command, command: y}]"),
            Err(Skip::Hooks { .. })
        ));
        assert!(matches!(h("hooks: [a]"), Err(Skip::Hooks { .. })));
        assert!(matches!(
            h("PreToolUse:\n  - matcher: x\n    hooks: [{type: command, command: y}]"),
            Err(Skip::Hooks { .. })
        ));
        assert_eq!(
            h("PostToolUse:\n  - matcher: x\n    hooks: [{type: command, command: y}]"),
            Ok("a".into())
        );
        assert_eq!(h("hooks:\n  Nope: []"), Ok("a".into()));
    }

    #[test]
    fn plugin_agents_fall_back_to_the_file_name() {
        let ev = events();
        let cx = Context {
            kind: Kind::PluginAgent,
            file_stem: "file",
            folder: "agents",
            hook_events: &ev,
        };
        assert_eq!(
            load("---\nname: a\ndescription: Use\n  when: x\n---\n", &cx).outcome,
            Ok("file".into())
        );
        assert_eq!(load("---\nname: 123\n---\n", &cx).outcome, Ok("123".into()));
        assert_eq!(load("no frontmatter", &cx).outcome, Ok("file".into()));
    }
}
