//! Dialect-aware validation, driven by the schema data: unknown and deprecated keys, value types
//! and enums, tool lists (names, renamed and removed tools, `Tool(rule)` forms, MCP servers,
//! empty lists, conflicts, the written form), custom keys from the settings, and names that
//! differ from their file.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::settings::{CustomKey, CustomKeyType};
use super::tools::{self, ListForm, ToolEntry};
use super::{Diagnostic, Edit, Env, FileContext, Fix, Severity, codes, team_keys};
use crate::schema::Dialect;
use crate::schema::spec::schema;
use crate::schema::spec::{
    self, DialectSchema, FieldKind, FieldSpec, InvalidValues, Requirement, Specifier,
    ToolMatchKind, ToolStatus, ToolsForm, ToolsSplit, UnknownKeys, UnknownTools, did_you_mean,
    one_edit_apart, suggest_current_tool,
};
use crate::syntax::{Document, Entry, NodeKind, ScalarType, YamlNode};

mod keys;
mod names;
mod tool_entries;
mod tool_lists;

use tool_lists::tool_lists;
mod map_values;
mod values;

use keys::{check_custom, missing_keys, other_variant_key, requirement_severity, unknown_key};
use names::name_mismatch;
use values::{check_value, is_boolean, is_empty};

struct RuleContext<'a> {
    doc: &'a Document,
    file: &'a FileContext,
    env: Env<'a>,
    schema: &'static DialectSchema,
    /// The variant the frontmatter is (Gemini CLI's `kind`), see [`DialectSchema::variant`].
    variant: Option<&'static str>,
    /// The key being checked says what a wrong value does (its `invalid`), overriding the
    /// dialect's `invalid_values`.
    invalid: Option<InvalidValues>,
    out: &'a mut Vec<Diagnostic>,
}

impl RuleContext<'_> {
    fn src(&self, r: Range<usize>) -> String {
        self.doc.text().slice(r)
    }

    fn product(&self) -> &str {
        &self.schema.product
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// The product refuses the whole file over a wrong value (a strict schema).
    fn rejects(&self) -> bool {
        self.invalid.unwrap_or(self.schema.invalid_values) == InvalidValues::Rejected
    }

    /// The severity of a wrong value, and what to say first: for a strict product an error and
    /// "Gemini CLI will not load this agent: ", else `warned` and nothing.
    fn refusal(&self, warned: Severity) -> (Severity, String) {
        if self.rejects() {
            (
                Severity::Error,
                format!("{}: ", super::verdict::consequence(self.file)),
            )
        } else {
            (warned, String::new())
        }
    }
}

/// Run every schema rule over a frontmatter that loads as a YAML mapping.
pub(crate) fn check(doc: &Document, file: &FileContext, env: Env<'_>, out: &mut Vec<Diagnostic>) {
    let entries = &doc.yaml().entries;
    let schema = schema(file.dialect);
    let kind = schema
        .variant_key
        .as_deref()
        .and_then(|k| doc.yaml().get(k))
        .and_then(|e| e.value.as_ref()?.as_scalar())
        .map(|s| s.value.as_str());
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let mut cx = RuleContext {
        doc,
        file,
        env,
        schema,
        variant: schema.variant(kind, &keys),
        invalid: None,
        out,
    };
    for entry in entries {
        check_entry(&mut cx, entry);
    }
    missing_keys(&mut cx, entries);
    tool_lists(&mut cx, entries);
    name_mismatch(&mut cx, entries);
}

// Long: the order of the key checks (renamed, deprecated, ignored, custom, unknown, ignored in
// plugins) decides which one speaks; kept in one place so the order reads top to bottom.
fn check_entry(cx: &mut RuleContext<'_>, entry: &Entry) {
    if let Some(custom) = cx.env.settings.custom_keys.get(&entry.key) {
        check_custom(cx, entry, custom);
        return;
    }
    let Some(field) = cx.schema.field(&entry.key) else {
        unknown_key(cx, entry);
        return;
    };
    if let (Some(own), Some(active)) = (field.variant.as_deref(), cx.variant)
        && own != active
    {
        other_variant_key(cx, entry, own, active);
        return;
    }
    if let Some(new) = &field.renamed_to {
        let d = Diagnostic::new(
            codes::DEPRECATED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!("`{}` was renamed to `{new}`. Rename the key.", entry.key),
        )
        .with_fix(
            Fix::replace(
                format!("Rename to `{new}`"),
                entry.key_range.clone(),
                new.clone(),
            )
            .preferred()
            .safe(),
        );
        cx.push(Diagnostic {
            deprecated: true,
            ..d
        });
    } else if let Some(why) = &field.deprecated {
        let d = Diagnostic::new(
            codes::DEPRECATED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!(
                "`{}` is deprecated: {}",
                entry.key,
                why.trim_end_matches('.').to_string() + "."
            ),
        );
        cx.push(Diagnostic {
            deprecated: true,
            ..d
        });
    }
    if field.plugin_ignored && cx.file.plugin {
        let d = Diagnostic::new(
            codes::IGNORED_KEY,
            Severity::Warning,
            entry.key_range.clone(),
            format!(
                "{} ignores `{}` in plugin agents (for security). Move the setting to the plugin's configuration or remove it.",
                cx.product(),
                entry.key
            ),
        );
        cx.push(Diagnostic {
            unnecessary: true,
            ..d
        });
    } else if let Some(why) = &field.ignored {
        let d = Diagnostic::new(
            codes::IGNORED_KEY,
            Severity::Information,
            entry.key_range.clone(),
            format!(
                "{} reads `{}` but it has no effect here: {}",
                cx.product(),
                entry.key,
                why.trim_end_matches('.').to_string() + "."
            ),
        );
        cx.push(Diagnostic {
            unnecessary: true,
            ..d
        });
    }
    if matches!(entry.key.as_str(), "name" | "description") {
        return; // the frontmatter layer checks these
    }
    check_value(
        cx,
        field,
        &entry.key,
        entry.key_range.clone(),
        entry.value.as_ref(),
    );
}

#[cfg(test)]
mod tests;
