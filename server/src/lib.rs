//! agentls: a language server and linter for AI agent definition files.
//!
//! Layers, each depending only on the ones before it (see `docs/ARCHITECTURE.md`):
//! [`text`] → [`syntax`] → [`schema`] → [`analysis`] → [`lsp`] and [`cli`].

pub mod text;
pub mod syntax;
pub mod schema;
