//! The command line: `agentls check`, the same analysis as the server, for CI; `agentls graph`,
//! the picture of the team.

mod check;
mod fix;
mod graph;
mod output;
mod targets;
#[doc(hidden)]
pub mod testing;
mod walk;

pub use check::{CheckArgs, Format, run_check};
pub use graph::{GraphArgs, GraphFormat, run_graph, team_graph};
pub use targets::{TargetsArgs, TargetsFormat, run_targets};
