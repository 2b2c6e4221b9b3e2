//! Agents the products ship with: they resolve without a file.

use super::identity::Family;

#[derive(Debug, PartialEq, Eq)]
pub struct Builtin {
    pub family: Family,
    pub name: &'static str,
    pub description: &'static str,
}

const fn b(family: Family, name: &'static str, description: &'static str) -> Builtin {
    Builtin {
        family,
        name,
        description,
    }
}

static BUILTINS: &[Builtin] = &[
    b(
        Family::Claude,
        "general-purpose",
        "Claude Code's built-in agent for complex, multi-step tasks; used when `subagent_type` is omitted.",
    ),
    b(
        Family::Claude,
        "Explore",
        "Claude Code's built-in read-only agent for searching and understanding a codebase.",
    ),
    b(
        Family::Claude,
        "Plan",
        "Claude Code's built-in agent that researches the codebase while planning.",
    ),
    b(
        Family::Claude,
        "claude",
        "Claude Code's built-in agent with the main session's configuration.",
    ),
    b(
        Family::Claude,
        "statusline-setup",
        "Claude Code's built-in agent that configures the status line.",
    ),
    b(
        Family::Claude,
        "claude-code-guide",
        "Claude Code's built-in agent that answers questions about Claude Code.",
    ),
    b(
        Family::OpenCode,
        "build",
        "OpenCode's built-in primary agent, with every tool enabled.",
    ),
    b(
        Family::OpenCode,
        "plan",
        "OpenCode's built-in primary agent for planning, without edits.",
    ),
    b(
        Family::OpenCode,
        "general",
        "OpenCode's built-in general-purpose subagent.",
    ),
    b(
        Family::OpenCode,
        "explore",
        "OpenCode's built-in read-only subagent for exploring a codebase.",
    ),
    b(
        Family::Copilot,
        "agent",
        "GitHub Copilot's built-in agent mode: edits files and runs tools.",
    ),
    b(
        Family::Copilot,
        "ask",
        "GitHub Copilot's built-in ask mode: answers questions.",
    ),
    b(
        Family::Copilot,
        "plan",
        "GitHub Copilot's built-in plan mode: researches and plans.",
    ),
];

/// Every built-in agent.
pub fn builtins() -> &'static [Builtin] {
    BUILTINS
}
