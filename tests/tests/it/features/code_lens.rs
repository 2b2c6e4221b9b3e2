use expect_test::expect;
use serde_json::json;

use super::*;

fn lenses(server: &mut Server, ws: &Workspace, rel: &str, text: &str) -> String {
    let uri = ws.uri(rel);
    server.open(&uri, text);
    let result = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let root = file_uri(&ws.root());
    result
        .as_array()
        .expect("a list of lenses")
        .iter()
        .map(|l| {
            let c = &l["command"];
            let places: Vec<String> = c["arguments"][2]
                .as_array()
                .expect("the places")
                .iter()
                .map(|p| {
                    let uri = p["uri"].as_str().unwrap();
                    format!(
                        "  {}:{}",
                        uri.strip_prefix(&root)
                            .unwrap_or(uri)
                            .trim_start_matches('/'),
                        p["range"]["start"]["line"]
                    )
                })
                .collect();
            format!(
                "{}{} ({})\n{}\n",
                show_range(text, &l["range"], Encoding::Utf16),
                c["title"].as_str().unwrap(),
                c["command"].as_str().unwrap(),
                places.join("\n")
            )
        })
        .collect()
}

#[test]
fn the_name_line_says_who_delegates_to_the_agent() {
    let ws = team();
    let mut server = start(&ws);
    expect![[r#"
        2 | name: test-runner
          |       ^^^^^^^^^^^
        delegated to by 1 agent, 1 command (agentls.showReferences)
          .claude/agents/code-reviewer.md:7
          .claude/agents/code-reviewer.md:11
          .claude/agents/code-reviewer.md:12
          .claude/agents/code-reviewer.md:19
          .claude/commands/review.md:3
    "#]]
    .assert_eq(&lenses(
        &mut server,
        &ws,
        ".claude/agents/test-runner.md",
        RUNNER,
    ));
    expect![[r#"
        2 | name: pdf-tools
          |       ^^^^^^^^^
        used by 1 agent (agentls.showReferences)
          .claude/agents/test-runner.md:5
    "#]]
    .assert_eq(&lenses(
        &mut server,
        &ws,
        ".claude/skills/pdf-tools/SKILL.md",
        SKILL,
    ));
    // A command is delegated to by nobody: no lens.
    expect![[r#""#]].assert_eq(&lenses(
        &mut server,
        &ws,
        ".claude/commands/review.md",
        COMMAND,
    ));
    server.shutdown();
}
