//! Settings from disk and the classification that uses them: shared by the server and the CLI.
//! (The analysis layer gets the parsed [`Settings`]; this module does the file system work.)

use std::path::{Component, Path, PathBuf};

mod declare;

pub use declare::{Declaration, declare_custom_key};

use crate::analysis::{FileContext, Settings};
use crate::schema::{self, Dialect};

/// The name of the configuration file, looked for at the workspace root.
pub const FILE_NAME: &str = ".agentls.toml";

/// `path` made absolute, with `.` and `..` resolved (without touching the disk): the form of
/// every path in the index.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    normalize(&abs)
}

/// [`absolute`] for a walk of many paths: `cwd` is the current folder, asked once.
pub fn absolute_in(cwd: &Path, path: &Path) -> PathBuf {
    normalize(&cwd.join(path))
}

/// Remove `.` and resolve `..` without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The nearest `.agentls.toml` at or above `start`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Load settings from a `.agentls.toml` file.
/// The text of the `.agentls.toml` of `root`, if there is one (to tell whether it changed).
pub fn read_settings_text(root: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(FILE_NAME)).ok()
}

pub fn load(path: &Path) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Settings::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl Settings {
    /// Layer `over` on top of `self`: its maps' entries and lists are added, its switches win.
    pub fn merged(mut self, over: &Settings) -> Settings {
        self.severity
            .extend(over.severity.iter().map(|(k, v)| (k.clone(), *v)));
        self.dialects
            .extend(over.dialects.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.custom_keys
            .extend(over.custom_keys.iter().map(|(k, v)| (k.clone(), v.clone())));
        for c in &over.capabilities {
            if !self.capabilities.contains(c) {
                self.capabilities.push(c.clone());
            }
        }
        for t in &over.extra_tools {
            if !self.extra_tools.contains(t) {
                self.extra_tools.push(t.clone());
            }
        }
        self.user_agents |= over.user_agents;
        if !over.targets.is_empty() {
            self.targets = over.targets.clone();
        }
        if !over.inferred_targets.is_empty() {
            self.inferred_targets = over.inferred_targets.clone();
        }
        self
    }
}

/// The dialect of `path`: a configured glob first, then the built-in path rules (which look for
/// a plugin manifest on disk).
pub fn classify(settings: &Settings, path: &Path) -> Option<Dialect> {
    classify_absolute(settings, &absolute(path))
}

/// [`classify`] of a path already made [`absolute`].
pub fn classify_absolute(settings: &Settings, abs: &Path) -> Option<Dialect> {
    let unix = abs.to_string_lossy().replace('\\', "/");
    settings
        .dialect_for(&unix)
        .or_else(|| schema::classify(abs, &schema::plugin_manifest_exists))
}

/// [`classify`] and the file context in one step.
pub fn file_context(settings: &Settings, path: &Path) -> Option<FileContext> {
    let dialect = classify(settings, path)?;
    let abs = absolute(path);
    Some(FileContext::from_path(&abs, dialect).with_readers(&abs, settings))
}

/// The targets whose marker folders (`.gemini`, `.qwen`...) exist at one of `roots`, by id.
pub fn infer_targets(roots: &[PathBuf]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for root in roots {
        let exists = |p: &str| root.join(p).exists();
        for t in schema::targets::infer(schema::targets::targets(), &exists) {
            if !out.contains(&t.id) {
                out.push(t.id.clone());
            }
        }
    }
    out
}

/// MCP servers configured for a workspace: `.mcp.json` and `.claude/settings*.json` in each root
/// and the folders above it (Claude Code reads the project's files from the repository root).
pub fn mcp_servers(roots: &[PathBuf]) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        let Ok(abs) = std::path::absolute(root) else {
            continue;
        };
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            if !seen.insert(d.to_path_buf()) {
                break;
            }
            for file in [
                d.join(".mcp.json"),
                d.join(".claude").join("settings.json"),
                d.join(".claude").join("settings.local.json"),
            ] {
                read_mcp_names(&file, &mut out);
            }
            dir = d.parent();
        }
    }
    out
}

fn read_mcp_names(path: &Path, out: &mut std::collections::BTreeSet<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    if let Some(servers) = value.get("mcpServers").and_then(|v| v.as_object()) {
        out.extend(servers.keys().cloned());
    }
    if let Some(enabled) = value
        .get("enabledMcpjsonServers")
        .and_then(|v| v.as_array())
    {
        out.extend(
            enabled
                .iter()
                .filter_map(|v| v.as_str())
                .map(str::to_string),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_inferred_from_the_folders_of_the_roots() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        assert!(infer_targets(std::slice::from_ref(&root)).is_empty());
        std::fs::create_dir_all(root.join(".gemini")).unwrap();
        std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
        std::fs::write(root.join("opencode.json"), "{}").unwrap();
        assert_eq!(infer_targets(&[root]), ["opencode", "gemini-cli"]);
    }

    #[test]
    fn reads_mcp_servers_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(".mcp.json"),
            r#"{"mcpServers": {"github": {}, "db": {}}}"#,
        )
        .unwrap();
        std::fs::create_dir_all(root.join(".claude/agents")).unwrap();
        std::fs::write(
            root.join(".claude/settings.json"),
            r#"{"enabledMcpjsonServers": ["jira"]}"#,
        )
        .unwrap();
        let names = mcp_servers(&[root.join(".claude/agents")]);
        assert!(
            ["github", "db", "jira"].iter().all(|n| names.contains(*n)),
            "{names:?}"
        );
        std::fs::write(root.join(FILE_NAME), "[severity]\nunknown-key = \"off\"\n").unwrap();
        let found = find(&root.join(".claude/agents")).unwrap();
        assert_eq!(load(&found).unwrap().severity.len(), 1);
    }
}
