use super::*;
use crate::analysis::cursor::tests::fixture;
use crate::analysis::hover;
use crate::analysis::{NamedItem, Settings, WorkspaceNames};
use crate::schema::Dialect;
use crate::schema::spec::FieldKind;
use std::ops::Range;

pub(super) fn run(
    dialect: Dialect,
    text: &str,
    trigger: Option<char>,
    settings: &Settings,
    workspace: &WorkspaceNames,
) -> Vec<CompletionItem> {
    let (doc, at) = fixture(text);
    let mut file = FileContext::bare(dialect);
    file.file_stem = Some("reviewer".into());
    file.folder = Some("pdf-tools".into());
    let env = Env {
        settings,
        workspace,
    };
    let mut items = complete(&doc, &file, env, at, trigger);
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    items
}

pub(super) fn items(dialect: Dialect, text: &str) -> Vec<CompletionItem> {
    run(
        dialect,
        text,
        None,
        &Settings::default(),
        &WorkspaceNames::default(),
    )
}

pub(super) fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

pub(super) fn find<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
    items
        .iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no `{label}` in {:?}", labels(items)))
}

/// The text after inserting `item` (snippet syntax left as is).
pub(super) fn apply(text: &str, item: &CompletionItem) -> String {
    let mut t = text.replace("$0", "");
    t.replace_range(item.replace.clone(), &item.insert_text);
    t
}

pub(super) fn workspace() -> WorkspaceNames {
    let mut w = WorkspaceNames {
        agents: vec![
            NamedItem {
                name: "code-reviewer".into(),
                description: Some("Reviews diffs for bugs.".into()),
            },
            NamedItem {
                name: "reviewer".into(),
                description: None,
            },
        ],
        skills: vec![
            NamedItem {
                name: "pdf".into(),
                description: Some("Work with PDF files.".into()),
            },
            NamedItem {
                name: "changelog".into(),
                description: None,
            },
        ],
        ..WorkspaceNames::default()
    };
    w.mcp_servers.insert("github".into());
    w.list_values.insert(
        "capabilities".into(),
        ["code-review", "testing"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    w
}

#[test]
fn keys_not_yet_present_with_docs() {
    let all = items(Dialect::ClaudeAgent, "---\nname: a\n$0\n---\nbody\n");
    let l = labels(&all);
    assert!(!l.contains(&"name"), "{l:?}");
    assert_eq!(l[0], "description", "required keys first: {l:?}");
    let text = "---\nname: a\nmo$0\n---\nbody\n";
    let it = items(Dialect::ClaudeAgent, text);
    // Narrowed to what was typed: prefixes first, then subsequences (`permissionMode`).
    let l = labels(&it);
    assert_eq!(l[0], "model", "{l:?}");
    assert!(
        !l.contains(&"description") && l.contains(&"permissionMode"),
        "{l:?}"
    );
    let model = find(&it, "model");
    assert_eq!(model.replace, 12..14);
    assert!(model.is_snippet());
    assert_eq!(
        apply(text, model),
        "---\nname: a\nmodel: ${1|inherit,sonnet,opus,haiku,fable,best,opusplan,sonnet[1m],opus[1m],fable[1m],opusplan[1m]|}\n---\nbody\n"
    );
    assert!(
        model
            .documentation
            .as_ref()
            .unwrap()
            .contains("Which model")
    );
    let it = all;
    let memory = find(&it, "memory");
    assert!(memory.detail.as_ref().unwrap().contains("since v2.1.33"));
    assert!(
        find(&it, "tools").insert_text == "tools: $0",
        "Claude Code writes tools as a comma string"
    );
    assert_eq!(find(&it, "skills").insert_text, "skills:\n  - $0");
    assert_eq!(
        find(&it, "background").insert_text,
        "background: ${1|true,false|}"
    );
    assert_eq!(find(&it, "hooks").insert_text, "hooks:\n  $0");
}

#[test]
fn key_before_an_existing_colon() {
    let it = items(Dialect::ClaudeAgent, "---\nmo$0: x\n---\n");
    assert_eq!(find(&it, "model").insert_text, "model");
    assert!(!find(&it, "model").is_snippet());
}

#[test]
fn dialect_forms_and_deprecated_keys() {
    let it = items(Dialect::CopilotAgent, "---\ndescription: x\n$0\n---\n");
    assert_eq!(find(&it, "tools").insert_text, "tools: [$0]");
    assert_eq!(find(&it, "agents").insert_text, "agents: [$0]");
    assert_eq!(
        find(&it, "handoffs").insert_text,
        "handoffs:\n  - label: $1\n    agent: $2$0"
    );
    let infer = find(&it, "infer");
    assert!(infer.deprecated);
    assert!(find(&it, "user-invokable").deprecated);
    assert_eq!(
        it.last().map(|i| i.deprecated),
        Some(true),
        "deprecated keys last"
    );
    let it = items(Dialect::OpenCodeAgent, "---\n$0\n---\n");
    assert_eq!(
        find(&it, "mode").insert_text,
        "mode: ${1|primary,subagent,all|}"
    );
    assert!(find(&it, "tools").deprecated);
    assert!(find(&it, "maxSteps").deprecated);
    let it = items(Dialect::ClaudeSkill, "---\nna$0\n---\n");
    assert_eq!(find(&it, "name").insert_text, "name: ${0:pdf-tools}");
}

#[test]
fn custom_and_workspace_keys() {
    let settings = Settings::from_toml(
        "[custom-keys]\ncomplexity = { type = \"string\", values = [\"low\", \"high\"], doc = \"How hard.\" }\nauto_activate = \"boolean\"\n",
    )
    .unwrap();
    let it = run(
        Dialect::ClaudeAgent,
        "---\nname: a\n$0\n---\n",
        None,
        &settings,
        &workspace(),
    );
    assert_eq!(
        find(&it, "complexity").insert_text,
        "complexity: ${1|low,high|}"
    );
    assert!(
        find(&it, "complexity")
            .documentation
            .as_ref()
            .unwrap()
            .contains("How hard.")
    );
    assert_eq!(
        find(&it, "auto_activate").insert_text,
        "auto_activate: ${1|true,false|}"
    );
    assert_eq!(
        find(&it, "capabilities").insert_text,
        "capabilities:\n  - $0"
    );
    let it = run(
        Dialect::ClaudeAgent,
        "---\ncomplexity: $0\n---\n",
        None,
        &settings,
        &workspace(),
    );
    assert_eq!(labels(&it), ["low", "high"]);
}

#[test]
fn header_snippet_for_a_new_file() {
    let it = items(Dialect::ClaudeAgent, "$0");
    assert_eq!(it.len(), 1);
    assert!(it[0].is_snippet());
    assert!(
        it[0]
            .insert_text
            .starts_with("---\nname: ${1:reviewer}\ndescription: "),
        "{}",
        it[0].insert_text
    );
    assert!(it[0].insert_text.ends_with("---\n\n$0"));
    let text = "--$0\n# Title\n";
    let it = run(
        Dialect::CopilotAgent,
        text,
        Some('-'),
        &Settings::default(),
        &WorkspaceNames::default(),
    );
    assert_eq!(it[0].replace, 0..2);
    assert!(it[0].insert_text.contains("tools: ["));
    let it = items(Dialect::OpenCodeAgent, "---$0");
    assert!(
        it[0]
            .insert_text
            .contains("mode: ${2|subagent,primary,all|}")
    );
}

#[test]
fn enum_values_replace_the_partial_word() {
    let text = "---\nname: a\ncolor: $0\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    assert_eq!(
        labels(&it),
        [
            "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"
        ]
    );
    let text = "---\nmodel: so$0\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    let sonnet = find(&it, "sonnet");
    assert_eq!(apply(text, sonnet), "---\nmodel: sonnet\n---\n");
    assert_eq!(sonnet.kind, CompletionKind::Model);
    assert!(sonnet.documentation.as_ref().unwrap().contains("Sonnet"));
    let it = items(Dialect::ClaudeAgent, "---\npermissionMode: $0\n---\n");
    let ignore = find(&it, "ignore");
    assert!(ignore.deprecated);
    assert_eq!(it.last().unwrap().label, "ignore");
    let it = items(Dialect::ClaudeAgent, "---\nbackground: $0\n---\n");
    assert_eq!(labels(&it), ["true", "false"]);
    let it = items(Dialect::OpenCodeAgent, "---\nmode: $0\n---\n");
    assert_eq!(labels(&it), ["primary", "subagent", "all"]);
    let it = items(Dialect::CopilotAgent, "---\ntarget: $0\n---\n");
    assert_eq!(labels(&it), ["vscode", "github-copilot"]);
    for (key, value) in [
        ("effort", "xhigh"),
        ("memory", "project"),
        ("isolation", "worktree"),
    ] {
        let it = items(Dialect::ClaudeAgent, &format!("---\n{key}: $0\n---\n"));
        find(&it, value);
    }
    let text = "---\ncolor: \"bl$0\"\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    assert_eq!(
        apply(text, find(&it, "blue")),
        "---\ncolor: \"blue\"\n---\n"
    );
}

#[test]
fn glued_values_get_a_space() {
    let text = "---\nmodel:$0\n---\n";
    let it = run(
        Dialect::ClaudeAgent,
        text,
        Some(':'),
        &Settings::default(),
        &WorkspaceNames::default(),
    );
    assert_eq!(apply(text, find(&it, "opus")), "---\nmodel: opus\n---\n");
}

#[test]
fn tools_in_a_comma_string() {
    let text = "---\nname: a\ntools: Read, Gr$0\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    let l = labels(&it);
    assert!(!l.contains(&"Read"), "already listed");
    for hidden in ["MultiEdit", "LS", "Task", "View", "SlashCommand"] {
        assert!(!l.contains(&hidden), "{hidden} is renamed or removed");
    }
    let grep = find(&it, "Grep");
    assert_eq!(apply(text, grep), "---\nname: a\ntools: Read, Grep\n---\n");
    assert!(
        grep.documentation
            .as_ref()
            .unwrap()
            .contains("regular expressions")
    );
    let it = items(Dialect::ClaudeAgent, "---\nname: a\ntools: Read, $0\n---\n");
    assert!(find(&it, "TodoWrite").deprecated);
    assert_eq!(it.last().map(|i| i.deprecated), Some(true));
    let text = "---\ntools: Read,$0\n---\n";
    let it = run(
        Dialect::ClaudeAgent,
        text,
        Some(','),
        &Settings::default(),
        &WorkspaceNames::default(),
    );
    assert_eq!(
        apply(text, find(&it, "Glob")),
        "---\ntools: Read, Glob\n---\n"
    );
    // disallowedTools too, and the tool under the cursor counts as not listed.
    let it = items(
        Dialect::ClaudeAgent,
        "---\ndisallowedTools: Bash(git *), Wri$0te\n---\n",
    );
    assert!(labels(&it).contains(&"Write"));
    assert!(!labels(&it).contains(&"Bash"));
}

#[test]
fn a_tool_set_is_a_name_other_tools_start_with_followed_by_a_slash() {
    let it = items(Dialect::CopilotAgent, "---\ntools: [$0]\n---\n");
    let detail = |label: &str| find(&it, label).detail.clone().unwrap_or_default();
    assert_eq!(detail("edit"), "tool set");
    assert_eq!(detail("edit/editFiles"), "tool");
    // `todos` starts with `todo`, but not `todo/`.
    assert_eq!(detail("todo"), "tool");
    let doc = |label: &str| find(&it, label).documentation.clone().unwrap_or_default();
    assert!(
        doc("edit").starts_with("**`edit`** · tool set"),
        "{}",
        doc("edit")
    );
    assert!(
        doc("todo").starts_with("**`todo`** · tool"),
        "{}",
        doc("todo")
    );
    assert!(!doc("todo").starts_with("**`todo`** · tool set"));
}

#[test]
fn tools_in_lists_keep_the_style() {
    let text = "---\ntools:\n  - Read\n  - $0\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    assert!(!labels(&it).contains(&"Read"));
    assert_eq!(
        apply(text, find(&it, "Grep")),
        "---\ntools:\n  - Read\n  - Grep\n---\n"
    );
    let text = "---\ntools: ['read', 'edit', $0]\n---\n";
    let it = items(Dialect::CopilotAgent, text);
    let l = labels(&it);
    assert!(!l.contains(&"read") && !l.contains(&"edit"), "{l:?}");
    assert_eq!(
        apply(text, find(&it, "search")),
        "---\ntools: ['read', 'edit', 'search']\n---\n"
    );
    assert_eq!(
        apply(text, find(&it, "edit/editFiles")),
        "---\ntools: ['read', 'edit', 'edit/editFiles']\n---\n"
    );
    let text = "---\ntools: [$0]\n---\n";
    let it = items(Dialect::CopilotAgent, text);
    assert_eq!(apply(text, find(&it, "*")), "---\ntools: [\"*\"]\n---\n");
    assert!(find(&it, "codebase").deprecated);
    let text = "---\ntools: [\"ed$0\"]\n---\n";
    let it = items(Dialect::CopilotAgent, text);
    assert_eq!(
        apply(text, find(&it, "edit")),
        "---\ntools: [\"edit\"]\n---\n"
    );
    // Case-insensitive names: `Read` is Copilot's `read`.
    let it = items(
        Dialect::CopilotAgent,
        "---\ntools:\n  - Read\n  - $0\n---\n",
    );
    assert!(!labels(&it).contains(&"read"));
}

#[test]
fn mcp_and_extra_tools() {
    let settings = Settings {
        extra_tools: vec!["InternalSearch".into()],
        ..Settings::default()
    };
    let text = "---\nmcpServers:\n  - slack\n  - jira:\n      type: stdio\ntools: Read, $0\n---\n";
    let it = run(Dialect::ClaudeAgent, text, None, &settings, &workspace());
    let l = labels(&it);
    for want in [
        "mcp__github__*",
        "mcp__slack__*",
        "mcp__jira__*",
        "InternalSearch",
    ] {
        assert!(l.contains(&want), "{want} in {l:?}");
    }
    let it = run(
        Dialect::CopilotAgent,
        "---\ntools: [$0]\n---\n",
        None,
        &settings,
        &workspace(),
    );
    assert!(labels(&it).contains(&"github/*"));
    let it = run(
        Dialect::ClaudeAgent,
        "---\nmcpServers:\n  - $0\n---\n",
        None,
        &settings,
        &workspace(),
    );
    assert_eq!(labels(&it), ["github"]);
}

#[test]
fn agent_names_in_agent_parentheses() {
    let text = "---\nname: reviewer\ntools: Read, Agent($0\n---\n";
    let it = run(
        Dialect::ClaudeAgent,
        text,
        Some('('),
        &Settings::default(),
        &workspace(),
    );
    // The workspace's agents, then every built-in agent of the schema data.
    assert_eq!(
        labels(&it),
        [
            "code-reviewer",
            "general-purpose",
            "Explore",
            "Plan",
            "claude",
            "statusline-setup",
            "claude-code-guide",
            "web-fetch"
        ]
    );
    let text = "---\ntools: Agent(Explore,$0)\n---\n";
    let it = run(
        Dialect::ClaudeAgent,
        text,
        Some(','),
        &Settings::default(),
        &workspace(),
    );
    assert!(!labels(&it).contains(&"Explore"));
    assert_eq!(
        apply(text, find(&it, "Plan")),
        "---\ntools: Agent(Explore, Plan)\n---\n"
    );
    let it = run(
        Dialect::ClaudeAgent,
        "---\ntools: Skill($0)\n---\n",
        None,
        &Settings::default(),
        &workspace(),
    );
    assert_eq!(labels(&it), ["pdf", "changelog"]);
}

#[test]
fn skills_agents_and_handoffs() {
    let ws = workspace();
    let s = Settings::default();
    let it = run(
        Dialect::ClaudeAgent,
        "---\nskills:\n  - pdf\n  - $0\n---\n",
        None,
        &s,
        &ws,
    );
    assert_eq!(labels(&it), ["changelog"]);
    let it = run(
        Dialect::CopilotAgent,
        "---\nname: lead\nhandoffs:\n  - label: Review\n    agent: $0\n---\n",
        None,
        &s,
        &ws,
    );
    assert_eq!(
        labels(&it),
        ["code-reviewer", "reviewer", "agent", "ask", "plan"]
    );
    let it = run(
        Dialect::CopilotAgent,
        "---\nhandoffs:\n  - label: Review\n    $0\n---\n",
        None,
        &s,
        &ws,
    );
    assert_eq!(labels(&it)[0], "agent");
    assert!(!labels(&it).contains(&"label"));
    let it = run(
        Dialect::CopilotAgent,
        "---\nagents: [$0]\n---\n",
        None,
        &s,
        &ws,
    );
    assert!(labels(&it).contains(&"*"));
    let it = run(
        Dialect::ClaudeSkill,
        "---\ncontext: fork\nagent: $0\n---\n",
        None,
        &s,
        &ws,
    );
    assert!(labels(&it).contains(&"Explore"));
    assert!(labels(&it).contains(&"code-reviewer"));
}

#[test]
fn capabilities_from_workspace_and_settings() {
    let settings = Settings {
        capabilities: vec!["security".into()],
        ..Settings::default()
    };
    let it = run(
        Dialect::ClaudeAgent,
        "---\ncapabilities:\n  - testing\n  - $0\n---\n",
        None,
        &settings,
        &workspace(),
    );
    assert_eq!(labels(&it), ["security", "code-review"]);
}

#[test]
fn skills_take_space_separated_tools() {
    let text = "---\nallowed-tools: Read Gr$0\n---\n";
    let it = items(Dialect::ClaudeSkill, text);
    assert!(!labels(&it).contains(&"Read"));
    assert_eq!(
        apply(text, find(&it, "Grep")),
        "---\nallowed-tools: Read Grep\n---\n"
    );
}

#[test]
fn opencode_permission_map() {
    let it = items(
        Dialect::OpenCodeAgent,
        "---\npermission:\n  edit: ask\n  $0\n---\n",
    );
    let l = labels(&it);
    assert!(l.contains(&"bash") && !l.contains(&"edit"), "{l:?}");
    assert_eq!(find(&it, "bash").insert_text, "bash: ${1|ask,allow,deny|}");
    let it = items(
        Dialect::OpenCodeAgent,
        "---\npermission:\n  bash:\n    \"git *\": $0\n---\n",
    );
    assert_eq!(labels(&it), ["ask", "allow", "deny"]);
    let it = items(Dialect::OpenCodeAgent, "---\ntools:\n  write: $0\n---\n");
    assert_eq!(labels(&it), ["true", "false"]);
}

#[test]
fn works_with_broken_yaml_elsewhere() {
    let text = "---\nname: a\ndescription: Use when: the user asks: twice\n  - [broken\ntools: Read, Gr$0\nmodel: x\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    assert!(labels(&it).contains(&"Grep"));
    let it = items(Dialect::ClaudeAgent, "---\nname: [unclosed\nmo$0\n---\n");
    assert!(labels(&it).contains(&"model"));
    // Unterminated frontmatter while typing.
    let it = items(Dialect::ClaudeAgent, "---\nname: a\nmodel: $0");
    assert!(labels(&it).contains(&"opus"));
}

#[test]
fn trigger_characters_do_not_spam() {
    let s = Settings::default();
    let w = WorkspaceNames::default();
    let t = |text: &str, c: char| run(Dialect::ClaudeAgent, text, Some(c), &s, &w);
    assert!(t("---\nname: a\n---\nSome text $0\n", ' ').is_empty());
    assert!(t("---\ndescription: Use this $0\n---\n", ' ').is_empty());
    assert!(t("---\nname: a\n $0\n---\n", ' ').is_empty());
    assert!(!t("---\ntools: Read, $0\n---\n", ' ').is_empty());
    assert!(!t("---\nmodel: $0\n---\n", ' ').is_empty());
    assert!(!t("---\ntools:\n  - $0\n---\n", ' ').is_empty());
    assert!(!t("---\nmodel:$0\n---\n", ':').is_empty());
    assert!(t("---\nname: a\n---\n- $0\n", '-').is_empty());
    assert!(t("---\ntools: Read, Bash(git:$0\n---\n", ':').is_empty());
    assert!(t("---\nname: a\n---\n@$0\n", '@').is_empty());
    assert!(t("---\nname: a\n---\n$0", ':').is_empty());
}

/// Every position of interest in every frontmatter of the shared corpus: no panic, and the
/// keys the schema knows all have a hover.
#[test]
fn corpus_sweep() {
    // Fails, saying where it looked, when the corpus is missing: never a silent pass.
    let root = agentls_test_support::corpus_dir();
    let mut files = 0;
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Some(dialect) =
                crate::schema::classify(&path, &crate::schema::plugin_manifest_exists)
            else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            sweep_file(&path, dialect, &text);
        }
    }
    assert!(files > 600, "{files} corpus files");
}

fn sweep_file(path: &std::path::Path, dialect: Dialect, text: &str) {
    let file = FileContext::from_path(path, dialect);
    let doc = Document::new(text);
    let env = Env::empty();
    let end = doc.scan().body_start().min(text.len());
    // Free text (descriptions, prompts) has nothing to complete: skip it.
    let prose: Vec<Range<usize>> = doc
        .yaml()
        .entries
        .iter()
        .filter(|e| {
            spec::schema(dialect)
                .field(&e.key)
                .is_some_and(|f| f.kind == FieldKind::String)
        })
        .filter_map(|e| e.value.as_ref().map(|v| v.range.clone()))
        .collect();
    let mut offsets = Vec::new();
    for (i, c) in text[..end].char_indices() {
        if prose.iter().any(|r| r.contains(&i)) {
            continue;
        }
        if matches!(c, '\n' | ':' | ',' | '-' | '[' | '(') {
            offsets.push(i);
            offsets.push(i + c.len_utf8());
        }
    }
    offsets.push(end);
    for at in offsets {
        let items = complete(&doc, &file, env, at, None);
        for item in &items {
            assert!(item.replace.start <= item.replace.end && item.replace.end <= text.len());
        }
        let _ = hover::hover(&doc, &file, env, at);
    }
    let schema = spec::schema(dialect);
    for e in &doc.yaml().entries {
        if schema.field(&e.key).is_some() {
            let h = hover::hover(&doc, &file, env, e.key_range.start)
                .unwrap_or_else(|| panic!("no hover on `{}` in {}", e.key, path.display()));
            assert!(
                h.markdown.starts_with(&format!("**`{}`**", e.key)),
                "{}",
                h.markdown
            );
        }
    }
}
