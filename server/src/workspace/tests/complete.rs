//! Agent names after `@`: the file itself left out, the team's agents before the built-ins,
//! narrowed to what was typed, in the order the items' `sort_text` gives.

use super::Ws;
use crate::analysis::completion::{CompletionItem, CompletionMode, body_context};
use crate::syntax::Document;
use crate::workspace::completions;

const ME: &str = "---\nname: planner\ndescription: Plans.\n---\nAsk @$0\n";

fn agent(name: &str) -> String {
    format!("---\nname: {name}\ndescription: Does {name}.\n---\nBody.\n")
}

/// The items offered at the cursor, in `sort_text` order.
fn offered(ws: &Ws) -> Vec<CompletionItem> {
    let (path, at) = ws.cursor();
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::new(&text);
    let (mode, replace) = body_context(&doc, at).expect("an agent name goes here");
    assert_eq!(mode, CompletionMode::Mention);
    let typed = &text[replace.start..at];
    let (mut items, _) = completions(&ws.index, path, mode, typed, replace, 100);
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    items
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn the_team_first_then_built_ins_and_never_the_file_itself() {
    let ws = Ws::new(&[
        (".claude/agents/planner.md", ME),
        (".claude/agents/reviewer.md", &agent("reviewer")),
        (".claude/agents/writer.md", &agent("writer")),
    ]);
    let items = offered(&ws);
    let l = labels(&items);
    assert!(!l.contains(&"planner"), "the agent being edited: {l:?}");
    assert_eq!(l[..2], ["reviewer", "writer"], "{l:?}");
    assert!(
        l.contains(&"Explore") && l.contains(&"general-purpose"),
        "{l:?}"
    );
    assert!(
        items
            .iter()
            .all(|i| i.sort_text.is_some() && i.filter_text.is_some())
    );
}

#[test]
fn narrowed_to_the_typed_name_prefixes_first() {
    let ws = Ws::new(&[
        (
            ".claude/agents/planner.md",
            "---\nname: planner\ndescription: Plans.\n---\nAsk @re$0\n",
        ),
        (".claude/agents/reviewer.md", &agent("reviewer")),
        (".claude/agents/tester.md", &agent("tester")),
        (".claude/agents/code-reader.md", &agent("code-reader")),
    ]);
    let l: Vec<String> = offered(&ws).iter().map(|i| i.label.clone()).collect();
    assert_eq!(l[0], "reviewer", "{l:?}");
    assert!(
        l.contains(&"code-reader".to_string()),
        "a subsequence: {l:?}"
    );
    assert!(!l.contains(&"tester".to_string()), "{l:?}");
    assert!(!l.contains(&"planner".to_string()), "{l:?}");
}

#[test]
fn a_long_list_is_cut_to_the_best_whatever_the_order_of_the_agents() {
    // Far more matches than the limit: the best are kept, in order, and the list says it was
    // cut; names are written in an order unlike the ranking's.
    let mut files: Vec<(String, String)> = vec![(".claude/agents/planner.md".into(), ME.into())];
    for i in (0..40).rev() {
        let name = format!("agent-{:02}", (i * 7) % 40);
        files.push((format!(".claude/agents/{name}.md"), agent(&name)));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let ws = Ws::new(&refs);
    let (path, at) = ws.cursor();
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::new(&text);
    let (mode, replace) = body_context(&doc, at).unwrap();
    for limit in [0, 1, 3, 10] {
        let (items, cut) = completions(&ws.index, path, mode, "", replace.clone(), limit);
        assert!(cut, "{limit}");
        let want: Vec<String> = (0..limit).map(|i| format!("agent-{i:02}")).collect();
        assert_eq!(labels(&items), want, "{limit}");
    }
    // Under the limit: nothing cut, prefixes first.
    let (items, cut) = completions(&ws.index, path, mode, "agent-1", replace, 100);
    assert!(!cut);
    let want: Vec<String> = (10..20).map(|i| format!("agent-{i}")).collect();
    assert_eq!(labels(&items)[..10], want);
}
