//! Tools: tool names in every way a tool list is written, MCP servers, and the specifiers inside
//! `Tool(...)`.

use std::collections::BTreeSet;
use std::ops::Range;

use super::context::CompletionContext;
use super::item::{CompletionItem, CompletionKind, sort};
use super::values::names;
use crate::analysis::cursor::{self, Shape, Sibling, ValueAt};
use crate::analysis::hover::{has_members, shorten, tool_markdown};
use crate::schema::spec::{self, Specifier, ToolStatus};
use crate::schema::{Dialect, Role};
use crate::syntax::NodeKind;

impl CompletionContext<'_> {
    /// Tool names for a tool list.
    // Long: the tool names of every source (schema, MCP servers, settings) in the order and form
    // each list style needs; one pass keeps that order in one place.
    pub(super) fn tool_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let v = &self.narrow_space_separated(v);
        let ci = self.schema.tool_names_case_insensitive;
        let norm = |s: &str| {
            if ci {
                s.to_ascii_lowercase()
            } else {
                s.to_string()
            }
        };
        let listed: BTreeSet<String> = v
            .siblings
            .iter()
            .map(|s| norm(spec::split_specifier(&s.text).0))
            .collect();
        let is_listed = |name: &str| {
            listed.contains(&norm(name))
                || self
                    .schema
                    .tool(name)
                    .is_some_and(|t| listed.contains(&norm(&t.name)))
        };
        let mut out = Vec::new();
        for (i, t) in self.schema.tools.iter().enumerate() {
            if matches!(t.status, ToolStatus::Renamed | ToolStatus::Removed) || is_listed(&t.name) {
                continue;
            }
            let mut item = self.value_item(&t.name, CompletionKind::Tool, v, false);
            item.deprecated = t.status == ToolStatus::Deprecated;
            item.documentation = Some(tool_markdown(self.schema, t, &t.name));
            let set = !t.name.contains('/') && has_members(self.schema, &t.name);
            item.detail = Some(if item.deprecated {
                match &t.replacement {
                    Some(r) => format!("deprecated: use {r}"),
                    None => "deprecated".to_string(),
                }
            } else if t.name.ends_with("/*") {
                "MCP server".to_string()
            } else if set {
                "tool set".to_string()
            } else {
                "tool".to_string()
            });
            let group = if item.deprecated {
                9
            } else if t.name.contains('/') {
                2
            } else if t.unconfirmed {
                3
            } else {
                0
            };
            item.sort_text = Some(sort(group, i, &t.name));
            out.push(item);
        }
        for (i, name) in self.env.settings.extra_tools.iter().enumerate() {
            if is_listed(name) {
                continue;
            }
            let mut item = self.value_item(name, CompletionKind::Tool, v, false);
            item.detail = Some("extra tool (settings)".to_string());
            item.sort_text = Some(sort(1, i, name));
            out.push(item);
        }
        for (i, server) in self.mcp_servers().iter().enumerate() {
            let name = if self
                .schema
                .external_tool_prefixes
                .iter()
                .any(|p| p == "mcp__")
            {
                format!("mcp__{server}__*")
            } else if let Some(sep) = &self.schema.external_tool_separator {
                format!("{server}{sep}*")
            } else {
                continue;
            };
            let bare = format!("mcp__{server}");
            if is_listed(&name) || is_listed(&bare) {
                continue;
            }
            let mut item = self.value_item(&name, CompletionKind::Tool, v, false);
            item.detail = Some(format!("all tools of MCP server {server}"));
            item.documentation = Some(format!(
                "**`{name}`** · MCP tools\n\nEvery tool of the MCP server `{server}`."
            ));
            item.sort_text = Some(sort(1, 100 + i, &name));
            out.push(item);
        }
        out.extend(self.agent_tool_values(v));
        out
    }

    /// `<prefix><agent>` for a product whose agents are tools (`agent_tool_prefix`: Auggie's
    /// `sub-agent-reviewer`): the agents not listed yet, after the tools.
    fn agent_tool_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let Some(prefix) = self.schema.agent_tool_prefix.as_deref() else {
            return Vec::new();
        };
        let listed: Vec<String> = v
            .siblings
            .iter()
            .filter_map(|s| s.text.strip_prefix(prefix).map(str::to_string))
            .collect();
        self.agents(&listed)
            .into_iter()
            .enumerate()
            .map(|(i, (name, doc, builtin))| {
                let tool = format!("{prefix}{name}");
                let mut item = self.value_item(&tool, CompletionKind::Agent, v, false);
                item.documentation = doc;
                item.detail = Some(
                    if builtin {
                        "calls the built-in agent"
                    } else {
                        "calls the agent"
                    }
                    .to_string(),
                );
                item.sort_text = Some(sort(4 + u8::from(builtin), i, &tool));
                item
            })
            .collect()
    }

    /// Skills and commands also take space-separated tool strings: complete the word under the
    /// cursor when the string has no comma.
    pub(super) fn narrow_space_separated(&self, v: &ValueAt) -> ValueAt {
        let spaces = matches!(
            self.file.dialect,
            Dialect::ClaudeSkill | Dialect::ClaudeCommand | Dialect::AgentSkill
        );
        if !spaces || v.shape != Shape::Scalar || v.whole.text.contains(',') {
            return v.clone();
        }
        let mut depth = 0i32;
        let mut words: Vec<Range<usize>> = Vec::new();
        let mut start = None;
        let text = &v.whole.text;
        for (i, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if c.is_whitespace() && depth <= 0 {
                if let Some(s) = start.take() {
                    words.push(s..i);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            words.push(s..text.len());
        }
        let cursor = v.whole.range.start + v.whole.typed.len();
        let base = v.whole.range.start;
        let cur = words
            .iter()
            .position(|r| base + r.start <= cursor && cursor <= base + r.end);
        let mut out = v.clone();
        let (range, typed) = match cur {
            Some(k) => {
                let r = words[k].clone();
                let typed = text[r.start..cursor - base].to_string();
                (base + r.start..base + r.end, typed)
            }
            None => (cursor..cursor, String::new()),
        };
        out.siblings = words
            .iter()
            .enumerate()
            .filter(|(k, _)| Some(*k) != cur)
            .map(|(_, r)| Sibling {
                text: text[r.clone()].to_string(),
                quote: None,
            })
            .collect();
        out.token = cursor::Token {
            text: text[range.start - base..range.end - base].to_string(),
            range,
            typed,
        };
        out
    }

    /// MCP servers: the workspace's, plus the ones this file configures itself.
    pub(super) fn mcp_servers(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.env.workspace.mcp_servers.clone();
        for field in self.schema.fields_with_role(Role::McpServers) {
            let key = field.name.as_str();
            let Some(node) = self.doc.yaml().get(key).and_then(|e| e.value.as_ref()) else {
                continue;
            };
            match &node.kind {
                NodeKind::Sequence { items, .. } => {
                    for item in items {
                        match &item.kind {
                            NodeKind::Scalar(s) if !s.value.is_empty() => {
                                out.insert(s.value.clone());
                            }
                            NodeKind::Mapping { entries, .. } => {
                                out.extend(entries.iter().map(|e| e.key.clone()));
                            }
                            _ => {}
                        }
                    }
                }
                NodeKind::Mapping { entries, .. } => {
                    out.extend(entries.iter().map(|e| e.key.clone()));
                }
                _ => {}
            }
        }
        out
    }

    pub(super) fn mcp_server_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let listed = names(&v.siblings);
        self.env
            .workspace
            .mcp_servers
            .iter()
            .filter(|s| !listed.contains(*s))
            .enumerate()
            .map(|(i, s)| {
                let mut item = self.value_item(s, CompletionKind::Value, v, false);
                item.detail = Some("MCP server of this workspace".to_string());
                item.sort_text = Some(sort(0, i, s));
                item
            })
            .collect()
    }

    /// Inside `Tool(...)`: agent names for `Agent(`, skill names for `Skill(`.
    pub(super) fn specifier_values(
        &self,
        tool: &str,
        s: &cursor::SpecifierAt,
    ) -> Vec<CompletionItem> {
        let Some(t) = self.schema.tool(tool) else {
            return Vec::new();
        };
        let replace = s.token.range.clone();
        let glued = s.token.typed.is_empty() && {
            let before = self
                .doc
                .text()
                .slice(replace.start.saturating_sub(1)..replace.start);
            before == ","
        };
        let prefix = if glued { " " } else { "" };
        match t.specifier {
            Specifier::AgentTypes => self
                .agents(&s.others)
                .into_iter()
                .enumerate()
                .map(|(i, (name, doc, builtin))| {
                    let mut item =
                        CompletionItem::new(&name, CompletionKind::Agent, replace.clone());
                    item.insert_text = format!("{prefix}{name}");
                    item.filter_text = Some(name.clone());
                    item.documentation = doc;
                    item.detail =
                        Some(if builtin { "built-in agent" } else { "agent" }.to_string());
                    item.sort_text = Some(sort(u8::from(builtin), i, &name));
                    item
                })
                .collect(),
            Specifier::Skill => self
                .env
                .workspace
                .skills
                .iter()
                .filter(|sk| !s.others.contains(&sk.name))
                .enumerate()
                .map(|(i, sk)| {
                    let mut item =
                        CompletionItem::new(&sk.name, CompletionKind::Skill, replace.clone());
                    item.insert_text = format!("{prefix}{}", sk.name);
                    item.filter_text = Some(sk.name.clone());
                    item.documentation = sk.description.as_deref().map(|d| shorten(d, 600));
                    item.detail = Some("skill".to_string());
                    item.sort_text = Some(sort(0, i, &sk.name));
                    item
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}
