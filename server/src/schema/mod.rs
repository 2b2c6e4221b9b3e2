//! The schema layer: which dialect a file is in, and what each dialect allows. The facts live in
//! data files (`server/schema/*.toml`), embedded at build time.

pub mod dialect;
pub mod role;
pub mod spec;

pub use dialect::{Dialect, classify, file_stem, plugin_manifest_exists};
pub use role::Role;
