//! Keys: the keys not yet present at the top level, in list items and in maps (with a snippet
//! for the value), and the header snippet of a new file.

use std::ops::Range;

use super::context::CompletionContext;
use super::item::{
    CompletionItem, CompletionKind, InsertFormat, choice_escape, snippet_escape, sort,
};
use crate::analysis::cursor::Seg;
use crate::analysis::hover::{self, field_markdown, is_tool_map, tool_markdown};
use crate::analysis::settings::{CustomKey, CustomKeyType};
use crate::schema::spec::{self, FieldKind, FieldSpec, ToolsForm};
use crate::schema::{Dialect, Role};

impl CompletionContext<'_> {
    pub(super) fn header(&self, replace: Range<usize>) -> Vec<CompletionItem> {
        let d = self.file.dialect;
        let stem = match d {
            Dialect::ClaudeSkill | Dialect::AgentSkill => self.file.folder.clone(),
            _ => self.file.file_stem.clone(),
        }
        .unwrap_or_else(|| "my-agent".to_string());
        let stem = snippet_escape(&stem);
        let (label, body) = match d {
            Dialect::ClaudeAgent => (
                "Claude Code agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:Use this agent when ...}}\ntools: ${{3:Read, Grep, Glob}}\nmodel: ${{4|inherit,sonnet,opus,haiku|}}\n"
                ),
            ),
            Dialect::ClaudeSkill => (
                "Claude Code skill header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the skill does and when to use it}}\n"
                ),
            ),
            Dialect::ClaudeCommand => (
                "Claude Code command header",
                "description: ${1:What the command does}\nargument-hint: ${2:[args]}\n".to_string(),
            ),
            Dialect::CopilotAgent => (
                "Copilot custom agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent is for}}\ntools: [${{3:'read', 'search', 'edit'}}]\n"
                ),
            ),
            Dialect::CopilotChatMode => (
                "Copilot chat mode header",
                "description: ${1:What the chat mode is for}\ntools: [${2:'read', 'search'}]\n"
                    .to_string(),
            ),
            Dialect::GeminiAgent => (
                "Gemini CLI agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent does and when to use it}}\ntools:\n  - ${{3:read_file}}\n"
                ),
            ),
            Dialect::QwenAgent => (
                "Qwen Code agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent does and when to use it}}\ntools:\n  - ${{3:read_file}}\n"
                ),
            ),
            Dialect::AgentSkill => (
                "Agent Skills skill header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the skill does and when to use it}}\n"
                ),
            ),
            Dialect::CursorAgent => (
                "Cursor subagent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent does and when to use it}}\nmodel: ${{3|inherit,fast|}}\n"
                ),
            ),
            Dialect::KiroAgent => (
                "Kiro agent header",
                "description: ${1:What the agent does and when to use it}\ntools: [${2:read, write, shell}]\n"

                    .to_string(),
            ),
            Dialect::KiloAgent => (
                "Kilo Code agent header",
                "description: ${1:What the agent does and when to use it}\nmode: ${2|subagent,primary,all|}\n"
                    .to_string(),
            ),
            Dialect::AugmentAgent => (
                "Auggie CLI agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent does and when to use it}}\ntools:\n  - ${{3:view}}\n"
                ),
            ),
            Dialect::QoderAgent => (
                "Qoder CLI agent header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the agent does and when to use it}}\ntools: ${{3:Read, Grep, Glob}}\n"
                ),
            ),
            Dialect::FactoryDroid => (
                "Factory droid header",
                format!(
                    "name: ${{1:{stem}}}\ndescription: ${{2:What the droid does and when to use it}}\nmodel: ${{3:inherit}}\ntools: [${{4:Read, Grep, Glob}}]\n"
                ),
            ),
            Dialect::OpenCodeAgent => (
                "OpenCode agent header",
                "description: ${1:What the agent does and when to use it}\nmode: ${2|subagent,primary,all|}\n"
                    .to_string(),
            ),
        };
        let mut item = CompletionItem::new("---", CompletionKind::Snippet, replace);
        item.detail = Some(label.to_string());
        item.insert_text = format!("---\n{body}---\n\n$0");
        item.documentation = Some(format!(
            "Frontmatter for a new {} {}.",
            d.product(),
            d.noun()
        ));
        item.format = InsertFormat::Snippet;
        item.filter_text = Some("---".to_string());
        item.sort_text = Some(sort(0, 0, "---"));
        item.preselect = true;
        vec![item]
    }

    pub(super) fn keys(
        &self,
        path: &[Seg],
        replace: Range<usize>,
        has_colon: bool,
        present: &[String],
    ) -> Vec<CompletionItem> {
        match path {
            [] => self.top_keys(replace, has_colon, present),
            [Seg::Key(top), Seg::Item] => {
                let Some(f) = self.schema.field(top) else {
                    return Vec::new();
                };
                self.item_keys(f, replace, has_colon, present)
            }
            [Seg::Key(top)] => self.map_keys(top, replace, has_colon, present),
            [Seg::Key(top), Seg::Key(_)] => {
                let Some(f) = self.schema.field(top) else {
                    return Vec::new();
                };
                if f.kind == FieldKind::Map && !f.items.is_empty() {
                    return self.item_keys(f, replace, has_colon, present);
                }
                if f.role == Some(Role::Permissions) {
                    // Patterns under a tool: for `task`, agent names.
                    if let [_, Seg::Key(tool)] = path
                        && tool == "task"
                    {
                        return self.agent_keys(replace, has_colon, present);
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn key_item(
        &self,
        name: &str,
        replace: Range<usize>,
        has_colon: bool,
        snippet: String,
    ) -> CompletionItem {
        let mut item = CompletionItem::new(name, CompletionKind::Key, replace);
        if has_colon {
            item.insert_text = name.to_string();
        } else {
            item.insert_text = snippet;
            item.format = InsertFormat::Snippet;
        }
        item
    }

    pub(super) fn top_keys(
        &self,
        replace: Range<usize>,
        has_colon: bool,
        present: &[String],
    ) -> Vec<CompletionItem> {
        let mut out = Vec::new();
        for (i, f) in self.schema.fields.iter().enumerate() {
            if present.contains(&f.name) {
                continue;
            }
            let snippet = key_snippet(&f.name, &self.value_snippet(f));
            let mut item = self.key_item(&f.name, replace.clone(), has_colon, snippet);
            item.documentation = Some(field_markdown(f, self.file.dialect));
            item.deprecated = f.deprecated.is_some() || f.renamed_to.is_some();
            let mut detail = f.kind.label().to_string();
            if f.plugin_ignored && self.file.plugin {
                detail.push_str(" · ignored for plugin agents");
            } else if f.ignored.is_some() {
                detail.push_str(" · no effect here");
            }
            if let Some(to) = &f.renamed_to {
                detail = format!("renamed to {to}");
            } else if item.deprecated {
                detail = "deprecated".to_string();
            } else if f.required != spec::Requirement::No {
                detail.push_str(" · required");
            }
            if let Some(s) = &f.since {
                detail.push_str(&format!(" · since {s}"));
            }
            item.detail = Some(detail);
            let group = if item.deprecated {
                9
            } else if f.ignored.is_some() || (f.plugin_ignored && self.file.plugin) {
                7
            } else if f.required != spec::Requirement::No {
                0
            } else if f.unconfirmed {
                3
            } else {
                1
            };
            item.sort_text = Some(sort(group, i, &f.name));
            out.push(item);
        }
        for (i, (name, c)) in self.env.settings.custom_keys.iter().enumerate() {
            if present.iter().any(|p| p == name) || self.schema.field(name).is_some() {
                continue;
            }
            let snippet = key_snippet(name, &custom_snippet(c, self.file.dialect));
            let mut item = self.key_item(name, replace.clone(), has_colon, snippet);
            let used = self.env.workspace.key_use(self.file.dialect, name);
            item.documentation = Some(hover::custom_key_markdown(name, c, used));
            item.detail = Some("custom key".to_string());
            item.sort_text = Some(sort(2, i, name));
            out.push(item);
        }
        for (i, (name, values)) in self.env.workspace.list_values.iter().enumerate() {
            if present.iter().any(|p| p == name)
                || self.schema.field(name).is_some()
                || self.env.settings.custom_keys.contains_key(name)
            {
                continue;
            }
            let snippet = if self.list_form() == ToolsForm::List {
                format!("{name}: [$0]")
            } else {
                format!("{name}:\n  - $0")
            };
            let mut item = self.key_item(name, replace.clone(), has_colon, snippet);
            item.documentation = Some(hover::workspace_key_markdown(name, values.len()));
            item.detail = Some("used in this workspace".to_string());
            item.sort_text = Some(sort(4, i, name));
            out.push(item);
        }
        out
    }

    /// Keys of a list item or map value (`handoffs`, `mcp-servers`).
    pub(super) fn item_keys(
        &self,
        f: &FieldSpec,
        replace: Range<usize>,
        has_colon: bool,
        present: &[String],
    ) -> Vec<CompletionItem> {
        f.items
            .iter()
            .enumerate()
            .filter(|(_, it)| !present.contains(&it.name))
            .map(|(i, it)| {
                let snippet = key_snippet(&it.name, &self.value_snippet(it));
                let mut item = self.key_item(&it.name, replace.clone(), has_colon, snippet);
                item.documentation = Some(field_markdown(it, self.file.dialect));
                item.detail = Some(format!("{} · {}", it.kind.label(), f.name));
                let group = if it.required != spec::Requirement::No {
                    0
                } else {
                    1
                };
                item.sort_text = Some(sort(group, i, &it.name));
                item
            })
            .collect()
    }

    /// Keys of a mapping that is the value of top-level key `top`: OpenCode's tool maps, Claude
    /// hook events.
    pub(super) fn map_keys(
        &self,
        top: &str,
        replace: Range<usize>,
        has_colon: bool,
        present: &[String],
    ) -> Vec<CompletionItem> {
        let Some(f) = self.schema.field(top) else {
            return Vec::new();
        };
        if f.kind == FieldKind::Hooks {
            return f
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| !present.contains(&v.value))
                .map(|(i, v)| {
                    let snippet = format!(
                        "{}:\n  - matcher: \"$1\"\n    hooks:\n      - type: command\n        command: $0",
                        v.value
                    );
                    let mut item = self.key_item(&v.value, replace.clone(), has_colon, snippet);
                    item.detail = Some("hook event".to_string());
                    if !v.doc.is_empty() {
                        item.documentation = Some(hover::value_markdown(f, v, None));
                    }
                    item.sort_text = Some(sort(1, i, &v.value));
                    item
                })
                .collect();
        }
        // A map from tool name to a setting (OpenCode `tools`, `permission`).
        let permissions = f.role == Some(Role::Permissions);
        if is_tool_map(self.schema, top) {
            let value = if permissions {
                "${1|ask,allow,deny|}"
            } else {
                "${1|true,false|}"
            };
            let mut out: Vec<CompletionItem> = Vec::new();
            for (i, t) in self.schema.tools.iter().enumerate() {
                if present.contains(&t.name) {
                    continue;
                }
                let snippet = format!("{}: {value}", t.name);
                let mut item = self.key_item(&t.name, replace.clone(), has_colon, snippet);
                item.kind = CompletionKind::Tool;
                item.documentation = Some(tool_markdown(self.schema, t, &t.name));
                item.detail = Some("tool".to_string());
                item.sort_text = Some(sort(0, i, &t.name));
                out.push(item);
            }
            if permissions && !present.iter().any(|p| p == "*") {
                let mut item = self.key_item(
                    "\"*\"",
                    replace.clone(),
                    has_colon,
                    format!("\"*\": {value}"),
                );
                item.filter_text = Some("*".to_string());
                item.detail = Some("every tool not listed".to_string());
                item.sort_text = Some(sort(1, 0, "*"));
                out.push(item);
            }
            return out;
        }
        if !f.items.is_empty() && f.kind == FieldKind::Map {
            // `mcp-servers:` → server names are free.
            return Vec::new();
        }
        Vec::new()
    }

    pub(super) fn agent_keys(
        &self,
        replace: Range<usize>,
        has_colon: bool,
        present: &[String],
    ) -> Vec<CompletionItem> {
        self.agents(&[])
            .into_iter()
            .filter(|(n, _, _)| !present.contains(n))
            .enumerate()
            .map(|(i, (name, doc, builtin))| {
                let snippet = format!("{}: ${{1|allow,ask,deny|}}", snippet_escape(&name));
                let mut item = self.key_item(&name, replace.clone(), has_colon, snippet);
                item.kind = CompletionKind::Agent;
                item.detail = Some(if builtin { "built-in agent" } else { "agent" }.to_string());
                item.documentation = doc;
                item.sort_text = Some(sort(u8::from(builtin), i, &name));
                item
            })
            .collect()
    }

    /// How the dialect prefers lists: flow lists for Copilot, block lists elsewhere.
    pub(super) fn list_form(&self) -> ToolsForm {
        match self.file.dialect {
            Dialect::CopilotAgent | Dialect::CopilotChatMode => ToolsForm::List,
            _ => ToolsForm::CommaString,
        }
    }

    /// The snippet after `key: ` for a field.
    pub(super) fn value_snippet(&self, f: &FieldSpec) -> String {
        match f.kind {
            FieldKind::Boolean => "${1|true,false|}".to_string(),
            FieldKind::Enum => {
                let values: Vec<String> = f
                    .values
                    .iter()
                    .filter(|v| v.deprecated.is_none())
                    .map(|v| choice_escape(&v.value))
                    .collect();
                if values.is_empty() {
                    "$0".to_string()
                } else {
                    format!("${{1|{}|}}", values.join(","))
                }
            }
            FieldKind::ToolList => match self.schema.tools_form {
                ToolsForm::CommaString => "$0".to_string(),
                ToolsForm::List => "[$0]".to_string(),
                ToolsForm::Map => "\n  $0".to_string(),
            },
            FieldKind::List if !f.items.is_empty() => {
                let mut s = String::from("\n  - ");
                let keys: Vec<&FieldSpec> = f
                    .items
                    .iter()
                    .filter(|i| i.required != spec::Requirement::No)
                    .collect();
                if keys.is_empty() {
                    s.push_str("$0");
                } else {
                    for (n, k) in keys.iter().enumerate() {
                        if n > 0 {
                            s.push_str("\n    ");
                        }
                        s.push_str(&format!("{}: ${}", k.name, n + 1));
                    }
                    s.push_str("$0");
                }
                s
            }
            FieldKind::List => {
                if self.list_form() == ToolsForm::List {
                    "[$0]".to_string()
                } else {
                    "\n  - $0".to_string()
                }
            }
            FieldKind::Map | FieldKind::Hooks | FieldKind::EnumOrMap => "\n  $0".to_string(),
            FieldKind::StringOrList if f.role == Some(Role::SkillRefs) => {
                if self.list_form() == ToolsForm::List {
                    "[$0]".to_string()
                } else {
                    "\n  - $0".to_string()
                }
            }
            FieldKind::String if f.role == Some(Role::Name) => {
                let stem = match self.file.dialect {
                    Dialect::ClaudeSkill | Dialect::AgentSkill => self.file.folder.as_deref(),
                    _ => self.file.file_stem.as_deref(),
                };
                match stem {
                    Some(s) => format!("${{0:{}}}", snippet_escape(s)),
                    None => "$0".to_string(),
                }
            }
            _ => "$0".to_string(),
        }
    }
}

/// `key: value`, or `key:` and a value on the next lines.
pub(super) fn key_snippet(key: &str, value: &str) -> String {
    if value.starts_with('\n') {
        format!("{key}:{value}")
    } else {
        format!("{key}: {value}")
    }
}

pub(super) fn custom_snippet(c: &CustomKey, dialect: Dialect) -> String {
    match c.ty() {
        CustomKeyType::Boolean => "${1|true,false|}".to_string(),
        CustomKeyType::List => match dialect {
            Dialect::CopilotAgent | Dialect::CopilotChatMode => "[$0]".to_string(),
            _ => "\n  - $0".to_string(),
        },
        CustomKeyType::Map => "\n  $0".to_string(),
        _ if !c.values().is_empty() => {
            let v: Vec<String> = c.values().iter().map(|v| choice_escape(v)).collect();
            format!("${{1|{}|}}", v.join(","))
        }
        _ => "$0".to_string(),
    }
}
