//! What is under the cursor in a document's frontmatter: a key being typed, the value of a key
//! (a scalar, an entry of a comma-separated string, an item of a block or flow list, a value
//! nested under a list item), or the body.
//!
//! This works from the raw lines around the cursor rather than from the YAML tree, because it
//! has to work while the user is typing (`tools: Read, Gr`, `model: `, `  - `, a lone `mo`) and
//! while the YAML is broken anywhere else in the file. Structure is recovered from indentation:
//! the keys and list items above the cursor line that enclose it.

mod lines;
mod structure;
mod values;

use std::ops::Range;

use crate::syntax::Document;
use lines::FmText;

/// One step of the path from the top-level mapping to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    /// The value of this key.
    Key(String),
    /// An item of a block list.
    Item,
}

/// A word or entry under the cursor, in document byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Token {
    /// The whole token (inside quotes, without surrounding spaces).
    pub(crate) range: Range<usize>,
    /// The token's text.
    pub(crate) text: String,
    /// The part of the token before the cursor.
    pub(crate) typed: String,
}

/// How the value under the cursor is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A scalar after `key:`; [`ValueAt::token`] is its comma-separated entry under the cursor.
    Scalar,
    /// An item of a block list (`- x`).
    BlockItem,
    /// An item of a flow list (`[a, b]`).
    FlowItem,
    /// Inside a `|` / `>` block scalar: free text.
    BlockScalar,
}

/// Another entry of the same list or comma-separated string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sibling {
    /// Decoded text, trimmed.
    pub(crate) text: String,
    pub(crate) quote: Option<char>,
}

/// The cursor is inside the parentheses of `Tool(...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpecifierAt {
    /// The tool name before `(`.
    pub(crate) tool: String,
    /// The comma-separated part inside the parentheses under the cursor.
    pub(crate) token: Token,
    /// The other parts inside the parentheses.
    pub(crate) others: Vec<String>,
}

/// The cursor is in a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValueAt {
    /// The keys (and list items) enclosing the value, from the top: `[Key("model")]`,
    /// `[Key("tools")]` for an item of the `tools` list, `[Key("handoffs"), Item, Key("agent")]`.
    pub(crate) path: Vec<Seg>,
    pub(crate) shape: Shape,
    /// The entry under the cursor: a comma-separated entry of a scalar, or a list item.
    pub(crate) token: Token,
    /// The whole scalar or item under the cursor (for a scalar without commas, the same as
    /// `token`).
    pub(crate) whole: Token,
    /// The quote the entry is written in, if any.
    pub(crate) quote: Option<char>,
    /// Whether that quote is closed after the cursor.
    pub(crate) quote_closed: bool,
    /// The other entries of the same list or comma-separated string.
    pub(crate) siblings: Vec<Sibling>,
    pub(crate) specifier: Option<SpecifierAt>,
    /// The token is empty and directly follows `:`, `,` or `-`: an insertion needs a space first.
    pub(crate) glued: bool,
}

impl ValueAt {
    /// The key whose value this is (the last key of the path).
    pub(crate) fn key(&self) -> Option<&str> {
        last_key(&self.path)
    }

    /// The top-level key.
    pub(crate) fn top_key(&self) -> Option<&str> {
        first_key(&self.path)
    }

    /// Whether the value is an item of a list (block or flow).
    pub(crate) fn in_list(&self) -> bool {
        matches!(self.shape, Shape::BlockItem | Shape::FlowItem)
    }
}

pub(crate) fn last_key(path: &[Seg]) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Item => None,
    })
}

pub(crate) fn first_key(path: &[Seg]) -> Option<&str> {
    match path.first() {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    }
}

/// What is at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// At the start of a file without frontmatter (or with only an opening `---`): the first
    /// line is empty or holds only dashes. `replace` is that line's text.
    NewFile {
        replace: Range<usize>,
    },
    /// A key, being typed or complete. `path` holds what encloses the mapping the key is in
    /// (empty at the top level).
    Key {
        path: Vec<Seg>,
        token: Token,
        /// A `:` already follows the key on its line.
        has_colon: bool,
        /// The other keys of the same mapping.
        present: Vec<String>,
    },
    Value(ValueAt),
    /// In the Markdown body.
    Body,
    /// On a delimiter line, in a comment, or somewhere that makes no sense to complete.
    Nothing,
}

/// Where `offset` is in `doc`.
pub(crate) fn locate(doc: &Document, offset: usize) -> Place {
    let buf = doc.text();
    let offset = buf.floor_char_boundary(offset.min(buf.len()));
    let Some(fm) = doc.scan().frontmatter() else {
        return no_frontmatter(doc, offset);
    };
    if offset < fm.content.start || offset <= fm.open.end {
        // On the opening line: a lone `---` still waiting for its content is a new header.
        let blank = buf.slice(fm.content.clone()).trim().is_empty();
        if offset <= fm.open.end + 1 && fm.close.is_none() && blank {
            let line_end = buf.line_content_end(0);
            return Place::NewFile {
                replace: 0..line_end,
            };
        }
        return Place::Nothing;
    }
    let mut end = fm.content.end;
    if offset >= end {
        match &fm.close {
            Some(_) if offset < fm.body_start => return Place::Nothing,
            Some(_) => return Place::Body,
            None => {
                // Unterminated: the YAML runs to the first blank line. The cursor on that very
                // line is still typing frontmatter.
                if buf.slice(end..offset).contains('\n') {
                    return Place::Body;
                }
                let line = buf.rope().byte_to_line(offset);
                end = buf.line_content_end(line).max(offset);
            }
        }
    }
    let base = fm.content.start;
    let text = buf.slice(base..end);
    let fm_text = FmText::new(&text, base);
    fm_text.place(offset - base, doc)
}

fn no_frontmatter(doc: &Document, offset: usize) -> Place {
    let buf = doc.text();
    let line0_end = buf.line_content_end(0);
    if offset > line0_end {
        return Place::Body;
    }
    let line = buf.slice(0..line0_end);
    let line = line.trim_start_matches('\u{feff}');
    let dashes = line.trim_end();
    if dashes.len() <= 3 && dashes.chars().all(|c| c == '-') {
        return Place::NewFile {
            replace: line0_end - line.len()..line0_end,
        };
    }
    Place::Body
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A document and the cursor offset marked by `$0`.
    pub(crate) fn fixture(text: &str) -> (Document, usize) {
        let at = text.find("$0").expect("fixture has a $0 cursor marker");
        let doc = Document::new(&text.replace("$0", ""));
        (doc, at)
    }

    fn at(text: &str) -> Place {
        let (doc, offset) = fixture(text);
        locate(&doc, offset)
    }

    fn value(text: &str) -> ValueAt {
        match at(text) {
            Place::Value(v) => v,
            other => panic!("expected a value, got {other:?}"),
        }
    }

    fn key(path: &[&str]) -> Vec<Seg> {
        path.iter()
            .map(|k| {
                if *k == "-" {
                    Seg::Item
                } else {
                    Seg::Key((*k).to_string())
                }
            })
            .collect()
    }

    #[test]
    fn partial_top_level_key() {
        let p = at("---\nname: a\nmo$0\n---\nbody\n");
        let Place::Key {
            path,
            token,
            has_colon,
            present,
        } = p
        else {
            panic!("{p:?}")
        };
        assert!(path.is_empty());
        assert_eq!(token.text, "mo");
        assert_eq!(token.typed, "mo");
        assert_eq!(token.range, 12..14);
        assert!(!has_colon);
        assert_eq!(present, ["name"]);
    }

    #[test]
    fn key_under_cursor_with_colon() {
        let p = at("---\nmo$0del: sonnet\n---\n");
        let Place::Key {
            token, has_colon, ..
        } = p
        else {
            panic!("{p:?}")
        };
        assert_eq!(token.text, "model");
        assert_eq!(token.typed, "mo");
        assert!(has_colon);
    }

    #[test]
    fn empty_line_is_a_key_position() {
        let p = at("---\nname: a\n$0\ndescription: b\n---\n");
        let Place::Key { token, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(token.text, "");
        assert_eq!(present, ["name", "description"]);
    }

    #[test]
    fn scalar_values() {
        let v = value("---\nmodel: $0\n---\n");
        assert_eq!(v.path, key(&["model"]));
        assert_eq!(v.shape, Shape::Scalar);
        assert_eq!(v.token.text, "");
        assert!(!v.glued);
        let v = value("---\nmodel:$0\n---\n");
        assert!(v.glued);
        let v = value("---\nmodel: so$0n\n---\n");
        assert_eq!(v.token.text, "son");
        assert_eq!(v.token.typed, "so");
        assert_eq!(v.whole.text, "son");
        let v = value("---\ncolor: \"bl$0\"\n---\n");
        assert_eq!(v.quote, Some('"'));
        assert!(v.quote_closed);
        assert_eq!(v.token.text, "bl");
    }

    #[test]
    fn comment_is_nothing() {
        assert_eq!(at("---\nmodel: opus # the big$0\n---\n"), Place::Nothing);
        assert_eq!(at("---\n# a comm$0\n---\n"), Place::Nothing);
    }

    #[test]
    fn comma_entries() {
        let v = value("---\nname: a\ntools: Read, Gr$0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.token.text, "Gr");
        assert_eq!(v.whole.text, "Read, Gr");
        assert_eq!(
            v.siblings
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            ["Read"]
        );
        let v = value("---\ntools: Read, $0, Glob\n---\n");
        assert_eq!(v.token.text, "");
        assert_eq!(v.siblings.len(), 2);
        let v = value("---\ntools: Read,$0\n---\n");
        assert!(v.glued);
        let v = value("---\ntools: Bash(git add:*, git commit:*), Gr$0ep\n---\n");
        assert_eq!(v.token.text, "Grep");
        assert_eq!(v.siblings[0].text, "Bash(git add:*, git commit:*)");
        let v = value("---\ntools: \"Read, We$0\"\n---\n");
        assert_eq!(v.token.text, "We");
        assert_eq!(v.quote, Some('"'));
    }

    #[test]
    fn specifier() {
        let v = value("---\ntools: Read, Agent(rev$0\n---\n");
        let s = v.specifier.unwrap();
        assert_eq!(s.tool, "Agent");
        assert_eq!(s.token.text, "rev");
        let v = value("---\ntools: Agent(a, $0)\n---\n");
        let s = v.specifier.unwrap();
        assert_eq!(s.token.text, "");
        assert_eq!(s.others, ["a"]);
        let v = value("---\ntools: Agent(a)$0\n---\n");
        assert!(v.specifier.is_none());
    }

    #[test]
    fn block_list_items() {
        let v = value("---\ntools:\n  - Read\n  - $0\n  - Glob\nmodel: x\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.shape, Shape::BlockItem);
        assert_eq!(v.token.text, "");
        assert_eq!(
            v.siblings
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            ["Read", "Glob"]
        );
        let v = value("---\ntools:\n  -$0\n---\n");
        assert!(v.glued);
        // An indentless sequence.
        let v = value("---\ntools:\n- 'Read'\n- Gr$0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.token.text, "Gr");
        assert_eq!(v.siblings[0].quote, Some('\''));
        let v = value("---\ntools:\n  - \"ed$0\"\n---\n");
        assert_eq!(v.quote, Some('"'));
        assert!(v.quote_closed);
        assert_eq!(v.token.text, "ed");
    }

    #[test]
    fn flow_lists() {
        let v = value("---\ntools: ['edit', 'se$0']\n---\n");
        assert_eq!(v.path, key(&["tools"]));
        assert_eq!(v.shape, Shape::FlowItem);
        assert_eq!(v.token.text, "se");
        assert_eq!(v.quote, Some('\''));
        assert!(v.quote_closed);
        assert_eq!(v.siblings[0].text, "edit");
        let v = value("---\ntools: [edit, $0]\n---\n");
        assert_eq!(v.token.text, "");
        let v = value("---\ntools: [$0]\n---\n");
        assert_eq!(v.token.text, "");
        assert!(v.siblings.is_empty());
        let v = value("---\ntools: [\n  'edit',\n  'se$0\nmodel: x\n---\n");
        assert_eq!(v.token.text, "se");
        assert!(!v.quote_closed);
        assert_eq!(at("---\ntools: [a, b] $0\n---\n"), Place::Nothing);
    }

    #[test]
    fn nested_values_and_keys() {
        let text = "---\nhandoffs:\n  - label: Go\n    agent: pl$0\n    prompt: x\n---\n";
        let v = value(text);
        assert_eq!(v.path, key(&["handoffs", "-", "agent"]));
        assert_eq!(v.token.text, "pl");
        let v = value("---\nhandoffs:\n  - agent: $0\n---\n");
        assert_eq!(v.path, key(&["handoffs", "-", "agent"]));
        let p = at("---\nhandoffs:\n  - label: Go\n    $0\n---\n");
        let Place::Key { path, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(path, key(&["handoffs", "-"]));
        assert_eq!(present, ["label"]);
        let p = at("---\npermission:\n  edit: ask\n  ba$0\n---\n");
        let Place::Key { path, present, .. } = p else {
            panic!("{p:?}")
        };
        assert_eq!(path, key(&["permission"]));
        assert_eq!(present, ["edit"]);
        let v = value("---\npermission:\n  bash:\n    \"git *\": $0\n---\n");
        assert_eq!(v.path, key(&["permission", "bash", "git *"]));
    }

    #[test]
    fn nothing_nests_under_a_scalar() {
        assert_eq!(at("---\ntools: Read\n-$0\n---\n"), Place::Nothing);
        assert_eq!(
            at("---\ndescription: Use\n  this $0\n---\n"),
            Place::Nothing
        );
        let v = value("---\ntools: # the list\n  - $0\n---\n");
        assert_eq!(v.path, key(&["tools"]));
    }

    #[test]
    fn block_scalars_are_free_text() {
        assert_eq!(
            at("---\ndescription: |\n  Use this $0\nmodel: x\n---\n"),
            Place::Nothing
        );
        let v = value("---\ndescription: >-$0\n---\n");
        assert_eq!(v.shape, Shape::BlockScalar);
    }

    #[test]
    fn body_and_delimiters() {
        assert_eq!(at("---\nname: a\n---\nbo$0dy\n"), Place::Body);
        assert_eq!(at("---\nname: a\n--$0-\nbody\n"), Place::Nothing);
        assert_eq!(at("# Title$0\n"), Place::Body);
        assert_eq!(at("$0"), Place::NewFile { replace: 0..0 });
        assert_eq!(at("--$0\n"), Place::NewFile { replace: 0..2 });
        assert_eq!(at("---$0"), Place::NewFile { replace: 0..3 });
    }

    #[test]
    fn unterminated_and_broken() {
        let v = value("---\nname: a\nmodel: $0");
        assert_eq!(v.path, key(&["model"]));
        let v = value("---\nname: a\ntools: Read, $0\n\n# Body\n");
        assert_eq!(v.path, key(&["tools"]));
        // Broken YAML elsewhere in the file.
        let v = value(
            "---\nname: a\ndescription: Use when: the user asks\n  bad: [\ntools: Read, Gr$0\nmodel: x\n---\n",
        );
        assert_eq!(v.token.text, "Gr");
        let p = at("---\nname: [\nmo$0\n---\n");
        assert!(matches!(p, Place::Key { .. }), "{p:?}");
    }
}
