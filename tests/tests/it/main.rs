//! The end-to-end tests, in one test binary: the real `agentls` binary over stdio and the
//! `check` command, through the harness in `tests/src/lib.rs` (crate `agentls_e2e`).
//!
//! Run one module with `cargo test -p agentls-e2e --test it navigation::` (build the binary
//! first: `cargo build -p agentls`).

mod agent_skills;
mod augment;
mod check;
mod code_actions;
mod completion;
mod copilot_cli;
mod corpus;
mod cursor;
mod factory;
mod features;
mod gemini;
mod graph;
mod hover;
mod kilo;
mod kiro;
mod lsp;
mod mentions;
mod navigation;
mod navigation_dialects;
mod opencode;
mod qoder;
mod qwen;
mod reliability;
mod reliability_check;
mod rename;
mod targets;
mod team_keys;
mod workspace_corpus;
