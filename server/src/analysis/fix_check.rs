//! The rule every fix must pass before it is offered: apply its edits, analyse the text again
//! (same file context, same environment), and accept it only when the diagnostic it fixes is
//! gone, no diagnostic appears that was not there before, and no line of the body ends up in the
//! frontmatter.
//!
//! Diagnostics are compared by code and place: a diagnostic after the fix is "the same" as one
//! before when it has the same code and either its range maps back (through the edits) onto the
//! old one's range, or it covers the same text. Ranges shift with the edits, so the mapping
//! comes first; the text comparison catches a diagnostic whose range was rewritten by the edit
//! itself. Messages are not compared (they may quote the value that changed).

use std::ops::Range;

use super::{Diagnostic, Edit, Env, FileContext, Fix};
use crate::syntax::Document;

/// How many fixes one request verifies at most; the others are not offered as safe.
pub const BUDGET: usize = 32;

/// The text with `edits` applied, or `None` when they overlap, leave the text or split a
/// character.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let r = &e.range;
        if r.start < at
            || r.start > r.end
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            return None;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&e.new_text);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Map a range of the edited text back to the original, or `None` when it starts or ends inside
/// inserted text.
fn map_back(edits: &[Edit], r: &Range<usize>) -> Option<Range<usize>> {
    let map = |p: usize| -> Option<usize> {
        let mut delta: isize = 0;
        for e in edits {
            let new_start = (e.range.start as isize + delta) as usize;
            let new_end = new_start + e.new_text.len();
            if p < new_start {
                break;
            }
            if p == new_start {
                return Some(e.range.start);
            }
            if p < new_end {
                return None;
            }
            if p == new_end {
                return Some(e.range.end);
            }
            delta += e.new_text.len() as isize - e.range.len() as isize;
        }
        Some((p as isize - delta) as usize)
    };
    Some(map(r.start)?..map(r.end)?)
}

/// The diagnostics of a text, as the analysis reports them.
pub fn analyse(text: &str, file: &FileContext, env: Env<'_>) -> (Document, Vec<Diagnostic>) {
    let doc = Document::new(text);
    let diags = super::diagnostics(&doc, file, env);
    (doc, diags)
}

/// What a text was before a fix: its text, its diagnostics and where its body starts.
pub struct Before<'a> {
    pub text: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the body starts, when the frontmatter is closed.
    body_start: Option<usize>,
}

impl<'a> Before<'a> {
    pub fn new(doc: &Document, text: &'a str, file: &FileContext, env: Env<'_>) -> Self {
        Before {
            text,
            diagnostics: super::diagnostics(doc, file, env),
            body_start: closed_body(doc),
        }
    }
}

fn closed_body(doc: &Document) -> Option<usize> {
    let scan = doc.scan();
    let fm = scan.frontmatter()?;
    fm.close.as_ref().map(|_| fm.body_start)
}

/// Why a fix is refused (for tests and logs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The edits overlap or leave the text.
    BadEdits,
    /// The diagnostic it fixes is still there.
    NotFixed,
    /// A diagnostic that was not there before: its code and the text it covers.
    New(&'static str, String),
    /// Lines of the body end up in the frontmatter.
    BodyMoved,
}

/// Check `edits` against the text before them. `fixes` is the diagnostic the fix is offered for
/// (`None` for a rewrite offered without one).
pub fn check(
    before: &Before<'_>,
    fixes: Option<&Diagnostic>,
    edits: &[Edit],
    file: &FileContext,
    env: Env<'_>,
) -> Result<(), Refusal> {
    let text = before.text;
    let after_text = apply(text, edits).ok_or(Refusal::BadEdits)?;
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let (doc, after) = analyse(&after_text, file, env);
    // The body stays the body: when no edit touches it, the new frontmatter ends before it.
    if let Some(body) = before.body_start
        && sorted.iter().all(|e| e.range.end <= body)
    {
        let body_len = text.len() - body;
        let ok = closed_body(&doc).is_some_and(|b| b <= after_text.len() - body_len);
        if !ok {
            return Err(Refusal::BodyMoved);
        }
    }
    // Match every diagnostic after the fix with one before: first by mapped range, then by
    // the text covered.
    let old = &before.diagnostics;
    let mut used = vec![false; old.len()];
    let mut unmatched: Vec<&Diagnostic> = Vec::new();
    let covered = |t: &str, r: &Range<usize>| t.get(r.clone()).unwrap_or("").to_string();
    let mut second: Vec<&Diagnostic> = Vec::new();
    for d in &after {
        let mapped = map_back(&sorted, &d.range);
        let hit = old
            .iter()
            .enumerate()
            .position(|(i, o)| !used[i] && o.code == d.code && mapped.as_ref() == Some(&o.range));
        match hit {
            Some(i) => used[i] = true,
            None => second.push(d),
        }
    }
    for d in second {
        let t = covered(&after_text, &d.range);
        let hit = old
            .iter()
            .enumerate()
            .position(|(i, o)| !used[i] && o.code == d.code && covered(text, &o.range) == t);
        match hit {
            Some(i) => used[i] = true,
            None => unmatched.push(d),
        }
    }
    if let Some(d) = unmatched.first() {
        return Err(Refusal::New(d.code, covered(&after_text, &d.range)));
    }
    if let Some(target) = fixes
        && let Some(i) = old
            .iter()
            .position(|o| o.code == target.code && o.range == target.range)
        && used[i]
    {
        return Err(Refusal::NotFixed);
    }
    Ok(())
}

/// Whether `fix` passes [`check`].
pub fn accepts(
    before: &Before<'_>,
    fixes: Option<&Diagnostic>,
    fix: &Fix,
    file: &FileContext,
    env: Env<'_>,
) -> bool {
    check(before, fixes, &fix.edits, file, env).is_ok()
}

/// The code actions at a place: the quick fixes of the diagnostics touching `wanted` and the
/// rewrites offered at its start, each checked by [`check`] (at most [`BUDGET`] of them).
pub struct Offered<'d> {
    pub quick_fixes: Vec<(&'d Diagnostic, Fix)>,
    pub rewrites: Vec<Fix>,
}

/// What to offer at `wanted` (byte offsets into `doc`), given the diagnostics published for it
/// (`published`, which may include cross-file ones); the quick fixes of those touching `wanted`
/// or `named` (by the client's request). Verification happens here, per request, never while
/// diagnostics are computed.
pub fn offered<'d>(
    doc: &Document,
    file: &FileContext,
    env: Env<'_>,
    published: &'d [Diagnostic],
    wanted: Range<usize>,
    named: &dyn Fn(&Diagnostic) -> bool,
) -> Offered<'d> {
    let text = doc.text().to_string_lossless();
    let touching: Vec<&Diagnostic> = published
        .iter()
        .filter(|d| (d.range.start <= wanted.end && wanted.start <= d.range.end) || named(d))
        .collect();
    let rewrites = super::refactor::at(doc, file, wanted.start);
    let mut out = Offered {
        quick_fixes: Vec::new(),
        rewrites: Vec::new(),
    };
    if touching.iter().all(|d| d.fixes.is_empty()) && rewrites.is_empty() {
        return out;
    }
    let before = Before::new(doc, &text, file, env);
    let mut budget = BUDGET;
    let mut take = |fixes: Option<&Diagnostic>, fix: &Fix| {
        if budget == 0 {
            return false;
        }
        budget -= 1;
        accepts(&before, fixes, fix, file, env)
    };
    for d in touching {
        for fix in &d.fixes {
            if take(Some(d), fix) {
                out.quick_fixes.push((d, fix.clone()));
            }
        }
    }
    for fix in rewrites {
        // A rewrite of a value that has problems is not offered: fix those first.
        let troubled = fix.edits.iter().any(|e| {
            before
                .diagnostics
                .iter()
                .any(|d| d.range.start < e.range.end && e.range.start < d.range.end)
        });
        let duplicate = published
            .iter()
            .flat_map(|d| &d.fixes)
            .any(|f| f.edits == fix.edits);
        if !troubled && !duplicate && take(None, &fix) {
            out.rewrites.push(fix);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Dialect;

    fn edit(range: Range<usize>, t: &str) -> Edit {
        Edit {
            range,
            new_text: t.into(),
        }
    }

    #[test]
    fn edits_apply_and_map_back() {
        let edits = [edit(2..4, "xyz"), edit(6..6, "!")];
        assert_eq!(apply("abcdefgh", &edits).unwrap(), "abxyzef!gh");
        assert_eq!(map_back(&edits, &(0..2)), Some(0..2));
        assert_eq!(map_back(&edits, &(5..7)), Some(4..6));
        assert_eq!(map_back(&edits, &(4..5)), None);
        assert_eq!(map_back(&edits, &(9..10)), Some(7..8));
        assert!(apply("abc", &[edit(0..2, ""), edit(1..3, "")]).is_none());
        assert!(apply("abc", &[edit(2..9, "")]).is_none());
    }

    fn agent() -> FileContext {
        FileContext::from_path(
            std::path::Path::new("/p/.claude/agents/a.md"),
            Dialect::ClaudeAgent,
        )
    }

    #[test]
    fn a_fix_that_raises_a_new_diagnostic_is_refused() {
        let text = "---\nname: a\ndescription: d\ntools: Edit, MultiEdit\n---\nbody\n";
        let file = agent();
        let env = Env::empty();
        let doc = Document::new(text);
        let before = Before::new(&doc, text, &file, env);
        let target = before
            .diagnostics
            .iter()
            .find(|d| d.code == "removed-tool")
            .unwrap();
        // The old fix: `Edit, Edit`.
        let at = text.find("MultiEdit").unwrap();
        let dup = [edit(at..at + 9, "Edit")];
        assert_eq!(
            check(&before, Some(target), &dup, &file, env),
            Err(Refusal::New("duplicate-tool", "Edit".into()))
        );
        // The offered fix passes.
        for f in &target.fixes {
            assert_eq!(check(&before, Some(target), &f.edits, &file, env), Ok(()));
        }
        // Doing nothing fixes nothing.
        assert_eq!(
            check(&before, Some(target), &[], &file, env),
            Err(Refusal::NotFixed)
        );
        // Deleting the closing line moves the body into the frontmatter.
        let close = text.find("---\nbody").unwrap();
        assert_eq!(
            check(&before, None, &[edit(close..close + 4, "")], &file, env),
            Err(Refusal::BodyMoved)
        );
    }

    fn offered_at(path: &str, text: &str, at: &str) -> (Vec<String>, Vec<String>) {
        let dialect = crate::schema::classify(std::path::Path::new(path), &|_| false).unwrap();
        let file = FileContext::from_path(std::path::Path::new(path), dialect);
        let env = Env::empty();
        let doc = Document::new(text);
        let diags = crate::analysis::diagnostics(&doc, &file, env);
        let at = text.find(at).unwrap();
        let o = offered(&doc, &file, env, &diags, at..at, &|_| false);
        (
            o.quick_fixes
                .iter()
                .map(|(_, f)| apply(text, &f.edits).unwrap())
                .collect(),
            o.rewrites.iter().map(|f| f.title.clone()).collect(),
        )
    }

    #[test]
    fn rewrites_only_of_sound_values_and_only_when_they_raise_nothing() {
        // Claude Code documents a comma string: a YAML list would raise `tools-form`.
        let (_, rewrites) = offered_at(
            "/p/.claude/agents/a.md",
            "---\nname: a\ndescription: d\ntools: Read, Grep\n---\n",
            "Read",
        );
        assert!(rewrites.is_empty(), "{rewrites:?}");
        // A skill takes either form: offered, unless the value has a problem.
        let path = "/p/.claude/skills/a/SKILL.md";
        let (_, rewrites) = offered_at(
            path,
            "---\nname: a\ndescription: d\nallowed-tools: Read, Grep\n---\n",
            "Read",
        );
        assert_eq!(rewrites, ["Write `allowed-tools` as a YAML list"]);
        let (_, rewrites) = offered_at(
            path,
            "---\nname: a\ndescription: d\nallowed-tools: Read, Grpe\n---\n",
            "Read",
        );
        assert!(rewrites.is_empty(), "{rewrites:?}");
    }

    #[test]
    fn quick_fixes_are_checked() {
        let text = "---\nname: a\ndescription: d\ntools: Edit, MultiEdit, Read\n---\nbody\n";
        let (fixed, _) = offered_at("/p/.claude/agents/a.md", text, "MultiEdit");
        assert_eq!(
            fixed,
            ["---\nname: a\ndescription: d\ntools: Edit, Read\n---\nbody\n"]
        );
    }
}
