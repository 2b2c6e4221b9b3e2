//! Where a loader with exact fences finds the frontmatter (Gemini CLI 0.61.0, pinned by
//! `tests/conformance/gemini-cli/`): the text must start with `---` and a line break (no BOM, no
//! trailing spaces); the block then runs, lazily, to the first line break followed by `---`. That
//! `---` may have more on its line (`--- end`, `----`, `--- `): the block still ends there, but
//! the body then counts only when a line break follows the three dashes directly, so the whole
//! body is dropped.

use std::ops::Range;

/// The block as the pattern matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The YAML text handed to the parser.
    pub content: Range<usize>,
    /// The `---` that ends the block.
    pub close: Range<usize>,
    /// Where the body starts; `None` when the closing `---` has more on its line and the body
    /// is dropped.
    pub body: Option<usize>,
}

/// Why there is no block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoBlock {
    /// A byte-order mark before the `---`.
    Bom,
    /// The first line is `---` with something after it (spaces, a tab, text).
    OpenNotAlone,
    /// The file does not start with `---`.
    NoOpen,
    /// No line starting with `---` after the opening line.
    NoClose,
}

fn line_break_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if rest.starts_with("\r\n") {
        Some(2)
    } else if rest.starts_with('\n') {
        Some(1)
    } else {
        None
    }
}

/// Match the pattern against `text`.
pub fn find(text: &str) -> Result<Block, NoBlock> {
    if text.starts_with('\u{feff}') {
        return Err(NoBlock::Bom);
    }
    if !text.starts_with("---") {
        return Err(NoBlock::NoOpen);
    }
    let Some(nl) = line_break_at(text, 3) else {
        return Err(NoBlock::OpenNotAlone);
    };
    let start = 3 + nl;
    // The lazy `([\s\S]*?)\r?\n---`: the first place a line break and `---` follow.
    let bytes = text.as_bytes();
    let mut i = start;
    while i < text.len() {
        let brk = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\n' => 1,
            _ => 0,
        };
        if brk > 0 && text[i + brk..].starts_with("---") {
            let close = i + brk..i + brk + 3;
            let body = line_break_at(text, close.end).map(|n| close.end + n);
            let body = body.or((close.end == text.len()).then_some(close.end));
            return Ok(Block {
                content: start..i,
                close,
                body,
            });
        }
        i += 1;
    }
    Err(NoBlock::NoClose)
}

/// A line break at `at` of any kind (`\r\n`, `\n`, `\r`): its length.
fn any_break_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    if rest.starts_with("\r\n") {
        Some(2)
    } else if rest.starts_with(['\n', '\r']) {
        Some(1)
    } else {
        None
    }
}

/// Match the pattern of a loader that first drops a BOM and turns `\r\n` and `\r` into `\n`
/// (Qwen Code 0.24.4, pinned by `tests/conformance/qwen-code/`): `---` alone on the first line,
/// then, lazily, the first line that is exactly `---` with a line break after it. Offsets are
/// the original text's.
pub fn find_normalized(text: &str) -> Result<Block, NoBlock> {
    let open = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if !text[open..].starts_with("---") {
        return Err(NoBlock::NoOpen);
    }
    let Some(nl) = any_break_at(text, open + 3) else {
        return Err(NoBlock::OpenNotAlone);
    };
    let start = open + 3 + nl;
    let mut i = start;
    while i < text.len() {
        if let Some(brk) = any_break_at(text, i)
            && text[i + brk..].starts_with("---")
            && let Some(after) = any_break_at(text, i + brk + 3)
        {
            let close = i + brk..i + brk + 3;
            return Ok(Block {
                content: start..i,
                body: Some(close.end + after),
                close,
            });
        }
        i += 1;
    }
    Err(NoBlock::NoClose)
}

/// The positions of the `\n`s in the run of whitespace at `at`.
fn lfs_in_spaces(text: &str, at: usize) -> Vec<usize> {
    let rest = text.get(at..).unwrap_or("");
    let run = rest.len() - rest.trim_start().len();
    rest[..run]
        .match_indices('\n')
        .map(|(i, _)| at + i)
        .collect()
}

/// Match the pattern `^---\s*\n([\s\S]*?)\n---\s*\n` (Auggie CLI 0.36.0, pinned by
/// `tests/conformance/augment/`): no BOM, `---` first, whitespace holding a `\n`, then lazily the
/// first `\n---` followed by whitespace holding a `\n`. CR-only line breaks never match.
pub fn find_lf(text: &str) -> Result<Block, NoBlock> {
    if text.starts_with('\u{feff}') {
        return Err(NoBlock::Bom);
    }
    if !text.starts_with("---") {
        return Err(NoBlock::NoOpen);
    }
    let opens = lfs_in_spaces(text, 3);
    if opens.is_empty() {
        return Err(NoBlock::OpenNotAlone);
    }
    // The greedy `\s*` tries the last `\n` of the run first, then backtracks.
    for open in opens.into_iter().rev() {
        let start = open + 1;
        let mut i = start;
        while let Some(off) = text[i..].find("\n---") {
            let at = i + off;
            if let Some(&lf) = lfs_in_spaces(text, at + 4).last() {
                return Ok(Block {
                    content: start..at,
                    close: at + 1..at + 4,
                    body: Some(lf + 1),
                });
            }
            i = at + 1;
        }
    }
    Err(NoBlock::NoClose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lf_pattern() {
        let content = |t: &str| find_lf(t).map(|b| t[b.content].to_string());
        assert_eq!(content("---\na: 1\n---\nbody"), Ok("a: 1".into()));
        assert_eq!(content("---  \r\na: 1\r\n---  \r\n"), Ok("a: 1\r".into()));
        assert_eq!(content("---\n\n---\n"), Ok("".into()));
        assert_eq!(content("\u{feff}---\na: 1\n---\n"), Err(NoBlock::Bom));
        assert_eq!(content("---\ra: 1\r---\r"), Err(NoBlock::OpenNotAlone));
        assert_eq!(content("---\na: 1\n---"), Err(NoBlock::NoClose));
        assert_eq!(content("---\n---\n"), Err(NoBlock::NoClose));
        assert_eq!(content("---\na: 1\n----\n"), Err(NoBlock::NoClose));
        assert_eq!(content("\n---\na: 1\n---\n"), Err(NoBlock::NoOpen));
    }

    fn block(text: &str) -> Result<(String, Option<String>), NoBlock> {
        find(text).map(|b| {
            (
                text[b.content].to_string(),
                b.body.map(|s| text[s..].to_string()),
            )
        })
    }

    #[test]
    fn the_pattern() {
        let ok = |c: &str, b: Option<&str>| Ok((c.to_string(), b.map(str::to_string)));
        assert_eq!(block("---\na: 1\n---\nbody\n"), ok("a: 1", Some("body\n")));
        assert_eq!(
            block("---\r\na: 1\r\n---\r\nbody"),
            ok("a: 1", Some("body"))
        );
        assert_eq!(block("---\na: 1\n---"), ok("a: 1", Some("")));
        // More after the closing dashes: the block ends, the body is dropped.
        assert_eq!(block("---\na: 1\n--- end\nbody\n"), ok("a: 1", None));
        assert_eq!(block("---\na: 1\n----\nbody\n"), ok("a: 1", None));
        assert_eq!(block("---\na: 1\n--- \nbody\n"), ok("a: 1", None));
        // `---` inside a line does not end it; an indented one does not either.
        assert_eq!(block("---\na: x --- y\n---\n"), ok("a: x --- y", Some("")));
        assert_eq!(block("---\na: 1\n ---\nbody\n"), Err(NoBlock::NoClose));
        assert_eq!(block("\u{feff}---\na: 1\n---\n"), Err(NoBlock::Bom));
        assert_eq!(block("--- \na: 1\n---\n"), Err(NoBlock::OpenNotAlone));
        assert_eq!(block("\n---\na: 1\n---\n"), Err(NoBlock::NoOpen));
        assert_eq!(block("---\n---\nbody\n"), Err(NoBlock::NoClose));
        assert_eq!(block("---\ra: 1\r---\r"), Err(NoBlock::OpenNotAlone));
    }

    #[test]
    fn the_normalized_pattern() {
        let b = |text: &str| {
            find_normalized(text).map(|b| {
                (
                    text[b.content].to_string(),
                    text[b.body.unwrap()..].to_string(),
                )
            })
        };
        let ok = |c: &str, b: &str| Ok((c.to_string(), b.to_string()));
        assert_eq!(b("---\na: 1\n---\nbody\n"), ok("a: 1", "body\n"));
        assert_eq!(b("\u{feff}---\na: 1\n---\nbody"), ok("a: 1", "body"));
        assert_eq!(b("---\ra: 1\r---\rbody"), ok("a: 1", "body"));
        assert_eq!(b("---\r\na: 1\r\n---\r\nbody"), ok("a: 1", "body"));
        assert_eq!(
            b("---\na: 1\n--- \nx\n---\nbody"),
            ok("a: 1\n--- \nx", "body")
        );
        assert_eq!(b("---\na: 1\n---"), Err(NoBlock::NoClose));
        assert_eq!(b("---\na: 1\n----\nbody\n"), Err(NoBlock::NoClose));
        assert_eq!(b("---\n---\nbody\n"), Err(NoBlock::NoClose));
        assert_eq!(b("--- \na: 1\n---\n"), Err(NoBlock::OpenNotAlone));
        assert_eq!(b("\n---\na: 1\n---\n"), Err(NoBlock::NoOpen));
    }
}
