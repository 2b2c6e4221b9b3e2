//! User settings, as plain data: from `.agentls.toml`, `initializationOptions` or
//! `workspace/didChangeConfiguration` (the loading is done above this layer).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Diagnostic, Severity};
use crate::schema::Dialect;

/// A severity, or `off` to silence a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    Severity(Severity),
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
            return Ok(Level::Off);
        }
        Severity::parse(&s).map(Level::Severity).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown severity `{s}`: use error, warning, information, hint or off"
            ))
        })
    }
}

/// The type of a team's own frontmatter key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomKeyType {
    String,
    Boolean,
    Integer,
    Number,
    /// A list of strings (or one comma-separated string).
    List,
    Map,
    Any,
}

/// A custom key: its type, and optionally its allowed values and documentation.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum CustomKey {
    /// `complexity = "string"`
    Type(CustomKeyType),
    /// `complexity = { type = "string", values = ["low", "high"], doc = "..." }`
    Full {
        #[serde(rename = "type")]
        ty: CustomKeyType,
        #[serde(default)]
        values: Vec<String>,
        #[serde(default)]
        doc: Option<String>,
    },
}

impl CustomKey {
    pub fn ty(&self) -> CustomKeyType {
        match self {
            CustomKey::Type(t) | CustomKey::Full { ty: t, .. } => *t,
        }
    }

    pub fn values(&self) -> &[String] {
        match self {
            CustomKey::Type(_) => &[],
            CustomKey::Full { values, .. } => values,
        }
    }

    pub fn doc(&self) -> Option<&str> {
        match self {
            CustomKey::Type(_) => None,
            CustomKey::Full { doc, .. } => doc.as_deref(),
        }
    }
}

/// Every setting agentls understands. Keys are accepted in camelCase (editor settings) and in
/// kebab-case or snake_case (`.agentls.toml`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Severity per diagnostic code, or `off`.
    pub severity: BTreeMap<String, Level>,
    /// Dialect per glob (`"**/prompts/*.md" = "claude-agent"`), tried before the built-in paths.
    pub dialects: BTreeMap<String, String>,
    /// A team's own frontmatter keys, with their types.
    #[serde(alias = "custom-keys", alias = "custom_keys")]
    pub custom_keys: BTreeMap<String, CustomKey>,
    /// Values offered for capability-like list keys (`capabilities:`).
    pub capabilities: Vec<String>,
    /// Tool names to accept besides the built-in ones (an internal MCP gateway's tools, say).
    #[serde(alias = "extra-tools", alias = "extra_tools")]
    pub extra_tools: Vec<String>,
    /// Index the user-level `~/.claude/agents` folder too.
    #[serde(alias = "user-agents", alias = "user_agents")]
    pub user_agents: bool,
    /// The tools the team uses, by target id (`gemini-cli`); empty: inferred from the folders.
    pub targets: Vec<String>,
    /// The tools inferred from the workspace's folders (set by the server and `check`; never
    /// read from the settings).
    #[serde(skip)]
    pub inferred_targets: Vec<String>,
}

impl Settings {
    /// Parse settings from JSON (LSP). Accepts the object itself or one wrapped in `agentls`.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        let inner = value.get("agentls").unwrap_or(value);
        if inner.is_null() {
            return Ok(Settings::default());
        }
        Settings::deserialize(inner)
            .map_err(|e| e.to_string())?
            .checked()
    }

    /// Parse `.agentls.toml`.
    pub fn from_toml(text: &str) -> Result<Settings, String> {
        toml::from_str::<Settings>(text)
            .map_err(|e| e.to_string())?
            .checked()
    }

    /// The settings, or what is wrong with a `dialects` glob.
    fn checked(self) -> Result<Settings, String> {
        for glob in self.dialects.keys() {
            crate::schema::glob::Glob::new(glob)
                .map_err(|e| format!("dialects: the glob `{glob}` is invalid: {e}"))?;
        }
        Ok(self)
    }

    /// The level configured for `code`, if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.severity.get(code).copied()
    }

    /// The severity `code` is reported with, given the one it has by default; `None` when the
    /// settings turn it off.
    pub fn severity_for(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.level(code) {
            Some(Level::Off) => None,
            Some(Level::Severity(s)) => Some(s),
            None => Some(default),
        }
    }

    /// Apply the per-code severity settings (`[severity]`): codes set to `off` are dropped, the
    /// others take the configured severity. Every producer of diagnostics goes through here.
    pub fn apply_severities(&self, diags: &mut Vec<Diagnostic>) {
        diags.retain_mut(|d| match self.severity_for(d.code, d.severity) {
            None => false,
            Some(s) => {
                d.severity = s;
                true
            }
        });
    }

    /// The dialect the settings assign to `path` (a `/`-separated path), if a glob matches.
    pub fn dialect_for(&self, path: &str) -> Option<Dialect> {
        self.dialects
            .iter()
            .find(|(glob, _)| glob_matches(glob, path))
            .and_then(|(_, id)| Dialect::from_id(id))
    }
}

pub use crate::schema::glob::glob_matches;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_forms() {
        let toml = r#"
            capabilities = ["review", "testing"]
            extra-tools = ["InternalSearch"]
            [severity]
            unknown-key = "off"
            invalid-name = "hint"
            [dialects]
            "**/prompts/*.md" = "claude-agent"
            [custom-keys]
            complexity = { type = "string", values = ["low", "high"] }
            auto_activate = "boolean"
        "#;
        let s = Settings::from_toml(toml).unwrap();
        assert_eq!(s.level("unknown-key"), Some(Level::Off));
        assert_eq!(
            s.level("invalid-name"),
            Some(Level::Severity(Severity::Hint))
        );
        assert_eq!(s.custom_keys["complexity"].values(), ["low", "high"]);
        assert_eq!(s.custom_keys["auto_activate"].ty(), CustomKeyType::Boolean);
        assert_eq!(
            s.dialect_for("/r/team/prompts/a.md"),
            Some(Dialect::ClaudeAgent)
        );
        assert_eq!(s.dialect_for("/r/team/prompts/sub/a.md"), None);
        let bad = Settings::from_toml("[dialects]\n\"prompts/[a.md\" = \"claude-agent\"\n");
        assert!(bad.unwrap_err().contains("prompts/[a.md"));
        let json = serde_json::json!({"agentls": {"severity": {"yaml-syntax": "warning"}, "customKeys": {"version": "string"}, "extraTools": ["X"], "userAgents": true}});
        let s = Settings::from_json(&json).unwrap();
        assert_eq!(s.extra_tools, ["X"]);
        assert!(s.user_agents);
        assert!(Settings::from_toml("[severity]\nx = \"loud\"").is_err());
    }
}
