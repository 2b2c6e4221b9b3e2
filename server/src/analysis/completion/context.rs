//! Where completion happens: the document, its dialect's schema and what the workspace knows,
//! with the place of the cursor (`cursor::locate`) computed once by [`super::complete`]; and
//! whether a trigger character makes sense at that place. In the body: whether the cursor is
//! where an agent name goes ([`body_context`]; the names come from the workspace index).

use std::ops::Range;

use crate::analysis::cursor::{Place, Shape};
use crate::analysis::{Env, FileContext};
use crate::schema::spec::DialectSchema;
use crate::syntax::Document;
use crate::text::PositionEncoding;

/// What every provider reads.
pub(super) struct CompletionContext<'a> {
    pub(super) doc: &'a Document,
    pub(super) file: &'a FileContext,
    pub(super) env: Env<'a>,
    pub(super) schema: &'static DialectSchema,
}

pub(super) fn trigger_fits(
    place: &Place,
    trigger: Option<char>,
    doc: &Document,
    offset: usize,
) -> bool {
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

/// Where agent names are completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionMode {
    /// After `@` in the body.
    Mention,
    /// Inside `subagent_type: "`.
    SubagentType,
}

/// Whether the line starting at `line_start` is inside a fenced or indented code block.
fn in_code_block(doc: &Document, line_start: usize) -> bool {
    doc.code_blocks()
        .overlapping(line_start..line_start + 1)
        .iter()
        .any(|b| b.start <= line_start && line_start < b.end)
}

/// Whether byte `at` of `line` lies inside an inline code span: after a run of backticks that
/// a run of the same length closes later on the line (an unclosed run is literal text).
fn in_inline_code(line: &str, at: usize) -> bool {
    let bytes = line.as_bytes();
    let run_at = |i: usize| bytes[i..].iter().take_while(|b| **b == b'`').count();
    let mut i = 0;
    while i < at {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = run_at(i);
        let mut j = i + run;
        let close = loop {
            match bytes[j.min(bytes.len())..].iter().position(|b| *b == b'`') {
                None => break None,
                Some(k) => {
                    let r = run_at(j + k);
                    if r == run {
                        break Some(j + k);
                    }
                    j += k + r;
                }
            }
        };
        match close {
            Some(c) if c > at => return true,
            Some(c) => i = c + run,
            None => i += run,
        }
    }
    false
}

/// Whether `offset` in `doc` is where an agent name goes, and the range the name replaces.
pub fn body_context(doc: &Document, offset: usize) -> Option<(CompletionMode, Range<usize>)> {
    let buf = doc.text();
    let body = doc.scan().body_start();
    if offset < body || offset > buf.len() {
        return None;
    }
    let line = buf.position_at(offset, PositionEncoding::Utf8).line as usize;
    let start = buf.line_start(line).max(body);
    let end = buf.line_content_end(line);
    let text = buf.slice(start..end);
    let col = offset - start;
    let before = text.get(..col)?;
    let after = text.get(col..).unwrap_or("");
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':');
    let tail = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
    // `subagent_type: "par|`.
    if let Some(k) = before.rfind("subagent_type") {
        let rest = &before[k + "subagent_type".len()..];
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest).trim_start();
        if let Some(v) = rest.strip_prefix([':', '=']) {
            let v = v.trim_start();
            let v = v.strip_prefix(['"', '\'']).unwrap_or(v);
            if v.chars().all(|c| is_name(c) || c == ' ') {
                return Some((
                    CompletionMode::SubagentType,
                    offset - v.len()..offset + tail,
                ));
            }
        }
    }
    // `@par|`, not in an e-mail address.
    let word_start = before.rfind(|c: char| !is_name(c)).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let at = word_start.checked_sub(1)?;
    if before.as_bytes().get(at) != Some(&b'@') {
        return None;
    }
    // In code, `@` is a decorator or an address, not a mention.
    if in_code_block(doc, start) || in_inline_code(&text, at) {
        return None;
    }
    if at > 0
        && before[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '.')
    {
        return None;
    }
    let typed = &before[word_start..];
    let skip = if typed.starts_with("agent-") {
        "agent-".len()
    } else {
        0
    };
    Some((
        CompletionMode::Mention,
        start + word_start + skip..offset + tail,
    ))
}
