//! No panic on arbitrary bytes through the CLI's decoding, the whole analysis for every dialect,
//! `check --fix` and the three output formats.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    agentls_fuzz::analyse_everything(data);
});
