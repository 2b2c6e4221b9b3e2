use expect_test::expect;

use super::*;

fn highlights(server: &mut Server, uri: &str, at: (u32, u32)) -> String {
    let result = server.request("textDocument/documentHighlight", text_position(uri, at));
    let list = result.as_array().cloned().unwrap_or_default();
    let kinds: Vec<String> = list.iter().map(|h| h["kind"].to_string()).collect();
    if list.is_empty() {
        return "none\n".to_string();
    }
    format!(
        "kinds {}\n{}",
        kinds.join(","),
        ranges(REVIEWER, list.into_iter().map(|h| h["range"].clone()))
    )
}

#[test]
fn highlights_the_other_mentions_of_the_agent_under_the_cursor() {
    let ws = team();
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/code-reviewer.md");
    server.open(&uri, REVIEWER);
    // On a mention: the tool rule, both mentions, the link and the one in the example.
    let got = highlights(
        &mut server,
        &uri,
        pos(REVIEWER, "hand off to @te$0st-runner"),
    );
    expect![[r#"
        kinds 2,2,2,2,2
        8 | tools: Read, Grep, Agent(test-runner)
          |                          ^^^^^^^^^^^
        12 | You review code. When done, hand off to @test-runner.
           |                                          ^^^^^^^^^^^
        13 | Then @test-runner again, and see [the runner](test-runner.md).
           |       ^^^^^^^^^^^
        13 | Then @test-runner again, and see [the runner](test-runner.md).
           |                                               ^^^^^^^^^^^^^^
        20 | Run @test-runner.
           |      ^^^^^^^^^^^
    "#]]
    .assert_eq(&got);
    // On the `name:`: the declaration only (the file does not name itself).
    let got = highlights(&mut server, &uri, pos(REVIEWER, "name: cod$0e-reviewer"));
    expect![[r#"
        kinds 3
        2 | name: code-reviewer
          |       ^^^^^^^^^^^^^
    "#]]
    .assert_eq(&got);
    // On plain text: nothing.
    let got = highlights(&mut server, &uri, pos(REVIEWER, "You rev$0iew"));
    expect![[r#"
        none
    "#]]
    .assert_eq(&got);
    server.shutdown();
}
