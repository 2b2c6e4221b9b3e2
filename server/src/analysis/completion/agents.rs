//! Agents: the agents of the workspace and the built-in ones, as values and inside `Agent(...)`.

use super::context::CompletionContext;
use super::item::{CompletionItem, CompletionKind, sort};
use crate::analysis::cursor::ValueAt;
use crate::analysis::hover::{builtin_agents, role_at, shorten};
use crate::schema::Role;

impl CompletionContext<'_> {
    /// The agents one may delegate to: the workspace's first, then the product's built-ins,
    /// skipping `except` and this file's own agent. `(name, doc, built-in)`.
    pub(super) fn agents(&self, except: &[String]) -> Vec<(String, Option<String>, bool)> {
        let own = self
            .schema
            .fields_with_role(Role::Name)
            .find_map(|f| self.doc.yaml().get(&f.name))
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

    pub(super) fn agent_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
        let listed: Vec<String> = v.siblings.iter().map(|s| s.text.clone()).collect();
        let mut out: Vec<CompletionItem> = self
            .agents(&listed)
            .into_iter()
            .enumerate()
            .map(|(i, (name, doc, builtin))| {
                let mut item = self.value_item(&name, CompletionKind::Agent, v, true);
                item.documentation = doc;
                item.detail = Some(if builtin { "built-in agent" } else { "agent" }.to_string());
                item.sort_text = Some(sort(u8::from(builtin), i, &name));
                item
            })
            .collect();
        if role_at(self.schema, &v.path) == Some(Role::AgentRefs) {
            let mut item = self.value_item("*", CompletionKind::Value, v, true);
            item.detail = Some("any agent".to_string());
            item.sort_text = Some(sort(2, 0, "*"));
            out.push(item);
        }
        out
    }
}
