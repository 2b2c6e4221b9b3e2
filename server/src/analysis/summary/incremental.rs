//! Keeping a document's [`FileSummary`] current while the user types, without rescanning the
//! whole document: after a one-edit reparse, only the lines the edit touched (and the lines where
//! the code blocks may have changed, [`crate::syntax::Reparsed::code_changed`]) are scanned again; the references and links after them
//! are shifted. The result is always equal to [`super::summarize`] of the new text (the
//! tests check it edit by edit); whenever that cannot be guaranteed cheaply, the summary is
//! computed from scratch.

use std::ops::Range;

use super::{FileSummary, Span};
use crate::analysis::FileContext;
use crate::syntax::Document;
use crate::text::{PositionEncoding, TextBuffer};

/// What a summary was computed from, to decide whether it can be updated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryState {
    generation: u64,
    file: FileContext,
    enc: PositionEncoding,
    /// Where the body started, how long the text was and how many lines it had.
    body_start: usize,
    len: usize,
    lines: usize,
    /// How many of `refs` come from the frontmatter (they come first).
    fm_refs: usize,
}

/// The summary of `doc` and its state, updated from `prev` (the summary and state of the previous
/// parse) when possible, else computed from scratch.
pub fn summarize(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
    prev: Option<(FileSummary, SummaryState)>,
) -> (FileSummary, SummaryState) {
    if let Some((summary, state)) = prev
        && state.file == *file
        && state.enc == enc
        && let Some(updated) = update(doc, summary, &state)
    {
        return updated;
    }
    full(doc, file, enc)
}

fn full(doc: &Document, file: &FileContext, enc: PositionEncoding) -> (FileSummary, SummaryState) {
    let fm_refs = super::summarize_frontmatter(doc, file, enc).refs.len();
    let summary = super::summarize(doc, file, enc);
    let state = state_of(doc, file, enc, fm_refs);
    (summary, state)
}

fn state_of(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
    fm_refs: usize,
) -> SummaryState {
    let buf = doc.text();
    SummaryState {
        generation: doc.last_reparse().generation,
        file: file.clone(),
        enc,
        body_start: doc.scan().body_start().min(buf.len()),
        len: buf.len(),
        lines: buf.line_count(),
        fm_refs,
    }
}

/// The start of the line holding `byte` (lines break at `\n`, as the body scanner counts them),
/// not before `floor`.
fn line_start(buf: &TextBuffer, byte: usize, floor: usize) -> usize {
    let rope = buf.rope();
    let mut at = byte.min(buf.len());
    while at > floor && rope.byte(at - 1) != b'\n' {
        at -= 1;
    }
    at
}

/// The start of the line after the one holding `byte` (or the end of the text).
fn next_line(buf: &TextBuffer, byte: usize) -> usize {
    let rope = buf.rope();
    let len = buf.len();
    let mut at = byte.min(len);
    while at < len {
        let b = rope.byte(at);
        at += 1;
        if b == b'\n' {
            break;
        }
    }
    at
}

/// Update `summary` after the document's last reparse, or `None` when it must be recomputed.
// Long: the conditions under which an in-place update is exact, checked in order next to the
// shifting they guard; apart, a reader could not see that every case falls back to a rescan.
fn update(
    doc: &Document,
    mut summary: FileSummary,
    state: &SummaryState,
) -> Option<(FileSummary, SummaryState)> {
    let last = doc.last_reparse();
    if last.generation != state.generation + 1 {
        return None;
    }
    let edit = last.edit?;
    let changed = last.code_changed.as_ref()?;
    let buf = doc.text();
    let body_start = doc.scan().body_start().min(buf.len());
    let delta = edit.new_end as isize - edit.old_end as isize;
    let line_delta = buf.line_count() as isize - state.lines as isize;
    if buf.len() as isize != state.len as isize + delta {
        return None;
    }
    let span = |r: Range<usize>| Span::new(buf, r, state.enc);
    if last.frontmatter_touched {
        // Only an edit inside the frontmatter that leaves the body's text and structure as they
        // were: redo the frontmatter part, shift the body part.
        let inside = edit.old_end < state.body_start
            && body_start as isize == state.body_start as isize + delta
            && changed.is_empty();
        if !inside {
            return None;
        }
        let fm = super::summarize_frontmatter(doc, &state.file, state.enc);
        let fm_refs = fm.refs.len();
        let mut body: Vec<_> = summary
            .refs
            .drain(state.fm_refs.min(summary.refs.len())..)
            .collect();
        for r in &mut body {
            r.span.shift(delta, line_delta);
        }
        for l in &mut summary.links {
            l.span.shift(delta, line_delta);
        }
        let mut out = fm;
        out.refs.extend(body);
        out.links = summary.links;
        let state = state_of(doc, &state.file, state.enc, fm_refs);
        return Some((out, state));
    }
    if edit.start <= state.body_start || body_start != state.body_start {
        return None;
    }
    // The lines to scan again, in the new text: those the edit touched and those where the
    // code blocks may have changed (a fence opened or closed).
    let mut lo = edit.start;
    let mut hi = edit.new_end;
    for r in changed {
        lo = lo.min(r.start);
        hi = hi.max(r.end);
    }
    // A table row's mentions depend on its header, lines away; the code blocks' region runs
    // from one blank line to another (restart points), so it holds whole tables.
    let lo = line_start(buf, lo.max(body_start), body_start);
    let hi = next_line(buf, hi);
    // The same region in the old text: before the edit nothing moved; after it, `delta`.
    if lo > edit.start || hi < edit.new_end {
        return None;
    }
    let old_hi = (hi as isize - delta) as usize;
    let fm_refs = state.fm_refs.min(summary.refs.len());
    let body = &summary.refs[fm_refs..];
    let r0 = fm_refs + body.partition_point(|r| r.span.range().start < lo);
    let r1 = fm_refs + body.partition_point(|r| r.span.range().start < old_hi);
    let l0 = summary.links.partition_point(|l| l.span.range().start < lo);
    let l1 = summary
        .links
        .partition_point(|l| l.span.range().start < old_hi);
    let mut fresh = FileSummary::empty(summary.dialect, summary.has_frontmatter);
    let blocks = doc.code_blocks().overlapping(lo..hi);
    super::body_lines(doc, lo..hi, blocks, &mut fresh, &span);
    for r in &mut summary.refs[r1..] {
        r.span.shift(delta, line_delta);
    }
    for l in &mut summary.links[l1..] {
        l.span.shift(delta, line_delta);
    }
    summary.refs.splice(r0..r1, fresh.refs);
    summary.links.splice(l0..l1, fresh.links);
    let state = state_of(doc, &state.file, state.enc, state.fm_refs);
    Some((summary, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;

    const TEXT: &str = "---\nname: writer\ndescription: Writes things. Use with @helper-agent.\ntools: Read, Agent(code-reviewer), Task(planner)\nskills: [deploy-app]\n---\n\n# Writer\n\nAsk @planner first, then `code-reviewer` and **test-runner**.\nSee [the guide](docs/guide.md) and .claude/agents/other-agent.md.\n\n```python\n@app.route('/x')\nsubagent_type: \"in-code\"\nsome-word here\n```\n\n    indented-code block\n\nAfter the code: system-architect and @reviewer.\nsubagent_type=\"builder\"\n\n| Task | Delegate To |\n|---|---|\n| Deploy | @devops |\n| Test | @qa |\n\n# Next\n\nA paragraph.\n\nAnother one, @last.\n";

    fn file() -> FileContext {
        FileContext::from_path(
            std::path::Path::new("/ws/.claude/agents/writer.md"),
            Dialect::ClaudeAgent,
        )
    }

    /// Apply `edits` one by one; after each, the incremental summary equals a fresh one.
    fn check(edits: &[(usize, usize, &str)]) {
        let file = file();
        let enc = PositionEncoding::Utf16;
        let mut doc = Document::new(TEXT);
        let mut prev = Some(summarize(&doc, &file, enc, None));
        for &(start, end, text) in edits {
            let len = doc.text().len();
            let (start, end) = (start.min(len), end.min(len));
            doc.edit(start..end.max(start), text);
            doc.reparse();
            let (summary, state) = summarize(&doc, &file, enc, prev.take());
            let fresh = super::super::summarize(&doc, &file, enc);
            assert_eq!(
                summary,
                fresh,
                "after replacing {start}..{end} by {text:?}:\n{}",
                doc.text().to_string_lossless()
            );
            prev = Some((summary, state));
        }
    }

    fn at(needle: &str) -> usize {
        TEXT.find(needle).expect(needle)
    }

    #[test]
    fn body_edits_equal_a_fresh_summary() {
        let p = at("Ask @planner");
        check(&[
            (p, p, "x"),
            (p, p + 1, ""),
            (p + 5, p + 5, "-two"),
            (p + 5, p + 9, ""),
            (p, p, "@new-agent "),
            (p, p, "\n\n"),
            (p, p + 2, ""),
            (at("After the code"), at("After the code"), "```\n"),
            (at("After the code"), at("After the code") + 4, ""),
            (at("```python"), at("```python") + 3, ""),
            (at("python"), at("python"), "```"),
            (at("    indented"), at("    indented") + 1, ""),
            (at("    indented"), at("    indented"), "x"),
            (TEXT.len(), TEXT.len(), "\nmore @tail-agent"),
            (at("system-architect"), at("system-architect") + 6, "SYSTEM"),
        ]);
    }

    #[test]
    fn table_edits_equal_a_fresh_summary() {
        // A row's mentions depend on the table's header, lines away from the edit.
        check(&[
            (at("Delegate To"), at("Delegate To") + 8, ""),
            (at("Delegate To"), at("Delegate To"), "Delegate"),
            (at("| Task"), at("| Task"), "x"),
            (at("| Task"), at("| Task") + 1, ""),
            (at("|---"), at("|---"), "\n"),
            (at("|---"), at("|---") + 1, ""),
        ]);
    }

    #[test]
    fn frontmatter_edits_equal_a_fresh_summary() {
        let d = at("Writes things");
        check(&[
            (d, d, "x"),
            (d, d + 1, ""),
            (at("planner)"), at("planner)"), "my-"),
            (at("deploy-app"), at("deploy-app") + 6, ""),
            (d, d, "two\nlines: x\n"),
            (at("---\n\n# Writer"), at("---\n\n# Writer") + 1, ""),
            (at("--\n\n# Writer"), at("--\n\n# Writer"), "-"),
            (0, 1, ""),
            (0, 0, "-"),
        ]);
    }

    #[test]
    fn every_single_character_edit_of_the_sample() {
        // Insert and delete a character at every offset: each step equals a fresh summary.
        let mut edits = Vec::new();
        for (i, _) in TEXT.char_indices().step_by(3) {
            edits.push((i, i, "a"));
            edits.push((i, i + 1, ""));
            edits.push((i, i, "`"));
            edits.push((i, i + 1, ""));
            edits.push((i, i, "\n"));
            edits.push((i, i + 1, ""));
        }
        check(&edits);
    }
}
