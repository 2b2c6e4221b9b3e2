use std::collections::HashSet;

use super::fuzzy::*;
use super::load::{load, seen_in};
use super::*;

fn all() -> impl Iterator<Item = &'static DialectSchema> {
    Dialect::ALL.into_iter().map(schema)
}

fn every_field(s: &DialectSchema) -> Vec<&FieldSpec> {
    s.fields
        .iter()
        .chain(s.fields.iter().flat_map(|f| f.items.iter()))
        .collect()
}

#[test]
fn every_data_file_loads_and_matches_its_dialect() {
    for d in Dialect::ALL {
        let s = load(d).unwrap_or_else(|e| panic!("{}: {e}", d.id()));
        assert_eq!(s.dialect, d);
        assert_eq!(s.product, d.product(), "{}", d.id());
        assert!(s.source.starts_with("https://"), "{}", d.id());
        assert!(!s.fields.is_empty(), "{}", d.id());
        // A product whose tool names no source lists takes any name (Cursor).
        assert!(
            !s.tools.is_empty() || s.unknown_tools == UnknownTools::Accepted,
            "{}",
            d.id()
        );
        let date_ok = [4, 7, 10].contains(&s.updated.len())
            && s.updated.chars().all(|c| c.is_ascii_digit() || c == '-');
        assert!(date_ok, "{}: updated = {:?}", d.id(), s.updated);
    }
}

#[test]
fn tools_fields_are_fields() {
    for s in all() {
        assert!(!s.tools_fields.is_empty(), "{:?}", s.dialect);
        for key in &s.tools_fields {
            assert!(
                s.field(key).is_some(),
                "{:?}: tools field `{key}` is not a field",
                s.dialect
            );
        }
    }
}

#[test]
fn no_duplicate_names() {
    for s in all() {
        let mut seen = HashSet::new();
        for f in &s.fields {
            assert!(
                seen.insert(f.name.as_str()),
                "{:?}: field `{}` twice",
                s.dialect,
                f.name
            );
            let mut items = HashSet::new();
            for i in &f.items {
                assert!(
                    items.insert(i.name.as_str()),
                    "{:?}: `{}.{}` twice",
                    s.dialect,
                    f.name,
                    i.name
                );
            }
            let mut values = HashSet::new();
            for v in &f.values {
                assert!(
                    values.insert(v.value.as_str()),
                    "{:?}: `{}` value `{}` twice",
                    s.dialect,
                    f.name,
                    v.value
                );
            }
        }
        let mut names = HashSet::new();
        for n in s.tool_names() {
            let key = if s.tool_names_case_insensitive {
                n.to_ascii_lowercase()
            } else {
                n.to_owned()
            };
            assert!(
                names.insert(key),
                "{:?}: tool name or alias `{n}` twice",
                s.dialect
            );
        }
        let mut models = HashSet::new();
        for m in &s.models {
            assert!(
                models.insert(m.name.as_str()),
                "{:?}: model `{}` twice",
                s.dialect,
                m.name
            );
        }
    }
}

#[test]
fn replacements_are_current_tools() {
    for s in all() {
        for t in &s.tools {
            if t.status == ToolStatus::Renamed {
                assert!(
                    t.replacement.is_some(),
                    "{:?}: renamed `{}` has no replacement",
                    s.dialect,
                    t.name
                );
            }
            if t.status == ToolStatus::Current {
                assert!(
                    t.replacement.is_none(),
                    "{:?}: current `{}` has a replacement",
                    s.dialect,
                    t.name
                );
            }
            for r in &t.replacements {
                let target = s.tools.iter().find(|x| &x.name == r);
                assert!(
                    target.is_some_and(|x| x.status == ToolStatus::Current),
                    "{:?}: `{}` is replaced by `{r}`, which is not a current tool",
                    s.dialect,
                    t.name
                );
            }
        }
    }
}

#[test]
fn every_entry_is_documented() {
    for s in all() {
        for f in every_field(s) {
            assert!(
                !f.doc.is_empty(),
                "{:?}: field `{}` has no doc",
                s.dialect,
                f.name
            );
            assert!(
                f.source.starts_with("https://"),
                "{:?}: field `{}` has no source URL",
                s.dialect,
                f.name
            );
        }
        for t in &s.tools {
            assert!(
                !t.doc.is_empty(),
                "{:?}: tool `{}` has no doc",
                s.dialect,
                t.name
            );
            assert!(
                t.source.starts_with("https://"),
                "{:?}: tool `{}` has no source URL",
                s.dialect,
                t.name
            );
        }
        for m in &s.models {
            assert!(
                !m.doc.is_empty(),
                "{:?}: model `{}` has no doc",
                s.dialect,
                m.name
            );
        }
    }
}

#[test]
fn field_kinds_are_consistent() {
    for s in all() {
        for f in every_field(s) {
            let id = format!("{:?}: field `{}`", s.dialect, f.name);
            match f.kind {
                FieldKind::Enum | FieldKind::EnumOrMap => {
                    assert!(!f.values.is_empty(), "{id}: no values")
                }
                FieldKind::Hooks => {}
                _ => assert!(f.values.is_empty(), "{id}: values on a non-enum field"),
            }
            if f.open || !f.prefixes.is_empty() {
                assert!(
                    f.kind == FieldKind::Enum,
                    "{id}: `open`/`prefixes` need an enum"
                );
            }
            if f.kind == FieldKind::Enum && (!f.prefixes.is_empty() || f.format.is_some()) {
                assert!(f.open, "{id}: prefixes/format on a closed enum");
            }
            if let Some(to) = &f.renamed_to {
                let target = s.field(to);
                assert!(
                    target.is_some_and(|t| t.renamed_to.is_none()),
                    "{id}: renamed to unknown `{to}`"
                );
            }
            for v in f
                .since
                .iter()
                .chain(f.values.iter().filter_map(|v| v.since.as_ref()))
            {
                assert!(
                    v.starts_with('v'),
                    "{id}: since = {v:?} should look like `v2.1.0`"
                );
            }
            if !f.targets.is_empty() {
                let target = s.field("target").expect("targets need a `target` field");
                for t in &f.targets {
                    assert!(target.value(t).is_some(), "{id}: unknown target `{t}`");
                }
            }
        }
    }
}

#[test]
fn borrowed_data_is_there() {
    let command = schema(Dialect::ClaudeCommand);
    let skill = schema(Dialect::ClaudeSkill);
    assert_eq!(command.field("allowed-tools"), skill.field("allowed-tools"));
    assert!(command.field("name").is_some_and(|f| f.ignored.is_some()));
    assert!(command.field("paths").is_some_and(|f| f.ignored.is_some()));
    assert!(skill.field("name").is_some_and(|f| f.ignored.is_none()));
    assert_eq!(command.tools, schema(Dialect::ClaudeAgent).tools);
    assert_eq!(skill.models, schema(Dialect::ClaudeAgent).models);
    assert_eq!(
        schema(Dialect::CopilotChatMode).tools,
        schema(Dialect::CopilotAgent).tools
    );
}

#[test]
fn claude_tools() {
    let s = schema(Dialect::ClaudeAgent);
    let agent = s.resolve_tool("Task").expect("Task resolves");
    assert_eq!(
        (agent.tool.name.as_str(), agent.via),
        ("Agent", ToolMatchKind::Alias)
    );
    assert_eq!(
        s.tool("KillBash").map(|t| t.name.as_str()),
        Some("TaskStop")
    );
    for old in ["BashOutput", "TaskOutput", "TeamCreate"] {
        assert_eq!(s.tool(old).map(|t| t.status), Some(ToolStatus::Removed));
    }
    for (old, new) in [("ListPeers", "ListAgents"), ("Brief", "SendUserMessage")] {
        let found = s.resolve_tool(old).expect("legacy name resolves");
        assert_eq!(
            (found.tool.name.as_str(), found.via),
            (new, ToolMatchKind::Alias)
        );
    }
    assert_eq!(
        s.tool("MultiEdit").map(|t| t.status),
        Some(ToolStatus::Removed)
    );
    assert_eq!(
        s.tool("SlashCommand")
            .and_then(|t| t.replacement.as_deref()),
        Some("Skill")
    );
    assert_eq!(
        s.tool("Bash").map(|t| t.specifier),
        Some(Specifier::Command)
    );
    assert!(
        s.tool("read").is_none(),
        "Claude tool names are case-sensitive"
    );
    assert!(s.tool("TeamRename").is_none());
    assert!(s.is_external_tool("mcp__github__create_issue"));
    assert!(!s.is_external_tool("Read"));
    assert!(s.is_tools_field("disallowedTools"));
    assert_eq!(
        split_specifier(" Bash(git add:*) "),
        ("Bash", Some("git add:*"))
    );
    assert_eq!(split_specifier("Agent (a, b)"), ("Agent", Some("a, b")));
    assert_eq!(split_specifier("Read"), ("Read", None));
}

#[test]
fn seen_in_tags() {
    assert_eq!(seen_in(Some("2.1.332".into())), Ok(Some("2.1.332".into())));
    assert_eq!(seen_in(Some(" ".into())), Ok(None));
    for bad in ["v2.1.332", "2026", "2.1.x", "2..1"] {
        assert!(seen_in(Some(bad.into())).is_err(), "{bad}");
    }
    let agent = schema(Dialect::ClaudeAgent);
    let tag = |f: &str| agent.field(f).and_then(|f| f.seen_in.as_deref());
    assert_eq!(tag("autoCompactWindow"), Some("2.1.332"));
    assert_eq!(tag("criticalSystemReminder_EXPERIMENTAL"), None);
    let isolation = agent.field("isolation").expect("isolation");
    assert_eq!(
        isolation.value("remote").and_then(|v| v.seen_in.as_deref()),
        Some("2.1.332")
    );
    assert!(
        agent
            .tools
            .iter()
            .any(|t| t.name == "SetGoal" && t.seen_in.as_deref() == Some("2.1.332"))
    );
    assert!(
        agent
            .builtin_agents
            .iter()
            .any(|a| a.name == "web-fetch" && a.seen_in.is_some())
    );
    assert!(
        schema(Dialect::ClaudeSkill)
            .models
            .iter()
            .any(|m| m.name == "opusplan" && m.seen_in.is_some())
    );
}

#[test]
fn copilot_tools() {
    let s = schema(Dialect::CopilotAgent);
    assert_eq!(s.tool("READ").map(|t| t.name.as_str()), Some("read"));
    let bash = s.resolve_tool("bash").expect("bash resolves");
    assert_eq!(
        (bash.tool.name.as_str(), bash.via),
        ("execute", ToolMatchKind::Compatible)
    );
    assert_eq!(
        s.tool("edit/EDITFILES").map(|t| t.name.as_str()),
        Some("edit/editFiles")
    );
    assert_eq!(
        s.tool("editFiles").and_then(|t| t.replacement.as_deref()),
        Some("edit/editFiles")
    );
    assert!(s.is_external_tool("github/search_issues"));
    assert!(s.is_external_tool("ms-python.python/installPythonPackage"));
    assert!(s.is_external_tool("microsoft.docs.mcp/*"));
    assert!(!s.is_external_tool("edit/unknownTool"));
    assert!(!s.is_external_tool("Edit/unknownTool"));
    assert!(!s.is_external_tool("codebase"));
}

#[test]
fn enum_values() {
    let claude = schema(Dialect::ClaudeAgent);
    let model = claude.field("model").expect("model");
    // Claude Code 2.1.332 reads aliases whatever their case and surrounding spaces.
    for ok in [
        "sonnet",
        "inherit",
        "claude-opus-4-5",
        "Sonnet",
        " INHERIT ",
    ] {
        assert!(claude.enum_accepts(model, ok), "{ok}");
    }
    for bad in ["gpt-4", "claude-"] {
        assert!(!claude.enum_accepts(model, bad), "{bad}");
    }
    let mode = claude.field("permissionMode").expect("permissionMode");
    assert!(mode.value("ignore").is_some_and(|v| v.deprecated.is_some()));
    assert_eq!(
        mode.value("manual").and_then(|v| v.since.as_deref()),
        Some("v2.1.200")
    );
    let color = claude.field("color").expect("color");
    assert!(!claude.enum_accepts(color, "magenta"));

    let oc = schema(Dialect::OpenCodeAgent);
    let color = oc.field("color").expect("color");
    for ok in ["#ff00AA", "accent"] {
        assert!(oc.enum_accepts(color, ok), "{ok}");
    }
    for bad in ["#ff00a", "red", "ff00aa"] {
        assert!(!oc.enum_accepts(color, bad), "{bad}");
    }
    let model = oc.field("model").expect("model");
    assert!(model.accepts("anthropic/claude-sonnet-4-5"));
    assert!(!model.accepts("claude-sonnet-4-5"));
    assert!(oc.field("permission").is_some_and(|f| f.accepts("deny")));
    assert_eq!(
        oc.field("maxSteps").and_then(|f| f.renamed_to.as_deref()),
        Some("steps")
    );

    let copilot = schema(Dialect::CopilotAgent);
    assert!(
        copilot
            .field("description")
            .is_some_and(|f| f.accepts("anything"))
    );
    assert_eq!(
        copilot
            .field("user-invokable")
            .and_then(|f| f.renamed_to.as_deref()),
        Some("user-invocable")
    );
}

#[test]
fn name_rules() {
    assert_eq!(NameRule::Claude.problem("code-reviewer2", None), None);
    assert!(NameRule::Claude.problem("-x", None).is_some());
    assert!(NameRule::Claude.problem("plugin:agent", None).is_some());
    assert!(NameRule::Claude.problem("Code Reviewer", None).is_some());
    assert_eq!(
        NameRule::Skill.problem("pdf-tools", Some("pdf-tools")),
        None
    );
    assert!(NameRule::Skill.problem("pdf-tools", Some("pdf")).is_some());
    assert!(NameRule::Skill.problem("pdf--tools", None).is_some());
    assert!(NameRule::Skill.problem("pdf-", None).is_some());
    assert!(NameRule::Skill.problem(&"a".repeat(65), None).is_some());
    assert_eq!(NameRule::Any.problem("Anything: goes", None), None);
    assert_eq!(NameRule::Identifier.problem("代码审查", None), None);
    assert_eq!(NameRule::Identifier.problem("Code_Reviewer-2", None), None);
    assert!(NameRule::Identifier.problem("r", None).is_some());
    assert!(
        NameRule::Identifier
            .problem(&"a".repeat(51), None)
            .is_some()
    );
    assert!(
        NameRule::Identifier
            .problem("code.reviewer", None)
            .is_some()
    );
    assert!(NameRule::Identifier.problem("_reviewer", None).is_some());
    assert!(NameRule::Identifier.problem("reviewer-", None).is_some());
}

/// The rules of [`did_you_mean`] written plainly (every candidate normalised, every distance
/// computed): the oracle for the length filter and the allocation-free forms.
fn did_you_mean_plain<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !is_separator(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    if let Some(c) = candidates
        .iter()
        .find(|c| c.to_lowercase() == word.to_lowercase())
    {
        return Some(c);
    }
    let n = norm(word);
    if n.is_empty() {
        return None;
    }
    if let Some(c) = candidates.iter().find(|c| norm(c) == n) {
        return Some(c);
    }
    let parts: Vec<String> = word
        .split(is_separator)
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    for len in (1..parts.len()).rev() {
        for w in parts.windows(len) {
            let joined = w.concat();
            if joined.chars().count() >= 3
                && let Some(c) = candidates.iter().find(|c| norm(c) == joined)
            {
                return Some(c);
            }
        }
    }
    let a: Vec<char> = n.chars().collect();
    let limit = (a.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let b: Vec<char> = norm(c).chars().collect();
        let d = osa_distance(&a, &b, &mut Vec::new());
        if d <= limit && best.is_none_or(|(x, _)| d < x) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

proptest::proptest! {
    #[test]
    fn did_you_mean_equals_its_plain_rules(
        word in "[A-Za-z_ -]{0,14}",
        extra in proptest::collection::vec("[A-Za-z_-]{1,12}", 0..6),
    ) {
        let mut candidates = vec!["Read", "Grep", "WebFetch", "mcpServers", "yellow", "code-reviewer"];
        candidates.extend(extra.iter().map(String::as_str));
        proptest::prop_assert_eq!(
            did_you_mean(&word, candidates.iter().copied()),
            did_you_mean_plain(&word, &candidates)
        );
    }
}

#[test]
fn did_you_mean_cases() {
    let claude = schema(Dialect::ClaudeAgent);
    let tools: Vec<&str> = claude.tool_names().collect();
    assert_eq!(did_you_mean("Grpe", tools.iter().copied()), Some("Grep"));
    assert_eq!(did_you_mean("read", tools.iter().copied()), Some("Read"));
    assert_eq!(
        did_you_mean("WebFetc", tools.iter().copied()),
        Some("WebFetch")
    );
    assert_eq!(did_you_mean("Frobnicate", tools.iter().copied()), None);

    let keys: Vec<&str> = claude.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        did_you_mean("mcp_servers", keys.iter().copied()),
        Some("mcpServers")
    );
    assert_eq!(
        did_you_mean("max-turns", keys.iter().copied()),
        Some("maxTurns")
    );
    assert_eq!(
        did_you_mean("disallowed-tools", keys.iter().copied()),
        Some("disallowedTools")
    );
    assert_eq!(
        did_you_mean("allowed-tools", keys.iter().copied()),
        Some("tools")
    );
    assert_eq!(
        did_you_mean("permision_mode", keys.iter().copied()),
        Some("permissionMode")
    );
    assert_eq!(did_you_mean("title", keys.iter().copied()), None);

    let colors: Vec<&str> = claude
        .field("color")
        .map(|f| f.values.iter().map(|v| v.value.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        did_you_mean("bright_yellow", colors.iter().copied()),
        Some("yellow")
    );
    assert_eq!(
        did_you_mean("light-blue", colors.iter().copied()),
        Some("blue")
    );
    assert_eq!(did_you_mean("grean", colors.iter().copied()), Some("green"));
    assert_eq!(did_you_mean("magenta", colors.iter().copied()), None);

    assert_eq!(did_you_mean("", ["a"]), None);
    assert_eq!(did_you_mean("--", ["a"]), None);
}

#[test]
fn osa_counts_transpositions_once() {
    let d = |a: &str, b: &str| {
        osa_distance(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
            &mut Vec::new(),
        )
    };
    assert_eq!(d("grpe", "grep"), 1);
    assert_eq!(d("", "abc"), 3);
    assert_eq!(d("kitten", "sitting"), 3);
    assert_eq!(d("ca", "abc"), 3);
}

#[test]
fn closest_name_prefers_the_nearest_name_to_a_part() {
    let agents = ["backend", "backend-dev", "backend-engineer", "frontend-dev"];
    // `did_you_mean` takes `backend`, a part of the word; among names the nearest wins.
    assert_eq!(
        did_you_mean("backend-deve", agents.iter().copied()),
        Some("backend")
    );
    assert_eq!(
        closest_name("backend-deve", agents.iter().copied()),
        Some("backend-dev")
    );
    assert_eq!(
        closest_name("backend-enginer", agents.iter().copied()),
        Some("backend-engineer")
    );
    assert_eq!(
        closest_name("Backend_Dev", agents.iter().copied()),
        Some("backend-dev")
    );
    assert_eq!(closest_name("slack-team", agents.iter().copied()), None);
}

#[test]
fn word_names_are_spelled_as_auggie_registers_them() {
    // Recorded in tests/conformance/augment: whitespace and other characters become one `-`.
    assert_eq!(word_name("Code Reviewer"), "Code-Reviewer");
    assert_eq!(word_name("reviewer.v2!"), "reviewer-v2-");
    assert_eq!(word_name("revisor-código"), "revisor-c-digo");
    assert_eq!(word_name("team:reviewer"), "team-reviewer");
    assert_eq!(word_name("  code_reviewer \t"), "code_reviewer");
    assert_eq!(word_name("a  -  b"), "a-b");
    assert_eq!(NameRule::Word.problem("code_Reviewer-2", None), None);
    assert_eq!(
        NameRule::Word.problem("Code Reviewer", None).as_deref(),
        Some("it is registered as `Code-Reviewer`: use only ASCII letters, digits, `-` and `_`")
    );
}
