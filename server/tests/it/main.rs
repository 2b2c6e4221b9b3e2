//! The integration tests of the `agentls` library, in one test binary (one link, one run).
//! What they share lives in the `agentls-test-support` crate (`test-support/`): the corpus and
//! its walkers, cursor markers, annotated source, line starts and tree dumps.
//!
//! Run one module with `cargo test -p agentls --test it diagnostics::`.

mod check_summary;
mod conformance;
mod conformance_augment;
mod conformance_copilot;
mod conformance_factory;
mod conformance_gemini;
mod conformance_kilo;
mod conformance_opencode;
mod conformance_qoder;
mod conformance_qwen;
mod conformance_shared;
mod conformance_skills;
mod diagnostics;
mod fixes;
mod graph;
mod proptest_reliability;
mod workspace_corpus;
