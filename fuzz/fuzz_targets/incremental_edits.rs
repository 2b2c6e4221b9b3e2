//! Edits applied incrementally equal a fresh parse. Input: segments separated by 0xFF (never in
//! UTF-8 text): the first is the initial text; each next one is an edit, `[at_hi, at_lo, remove,
//! flags, text...]`, with a `reparse` after it when `flags & 1`, and always at the end.
#![no_main]

use agentls::syntax::Document;
use agentls_fuzz::{assert_same_as_fresh, floor_boundary, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut segments = data.split(|&b| b == 0xFF);
    let initial = text_of(segments.next().unwrap_or_default());
    let mut doc = Document::new(&initial);
    let mut model = initial;
    let mut dirty = false;
    for seg in segments.take(16) {
        if seg.len() < 4 {
            continue;
        }
        let at = usize::from(u16::from_be_bytes([seg[0], seg[1]])) % (model.len() + 4);
        let remove = usize::from(seg[2] % 64);
        let insert = text_of(&seg[4..]);
        doc.edit(at..at + remove, &insert);
        let start = floor_boundary(&model, at);
        let end = floor_boundary(&model, (at + remove).max(start));
        model.replace_range(start..end, &insert);
        dirty = true;
        if seg[3] & 1 == 1 {
            doc.reparse();
            assert_same_as_fresh(&doc, &model);
            dirty = false;
        }
    }
    if dirty {
        doc.reparse();
    }
    assert_same_as_fresh(&doc, &model);
});
