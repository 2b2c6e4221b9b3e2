//! The schema is data: what each dialect's frontmatter may contain, read from the TOML files in
//! `server/schema/` (one per [`Dialect`], named after [`Dialect::id`]).
//!
//! The files are embedded at compile time and parsed once, on first use. Updating the facts
//! (a new field, a renamed tool, a new model alias) means editing a TOML file and running the
//! tests; no code changes. See `docs/SCHEMA.md`.
//!
//! Besides the keys every file has, a file may borrow from another one:
//! `fields_from = "<id>"` starts from that dialect's fields (a `[[field]]` of the same name
//! replaces the borrowed one), `tools_from` / `models_from` take its tools / models when the file
//! has none of its own. Borrowing is one level deep: the file borrowed from must not borrow the
//! same thing itself.

use serde::Deserialize;

use super::dialect::Dialect;
use super::role::Role;

mod fuzzy;
mod load;
mod nearest;
mod shapes;
mod strict;

pub use fuzzy::{closest_name, did_you_mean, one_edit_apart, suggest_current_tool};
pub use load::schema;
pub use nearest::{NameTable, closest_of};
pub use shapes::word_name;

// ---------------------------------------------------------------------------------------------
// Public model
// ---------------------------------------------------------------------------------------------

/// Everything known about one dialect's frontmatter.
#[derive(Debug, Clone, PartialEq)]
pub struct DialectSchema {
    pub dialect: Dialect,
    /// Product that reads the files, e.g. "Claude Code".
    pub product: String,
    /// Main documentation page.
    pub source: String,
    /// Date of the facts (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub updated: String,
    /// Keys whose values name tools (`tools`, `disallowedTools`, `allowed-tools`, `permission`, ...).
    pub tools_fields: Vec<String>,
    /// Preferred way to write a tool list.
    pub tools_form: ToolsForm,
    /// Which rule the `name` field follows.
    pub name_rule: NameRule,
    pub fields: Vec<FieldSpec>,
    pub tools: Vec<ToolSpec>,
    pub models: Vec<ModelSpec>,
    /// Agents the product ships with: they resolve without a file (`[[agent]]`; skills, commands
    /// and chat modes take them from the file named by `models_from`).
    pub builtin_agents: Vec<ModelSpec>,
    /// Tool names match regardless of case (GitHub Copilot).
    pub tool_names_case_insensitive: bool,
    /// Tool names starting with one of these come from outside (Claude's `mcp__`) and cannot be
    /// checked against [`DialectSchema::tools`].
    pub external_tool_prefixes: Vec<String>,
    /// Namespaced tool names (`server/tool`) use this separator; a namespace that no built-in tool
    /// uses belongs to an MCP server or an extension (Copilot's `/`).
    pub external_tool_separator: Option<String>,
    /// What the product does with a tool name it does not know.
    pub unknown_tools: UnknownTools,
    /// What the product does with a frontmatter key it does not know.
    pub unknown_keys: UnknownKeys,
    /// Booleans may also be written `yes`/`no`/`on`/`off`/`1`/`0`, in any case.
    pub lenient_booleans: bool,
    /// Where a tool-list string is cut into tool names.
    pub tools_split: ToolsSplit,
    /// Booleans may be quoted (`"true"`) and whole numbers may be strings that start with
    /// digits (`"5"`, read the way JavaScript's `parseInt` reads them): Claude Code.
    pub quoted_scalars: bool,
    /// What the product does with a value of the wrong type or out of range.
    pub invalid_values: InvalidValues,
    /// Tool names starting with one of these are accepted as they are (Gemini CLI's
    /// `discovered_tool_`).
    pub accepted_tool_prefixes: Vec<String>,
    /// The key that picks a variant (`kind` in Gemini CLI), when fields belong to variants.
    pub variant_key: Option<String>,
    /// The variant a frontmatter written as a YAML list holds (Gemini CLI: remote agents).
    pub list_variant: Option<String>,
    /// How the product finds the frontmatter block.
    pub block: BlockRule,
    /// The built-in agents keep their names: a file using one is ignored (Gemini CLI).
    pub builtin_names_reserved: bool,
    /// Names the product refuses, in any case (Qwen Code's `main`, `system`, ...).
    pub reserved_names: Vec<String>,
    /// [`DialectSchema::reserved_names`] match only as written, not in any case (the Copilot
    /// CLI's `general-purpose`).
    pub reserved_names_exact: bool,
    /// The body (the agent's prompt) must hold at least this many characters once trimmed, or
    /// the file is not loaded (Qwen Code: 10). 0: no minimum.
    pub min_body_chars: usize,
    /// Frontmatter the YAML parser refuses is read again line by line, and the file still loads
    /// (Qwen Code): a YAML error is a warning, not a refusal.
    pub yaml_fallback: bool,
    /// Frontmatter the loader cannot read (not at the top, never closed, not YAML, not a
    /// mapping) is not a refusal: the file loads without settings and the whole text, `---`
    /// lines included, becomes the prompt (OpenCode). Such problems are warnings.
    pub unreadable_into_prompt: bool,
    /// Frontmatter the YAML parser refuses is read again with every top-level value holding `:`
    /// taken as text (OpenCode, `loader::colon_retry`).
    pub colon_values_retry: bool,
    /// A file whose frontmatter is missing or unreadable (no block, YAML the parser refuses, a
    /// list) still loads, under its file name and without its settings (Auggie CLI): such
    /// problems are warnings, not refusals.
    pub loads_without_frontmatter: bool,
    /// A tool named this prefix and an agent's name calls that agent (Auggie CLI's
    /// `sub-agent-<name>`): such tool entries are references to agents.
    pub agent_tool_prefix: Option<String>,
    /// A key set twice refuses the file even where `yaml_fallback` reads broken YAML again (Qoder
    /// CLI's fallback repairs the text and parses it with the same strict parser, which rejects
    /// duplicate keys again).
    pub duplicate_keys_rejected: bool,
}

/// What a product does with a value of the wrong type or out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidValues {
    /// Warned about: the product ignores or converts the value.
    #[default]
    Warned,
    /// The file is not loaded (a strict schema: Gemini CLI).
    Rejected,
}

/// How a product finds the frontmatter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockRule {
    /// The line scanner's rule (`syntax::frontmatter`).
    #[default]
    Lines,
    /// Exactly `---` and a line break at byte 0 (no BOM), closed by the first line that starts
    /// with `---`; text after that `---` on its line drops the body (Gemini CLI's pattern).
    ExactFences,
    /// After a BOM is dropped and `\r\n`/`\r` become `\n`: `---` alone on the first line,
    /// closed by the first line that is exactly `---` with a line break after it (Qwen Code).
    NormalizedFences,
    /// `---`, whitespace holding a `\n`, closed by the first `\n---` followed by whitespace
    /// holding a `\n` (no BOM; `\r` alone is no line break): Auggie CLI's pattern.
    LfFences,
}

/// How the product cuts a tool-list string into names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolsSplit {
    /// At commas outside parentheses.
    #[default]
    Commas,
    /// At commas and at spaces outside parentheses (Claude Code: `Read Grep Bash(git *)` is three
    /// tools).
    CommasAndSpaces,
}

/// How a tool list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolsForm {
    /// One string, entries separated by commas: `Read, Grep, Glob`.
    CommaString,
    /// A YAML list.
    List,
    /// A map keyed by tool name (OpenCode).
    Map,
}

/// The rule a dialect's `name` field follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameRule {
    /// Lowercase letters, digits and hyphens; no leading `-`; no `:` (Claude Code agents).
    Claude,
    /// 1-64 of `[a-z0-9-]`, no hyphen at either end, no `--`, equal to the folder (Agent Skills).
    Skill,
    /// One or more of `[a-z0-9_-]` (Gemini CLI).
    Slug,
    /// 2 to 50 letters (any script), digits, `-` and `_`, not starting or ending with `-` or `_`
    /// (Qwen Code).
    Identifier,
    /// ASCII letters, digits, `-` and `_`; the product turns any other character into `-`
    /// (Auggie CLI).
    Word,
    /// Free text.
    Any,
}

/// One frontmatter key.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    pub name: String,
    pub kind: FieldKind,
    /// Allowed values of an enum; for [`FieldKind::Hooks`] the event names.
    pub values: Vec<EnumValue>,
    /// Values outside `values` are accepted when they match `prefixes` or `format`.
    pub open: bool,
    /// Free values of an open enum must start with one of these (e.g. `claude-`).
    pub prefixes: Vec<String>,
    /// Shape free values must have.
    pub format: Option<ValueFormat>,
    pub required: Requirement,
    pub since: Option<String>,
    /// Release of the product whose own program showed the fact (`2.1.332`), see [`seen_in`].
    pub seen_in: Option<String>,
    /// Why the key should not be used any more, and what to use instead.
    pub deprecated: Option<String>,
    /// The current name of a renamed key.
    pub renamed_to: Option<String>,
    /// The key is read but has no effect in this dialect; why.
    pub ignored: Option<String>,
    /// Claude Code ignores the key in agents that come from a plugin.
    pub plugin_ignored: bool,
    /// Copilot: the `target` values where the key has an effect (empty: everywhere).
    pub targets: Vec<String>,
    /// Support for the key is reported by secondary sources only.
    pub unconfirmed: bool,
    /// Values match whatever their case and surrounding spaces (Claude Code's `effort`, `model`).
    pub case_insensitive: bool,
    /// Any whole number is accepted besides `values` (Claude Code's `effort`).
    pub integers: bool,
    /// What the product does with a value it does not accept, for messages ("Claude Code ignores
    /// it: the agent gets no colour").
    pub on_invalid: Option<String>,
    /// What the product does with a wrong value of this key, when it differs from the
    /// dialect's `invalid_values` (Qwen Code refuses a bad `approvalMode`, warns about `color`).
    pub invalid: Option<InvalidValues>,
    /// What the product does with a value of the right type that does not match `format`, when
    /// it differs from `invalid` (OpenCode loads any string as `model`, and fails only when the
    /// agent runs).
    pub invalid_format: Option<InvalidValues>,
    /// For a map the product checks entry by entry: what each value must be (OpenCode's
    /// `tools`: `boolean`; `permission`: `enum-or-map`, an action from `values` or a map of
    /// patterns to actions, the map only for tools that take a specifier).
    pub entry_type: Option<FieldKind>,
    /// Keys of each list item / map value (Copilot `handoffs`, `mcp-servers`).
    pub items: Vec<FieldSpec>,
    /// The variant the key belongs to (see [`DialectSchema::variant_key`]); `None`: all.
    pub variant: Option<String>,
    /// Numbers must be greater than this.
    pub greater_than: Option<f64>,
    /// Text may hold at most this many characters, counted as JavaScript counts them (UTF-16
    /// code units: an emoji is two).
    pub max_chars: Option<usize>,
    /// YAML `null` (`key:` with no value) is taken as "not set", even where the dialect refuses
    /// values of the wrong type (Kilo Code's `description`).
    pub nullable: bool,
    /// Fields of the same group: exactly one of them is set (Gemini CLI's agent card).
    pub one_of: Option<String>,
    /// A map whose own keys are `items` (an object), rather than a map whose values have them.
    pub object: bool,
    /// `[key, value]`: the item is required when its sibling `key` is `value`.
    pub required_when: Vec<String>,
    /// The variants in which `required` applies (empty: all).
    pub required_in: Vec<String>,
    /// What the key refers to (agents, skills, tools, the model...), see [`Role`].
    pub role: Option<Role>,
    /// Markdown, our own words.
    pub doc: String,
    pub source: String,
}

/// The YAML shape a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    String,
    Boolean,
    Integer,
    Number,
    /// A string from `values` (or free, see [`FieldSpec::open`]).
    Enum,
    /// A string or a list of strings.
    StringOrList,
    /// Tool names, in the dialect's [`ToolsForm`] (other forms may still load).
    ToolList,
    List,
    Map,
    /// Claude Code hooks: event name (from `values`) → matcher groups.
    Hooks,
    /// One of `values`, or a map (OpenCode `permission`).
    EnumOrMap,
    Any,
}

/// How bad a missing key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    #[default]
    No,
    /// The product does not load the file without the key.
    Error,
    Warning,
    Hint,
}

/// A documented value of an enum field.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub value: String,
    pub doc: String,
    pub since: Option<String>,
    pub seen_in: Option<String>,
    pub deprecated: Option<String>,
}

/// Shapes of free values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueFormat {
    /// `#RRGGBB`.
    HexColor,
    /// `provider/model-id`, both parts non-empty, no spaces.
    ProviderModel,
    /// An absolute URL (`scheme:` then the rest).
    Url,
    /// JSON text.
    Json,
}

/// A tool name that may appear in a tool list.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub status: ToolStatus,
    /// For renamed, removed or deprecated tools: the tool to use instead (the first of
    /// `replacements`).
    pub replacement: Option<String>,
    /// Every tool that takes over from this one (`TodoWrite` is four), `replacement` first.
    pub replacements: Vec<String>,
    pub since: Option<String>,
    pub seen_in: Option<String>,
    /// Old names that still resolve to this tool; using one deserves a "renamed" note.
    pub aliases: Vec<String>,
    /// Other names that resolve to this tool and are fine to use (Copilot accepts Claude names).
    pub compatible: Vec<String>,
    pub specifier: Specifier,
    /// Support for the name is not confirmed by a primary source.
    pub unconfirmed: bool,
    pub doc: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolStatus {
    Current,
    Renamed,
    Removed,
    Deprecated,
}

/// What `Tool(specifier)` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Specifier {
    /// The bare name only.
    #[default]
    None,
    /// A command pattern: `Bash(npm run *)`.
    Command,
    /// A gitignore-style path: `Read(~/secrets/**)`.
    Path,
    /// `domain:example.com`.
    Domain,
    /// Subagent names: `Agent(Explore, reviewer)`.
    AgentTypes,
    /// A skill-name prefix: `Skill(deploy *)`.
    Skill,
    Any,
}

/// A model name or alias.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub name: String,
    pub doc: String,
    #[serde(default)]
    pub seen_in: Option<String>,
}

/// What a product does with a tool name it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownTools {
    /// Not documented.
    #[default]
    Unspecified,
    /// Silently not granted (Claude Code). If nothing resolves, the agent may not start.
    Dropped,
    /// Silently skipped (Copilot).
    Ignored,
    /// Any name is valid (OpenCode: MCP tools, wildcards).
    Accepted,
    /// The file is not loaded (Gemini CLI).
    Rejected,
}

/// What a product does with a frontmatter key it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownKeys {
    /// Not documented.
    #[default]
    Unspecified,
    /// Silently ignored.
    Ignored,
    /// Moved into `options` and passed to the model provider (OpenCode).
    Options,
    /// The file is not loaded (Gemini CLI).
    Rejected,
}

/// How a name resolved in [`DialectSchema::resolve_tool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolMatchKind {
    /// The tool's own name.
    Name,
    /// An old name (see [`ToolSpec::aliases`]).
    Alias,
    /// An accepted other name (see [`ToolSpec::compatible`]).
    Compatible,
}

/// A resolved tool name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToolMatch<'a> {
    pub tool: &'a ToolSpec,
    pub via: ToolMatchKind,
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

impl DialectSchema {
    /// The names of the tools the product has today (neither renamed nor removed).
    pub fn current_tool_names(&self) -> impl Iterator<Item = &str> {
        self.tools
            .iter()
            .filter(|t| t.status == ToolStatus::Current)
            .map(|t| t.name.as_str())
    }

    /// The field with exactly this key.
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == key)
    }

    /// Whether `key` holds tool names.
    pub fn is_tools_field(&self, key: &str) -> bool {
        self.tools_fields.iter().any(|k| k == key)
    }

    /// The tool called `name`: by name first, then by old name, then by compatible name.
    /// Case-insensitive where the product is ([`DialectSchema::tool_names_case_insensitive`]).
    pub fn tool(&self, name: &str) -> Option<&ToolSpec> {
        self.resolve_tool(name).map(|m| m.tool)
    }

    /// Like [`DialectSchema::tool`], and also tells which kind of name matched.
    pub fn resolve_tool(&self, name: &str) -> Option<ToolMatch<'_>> {
        let same = |a: &str| self.same_tool_name(a, name);
        if let Some(tool) = self.tools.iter().find(|t| same(&t.name)) {
            return Some(ToolMatch {
                tool,
                via: ToolMatchKind::Name,
            });
        }
        if let Some(tool) = self
            .tools
            .iter()
            .find(|t| t.aliases.iter().any(|a| same(a)))
        {
            return Some(ToolMatch {
                tool,
                via: ToolMatchKind::Alias,
            });
        }
        self.tools
            .iter()
            .find(|t| t.compatible.iter().any(|a| same(a)))
            .map(|tool| ToolMatch {
                tool,
                via: ToolMatchKind::Compatible,
            })
    }

    /// Whether the tool name belongs to an MCP server or an extension, so the schema cannot know
    /// it: `mcp__github__create_issue` (Claude), `github/search_issues` or
    /// `ms-python.python/installPythonPackage` (Copilot; but not `edit/unknown`, whose namespace is
    /// a built-in tool set).
    pub fn is_external_tool(&self, name: &str) -> bool {
        if self
            .external_tool_prefixes
            .iter()
            .any(|p| name.starts_with(p.as_str()))
        {
            return true;
        }
        let Some(sep) = self.external_tool_separator.as_deref() else {
            return false;
        };
        let Some((namespace, _)) = name.split_once(sep) else {
            return false;
        };
        let wildcard = format!("{sep}*");
        let built_in = self.tools.iter().any(|t| {
            !t.name.ends_with(&wildcard)
                && t.name
                    .split_once(sep)
                    .is_some_and(|(ns, _)| self.same_tool_name(ns, namespace))
        });
        !built_in
    }

    /// Whether `field` accepts `value`; see [`FieldSpec::accepts`].
    pub fn enum_accepts(&self, field: &FieldSpec, value: &str) -> bool {
        field.accepts(value)
    }

    /// All names a tool list may use: tool names, old names and compatible names (for completion
    /// and [`did_you_mean`]).
    pub fn tool_names(&self) -> impl Iterator<Item = &str> {
        self.tools.iter().flat_map(|t| {
            std::iter::once(t.name.as_str())
                .chain(t.aliases.iter().map(String::as_str))
                .chain(t.compatible.iter().map(String::as_str))
        })
    }

    fn same_tool_name(&self, a: &str, b: &str) -> bool {
        if self.tool_names_case_insensitive {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    }
}

impl FieldKind {
    /// A short name of the shape, for documentation ("string or list").
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::String => "string",
            FieldKind::Boolean => "boolean",
            FieldKind::Integer => "integer",
            FieldKind::Number => "number",
            FieldKind::Enum => "enum",
            FieldKind::StringOrList => "string or list",
            FieldKind::ToolList => "tool list",
            FieldKind::List => "list",
            FieldKind::Map => "map",
            FieldKind::Hooks => "hooks",
            FieldKind::EnumOrMap => "value or map",
            FieldKind::Any => "any",
        }
    }
}

impl FieldSpec {
    /// The documented value `value`, if any.
    pub fn value(&self, value: &str) -> Option<&EnumValue> {
        if self.case_insensitive {
            let value = value.trim();
            return self
                .values
                .iter()
                .find(|v| v.value.eq_ignore_ascii_case(value));
        }
        self.values.iter().find(|v| v.value == value)
    }

    /// The documented key `key` of each item (see [`FieldSpec::items`]).
    pub fn item(&self, key: &str) -> Option<&FieldSpec> {
        self.items.iter().find(|f| f.name == key)
    }

    /// Whether `value` is allowed: one of `values` (exact, deprecated ones included), or, for an
    /// open field or one without values, a free value matching `prefixes` or `format` (any free
    /// value when neither is given).
    pub fn accepts(&self, value: &str) -> bool {
        if self.value(value).is_some() {
            return true;
        }
        if self.integers && value.trim().parse::<i64>().is_ok() {
            return true;
        }
        if !(self.open || self.values.is_empty()) {
            return false;
        }
        if self.prefixes.is_empty() && self.format.is_none() {
            return true;
        }
        self.prefixes
            .iter()
            .any(|p| value.len() > p.len() && value.starts_with(p.as_str()))
            || self.format.is_some_and(|f| f.matches(value))
    }
}

/// Split a tool-list entry into name and specifier: `Bash(git *)` → (`Bash`, `Some("git *")`).
/// Surrounding whitespace is trimmed; an entry without a closing `)` has no specifier.
pub fn split_specifier(entry: &str) -> (&str, Option<&str>) {
    let entry = entry.trim();
    match (entry.find('('), entry.strip_suffix(')')) {
        (Some(open), Some(inner)) => (entry[..open].trim_end(), Some(&inner[open + 1..])),
        _ => (entry, None),
    }
}

#[cfg(test)]
mod tests;
