use expect_test::expect;
use serde_json::json;

use super::*;

#[test]
fn relative_links_and_paths_are_clickable() {
    let ws = team();
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/test-runner.md");
    server.open(&uri, RUNNER);
    let links = server.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    let root = file_uri(&ws.root());
    let shown: String = links
        .as_array()
        .expect("a list of links")
        .iter()
        .map(|l| {
            let target = l["target"].as_str().expect("a link has a target");
            format!(
                "{}{}",
                show_range(RUNNER, &l["range"], Encoding::Utf16),
                target.strip_prefix(&root).unwrap_or(target)
            ) + "\n"
        })
        .collect();
    // `missing.md` does not exist: no link.
    expect![[r#"
        9 | See [the reviewer](code-reviewer.md) and [nothing](missing.md).
          |                    ^^^^^^^^^^^^^^^^
        /.claude/agents/code-reviewer.md
        10 | The skill is in .claude/skills/pdf-tools/SKILL.md.
           |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        /.claude/skills/pdf-tools/SKILL.md
    "#]]
    .assert_eq(&shown);
    server.shutdown();
}
