//! The editor features beyond navigation, through the real server: folding, document
//! highlight, document links, the "delegated to by" code lens, call hierarchy for delegation,
//! and `.agentls.toml` read again on save.

mod call_hierarchy;
mod code_lens;
mod document_link;
mod folding;
mod highlight;
mod settings_reload;

use agentls_e2e::*;
use serde_json::{Value, json};

pub(crate) const REVIEWER: &str = "---
name: code-reviewer
description: |
  Reviews code.
  <example>
  user: review this
  </example>
tools: Read, Grep, Agent(test-runner)
---
# Code reviewer

You review code. When done, hand off to @test-runner.
Then @test-runner again, and see [the runner](test-runner.md).

## Checklist

- Style

<example>
Run @test-runner.
</example>
";

pub(crate) const RUNNER: &str = "---
name: test-runner
description: Runs the test suite and reports failures.
tools: Read, Bash
skills:
  - pdf-tools
---
Run the tests. Ask the code-reviewer to look at failures.
See [the reviewer](code-reviewer.md) and [nothing](missing.md).
The skill is in .claude/skills/pdf-tools/SKILL.md.
";

pub(crate) const SKILL: &str = "---
name: pdf-tools
description: Works with PDF files.
---
Use it.
";

pub(crate) const COMMAND: &str = "---
description: Review the current change
---
Use the Task tool with subagent_type: \"code-reviewer\", then ask @test-runner.
";

pub(crate) fn team() -> Workspace {
    Workspace::with_files(&[
        (".claude/agents/code-reviewer.md", REVIEWER),
        (".claude/agents/test-runner.md", RUNNER),
        (".claude/skills/pdf-tools/SKILL.md", SKILL),
        (".claude/commands/review.md", COMMAND),
    ])
}

pub(crate) fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize_in(&ws.root(), client_capabilities(&[]));
    server
}

/// The position of the `$0` in `snippet`, a marked piece of `text` that occurs once in it.
pub(crate) fn pos(text: &str, snippet: &str) -> (u32, u32) {
    cursor_at(text, snippet, Encoding::Utf16)
}

pub(crate) fn text_position(uri: &str, (line, character): (u32, u32)) -> Value {
    json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": character },
    })
}

/// Ranges of one file as annotated source, in order.
pub(crate) fn ranges(text: &str, ranges: impl IntoIterator<Item = Value>) -> String {
    ranges
        .into_iter()
        .map(|r| show_range(text, &r, Encoding::Utf16))
        .collect()
}
