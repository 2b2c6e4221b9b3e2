//! The loader layer: what each tool's real loader does with a file (registers it under a name,
//! or skips it, and what it reads), as a model of the program, not of a specification. Each
//! rule is pinned by recorded cases in `tests/conformance/<tool>/`, re-recorded when the tool
//! changes (`docs/SCHEMA.md`). Plain data in, plain data out: the analysis layer turns a
//! verdict into diagnostics.

pub mod block;
pub mod claude;
pub mod colon_retry;
pub mod fences;
pub mod hooks;
pub mod retry;
pub mod value;
