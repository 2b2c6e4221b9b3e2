//! Which `hooks` shapes keep a Claude Code agent from loading.
//!
//! Observed on Claude Code 2.1.332: `hooks` must map hook events to lists of matchers. A list
//! or a string in its place, or a matcher where the mapping should be, and the agent is not
//! loaded. An unknown event, or an ordinary event mapped to something other than a list, is
//! dropped with a note in the debug log. The events that guard permissions (`PreToolUse`,
//! `PermissionRequest`, `PreSkillShellCommand`) are strict: any malformed entry under them, or
//! such an event written at the top level of the frontmatter, keeps the agent from loading.

use super::value::Value;

/// Why the hooks keep the agent from loading, or what is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HookProblem {
    /// Unloadable: the agent is skipped. The path is `hooks`, `hooks.Event` or the top-level key.
    Unloadable { path: String, why: String },
    /// Loaded without this entry.
    Dropped { path: String, why: String },
}

/// The hook events of the recorded release, and the ones that guard permissions.
pub struct HookEvents<'a> {
    pub all: &'a [String],
    pub guards: &'a [&'a str],
}

impl HookEvents<'_> {
    fn known(&self, e: &str) -> bool {
        self.all.iter().any(|x| x == e)
    }
    fn guard(&self, e: &str) -> bool {
        self.guards.contains(&e)
    }
}

/// A matcher written where something else was expected: an object with a non-empty `hooks`
/// list (or a `hooks` object beside a `matcher`, or with a `type`).
fn is_matcher(v: &Value, events: &HookEvents<'_>) -> bool {
    let Value::Map(entries) = v else { return false };
    let has_matcher = entries.iter().any(|(k, _)| k == "matcher");
    if !has_matcher && entries.iter().any(|(k, _)| events.known(k)) {
        return false;
    }
    match v.get("hooks") {
        Some(Value::Seq(items)) => !items.is_empty(),
        Some(h @ Value::Map(_)) => {
            has_matcher || h.get("type").is_some_and(|t| matches!(t, Value::Str(_)))
        }
        _ => false,
    }
}

/// Whether `v` names a guard event with a value (at this level).
fn names_guard(v: &Value, events: &HookEvents<'_>) -> bool {
    let Value::Map(entries) = v else { return false };
    entries.iter().any(|(k, val)| {
        events.guard(k)
            && !matches!(val, Value::Null)
            && !matches!(val, Value::Seq(items) if items.is_empty())
    })
}

/// Whether guard hooks hide somewhere in `v`, up to `depth` levels down.
fn holds_guard(v: &Value, depth: usize, matchers_count: bool, events: &HookEvents<'_>) -> bool {
    if names_guard(v, events) || (matchers_count && is_matcher(v, events)) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    match v {
        Value::Seq(items) => items
            .iter()
            .any(|i| holds_guard(i, depth - 1, matchers_count, events)),
        Value::Map(entries) => entries.iter().any(|(k, val)| {
            holds_guard(val, depth - 1, matchers_count && !events.known(k), events)
        }),
        _ => false,
    }
}

/// Top-level keys of the frontmatter that hold guard hooks outside `hooks` (the agent is not
/// loaded). `metadata`, `mcpServers` and `lspServers` are not looked into.
pub fn top_level_guards(fm: &Value, events: &HookEvents<'_>) -> Vec<String> {
    let Value::Map(entries) = fm else {
        return Vec::new();
    };
    let unscanned = ["hooks", "metadata", "mcpServers", "lspServers"];
    entries
        .iter()
        .filter(|(k, v)| {
            if events.guard(k) {
                return !matches!(v, Value::Null) && !matches!(v, Value::Seq(i) if i.is_empty());
            }
            !unscanned.contains(&k.as_str()) && holds_guard(v, 3, !events.known(k), events)
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// What a hook handler of each type needs (Claude Code 2.1.332): a string field.
const HANDLER_TYPES: &[(&str, Option<&str>)] = &[
    ("command", Some("command")),
    ("prompt", Some("prompt")),
    ("agent", Some("prompt")),
    ("http", Some("url")),
    ("mcp_tool", None),
];

/// A hook handler's problem: a mapping with a known `type`, the field that type needs, and a
/// numeric `timeout`.
fn handler_problem(h: &Value) -> Option<String> {
    if !h.is_object() {
        return Some(format!("a hook must be a mapping, not {}", h.describe()));
    }
    let ty = match h.get("type") {
        Some(Value::Str(t)) => t,
        Some(other) => {
            return Some(format!(
                "a hook's `type` must be text, not {}",
                other.describe()
            ));
        }
        None => return Some("a hook has no `type`".to_string()),
    };
    let Some((_, needs)) = HANDLER_TYPES.iter().find(|(t, _)| t == ty) else {
        let known: Vec<&str> = HANDLER_TYPES.iter().map(|(t, _)| *t).collect();
        return Some(format!("`{ty}` is not a hook type ({})", known.join(", ")));
    };
    if let Some(field) = needs
        && !matches!(h.get(field), Some(Value::Str(_)))
    {
        return Some(format!("a `{ty}` hook needs a `{field}` text"));
    }
    if let Some(t) = h.get("timeout")
        && !matches!(t, Value::Number(_))
    {
        return Some(format!(
            "a hook's `timeout` must be a number, not {}",
            t.describe()
        ));
    }
    None
}

/// A matcher's shape: a mapping with an optional text `matcher` and a `hooks` list of valid
/// handlers.
fn matcher_problem(m: &Value) -> Option<String> {
    let Value::Map(_) = m else {
        return Some(format!("a matcher must be a mapping, not {}", m.describe()));
    };
    if let Some(v) = m.get("matcher")
        && !matches!(v, Value::Str(_))
    {
        return Some(format!("`matcher` must be text, not {}", v.describe()));
    }
    match m.get("hooks") {
        Some(Value::Seq(items)) => items.iter().find_map(handler_problem),
        Some(other) => Some(format!(
            "a matcher's `hooks` must be a list of hooks, not {}",
            other.describe()
        )),
        None => Some("a matcher has no `hooks` list".to_string()),
    }
}

/// The problems of a `hooks` value.
pub fn check(hooks: &Value, events: &HookEvents<'_>) -> Vec<HookProblem> {
    let unloadable = |path: &str, why: String| HookProblem::Unloadable {
        path: path.to_string(),
        why,
    };
    if !hooks.truthy() {
        return Vec::new();
    }
    let single = is_matcher(hooks, events);
    if single || matches!(hooks, Value::Seq(items) if items.iter().any(|i| is_matcher(i, events))) {
        let what = if single {
            "a single matcher"
        } else {
            "a list of matchers"
        };
        return vec![unloadable(
            "hooks",
            format!("`hooks` must map hook events to lists of matchers, not {what}"),
        )];
    }
    let Value::Map(entries) = hooks else {
        return vec![unloadable(
            "hooks",
            format!(
                "`hooks` must map hook events to lists of matchers, not {}",
                hooks.describe()
            ),
        )];
    };
    let mut out = Vec::new();
    for (event, v) in entries {
        let path = format!("hooks.{event}");
        if !events.known(event) {
            if holds_guard(v, 3, !matches!(v, Value::Seq(_)), events) {
                out.push(unloadable(
                    &path,
                    format!(
                        "`{event}` is not a hook event, but it holds permission-guarding hooks"
                    ),
                ));
            } else {
                out.push(HookProblem::Dropped {
                    path,
                    why: format!("`{event}` is not a hook event"),
                });
            }
            continue;
        }
        let Value::Seq(matchers) = v else {
            let why = format!("`{event}` must be a list of matchers, not {}", v.describe());
            if (events.guard(event) && !matches!(v, Value::Null))
                || holds_guard(v, 3, false, events)
            {
                out.push(unloadable(&path, why));
            } else {
                out.push(HookProblem::Dropped { path, why });
            }
            continue;
        };
        for m in matchers {
            let Some(why) = matcher_problem(m) else {
                continue;
            };
            if events.guard(event) || holds_guard(m, 3, false, events) {
                out.push(unloadable(&path, why));
            } else {
                out.push(HookProblem::Dropped {
                    path: path.clone(),
                    why,
                });
            }
        }
    }
    out
}
