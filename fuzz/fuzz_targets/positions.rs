//! Byte offset ↔ position conversions round-trip in UTF-8, UTF-16 and UTF-32. Input: 8 bytes of
//! probe positions, then the text.
#![no_main]

use agentls_fuzz::{check_positions, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(8));
    let probes: Vec<(u32, u32)> = head
        .chunks(2)
        .map(|c| (u32::from(c[0] % 16), u32::from(*c.get(1).unwrap_or(&0))))
        .chain([(u32::MAX, u32::MAX), (1_000_000, 0)])
        .collect();
    check_positions(&text_of(rest), &probes);
});
