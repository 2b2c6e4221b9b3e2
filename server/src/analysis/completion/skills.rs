//! Skills: the skills of the workspace.

use super::context::CompletionContext;
use super::item::{CompletionItem, CompletionKind, sort};
use super::values::names;
use crate::analysis::cursor::ValueAt;
use crate::analysis::hover::shorten;

impl CompletionContext<'_> {
    pub(super) fn skill_values(&self, v: &ValueAt) -> Vec<CompletionItem> {
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
                item.sort_text = Some(sort(0, i, &s.name));
                item
            })
            .collect()
    }
}
