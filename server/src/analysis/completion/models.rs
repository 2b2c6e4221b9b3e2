//! Models: the model names and aliases of the dialect.

use super::context::CompletionContext;
use super::item::{CompletionItem, CompletionKind, sort};
use super::values::names;
use crate::analysis::cursor::ValueAt;
use crate::schema::Dialect;
use crate::schema::spec::{FieldKind, FieldSpec};

impl CompletionContext<'_> {
    /// `model`: the enum's values (Claude) or the known model names (Copilot).
    pub(super) fn model_values(&self, v: &ValueAt, f: Option<&FieldSpec>) -> Vec<CompletionItem> {
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
                item.sort_text = Some(sort(0, i, &m.name));
                item
            })
            .collect()
    }
}
