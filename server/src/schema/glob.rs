//! Path globs, for the settings (`dialects`) and the folders each target reads: `**` (any
//! folders), `*` and `?` (within one path segment), `[...]` and `{a,b}`, compiled once by
//! `globset`. A glob without a leading `/` or `**` matches at any depth.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use globset::{GlobBuilder, GlobMatcher};

/// A compiled glob. An invalid pattern matches nothing (the settings report it when read).
#[derive(Clone, Debug)]
pub struct Glob {
    pattern: String,
    matcher: Option<GlobMatcher>,
    /// Text every matching path contains (the longest literal run of the pattern): most paths
    /// are told apart by it without running the matcher.
    required: Option<String>,
}

impl PartialEq for Glob {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern
    }
}

impl Eq for Glob {}

impl Glob {
    /// Compile `pattern`; `Err` says what is wrong with it.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let anchored = pattern.starts_with('/') || pattern.starts_with("**");
        let full = if anchored {
            pattern.trim_start_matches('/').to_string()
        } else {
            format!("**/{pattern}")
        };
        let matcher = GlobBuilder::new(&full)
            .literal_separator(true)
            .build()
            .map_err(|e| e.kind().to_string())?
            .compile_matcher();
        Ok(Glob {
            pattern: pattern.to_string(),
            matcher: Some(matcher),
            required: required_text(pattern),
        })
    }

    /// [`Glob::new`], or a glob that matches nothing.
    pub fn or_nothing(pattern: &str) -> Glob {
        Glob::new(pattern).unwrap_or_else(|_| Glob {
            pattern: pattern.to_string(),
            matcher: None,
            required: None,
        })
    }

    /// Whether the glob covers `path` (`/` or `\`-separated, absolute or relative).
    pub fn matches(&self, path: &str) -> bool {
        let Some(m) = &self.matcher else {
            return false;
        };
        let path = if path.contains('\\') {
            Cow::Owned(path.replace('\\', "/"))
        } else {
            Cow::Borrowed(path)
        };
        if let Some(text) = &self.required
            && memchr::memmem::find(path.as_bytes(), text.as_bytes()).is_none()
        {
            return false;
        }
        m.is_match(path.trim_start_matches('/'))
    }
}

/// The longest run of `pattern` without wildcards, less the `/` at its ends (`**/` may match
/// nothing, and a path may start below the pattern's first folder); `None` for a pattern with
/// classes, alternatives or escapes, whose literal text is not plain.
fn required_text(pattern: &str) -> Option<String> {
    if pattern.contains(['[', ']', '{', '}', '\\']) {
        return None;
    }
    pattern
        .split(['*', '?'])
        .map(|run| run.trim_matches('/'))
        .max_by_key(|run| run.len())
        .filter(|run| !run.is_empty())
        .map(str::to_string)
}

/// Whether `glob` covers `path`: [`Glob::matches`], compiled once per thread and pattern (the
/// settings' globs, asked for every file of a walk).
pub fn glob_matches(glob: &str, path: &str) -> bool {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Glob>> = RefCell::default();
    }
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(g) = c.get(glob) {
            return g.matches(path);
        }
        // Bounded: settings change while the server runs.
        if c.len() >= 256 {
            c.clear();
        }
        let g = Glob::or_nothing(glob);
        let hit = g.matches(path);
        c.insert(glob.to_string(), g);
        hit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_depth() {
        assert!(glob_matches("*.agent.md", "/a/b/x.agent.md"));
        assert!(glob_matches("**/agents/**/*.md", "/a/agents/x/y.md"));
        assert!(glob_matches("**/agents/**/*.md", "/a/agents/y.md"));
        assert!(glob_matches("docs/*.md", "/r/docs/a.md"));
        assert!(!glob_matches("docs/*.md", "/r/docs/x/a.md"));
        assert!(glob_matches("/r/docs/?.md", "/r/docs/a.md"));
        assert!(!glob_matches("/r/docs/?.md", "/x/r/docs/a.md"));
        assert!(!glob_matches("/r/docs/?.md", "/r/docs/ab.md"));
        assert!(glob_matches(
            ".claude/agents/*.md",
            "/home/u/p/.claude/agents/a.md"
        ));
        assert!(glob_matches(".claude/agents/*.md", ".claude/agents/a.md"));
        assert!(!glob_matches(
            ".claude/agents/*.md",
            "/p/.claude/agents/x/a.md"
        ));
        assert!(glob_matches("prompts/*.md", "C:\\r\\prompts\\a.md"));
        assert!(glob_matches("**/{a,b}/*.md", "/r/b/x.md"));
        assert!(glob_matches("[ab].md", "/r/b.md"));
        assert!(glob_matches("**/agents/**/*.md", "agents/y.md"));
        assert!(glob_matches("/r/docs/*.md", "r/docs/a.md"));
    }

    #[test]
    fn the_literal_every_match_contains() {
        assert_eq!(
            required_text(".claude/agents/*.md").as_deref(),
            Some(".claude/agents")
        );
        assert_eq!(
            required_text("**/agents/**/*.md").as_deref(),
            Some("agents")
        );
        assert_eq!(required_text("/r/docs/?.md").as_deref(), Some("r/docs"));
        assert_eq!(required_text("**"), None);
        assert_eq!(required_text("[ab].md"), None);
    }

    #[test]
    fn an_invalid_glob_matches_nothing() {
        assert!(Glob::new("a/[b.md").is_err());
        assert!(!glob_matches("a/[b.md", "a/[b.md"));
    }
}
