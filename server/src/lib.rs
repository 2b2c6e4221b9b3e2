//! agentls: a language server and linter for AI agent definition files.
//!
//! Layers, each depending only on the ones before it (see `docs/ARCHITECTURE.md`):
//! [`text`] → [`syntax`] → [`schema`] → [`analysis`] → [`config`] and [`workspace`] → [`graph`]
//! → [`lsp`] and [`cli`].

pub mod analysis;
pub mod cli;
pub mod config;
pub mod graph;
pub mod lsp;
pub mod schema;
pub mod syntax;
pub mod text;
pub mod workspace;
