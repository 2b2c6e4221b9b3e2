//! The workspace layer: every agent, skill and command file of the workspace folders, as an
//! index of compact summaries, and the cross-file answers computed from it (what a name
//! resolves to, definition, references, rename, workspace symbols, cross-file diagnostics).
//!
//! Invariant: the index holds one [`FileSummary`](crate::analysis::summary::FileSummary) per
//! file (identity, `name:` range, description, model, tools, list values, references and links
//! with their ranges and editor positions): never text or trees. Open buffers override disk.
//! Queries read only the index; the disk is read by discovery and [`Index::load`] (background
//! indexing, watched-file events, closing a buffer) and stat-ed for the relative links of the one
//! file being diagnosed. Updating one file costs O(that file), never O(workspace). Knows nothing
//! of LSP: results are paths, byte ranges and [`LineCol`](crate::text::LineCol)s.

mod builtins;
mod calls;
mod check;
mod complete;
mod discover;
pub mod graph;
mod identity;
mod index;
mod navigate;
mod rename;
mod resolve;
mod session;
mod team_keys;
#[cfg(test)]
mod tests;

pub use crate::config::{absolute, normalize};
pub use builtins::{Builtin, builtins};
pub use calls::{
    Call, CallItem, Delegators, call_items, delegators, incoming_calls, outgoing_calls,
};
pub use check::{diagnostics, entry_diagnostics};
pub use complete::completions;
pub use discover::{discover, project_root, user_agents_dir};
pub use identity::{Family, Identity, Kind, Origin, identify, loose, origin};
pub use index::{Index, IndexEntry, LoadedFile, load_file, summarize, summarize_for_check};
pub use navigate::{
    Highlight, Location, MAX_WORKSPACE_SYMBOLS, SymbolInfo, definition, document_links, highlights,
    hover, references, workspace_symbols,
};
pub use rename::{RenamePlan, named_after, prepare_rename, rename, rename_to_name, renamed_file};
pub use resolve::{Resolution, builtin, link_target, resolve};
pub use session::Session;
