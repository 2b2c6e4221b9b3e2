//! Each hover says each thing once: every hover the schema data can produce (keys, their
//! nested keys, enum values with their model docs, models, tools, built-in agents) is scanned
//! for a sentence said twice, in the same words or nearly.

use super::docs::{field_markdown, tool_markdown, value_markdown};
use crate::schema::Dialect;
use crate::schema::Role;
use crate::schema::spec::{self, FieldSpec};

/// The sentences of a Markdown text, each as its lowercased words (formatting dropped). The
/// title line (`**`name`** · kind`) is a label, not a sentence: it is left out.
fn sentences(md: &str) -> Vec<Vec<String>> {
    let body = match md.split_once("\n\n") {
        Some((title, rest)) if title.starts_with("**") => rest,
        None if md.starts_with("**") => "",
        _ => md,
    };
    // `e.g. ` does not end a sentence.
    let body = body.replace("e.g. ", "eg ");
    body.split(". ")
        .flat_map(|s| s.split(['\n', ';', '!', '?']))
        .map(|s| {
            s.split(|c: char| !(c.is_alphanumeric() || c == '[' || c == ']'))
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= 3)
        .collect()
}

/// Whether two sentences say the same thing: one's words all in the other, or most words
/// shared.
fn near_duplicates(a: &[String], b: &[String]) -> bool {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    shared == a.len().min(b.len()) || shared * 10 >= union * 6
}

/// The repeated sentences of `md`, as readable pairs.
fn repeats(md: &str) -> Vec<String> {
    let s = sentences(md);
    let mut out = Vec::new();
    for i in 0..s.len() {
        for j in i + 1..s.len() {
            if near_duplicates(&s[i], &s[j]) {
                out.push(format!("{:?} ~ {:?}", s[i].join(" "), s[j].join(" ")));
            }
        }
    }
    out
}

fn field_hovers(dialect: Dialect, f: &FieldSpec, out: &mut Vec<(String, String)>) {
    let schema = spec::schema(dialect);
    out.push((
        format!("{dialect:?} key {}", f.name),
        field_markdown(f, dialect),
    ));
    for v in &f.values {
        let model = (f.role == Some(Role::Model))
            .then(|| schema.models.iter().find(|m| m.name == v.value))
            .flatten();
        let md = value_markdown(f, v, model.map(|m| m.doc.as_str()));
        out.push((format!("{dialect:?} {}: {}", f.name, v.value), md));
    }
    for item in &f.items {
        field_hovers(dialect, item, out);
    }
}

#[test]
fn every_hover_says_each_thing_once() {
    assert!(
        near_duplicates(
            &sentences("The current Sonnet model.")[0],
            &sentences("**`sonnet`**\n\nAlias for the current Sonnet model: the balanced default.")
                [0]
        ),
        "the reported case is caught"
    );
    let mut hovers = Vec::new();
    for dialect in Dialect::ALL {
        let schema = spec::schema(dialect);
        for f in &schema.fields {
            field_hovers(dialect, f, &mut hovers);
        }
        for t in &schema.tools {
            hovers.push((
                format!("{dialect:?} tool {}", t.name),
                tool_markdown(schema, t, &t.name),
            ));
            for a in &t.aliases {
                hovers.push((format!("{dialect:?} tool {a}"), tool_markdown(schema, t, a)));
            }
        }
    }
    assert!(hovers.len() > 300, "{} hovers", hovers.len());
    let found: Vec<String> = hovers
        .iter()
        .flat_map(|(what, md)| repeats(md).into_iter().map(move |r| format!("{what}: {r}")))
        .collect();
    assert!(
        found.is_empty(),
        "{} repeated:\n{}",
        found.len(),
        found.join("\n")
    );
}
