//! The schema layer: which dialect a file is in, and what each dialect allows. The facts live in
//! data files (`server/schema/*.toml`), embedded at build time. Which tools read which folders
//! is data too (`targets.rs`, `server/schema/targets.toml`).

pub mod dialect;
pub mod glob;
pub mod role;
pub mod spec;
pub mod targets;

pub use dialect::{Dialect, classify, file_stem, plugin_manifest_exists};
pub use role::Role;
