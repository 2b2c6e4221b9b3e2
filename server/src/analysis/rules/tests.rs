use std::path::Path;

use super::super::{Env, FileContext, Settings, WorkspaceNames, diagnostics};
use crate::schema::classify;
use crate::syntax::Document;

/// (path, text, expected `code@text-at-range` in order); the path decides the dialect.
const CASES: &[(&str, &str, &[&str])] = &[
    // Claude Code agents.
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: Read, Grpe\n---\n",
        &["unknown-tool@Grpe"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: read\n---\n",
        &["unknown-tool@read", "no-tools@read"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: []\n---\n",
        &["no-tools@[]"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: Task, MultiEdit\n---\n",
        &["renamed-tool@Task", "removed-tool@MultiEdit"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: Bash(git:*), Agent(x, y), WebFetch(domain:a.com)\n---\n",
        &[],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: WebSearch(x), WebFetch(a.com)\n---\n",
        &[
            "invalid-tool-rule@WebSearch(x)",
            "invalid-tool-rule@WebFetch(a.com)",
        ],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: Read, mcp__github__create_issue\n---\n",
        &["unknown-mcp-server@mcp__github__create_issue"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools: Read, Bash\ndisallowedTools: Bash\n---\n",
        &["tool-conflict@Bash"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\ntools:\n  - Read\n---\n",
        &["tools-form@tools"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\nmodel: sonet\ncolor: bright_yellow\n---\n",
        &["invalid-value@sonet", "invalid-value@bright_yellow"],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\nmodel: claude-opus-4-5\npermissionMode: plan\neffort: high\nmemory: user\nisolation: worktree\nbackground: true\nmaxTurns: 5\n---\n",
        &[],
    ),
    (
        "/p/.claude/agents/a.md",
        // Claude Code reads `"5"` as 5 (parseInt), and `yes please` as no boolean.
        "---\nname: a\ndescription: d\nmaxTurns: \"5\"\nmaxTurns: many\nbackground: yes please\n---\n",
        &[
            "duplicate-key@maxTurns",
            "invalid-type@many",
            "invalid-type@yes please",
        ],
    ),
    (
        "/p/.claude/agents/a.md",
        "---\nname: a\ndescription: d\nmcp_servers: []\nallowed-tools: Read\nmodel:\n---\n",
        &[
            "unknown-key@mcp_servers",
            "unknown-key@allowed-tools",
            "empty-value@model",
        ],
    ),
    (
        "/p/.claude/agents/b.md",
        "---\nname: a\ndescription: d\n---\n",
        &["name-mismatch@a"],
    ),
    // Claude Code skills and commands.
    (
        "/p/.claude/skills/pdf/SKILL.md",
        "---\nname: pdf\ndescription: d\nallowed-tools: Read Grep Bash(git *)\ncontext: fork\nagent: Explore\n---\n",
        &[],
    ),
    (
        "/p/.claude/skills/pdf/SKILL.md",
        "---\nname: pdfs\ndescription: d\n---\n",
        &["name-mismatch@pdfs"],
    ),
    (
        "/p/.claude/skills/pdf/SKILL.md",
        "---\nname: pdf\n---\n",
        &["missing-key@---"],
    ),
    (
        "/p/.claude/commands/c.md",
        "---\ndescription: d\nallowed-tools: Bash(git add:*), Bash(git status:*)\nargument-hint: '[n]'\n---\n",
        &[],
    ),
    // GitHub Copilot.
    (
        "/p/.github/agents/x.agent.md",
        "---\ndescription: d\ntools: ['edit/editFiles', 'github/*', 'search', 'Bash']\ntarget: vscode\n---\n",
        &[],
    ),
    (
        "/p/.github/agents/x.agent.md",
        "---\ndescription: d\ntools: ['editFilez']\ntarget: vs-code\ninfer: false\nmcpServers: {}\n---\n",
        &[
            "unknown-tool@editFilez",
            "invalid-value@vs-code",
            "deprecated-key@infer",
            "unknown-key@mcpServers",
        ],
    ),
    (
        "/p/.github/agents/x.agent.md",
        "---\ndescription: d\nhandoffs:\n  - label: Go\n    agent: plan\n  - labl: x\n---\n",
        &["missing-key@", "unknown-key@labl", "missing-key@"],
    ),
    (
        "/p/.github/agents/x.agent.md",
        "---\ndescription: d\ntools: edit, search\n---\n",
        &["tools-form@tools"],
    ),
    // The Copilot CLI refuses non-string items and a string where it wants a list.
    (
        "/p/.github/agents/x.agent.md",
        "---\ndescription: d\nmodel: [gpt-5, 4]\nskills: docs\n---\n",
        &["invalid-type@4", "invalid-type@docs"],
    ),
    // OpenCode.
    (
        "/p/.opencode/agent/r.md",
        "---\ndescription: d\nmode: subagent\ntemperature: 0.2\ncolor: '#FF0000'\npermission:\n  edit: deny\n---\n",
        &[],
    ),
    (
        "/p/.opencode/agent/r.md",
        "---\ndescription: d\nmode: sub\nmaxSteps: 3\npermissions: {}\n---\n",
        &[
            "invalid-value@sub",
            "deprecated-key@maxSteps",
            "unknown-key@permissions",
        ],
    ),
    // The values inside a permission map and a `tools` map (both refuse OpenCode's and Kilo
    // Code's configuration); `read:` with no value is no action either.
    (
        "/p/.opencode/agent/r.md",
        "---\ndescription: d\npermission:\n  edit: alow\n  bash:\n    \"*\": ask\n    \"git *\": yes\n  read:\ntools:\n  write: false\n  read: allow\n---\n",
        &[
            "invalid-value@alow",
            "invalid-value@yes",
            "invalid-type@read",
            "deprecated-key@tools",
            "invalid-type@allow",
        ],
    ),
    (
        "/p/.kilo/agents/r.md",
        "---\ndescription: d\npermission:\n  task:\n    \"*\": deny\n    explore: allow\n---\n",
        &[],
    ),
];

fn run(path: &str, text: &str, settings: &Settings) -> Vec<String> {
    let dialect = classify(Path::new(path), &|_| false).expect(path);
    let file = FileContext::from_path(Path::new(path), dialect);
    let doc = Document::new(text);
    let workspace = WorkspaceNames::default();
    diagnostics(
        &doc,
        &file,
        Env {
            settings,
            workspace: &workspace,
        },
    )
    .iter()
    .map(|d| format!("{}@{}", d.code, &text[d.range.clone()]))
    .collect()
}

#[test]
fn table() {
    let settings = Settings::default();
    let mut failures = Vec::new();
    for (path, text, expected) in CASES {
        let got = run(path, text, &settings);
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        let mut got_sorted = got.clone();
        want.sort();
        got_sorted.sort();
        if got_sorted != want {
            failures.push(format!(
                "{path}\n{text}\n  expected {want:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn settings_change_the_verdicts() {
    let text = "---\nname: a\ndescription: d\ncomplexity: hgh\nversion: 2\ntools: Read, InternalSearch\n---\n";
    let path = "/p/.claude/agents/a.md";
    assert_eq!(
        run(path, text, &Settings::default()),
        [
            "unknown-key@complexity",
            "unknown-key@version",
            "unknown-tool@InternalSearch"
        ]
    );
    let settings = Settings::from_toml(
        "extra-tools = [\"InternalSearch\"]\n[custom-keys]\ncomplexity = { type = \"string\", values = [\"low\", \"high\"] }\nversion = \"string\"\n[severity]\nunknown-key = \"off\"\n",
    )
    .unwrap();
    assert_eq!(run(path, text, &settings), ["invalid-value@hgh"]);
}

#[test]
fn learned_team_keys_are_quiet_and_typos_are_warned() {
    use crate::analysis::Severity;
    use crate::analysis::team_keys::TeamKey;
    use crate::schema::Dialect;
    let text =
        "---\nname: a\ndescription: d\ncomplexity: low\nauto_activate: true\ndescripton: x\n---\n";
    let path = "/p/.claude/agents/a.md";
    let file = FileContext::from_path(Path::new(path), Dialect::ClaudeAgent);
    let doc = Document::new(text);
    let learned = |key: &str| {
        let k = TeamKey {
            files: 3,
            examples: Vec::new(),
            learned: true,
        };
        ((Dialect::ClaudeAgent, key.to_string()), k)
    };
    let workspace = WorkspaceNames {
        team_keys: [learned("complexity")].into_iter().collect(),
        ..WorkspaceNames::default()
    };
    let settings = Settings::default();
    let env = Env {
        settings: &settings,
        workspace: &workspace,
    };
    let diags = diagnostics(&doc, &file, env);
    let got: Vec<String> = diags
        .iter()
        .map(|d| format!("{}@{} {:?}", d.code, &text[d.range.clone()], d.severity))
        .collect();
    // The learned key is quiet; a key of this file alone is still hinted; the typo is a warning.
    assert_eq!(
        got,
        [
            "unknown-key@auto_activate Hint",
            "unknown-key@descripton Warning"
        ]
    );
    let typo = &diags[1];
    assert_eq!(typo.severity, Severity::Warning);
    assert!(
        typo.message.contains("Did you mean `description`?"),
        "{}",
        typo.message
    );
    assert_eq!(typo.fixes[0].title, "Rename to `description`");
}

#[test]
fn legacy_tools_can_be_renamed_all_at_once() {
    let text = "---\nname: a\ndescription: d\ntools: Task, KillShell, Read\n---\n";
    let dialect = classify(Path::new("/p/.claude/agents/a.md"), &|_| false).unwrap();
    let file = FileContext::from_path(Path::new("/p/.claude/agents/a.md"), dialect);
    let doc = Document::new(text);
    let diags = diagnostics(&doc, &file, Env::empty());
    let renamed: Vec<_> = diags.iter().filter(|d| d.code == "renamed-tool").collect();
    assert_eq!(renamed.len(), 2, "{diags:#?}");
    let all = renamed[0]
        .fixes
        .iter()
        .find(|f| f.title.starts_with("Rename all"))
        .expect("rename-all fix");
    let mut fixed = text.to_string();
    let mut edits = all.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        fixed.replace_range(e.range, &e.new_text);
    }
    assert_eq!(
        fixed,
        "---\nname: a\ndescription: d\ntools: Agent, TaskStop, Read\n---\n"
    );
}

use crate::analysis::{Diagnostic, Fix, Severity};

fn agent_diags(text: &str) -> Vec<Diagnostic> {
    let path = Path::new("/p/.claude/agents/a.md");
    let dialect = classify(path, &|_| false).unwrap();
    let file = FileContext::from_path(path, dialect);
    diagnostics(&Document::new(text), &file, Env::empty())
}

fn applied(text: &str, fix: &Fix) -> String {
    let mut out = text.to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        out.replace_range(e.range, &e.new_text);
    }
    out
}

fn only_fix(diags: &[Diagnostic], code: &str) -> Fix {
    let d = diags
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {diags:#?}"));
    assert_eq!(d.fixes.len(), 1, "{d:#?}");
    d.fixes[0].clone()
}

#[test]
fn replacing_a_legacy_tool_already_listed_removes_it() {
    let text = "---\nname: a\ndescription: d\ntools: Edit, MultiEdit, Read\n---\n";
    let diags = agent_diags(text);
    let fix = only_fix(&diags, "removed-tool");
    assert_eq!(fix.title, "Remove `MultiEdit` (`Edit` is already listed)");
    assert!(
        diags[0]
            .message
            .ends_with("`Edit` is already listed: remove `MultiEdit`.")
    );
    assert_eq!(
        applied(text, &fix),
        "---\nname: a\ndescription: d\ntools: Edit, Read\n---\n"
    );
    // Last in the list: the separator before it goes.
    let text = "---\nname: a\ndescription: d\ntools: [Edit, 'MultiEdit']\n---\n";
    let fix = only_fix(&agent_diags(text), "removed-tool");
    assert_eq!(
        applied(text, &fix),
        "---\nname: a\ndescription: d\ntools: [Edit]\n---\n"
    );
    // A block list: the whole line.
    let text = "---\nname: a\ndescription: d\ntools:\n  - Agent\n  - Task\n---\n";
    let fix = only_fix(&agent_diags(text), "renamed-tool");
    assert!(fix.safe && fix.preferred);
    assert_eq!(
        applied(text, &fix),
        "---\nname: a\ndescription: d\ntools:\n  - Agent\n---\n"
    );
    // Not listed: still a rename.
    let text = "---\nname: a\ndescription: d\ntools: MultiEdit, Read\n---\n";
    let fix = only_fix(&agent_diags(text), "removed-tool");
    assert_eq!(fix.title, "Replace with `Edit`");
}

#[test]
fn did_you_mean_a_listed_tool_removes_the_typo() {
    let text = "---\nname: a\ndescription: d\ntools: Grpe, Grep\n---\n";
    let diags = agent_diags(text);
    assert!(
        diags[0]
            .message
            .ends_with("It is already listed: remove this entry.")
    );
    let fix = only_fix(&diags, "unknown-tool");
    assert_eq!(
        applied(text, &fix),
        "---\nname: a\ndescription: d\ntools: Grep\n---\n"
    );
}

#[test]
fn copilot_suggests_no_tool_already_listed() {
    let path = Path::new("/p/.github/agents/a.agent.md");
    let dialect = classify(path, &|_| false).unwrap();
    let file = FileContext::from_path(path, dialect);
    let text = "---\ndescription: d\ntools: ['search', 'search_issues']\n---\n";
    let diags = diagnostics(&Document::new(text), &file, Env::empty());
    let d = diags.iter().find(|d| d.code == "unknown-tool").unwrap();
    assert!(!d.message.contains("Did you mean"), "{}", d.message);
    assert!(d.fixes.is_empty());
}

#[test]
fn a_tool_listed_twice_is_reported_with_a_removal() {
    let text = "---\nname: a\ndescription: d\ntools: Read, Grep, Read\n---\n";
    let diags = agent_diags(text);
    let dups: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "duplicate-tool")
        .collect();
    assert_eq!(dups.len(), 1, "{diags:#?}");
    assert_eq!(dups[0].severity, Severity::Warning);
    assert_eq!(&text[dups[0].range.clone()], "Read");
    assert_eq!(dups[0].range.start, text.rfind("Read").unwrap());
    let fix = only_fix(&diags, "duplicate-tool");
    assert!(fix.safe && fix.preferred);
    let fixed = applied(text, &fix);
    assert_eq!(
        fixed,
        "---\nname: a\ndescription: d\ntools: Read, Grep\n---\n"
    );
    assert!(agent_diags(&fixed).is_empty());
    // Different rules of one tool are not duplicates.
    let text = "---\nname: a\ndescription: d\ntools: Bash(git *), Bash(npm *)\n---\n";
    assert!(!agent_diags(text).iter().any(|d| d.code == "duplicate-tool"));
}

#[test]
fn a_tool_replaced_by_several_offers_each() {
    let text = "---\nname: a\ndescription: d\ntools: TodoWrite, Read\n---\n";
    let diags = agent_diags(text);
    let d = diags.iter().find(|d| d.code == "deprecated-tool").unwrap();
    let titles: Vec<_> = d.fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Replace with `TaskCreate`",
            "Replace with `TaskGet`",
            "Replace with `TaskList`",
            "Replace with `TaskUpdate`"
        ]
    );
    assert!(
        d.message
            .ends_with("Use `TaskCreate`, `TaskGet`, `TaskList` or `TaskUpdate`."),
        "{}",
        d.message
    );
    // One of them listed already: removing `TodoWrite` comes first.
    let text = "---\nname: a\ndescription: d\ntools: TodoWrite, TaskList\n---\n";
    let diags = agent_diags(text);
    let d = diags.iter().find(|d| d.code == "deprecated-tool").unwrap();
    assert_eq!(d.fixes.len(), 4);
    assert_eq!(
        d.fixes[0].title,
        "Remove `TodoWrite` (`TaskList` is already listed)"
    );
    assert_eq!(
        applied(text, &d.fixes[0]),
        "---\nname: a\ndescription: d\ntools: TaskList\n---\n"
    );
}

#[test]
fn an_agent_named_apart_from_its_file_can_take_the_file_name() {
    // The file is `a.md` (see `agent_diags`).
    let text = "---\nname: backend-dev\ndescription: d\n---\n";
    let fix = only_fix(&agent_diags(text), "name-mismatch");
    assert_eq!(fix.title, "Change `name:` to `a`");
    // Not applied by `check --fix`: the file rename is as likely what is meant.
    assert!(!fix.preferred);
    assert_eq!(applied(text, &fix), "---\nname: a\ndescription: d\n---\n");
}
