//! The team as a graph: agents, skills (and the commands that delegate) as nodes, delegations
//! as edges, built from the index with the same resolution as definition and references.
//! Names that resolve to nothing and agents that share a name are marked, for pictures to show
//! them in red. Knows nothing of output formats (see `crate::graph`).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};

use super::builtins::Builtin;
use super::check;
use super::identity::{Family, Kind, loose};
use super::index::{Index, IndexEntry as Entry};
use super::resolve::{self, Resolution};
use crate::analysis::summary::{Candidate, RefKind, Reference};
use crate::schema::Dialect;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Agent,
    Skill,
    /// A command file (shown only when it delegates).
    Command,
    /// An agent the product ships with.
    Builtin,
    /// A name that resolves to nothing.
    Missing,
}

impl NodeKind {
    pub fn id(self) -> &'static str {
        match self {
            NodeKind::Agent => "agent",
            NodeKind::Skill => "skill",
            NodeKind::Command => "command",
            NodeKind::Builtin => "builtin",
            NodeKind::Missing => "missing",
        }
    }
}

/// How one file names another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// `Agent(x)` / `Task(x)` in a tool list.
    ToolRule,
    /// `subagent_type: "x"`.
    SubagentType,
    /// `@x`.
    Mention,
    /// Copilot `handoffs[].agent`.
    Handoff,
    /// Copilot `agents:` entry.
    Agents,
    /// A skill's or command's `agent:`: it runs in that agent.
    RunsIn,
    /// A `skills:` entry: the agent preloads the skill.
    Skill,
    /// A name in prose (backticked, bold or bare) that resolves.
    Prose,
}

impl EdgeKind {
    fn of(kind: RefKind) -> EdgeKind {
        match kind {
            RefKind::ToolRule => EdgeKind::ToolRule,
            RefKind::SubagentType => EdgeKind::SubagentType,
            RefKind::Mention => EdgeKind::Mention,
            RefKind::Handoff => EdgeKind::Handoff,
            RefKind::AgentsList => EdgeKind::Agents,
            RefKind::ForkAgent => EdgeKind::RunsIn,
            RefKind::Skill => EdgeKind::Skill,
            RefKind::Emphasis | RefKind::Word | RefKind::Description => EdgeKind::Prose,
        }
    }

    /// The kind in data (JSON).
    pub fn id(self) -> &'static str {
        match self {
            EdgeKind::ToolRule => "tool-rule",
            EdgeKind::SubagentType => "subagent-type",
            EdgeKind::Mention => "mention",
            EdgeKind::Handoff => "handoff",
            EdgeKind::Agents => "agents",
            EdgeKind::RunsIn => "runs-in",
            EdgeKind::Skill => "skill",
            EdgeKind::Prose => "prose",
        }
    }

    /// The label of the edge in pictures.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::ToolRule => "Agent()",
            EdgeKind::SubagentType => "subagent_type",
            EdgeKind::Mention => "@mention",
            EdgeKind::Handoff => "handoff",
            EdgeKind::Agents => "agents",
            EdgeKind::RunsIn => "runs in",
            EdgeKind::Skill => "skill",
            EdgeKind::Prose => "prose",
        }
    }

    /// Written out by the file on purpose (else a name the prose happens to use).
    pub fn is_explicit(self) -> bool {
        self != EdgeKind::Prose
    }
}

/// One agent, skill, command, built-in agent or missing name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Unique in the graph: the path relative to its root for files, `builtin:<product>:<name>`
    /// and `missing:<name>` (`missing-skill:<name>`) otherwise.
    pub id: String,
    pub name: String,
    pub kind: NodeKind,
    pub dialect: Option<Dialect>,
    pub model: Option<String>,
    pub color: Option<String>,
    pub description: Option<String>,
    /// The file (absolute), with the line of its `name:` (0-based, else 0).
    pub path: Option<PathBuf>,
    pub line: u32,
    /// Another agent of the same scope has the same name: only one of them loads.
    pub duplicate: bool,
}

impl Node {
    /// Shown as a problem (in red).
    pub fn is_problem(&self) -> bool {
        self.duplicate || self.kind == NodeKind::Missing
    }
}

/// One delegation: `from` names `to` (indices into [`Graph::nodes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// The name as written resolves to nothing.
    pub unresolved: bool,
    /// For an unresolved name: the name it probably meant.
    pub suggestion: Option<String>,
    /// The line (0-based) of the first place in `from`'s file that says it.
    pub line: u32,
}

/// The team.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Sorted by kind, then name, then id.
    pub nodes: Vec<Node>,
    /// Sorted by `from`, `to`, kind; one per (from, to, kind).
    pub edges: Vec<Edge>,
}

/// Where a node's id is relative to: the root a path is under, if any.
fn relative_id(path: &Path, roots: &[PathBuf]) -> String {
    let rel = roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .min_by_key(|p| p.components().count())
        .unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Under one of `roots` (no roots: everything is).
fn under(path: &Path, roots: &[PathBuf]) -> bool {
    roots.is_empty() || roots.iter().any(|r| path.starts_with(r))
}

/// What a reference turned into while building.
enum Target<'a> {
    File(&'a Entry),
    Builtin(&'static Builtin),
    Missing(String, bool),
}

/// Collects nodes by key while edges are found.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    by_key: HashMap<String, usize>,
    edges: BTreeMap<(usize, usize, EdgeKind), Edge>,
}

impl Builder {
    fn node(&mut self, key: String, make: impl FnOnce() -> Node) -> usize {
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.nodes.push(make());
        self.by_key.insert(key, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn file(&mut self, index: &Index, e: &Entry, roots: &[PathBuf]) -> usize {
        self.node(e.path.to_string_lossy().into_owned(), || {
            file_node(index, e, roots)
        })
    }

    fn target(&mut self, index: &Index, t: Target<'_>, roots: &[PathBuf]) -> usize {
        match t {
            Target::File(e) => self.file(index, e, roots),
            Target::Builtin(b) => {
                let id = format!("builtin:{}:{}", family_id(b.family), b.name);
                self.node(id.clone(), || Node {
                    id,
                    name: b.name.to_string(),
                    kind: NodeKind::Builtin,
                    dialect: None,
                    model: None,
                    color: None,
                    description: Some(b.description.to_string()).filter(|d| !d.is_empty()),
                    path: None,
                    line: 0,
                    duplicate: false,
                })
            }
            Target::Missing(name, skill) => {
                let prefix = if skill { "missing-skill" } else { "missing" };
                let id = format!("{prefix}:{name}");
                self.node(id.clone(), || Node {
                    id,
                    name,
                    kind: NodeKind::Missing,
                    dialect: None,
                    model: None,
                    color: None,
                    description: None,
                    path: None,
                    line: 0,
                    duplicate: false,
                })
            }
        }
    }

    /// Add the edge unless one of the same kind joins the same nodes (the first place wins).
    /// `missing`: the name resolves to nothing, with what it probably meant.
    fn edge(
        &mut self,
        (from, to): (usize, usize),
        kind: EdgeKind,
        r: &Reference,
        missing: Option<Option<String>>,
    ) {
        self.edges.entry((from, to, kind)).or_insert_with(|| Edge {
            from,
            to,
            kind,
            unresolved: missing.is_some(),
            suggestion: missing.flatten(),
            line: r.span.start.line,
        });
    }
}

fn family_id(f: Family) -> &'static str {
    match f {
        Family::Claude => "claude",
        Family::Copilot => "copilot",
        Family::OpenCode => "opencode",
        Family::Gemini => "gemini",
        Family::Qwen => "qwen",
        Family::AgentSkills => "agent-skills",
        Family::Cursor => "cursor",
        Family::Kiro => "kiro",
        Family::Kilo => "kilo",
        Family::Augment => "augment",
        Family::Qoder => "qoder",
        Family::Factory => "factory",
    }
}

fn file_node(index: &Index, e: &Entry, roots: &[PathBuf]) -> Node {
    let name = e
        .identity
        .as_ref()
        .map(|i| i.qualified.clone().unwrap_or_else(|| i.name.clone()))
        .unwrap_or_else(|| e.origin.stem.to_string());
    let kind = match e.kind() {
        Kind::Agent => NodeKind::Agent,
        Kind::Skill => NodeKind::Skill,
        Kind::Command => NodeKind::Command,
    };
    Node {
        id: relative_id(&e.path, roots),
        name,
        kind,
        dialect: Some(e.dialect()),
        model: e.summary.model.as_deref().map(str::to_string),
        color: e.summary.color.as_deref().map(str::to_string),
        description: e.summary.description.clone(),
        path: Some(e.path.to_path_buf()),
        line: e.summary.name.as_ref().map_or(0, |n| n.span.start.line),
        duplicate: !check::same_named(index, e).is_empty(),
    }
}

/// The graph of the files under `roots` (absolute, as the index holds them): every agent and
/// skill there, the commands that delegate, and whatever they name (also outside the roots).
/// Without roots: every indexed file.
pub fn build(index: &Index, roots: &[PathBuf]) -> Graph {
    let mut entries: Vec<&Entry> = index
        .entries()
        .filter(|e| e.identity.is_some() && under(&e.path, roots))
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut b = Builder::default();
    for e in &entries {
        if e.kind() != Kind::Command {
            b.file(index, e, roots);
        }
    }
    for e in &entries {
        let uses_at = std::cell::OnceCell::new();
        // A closed file's candidates stand for themselves at their first line: an edge needs
        // no more.
        let candidates: Vec<Reference> = e
            .summary
            .elided
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(Candidate::as_reference)
            .collect();
        let refs = e.summary.refs.iter().chain(&candidates);
        // A description that names an agent does not delegate to it.
        for r in refs.filter(|r| r.kind.delegates()) {
            let kind = EdgeKind::of(r.kind);
            let targets: Vec<Target<'_>> = match resolve::resolve(index, e, r) {
                Some(Resolution::Files(files)) => files.into_iter().map(Target::File).collect(),
                Some(Resolution::Builtin(bi)) => vec![Target::Builtin(bi)],
                None if r.kind.is_explicit() && index.complete => {
                    let suggestion = check::suggestion(index, e, r);
                    let uses_at = || *uses_at.get_or_init(|| check::mentions_agents(index, e));
                    if !check::reportable(r, suggestion.as_deref(), uses_at) {
                        continue;
                    }
                    let from = b.file(index, e, roots);
                    let to = b.target(
                        index,
                        Target::Missing(r.name.to_string(), r.kind.is_skill()),
                        roots,
                    );
                    b.edge((from, to), kind, r, Some(suggestion));
                    continue;
                }
                None => continue,
            };
            let from = b.file(index, e, roots);
            for t in targets {
                let to = b.target(index, t, roots);
                if to != from || kind.is_explicit() {
                    b.edge((from, to), kind, r, None);
                }
            }
        }
    }
    finish(b)
}

/// Drop prose edges that repeat an explicit one, sort, and renumber.
fn finish(b: Builder) -> Graph {
    let Builder { nodes, edges, .. } = b;
    let explicit: std::collections::HashSet<(usize, usize)> = edges
        .keys()
        .filter(|k| k.2.is_explicit())
        .map(|k| (k.0, k.1))
        .collect();
    let edges: Vec<Edge> = edges
        .into_values()
        .filter(|e| e.kind.is_explicit() || !explicit.contains(&(e.from, e.to)))
        .collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |n: &Node| (n.kind, loose(&n.name), n.id.clone());
        key(&nodes[a]).cmp(&key(&nodes[b]))
    });
    let mut new_index = vec![0; nodes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    let nodes = order.iter().filter_map(|&i| slots[i].take()).collect();
    let mut edges: Vec<Edge> = edges
        .into_iter()
        .map(|mut e| {
            e.from = new_index[e.from];
            e.to = new_index[e.to];
            e
        })
        .collect();
    edges.sort_by_key(|e| (e.from, e.to, e.kind));
    Graph { nodes, edges }
}

impl Graph {
    /// The nodes called `name` (exactly, else loosely): one agent, or several that share it.
    pub fn find(&self, name: &str) -> Vec<usize> {
        let exact: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| self.nodes[i].name == name || self.nodes[i].id == name)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        let key = loose(name);
        (0..self.nodes.len())
            .filter(|&i| loose(&self.nodes[i].name) == key)
            .collect()
    }

    /// The neighbourhood of `centre` nodes: every node at most `depth` edges away (either way),
    /// and the edges walked to reach them. `depth` 1: the direct delegations in and out.
    pub fn focus(&self, centre: &[usize], depth: usize) -> Graph {
        let mut dist: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut queue = VecDeque::new();
        for &c in centre {
            dist[c] = Some(0);
            queue.push_back(c);
        }
        while let Some(n) = queue.pop_front() {
            let d = dist[n].unwrap_or(0);
            if d >= depth {
                continue;
            }
            for e in &self.edges {
                let other = if e.from == n {
                    e.to
                } else if e.to == n {
                    e.from
                } else {
                    continue;
                };
                if dist[other].is_none() {
                    dist[other] = Some(d + 1);
                    queue.push_back(other);
                }
            }
        }
        // An edge is kept when one of its ends was expanded (nearer than `depth`).
        let walked = |e: &Edge| match (dist[e.from], dist[e.to]) {
            (Some(a), Some(b)) => a.min(b) < depth,
            _ => false,
        };
        let mut new_index = vec![usize::MAX; self.nodes.len()];
        let mut nodes = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if dist[i].is_some() {
                new_index[i] = nodes.len();
                nodes.push(n.clone());
            }
        }
        let edges = self
            .edges
            .iter()
            .filter(|e| walked(e))
            .map(|e| Edge {
                from: new_index[e.from],
                to: new_index[e.to],
                ..e.clone()
            })
            .collect();
        Graph { nodes, edges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Document;
    use crate::text::PositionEncoding;

    fn index(files: &[(&str, &str)]) -> Index {
        let mut index = Index::new(PositionEncoding::Utf16);
        for (path, text) in files {
            let path = PathBuf::from(path);
            let doc = Document::new(text);
            let loaded =
                super::super::summarize(&path, &doc, Dialect::ClaudeAgent, PositionEncoding::Utf16);
            index.insert(loaded, false);
        }
        index.complete = true;
        index
    }

    const A: &str = "---\nname: a-agent\ndescription: A.\ntools: Agent(b-agent)\n---\nAsk b-agent, then @b-agent. I am a-agent; ask c-agent.\n";
    const B: &str = "---\nname: b-agent\ndescription: B.\n---\nWork.\n";
    const C: &str = "---\nname: c-agent\ndescription: C.\n---\nAsk `d-agent`.\n";
    const D: &str = "---\nname: d-agent\ndescription: D.\n---\nWork.\n";

    fn team() -> Graph {
        let idx = index(&[
            ("/p/.claude/agents/a.md", A),
            ("/p/.claude/agents/b.md", B),
            ("/p/.claude/agents/c.md", C),
            ("/p/.claude/agents/d.md", D),
        ]);
        build(&idx, &[PathBuf::from("/p")])
    }

    fn edges(g: &Graph) -> Vec<(String, String, EdgeKind)> {
        g.edges
            .iter()
            .map(|e| {
                let n = |i: usize| g.nodes[i].name.clone();
                (n(e.from), n(e.to), e.kind)
            })
            .collect()
    }

    #[test]
    fn prose_repeating_an_explicit_edge_and_self_names_are_dropped() {
        let g = team();
        assert_eq!(
            edges(&g),
            [
                ("a-agent".into(), "b-agent".into(), EdgeKind::ToolRule),
                ("a-agent".into(), "b-agent".into(), EdgeKind::Mention),
                ("a-agent".into(), "c-agent".into(), EdgeKind::Prose),
                ("c-agent".into(), "d-agent".into(), EdgeKind::Prose),
            ]
        );
        assert_eq!(g.nodes[0].id, ".claude/agents/a.md");
    }

    #[test]
    fn focus_walks_depth_steps_either_way() {
        let g = team();
        let c = g.find("c-agent");
        let one = g.focus(&c, 1);
        let names: Vec<&str> = one.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["a-agent", "c-agent", "d-agent"]);
        assert_eq!(one.edges.len(), 2);
        let two = g.focus(&c, 2);
        assert_eq!(two.nodes.len(), 4);
        assert_eq!(two.edges.len(), 4);
        assert_eq!(g.focus(&c, 0).nodes.len(), 1);
    }
}
