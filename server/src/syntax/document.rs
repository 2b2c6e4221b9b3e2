use std::ops::Range;
use std::sync::OnceLock;

use tree_sitter::{InputEdit, Language, Parser, Point as TsPoint, Range as TsRange, Tree};

use super::blocks::CodeBlocks;
use super::frontmatter::{self, FrontmatterScan};
use super::yaml::{self, YamlDoc};
use crate::text::{Point, TextBuffer, TextChange};

/// How many times a YAML parse that stopped early is resumed after the point where it stopped.
const MAX_YAML_RESUMES: usize = 16;

/// One document with its syntax: the text, where the frontmatter is, a tree-sitter-yaml tree of
/// the frontmatter, the code blocks of the body ([`CodeBlocks`]) and a tree-sitter-md (block
/// grammar) tree of the body. Both trees are parsed over the same buffer through included
/// ranges, so one edit updates everything incrementally. A lazy document
/// ([`Document::new_lazy`]) has no YAML tree for a flat frontmatter (`key: value` lines).
pub struct Document {
    buffer: TextBuffer,
    scan: FrontmatterScan,
    yaml_tree: Option<Tree>,
    /// The Markdown tree: parsed at once ([`Document::new`]) or on first demand
    /// ([`Document::new_lazy`]); once it exists, every edit updates it incrementally.
    md_tree: OnceLock<Option<Tree>>,
    /// The code blocks of the body: found at once or on first demand, like the Markdown tree.
    code: OnceLock<CodeBlocks>,
    /// Parse the Markdown tree and find the code blocks only when asked for them, and lower a
    /// flat frontmatter without a YAML tree.
    lazy: bool,
    yaml: YamlDoc,
    /// `yaml` was lowered by [`yaml::flat`]: the frontmatter is flat, so also valid YAML.
    yaml_flat: bool,
    /// Created with the first YAML parse (a lazy document with a flat frontmatter needs none).
    yaml_parser: Option<Parser>,
    /// Created with the first Markdown parse (a lazy document may never need one).
    md_parser: Option<Parser>,
    /// Edits since the last [`Document::reparse`].
    pending: Vec<TextChange>,
    /// What the last parse changed, for incremental consumers.
    last: Reparsed,
}

/// What the last parse ([`Document::new`], [`Document::set_text`] or [`Document::reparse`])
/// changed, so that derived data (the reference summary) can be updated instead of recomputed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reparsed {
    /// Counts parses: consumers remember the generation they saw, and may update incrementally
    /// only from the one just before.
    pub generation: u64,
    /// The one edit of the last reparse (`None` after a full parse or a batch of edits).
    pub edit: Option<TextChange>,
    /// The frontmatter scan and the YAML were redone (the edit touched the frontmatter).
    pub frontmatter_touched: bool,
    /// Byte ranges of the new text where the code blocks may differ from the old text's
    /// (empty when they only moved); `None` when unknown (found from scratch, or not found).
    pub code_changed: Option<Vec<Range<usize>>>,
}

fn parser(lang: Language) -> Parser {
    let mut p = Parser::new();
    // Both grammars are compiled in and their ABI is checked by the tests; this cannot fail.
    p.set_language(&lang)
        .expect("grammar ABI is compatible with tree-sitter");
    p
}

fn ts_point(p: Point) -> TsPoint {
    TsPoint {
        row: p.row,
        column: p.column,
    }
}

impl Document {
    pub fn new(text: &str) -> Self {
        Self::with_markdown(text, false)
    }

    /// A document whose Markdown tree and code blocks are parsed only when
    /// [`Document::markdown_tree`] or [`Document::code_blocks`] is first called (a batch check
    /// needs them only for some files). Edits before that leave them absent; after that, they
    /// are kept current incrementally like an eager document's. A flat frontmatter is lowered
    /// without a YAML tree ([`yaml::flat`]): the same [`YamlDoc`], at a fraction of the cost.
    pub fn new_lazy(text: &str) -> Self {
        Self::with_markdown(text, true)
    }

    fn with_markdown(text: &str, lazy: bool) -> Self {
        let mut doc = Document {
            buffer: TextBuffer::new(text),
            scan: FrontmatterScan::Absent { misplaced: None },
            yaml_tree: None,
            md_tree: OnceLock::new(),
            code: OnceLock::new(),
            lazy,
            yaml: YamlDoc::default(),
            yaml_flat: false,
            yaml_parser: None,
            md_parser: None,
            pending: Vec::new(),
            last: Reparsed::default(),
        };
        doc.parse_all();
        doc
    }

    pub fn text(&self) -> &TextBuffer {
        &self.buffer
    }

    pub fn scan(&self) -> &FrontmatterScan {
        &self.scan
    }

    pub fn yaml(&self) -> &YamlDoc {
        &self.yaml
    }

    /// The frontmatter is flat (one `key: value` per line, [`yaml::flat`]), which a strict YAML
    /// loader always accepts; known only for a lazy document (`false` otherwise).
    pub fn yaml_is_flat(&self) -> bool {
        self.yaml_flat
    }

    pub fn yaml_tree(&self) -> Option<&Tree> {
        self.yaml_tree.as_ref()
    }

    pub fn markdown_tree(&self) -> Option<&Tree> {
        self.md_tree
            .get_or_init(|| {
                // Lazy: parse the current text from scratch with a parser of its own.
                let mut md_parser = parser(tree_sitter_md::LANGUAGE.into());
                parse_with(&mut md_parser, &self.buffer, self.body_range(), None)
            })
            .as_ref()
    }

    /// Whether the Markdown tree exists yet (always, unless the document is lazy).
    pub fn markdown_tree_parsed(&self) -> bool {
        self.md_tree.get().is_some()
    }

    /// The code blocks of the body.
    pub fn code_blocks(&self) -> &CodeBlocks {
        self.code
            .get_or_init(|| CodeBlocks::parse(&self.buffer, self.body_bytes()))
    }

    fn body_bytes(&self) -> Range<usize> {
        self.scan.body_start().min(self.buffer.len())..self.buffer.len()
    }

    fn body_range(&self) -> TsRange {
        self.ts_range(self.body_bytes())
    }

    /// What the last parse changed.
    pub fn last_reparse(&self) -> &Reparsed {
        &self.last
    }

    /// Replace the whole text and parse from scratch.
    pub fn set_text(&mut self, text: &str) {
        self.buffer = TextBuffer::new(text);
        self.yaml_tree = None;
        self.md_tree = OnceLock::new();
        self.code = OnceLock::new();
        self.pending.clear();
        self.parse_all();
    }

    /// Splice `text` into `range` (byte offsets) and tell both trees. Call [`Document::reparse`]
    /// once after a batch of edits.
    pub fn edit(&mut self, range: Range<usize>, text: &str) -> TextChange {
        let change = self.buffer.replace(range, text);
        let input = InputEdit {
            start_byte: change.start,
            old_end_byte: change.old_end,
            new_end_byte: change.new_end,
            start_position: ts_point(change.start_point),
            old_end_position: ts_point(change.old_end_point),
            new_end_position: ts_point(change.new_end_point),
        };
        if let Some(t) = &mut self.yaml_tree {
            t.edit(&input);
        }
        if let Some(Some(t)) = self.md_tree.get_mut() {
            t.edit(&input);
        }
        self.pending.push(change);
        change
    }

    /// Bring the frontmatter scan and both trees up to date after edits, reusing the old trees.
    pub fn reparse(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let old_body_start = self.scan.body_start();
        let old_unterminated = self.scan.frontmatter().is_some_and(|f| f.close.is_none());
        // An edit touches the frontmatter if it starts before the old body did (shifted by the
        // edits before it), or whenever the block is unterminated, since typing on its end line
        // moves its end.
        let mut body_start = old_body_start;
        let mut touches_frontmatter =
            old_unterminated || matches!(self.scan, FrontmatterScan::Absent { .. });
        for c in &self.pending {
            if c.start <= body_start {
                touches_frontmatter = true;
            }
            if c.old_end <= body_start {
                body_start = body_start + c.new_end - c.old_end;
            } else if c.start < body_start {
                body_start = c.new_end;
            }
        }
        let edit = match self.pending.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        self.pending.clear();
        if touches_frontmatter {
            let old_frontmatter_open = self.scan.frontmatter().map(|f| f.open.start);
            self.scan = frontmatter::scan(&self.buffer);
            if self.scan.frontmatter().map(|f| f.open.start) != old_frontmatter_open {
                // The block appeared or vanished: the old YAML tree describes other text.
                self.yaml_tree = None;
            }
            self.parse_yaml();
        }
        // A lazy tree not asked for yet stays absent.
        if self.md_tree.get().is_some() {
            self.parse_markdown();
        }
        let code_changed = self.update_code_blocks(edit, touches_frontmatter, old_body_start);
        self.last = Reparsed {
            generation: self.last.generation + 1,
            edit,
            frontmatter_touched: touches_frontmatter,
            code_changed,
        };
    }

    /// Keep the code blocks current after a reparse (if they were found): shifted when the edit
    /// was inside the frontmatter and left the body as it was, parsed locally when the one edit
    /// was in the body, found again otherwise (then the changes are unknown).
    fn update_code_blocks(
        &mut self,
        edit: Option<TextChange>,
        touches_frontmatter: bool,
        old_body_start: usize,
    ) -> Option<Vec<Range<usize>>> {
        let body = self.body_bytes();
        let code = self.code.get_mut()?;
        match edit {
            Some(e) if touches_frontmatter => {
                let delta = e.new_end as isize - e.old_end as isize;
                if e.old_end < old_body_start
                    && body.start as isize == old_body_start as isize + delta
                    && self.scan.frontmatter().is_some_and(|f| f.close.is_some())
                {
                    code.shift(delta);
                    return Some(Vec::new());
                }
            }
            Some(e) if body.start == old_body_start && e.start > body.start => {
                return Some(vec![code.update(&self.buffer, body, &e)]);
            }
            _ => {}
        }
        *code = CodeBlocks::parse(&self.buffer, body);
        None
    }

    fn parse_all(&mut self) {
        self.scan = frontmatter::scan(&self.buffer);
        self.parse_yaml();
        if !self.lazy {
            self.parse_markdown();
            self.code = OnceLock::from(CodeBlocks::parse(&self.buffer, self.body_bytes()));
        }
        self.last = Reparsed {
            generation: self.last.generation + 1,
            ..Reparsed::default()
        };
    }

    fn ts_range(&self, r: Range<usize>) -> TsRange {
        TsRange {
            start_byte: r.start,
            end_byte: r.end,
            start_point: ts_point(self.buffer.point_at(r.start)),
            end_point: ts_point(self.buffer.point_at(r.end)),
        }
    }

    fn parse_region(
        &mut self,
        which: Which,
        region: Range<usize>,
        old: Option<&Tree>,
    ) -> Option<Tree> {
        let range = self.ts_range(region);
        let parser = match which {
            Which::Yaml => self
                .yaml_parser
                .get_or_insert_with(|| parser(tree_sitter_yaml::LANGUAGE.into())),
            Which::Markdown => self
                .md_parser
                .get_or_insert_with(|| parser(tree_sitter_md::LANGUAGE.into())),
        };
        parse_with(parser, &self.buffer, range, old)
    }

    fn parse_yaml(&mut self) {
        self.yaml_flat = false;
        let Some(fm) = self.scan.frontmatter().cloned() else {
            self.yaml_tree = None;
            self.yaml = YamlDoc::default();
            return;
        };
        let text = self.buffer.slice(fm.content.clone());
        let base = fm.content.start;
        // A lazy document is read once and dropped (a batch check, indexing): a flat frontmatter
        // is lowered without a tree, as the tree's lowering would ([`yaml::flat`]).
        if self.lazy
            && self.yaml_tree.is_none()
            && let Some(doc) = yaml::flat::lower(&text, base)
        {
            self.yaml = doc;
            self.yaml_flat = true;
            return;
        }
        // A tree with error-recovery nodes is not reused: tree-sitter can rebuild it around them
        // into a tree other than a fresh parse of the same text gives. Frontmatter is small, so
        // parsing a broken one afresh costs little.
        let old = self.yaml_tree.take().filter(|t| !t.root_node().has_error());
        self.yaml_tree = self.parse_region(Which::Yaml, fm.content.clone(), old.as_ref());
        let Some(tree) = &self.yaml_tree else {
            self.yaml = YamlDoc::default();
            return;
        };
        let mut doc = yaml::lower(tree.root_node(), &text, base);
        // tree-sitter-yaml can stop at a fatal error (an unquoted `: ` inside a plain scalar) and
        // leave the rest of the block out of the tree. Resume after the line where it stopped,
        // so the keys below a broken line are still seen.
        let mut stopped_at = tree.root_node().end_byte();
        for _ in 0..MAX_YAML_RESUMES {
            let Some(resume) = next_top_level_line(&text, base, stopped_at) else {
                break;
            };
            let Some(tail) = self.parse_region(Which::Yaml, resume..fm.content.end, None) else {
                break;
            };
            let root = tail.root_node();
            let mut more = yaml::lower(root, &text, base);
            if more.entries.is_empty() && more.errors.is_empty() {
                break;
            }
            doc.entries.append(&mut more.entries);
            doc.errors.append(&mut more.errors);
            if root.end_byte() <= resume {
                break;
            }
            stopped_at = root.end_byte();
        }
        self.yaml = doc;
    }

    fn parse_markdown(&mut self) {
        let old = self.md_tree.take().flatten();
        let tree = self.parse_region(Which::Markdown, self.body_bytes(), old.as_ref());
        self.md_tree = OnceLock::from(tree);
    }
}

/// Parse `buffer` within `range` with `parser`, reusing `old` (edited to match the text).
fn parse_with(
    parser: &mut Parser,
    buffer: &TextBuffer,
    range: TsRange,
    old: Option<&Tree>,
) -> Option<Tree> {
    // Ranges are in order and within the text, so this cannot fail.
    parser.set_included_ranges(&[range]).ok()?;
    parser.parse_with_options(&mut |byte, _| buffer.chunk_from(byte).as_bytes(), old, None)
}

#[derive(Clone, Copy)]
enum Which {
    Yaml,
    Markdown,
}

/// The start of the first line after `after` that begins in column 0 with something other than
/// a comment, if the YAML text has non-blank content there.
fn next_top_level_line(text: &str, base: usize, after: usize) -> Option<usize> {
    let rel = after.checked_sub(base)?;
    if rel >= text.len() {
        return None;
    }
    let mut pos = text[rel..].find('\n').map(|i| rel + i + 1)?;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..line_end];
        let starts_content = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#');
        if starts_content {
            return Some(base + pos);
        }
        pos = line_end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(doc: &Document) -> Vec<&str> {
        doc.yaml().entries.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn parses_frontmatter_and_body() {
        let doc = Document::new("---\nname: a\ntools: Read\n---\n# Title\n\nText\n");
        assert_eq!(keys(&doc), ["name", "tools"]);
        let md = doc.markdown_tree().unwrap().root_node();
        assert!(md.to_sexp().contains("atx_heading"), "{}", md.to_sexp());
        assert!(!md.to_sexp().contains("minus_metadata"));
    }

    #[test]
    fn keys_after_a_fatal_error_survive() {
        let doc = Document::new(
            "---\nname: a\ndescription: Use this agent when: the user asks\ntools: Read\nmodel: sonnet\n---\nBody\n",
        );
        assert_eq!(keys(&doc), ["name", "description", "tools", "model"]);
        assert!(!doc.yaml().errors.is_empty());
    }

    #[test]
    fn incremental_edits_equal_a_fresh_parse() {
        let mut doc = Document::new("---\nname: a\n---\n# T\n\nbody\n");
        let at = doc.text().to_string_lossless().find("a\n").unwrap();
        doc.edit(at..at + 1, "agent-x");
        doc.reparse();
        let end = doc.text().len();
        doc.edit(end..end, "\n## More\n");
        doc.reparse();
        let fresh = Document::new(&doc.text().to_string_lossless());
        assert_eq!(doc.yaml(), fresh.yaml());
        assert_eq!(
            doc.markdown_tree().unwrap().root_node().to_sexp(),
            fresh.markdown_tree().unwrap().root_node().to_sexp()
        );
        assert_eq!(
            doc.yaml()
                .get("name")
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .as_scalar()
                .unwrap()
                .value,
            "agent-x"
        );
    }

    #[test]
    fn deleting_the_opening_line_drops_the_frontmatter() {
        let mut doc = Document::new("---\nname: a\n---\nbody\n");
        doc.edit(0..4, "");
        doc.reparse();
        assert!(doc.scan().frontmatter().is_none());
        assert!(doc.yaml().entries.is_empty());
    }
}
