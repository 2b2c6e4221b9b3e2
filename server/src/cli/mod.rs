//! The command line: `agentls check`, the same analysis as the server, for CI.

mod check;
mod fix;
mod output;

pub use check::{CheckArgs, Format, run_check};
