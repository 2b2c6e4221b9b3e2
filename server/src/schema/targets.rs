//! The tools that read agent files ("targets"): which folders each reads, as which dialect, and
//! where each fact comes from. Data in `server/schema/targets.toml`, embedded at build time.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Dialect;
use super::glob::Glob;
use super::spec::did_you_mean;

/// One tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Stable id (`gemini-cli`), used in `.agentls.toml` and on the command line.
    pub id: String,
    /// The product as named in messages ("Gemini CLI").
    pub product: String,
    /// Paths at a workspace root whose presence means the team uses the tool.
    pub detect: Vec<String>,
    pub reads: Vec<Read>,
}

/// One folder pattern a tool reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// A path glob; `~/` starts a user folder.
    pub pattern: String,
    /// The pattern compiled (without its `~/`).
    glob: Glob,
    pub scope: Scope,
    /// The dialect the tool reads the files as.
    pub dialect: Dialect,
    pub kind: Kind,
    /// A recorded suite (`tests/conformance/<tool>`) or a documentation URL.
    pub source: String,
    /// The release the suite was recorded on; `None`: documentation only, unverified.
    pub recorded: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Project,
    User,
}

/// What a file defines; files of the same kind can be shared between tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Agent,
    Skill,
    Command,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Project => "project",
            Scope::User => "user",
        }
    }
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Skill => "skill",
            Kind::Command => "command",
        }
    }
}

impl Read {
    /// Whether this pattern covers `path` (`/`-separated, absolute or relative).
    pub fn matches(&self, path: &str) -> bool {
        self.glob.matches(path)
    }

    /// "recorded 0.61.0" or "documentation, unverified".
    pub fn evidence(&self) -> String {
        match &self.recorded {
            Some(v) => format!("recorded {v}"),
            None => "documentation, unverified".to_string(),
        }
    }
}

impl Target {
    /// The first of the tool's patterns that covers `path`.
    pub fn read_of(&self, path: &str) -> Option<&Read> {
        self.reads.iter().find(|r| r.matches(path))
    }

    /// The first dialect the tool reads files of `kind` as.
    pub fn dialect_for(&self, kind: Kind) -> Option<Dialect> {
        self.reads
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.dialect)
    }

    /// The dialects the tool reads, each once, in the order of the data.
    pub fn dialects(&self) -> Vec<Dialect> {
        let mut out: Vec<Dialect> = Vec::new();
        for r in &self.reads {
            if !out.contains(&r.dialect) {
                out.push(r.dialect);
            }
        }
        out
    }
}

/// Every target of the embedded data.
///
/// # Panics
/// If the embedded data is invalid; the tests below rule that out.
pub fn targets() -> &'static [Target] {
    static TARGETS: OnceLock<Vec<Target>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/targets.toml"));
        parse(text).unwrap_or_else(|e| panic!("schema/targets.toml: {e}"))
    })
}

/// The target with this id.
pub fn find(id: &str) -> Option<&'static Target> {
    targets().iter().find(|t| t.id == id)
}

/// The id `id` most likely misspells, or the only id it starts (`claude` → `claude-code`).
pub fn suggest(id: &str) -> Option<&'static str> {
    let ids = || targets().iter().map(|t| t.id.as_str());
    did_you_mean(id, ids()).or_else(|| {
        let mut starting = ids().filter(|t| !id.is_empty() && t.starts_with(id));
        let first = starting.next()?;
        starting.next().is_none().then_some(first)
    })
}

/// The message for an id that names no target: "did you mean", then the known ids.
pub fn unknown_message(id: &str) -> String {
    let known: Vec<&str> = targets().iter().map(|t| t.id.as_str()).collect();
    match suggest(id) {
        Some(s) => format!("unknown target `{id}`: did you mean `{s}`?"),
        None => format!(
            "unknown target `{id}`: known targets are {}",
            known.join(", ")
        ),
    }
}

/// The kind of file a dialect defines, as the data says (the kind of a read of that dialect).
pub fn kind_of(dialect: Dialect) -> Option<Kind> {
    targets()
        .iter()
        .flat_map(|t| &t.reads)
        .find(|r| r.dialect == dialect)
        .map(|r| r.kind)
}

/// The targets whose `detect` paths exist at a workspace root (`exists` answers for a path
/// relative to the root).
pub fn infer<'a>(all: &'a [Target], exists: &dyn Fn(&str) -> bool) -> Vec<&'a Target> {
    all.iter()
        .filter(|t| t.detect.iter().any(|p| exists(p)))
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    target: Vec<RawTarget>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    id: String,
    product: String,
    #[serde(default)]
    detect: Vec<String>,
    source: String,
    recorded: Option<String>,
    read: Vec<RawRead>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRead {
    pattern: String,
    scope: Scope,
    dialect: String,
    kind: Kind,
    source: Option<String>,
    recorded: Option<String>,
}

/// Parse and check target data: unique ids, known dialects, sources, user patterns under `~/`.
pub fn parse(text: &str) -> Result<Vec<Target>, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out: Vec<Target> = Vec::new();
    for t in raw.target {
        if out.iter().any(|o| o.id == t.id) {
            return Err(format!("target `{}` is listed twice", t.id));
        }
        if t.read.is_empty() {
            return Err(format!("target `{}` reads no folder", t.id));
        }
        let mut reads = Vec::new();
        for r in t.read {
            let dialect = Dialect::from_id(&r.dialect)
                .ok_or_else(|| format!("target `{}`: unknown dialect `{}`", t.id, r.dialect))?;
            if (r.scope == Scope::User) != r.pattern.starts_with("~/") {
                return Err(format!(
                    "target `{}`: `{}`: user patterns, and only they, start with `~/`",
                    t.id, r.pattern
                ));
            }
            // A read with its own source has its own evidence: it does not inherit the release.
            let (source, recorded) = match r.source {
                Some(s) => (s, r.recorded),
                None => (t.source.clone(), r.recorded.or_else(|| t.recorded.clone())),
            };
            if source.trim().is_empty() {
                return Err(format!("target `{}`: `{}` has no source", t.id, r.pattern));
            }
            let glob = Glob::new(r.pattern.strip_prefix("~/").unwrap_or(&r.pattern))
                .map_err(|e| format!("target `{}`: `{}`: {e}", t.id, r.pattern))?;
            reads.push(Read {
                glob,
                pattern: r.pattern,
                scope: r.scope,
                dialect,
                kind: r.kind,
                source,
                recorded,
            });
        }
        out.push(Target {
            id: t.id,
            product: t.product,
            detect: t.detect,
            reads,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_loads_and_names_each_dialect_once_per_kind() {
        let all = targets();
        assert!(all.len() >= 6);
        for d in Dialect::ALL {
            assert!(kind_of(d).is_some(), "no target reads {}", d.id());
        }
        // Every recorded fact points at a suite that exists.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for r in all.iter().flat_map(|t| &t.reads) {
            if r.recorded.is_some() {
                assert!(root.join(&r.source).is_dir(), "{}", r.source);
            } else {
                assert!(r.source.starts_with("https://"), "{}", r.source);
            }
        }
    }

    #[test]
    fn cross_reads_are_in_the_data() {
        let vscode = find("copilot-vscode").unwrap();
        let read = vscode.read_of("/r/.claude/agents/a.md").unwrap();
        assert_eq!(read.dialect, Dialect::ClaudeAgent);
        assert_eq!(read.evidence(), "documentation, unverified");
        assert!(vscode.read_of("/r/.claude/agents/sub/a.md").is_none());
        let gemini = find("gemini-cli").unwrap();
        assert!(gemini.read_of("/r/.claude/agents/a.md").is_none());
        assert_eq!(
            gemini
                .read_of("/home/u/.gemini/agents/a.md")
                .unwrap()
                .evidence(),
            "recorded 0.61.0"
        );
        let opencode = find("opencode").unwrap();
        assert_eq!(
            opencode
                .read_of("/r/.claude/skills/pdf/SKILL.md")
                .unwrap()
                .dialect,
            Dialect::ClaudeSkill
        );
        assert_eq!(
            opencode.dialect_for(Kind::Agent),
            Some(Dialect::OpenCodeAgent)
        );
    }

    #[test]
    fn unknown_ids_get_a_suggestion() {
        assert_eq!(suggest("gemni-cli"), Some("gemini-cli"));
        assert_eq!(
            unknown_message("claude"),
            "unknown target `claude`: did you mean `claude-code`?"
        );
        assert!(unknown_message("zzzzzzzz").contains("known targets are claude-code"));
    }

    #[test]
    fn inferred_from_the_folders_present() {
        let present = [".gemini", ".claude"];
        let ids: Vec<&str> = infer(targets(), &|p| present.contains(&p))
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids, ["claude-code", "gemini-cli"]);
        assert!(infer(targets(), &|_| false).is_empty());
    }

    #[test]
    fn bad_data_is_refused() {
        let row = |extra: &str| {
            format!(
                "[[target]]\nid = \"x\"\nproduct = \"X\"\nsource = \"https://x\"\n[[target.read]]\npattern = \".x/*.md\"\nscope = \"project\"\nkind = \"agent\"\n{extra}"
            )
        };
        assert!(parse(&row("dialect = \"claude-agent\"")).is_ok());
        let err = parse(&row("dialect = \"x-agent\"")).unwrap_err();
        assert!(err.contains("unknown dialect `x-agent`"), "{err}");
        let twice = format!(
            "{}\n{}",
            row("dialect = \"claude-agent\""),
            row("dialect = \"claude-agent\"")
        );
        assert!(parse(&twice).unwrap_err().contains("twice"));
        let user = row("dialect = \"claude-agent\"").replace("\"project\"", "\"user\"");
        assert!(parse(&user).unwrap_err().contains("`~/`"));
    }
}
