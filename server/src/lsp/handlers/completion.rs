//! `textDocument/completion`: keys and values in the frontmatter (the analysis of the one
//! file), agent names in the body (the index), and the conversion of items to LSP.

use std::ops::Range;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::analysis::completion::{self, CompletionKind, InsertFormat};
use crate::lsp::convert;
use crate::lsp::documents::uri_path;
use crate::lsp::server::Backend;
use crate::lsp::state::State;
use crate::text::TextBuffer;
use crate::workspace;

pub(crate) fn completion(
    server: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let timer = crate::lsp::timing::start();
    let result = server.query("completion", |state| {
        state.session.refresh_names_if_stale();
        // Frontmatter completion first; agent names in the body after it.
        in_file(state, &params).or_else(|| agent_names(state, &params))
    });
    crate::lsp::timing::finish("completion", timer);
    result
}

fn in_file(state: &State, params: &CompletionParams) -> Option<CompletionResponse> {
    let pos = &params.text_document_position;
    let open = state.docs.open.get(&pos.text_document.uri)?;
    let file = open.file.as_ref()?;
    let buf = open.doc.text();
    let offset = convert::offset(buf, pos.position, state.encoding);
    let trigger = params.context.as_ref().and_then(|c| {
        (c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER)
            .then(|| c.trigger_character.as_deref()?.chars().next())
            .flatten()
    });
    let items = completion::complete(&open.doc, file, state.env(), offset, trigger);
    response(state, buf, items, offset, false)
}

/// The items as an LSP list (`None` when there are none): the one place completion items are
/// converted.
fn response(
    state: &State,
    buf: &TextBuffer,
    items: Vec<completion::CompletionItem>,
    offset: usize,
    is_incomplete: bool,
) -> Option<CompletionResponse> {
    if items.is_empty() {
        return None;
    }
    let items = items
        .into_iter()
        .map(|item| completion_item(buf, item, offset, state))
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete,
        items,
    }))
}

fn completion_item(
    buf: &TextBuffer,
    item: completion::CompletionItem,
    offset: usize,
    state: &State,
) -> CompletionItem {
    let replace = edit_range(buf, item.replace.clone(), offset);
    let snippets = state.caps.snippet_support;
    let is_snippet = item.is_snippet();
    let kind = match item.kind {
        CompletionKind::Key => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Tool => CompletionItemKind::FUNCTION,
        CompletionKind::Model => CompletionItemKind::CONSTANT,
        CompletionKind::Agent => CompletionItemKind::CLASS,
        CompletionKind::BuiltinAgent => CompletionItemKind::CONSTANT,
        CompletionKind::Skill => CompletionItemKind::MODULE,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
    };
    CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        deprecated: item.deprecated.then_some(true),
        tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
        preselect: item.preselect.then_some(true),
        sort_text: item.sort_text,
        filter_text: item.filter_text,
        insert_text_format: match item.format {
            InsertFormat::Unstated => None,
            InsertFormat::Snippet if snippets => Some(InsertTextFormat::SNIPPET),
            InsertFormat::Plain | InsertFormat::Snippet => Some(InsertTextFormat::PLAIN_TEXT),
        },
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: convert::range(buf, &replace, state.encoding),
            new_text: if is_snippet && !snippets {
                snippet_to_text(&item.insert_text)
            } else {
                item.insert_text
            },
        })),
        ..CompletionItem::default()
    }
}

/// A snippet as plain text, for clients without snippet support: tab stops vanish,
/// placeholders keep their default text, choices keep their first option, escapes are undone.
fn snippet_to_text(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                match chars.next() {
                    // `${1:default}`: keep the default (which may hold nested placeholders).
                    Some(':') => {
                        let mut depth = 1;
                        let mut inner = String::new();
                        for c in chars.by_ref() {
                            match c {
                                '{' => depth += 1,
                                '}' => depth -= 1,
                                _ => {}
                            }
                            if depth == 0 {
                                break;
                            }
                            inner.push(c);
                        }
                        out.push_str(&snippet_to_text(&inner));
                    }
                    // `${1|a,b|}`: keep the first choice.
                    Some('|') => {
                        let choices: String = chars.by_ref().take_while(|c| *c != '|').collect();
                        out.push_str(choices.split(',').next().unwrap_or(""));
                        chars.next(); // the closing `}`
                    }
                    _ => {}
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The LSP requires a completion edit to sit on one line and to contain the cursor; anything
/// else becomes an insertion at the cursor.
fn edit_range(buf: &TextBuffer, r: Range<usize>, offset: usize) -> Range<usize> {
    let on_one_line = !buf.slice(r.clone()).contains(['\n', '\r']);
    if r.start <= offset && offset <= r.end && on_one_line {
        r
    } else {
        offset..offset
    }
}

/// At most this many agent names per completion answer; the list is then marked incomplete, and
/// the client asks again as the user types.
const MAX_NAME_COMPLETIONS: usize = 100;

/// Agent names after `@` in the body and inside `subagent_type: "`.
fn agent_names(state: &State, params: &CompletionParams) -> Option<CompletionResponse> {
    let pos = &params.text_document_position;
    let open = state.docs.open.get(&pos.text_document.uri)?;
    open.file.as_ref()?;
    let path = uri_path(&pos.text_document.uri).map(|p| workspace::absolute(&p))?;
    let buf = open.doc.text();
    let offset = convert::offset(buf, pos.position, state.encoding);
    let (mode, replace) = completion::body_context(&open.doc, offset)?;
    let typed = buf.slice(replace.start..offset.max(replace.start));
    let (found, cut) = workspace::completions(
        &state.session.index,
        &path,
        mode,
        &typed,
        replace,
        MAX_NAME_COMPLETIONS,
    );
    response(state, buf, found, offset, cut)
}

#[cfg(test)]
mod tests {
    use super::snippet_to_text;

    #[test]
    fn snippets_as_plain_text() {
        assert_eq!(
            snippet_to_text("model: ${1|sonnet,opus|}$0"),
            "model: sonnet"
        );
        assert_eq!(
            snippet_to_text("name: ${1:reviewer}\ndescription: $2"),
            "name: reviewer\ndescription: "
        );
        assert_eq!(snippet_to_text("cost: \\$5"), "cost: $5");
    }
}
