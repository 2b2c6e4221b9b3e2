//! Every diagnostic code agentls emits, with its default severity and a one-line summary. The
//! codes are stable: configuration, SARIF rules and documentation refer to them.

use super::Severity;

pub struct CodeInfo {
    pub code: &'static str,
    /// The usual severity; some codes are reported at another severity where the dialect makes
    /// the problem more or less serious (the message then says why).
    pub severity: Severity,
    pub summary: &'static str,
}

macro_rules! codes {
    ($($name:ident = $code:literal, $sev:ident, $summary:literal;)*) => {
        $(pub const $name: &str = $code;)*
        pub const ALL: &[CodeInfo] = &[
            $(CodeInfo { code: $code, severity: Severity::$sev, summary: $summary },)*
        ];
    };
}

codes! {
    YAML_SYNTAX = "yaml-syntax", Error, "The frontmatter is not valid YAML, so the tool cannot read it.";
    YAML_RETRY = "yaml-retry", Warning, "The frontmatter is not valid YAML; Claude Code loads it only through its lenient retry, other tools reject it.";
    FRONTMATTER_CUT = "frontmatter-cut", Warning, "A `---` inside a line ends the frontmatter early for Claude Code; the rest is read as the body.";
    VALUE_CUT = "value-cut", Warning, "YAML reads a value shorter than written (a ` #` comment, a leading anchor or tag).";
    UNREACHABLE = "unreachable", Error, "A skill or command hidden from both the user and the model, so nothing can run it.";
    UNLOADABLE_HOOKS = "unloadable-hooks", Error, "`hooks` of a shape Claude Code refuses, so it does not load the agent.";
    MISSING_FRONTMATTER = "missing-frontmatter", Error, "An agent file has no frontmatter block.";
    FRONTMATTER_UNTERMINATED = "frontmatter-unterminated", Error, "The frontmatter block has no closing `---` line.";
    SHORT_BODY = "short-body", Error, "The body (the agent's prompt) is shorter than the product requires, so it does not load the agent.";
    FRONTMATTER_NOT_AT_START = "frontmatter-not-at-start", Error, "A frontmatter block that does not start on the first line is ignored.";
    FRONTMATTER_NOT_MAPPING = "frontmatter-not-mapping", Error, "The frontmatter must be a mapping of keys to values.";
    DUPLICATE_KEY = "duplicate-key", Error, "A key appears twice; strict YAML loaders reject the file.";
    MISSING_NAME = "missing-name", Error, "The dialect requires a `name`, and it is missing or empty.";
    MISSING_DESCRIPTION = "missing-description", Error, "The dialect requires a `description`, and it is missing or empty.";
    INVALID_NAME = "invalid-name", Warning, "The `name` breaks the dialect's naming rules.";
    INVALID_TYPE = "invalid-type", Warning, "A value has the wrong YAML type for its key.";
    NOT_UTF8 = "not-utf8", Warning, "The file is not valid UTF-8 text; the tools read invalid bytes as replacement characters.";
    FILE_TOO_LARGE = "file-too-large", Warning, "The file is too large to analyse completely; part of it was skipped.";
    NUL_BYTE = "nul-byte", Warning, "The file contains a NUL byte, as binary files do.";
    UNKNOWN_KEY = "unknown-key", Hint, "A key the dialect does not define (custom keys are common: configure them to validate them).";
    DEPRECATED_KEY = "deprecated-key", Warning, "A key that was renamed or deprecated.";
    IGNORED_KEY = "ignored-key", Warning, "A key the tool reads but ignores in this kind of file.";
    INVALID_VALUE = "invalid-value", Warning, "A value outside the allowed set or shape.";
    EMPTY_VALUE = "empty-value", Warning, "A key with no value.";
    MISSING_KEY = "missing-key", Warning, "A key the dialect requires is missing.";
    UNKNOWN_TOOL = "unknown-tool", Warning, "A tool name the tool does not know; it is not granted.";
    RENAMED_TOOL = "renamed-tool", Information, "A tool name that was renamed; the old name still works.";
    REMOVED_TOOL = "removed-tool", Warning, "A tool that no longer exists; it is not granted.";
    DEPRECATED_TOOL = "deprecated-tool", Information, "A tool that still works but is deprecated.";
    INVALID_TOOL_RULE = "invalid-tool-rule", Warning, "A `Tool(specifier)` rule that the tool cannot use.";
    UNKNOWN_MCP_SERVER = "unknown-mcp-server", Hint, "An MCP tool of a server the workspace does not configure.";
    NO_TOOLS = "no-tools", Error, "A tool list that names tools but grants none, so Claude Code refuses to start the agent (an empty list: a warning, it starts with no tools).";
    DUPLICATE_TOOL = "duplicate-tool", Warning, "A tool written twice in one list; the second entry adds nothing.";
    TOOL_CONFLICT = "tool-conflict", Warning, "A tool both allowed and disallowed.";
    TOOLS_FORM = "tools-form", Information, "A tool list written in a form the dialect does not document.";
    NAME_MISMATCH = "name-mismatch", Hint, "The `name` differs from the file or folder name.";
    PORTABILITY = "portability", Warning, "Another tool in play reads the file too, and rejects or reads differently what this one accepts.";
    UNRESOLVED_AGENT = "unresolved-agent", Warning, "A reference to an agent that no file and no built-in defines.";
    UNRESOLVED_SKILL = "unresolved-skill", Warning, "A `skills:` entry naming a skill the workspace does not define.";
    DUPLICATE_AGENT_NAME = "duplicate-agent-name", Warning, "Two agents in one scope share a name; the tool loads only one of them.";
    BROKEN_LINK = "broken-link", Warning, "A relative Markdown link to a file that does not exist.";
}

pub fn info(code: &str) -> Option<&'static CodeInfo> {
    ALL.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
            assert!(
                c.code
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit())
            );
            assert!(c.summary.ends_with('.'));
        }
    }
}
