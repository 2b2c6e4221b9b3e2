//! What one file says about the others: its declared name and facts (description, model, tools),
//! and every place it names another agent or skill, or links to another file. The result is a
//! compact [`FileSummary`]: plain data with ranges, no text and no trees, so the workspace index
//! can keep one per file.
//!
//! Where references are looked for:
//! - frontmatter: Copilot `handoffs[].agent` and `agents:`, a skill's or command's `agent:`,
//!   `Agent(x)` / `Task(x)` rules in Claude tool lists, `skills:` entries; names in the
//!   `description` value, scanned as prose is (candidates of an exact name, no delegation);
//! - body: `@name`, `@agent-name`, `@"name (agent)"`, `subagent_type: "x"` / `subagent_type="x"`
//!   (also inside code blocks), backticked and bold names, bare kebab-case words, Markdown links
//!   and paths to `.md` files.
//!
//! Not inside fenced or indented code blocks (except `subagent_type`), not in e-mail addresses,
//! URLs, file paths or code decorators (`@Override`, `@app.route`, `@retry(...)`). Backticked,
//! bold and bare names are *candidates*: they count only when they resolve, which the index
//! decides.

mod body;
mod delegation;
mod elide;
mod frontmatter;
pub mod incremental;

use std::ops::Range;

use crate::analysis::FileContext;
use crate::schema::Dialect;
use crate::syntax::Document;
use crate::text::{LineCol, Name, PositionEncoding, TextBuffer};

pub(crate) use body::body_lines;
pub use body::is_name_like;
use body::{body_refs, description_refs, scan_lines};
pub use elide::Candidate;
pub(crate) use frontmatter::summarize_frontmatter;

/// A range with its editor positions, so a file's ranges can be reported without its text.
/// Byte offsets are kept in 32 bits (saturating: the index reads at most the first 8 MiB of a
/// file), as tens of thousands of closed files keep one span per reference.
#[derive(Clone, PartialEq, Eq)]
pub struct Span {
    start_byte: u32,
    end_byte: u32,
    pub start: LineCol,
    pub end: LineCol,
}

/// A byte offset in 32 bits.
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(buf: &TextBuffer, range: Range<usize>, enc: PositionEncoding) -> Span {
        Span::from_parts(
            range.clone(),
            buf.position_at(range.start, enc),
            buf.position_at(range.end, enc),
        )
    }

    /// A span whose positions are already known.
    pub fn from_parts(range: Range<usize>, start: LineCol, end: LineCol) -> Span {
        Span {
            start_byte: narrow(range.start),
            end_byte: narrow(range.end),
            start,
            end,
        }
    }

    /// The start of the file.
    pub fn zero() -> Span {
        Span::from_parts(0..0, LineCol::default(), LineCol::default())
    }

    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start_byte as usize..self.end_byte as usize
    }

    /// Move by `bytes` and `lines` (an edit before the span).
    pub fn shift(&mut self, bytes: isize, lines: isize) {
        let add = |o: u32| narrow((o as isize + bytes).max(0) as usize);
        self.start_byte = add(self.start_byte);
        self.end_byte = add(self.end_byte);
        self.start.line = (self.start.line as isize + lines).max(0) as u32;
        self.end.line = (self.end.line as isize + lines).max(0) as u32;
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.range().start <= offset && offset <= self.range().end
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Span")
            .field("range", &self.range())
            .field("start", &self.start)
            .field("end", &self.end)
            .finish()
    }
}

/// How a reference is written. Explicit forms are reported when they resolve to nothing;
/// candidates ([`RefKind::is_explicit`] false) are references only when they resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `@name`, `@agent-name`, `@"name (agent)"`.
    Mention,
    /// `subagent_type: "x"`.
    SubagentType,
    /// Copilot `handoffs[].agent`.
    Handoff,
    /// Copilot `agents:` entry.
    AgentsList,
    /// A skill's or command's `agent:`.
    ForkAgent,
    /// `Agent(x)` / `Task(x)` in a tool list, or a key of a permission map under a tool that
    /// takes agent types (`permission: { task: { reviewer: allow } }`).
    ToolRule,
    /// A `skills:` entry (names a skill, not an agent).
    Skill,
    /// A backticked or bold name.
    Emphasis,
    /// A bare kebab-case word.
    Word,
    /// A name in the `description` (`Use after @backend-dev`, `after backend-dev finishes`):
    /// the tools read it when choosing a delegate, but it is no delegation.
    Description,
}

impl RefKind {
    pub fn is_explicit(self) -> bool {
        !matches!(
            self,
            RefKind::Emphasis | RefKind::Word | RefKind::Description
        )
    }

    /// The reference names a skill rather than an agent.
    pub fn is_skill(self) -> bool {
        self == RefKind::Skill
    }

    /// Names match regardless of case and of `-`, `_`, `:` and spaces (Claude Code matches
    /// `subagent_type` like that: `"Code Reviewer"` finds `code-reviewer`).
    pub fn is_loose(self) -> bool {
        !matches!(self, RefKind::Word | RefKind::Description)
    }

    /// The reference asks for the agent's work (a delegation, a handoff): every kind but a
    /// mention in a description.
    pub fn delegates(self) -> bool {
        self != RefKind::Description
    }

    /// How the reference is described in messages.
    pub fn describe(self) -> &'static str {
        match self {
            RefKind::Mention => "mention",
            RefKind::SubagentType => "`subagent_type`",
            RefKind::Handoff => "handoff target",
            RefKind::AgentsList => "`agents` entry",
            RefKind::ForkAgent => "`agent`",
            RefKind::ToolRule => "tool rule",
            RefKind::Skill => "`skills` entry",
            RefKind::Emphasis | RefKind::Word => "reference",
            RefKind::Description => "mention in the description",
        }
    }
}

/// One place that names an agent or a skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub kind: RefKind,
    /// The name as written (for `@agent-x`, `x`), interned: thousands of files name the same
    /// agents.
    pub name: Name,
    /// The range of the name itself: what a rename replaces.
    pub span: Span,
    /// In the frontmatter (else in the body).
    pub in_frontmatter: bool,
    /// How many bytes before `span` belong to the reference as written (the `@` of `@name`,
    /// `@agent-`, `@"`): the cursor there is on the reference too.
    pub lead: u8,
    /// A mention written where a delegation is meant: after "delegate to", "hand off to"... or
    /// in a table's "Delegate To" or "Agent" column. Such a mention that names no agent is
    /// reported even without a likely typo.
    pub delegation: bool,
}

impl Reference {
    /// `offset` is on the reference as written (its lead included).
    pub fn contains(&self, offset: usize) -> bool {
        self.span
            .range()
            .start
            .saturating_sub(usize::from(self.lead))
            <= offset
            && offset <= self.span.range().end
    }
}

/// A link to another file: a Markdown link, or a path written in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The path as written, without `#fragment` and with `%20` decoded.
    pub target: String,
    pub span: Span,
    /// `[text](target)` (else a bare path: a reference only when it resolves).
    pub markdown: bool,
}

/// The `name:` value of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameDecl {
    pub value: String,
    pub span: Span,
}

/// Everything the workspace needs to know about one file, without its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    pub dialect: Dialect,
    pub has_frontmatter: bool,
    pub name: Option<NameDecl>,
    pub description: Option<String>,
    /// Interned, as `color` and `tools`: a few values repeated in every file.
    pub model: Option<Name>,
    /// The `color:` value as written (a palette name or `#rrggbb`), for pictures of the team.
    pub color: Option<Name>,
    pub tools: Vec<Name>,
    /// Top-level keys whose value is a list of strings (`capabilities:`), with the values.
    pub lists: Vec<(String, Vec<String>)>,
    /// Top-level keys the dialect's schema does not define, once each, in order: the team's own
    /// keys are learned from these ([`crate::analysis::team_keys`]).
    pub other_keys: Vec<String>,
    pub refs: Vec<Reference>,
    pub links: Vec<Link>,
    /// For a closed file: its candidate names without their places, which `refs` then lacks
    /// ([`FileSummary::elide_candidates`]).
    pub elided: Option<Box<[Candidate]>>,
}

impl FileSummary {
    /// A summary with nothing found yet.
    pub(crate) fn empty(dialect: Dialect, has_frontmatter: bool) -> FileSummary {
        FileSummary {
            dialect,
            has_frontmatter,
            name: None,
            description: None,
            model: None,
            color: None,
            tools: Vec::new(),
            lists: Vec::new(),
            other_keys: Vec::new(),
            refs: Vec::new(),
            links: Vec::new(),
            elided: None,
        }
    }
}

impl FileSummary {
    /// Give back the spare capacity of the lists (grown by doubling while the file was
    /// scanned): a summary that goes into the index is kept for the whole session.
    pub fn shrink_to_fit(&mut self) {
        self.tools.shrink_to_fit();
        for (_, values) in &mut self.lists {
            values.shrink_to_fit();
        }
        self.lists.shrink_to_fit();
        self.other_keys.shrink_to_fit();
        self.refs.shrink_to_fit();
        self.links.shrink_to_fit();
    }

    /// The reference or link under `offset`.
    pub fn at(&self, offset: usize) -> Option<Target<'_>> {
        if let Some(r) = self.refs.iter().find(|r| r.contains(offset)) {
            return Some(Target::Ref(r));
        }
        if let Some(l) = self.links.iter().find(|l| l.span.contains(offset)) {
            return Some(Target::Link(l));
        }
        None
    }

    /// `offset` is on the `name:` value.
    pub fn on_name(&self, offset: usize) -> bool {
        self.name.as_ref().is_some_and(|n| n.span.contains(offset))
    }
}

/// What sits under the cursor.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Ref(&'a Reference),
    Link(&'a Link),
}

/// Descriptions are kept up to this many bytes (hover and symbol details need no more).
pub(super) const MAX_DESCRIPTION: usize = 2048;

/// Summarise a document. Positions are computed in `enc`.
pub fn summarize(doc: &Document, file: &FileContext, enc: PositionEncoding) -> FileSummary {
    let mut out = summarize_frontmatter(doc, file, enc);
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    body_refs(doc, &mut out, &span);
    out
}

/// [`summarize`] restricted to what cross-file diagnostics read: the frontmatter's facts, the
/// explicit references ([`RefKind::is_explicit`]) and the Markdown links; no candidates (bare
/// words, emphasis) and no bare paths. For `agentls check`, which never navigates.
///
/// The code blocks are asked for only when they can change the result. Code blocks
/// only decide whether a line's prose is scanned (per line: masks do not cross lines), and the
/// explicit results of the prose scan are mentions and Markdown links; `subagent_type` is found
/// in code blocks too. So the body is first scanned as if it had no code block: without a
/// mention or a Markdown link in that result, code blocks would only remove nothing, and the
/// result is final. Otherwise it is scanned again with the code blocks. A lazy [`Document`]
/// then never parses most bodies.
pub fn summarize_explicit(
    doc: &Document,
    file: &FileContext,
    enc: PositionEncoding,
) -> FileSummary {
    let mut out = summarize_frontmatter(doc, file, enc);
    out.refs.retain(|r| r.kind.is_explicit());
    let buf = doc.text();
    let span = |r: Range<usize>| Span::new(buf, r, enc);
    let start = doc.scan().body_start().min(buf.len());
    let body = buf.slice(start..buf.len());
    let (refs, links) = (out.refs.len(), out.links.len());
    scan_lines(&body, start, &[], &mut out, &span, true);
    let from_prose =
        out.refs[refs..].iter().any(|r| r.kind == RefKind::Mention) || out.links.len() > links;
    if from_prose {
        out.refs.truncate(refs);
        out.links.truncate(links);
        scan_lines(&body, start, doc.code_blocks().all(), &mut out, &span, true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Document;

    /// Summarise `text` (with `$0`…`$9` markers removed) and return it with the marker offsets.
    fn summary(dialect: Dialect, marked: &str) -> (FileSummary, Vec<usize>) {
        let mut text = String::new();
        let mut marks = Vec::new();
        let mut chars = marked.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
                marks.push(text.len());
            } else {
                text.push(c);
            }
        }
        let doc = Document::new(&text);
        let s = summarize(&doc, &FileContext::bare(dialect), PositionEncoding::Utf16);
        (s, marks)
    }

    fn refs(s: &FileSummary) -> Vec<(RefKind, &str)> {
        s.refs.iter().map(|r| (r.kind, r.name.as_str())).collect()
    }

    #[test]
    fn references_and_spans_stay_small() {
        // Closed files keep about twenty references each, tens of thousands of files at a time
        // (docs/PERFORMANCE.md, seventh round): a name is a pointer, a span 32-bit offsets.
        assert!(
            std::mem::size_of::<Span>() <= 24,
            "{}",
            std::mem::size_of::<Span>()
        );
        assert!(
            std::mem::size_of::<Reference>() <= 40,
            "{}",
            std::mem::size_of::<Reference>()
        );
    }

    #[test]
    fn a_span_keeps_its_offsets_and_moves_with_an_edit() {
        let mut s = Span::from_parts(10..14, LineCol::new(2, 3), LineCol::new(2, 7));
        assert_eq!(s.range(), 10..14);
        s.shift(-4, 1);
        assert_eq!(
            (s.range(), s.start, s.end),
            (6..10, LineCol::new(3, 3), LineCol::new(3, 7))
        );
        let far = Span::from_parts(
            usize::MAX - 1..usize::MAX,
            LineCol::default(),
            LineCol::default(),
        );
        assert_eq!(
            far.range(),
            u32::MAX as usize..u32::MAX as usize,
            "saturates, never wraps"
        );
    }

    #[test]
    fn frontmatter_references_and_facts() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: $0code-reviewer$1\ndescription: Reviews code\nmodel: sonnet\ntools: Read, Agent($2test-runner$3, Explore), Task(model:opus)\nskills:\n  - $4pdf$5\n  - \"xlsx\"\ncapabilities: [review, testing]\n---\nBody\n",
        );
        let name = s.name.as_ref().unwrap();
        assert_eq!(name.value, "code-reviewer");
        assert_eq!(name.span.range(), m[0]..m[1]);
        assert_eq!(s.description.as_deref(), Some("Reviews code"));
        assert_eq!(s.model.as_deref(), Some("sonnet"));
        assert_eq!(
            s.tools,
            ["Read", "Agent(test-runner, Explore)", "Task(model:opus)"]
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::ToolRule, "test-runner"),
                (RefKind::ToolRule, "Explore"),
                (RefKind::Skill, "pdf"),
                (RefKind::Skill, "xlsx"),
            ]
        );
        assert_eq!(s.refs[0].span.range(), m[2]..m[3]);
        assert_eq!(s.refs[2].span.range(), m[4]..m[5]);
        assert_eq!(
            s.lists,
            [
                (
                    "skills".to_string(),
                    vec!["pdf".to_string(), "xlsx".to_string()]
                ),
                (
                    "capabilities".to_string(),
                    vec!["review".to_string(), "testing".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn names_in_the_description_are_candidates() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: qa\ndescription: \"Use after $0backend-dev$1 or @$2api-dev$3; see docs/x-y.md, not the backend-developer's notes\"\n---\nBody\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::Description, "api-dev"),
                (RefKind::Description, "backend-dev"),
                (RefKind::Description, "backend-developer"),
            ]
        );
        assert!(
            s.refs
                .iter()
                .all(|r| r.in_frontmatter && !r.kind.is_explicit())
        );
        assert_eq!(s.refs[0].span.range(), m[2]..m[3]);
        assert_eq!(s.refs[1].span.range(), m[0]..m[1]);
        assert!(s.links.is_empty(), "{:?}", s.links);
    }

    #[test]
    fn copilot_handoffs_and_agents() {
        let (s, m) = summary(
            Dialect::CopilotAgent,
            "---\nagents: ['$0planner$1', '*']\nhandoffs:\n  - label: Go\n    agent: $2implementer$3\n---\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::AgentsList, "planner"),
                (RefKind::Handoff, "implementer")
            ]
        );
        assert_eq!(s.refs[0].span.range(), m[0]..m[1]);
        assert_eq!(s.refs[1].span.range(), m[2]..m[3]);
    }

    #[test]
    fn skill_agent_field() {
        let (s, _) = summary(
            Dialect::ClaudeSkill,
            "---\ncontext: fork\nagent: Explore\n---\n",
        );
        assert_eq!(refs(&s), [(RefKind::ForkAgent, "Explore")]);
    }

    #[test]
    fn body_references() {
        let (s, m) = summary(
            Dialect::ClaudeCommand,
            "---\ndescription: x\n---\nDelegate to @$0qa-tester$1, then @agent-$2code-reviewer$3.\n\
             Ask `$4Explore$5` or **$6security-auditor$7**; system-architect decides.\n\
             Mail me@example.com, see https://x.io/a-b and @types/node, @app.route, @retry(3), @Override.\n\
             subagent_type: \"$8Code Reviewer$9\"\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::Mention, "qa-tester"),
                (RefKind::Mention, "code-reviewer"),
                (RefKind::Emphasis, "Explore"),
                (RefKind::Emphasis, "security-auditor"),
                (RefKind::Word, "system-architect"),
                (RefKind::SubagentType, "Code Reviewer"),
            ]
        );
        assert_eq!(s.refs[0].span.range(), m[0]..m[1]);
        assert_eq!(s.refs[1].span.range(), m[2]..m[3]);
        assert_eq!(s.refs[2].span.range(), m[4]..m[5]);
        assert_eq!(s.refs[3].span.range(), m[6]..m[7]);
        assert_eq!(s.refs[5].span.range(), m[8]..m[9]);
    }

    #[test]
    fn code_blocks_hold_only_subagent_type() {
        let (s, _) = summary(
            Dialect::ClaudeCommand,
            "Intro\n\n```python\n@dataclass\nTask(subagent_type=\"data-engineer\", x=@pytest)\nuse-this-word\n```\n\n    @indented-code\n\nsubagent_type: ml-engineer and subagent_type='general-purpose'\n",
        );
        assert_eq!(
            refs(&s),
            [
                (RefKind::SubagentType, "data-engineer"),
                (RefKind::SubagentType, "ml-engineer"),
                (RefKind::SubagentType, "general-purpose"),
            ]
        );
    }

    #[test]
    fn placeholders_are_not_references() {
        let (s, _) = summary(
            Dialect::ClaudeCommand,
            "subagent_type: \"<agent>\", subagent_type=\"{name}\", subagent_type: $AGENT\nAll `subagent_type` references\n",
        );
        assert!(
            s.refs.iter().all(|r| r.kind != RefKind::SubagentType),
            "{:?}",
            s.refs
        );
    }

    #[test]
    fn links_and_paths() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nSee [the reviewer]($0../agents/reviewer.md$1#usage), [web](https://x.io/a.md), [top](#top)\nand `$2.claude/skills/api-authentication/skill.md$3` or $4docs/guide.md$5.\n",
        );
        let links: Vec<(&str, bool)> = s
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.markdown))
            .collect();
        assert_eq!(
            links,
            [
                ("../agents/reviewer.md", true),
                (".claude/skills/api-authentication/skill.md", false),
                ("docs/guide.md", false),
            ]
        );
        assert_eq!(s.links[0].span.range(), m[0]..m[1]);
        assert_eq!(s.links[1].span.range(), m[2]..m[3]);
        assert_eq!(s.links[2].span.range(), m[4]..m[5]);
        assert!(s.refs.iter().all(|r| r.name != "reviewer"), "{:?}", s.refs);
    }

    #[test]
    fn picker_form_and_punctuation() {
        let (s, m) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nUse @\"$0code-reviewer$1 (agent)\" and ask @$2planner$3: now. (@$4tester$5)\n",
        );
        assert_eq!(s.refs.len(), 3, "{:?}", s.refs);
        assert_eq!(s.refs[0].span.range(), m[0]..m[1]);
        assert_eq!(s.refs[1].span.range(), m[2]..m[3]);
        assert_eq!(s.refs[2].span.range(), m[4]..m[5]);
    }

    #[test]
    fn flags_and_files_are_not_words() {
        let (s, _) = summary(
            Dialect::ClaudeAgent,
            "---\nname: a\n---\nRun --dry-run on my-file.ts in src/some-dir now.\n",
        );
        assert!(s.refs.is_empty(), "{:?}", s.refs);
    }
}
