use expect_test::expect;
use serde_json::json;

use super::*;

#[test]
fn folds_the_frontmatter_sections_and_examples() {
    let ws = team();
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&uri, REVIEWER);
    let folds = server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lines: Vec<&str> = REVIEWER.lines().collect();
    let shown: String = folds
        .as_array()
        .expect("a list of folding ranges")
        .iter()
        .map(|f| {
            let (s, e) = (
                f["startLine"].as_u64().unwrap() as usize,
                f["endLine"].as_u64().unwrap() as usize,
            );
            format!("{s}-{e}: {} … {}\n", lines[s], lines[e])
        })
        .collect();
    expect![[r#"
        0-8: --- … ---
        4-6:   <example> …   </example>
        9-20: # Code reviewer … </example>
        14-20: ## Checklist … </example>
        18-20: <example> … </example>
    "#]]
    .assert_eq(&shown);
    server.shutdown();
}
