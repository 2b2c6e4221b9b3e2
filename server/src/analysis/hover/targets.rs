//! The line of a key's hover that says which targets (tools) know the key: those in play, or
//! every known target when none is.

use crate::analysis::{Env, FileContext};
use crate::schema::spec::schema;
use crate::schema::targets::{self, Target};

/// "Known to Claude Code, Gemini CLI; not to Qwen Code.", for a top-level `key`; `None` when
/// no target reading files of this kind knows it, when one tool alone reads such files, or when
/// the file's kind is not in the data.
pub(crate) fn key_targets_line(file: &FileContext, env: Env<'_>, key: &str) -> Option<String> {
    let kind = targets::kind_of(file.dialect)?;
    let (mut in_play, _) = env.settings.targets_in_play();
    if in_play.is_empty() {
        in_play = targets::targets().iter().collect();
    }
    // A target reads the file as its own dialect when it reads that dialect at all (VS Code and
    // Claude Code's agents), else as its dialect for files of this kind.
    let knows = |t: &Target| {
        let d = if t.dialects().contains(&file.dialect) {
            Some(file.dialect)
        } else {
            t.dialect_for(kind)
        };
        d.is_some_and(|d| schema(d).field(key).is_some())
    };
    let reading: Vec<&Target> = in_play
        .into_iter()
        .filter(|t| t.reads.iter().any(|r| r.kind == kind))
        .collect();
    let (yes, no): (Vec<&Target>, Vec<&Target>) = reading.into_iter().partition(|t| knows(t));
    // Nothing to tell: no tool knows it, or one tool alone reads such files.
    if yes.is_empty() || yes.len() == 1 && no.is_empty() {
        return None;
    }
    let names = |list: &[&Target]| {
        list.iter()
            .map(|t| t.product.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut line = format!("Known to {}", names(&yes));
    if !no.is_empty() {
        line.push_str(&format!("; not to {}", names(&no)));
    }
    line.push('.');
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Settings, WorkspaceNames};
    use crate::schema::Dialect;

    fn line(dialect: Dialect, key: &str, declared: &[&str]) -> Option<String> {
        let settings = Settings {
            targets: declared.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        };
        let workspace = WorkspaceNames::default();
        let env = Env {
            settings: &settings,
            workspace: &workspace,
        };
        key_targets_line(&FileContext::bare(dialect), env, key)
    }

    #[test]
    fn the_targets_in_play_that_know_a_key() {
        let two = ["claude-code", "gemini-cli"];
        assert_eq!(
            line(Dialect::ClaudeAgent, "color", &two).unwrap(),
            "Known to Claude Code; not to Gemini CLI."
        );
        assert_eq!(
            line(Dialect::ClaudeAgent, "name", &two).unwrap(),
            "Known to Claude Code, Gemini CLI."
        );
        assert_eq!(line(Dialect::ClaudeAgent, "colour", &two), None);
        // None in play: every target that reads agents.
        let all = line(Dialect::GeminiAgent, "temperature", &[]).unwrap();
        let (known, not) = all.split_once("; not to ").unwrap();
        assert!(known.contains("Gemini CLI"), "{all}");
        assert!(
            not.starts_with("Claude Code, GitHub Copilot in VS Code"),
            "{all}"
        );
        // Commands: Claude Code alone reads them; nothing to compare.
        assert_eq!(line(Dialect::ClaudeCommand, "description", &[]), None);
        // Skills: only the tools that read skills.
        let skill = line(Dialect::ClaudeSkill, "allowed-tools", &[]).unwrap();
        assert!(
            skill.starts_with("Known to Claude Code, OpenCode"),
            "{skill}"
        );
        assert!(!skill.contains("Gemini CLI"), "{skill}");
    }
}
