//! Settings from disk and the classification that uses them: shared by the server and the CLI.
//! (The analysis layer gets the parsed [`Settings`]; this module does the file system work.)

use std::path::{Path, PathBuf};

use crate::analysis::{FileContext, Settings};
use crate::schema::{self, Dialect};

/// The name of the configuration file, looked for at the workspace root.
pub const FILE_NAME: &str = ".agentls.toml";

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
        self
    }
}

/// The dialect of `path`: a configured glob first, then the built-in path rules (which look for
/// a plugin manifest on disk).
pub fn classify(settings: &Settings, path: &Path) -> Option<Dialect> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let unix = abs.to_string_lossy().replace('\\', "/");
    settings
        .dialect_for(&unix)
        .or_else(|| schema::classify(&abs, &schema::plugin_manifest_exists))
}

/// [`classify`] and the file context in one step.
pub fn file_context(settings: &Settings, path: &Path) -> Option<FileContext> {
    let dialect = classify(settings, path)?;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Some(FileContext::from_path(&abs, dialect))
}
