//! The text layer: the document buffer, line index and position encodings.
//!
//! Everything above this layer speaks byte offsets into the UTF-8 text. This module is the one
//! place that turns an editor position (line, column in some encoding) into a byte offset and
//! back. Line breaks are `\n`, `\r\n` and `\r`, as the LSP counts them (ropey is built without
//! `unicode_lines`, so U+2028 and NEL are ordinary characters).

mod buffer;
mod encoding;
mod name;

pub use buffer::{Point, TextBuffer, TextChange};
pub use encoding::{LineCol, PositionEncoding};
pub use name::Name;
