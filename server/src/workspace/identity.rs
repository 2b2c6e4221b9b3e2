//! Who a file is: its name per dialect, the scope its name must be unique in, and for plugin
//! files the plugin-qualified name.

use std::path::{Path, PathBuf};

use internment::ArcIntern;

use crate::analysis::summary::FileSummary;
use crate::schema::Dialect;
use crate::text::Name;

/// The product a file belongs to. References resolve first within their family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Claude,
    Copilot,
    OpenCode,
    Gemini,
    Qwen,
    /// Agent Skills outside Claude Code's folders.
    AgentSkills,
    Cursor,
    Kiro,
    Kilo,
    Augment,
    Qoder,
    Factory,
}

impl Family {
    pub fn of(dialect: Dialect) -> Family {
        match dialect {
            Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand => Family::Claude,
            Dialect::CopilotAgent | Dialect::CopilotChatMode => Family::Copilot,
            Dialect::OpenCodeAgent => Family::OpenCode,
            Dialect::GeminiAgent => Family::Gemini,
            Dialect::QwenAgent => Family::Qwen,
            Dialect::AgentSkill => Family::AgentSkills,
            Dialect::CursorAgent => Family::Cursor,
            Dialect::KiroAgent => Family::Kiro,
            Dialect::KiloAgent => Family::Kilo,
            Dialect::AugmentAgent => Family::Augment,
            Dialect::QoderAgent => Family::Qoder,
            Dialect::FactoryDroid => Family::Factory,
        }
    }
}

/// What a file defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Agent,
    Skill,
    Command,
}

impl Kind {
    pub fn of(dialect: Dialect) -> Kind {
        match dialect {
            Dialect::ClaudeSkill | Dialect::AgentSkill => Kind::Skill,
            Dialect::ClaudeCommand => Kind::Command,
            _ => Kind::Agent,
        }
    }
}

/// The folder within which names must be unique ([`Origin::scope`]): one shared copy for all
/// the files of a folder, compared by pointer.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Scope(ArcIntern<PathBuf>);

impl Scope {
    pub fn new(folder: &Path) -> Scope {
        Scope(ArcIntern::from_ref(folder))
    }
}

impl Default for Scope {
    fn default() -> Scope {
        // One copy, shared: interning takes a lock.
        static EMPTY: std::sync::OnceLock<Scope> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| Scope::new(Path::new(""))).clone()
    }
}

impl std::ops::Deref for Scope {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0.as_path()
    }
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.as_path(), f)
    }
}

/// Facts about a file's place on disk, found once when it is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// For a plugin's file: the plugin's name (`plugin.json` `name`, else its folder's name).
    pub plugin: Option<String>,
    /// Folders between the plugin's `agents/` folder and the file (`review` in
    /// `agents/review/security.md`): they become part of the qualified name.
    pub plugin_subfolders: Vec<String>,
    /// The folder within which names must be unique: the `.claude`, `.opencode` or
    /// `.github/agents` folder, the plugin root, or the file's folder.
    pub scope: Scope,
    /// OpenCode's path-derived name (the path after `agent/` or `agents/`, without `.md`); the
    /// Copilot CLI's (the path after `.github/agents/`, folders joined by `--`).
    pub path_name: Option<String>,
    /// The file name without `.md` / `.agent.md` / `.chatmode.md`.
    pub stem: Box<str>,
    /// The name of the file's folder (shared: most are `agents`).
    pub folder: Name,
}

/// The name(s) a file answers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub kind: Kind,
    pub family: Family,
    pub name: String,
    /// `plugin:name` (with subfolders: `plugin:sub:name`).
    pub qualified: Option<String>,
    /// The name is the frontmatter `name` (else it comes from the path).
    pub from_field: bool,
}

impl Identity {
    /// The names to find the file under.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.qualified.as_deref())
    }

    /// The names, [`loose`]: a reference can resolve to the file only if its name is one of
    /// them loosely.
    pub fn loose_names(&self) -> Vec<String> {
        self.names().map(loose).collect()
    }
}

/// A name for loose matching: lowercase, without `-`, `_`, `:` and spaces. Claude Code matches
/// `subagent_type` like that (`"Code Reviewer"` finds `code-reviewer`), which also makes the
/// `plugin-agent` and `plugin::agent` spellings find `plugin:agent`.
pub fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ':' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `loose(name) == key` for a `key` already [`loose`], without allocating.
pub(super) fn loose_eq(name: &str, key: &str) -> bool {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ':' | ' '))
        .flat_map(char::to_lowercase)
        .eq(key.chars())
}

/// Where `path` (absolute, classified as `dialect`) sits. Reads `plugin.json` for plugin files.
pub fn origin(path: &Path, dialect: Dialect) -> Origin {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parent = path.parent().unwrap_or(Path::new(""));
    let mut o = Origin {
        stem: crate::schema::file_stem(name).into(),
        folder: Name::new(parent.file_name().and_then(|n| n.to_str()).unwrap_or("")),
        ..Origin::default()
    };
    // Interned once, at the end (an interning takes a lock shared by the indexing threads).
    let mut scope: &Path = parent;
    let ancestors: Vec<&Path> = parent.ancestors().collect();
    let named = |p: &Path, n: &str| p.file_name().is_some_and(|f| f == n);
    let family = Family::of(dialect);
    match family {
        Family::Claude => {
            // The innermost `.claude` folder, or else a plugin root.
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".claude")) {
                o.scope = Scope::new(dot);
                return o;
            }
            let folder = match dialect {
                Dialect::ClaudeSkill => "skills",
                Dialect::ClaudeCommand => "commands",
                _ => "agents",
            };
            for (i, a) in ancestors.iter().enumerate() {
                if !named(a, folder) {
                    continue;
                }
                let Some(root) = a.parent() else { continue };
                let manifest = root.join(".claude-plugin").join("plugin.json");
                if !manifest.is_file() {
                    continue;
                }
                o.plugin = Some(plugin_name(&manifest).unwrap_or_else(|| {
                    root.file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("")
                        .to_string()
                }));
                if dialect == Dialect::ClaudeAgent {
                    o.plugin_subfolders = ancestors[..i]
                        .iter()
                        .rev()
                        .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
                        .map(str::to_string)
                        .collect();
                }
                scope = root;
                break;
            }
        }
        // The Copilot CLI names a file in `.github/agents` or `~/.copilot/agents` without a
        // `name` after its path: `sub/x.agent.md` → `sub--x`, `m.chatmode.md` → `m.chatmode`
        // (tests/conformance/copilot-cli).
        Family::Copilot => {
            let comps: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
            let folder = (1..comps.len())
                .rev()
                .find(|&i| comps[i] == "agents" && matches!(comps[i - 1], ".github" | ".copilot"));
            if let (Dialect::CopilotAgent, Some(i)) = (dialect, folder) {
                let rest = comps[i + 1..].join("--");
                let rest = rest
                    .strip_suffix(".agent.md")
                    .or_else(|| rest.strip_suffix(".md"))
                    .unwrap_or(&rest);
                o.path_name = Some(rest.to_string());
            }
        }
        Family::AgentSkills => {}
        // Project agents shadow user agents of the same name: the scope is the dot folder.
        Family::Cursor => {
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".cursor")) {
                scope = dot;
            }
        }
        // `.kiro/agents/team/planner.md` is `team/planner`.
        Family::Kiro => {
            if let Some(agents) = ancestors
                .iter()
                .find(|a| named(a, "agents") && a.parent().is_some_and(|p| named(p, ".kiro")))
                && let Ok(rest) = path.strip_prefix(agents)
            {
                let rest: Vec<&str> = rest.iter().filter_map(|c| c.to_str()).collect();
                let rest = rest.join("/");
                o.path_name = Some(rest.strip_suffix(".md").unwrap_or(&rest).to_string());
                scope = agents.parent().unwrap_or(agents);
            }
        }
        // Names are unique across the project's and the user's `.gemini/agents` and the
        // extensions: the scope is the `.gemini` folder.
        Family::Gemini => {
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".gemini")) {
                scope = dot;
            }
        }
        // A project agent shadows a user agent of the same name: the scope is the `.qwen` folder.
        Family::Qwen => {
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".qwen")) {
                scope = dot;
            }
        }
        // A project droid shadows a personal droid of the same name: the scope is the `.factory`
        // folder.
        Family::Factory => {
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".factory")) {
                scope = dot;
            }
        }
        // A project agent shadows a user agent of the same name: the scope is the `.qoder` folder.
        Family::Qoder => {
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".qoder")) {
                scope = dot;
            }
        }
        // A file's name is its path below `.augment/agents` (`team/review.md`), subfolders
        // included; names are unique within the `.augment` folder.
        Family::Augment => {
            let comps: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
            if let Some(i) = (1..comps.len())
                .rev()
                .find(|&i| comps[i] == "agents" && comps[i - 1] == ".augment")
            {
                let rest = comps[i + 1..].join("/");
                o.path_name = Some(rest.strip_suffix(".md").unwrap_or(&rest).to_string());
            }
            if let Some(dot) = ancestors.iter().find(|a| named(a, ".augment")) {
                scope = dot;
            }
        }
        Family::OpenCode | Family::Kilo => {
            // `.opencode/agent/review/security.md` → `review/security`; Kilo's modes too.
            let folders: &[&str] = if family == Family::Kilo {
                &["agent", "agents", "mode", "modes"]
            } else {
                &["agent", "agents"]
            };
            let comps: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
            if let Some(i) = comps.iter().rposition(|c| folders.contains(c)) {
                let rest = comps[i + 1..].join("/");
                let rest = rest.strip_suffix(".md").unwrap_or(&rest).to_string();
                o.path_name = Some(rest);
                if let Some(folder) = ancestors
                    .iter()
                    .find(|a| folders.iter().any(|f| named(a, f)))
                {
                    scope = folder.parent().unwrap_or(folder);
                }
            }
        }
    }
    o.scope = Scope::new(scope);
    o
}

fn plugin_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = json.get("name")?.as_str()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The identity of a file, or `None` when the dialect loads nothing from it (a Claude Code
/// project agent without `name` is documentation).
pub fn identify(summary: &FileSummary, origin: &Origin) -> Option<Identity> {
    let dialect = summary.dialect;
    let field = summary
        .name
        .as_ref()
        .map(|n| n.value.trim())
        .filter(|n| !n.is_empty());
    let (name, from_field) = match (dialect, field) {
        (Dialect::ClaudeCommand, _) => (origin.stem.to_string(), false),
        (_, Some(n)) => (n.to_string(), true),
        (Dialect::ClaudeAgent, None) if origin.plugin.is_some() => (origin.stem.to_string(), false),
        (
            Dialect::ClaudeAgent | Dialect::GeminiAgent | Dialect::QwenAgent | Dialect::QoderAgent,
            None,
        ) => return None,
        (Dialect::ClaudeSkill | Dialect::AgentSkill, None) => (origin.folder.to_string(), false),
        (Dialect::KiroAgent | Dialect::AugmentAgent, None) => (
            origin
                .path_name
                .clone()
                .unwrap_or_else(|| origin.stem.to_string()),
            false,
        ),
        // Cursor names an agent without `name` after its file, spaces and `_` made `-`.
        (Dialect::CursorAgent, None) => (origin.stem.replace([' ', '_'], "-"), false),
        (Dialect::OpenCodeAgent | Dialect::KiloAgent, None) => (
            origin
                .path_name
                .clone()
                .unwrap_or_else(|| origin.stem.to_string()),
            false,
        ),
        (Dialect::CopilotAgent | Dialect::CopilotChatMode, None) => (
            origin
                .path_name
                .clone()
                .unwrap_or_else(|| origin.stem.to_string()),
            false,
        ),
        (Dialect::FactoryDroid, None) => (origin.stem.to_string(), false),
    };
    // A product that turns other characters into `-` registers the name that way.
    let name =
        if crate::schema::spec::schema(dialect).name_rule == crate::schema::spec::NameRule::Word {
            crate::schema::spec::word_name(&name)
        } else {
            name
        };
    if name.is_empty() {
        return None;
    }
    let qualified = origin.plugin.as_ref().map(|p| {
        let mut parts = vec![p.as_str()];
        parts.extend(origin.plugin_subfolders.iter().map(String::as_str));
        parts.push(&name);
        parts.join(":")
    });
    Some(Identity {
        kind: Kind::of(dialect),
        family: Family::of(dialect),
        name,
        qualified,
        from_field,
    })
}
