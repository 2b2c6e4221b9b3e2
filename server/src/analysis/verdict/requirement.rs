//! How serious a missing or mistyped `name`/`description` is, per dialect: the requirement
//! messages are written per dialect (docs/ARCHITECTURE.md, invariant 6).

use super::{FileContext, Severity};
use crate::schema::Dialect;
use crate::schema::spec::{InvalidValues, schema};

/// How serious a missing `name`/`description` is per dialect, and why (`blank`: the key is there
/// with a blank string). `None`: optional.
pub(super) fn requirement(
    file: &FileContext,
    key: &str,
    blank: bool,
) -> Option<(Severity, &'static str)> {
    match (file.dialect, key) {
        (Dialect::ClaudeAgent, "name") if file.plugin => Some((
            Severity::Warning,
            "Claude Code loads this plugin agent under its file name instead",
        )),
        (Dialect::ClaudeAgent, "name") => Some((
            Severity::Error,
            "Claude Code treats a file without `name` as documentation and skips it",
        )),
        (Dialect::ClaudeAgent, "description") if file.plugin => Some((
            Severity::Warning,
            "Claude Code cannot tell when to delegate to this plugin agent",
        )),
        (Dialect::ClaudeAgent, "description") => Some((
            Severity::Error,
            "Claude Code skips an agent without a `description`",
        )),
        (Dialect::CopilotAgent, "description") if blank => Some((
            Severity::Warning,
            "the Copilot CLI loads the agent, but nothing tells when to pick it",
        )),
        (Dialect::CopilotAgent, "description") => Some((
            Severity::Error,
            "the Copilot CLI skips an agent without a `description`",
        )),
        (Dialect::GeminiAgent, "name") => Some((
            Severity::Error,
            "Gemini CLI will not load an agent without a `name`",
        )),
        (Dialect::GeminiAgent, "description") => Some((
            Severity::Error,
            "Gemini CLI will not load a local agent without a non-empty `description`",
        )),
        (Dialect::QwenAgent, "name") => {
            Some((Severity::Error, "Qwen Code skips an agent without a `name`"))
        }
        (Dialect::QwenAgent, "description") => Some((
            Severity::Error,
            "Qwen Code skips an agent without a non-empty `description`",
        )),
        (Dialect::AgentSkill, "name") => Some((
            Severity::Error,
            "The Agent Skills specification requires a `name` (skills-ref rejects a skill without one)",
        )),
        (Dialect::AgentSkill, "description") => Some((
            Severity::Error,
            "The Agent Skills specification requires a non-empty `description` (skills-ref rejects a skill without one)",
        )),
        (Dialect::CursorAgent, "description") => Some((
            Severity::Warning,
            "Cursor's documentation requires a `description`: it decides when to delegate by it",
        )),
        (Dialect::KiroAgent, "description") => Some((
            Severity::Warning,
            "Kiro's documentation asks for a `description` to tell the agents apart",
        )),
        (Dialect::KiloAgent, "description") => Some((
            Severity::Warning,
            "Kilo Code lists an agent without a `description` to other agents as one only the user calls",
        )),
        (Dialect::AugmentAgent, "description") => Some((
            Severity::Warning,
            "Auggie CLI shows `Configuration from <file>` instead, and the main agent cannot tell when to delegate to it",
        )),
        (Dialect::QoderAgent, "name") => {
            Some((Severity::Error, "Qoder CLI skips an agent without a `name`"))
        }
        (Dialect::QoderAgent, "description") => Some((
            Severity::Error,
            "Qoder CLI skips an agent without a non-empty `description`",
        )),
        (Dialect::OpenCodeAgent, "description") => Some((
            Severity::Warning,
            "OpenCode's documentation requires a `description` to tell when to use the agent",
        )),
        _ => None,
    }
}

/// Whether the product refuses the file over a `name`/`description` of the wrong YAML type (the
/// key's own `invalid`, else the dialect's `invalid_values`). A loader with a line-by-line
/// fallback (Qwen Code) takes any scalar as text, whatever its own `invalid` says of the name's
/// rules.
pub(super) fn rejects(file: &FileContext, key: &str) -> bool {
    let s = schema(file.dialect);
    let own = s.field(key).and_then(|f| f.invalid);
    // In a strict dialect, a key's own `invalid = "warned"` lets a number or boolean through
    // (Kilo Code registers `name: 7` as `7`).
    s.invalid_values == InvalidValues::Rejected && own != Some(InvalidValues::Warned)
        || own == Some(InvalidValues::Rejected) && !s.yaml_fallback
}
