//! Lookups for strict products (Gemini CLI): which variant a frontmatter is, and whether an
//! external tool name is well formed.

use super::{DialectSchema, UnknownTools};

impl DialectSchema {
    /// The variant a frontmatter is (Gemini CLI's `kind`): the value of [`Self::variant_key`]
    /// when it names one, else the one variant the variant-specific `keys` belong to, else the
    /// first value of the variant key's field (the default). `None` without variants.
    pub fn variant<'a>(&'a self, kind: Option<&str>, keys: &[&str]) -> Option<&'a str> {
        let field = self.field(self.variant_key.as_deref()?)?;
        if let Some(v) = kind.and_then(|k| field.value(k)) {
            return Some(v.value.as_str());
        }
        let mut found: Vec<&str> = keys
            .iter()
            .filter_map(|k| self.field(k)?.variant.as_deref())
            .collect();
        found.sort_unstable();
        found.dedup();
        match found.as_slice() {
            [one] => field
                .values
                .iter()
                .map(|v| v.value.as_str())
                .find(|v| v == one),
            _ => field.values.first().map(|v| v.value.as_str()),
        }
    }

    /// What is wrong with an external tool name under a strict product (Gemini CLI's MCP names:
    /// the prefix, then `*`, or a server, the prefix's last character and a tool or `*`, both of
    /// letters, digits and `_.:-`, the tool not only `_`). `None`: fine, or not checked.
    pub fn external_tool_problem(&self, name: &str) -> Option<String> {
        if self.unknown_tools != UnknownTools::Rejected {
            return None;
        }
        let prefix = self
            .external_tool_prefixes
            .iter()
            .find(|p| name.starts_with(p.as_str()))?;
        let rest = &name[prefix.len()..];
        if rest == "*" {
            return None;
        }
        let sep = prefix.chars().last()?;
        let part = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
        };
        let Some((server, tool)) = rest
            .split_once(sep)
            .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        else {
            return Some(format!(
                "an MCP tool is written `{prefix}<server>{sep}<tool>`, `{prefix}<server>{sep}*` or `{prefix}*`"
            ));
        };
        if !part(server) || !(tool == "*" || part(tool) && tool.chars().any(|c| c != '_')) {
            return Some("server and tool names use only letters, digits and `_.:-`".into());
        }
        None
    }
}
