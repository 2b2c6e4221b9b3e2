//! No panic, and sane ranges, from the frontmatter scanner and the strict YAML loader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    agentls_fuzz::scan_and_strict(&agentls_fuzz::text_of(data));
});
