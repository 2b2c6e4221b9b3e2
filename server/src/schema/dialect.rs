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
    /// GitHub Copilot / VS Code custom agent: `.github/agents/**/*.md`, `~/.copilot/agents/**/*.md`,
    /// `*.agent.md`.
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
    /// Agent Skills (the cross-tool standard, agentskills.io) read by tools other than Claude
    /// Code: `<dot>/skills/<name>/SKILL.md` for `.agents`, `.github`, `.copilot`, `.cursor` and
    /// `.gemini` (project and user folders).
    AgentSkill,
    /// Cursor subagent: `.cursor/agents/**/*.md` (project and `~/.cursor`).
    CursorAgent,
    /// Kiro custom agent: `.kiro/agents/**/*.md` (project and `~/.kiro`).
    KiroAgent,
    /// Kilo Code agent: `.kilo/agent(s)/**/*.md`, `.kilocode/agent(s)/**/*.md` (project, `~/.kilo`,
    /// `~/.kilocode`) and `~/.config/kilo/agent(s)/**/*.md`; primary agents in `.kilo/mode(s)/*.md`.
    KiloAgent,
    /// Augment subagent (Auggie CLI): `.augment/agents/**/*.md` (project and `~/.augment`).
    AugmentAgent,
    /// Qoder CLI agent: `.qoder/agents/**/*.md` (project and `~/.qoder`), subfolders included,
    /// files and folders starting with `_` skipped.
    QoderAgent,
    /// Factory droid: `.factory/droids/*.md` (project and `~/.factory`), direct children.
    FactoryDroid,
}

impl Dialect {
    pub const ALL: [Dialect; 15] = [
        Dialect::ClaudeAgent,
        Dialect::ClaudeSkill,
        Dialect::ClaudeCommand,
        Dialect::CopilotAgent,
        Dialect::CopilotChatMode,
        Dialect::OpenCodeAgent,
        Dialect::GeminiAgent,
        Dialect::QwenAgent,
        Dialect::AgentSkill,
        Dialect::CursorAgent,
        Dialect::KiroAgent,
        Dialect::KiloAgent,
        Dialect::AugmentAgent,
        Dialect::QoderAgent,
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
            Dialect::AgentSkill => "agent-skill",
            Dialect::CursorAgent => "cursor-agent",
            Dialect::KiroAgent => "kiro-agent",
            Dialect::KiloAgent => "kilo-agent",
            Dialect::AugmentAgent => "augment-agent",
            Dialect::QoderAgent => "qoder-agent",
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
            Dialect::AgentSkill => "Agent Skills",
            Dialect::CursorAgent => "Cursor",
            Dialect::KiroAgent => "Kiro",
            Dialect::KiloAgent => "Kilo Code",
            Dialect::AugmentAgent => "Auggie CLI",
            Dialect::QoderAgent => "Qoder CLI",
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
            | Dialect::QwenAgent
            | Dialect::CursorAgent
            | Dialect::KiroAgent
            | Dialect::KiloAgent
            | Dialect::AugmentAgent
            | Dialect::QoderAgent => "agent",
            Dialect::ClaudeSkill | Dialect::AgentSkill => "skill",
            Dialect::FactoryDroid => "droid",
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
                | Dialect::CursorAgent
                | Dialect::KiroAgent
                | Dialect::KiloAgent
                | Dialect::AugmentAgent
                | Dialect::QoderAgent
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
    // `.github/agents/**/*.md` and `~/.copilot/agents/**/*.md`, subfolders included, whatever
    // the name before `.md` (a `.chatmode.md` there is an agent too): the Copilot CLI's discovery
    // (tests/conformance/copilot-cli).
    if (1..n).any(|i| dirs[i] == "agents" && matches!(dirs[i - 1], ".github" | ".copilot")) {
        return Some(Dialect::CopilotAgent);
    }
    // `.qoder/agents/**/*.md`, before the suffix rules (Qoder CLI reads `x.agent.md` there too):
    // subfolders included, but no file or folder below `agents` whose name starts with `_`, and
    // only names ending in `.md` (in that case).
    if let Some(i) = (1..n)
        .rev()
        .find(|&i| dirs[i] == "agents" && dirs[i - 1] == ".qoder")
    {
        let hidden = dirs[i + 1..].iter().any(|d| d.starts_with('_')) || file_name.starts_with('_');
        return (!hidden && file_name.ends_with(".md")).then_some(Dialect::QoderAgent);
    }
    if lower.ends_with(".chatmode.md") {
        return Some(Dialect::CopilotChatMode);
    }
    if lower.ends_with(".agent.md") {
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
    // Agent Skills in the folders other tools read: `<dot>/skills/<name>/SKILL.md`.
    if n >= 3 && dirs[n - 2] == "skills" && AGENT_SKILL_DOTS.contains(&dirs[n - 3]) {
        return (file_name == "SKILL.md").then_some(Dialect::AgentSkill);
    }
    // `.augment/agents/**/*.md`: Auggie walks subfolders and skips names starting with `.`.
    if let Some(i) = (1..n)
        .rev()
        .find(|&i| dirs[i] == "agents" && dirs[i - 1] == ".augment")
    {
        let hidden = dirs[i + 1..].iter().any(|d| d.starts_with('.')) || file_name.starts_with('.');
        return (!hidden && file_name.ends_with(".md")).then_some(Dialect::AugmentAgent);
    }
    // `.factory/droids/*.md`: direct children whose name ends in `.md` (in that case).
    if n >= 2 && dirs[n - 1] == "droids" && dirs[n - 2] == ".factory" {
        return file_name.ends_with(".md").then_some(Dialect::FactoryDroid);
    }
    // OpenCode finds agents with the pattern `**/*.md`, whose case counts.
    let opencode_case = file_name.ends_with(".md");
    // Walk the folders from the innermost, so the closest marker decides.
    for i in (0..n).rev() {
        let dir = dirs[i];
        let parent = if i > 0 { Some(dirs[i - 1]) } else { None };
        let depth_below = n - 1 - i; // folders between `dir` and the file
        let grandparent = if i > 1 { Some(dirs[i - 2]) } else { None };
        match (grandparent, parent, dir) {
            // Kilo Code: `.kilo`/`.kilocode` (project and home) and `~/.config/kilo`; agents at
            // any depth, modes (primary agents) as direct children only.
            // Its glob is case-sensitive: `.md` exactly.
            (_, Some(".kilo" | ".kilocode"), "agent" | "agents")
            | (Some(".config"), Some("kilo"), "agent" | "agents") => {
                return file_name.ends_with(".md").then_some(Dialect::KiloAgent);
            }
            (_, Some(".kilo" | ".kilocode"), "mode" | "modes")
            | (Some(".config"), Some("kilo"), "mode" | "modes") => {
                return (depth_below == 0 && file_name.ends_with(".md"))
                    .then_some(Dialect::KiloAgent);
            }
            _ => {}
        }
        match (parent, dir) {
            (Some(".opencode"), "agent" | "agents") => {
                return opencode_case.then_some(Dialect::OpenCodeAgent);
            }
            // The user's agents: `~/.config/opencode/agent(s)/`.
            (Some("opencode"), "agent" | "agents") if i >= 2 && dirs[i - 2] == ".config" => {
                return opencode_case.then_some(Dialect::OpenCodeAgent);
            }
            (Some(".claude"), "agents") => return Some(Dialect::ClaudeAgent),
            (Some(".cursor"), "agents") => return Some(Dialect::CursorAgent),
            (Some(".kiro"), "agents") => return Some(Dialect::KiroAgent),
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

/// The dot folders whose `skills/<name>/SKILL.md` are Agent Skills for tools other than Claude
/// Code (`.claude/skills` stays `claude-skill`): `.agents` (GitHub Copilot, Codex, Gemini CLI,
/// Cursor), `.github` and `~/.copilot` (GitHub Copilot), `.cursor` (Cursor), `.gemini` (Gemini
/// CLI). Sources: docs/SCHEMA.md, `server/schema/agent-skill.toml`.
const AGENT_SKILL_DOTS: [&str; 5] = [".agents", ".github", ".copilot", ".cursor", ".gemini"];

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
    fn kilo_code_paths() {
        let kilo = Some(Dialect::KiloAgent);
        assert_eq!(class("/r/.kilo/agents/a.md"), kilo);
        assert_eq!(class("/r/.kilo/agent/review/sec.md"), kilo);
        assert_eq!(class("/r/.kilocode/agents/a.md"), kilo);
        assert_eq!(class("/home/u/.kilo/agent/a.md"), kilo);
        assert_eq!(class("/home/u/.config/kilo/agents/a.md"), kilo);
        assert_eq!(class("/r/.kilo/modes/a.md"), kilo);
        // Modes are read from the folder itself only; the glob is case-sensitive.
        assert_eq!(class("/r/.kilo/modes/sub/a.md"), None);
        assert_eq!(class("/r/.kilo/agents/a.MD"), None);
        // Not Kilo's: OpenCode's folder, a `kilo` folder outside `.config`.
        assert_eq!(
            class("/r/.opencode/agent/a.md"),
            Some(Dialect::OpenCodeAgent)
        );
        assert_eq!(class("/r/kilo/agents/a.md"), None);
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
        // The Copilot CLI reads subfolders, any `.md` there, and the user's `~/.copilot/agents`.
        assert_eq!(
            class("/r/.github/agents/sub/a.md"),
            Some(Dialect::CopilotAgent)
        );
        assert_eq!(
            class("/r/.github/agents/m.chatmode.md"),
            Some(Dialect::CopilotAgent)
        );
        assert_eq!(
            class("/home/u/.copilot/agents/a.md"),
            Some(Dialect::CopilotAgent)
        );
        assert_eq!(class("/r/.github/agents/a.txt"), None);
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
    fn opencode_user_folder_and_exact_md() {
        assert_eq!(
            class("/home/u/.config/opencode/agent/a.md"),
            Some(Dialect::OpenCodeAgent)
        );
        assert_eq!(
            class("/home/u/.config/opencode/agents/team/a.md"),
            Some(Dialect::OpenCodeAgent)
        );
        // OpenCode's `**/*.md` pattern does not match `.MD`; `opencode` outside `.config` is not
        // its folder.
        assert_eq!(class("/r/.opencode/agent/A.MD"), None);
        assert_eq!(class("/r/src/opencode/agent/a.md"), None);
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

    #[test]
    fn agent_skill_cursor_and_kiro_paths() {
        for p in [
            "/r/.agents/skills/pdf/SKILL.md",
            "/home/u/.agents/skills/pdf/SKILL.md",
            "/r/.github/skills/pdf/SKILL.md",
            "/r/.cursor/skills/pdf/SKILL.md",
            "/r/.gemini/skills/pdf/SKILL.md",
            "/home/u/.copilot/skills/pdf/SKILL.md",
        ] {
            assert_eq!(class(p), Some(Dialect::AgentSkill), "{p}");
        }
        // Claude Code's own folder stays Claude's; other names and depths are not skills.
        assert_eq!(
            class("/r/.claude/skills/pdf/SKILL.md"),
            Some(Dialect::ClaudeSkill)
        );
        assert_eq!(class("/r/.agents/skills/pdf/reference.md"), None);
        assert_eq!(class("/r/.agents/skills/pdf/skill.md"), None);
        assert_eq!(class("/r/.agents/skills/SKILL.md"), None);
        assert_eq!(class("/r/.cursor/agents/a.md"), Some(Dialect::CursorAgent));
        assert_eq!(
            class("/home/u/.cursor/agents/sub/a.md"),
            Some(Dialect::CursorAgent)
        );
        assert_eq!(class("/r/.kiro/agents/a.md"), Some(Dialect::KiroAgent));
        assert_eq!(
            class("/r/.kiro/agents/team/planner.md"),
            Some(Dialect::KiroAgent)
        );
        assert_eq!(class("/r/.kiro/steering/a.md"), None);
        assert_eq!(class("/r/.cursor/rules/a.md"), None);
    }

    #[test]
    fn augment_paths() {
        for p in [
            "/r/.augment/agents/a.md",
            "/home/u/.augment/agents/a.md",
            "/r/.augment/agents/team/a.md",
        ] {
            assert_eq!(class(p), Some(Dialect::AugmentAgent), "{p}");
        }
        // Not read by Auggie: names starting with `.`, other extensions and case.
        assert_eq!(class("/r/.augment/agents/.draft.md"), None);
        assert_eq!(class("/r/.augment/agents/.old/a.md"), None);
        assert_eq!(class("/r/.augment/agents/a.MD"), None);
        assert_eq!(class("/r/.augment/rules/a.md"), None);
    }

    #[test]
    fn qoder_paths() {
        assert_eq!(class("/r/.qoder/agents/a.md"), Some(Dialect::QoderAgent));
        assert_eq!(
            class("/home/u/.qoder/agents/a.md"),
            Some(Dialect::QoderAgent)
        );
        assert_eq!(
            class("/r/.qoder/agents/team/deep/a.md"),
            Some(Dialect::QoderAgent)
        );
        assert_eq!(class("/r/.qoder/agents/_draft.md"), None);
        assert_eq!(class("/r/.qoder/agents/_private/a.md"), None);
        assert_eq!(class("/r/.qoder/agents/a.MD"), None);
        assert_eq!(
            class("/r/.qoder/agents/x.agent.md"),
            Some(Dialect::QoderAgent)
        );
        assert_eq!(class("/r/.qoder/commands/a.md"), None);
    }
}
