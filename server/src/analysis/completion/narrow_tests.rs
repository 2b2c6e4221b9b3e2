//! Completion narrowed to the typed word on the server, and where agent names go in the body
//! (not in code).

use super::tests::{apply, find, items, labels, run, workspace};
use super::*;
use crate::analysis::Settings;
use crate::analysis::cursor::tests::fixture;
use crate::schema::Dialect;

#[test]
fn long_lists_are_narrowed_to_the_typed_word() {
    // Clients that do not filter (Neovim's `vim.lsp.completion`) show what they get.
    let text = "---\ntools: Read, Web$0\n---\n";
    let it = items(Dialect::ClaudeAgent, text);
    assert_eq!(labels(&it), ["WebFetch", "WebSearch"]);
    let fetch = find(&it, "WebFetch");
    assert_eq!(&text.replace("$0", "")[fetch.replace.clone()], "Web");
    assert_eq!(fetch.filter_text.as_deref(), Some("WebFetch"));
    assert_eq!(apply(text, fetch), "---\ntools: Read, WebFetch\n---\n");
    // Prefixes first, then subsequences; case does not matter.
    let it = items(Dialect::ClaudeAgent, "---\ntools: Read, gr$0\n---\n");
    let l = labels(&it);
    assert_eq!(l[0], "Grep", "{l:?}");
    assert!(l.iter().all(|t| t.to_lowercase().contains('g')), "{l:?}");
    // The whole entry, an MCP prefix included.
    let ws = workspace();
    let text = "---\ntools: Read, mcp__gi$0\n---\n";
    let it = run(Dialect::ClaudeAgent, text, None, &Settings::default(), &ws);
    assert_eq!(labels(&it), ["mcp__github__*"]);
    assert_eq!(
        apply(text, &it[0]),
        "---\ntools: Read, mcp__github__*\n---\n"
    );
    // Inside `Agent(`: the agent names, narrowed.
    let text = "---\nname: reviewer\ntools: Read, Agent(Ex$0\n---\n";
    let it = run(Dialect::ClaudeAgent, text, None, &Settings::default(), &ws);
    assert_eq!(labels(&it)[0], "Explore", "{:?}", labels(&it));
    assert_eq!(
        apply(text, find(&it, "Explore")),
        "---\nname: reviewer\ntools: Read, Agent(Explore\n---\n"
    );
    // Models.
    let it = items(Dialect::CopilotAgent, "---\nmodel: GPT-4$0\n---\n");
    assert!(!it.is_empty());
    assert!(
        it.iter().all(|i| i
            .label
            .to_lowercase()
            .replace(['-', ' ', '.'], "")
            .contains("gpt4")),
        "{:?}",
        labels(&it)
    );
    // Quoted entries: the client compares the filter text with the range's text, quote and all.
    let text = "---\ntools: ['read', 'ed$0']\n---\n";
    let it = items(Dialect::CopilotAgent, text);
    let edit = find(&it, "edit");
    let typed = &text.replace("$0", "")[edit.replace.start..text.find("$0").unwrap()];
    assert!(
        edit.filter_text.as_deref().unwrap().starts_with(typed),
        "{typed:?} vs {:?}",
        edit.filter_text
    );
}

#[test]
fn mentions_in_prose_only() {
    let at = |text: &str| {
        let (doc, at) = fixture(text);
        body_context(&doc, at).map(|(_, r)| r)
    };
    // The range is the name after `@` (and after `agent-`), as definition ranges have it.
    let text = "---\nname: a\n---\nAsk @agent-rev$0 now\n";
    let r = at(text).expect("a mention");
    assert_eq!(&text.replace("$0", "")[r], "rev");
    let r = at("---\nname: a\n---\nAsk @re$0\n").expect("a mention");
    assert_eq!(r.end - r.start, 2);
    // `@` in code is a decorator.
    assert_eq!(at("---\nname: a\n---\n```python\n@app$0\n```\n"), None);
    assert_eq!(
        at("---\nname: a\n---\n```python\n@$0\n"),
        None,
        "unclosed fence"
    );
    assert_eq!(
        at("---\nname: a\n---\n    @retry$0\n"),
        None,
        "indented code"
    );
    assert_eq!(at("---\nname: a\n---\nUse `@cache$0` here\n"), None);
    assert!(at("---\nname: a\n---\nUse `x` then @re$0 and `y`\n").is_some());
    assert!(
        at("---\nname: a\n---\nA ` tick then @re$0\n").is_some(),
        "an unclosed run is text"
    );
    assert!(at("---\nname: a\n---\n```\ncode\n```\nAsk @re$0\n").is_some());
}
