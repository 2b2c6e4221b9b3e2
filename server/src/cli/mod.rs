//! The command line: `agentls check`, the same analysis as the server, for CI.

mod check;
mod fix;
mod output;
#[doc(hidden)]
pub mod testing;

pub use check::{CheckArgs, Format, run_check};
