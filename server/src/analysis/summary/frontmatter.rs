//! The frontmatter's part of a summary: name, description, model, tools and list values, and
//! the agents and skills it names. Which key holds what is the field's role in the schema data
//! ([`Role`]: `agent-ref`, `agent-refs`, `skill-refs`, ...); `Agent(x)` rules come from tool lists.

use std::ops::Range;

use super::body::is_name_like;
use super::{FileSummary, MAX_DESCRIPTION, NameDecl, RefKind, Reference, Span};
use crate::analysis::FileContext;
use crate::analysis::tools;
use crate::schema::spec::DialectSchema;
use crate::schema::{Dialect, Role, spec};
use crate::syntax::{Document, NodeKind, ScalarStyle, YamlNode};
use crate::text::{Name, PositionEncoding};

/// [`summarize`] without the body: the frontmatter's facts and references (`links` empty).
pub(crate) fn summarize_frontmatter(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
) -> FileSummary {
    summarize_with(doc, file, spec::schema(file.dialect), enc)
}

/// The frontmatter is closed, valid YAML to the strict loader and has no key twice.
fn readable(doc: &Document, doc_dialect: crate::schema::Dialect) -> bool {
    let Some(fm) = doc.scan().frontmatter() else {
        return false;
    };
    let lf =
        crate::schema::spec::schema(doc_dialect).block == crate::schema::spec::BlockRule::LfFences;
    if lf && crate::loader::fences::find_lf(&doc.text().slice(0..doc.text().len())).is_err() {
        return false;
    }
    if fm.close.is_none()
        || crate::syntax::strict::check(&doc.text().slice(fm.content.clone())).is_err()
    {
        return false;
    }
    let keys = &doc.yaml().entries;
    keys.iter()
        .enumerate()
        .all(|(i, e)| keys[..i].iter().all(|o| o.key != e.key))
}

/// [`summarize_frontmatter`] under `schema`: which key holds what comes from the fields' roles
/// alone, so any schema (a made-up one in the tests) gets the same behaviour.
// Long: one walk over the frontmatter keys, each role a short arm that records its facts or
// references into the same summary.
fn summarize_with(
    doc: &Document,
    file: &FileContext,
    schema: &DialectSchema,
    enc: PositionEncoding,
) -> FileSummary {
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    let yaml = doc.yaml();
    let mut out = FileSummary::empty(file.dialect, doc.scan().frontmatter().is_some());
    let claude = matches!(
        file.dialect,
        Dialect::ClaudeAgent | Dialect::ClaudeSkill | Dialect::ClaudeCommand
    );
    let mut seen_keys: Vec<&str> = Vec::new();
    // A product that loads a file without a frontmatter it cannot read keeps none of it: the
    // file has no name, description or tools of its own (its name is its path).
    let entries = if schema.loads_without_frontmatter && !readable(doc, file.dialect) {
        &[][..]
    } else {
        &yaml.entries[..]
    };
    for entry in entries {
        // The first of duplicate keys is what most loaders keep... and what `get` returns.
        if seen_keys.contains(&entry.key.as_str()) {
            continue;
        }
        seen_keys.push(&entry.key);
        let field = schema.field(&entry.key);
        if field.is_none() {
            out.other_keys.push(entry.key.clone());
        }
        let Some(value) = &entry.value else { continue };
        match field.and_then(|f| f.role) {
            Some(Role::Name) => {
                if let Some((text, range)) = scalar_inner(doc, value) {
                    out.name = Some(NameDecl {
                        value: text,
                        span: span(range),
                    });
                }
            }
            Some(Role::Description) => {
                if let Some(s) = value.as_scalar() {
                    let mut d = s.value.trim().to_string();
                    if d.len() > MAX_DESCRIPTION {
                        let cut = floor_boundary(&d, MAX_DESCRIPTION);
                        d.truncate(cut);
                        d.push('…');
                    }
                    out.description = (!d.is_empty()).then_some(d);
                    let source = buf.slice(value.range.clone());
                    out.refs
                        .extend(super::description_refs(&source, value.range.start, &span));
                }
            }
            Some(Role::Model) => {
                out.model = match &value.kind {
                    NodeKind::Scalar(s) if !s.value.trim().is_empty() => {
                        Some(Name::new(s.value.trim()))
                    }
                    NodeKind::Sequence { items, .. } => {
                        let v: Vec<&str> = items
                            .iter()
                            .filter_map(|i| i.as_scalar().map(|s| s.value.as_str()))
                            .collect();
                        (!v.is_empty()).then(|| Name::from(v.join(", ")))
                    }
                    _ => None,
                };
            }
            Some(Role::Color) => {
                out.color = value
                    .as_scalar()
                    .map(|s| s.value.trim())
                    .filter(|c| !c.is_empty())
                    .map(Name::new);
            }
            Some(Role::AgentRef) => {
                if let Some((text, range)) = scalar_inner(doc, value)
                    && is_name_like(&text)
                {
                    out.refs.push(fm_ref(RefKind::ForkAgent, text, span(range)));
                }
            }
            Some(Role::AgentRefs) => {
                for (text, range) in string_items(doc, value) {
                    if text != "*" && is_name_like(&text) {
                        out.refs
                            .push(fm_ref(RefKind::AgentsList, text, span(range)));
                    }
                }
            }
            Some(Role::Permissions) => permission_refs(doc, schema, value, &mut out.refs, &span),
            Some(Role::SkillRefs) => {
                for (text, range) in string_items(doc, value) {
                    if is_name_like(&text) {
                        out.refs.push(fm_ref(RefKind::Skill, text, span(range)));
                    }
                }
            }
            _ => {}
        }
        // Items that name an agent: Copilot's `handoffs[].agent`.
        if let Some(key) = field
            .and_then(|f| f.item_with_role(Role::AgentRef))
            .map(|f| f.name.as_str())
            && let NodeKind::Sequence { items, .. } = &value.kind
        {
            for item in items {
                let NodeKind::Mapping { entries, .. } = &item.kind else {
                    continue;
                };
                let agent = entries.iter().find(|e| e.key == key);
                if let Some(v) = agent.and_then(|e| e.value.as_ref())
                    && let Some((text, range)) = scalar_inner(doc, v)
                    && !text.is_empty()
                {
                    out.refs.push(fm_ref(RefKind::Handoff, text, span(range)));
                }
            }
        }
        if schema.is_tools_field(&entry.key) {
            let spaces = schema.tools_split == crate::schema::spec::ToolsSplit::CommasAndSpaces;
            let granted = field.and_then(|f| f.role) == Some(Role::Tools);
            let (_, entries) = tools::entries(doc, value, spaces);
            for e in &entries {
                if granted && !e.disabled {
                    out.tools.push(Name::new(&e.text));
                }
                if claude {
                    tool_rule_refs(doc, e, &mut out.refs, &span);
                }
                agent_tool_ref(doc, schema, e, &mut out.refs, &span);
            }
        }
        if let NodeKind::Sequence { items, .. } = &value.kind
            && !items.is_empty()
            && items.iter().all(|i| i.as_scalar().is_some())
        {
            let values = items
                .iter()
                .filter_map(|i| i.as_scalar())
                .map(|s| s.value.clone())
                .collect();
            out.lists.push((entry.key.clone(), values));
        }
    }
    out
}

/// The agents a permission map names: the keys under a tool whose specifier is agent types
/// (OpenCode's and Kilo's `permission: { task: { reviewer: allow } }`), wildcards left out.
fn permission_refs(
    doc: &Document,
    schema: &DialectSchema,
    value: &YamlNode,
    out: &mut Vec<Reference>,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let NodeKind::Mapping { entries, .. } = &value.kind else {
        return;
    };
    for tool in entries {
        let agents = schema
            .tool(&tool.key)
            .is_some_and(|t| t.specifier == spec::Specifier::AgentTypes);
        let Some(NodeKind::Mapping { entries: names, .. }) = tool.value.as_ref().map(|v| &v.kind)
        else {
            continue;
        };
        if !agents {
            continue;
        }
        for name in names {
            if name.key.contains('*') || !is_name_like(&name.key) {
                continue;
            }
            // A quoted key: the name inside the quotes.
            let raw = doc.text().slice(name.key_range.clone());
            let start = name.key_range.start + raw.find(name.key.as_str()).unwrap_or(0);
            let range = start..start + name.key.len();
            out.push(fm_ref(RefKind::ToolRule, &name.key, span(range)));
        }
    }
}

pub(super) fn fm_ref(kind: RefKind, name: impl AsRef<str>, span: Span) -> Reference {
    Reference {
        kind,
        name: Name::new(name.as_ref()),
        span,
        in_frontmatter: true,
        lead: 0,
        delegation: false,
    }
}

pub(super) fn floor_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A single-line scalar's value and the range of its text without quotes; `None` when the text
/// is not the value (escapes, folding) or the node is not a scalar.
pub(crate) fn scalar_inner(doc: &Document, node: &YamlNode) -> Option<(String, Range<usize>)> {
    let s = node.as_scalar()?;
    let raw = doc.text().slice(node.range.clone());
    let (inner, start) = match s.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() >= 2 => {
            (&raw[1..raw.len() - 1], node.range.start + 1)
        }
        ScalarStyle::Plain => (raw.as_str(), node.range.start),
        _ => return None,
    };
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed != s.value.trim() || trimmed.contains('\n') {
        return None;
    }
    let start = start + lead;
    Some((trimmed.to_string(), start..start + trimmed.len()))
}

/// The strings of a list, or of one comma-separated string, with their ranges.
pub(super) fn string_items(doc: &Document, node: &YamlNode) -> Vec<(String, Range<usize>)> {
    match &node.kind {
        NodeKind::Sequence { items, .. } => items
            .iter()
            .filter_map(|i| scalar_inner(doc, i))
            .filter(|(t, _)| !t.is_empty())
            .collect(),
        NodeKind::Scalar(_) => {
            let Some((text, range)) = scalar_inner(doc, node) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            let mut at = 0;
            for piece in text.split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let t = piece.trim();
                if !t.is_empty() {
                    let s = range.start + at + lead;
                    out.push((t.to_string(), s..s + t.len()));
                }
                at += piece.len() + 1;
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A tool that calls an agent by name (`agent_tool_prefix`: Auggie's `sub-agent-reviewer`): one
/// reference to the agent, over the name after the prefix.
fn agent_tool_ref(
    doc: &Document,
    schema: &DialectSchema,
    entry: &tools::ToolEntry,
    out: &mut Vec<Reference>,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let Some(prefix) = schema.agent_tool_prefix.as_deref() else {
        return;
    };
    let Some(name) = entry.text.strip_prefix(prefix) else {
        return;
    };
    // Positions are exact only when the entry's range holds exactly its text.
    if name.is_empty() || !is_name_like(name) || doc.text().slice(entry.range.clone()) != entry.text
    {
        return;
    }
    let start = entry.range.start + prefix.len();
    out.push(fm_ref(
        RefKind::ToolRule,
        name,
        span(start..entry.range.end),
    ));
}

/// Parameters of `Agent(...)` rules that are not agent names (`Agent(model:opus)`).
pub(super) const AGENT_RULE_PARAMS: &[&str] =
    &["model", "isolation", "run_in_background", "background"];

/// `Agent(a, b)` / `Task(a)`: one reference per name.
pub(super) fn tool_rule_refs(
    doc: &Document,
    entry: &tools::ToolEntry,
    out: &mut Vec<Reference>,
    span: &dyn Fn(Range<usize>) -> Span,
) {
    let (tool, Some(inner)) = spec::split_specifier(&entry.text) else {
        return;
    };
    if tool != "Agent" && tool != "Task" {
        return;
    }
    // Positions are exact only when the entry's range holds exactly its text.
    let raw = doc.text().slice(entry.range.clone());
    let exact = raw == entry.text;
    let Some(open) = entry.text.find('(') else {
        return;
    };
    let mut at = open + 1;
    for piece in inner.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let name = piece.trim();
        let start = at + lead;
        at += piece.len() + 1;
        if name.is_empty() || name.contains('*') || !is_name_like(name) {
            continue;
        }
        if let Some((param, _)) = name.split_once(':')
            && AGENT_RULE_PARAMS.contains(&param)
        {
            continue;
        }
        let range = if exact {
            entry.range.start + start..entry.range.start + start + name.len()
        } else {
            entry.range.clone()
        };
        out.push(fm_ref(RefKind::ToolRule, name, span(range)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::RefKind;
    use crate::schema::Role;

    /// A dialect made up in the test: Copilot's agent schema with its keys renamed. The summary
    /// follows the roles, not the names, so the new keys work without code.
    #[test]
    fn a_made_up_dialect_gets_the_behaviour_from_its_roles() {
        let mut schema = spec::schema(Dialect::CopilotAgent).clone();
        let rename = |schema: &mut DialectSchema, from: &str, to: &str| {
            let f = schema.fields.iter_mut().find(|f| f.name == from).unwrap();
            f.name = to.to_string();
        };
        rename(&mut schema, "agents", "delegates");
        rename(&mut schema, "model", "engine");
        rename(&mut schema, "description", "summary");
        let handoffs = schema
            .fields
            .iter_mut()
            .find(|f| f.name == "handoffs")
            .unwrap();
        handoffs.name = "next".to_string();
        handoffs
            .items
            .iter_mut()
            .find(|i| i.name == "agent")
            .unwrap()
            .name = "to".to_string();
        assert_eq!(schema.role("delegates"), Some(Role::AgentRefs));

        let text = "---\nsummary: Plans\nengine: gpt-5\ndelegates: [writer, '*']\nagents: [ignored]\nnext:\n  - label: Go\n    to: reviewer\n---\n";
        let doc = Document::new(text);
        let file = FileContext::bare(Dialect::CopilotAgent);
        let s = summarize_with(&doc, &file, &schema, PositionEncoding::Utf16);
        let refs: Vec<_> = s.refs.iter().map(|r| (r.kind, r.name.as_str())).collect();
        assert_eq!(
            refs,
            [
                (RefKind::AgentsList, "writer"),
                (RefKind::Handoff, "reviewer")
            ]
        );
        assert_eq!(s.description.as_deref(), Some("Plans"));
        assert_eq!(s.model.as_deref(), Some("gpt-5"));

        // The same text under the real schema: the renamed keys mean nothing there.
        let s = summarize_frontmatter(&doc, &file, PositionEncoding::Utf16);
        let refs: Vec<_> = s.refs.iter().map(|r| (r.kind, r.name.as_str())).collect();
        assert_eq!(refs, [(RefKind::AgentsList, "ignored")]);
        assert_eq!(s.model, None);
    }

    /// The keys of a permission map under a tool that takes agent types name agents; other
    /// tools' patterns and wildcards do not.
    #[test]
    fn agent_names_in_a_permission_map() {
        let text = "---\npermission:\n  task:\n    \"*\": deny\n    \"reviewer\": allow\n    docs-*: ask\n    tester: allow\n  bash:\n    git: allow\n---\n";
        let doc = Document::new(text);
        for dialect in [Dialect::KiloAgent, Dialect::OpenCodeAgent] {
            let file = FileContext::bare(dialect);
            let s = summarize_frontmatter(&doc, &file, PositionEncoding::Utf16);
            let refs: Vec<_> = s
                .refs
                .iter()
                .map(|r| (r.kind, r.name.as_str(), r.span.start.line, r.span.start.col))
                .collect();
            assert_eq!(
                refs,
                [
                    (RefKind::ToolRule, "reviewer", 4, 5),
                    (RefKind::ToolRule, "tester", 6, 4)
                ]
            );
        }
    }
}
