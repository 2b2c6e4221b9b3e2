//! Which tool reads a file, decided from its path alone.

use std::path::{Component, Path};

/// The file kinds agentls understands. Each has its own schema data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    /// Claude Code subagent: `.claude/agents/**/*.md`, a plugin's `agents/**/*.md`.
    ClaudeAgent,
    /// Claude Code skill: `.claude/skills/<name>/SKILL.md`, a plugin's `skills/<name>/SKILL.md`.
    ClaudeSkill,
    /// Claude Code command: `.claude/commands/**/*.md`, a plugin's `commands/**/*.md`.
    ClaudeCommand,
    /// GitHub Copilot / VS Code custom agent: `.github/agents/*.md`, `*.agent.md`.
    CopilotAgent,
    /// Legacy VS Code chat mode: `*.chatmode.md`.
    CopilotChatMode,
    /// OpenCode agent: `.opencode/agent/**/*.md`, `.opencode/agents/**/*.md`.
    OpenCodeAgent,
    /// Gemini CLI agent: `.gemini/agents/*.md` (project and `~/.gemini`), an installed
    /// extension's `.gemini/extensions/<name>/agents/*.md`; direct children not starting with `_`.
    GeminiAgent,
    /// Qwen Code subagent: `.qwen/agents/*.md` (project and `~/.qwen`), direct children.
    QwenAgent,
    /// Factory droid: `.factory/droids/*.md` (project and `~/.factory`), direct children.
    FactoryDroid,
}

impl Dialect {
    pub const ALL: [Dialect; 9] = [
        Dialect::ClaudeAgent,
        Dialect::ClaudeSkill,
        Dialect::ClaudeCommand,
        Dialect::CopilotAgent,
        Dialect::CopilotChatMode,
        Dialect::OpenCodeAgent,
        Dialect::GeminiAgent,
        Dialect::QwenAgent,
        Dialect::FactoryDroid,
    ];

    /// Stable identifier, used in configuration and in the schema data files.
    pub fn id(self) -> &'static str {
        match self {
            Dialect::ClaudeAgent => "claude-agent",
            Dialect::ClaudeSkill => "claude-skill",
            Dialect::ClaudeCommand => "claude-command",
            Dialect::CopilotAgent => "copilot-agent",
            Dialect::CopilotChatMode => "copilot-chatmode",
            Dialect::OpenCodeAgent => "opencode-agent",
            Dialect::GeminiAgent => "gemini-agent",
            Dialect::QwenAgent => "qwen-agent",
            Dialect::FactoryDroid => "factory-droid",
        }
    }

    pub fn from_id(id: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.id() == id)
    }

    /// The product that loads the file, as named in messages ("Claude Code skips this agent").
    pub fn product(self) -> &'static str {
        match self {
            Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand => "Claude Code",
            Dialect::CopilotAgent | Dialect::CopilotChatMode => "GitHub Copilot",
            Dialect::OpenCodeAgent => "OpenCode",
            Dialect::GeminiAgent => "Gemini CLI",
            Dialect::QwenAgent => "Qwen Code",
            Dialect::FactoryDroid => "Factory",
        }
    }

    /// What the file defines, as named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Dialect::ClaudeAgent
            | Dialect::CopilotAgent
            | Dialect::OpenCodeAgent
            | Dialect::GeminiAgent
            | Dialect::QwenAgent => "agent",
            Dialect::FactoryDroid => "droid",
            Dialect::ClaudeSkill => "skill",
            Dialect::ClaudeCommand => "command",
            Dialect::CopilotChatMode => "chat mode",
        }
    }

    /// Files that Claude Code reads (its loader has a model of its own: `loader::claude`).
    pub fn is_claude(self) -> bool {
        matches!(
            self,
            Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand
        )
    }

    /// Agents are defined by their frontmatter; skills and commands work without one.
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            Dialect::ClaudeAgent
                | Dialect::CopilotAgent
                | Dialect::OpenCodeAgent
                | Dialect::GeminiAgent
                | Dialect::QwenAgent
                | Dialect::FactoryDroid
        )
    }
}

/// Classify a path. `has_plugin_manifest(dir)` answers whether `dir/.claude-plugin/plugin.json`
/// exists; it is asked only for the folder holding an `agents`, `skills` or `commands` folder,
/// so the caller decides how (and whether) to touch the file system.
pub fn classify(path: &Path, has_plugin_manifest: &dyn Fn(&Path) -> bool) -> Option<Dialect> {
    let file_name = path.file_name()?.to_str()?;
    let lower = file_name.to_ascii_lowercase();
    if !lower.ends_with(".md") {
        return None;
    }
    if lower.ends_with(".chatmode.md") {
        return Some(Dialect::CopilotChatMode);
    }
    if lower.ends_with(".agent.md") {
        return Some(Dialect::CopilotAgent);
    }
    let dirs: Vec<&str> = path
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => s.to_str(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let n = dirs.len();
    // `.github/agents/*.md` (direct children only).
    if n >= 2 && dirs[n - 1] == "agents" && dirs[n - 2] == ".github" {
        return Some(Dialect::CopilotAgent);
    }
    // `.gemini/agents/*.md` and `.gemini/extensions/<name>/agents/*.md`: direct children only,
    // and Gemini CLI skips files whose name starts with `_`.
    let gemini = n >= 2
        && dirs[n - 1] == "agents"
        && (dirs[n - 2] == ".gemini"
            || n >= 4 && dirs[n - 3] == "extensions" && dirs[n - 4] == ".gemini");
    if gemini {
        return (!file_name.starts_with('_') && file_name.ends_with(".md"))
            .then_some(Dialect::GeminiAgent);
    }
    // `.qwen/agents/*.md`: direct children whose name ends in `.md` (in that case).
    if n >= 2 && dirs[n - 1] == "agents" && dirs[n - 2] == ".qwen" {
        return file_name.ends_with(".md").then_some(Dialect::QwenAgent);
    }
    // `.factory/droids/*.md`: direct children whose name ends in `.md` (in that case).
    if n >= 2 && dirs[n - 1] == "droids" && dirs[n - 2] == ".factory" {
        return file_name.ends_with(".md").then_some(Dialect::FactoryDroid);
    }
    // Walk the folders from the innermost, so the closest marker decides.
    for i in (0..n).rev() {
        let dir = dirs[i];
        let parent = if i > 0 { Some(dirs[i - 1]) } else { None };
        let depth_below = n - 1 - i; // folders between `dir` and the file
        match (parent, dir) {
            (Some(".opencode"), "agent" | "agents") => return Some(Dialect::OpenCodeAgent),
            (Some(".claude"), "agents") => return Some(Dialect::ClaudeAgent),
            (Some(".claude"), "commands") => return Some(Dialect::ClaudeCommand),
            (Some(".claude"), "skills") => {
                return (depth_below == 1 && file_name == "SKILL.md")
                    .then_some(Dialect::ClaudeSkill);
            }
            _ => {}
        }
        if matches!(dir, "agents" | "skills" | "commands") {
            let root = plugin_root(path, n - i);
            if root.is_some_and(has_plugin_manifest) {
                return match dir {
                    "agents" => Some(Dialect::ClaudeAgent),
                    "commands" => Some(Dialect::ClaudeCommand),
                    _ => (depth_below == 1 && file_name == "SKILL.md")
                        .then_some(Dialect::ClaudeSkill),
                };
            }
        }
    }
    None
}

/// The folder `levels` folders above the file's own folder's parent: for `p/agents/x/a.md` and
/// `levels == 2` (the `agents` folder is two levels up from the file), `p`.
fn plugin_root(path: &Path, levels: usize) -> Option<&Path> {
    let mut p = path.parent()?;
    for _ in 0..levels {
        p = p.parent()?;
    }
    Some(p)
}

/// A file name without the suffix that makes it an agent file (`.agent.md`, `.chatmode.md`,
/// `.md`, in any case): `reviewer.agent.md` → `reviewer`.
pub fn file_stem(file_name: &str) -> &str {
    let lower = file_name.to_ascii_lowercase();
    let cut = [".agent.md", ".chatmode.md", ".md"]
        .iter()
        .find(|s| lower.ends_with(*s))
        .map_or(0, |s| s.len());
    &file_name[..file_name.len() - cut]
}

/// The real check for [`classify`]: does `dir/.claude-plugin/plugin.json` exist?
pub fn plugin_manifest_exists(dir: &Path) -> bool {
    dir.join(".claude-plugin").join("plugin.json").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_plugin(_: &Path) -> bool {
        false
    }

    fn class(p: &str) -> Option<Dialect> {
        classify(Path::new(p), &no_plugin)
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem("reviewer.agent.md"), "reviewer");
        assert_eq!(file_stem("Plan.ChatMode.md"), "Plan");
        assert_eq!(file_stem("SKILL.md"), "SKILL");
        assert_eq!(file_stem("notes.txt"), "notes.txt");
    }

    #[test]
    fn claude_code_paths() {
        assert_eq!(class("/r/.claude/agents/a.md"), Some(Dialect::ClaudeAgent));
        assert_eq!(
            class("/r/.claude/agents/sub/dir/a.md"),
            Some(Dialect::ClaudeAgent)
        );
        assert_eq!(
            class("/home/u/.claude/agents/a.md"),
            Some(Dialect::ClaudeAgent)
        );
        assert_eq!(
            class("/r/.claude/commands/x/y.md"),
            Some(Dialect::ClaudeCommand)
        );
        assert_eq!(
            class("/r/.claude/skills/pdf/SKILL.md"),
            Some(Dialect::ClaudeSkill)
        );
        assert_eq!(class("/r/.claude/skills/pdf/reference.md"), None);
        assert_eq!(class("/r/.claude/agents/a.txt"), None);
        assert_eq!(class("/r/docs/agents/a.md"), None);
        assert_eq!(class("/r/README.md"), None);
    }

    #[test]
    fn plugin_paths_need_a_manifest() {
        let manifest = |d: &Path| d == Path::new("/m/plugins/p");
        let c = |p: &str| classify(Path::new(p), &manifest);
        assert_eq!(c("/m/plugins/p/agents/a.md"), Some(Dialect::ClaudeAgent));
        assert_eq!(
            c("/m/plugins/p/agents/review/a.md"),
            Some(Dialect::ClaudeAgent)
        );
        assert_eq!(
            c("/m/plugins/p/commands/c.md"),
            Some(Dialect::ClaudeCommand)
        );
        assert_eq!(
            c("/m/plugins/p/skills/s/SKILL.md"),
            Some(Dialect::ClaudeSkill)
        );
        assert_eq!(c("/m/plugins/q/agents/a.md"), None);
    }

    #[test]
    fn copilot_and_opencode_paths() {
        assert_eq!(class("/r/.github/agents/a.md"), Some(Dialect::CopilotAgent));
        assert_eq!(class("/r/.github/agents/sub/a.md"), None);
        assert_eq!(class("/r/anywhere/x.agent.md"), Some(Dialect::CopilotAgent));
        assert_eq!(
            class("/r/.github/chatmodes/x.chatmode.md"),
            Some(Dialect::CopilotChatMode)
        );
        assert_eq!(
            class("/r/.opencode/agent/a.md"),
            Some(Dialect::OpenCodeAgent)
        );
        assert_eq!(
            class("/r/.opencode/agents/x/a.md"),
            Some(Dialect::OpenCodeAgent)
        );
    }

    #[test]
    fn gemini_cli_paths() {
        assert_eq!(class("/r/.gemini/agents/a.md"), Some(Dialect::GeminiAgent));
        assert_eq!(
            class("/home/u/.gemini/agents/a.md"),
            Some(Dialect::GeminiAgent)
        );
        assert_eq!(
            class("/home/u/.gemini/extensions/ext/agents/a.md"),
            Some(Dialect::GeminiAgent)
        );
        // Not read by Gemini CLI: subfolders, `_` files, other case of the extension.
        assert_eq!(class("/r/.gemini/agents/sub/a.md"), None);
        assert_eq!(class("/r/.gemini/agents/_draft.md"), None);
        assert_eq!(class("/r/.gemini/agents/a.MD"), None);
        assert_eq!(class("/r/.gemini/commands/a.md"), None);
    }
}
