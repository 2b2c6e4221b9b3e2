//! Refactorings offered where the cursor is, with or without a diagnostic: rewriting a tool list
//! as a comma-separated string or as a YAML list.

use super::FileContext;
use super::diagnostic::Fix;
use super::tools::{self, ListForm};
use crate::schema::spec::{FieldKind, ToolsSplit, schema};
use crate::syntax::Document;

/// Refactorings for the frontmatter entry at `offset` (a byte offset into the document).
pub fn at(doc: &Document, file: &FileContext, offset: usize) -> Vec<Fix> {
    let mut out = Vec::new();
    let schema = schema(file.dialect);
    let Some(entry) = doc
        .yaml()
        .entries
        .iter()
        .find(|e| e.range.start <= offset && offset <= e.range.end)
    else {
        return out;
    };
    let Some(field) = schema.field(&entry.key) else {
        return out;
    };
    if field.kind != FieldKind::ToolList {
        return out;
    }
    let Some(node) = entry.value.as_ref() else {
        return out;
    };
    let spaces = schema.tools_split == ToolsSplit::CommasAndSpaces;
    let (form, list) = tools::entries(doc, node, spaces);
    if list.is_empty() || list.iter().any(|e| e.range == node.range && list.len() > 1) {
        // Nothing to rewrite, or entries whose text cannot be placed exactly.
        return out;
    }
    let text = doc.text();
    let between = text.slice(entry.key_range.end..node.range.start);
    let Some(colon) = between.find(':') else {
        return out;
    };
    let replace = entry.key_range.end + colon + 1..node.range.end;
    let names: Vec<&str> = list.iter().map(|e| e.text.as_str()).collect();
    match form {
        ListForm::List { .. } => {
            if names.iter().all(|n| !n.contains(['\'', '"', '#'])) {
                out.push(Fix::replace(
                    format!("Write `{}` as a comma-separated string", entry.key),
                    replace,
                    format!(" {}", names.join(", ")),
                ));
            }
        }
        ListForm::String => {
            let quoted: Vec<String> = names
                .iter()
                .map(|n| format!("'{}'", n.replace('\'', "''")))
                .collect();
            out.push(Fix::replace(
                format!("Write `{}` as a YAML list", entry.key),
                replace,
                format!(" [{}]", quoted.join(", ")),
            ));
        }
        ListForm::Map | ListForm::Other => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;
    use crate::syntax::strict;

    fn apply(text: &str, fix: &Fix) -> String {
        let mut out = text.to_string();
        for e in fix.edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.new_text);
        }
        out
    }

    #[test]
    fn tool_lists_convert_both_ways() {
        let file = FileContext::bare(Dialect::ClaudeAgent);
        let text = "---\nname: a\ndescription: d\ntools: Read, Bash(git add:*)\n---\n";
        let doc = Document::new(text);
        let fixes = at(&doc, &file, text.find("Read").unwrap());
        assert_eq!(fixes.len(), 1);
        let list = apply(text, &fixes[0]);
        assert_eq!(
            list,
            "---\nname: a\ndescription: d\ntools: ['Read', 'Bash(git add:*)']\n---\n"
        );
        let doc = Document::new(&list);
        let back = at(&doc, &file, list.find("Read").unwrap());
        assert_eq!(apply(&list, &back[0]), text);
        let fm = &list[4..list.len() - 4];
        assert_eq!(strict::check(fm), Ok(()));
        // Not on a tool list: nothing.
        assert!(at(&doc, &file, list.find("name").unwrap()).is_empty());
    }
}
