//! Completion in the frontmatter: keys not yet present, values of enum fields, tool names in
//! every way a tool list is written, models, agents, skills, the values other files use, and a
//! header snippet for a new file. Plain data with byte ranges; the LSP layer converts it.

use std::collections::BTreeSet;
use std::ops::Range;

use super::cursor::{self, Place, Seg, Shape, Sibling, ValueAt};
use super::hover::{self, builtin_agents, delegates, field_markdown, shorten, tool_markdown};
use super::settings::{CustomKey, CustomKeyType};
use super::{Env, FileContext};
use crate::schema::Dialect;
use crate::schema::spec::{
    self, DialectSchema, FieldKind, FieldSpec, Specifier, ToolStatus, ToolsForm,
};
use crate::syntax::{Document, NodeKind};

/// What an item completes, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Value,
    /// `true` / `false`.
    Keyword,
    Tool,
    Model,
    Agent,
    Skill,
    Snippet,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A short line shown next to the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text put in place of [`CompletionItem::replace`].
    pub insert_text: String,
    /// `insert_text` is an LSP snippet (`$0`, `${1:x}`, `${1|a,b|}`).
    pub is_snippet: bool,
    /// The byte range the insertion replaces (the partial word under the cursor).
    pub replace: Range<usize>,
    /// The editor filters by this instead of the label when set.
    pub filter_text: Option<String>,
    pub sort_text: String,
    pub deprecated: bool,
    /// The best match: selected first.
    pub preselect: bool,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind, replace: Range<usize>) -> Self {
        let label = label.into();
        CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            is_snippet: false,
            replace,
            filter_text: None,
            sort_text: String::new(),
            deprecated: false,
            preselect: false,
        }
    }
}

/// The completion items at byte `offset` of `doc`. `trigger` is the character that opened the
/// list, when a trigger character did: items come only where that character makes sense (a
/// space after `tools: Read,` yes, a space in the body no).
pub fn complete(
    doc: &Document,
    file: &FileContext,
    env: Env<'_>,
    offset: usize,
    trigger: Option<char>,
) -> Vec<CompletionItem> {
    let place = cursor::locate(doc, offset);
    if !trigger_fits(&place, trigger, doc, offset) {
        return Vec::new();
    }
    let cx = Cx {
        doc,
        file,
        env,
        schema: spec::schema(file.dialect),
    };
    let mut items = match place {
        Place::NewFile { replace } => cx.header(replace),
        Place::Key {
            path,
            token,
            has_colon,
            present,
        } => cx.keys(&path, token.range, has_colon, &present),
        Place::Value(v) => cx.values(&v),
        Place::Body | Place::Nothing => Vec::new(),
    };
    // One item per label (a tool named in two sources, say): the first wins.
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    items
}

fn trigger_fits(place: &Place, trigger: Option<char>, doc: &Document, offset: usize) -> bool {
    let Some(t) = trigger else {
        return true;
    };
    let buf = doc.text();
    let before = buf.slice(offset.saturating_sub(8)..offset);
    let mut back = before.chars().rev();
    let last = back.next();
    match (t, place) {
        (_, Place::Body | Place::Nothing) => false,
        ('-', Place::NewFile { .. }) => true,
        (_, Place::NewFile { .. }) => false,
        ('-', Place::Key { token, .. }) => token.typed.trim_end_matches('-').len() > 1,
        (_, Place::Key { .. }) => false,
        (':', Place::Value(v)) => v.glued || v.token.typed.is_empty() && last == Some(':'),
        (',', Place::Value(v)) => {
            v.token.typed.is_empty()
                || v.specifier
                    .as_ref()
                    .is_some_and(|s| s.token.typed.is_empty())
        }
        ('-', Place::Value(v)) => {
            (v.shape == Shape::BlockItem && v.token.typed.is_empty()) || v.token.typed.len() > 1
        }
        (' ', Place::Value(v)) => {
            // Right after `key: `, `, `, `- `, `[ ` or `( `.
            let prev = back.next();
            last == Some(' ')
                && matches!(prev, Some(':' | ',' | '-' | '[' | '('))
                && (v.token.typed.is_empty()
                    || v.specifier
                        .as_ref()
                        .is_some_and(|s| s.token.typed.is_empty()))
        }
        ('(', Place::Value(v)) => v.specifier.is_some(),
        ('"' | '\'', Place::Value(v)) => v.quote.is_some() && v.token.typed.is_empty(),
        _ => false,
    }
}

struct Cx<'a> {
    doc: &'a Document,
    file: &'a FileContext,
    env: Env<'a>,
    schema: &'static DialectSchema,
}

/// Escape text for use inside a snippet.
fn snippet_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape text for a snippet choice (`${1|a,b|}`).
fn choice_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\' | ',' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn sort(group: u8, index: usize, label: &str) -> String {
    format!("{group}{index:04}{label}")
}

/// Whether a plain scalar would be read as something else by YAML.
fn needs_quotes(s: &str, flow: bool) -> bool {
    let first = s.chars().next();
    matches!(
        first,
        Some(
            '*' | '&'
                | '!'
                | '@'
                | '`'
                | '%'
                | '|'
                | '>'
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '"'
                | '\''
                | ','
        )
    ) || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || (flow && s.contains([',', '[', ']', '{', '}']))
}

impl Cx<'_> {
    // -----------------------------------------------------------------------------------------
    // New file
    // -----------------------------------------------------------------------------------------

    fn header(&self, replace: Range<usize>) -> Vec<CompletionItem> {
        let d = self.file.dialect;
        let stem = match d {
            Dialect::ClaudeSkill => self.file.folder.clone(),
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
        item.is_snippet = true;
        item.filter_text = Some("---".to_string());
        item.sort_text = sort(0, 0, "---");
        item.preselect = true;
        vec![item]
    }

    // -----------------------------------------------------------------------------------------
    // Keys
    // -----------------------------------------------------------------------------------------

    fn keys(
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
                if self.file.dialect == Dialect::OpenCodeAgent && top == "permission" {
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

    fn key_item(
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
            item.is_snippet = true;
        }
        item
    }

    fn top_keys(
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
            item.sort_text = sort(group, i, &f.name);
            out.push(item);
        }
        for (i, (name, c)) in self.env.settings.custom_keys.iter().enumerate() {
            if present.iter().any(|p| p == name) || self.schema.field(name).is_some() {
                continue;
            }
            let snippet = key_snippet(name, &custom_snippet(c, self.file.dialect));
            let mut item = self.key_item(name, replace.clone(), has_colon, snippet);
            item.documentation = Some(hover::custom_key_markdown(name, c));
            item.detail = Some("custom key".to_string());
            item.sort_text = sort(2, i, name);
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
            item.sort_text = sort(4, i, name);
            out.push(item);
        }
        out
    }

    /// Keys of a list item or map value (`handoffs`, `mcp-servers`).
    fn item_keys(
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
                item.sort_text = sort(group, i, &it.name);
                item
            })
            .collect()
    }

    /// Keys of a mapping that is the value of top-level key `top`: OpenCode's tool maps, Claude
    /// hook events.
    fn map_keys(
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
                    item.sort_text = sort(1, i, &v.value);
                    item
                })
                .collect();
        }
        if self.file.dialect == Dialect::OpenCodeAgent && matches!(top, "tools" | "permission") {
            let value = if top == "tools" {
                "${1|true,false|}"
            } else {
                "${1|ask,allow,deny|}"
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
                item.sort_text = sort(0, i, &t.name);
                out.push(item);
            }
            if top == "permission" && !present.iter().any(|p| p == "*") {
                let mut item = self.key_item(
                    "\"*\"",
                    replace.clone(),
                    has_colon,
                    format!("\"*\": {value}"),
                );
                item.filter_text = Some("*".to_string());
                item.detail = Some("every tool not listed".to_string());
                item.sort_text = sort(1, 0, "*");
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

    fn agent_keys(
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
                item.sort_text = sort(u8::from(builtin), i, &name);
                item
            })
            .collect()
    }

    /// How the dialect prefers lists: flow lists for Copilot, block lists elsewhere.
    fn list_form(&self) -> ToolsForm {
        match self.file.dialect {
            Dialect::CopilotAgent | Dialect::CopilotChatMode => ToolsForm::List,
            _ => ToolsForm::CommaString,
        }
    }

    /// The snippet after `key: ` for a field.
    fn value_snippet(&self, f: &FieldSpec) -> String {
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
            FieldKind::StringOrList if f.name == "skills" => {
                if self.list_form() == ToolsForm::List {
                    "[$0]".to_string()
                } else {
                    "\n  - $0".to_string()
                }
            }
            FieldKind::String if f.name == "name" => {
                let stem = match self.file.dialect {
                    Dialect::ClaudeSkill => self.file.folder.as_deref(),
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

    // -----------------------------------------------------------------------------------------
    // Values
    // -----------------------------------------------------------------------------------------

    fn values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        if v.shape == Shape::BlockScalar {
            return Vec::new();
        }
        let Some(key) = v.key() else {
            return Vec::new();
        };
        match &v.path[..] {
            [Seg::Key(_)] => self.top_value(key, v),
            [Seg::Key(top), Seg::Item, Seg::Key(sub)] => {
                let Some(f) = self.schema.field(top).and_then(|f| f.item(sub)) else {
                    return Vec::new();
                };
                if top == "handoffs" && sub == "agent" {
                    return self.agent_values(v);
                }
                if sub == "model" {
                    return self.model_values(v, Some(f));
                }
                self.field_values(f, v)
            }
            [Seg::Key(top), Seg::Key(sub), ..] => {
                if self.file.dialect == Dialect::OpenCodeAgent {
                    if top == "permission"
                        && let Some(f) = self.schema.field(top)
                    {
                        return self.enum_values(f, v);
                    }
                    if top == "tools" {
                        return self.bool_values(v);
                    }
                }
                match self.schema.field(top).and_then(|f| f.item(sub)) {
                    Some(f) => self.field_values(f, v),
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    fn top_value(&self, key: &str, v: &ValueAt) -> Vec<CompletionItem> {
        let field = self.schema.field(key);
        if self.schema.is_tools_field(key) && field.is_none_or(|f| f.kind == FieldKind::ToolList) {
            if let Some(s) = &v.specifier {
                return self.specifier_values(&s.tool, s);
            }
            return self.tool_values(v);
        }
        if let Some(f) = field {
            if f.kind == FieldKind::List && !f.items.is_empty() && v.shape == Shape::BlockItem {
                // `handoffs:\n  - la` → the item's keys.
                let present: Vec<String> = Vec::new();
                return self.item_keys(f, v.token.range.clone(), false, &present);
            }
            if key == "model" {
                return self.model_values(v, Some(f));
            }
            if delegates(self.file.dialect, key) {
                return self.agent_values(v);
            }
            if key == "skills" {
                return self.skill_values(v);
            }
            if key == "mcpServers" && (v.in_list() || v.shape == Shape::Scalar) {
                return self.mcp_server_values(v);
            }
            let out = self.field_values(f, v);
            if !out.is_empty() {
                return out;
            }
        }
        if let Some(c) = self.env.settings.custom_keys.get(key) {
            let out = self.custom_values(key, c, v);
            if !out.is_empty() {
                return out;
            }
        }
        if field.is_none()
            || field.is_some_and(|f| matches!(f.kind, FieldKind::List | FieldKind::StringOrList))
        {
            return self.workspace_values(key, v);
        }
        Vec::new()
    }

    fn field_values(&self, f: &FieldSpec, v: &ValueAt) -> Vec<CompletionItem> {
        match f.kind {
            FieldKind::Boolean => self.bool_values(v),
            FieldKind::Enum | FieldKind::EnumOrMap => self.enum_values(f, v),
            _ => Vec::new(),
        }
    }

    /// Build a value item: `text` inserted with the quoting and spacing the place needs.
    fn value_item(
        &self,
        label: &str,
        kind: CompletionKind,
        v: &ValueAt,
        whole: bool,
    ) -> CompletionItem {
        let token = if whole && v.shape == Shape::Scalar {
            &v.whole
        } else {
            &v.token
        };
        let mut item = CompletionItem::new(label, kind, token.range.clone());
        item.insert_text = self.quoted(label, v);
        if item.insert_text != label {
            item.filter_text = Some(label.to_string());
        }
        item
    }

    /// `text` written for the place: inside the place's quotes, or quoted like its siblings,
    /// with a space after a glued `:` / `,` / `-`.
    fn quoted(&self, text: &str, v: &ValueAt) -> String {
        if let Some(q) = v.quote {
            let mut s = if q == '\'' {
                text.replace('\'', "''")
            } else {
                text.replace('"', "\\\"")
            };
            if !v.quote_closed {
                s.push(q);
            }
            return s;
        }
        let flow = v.shape == Shape::FlowItem;
        let sibling_quote = sibling_quote(&v.siblings);
        let q = match (v.in_list(), sibling_quote) {
            (true, Some(q)) => Some(q),
            _ if v.shape != Shape::Scalar && needs_quotes(text, flow) => Some('"'),
            _ if v.shape == Shape::Scalar
                && v.whole.text.is_empty()
                && needs_quotes(text, false) =>
            {
                Some('"')
            }
            _ => None,
        };
        let body = match q {
            Some('\'') => format!("'{}'", text.replace('\'', "''")),
            Some(_) => format!("\"{}\"", text.replace('"', "\\\"")),
            None => text.to_string(),
        };
        if v.glued { format!(" {body}") } else { body }
    }

    fn bool_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        ["true", "false"]
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut item = self.value_item(b, CompletionKind::Keyword, v, true);
                item.sort_text = sort(0, i, b);
                item
            })
            .collect()
    }

    fn enum_values(&self, f: &FieldSpec, v: &ValueAt) -> Vec<CompletionItem> {
        f.values
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                let mut item = self.value_item(&ev.value, CompletionKind::Value, v, true);
                item.deprecated = ev.deprecated.is_some();
                let model = (f.name == "model")
                    .then(|| self.schema.models.iter().find(|m| m.name == ev.value))
                    .flatten();
                if model.is_some() {
                    item.kind = CompletionKind::Model;
                }
                item.documentation =
                    Some(hover::value_markdown(f, ev, model.map(|m| m.doc.as_str())));
                item.detail = Some(if item.deprecated {
                    "deprecated".to_string()
                } else {
                    match &ev.since {
                        Some(s) => format!("{} · since {s}", f.name),
                        None => f.name.clone(),
                    }
                });
                item.sort_text = sort(if item.deprecated { 9 } else { 0 }, i, &ev.value);
                item.preselect = v.whole.text == ev.value;
                item
            })
            .collect()
    }

    /// `model`: the enum's values (Claude) or the known model names (Copilot).
    fn model_values(&self, v: &ValueAt, f: Option<&FieldSpec>) -> Vec<CompletionItem> {
        if let Some(f) = f
            && f.kind == FieldKind::Enum
        {
            return self.enum_values(f, v);
        }
        if self.file.dialect == Dialect::OpenCodeAgent {
            return Vec::new();
        }
        let listed = names(&v.siblings);
        self.schema
            .models
            .iter()
            .enumerate()
            .filter(|(_, m)| !listed.contains(&m.name))
            .map(|(i, m)| {
                let mut item = self.value_item(&m.name, CompletionKind::Model, v, !v.in_list());
                item.detail = Some("model".to_string());
                item.documentation = Some(format!("**{}**\n\n{}", m.name, m.doc));
                item.sort_text = sort(0, i, &m.name);
                item
            })
            .collect()
    }

    /// Tool names for a tool list.
    fn tool_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
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
            let set = !t.name.contains('/')
                && self
                    .schema
                    .tools
                    .iter()
                    .any(|o| o.name.starts_with(&format!("{}/", t.name)));
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
            item.sort_text = sort(group, i, &t.name);
            out.push(item);
        }
        for (i, name) in self.env.settings.extra_tools.iter().enumerate() {
            if is_listed(name) {
                continue;
            }
            let mut item = self.value_item(name, CompletionKind::Tool, v, false);
            item.detail = Some("extra tool (settings)".to_string());
            item.sort_text = sort(1, i, name);
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
            item.sort_text = sort(1, 100 + i, &name);
            out.push(item);
        }
        out
    }

    /// Skills and commands also take space-separated tool strings: complete the word under the
    /// cursor when the string has no comma.
    fn narrow_space_separated(&self, v: &ValueAt) -> ValueAt {
        let spaces = matches!(
            self.file.dialect,
            Dialect::ClaudeSkill | Dialect::ClaudeCommand
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
    fn mcp_servers(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.env.workspace.mcp_servers.clone();
        for key in ["mcpServers", "mcp-servers"] {
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

    fn mcp_server_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
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
                item.sort_text = sort(0, i, s);
                item
            })
            .collect()
    }

    /// Inside `Tool(...)`: agent names for `Agent(`, skill names for `Skill(`.
    fn specifier_values(&self, tool: &str, s: &cursor::SpecifierAt) -> Vec<CompletionItem> {
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
                    item.sort_text = sort(u8::from(builtin), i, &name);
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
                    item.sort_text = sort(0, i, &sk.name);
                    item
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The agents one may delegate to: the workspace's first, then the product's built-ins,
    /// skipping `except` and this file's own agent. `(name, doc, built-in)`.
    fn agents(&self, except: &[String]) -> Vec<(String, Option<String>, bool)> {
        let own = self
            .doc
            .yaml()
            .get("name")
            .and_then(|e| e.value.as_ref())
            .and_then(|v| v.as_scalar())
            .map(|s| s.value.clone())
            .or_else(|| self.file.file_stem.clone());
        let mut out: Vec<(String, Option<String>, bool)> = Vec::new();
        for a in &self.env.workspace.agents {
            if except.contains(&a.name) || own.as_deref() == Some(a.name.as_str()) {
                continue;
            }
            let doc = a.description.as_deref().map(|d| shorten(d, 600));
            out.push((a.name.clone(), doc, false));
        }
        for (name, doc) in builtin_agents(self.file.dialect) {
            if except.iter().any(|e| e == name) || out.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            out.push(((*name).to_string(), Some((*doc).to_string()), true));
        }
        out
    }

    fn agent_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let listed: Vec<String> = v.siblings.iter().map(|s| s.text.clone()).collect();
        let mut out: Vec<CompletionItem> = self
            .agents(&listed)
            .into_iter()
            .enumerate()
            .map(|(i, (name, doc, builtin))| {
                let mut item = self.value_item(&name, CompletionKind::Agent, v, true);
                item.documentation = doc;
                item.detail = Some(if builtin { "built-in agent" } else { "agent" }.to_string());
                item.sort_text = sort(u8::from(builtin), i, &name);
                item
            })
            .collect();
        if self.file.dialect == Dialect::CopilotAgent && v.key() == Some("agents") {
            let mut item = self.value_item("*", CompletionKind::Value, v, true);
            item.detail = Some("any agent".to_string());
            item.sort_text = sort(2, 0, "*");
            out.push(item);
        }
        out
    }

    fn skill_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let listed = names(&v.siblings);
        self.env
            .workspace
            .skills
            .iter()
            .filter(|s| !listed.contains(&s.name))
            .enumerate()
            .map(|(i, s)| {
                let mut item = self.value_item(&s.name, CompletionKind::Skill, v, false);
                item.detail = Some("skill".to_string());
                item.documentation = s.description.as_deref().map(|d| shorten(d, 600));
                item.sort_text = sort(0, i, &s.name);
                item
            })
            .collect()
    }

    fn custom_values(&self, key: &str, c: &CustomKey, v: &ValueAt) -> Vec<CompletionItem> {
        if c.ty() == CustomKeyType::Boolean {
            return self.bool_values(v);
        }
        if c.values().is_empty() {
            return self.workspace_values(key, v);
        }
        let listed = names(&v.siblings);
        let whole = c.ty() != CustomKeyType::List;
        c.values()
            .iter()
            .filter(|x| !listed.contains(*x))
            .enumerate()
            .map(|(i, x)| {
                let mut item = self.value_item(x, CompletionKind::Value, v, whole);
                item.detail = Some(format!("{key} (settings)"));
                item.sort_text = sort(0, i, x);
                item
            })
            .collect()
    }

    /// Values other files use for `key`, plus the configured capabilities vocabulary.
    fn workspace_values(&self, key: &str, v: &ValueAt) -> Vec<CompletionItem> {
        let listed = names(&v.siblings);
        let mut out = Vec::new();
        let add = |value: &str, detail: &str, group: u8, out: &mut Vec<CompletionItem>| {
            if listed.contains(value) || value.is_empty() {
                return;
            }
            let mut item = self.value_item(value, CompletionKind::Value, v, false);
            item.detail = Some(detail.to_string());
            item.sort_text = sort(group, 0, value);
            out.push(item);
        };
        if key == "capabilities" {
            for c in &self.env.settings.capabilities {
                add(c, "capability (settings)", 0, &mut out);
            }
        }
        if let Some(values) = self.env.workspace.list_values.get(key) {
            for x in values {
                add(x, "used by other agents", 1, &mut out);
            }
        }
        out
    }
}

fn names(siblings: &[Sibling]) -> BTreeSet<String> {
    siblings.iter().map(|s| s.text.clone()).collect()
}

/// The quote every sibling is written in, if they all share one.
fn sibling_quote(siblings: &[Sibling]) -> Option<char> {
    let first = siblings.first()?.quote?;
    siblings
        .iter()
        .all(|s| s.quote == Some(first))
        .then_some(first)
}

/// `key: value`, or `key:` and a value on the next lines.
fn key_snippet(key: &str, value: &str) -> String {
    if value.starts_with('\n') {
        format!("{key}:{value}")
    } else {
        format!("{key}: {value}")
    }
}

fn custom_snippet(c: &CustomKey, dialect: Dialect) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cursor::tests::fixture;
    use crate::analysis::{NamedItem, Settings, WorkspaceNames};

    fn run(
        dialect: Dialect,
        text: &str,
        trigger: Option<char>,
        settings: &Settings,
        workspace: &WorkspaceNames,
    ) -> Vec<CompletionItem> {
        let (doc, at) = fixture(text);
        let mut file = FileContext::bare(dialect);
        file.file_stem = Some("reviewer".into());
        file.folder = Some("pdf-tools".into());
        let env = Env {
            settings,
            workspace,
        };
        let mut items = complete(&doc, &file, env, at, trigger);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        items
    }

    fn items(dialect: Dialect, text: &str) -> Vec<CompletionItem> {
        run(
            dialect,
            text,
            None,
            &Settings::default(),
            &WorkspaceNames::default(),
        )
    }

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    fn find<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
        items
            .iter()
            .find(|i| i.label == label)
            .unwrap_or_else(|| panic!("no `{label}` in {:?}", labels(items)))
    }

    /// The text after inserting `item` (snippet syntax left as is).
    fn apply(text: &str, item: &CompletionItem) -> String {
        let mut t = text.replace("$0", "");
        t.replace_range(item.replace.clone(), &item.insert_text);
        t
    }

    fn workspace() -> WorkspaceNames {
        let mut w = WorkspaceNames {
            agents: vec![
                NamedItem {
                    name: "code-reviewer".into(),
                    description: Some("Reviews diffs for bugs.".into()),
                },
                NamedItem {
                    name: "reviewer".into(),
                    description: None,
                },
            ],
            skills: vec![
                NamedItem {
                    name: "pdf".into(),
                    description: Some("Work with PDF files.".into()),
                },
                NamedItem {
                    name: "changelog".into(),
                    description: None,
                },
            ],
            ..WorkspaceNames::default()
        };
        w.mcp_servers.insert("github".into());
        w.list_values.insert(
            "capabilities".into(),
            ["code-review", "testing"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        w
    }

    #[test]
    fn keys_not_yet_present_with_docs() {
        let text = "---\nname: a\nmo$0\n---\nbody\n";
        let it = items(Dialect::ClaudeAgent, text);
        let l = labels(&it);
        assert!(!l.contains(&"name"), "{l:?}");
        assert_eq!(l[0], "description", "required keys first: {l:?}");
        let model = find(&it, "model");
        assert_eq!(model.replace, 12..14);
        assert!(model.is_snippet);
        assert_eq!(
            apply(text, model),
            "---\nname: a\nmodel: ${1|inherit,sonnet,opus,haiku,fable,best,opusplan,sonnet[1m],opus[1m],fable[1m],opusplan[1m]|}\n---\nbody\n"
        );
        assert!(
            model
                .documentation
                .as_ref()
                .unwrap()
                .contains("Which model")
        );
        let memory = find(&it, "memory");
        assert!(memory.detail.as_ref().unwrap().contains("since v2.1.33"));
        assert!(
            find(&it, "tools").insert_text == "tools: $0",
            "Claude Code writes tools as a comma string"
        );
        assert_eq!(find(&it, "skills").insert_text, "skills:\n  - $0");
        assert_eq!(
            find(&it, "background").insert_text,
            "background: ${1|true,false|}"
        );
        assert_eq!(find(&it, "hooks").insert_text, "hooks:\n  $0");
    }

    #[test]
    fn key_before_an_existing_colon() {
        let it = items(Dialect::ClaudeAgent, "---\nmo$0: x\n---\n");
        assert_eq!(find(&it, "model").insert_text, "model");
        assert!(!find(&it, "model").is_snippet);
    }

    #[test]
    fn dialect_forms_and_deprecated_keys() {
        let it = items(Dialect::CopilotAgent, "---\ndescription: x\n$0\n---\n");
        assert_eq!(find(&it, "tools").insert_text, "tools: [$0]");
        assert_eq!(find(&it, "agents").insert_text, "agents: [$0]");
        assert_eq!(
            find(&it, "handoffs").insert_text,
            "handoffs:\n  - label: $1\n    agent: $2$0"
        );
        let infer = find(&it, "infer");
        assert!(infer.deprecated);
        assert!(find(&it, "user-invokable").deprecated);
        assert_eq!(
            it.last().map(|i| i.deprecated),
            Some(true),
            "deprecated keys last"
        );
        let it = items(Dialect::OpenCodeAgent, "---\n$0\n---\n");
        assert_eq!(
            find(&it, "mode").insert_text,
            "mode: ${1|primary,subagent,all|}"
        );
        assert!(find(&it, "tools").deprecated);
        assert!(find(&it, "maxSteps").deprecated);
        let it = items(Dialect::ClaudeSkill, "---\nna$0\n---\n");
        assert_eq!(find(&it, "name").insert_text, "name: ${0:pdf-tools}");
    }

    #[test]
    fn custom_and_workspace_keys() {
        let settings = Settings::from_toml(
            "[custom-keys]\ncomplexity = { type = \"string\", values = [\"low\", \"high\"], doc = \"How hard.\" }\nauto_activate = \"boolean\"\n",
        )
        .unwrap();
        let it = run(
            Dialect::ClaudeAgent,
            "---\nname: a\n$0\n---\n",
            None,
            &settings,
            &workspace(),
        );
        assert_eq!(
            find(&it, "complexity").insert_text,
            "complexity: ${1|low,high|}"
        );
        assert!(
            find(&it, "complexity")
                .documentation
                .as_ref()
                .unwrap()
                .contains("How hard.")
        );
        assert_eq!(
            find(&it, "auto_activate").insert_text,
            "auto_activate: ${1|true,false|}"
        );
        assert_eq!(
            find(&it, "capabilities").insert_text,
            "capabilities:\n  - $0"
        );
        let it = run(
            Dialect::ClaudeAgent,
            "---\ncomplexity: $0\n---\n",
            None,
            &settings,
            &workspace(),
        );
        assert_eq!(labels(&it), ["low", "high"]);
    }

    #[test]
    fn header_snippet_for_a_new_file() {
        let it = items(Dialect::ClaudeAgent, "$0");
        assert_eq!(it.len(), 1);
        assert!(it[0].is_snippet);
        assert!(
            it[0]
                .insert_text
                .starts_with("---\nname: ${1:reviewer}\ndescription: "),
            "{}",
            it[0].insert_text
        );
        assert!(it[0].insert_text.ends_with("---\n\n$0"));
        let text = "--$0\n# Title\n";
        let it = run(
            Dialect::CopilotAgent,
            text,
            Some('-'),
            &Settings::default(),
            &WorkspaceNames::default(),
        );
        assert_eq!(it[0].replace, 0..2);
        assert!(it[0].insert_text.contains("tools: ["));
        let it = items(Dialect::OpenCodeAgent, "---$0");
        assert!(
            it[0]
                .insert_text
                .contains("mode: ${2|subagent,primary,all|}")
        );
    }

    #[test]
    fn enum_values_replace_the_partial_word() {
        let text = "---\nname: a\ncolor: $0\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        assert_eq!(
            labels(&it),
            [
                "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"
            ]
        );
        let text = "---\nmodel: so$0\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        let sonnet = find(&it, "sonnet");
        assert_eq!(apply(text, sonnet), "---\nmodel: sonnet\n---\n");
        assert_eq!(sonnet.kind, CompletionKind::Model);
        assert!(sonnet.documentation.as_ref().unwrap().contains("Sonnet"));
        let it = items(Dialect::ClaudeAgent, "---\npermissionMode: $0\n---\n");
        let ignore = find(&it, "ignore");
        assert!(ignore.deprecated);
        assert_eq!(it.last().unwrap().label, "ignore");
        let it = items(Dialect::ClaudeAgent, "---\nbackground: $0\n---\n");
        assert_eq!(labels(&it), ["true", "false"]);
        let it = items(Dialect::OpenCodeAgent, "---\nmode: $0\n---\n");
        assert_eq!(labels(&it), ["primary", "subagent", "all"]);
        let it = items(Dialect::CopilotAgent, "---\ntarget: $0\n---\n");
        assert_eq!(labels(&it), ["vscode", "github-copilot"]);
        for (key, value) in [
            ("effort", "xhigh"),
            ("memory", "project"),
            ("isolation", "worktree"),
        ] {
            let it = items(Dialect::ClaudeAgent, &format!("---\n{key}: $0\n---\n"));
            find(&it, value);
        }
        let text = "---\ncolor: \"bl$0\"\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        assert_eq!(
            apply(text, find(&it, "blue")),
            "---\ncolor: \"blue\"\n---\n"
        );
    }

    #[test]
    fn glued_values_get_a_space() {
        let text = "---\nmodel:$0\n---\n";
        let it = run(
            Dialect::ClaudeAgent,
            text,
            Some(':'),
            &Settings::default(),
            &WorkspaceNames::default(),
        );
        assert_eq!(apply(text, find(&it, "opus")), "---\nmodel: opus\n---\n");
    }

    #[test]
    fn tools_in_a_comma_string() {
        let text = "---\nname: a\ntools: Read, Gr$0\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        let l = labels(&it);
        assert!(!l.contains(&"Read"), "already listed");
        for hidden in ["MultiEdit", "LS", "Task", "View", "SlashCommand"] {
            assert!(!l.contains(&hidden), "{hidden} is renamed or removed");
        }
        let grep = find(&it, "Grep");
        assert_eq!(apply(text, grep), "---\nname: a\ntools: Read, Grep\n---\n");
        assert!(
            grep.documentation
                .as_ref()
                .unwrap()
                .contains("regular expressions")
        );
        assert!(find(&it, "TodoWrite").deprecated);
        assert_eq!(it.last().map(|i| i.deprecated), Some(true));
        let text = "---\ntools: Read,$0\n---\n";
        let it = run(
            Dialect::ClaudeAgent,
            text,
            Some(','),
            &Settings::default(),
            &WorkspaceNames::default(),
        );
        assert_eq!(
            apply(text, find(&it, "Glob")),
            "---\ntools: Read, Glob\n---\n"
        );
        // disallowedTools too, and the tool under the cursor counts as not listed.
        let it = items(
            Dialect::ClaudeAgent,
            "---\ndisallowedTools: Bash(git *), Wri$0te\n---\n",
        );
        assert!(labels(&it).contains(&"Write"));
        assert!(!labels(&it).contains(&"Bash"));
    }

    #[test]
    fn tools_in_lists_keep_the_style() {
        let text = "---\ntools:\n  - Read\n  - $0\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        assert!(!labels(&it).contains(&"Read"));
        assert_eq!(
            apply(text, find(&it, "Grep")),
            "---\ntools:\n  - Read\n  - Grep\n---\n"
        );
        let text = "---\ntools: ['read', 'edit', $0]\n---\n";
        let it = items(Dialect::CopilotAgent, text);
        let l = labels(&it);
        assert!(!l.contains(&"read") && !l.contains(&"edit"), "{l:?}");
        assert_eq!(
            apply(text, find(&it, "search")),
            "---\ntools: ['read', 'edit', 'search']\n---\n"
        );
        assert_eq!(
            apply(text, find(&it, "edit/editFiles")),
            "---\ntools: ['read', 'edit', 'edit/editFiles']\n---\n"
        );
        let text = "---\ntools: [$0]\n---\n";
        let it = items(Dialect::CopilotAgent, text);
        assert_eq!(apply(text, find(&it, "*")), "---\ntools: [\"*\"]\n---\n");
        assert!(find(&it, "codebase").deprecated);
        let text = "---\ntools: [\"ed$0\"]\n---\n";
        let it = items(Dialect::CopilotAgent, text);
        assert_eq!(
            apply(text, find(&it, "edit")),
            "---\ntools: [\"edit\"]\n---\n"
        );
        // Case-insensitive names: `Read` is Copilot's `read`.
        let it = items(
            Dialect::CopilotAgent,
            "---\ntools:\n  - Read\n  - $0\n---\n",
        );
        assert!(!labels(&it).contains(&"read"));
    }

    #[test]
    fn mcp_and_extra_tools() {
        let settings = Settings {
            extra_tools: vec!["InternalSearch".into()],
            ..Settings::default()
        };
        let text =
            "---\nmcpServers:\n  - slack\n  - jira:\n      type: stdio\ntools: Read, $0\n---\n";
        let it = run(Dialect::ClaudeAgent, text, None, &settings, &workspace());
        let l = labels(&it);
        for want in [
            "mcp__github__*",
            "mcp__slack__*",
            "mcp__jira__*",
            "InternalSearch",
        ] {
            assert!(l.contains(&want), "{want} in {l:?}");
        }
        let it = run(
            Dialect::CopilotAgent,
            "---\ntools: [$0]\n---\n",
            None,
            &settings,
            &workspace(),
        );
        assert!(labels(&it).contains(&"github/*"));
        let it = run(
            Dialect::ClaudeAgent,
            "---\nmcpServers:\n  - $0\n---\n",
            None,
            &settings,
            &workspace(),
        );
        assert_eq!(labels(&it), ["github"]);
    }

    #[test]
    fn agent_names_in_agent_parentheses() {
        let text = "---\nname: reviewer\ntools: Read, Agent($0\n---\n";
        let it = run(
            Dialect::ClaudeAgent,
            text,
            Some('('),
            &Settings::default(),
            &workspace(),
        );
        // The workspace's agents, then every built-in agent of the schema data.
        assert_eq!(
            labels(&it),
            [
                "code-reviewer",
                "general-purpose",
                "Explore",
                "Plan",
                "claude",
                "statusline-setup",
                "claude-code-guide",
                "web-fetch"
            ]
        );
        let text = "---\ntools: Agent(Explore,$0)\n---\n";
        let it = run(
            Dialect::ClaudeAgent,
            text,
            Some(','),
            &Settings::default(),
            &workspace(),
        );
        assert!(!labels(&it).contains(&"Explore"));
        assert_eq!(
            apply(text, find(&it, "Plan")),
            "---\ntools: Agent(Explore, Plan)\n---\n"
        );
        let it = run(
            Dialect::ClaudeAgent,
            "---\ntools: Skill($0)\n---\n",
            None,
            &Settings::default(),
            &workspace(),
        );
        assert_eq!(labels(&it), ["pdf", "changelog"]);
    }

    #[test]
    fn skills_agents_and_handoffs() {
        let ws = workspace();
        let s = Settings::default();
        let it = run(
            Dialect::ClaudeAgent,
            "---\nskills:\n  - pdf\n  - $0\n---\n",
            None,
            &s,
            &ws,
        );
        assert_eq!(labels(&it), ["changelog"]);
        let it = run(
            Dialect::CopilotAgent,
            "---\nname: lead\nhandoffs:\n  - label: Review\n    agent: $0\n---\n",
            None,
            &s,
            &ws,
        );
        assert_eq!(
            labels(&it),
            ["code-reviewer", "reviewer", "agent", "ask", "plan"]
        );
        let it = run(
            Dialect::CopilotAgent,
            "---\nhandoffs:\n  - label: Review\n    $0\n---\n",
            None,
            &s,
            &ws,
        );
        assert_eq!(labels(&it)[0], "agent");
        assert!(!labels(&it).contains(&"label"));
        let it = run(
            Dialect::CopilotAgent,
            "---\nagents: [$0]\n---\n",
            None,
            &s,
            &ws,
        );
        assert!(labels(&it).contains(&"*"));
        let it = run(
            Dialect::ClaudeSkill,
            "---\ncontext: fork\nagent: $0\n---\n",
            None,
            &s,
            &ws,
        );
        assert!(labels(&it).contains(&"Explore"));
        assert!(labels(&it).contains(&"code-reviewer"));
    }

    #[test]
    fn capabilities_from_workspace_and_settings() {
        let settings = Settings {
            capabilities: vec!["security".into()],
            ..Settings::default()
        };
        let it = run(
            Dialect::ClaudeAgent,
            "---\ncapabilities:\n  - testing\n  - $0\n---\n",
            None,
            &settings,
            &workspace(),
        );
        assert_eq!(labels(&it), ["security", "code-review"]);
    }

    #[test]
    fn skills_take_space_separated_tools() {
        let text = "---\nallowed-tools: Read Gr$0\n---\n";
        let it = items(Dialect::ClaudeSkill, text);
        assert!(!labels(&it).contains(&"Read"));
        assert_eq!(
            apply(text, find(&it, "Grep")),
            "---\nallowed-tools: Read Grep\n---\n"
        );
    }

    #[test]
    fn opencode_permission_map() {
        let it = items(
            Dialect::OpenCodeAgent,
            "---\npermission:\n  edit: ask\n  $0\n---\n",
        );
        let l = labels(&it);
        assert!(l.contains(&"bash") && !l.contains(&"edit"), "{l:?}");
        assert_eq!(find(&it, "bash").insert_text, "bash: ${1|ask,allow,deny|}");
        let it = items(
            Dialect::OpenCodeAgent,
            "---\npermission:\n  bash:\n    \"git *\": $0\n---\n",
        );
        assert_eq!(labels(&it), ["ask", "allow", "deny"]);
        let it = items(Dialect::OpenCodeAgent, "---\ntools:\n  write: $0\n---\n");
        assert_eq!(labels(&it), ["true", "false"]);
    }

    #[test]
    fn works_with_broken_yaml_elsewhere() {
        let text = "---\nname: a\ndescription: Use when: the user asks: twice\n  - [broken\ntools: Read, Gr$0\nmodel: x\n---\n";
        let it = items(Dialect::ClaudeAgent, text);
        assert!(labels(&it).contains(&"Grep"));
        let it = items(Dialect::ClaudeAgent, "---\nname: [unclosed\nmo$0\n---\n");
        assert!(labels(&it).contains(&"model"));
        // Unterminated frontmatter while typing.
        let it = items(Dialect::ClaudeAgent, "---\nname: a\nmodel: $0");
        assert!(labels(&it).contains(&"opus"));
    }

    #[test]
    fn trigger_characters_do_not_spam() {
        let s = Settings::default();
        let w = WorkspaceNames::default();
        let t = |text: &str, c: char| run(Dialect::ClaudeAgent, text, Some(c), &s, &w);
        assert!(t("---\nname: a\n---\nSome text $0\n", ' ').is_empty());
        assert!(t("---\ndescription: Use this $0\n---\n", ' ').is_empty());
        assert!(t("---\nname: a\n $0\n---\n", ' ').is_empty());
        assert!(!t("---\ntools: Read, $0\n---\n", ' ').is_empty());
        assert!(!t("---\nmodel: $0\n---\n", ' ').is_empty());
        assert!(!t("---\ntools:\n  - $0\n---\n", ' ').is_empty());
        assert!(!t("---\nmodel:$0\n---\n", ':').is_empty());
        assert!(t("---\nname: a\n---\n- $0\n", '-').is_empty());
        assert!(t("---\ntools: Read, Bash(git:$0\n---\n", ':').is_empty());
        assert!(t("---\nname: a\n---\n@$0\n", '@').is_empty());
        assert!(t("---\nname: a\n---\n$0", ':').is_empty());
    }

    /// Every position of interest in every frontmatter of the shared corpus: no panic, and the
    /// keys the schema knows all have a hover.
    #[test]
    fn corpus_sweep() {
        // Fails, saying where it looked, when the corpus is missing: never a silent pass.
        let root = agentls_test_support::corpus_dir();
        let mut files = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Some(dialect) =
                    crate::schema::classify(&path, &crate::schema::plugin_manifest_exists)
                else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                files += 1;
                sweep_file(&path, dialect, &text);
            }
        }
        assert!(files > 600, "{files} corpus files");
    }

    fn sweep_file(path: &std::path::Path, dialect: Dialect, text: &str) {
        let file = FileContext::from_path(path, dialect);
        let doc = Document::new(text);
        let env = Env::empty();
        let end = doc.scan().body_start().min(text.len());
        // Free text (descriptions, prompts) has nothing to complete: skip it.
        let prose: Vec<Range<usize>> = doc
            .yaml()
            .entries
            .iter()
            .filter(|e| {
                spec::schema(dialect)
                    .field(&e.key)
                    .is_some_and(|f| f.kind == FieldKind::String)
            })
            .filter_map(|e| e.value.as_ref().map(|v| v.range.clone()))
            .collect();
        let mut offsets = Vec::new();
        for (i, c) in text[..end].char_indices() {
            if prose.iter().any(|r| r.contains(&i)) {
                continue;
            }
            if matches!(c, '\n' | ':' | ',' | '-' | '[' | '(') {
                offsets.push(i);
                offsets.push(i + c.len_utf8());
            }
        }
        offsets.push(end);
        for at in offsets {
            let items = complete(&doc, &file, env, at, None);
            for item in &items {
                assert!(item.replace.start <= item.replace.end && item.replace.end <= text.len());
            }
            let _ = hover::hover(&doc, &file, env, at);
        }
        let schema = spec::schema(dialect);
        for e in &doc.yaml().entries {
            if schema.field(&e.key).is_some() {
                let h = hover::hover(&doc, &file, env, e.key_range.start)
                    .unwrap_or_else(|| panic!("no hover on `{}` in {}", e.key, path.display()));
                assert!(
                    h.markdown.starts_with(&format!("**`{}`**", e.key)),
                    "{}",
                    h.markdown
                );
            }
        }
    }
}
