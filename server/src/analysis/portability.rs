//! One file, several tools: which other tools read a file (the targets in play whose folders
//! cover it, or, when the team declared its targets, every declared tool that reads files of the
//! same kind), and what each of them does differently, as `portability` diagnostics.
//!
//! The readers are computed once per file (when it is classified, from the settings); analysing
//! the file again as each reader's dialect costs O(that file) per edit.

use super::{Diagnostic, Env, FileContext, Settings, Severity, codes};
use crate::schema::Dialect;
use crate::schema::targets::{self, Target};
use crate::syntax::Document;

/// Another tool that reads a file, and the dialect it reads it as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    pub dialect: Dialect,
    /// The products reading it so ("Gemini CLI"), in the order of the data.
    pub products: Vec<String>,
}

impl Settings {
    /// The declared targets that exist (`targets = [...]`), in the order written.
    pub fn declared_targets(&self) -> Vec<&'static Target> {
        self.targets
            .iter()
            .filter_map(|id| targets::find(id))
            .collect()
    }

    /// The targets in play: the declared ones, else those inferred from the workspace's folders.
    /// The flag says whether they were declared.
    pub fn targets_in_play(&self) -> (Vec<&'static Target>, bool) {
        let declared = self.declared_targets();
        if !declared.is_empty() {
            return (declared, true);
        }
        let inferred = self
            .inferred_targets
            .iter()
            .filter_map(|id| targets::find(id))
            .collect();
        (inferred, false)
    }

    /// What is wrong with `targets` (unknown ids, with "did you mean").
    pub fn target_problems(&self) -> Vec<String> {
        self.targets
            .iter()
            .filter(|id| targets::find(id).is_none())
            .map(|id| targets::unknown_message(id))
            .collect()
    }
}

/// The other tools in play that read `path` (`/`-separated) of `dialect`, grouped by the dialect
/// they read it as (the file's own dialect left out: they read it the same way).
pub fn readers(path: &str, dialect: Dialect, settings: &Settings) -> Vec<Reader> {
    let (in_play, declared) = settings.targets_in_play();
    readers_among(&in_play, declared, path, dialect)
}

/// [`readers`] over a given list of targets (`declared`: the team named them, so a tool that
/// reads files of the same kind elsewhere is taken to read this one too).
pub fn readers_among(
    in_play: &[&Target],
    declared: bool,
    path: &str,
    dialect: Dialect,
) -> Vec<Reader> {
    let kind = targets::kind_of(dialect);
    let mut out: Vec<Reader> = Vec::new();
    for t in in_play {
        let by_folder = t.read_of(path).map(|r| r.dialect);
        let by_kind = || {
            if !declared || t.dialects().contains(&dialect) {
                return None;
            }
            kind.and_then(|k| t.dialect_for(k))
        };
        let Some(d) = by_folder.or_else(by_kind) else {
            continue;
        };
        if d == dialect {
            continue;
        }
        match out.iter_mut().find(|r| r.dialect == d) {
            Some(r) => r.products.push(t.product.clone()),
            None => out.push(Reader {
                dialect: d,
                products: vec![t.product.clone()],
            }),
        }
    }
    out
}

/// The `portability` diagnostics of a file: what each other reader reports at error or warning
/// level that the file's own analysis (`own`, before severities) does not.
pub(super) fn check(
    doc: &Document,
    file: &FileContext,
    env: Env<'_>,
    own: &[Diagnostic],
) -> Vec<Diagnostic> {
    let primary = file.dialect.product();
    let loads = !own.iter().any(|d| d.severity == Severity::Error);
    let mut out = Vec::new();
    for reader in &file.readers {
        let other = FileContext {
            dialect: reader.dialect,
            plugin: false,
            readers: Vec::new(),
            ..file.clone()
        };
        let products = reader.products.join(" and ");
        let lead = format!("{}: ", super::verdict::consequence(&other));
        for d in super::own_diagnostics(doc, &other, env) {
            // Said already, as loudly, by the file's own analysis: not again.
            let said = own
                .iter()
                .any(|o| o.code == d.code && o.range == d.range && o.severity <= d.severity);
            if d.severity > Severity::Warning || said {
                continue;
            }
            let what = d.message.strip_prefix(&lead).unwrap_or(&d.message);
            let message = match (d.severity, loads) {
                (Severity::Error, true) => {
                    format!("Loads in {primary}, rejected by {products}: {what}")
                }
                (Severity::Error, false) => format!("Rejected by {products} too: {what}"),
                _ => format!("Also read by {products}: {what}"),
            };
            let mut p = Diagnostic::new(codes::PORTABILITY, Severity::Warning, d.range, message);
            p.related = d.related;
            // Offered only once the fix check (over the whole analysis, this file's own
            // diagnostics included) accepts them; never applied unattended.
            p.fixes = d
                .fixes
                .into_iter()
                .map(|mut f| {
                    f.safe = false;
                    f.title = format!("{} (for {products})", f.title);
                    f
                })
                .collect();
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::targets::targets;
    use crate::syntax::Document;

    fn ids(list: &[&str]) -> Vec<&'static Target> {
        list.iter().map(|id| targets::find(id).unwrap()).collect()
    }

    fn read_as(in_play: &[&str], declared: bool, path: &str) -> Vec<(String, Vec<String>)> {
        let dialect = crate::schema::classify(std::path::Path::new(path), &|_| false).unwrap();
        readers_among(&ids(in_play), declared, path, dialect)
            .into_iter()
            .map(|r| (r.dialect.id().to_string(), r.products))
            .collect()
    }

    #[test]
    fn declared_targets_read_files_of_the_same_kind() {
        let all = ["claude-code", "gemini-cli", "copilot-vscode", "qwen-code"];
        assert_eq!(
            read_as(&all, true, "/r/.claude/agents/a.md"),
            [
                ("gemini-agent".into(), vec!["Gemini CLI".into()]),
                ("qwen-agent".into(), vec!["Qwen Code".into()]),
            ]
        );
        // VS Code reads `.claude/agents` as Claude agents: nothing to compare. Gemini CLI and
        // Qwen Code have no skills.
        assert!(read_as(&all, true, "/r/.claude/skills/s/SKILL.md").is_empty());
        assert_eq!(
            read_as(
                &["claude-code", "copilot-cli"],
                true,
                "/r/.github/agents/a.md"
            ),
            [("claude-agent".into(), vec!["Claude Code".into()])]
        );
    }

    #[test]
    fn inferred_targets_only_by_their_folders() {
        let all: Vec<&str> = targets().iter().map(|t| t.id.as_str()).collect();
        // The Copilot CLI and Auggie read the project's `.claude/agents` with their own parsers
        // (recorded).
        assert_eq!(
            read_as(&all, false, "/r/.claude/agents/a.md"),
            [
                ("copilot-agent".into(), vec!["GitHub Copilot CLI".into()]),
                ("augment-agent".into(), vec!["Auggie CLI".into()]),
            ]
        );
        assert!(read_as(&all, false, "/r/.gemini/agents/a.md").is_empty());
        // A tool reading another's folder as its own dialect (data of a test).
        let data = r#"
            [[target]]
            id = "t"
            product = "T"
            source = "https://t"
            [[target.read]]
            pattern = ".claude/agents/*.md"
            scope = "project"
            dialect = "gemini-agent"
            kind = "agent"
        "#;
        let t = targets::parse(data).unwrap();
        let got = readers_among(
            &[&t[0]],
            false,
            "/r/.claude/agents/a.md",
            Dialect::ClaudeAgent,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].dialect, Dialect::GeminiAgent);
        let deeper = "/r/.claude/agents/x/a.md";
        assert!(readers_among(&[&t[0]], false, deeper, Dialect::ClaudeAgent).is_empty());
    }

    /// `code severity message` of each diagnostic of `text` in `.claude/agents/a.md`, also read
    /// by Gemini CLI.
    fn with_gemini(text: &str) -> Vec<String> {
        let path = std::path::Path::new("/p/.claude/agents/a.md");
        let file = FileContext {
            readers: vec![Reader {
                dialect: Dialect::GeminiAgent,
                products: vec!["Gemini CLI".into()],
            }],
            ..FileContext::from_path(path, Dialect::ClaudeAgent)
        };
        let doc = Document::new(text);
        super::super::diagnostics(&doc, &file, Env::empty())
            .iter()
            .map(|d| format!("{} {} {}", d.code, d.severity.as_str(), d.message))
            .collect()
    }

    #[test]
    fn what_the_other_tool_says_once_and_only_when_louder() {
        let body = "You review code carefully.\n";
        // Both refuse an unterminated block: said once, by Claude Code.
        let open = with_gemini("---\nname: a\ndescription: d\n");
        assert!(
            open.iter().all(|d| !d.starts_with("portability")),
            "{open:?}"
        );
        // A duplicate key: Claude Code loads it (a warning), Gemini CLI does not.
        let dup = with_gemini(&format!(
            "---\nname: a\ndescription: d\nname: a\n---\n{body}"
        ));
        assert!(
            dup.iter().any(|d| d.starts_with("duplicate-key warning")),
            "{dup:?}"
        );
        assert!(
            dup.iter().any(|d| d
                .starts_with("portability warning Loads in Claude Code, rejected by Gemini CLI")),
            "{dup:?}"
        );
        // Claude Code refuses it too: "too".
        let both = with_gemini(&format!("---\nname: a\ncolor: blue\n---\n{body}"));
        assert!(
            both.iter()
                .any(|d| d.starts_with("portability warning Rejected by Gemini CLI too: `color`")),
            "{both:?}"
        );
    }

    #[test]
    fn settings_choose_the_targets() {
        let mut s = Settings::from_toml("targets = [\"gemini-cli\", \"gemni-cli\"]").unwrap();
        s.inferred_targets = vec!["qwen-code".into()];
        let (t, declared) = s.targets_in_play();
        assert!(declared);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].id, "gemini-cli");
        assert_eq!(
            s.target_problems(),
            ["unknown target `gemni-cli`: did you mean `gemini-cli`?"]
        );
        s.targets.clear();
        let (t, declared) = s.targets_in_play();
        assert!(!declared);
        assert_eq!(t[0].id, "qwen-code");
    }
}
