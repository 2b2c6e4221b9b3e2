//! The syntax layer: where the frontmatter is, the YAML and Markdown trees, the code blocks of the
//! body, and the incremental edits that keep them current. Knows nothing of dialects, diagnostics or LSP.

pub mod blocks;
mod document;
pub mod frontmatter;
pub mod strict;
pub mod yaml;

pub use blocks::CodeBlocks;
pub use document::{Document, Reparsed};
pub use frontmatter::{Frontmatter, FrontmatterScan};
pub use yaml::{Entry, NodeKind, Scalar, ScalarStyle, ScalarType, YamlDoc, YamlNode};
