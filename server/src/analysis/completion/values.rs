//! Values: the dispatch on the key whose value is under the cursor, and the providers of plain
//! values (booleans, enum members, custom keys, the values other files use).

use std::collections::BTreeSet;

use super::context::CompletionContext;
use super::item::{CompletionItem, CompletionKind, needs_quotes, sort};
use crate::analysis::cursor::{Seg, Shape, Sibling, ValueAt};
use crate::analysis::hover;
use crate::analysis::settings::{CustomKey, CustomKeyType};
use crate::schema::Role;
use crate::schema::spec::{FieldKind, FieldSpec};

impl CompletionContext<'_> {
    pub(super) fn values(&self, v: &ValueAt) -> Vec<CompletionItem> {
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
                match f.role {
                    Some(r) if r.names_agents() => return self.agent_values(v),
                    Some(Role::Model) => return self.model_values(v, Some(f)),
                    _ => {}
                }
                self.field_values(f, v)
            }
            [Seg::Key(top), Seg::Key(sub), ..] => {
                // A map from tool name to a setting (OpenCode `permission`, `tools`).
                if let Some(f) = self.schema.field(top)
                    && hover::is_tool_map(self.schema, top)
                {
                    return if f.role == Some(Role::Permissions) {
                        self.enum_values(f, v)
                    } else {
                        self.bool_values(v)
                    };
                }
                match self.schema.field(top).and_then(|f| f.item(sub)) {
                    Some(f) => self.field_values(f, v),
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn top_value(&self, key: &str, v: &ValueAt) -> Vec<CompletionItem> {
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
            match f.role {
                Some(Role::Model) => return self.model_values(v, Some(f)),
                Some(r) if r.names_agents() => return self.agent_values(v),
                Some(Role::SkillRefs) => return self.skill_values(v),
                // A list naming servers (Claude `mcpServers`); Copilot's `mcp-servers` is a map
                // of server definitions, whose keys are new names.
                Some(Role::McpServers)
                    if f.kind == FieldKind::List && (v.in_list() || v.shape == Shape::Scalar) =>
                {
                    return self.mcp_server_values(v);
                }
                _ => {}
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

    pub(super) fn field_values(&self, f: &FieldSpec, v: &ValueAt) -> Vec<CompletionItem> {
        match f.kind {
            FieldKind::Boolean => self.bool_values(v),
            FieldKind::Enum | FieldKind::EnumOrMap => self.enum_values(f, v),
            _ => Vec::new(),
        }
    }

    /// Build a value item: `text` inserted with the quoting and spacing the place needs.
    pub(super) fn value_item(
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
    pub(super) fn quoted(&self, text: &str, v: &ValueAt) -> String {
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

    pub(super) fn bool_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        ["true", "false"]
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut item = self.value_item(b, CompletionKind::Keyword, v, true);
                item.sort_text = Some(sort(0, i, b));
                item
            })
            .collect()
    }

    pub(super) fn enum_values(&self, f: &FieldSpec, v: &ValueAt) -> Vec<CompletionItem> {
        f.values
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                let mut item = self.value_item(&ev.value, CompletionKind::Value, v, true);
                item.deprecated = ev.deprecated.is_some();
                let model = (f.role == Some(Role::Model))
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
                item.sort_text = Some(sort(if item.deprecated { 9 } else { 0 }, i, &ev.value));
                item.preselect = v.whole.text == ev.value;
                item
            })
            .collect()
    }

    pub(super) fn custom_values(
        &self,
        key: &str,
        c: &CustomKey,
        v: &ValueAt,
    ) -> Vec<CompletionItem> {
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
                item.sort_text = Some(sort(0, i, x));
                item
            })
            .collect()
    }

    /// Values other files use for `key`, plus the configured capabilities vocabulary.
    pub(super) fn workspace_values(&self, key: &str, v: &ValueAt) -> Vec<CompletionItem> {
        let listed = names(&v.siblings);
        let mut out = Vec::new();
        let add = |value: &str, detail: &str, group: u8, out: &mut Vec<CompletionItem>| {
            if listed.contains(value) || value.is_empty() {
                return;
            }
            let mut item = self.value_item(value, CompletionKind::Value, v, false);
            item.detail = Some(detail.to_string());
            item.sort_text = Some(sort(group, 0, value));
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

pub(super) fn names(siblings: &[Sibling]) -> BTreeSet<String> {
    siblings.iter().map(|s| s.text.clone()).collect()
}

/// The quote every sibling is written in, if they all share one.
pub(super) fn sibling_quote(siblings: &[Sibling]) -> Option<char> {
    let first = siblings.first()?.quote?;
    siblings
        .iter()
        .all(|s| s.quote == Some(first))
        .then_some(first)
}
