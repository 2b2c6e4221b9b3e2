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

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;

use super::dialect::Dialect;

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
    /// Keys of each list item / map value (Copilot `handoffs`, `mcp-servers`).
    pub items: Vec<FieldSpec>,
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

impl ValueFormat {
    pub fn matches(self, value: &str) -> bool {
        match self {
            ValueFormat::HexColor => value
                .strip_prefix('#')
                .is_some_and(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())),
            ValueFormat::ProviderModel => {
                !value.chars().any(char::is_whitespace)
                    && value
                        .split_once('/')
                        .is_some_and(|(provider, model)| !provider.is_empty() && !model.is_empty())
            }
        }
    }
}

impl NameRule {
    /// What is wrong with `name` under this rule, if anything. `folder` is the name of the folder
    /// holding the file (checked by [`NameRule::Skill`]).
    pub fn problem(self, name: &str, folder: Option<&str>) -> Option<String> {
        let simple = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        match self {
            NameRule::Any => None,
            NameRule::Claude => {
                if name.is_empty() {
                    Some("the name is empty".into())
                } else if name.starts_with('-') {
                    Some("the name must not start with `-`".into())
                } else if name.contains(':') {
                    Some("`:` is reserved for plugin scoping (`plugin:agent`)".into())
                } else if !name.chars().all(simple) {
                    Some("use only lowercase letters, digits and hyphens".into())
                } else {
                    None
                }
            }
            NameRule::Skill => {
                let len = name.chars().count();
                if len == 0 || len > 64 {
                    Some("the name must be 1 to 64 characters long".into())
                } else if !name.chars().all(simple) {
                    Some("use only lowercase letters, digits and hyphens".into())
                } else if name.starts_with('-') || name.ends_with('-') {
                    Some("the name must not start or end with `-`".into())
                } else if name.contains("--") {
                    Some("the name must not contain `--`".into())
                } else if folder.is_some_and(|f| f != name) {
                    Some("the name must equal the skill's folder name".into())
                } else {
                    None
                }
            }
        }
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

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/// The schema of `dialect`, parsed from the embedded data on first use.
///
/// # Panics
/// If the embedded data is invalid; the tests in this module rule that out.
pub fn schema(dialect: Dialect) -> &'static DialectSchema {
    static SCHEMAS: OnceLock<Vec<DialectSchema>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        Dialect::ALL
            .into_iter()
            .map(|d| load(d).unwrap_or_else(|e| panic!("schema/{}.toml: {e}", d.id())))
            .collect()
    });
    let index = Dialect::ALL
        .iter()
        .position(|d| *d == dialect)
        .unwrap_or_else(|| unreachable!("Dialect::ALL lists every dialect"));
    &all[index]
}

/// The TOML text of a dialect's data file.
fn source_text(dialect: Dialect) -> &'static str {
    macro_rules! data {
        ($id:literal) => {
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/schema/",
                $id,
                ".toml"
            ))
        };
    }
    match dialect {
        Dialect::ClaudeAgent => data!("claude-agent"),
        Dialect::ClaudeSkill => data!("claude-skill"),
        Dialect::ClaudeCommand => data!("claude-command"),
        Dialect::CopilotAgent => data!("copilot-agent"),
        Dialect::CopilotChatMode => data!("copilot-chatmode"),
        Dialect::OpenCodeAgent => data!("opencode-agent"),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    dialect: RawDialect,
    #[serde(default)]
    field: Vec<RawField>,
    #[serde(default)]
    tool: Vec<RawTool>,
    #[serde(default)]
    model: Vec<ModelSpec>,
    #[serde(default)]
    agent: Vec<ModelSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDialect {
    id: String,
    product: String,
    source: String,
    updated: String,
    tools_field: OneOrMany,
    tools_form: ToolsForm,
    name_rule: NameRule,
    #[serde(default)]
    tool_names_case_insensitive: bool,
    #[serde(default)]
    external_tool_prefixes: Vec<String>,
    #[serde(default)]
    external_tool_separator: Option<String>,
    #[serde(default)]
    unknown_tools: UnknownTools,
    #[serde(default)]
    unknown_keys: UnknownKeys,
    #[serde(default)]
    lenient_booleans: bool,
    #[serde(default)]
    tools_split: ToolsSplit,
    #[serde(default)]
    quoted_scalars: bool,
    #[serde(default)]
    fields_from: Option<String>,
    #[serde(default)]
    tools_from: Option<String>,
    #[serde(default)]
    models_from: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    kind: FieldKind,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    open: bool,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    format: Option<ValueFormat>,
    #[serde(default)]
    required: Requirement,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    seen_in: Option<String>,
    #[serde(default)]
    deprecated: Option<String>,
    #[serde(default)]
    renamed_to: Option<String>,
    #[serde(default)]
    ignored: Option<String>,
    #[serde(default)]
    plugin_ignored: bool,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    unconfirmed: bool,
    #[serde(default)]
    case_insensitive: bool,
    #[serde(default)]
    integers: bool,
    #[serde(default)]
    on_invalid: Option<String>,
    #[serde(default)]
    doc: String,
    #[serde(default)]
    source: String,
    /// Per-value docs.
    #[serde(default)]
    value: Vec<RawValue>,
    /// Keys of each item.
    #[serde(default)]
    item: Vec<RawField>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    value: String,
    #[serde(default)]
    doc: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    seen_in: Option<String>,
    #[serde(default)]
    deprecated: Option<String>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTool {
    name: String,
    status: ToolStatus,
    #[serde(default)]
    replacement: Option<String>,
    /// Several tools taking over from one (instead of `replacement`).
    #[serde(default)]
    replacements: Vec<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    seen_in: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    compatible: Vec<String>,
    #[serde(default)]
    specifier: Specifier,
    #[serde(default)]
    unconfirmed: bool,
    #[serde(default)]
    doc: String,
    #[serde(default)]
    source: String,
}

fn parse(dialect: Dialect) -> Result<RawFile, String> {
    toml::from_str(source_text(dialect)).map_err(|e| e.to_string())
}

/// The file of another dialect named by a `*_from` key.
fn parse_base(id: &str) -> Result<RawFile, String> {
    let dialect = Dialect::from_id(id).ok_or_else(|| format!("unknown dialect `{id}`"))?;
    parse(dialect)
}

fn one_level(id: &str, key: &str, base_borrows: bool) -> Result<(), String> {
    if base_borrows {
        return Err(format!(
            "`{key} = \"{id}\"`, but `{id}` sets `{key}` itself; only one level is allowed"
        ));
    }
    Ok(())
}

fn load(dialect: Dialect) -> Result<DialectSchema, String> {
    let raw = parse(dialect)?;
    let d = raw.dialect;
    if d.id != dialect.id() {
        return Err(format!(
            "id `{}` does not match the file name `{}`",
            d.id,
            dialect.id()
        ));
    }

    let mut fields = match &d.fields_from {
        Some(id) => {
            let base = parse_base(id)?;
            one_level(id, "fields_from", base.dialect.fields_from.is_some())?;
            base.field
        }
        None => Vec::new(),
    };
    for own in raw.field {
        match fields.iter_mut().find(|f| f.name == own.name) {
            Some(slot) => *slot = own,
            None => fields.push(own),
        }
    }
    let tools = match (&d.tools_from, raw.tool.is_empty()) {
        (Some(id), true) => {
            let base = parse_base(id)?;
            one_level(id, "tools_from", base.dialect.tools_from.is_some())?;
            base.tool
        }
        (Some(_), false) => return Err("`tools_from` is set but the file has its own tools".into()),
        (None, _) => raw.tool,
    };
    let builtin_agents = match (&d.models_from, raw.agent.is_empty()) {
        (Some(id), true) => parse_base(id)?.agent,
        _ => raw.agent,
    };
    let models = match (&d.models_from, raw.model.is_empty()) {
        (Some(id), true) => {
            let base = parse_base(id)?;
            one_level(id, "models_from", base.dialect.models_from.is_some())?;
            base.model
        }
        (Some(_), false) => {
            return Err("`models_from` is set but the file has its own models".into());
        }
        (None, _) => raw.model,
    };

    Ok(DialectSchema {
        dialect,
        product: d.product,
        source: d.source,
        updated: d.updated,
        tools_fields: match d.tools_field {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        },
        tools_form: d.tools_form,
        name_rule: d.name_rule,
        fields: fields
            .into_iter()
            .map(convert_field)
            .collect::<Result<_, _>>()?,
        tools: tools
            .into_iter()
            .map(convert_tool)
            .collect::<Result<_, _>>()?,
        models: checked_models(models)?,
        builtin_agents: checked_models(builtin_agents)?,
        tool_names_case_insensitive: d.tool_names_case_insensitive,
        external_tool_prefixes: d.external_tool_prefixes,
        external_tool_separator: non_empty(d.external_tool_separator),
        unknown_tools: d.unknown_tools,
        unknown_keys: d.unknown_keys,
        lenient_booleans: d.lenient_booleans,
        tools_split: d.tools_split,
        quoted_scalars: d.quoted_scalars,
    })
}

/// `[[model]]` and `[[agent]]` entries with their `seen_in` tags checked.
fn checked_models(entries: Vec<ModelSpec>) -> Result<Vec<ModelSpec>, String> {
    entries
        .into_iter()
        .map(|m| {
            let seen_in = seen_in(m.seen_in)?;
            Ok(ModelSpec { seen_in, ..m })
        })
        .collect()
}

/// `""` in the data means "not set".
fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn convert_field(raw: RawField) -> Result<FieldSpec, String> {
    let mut values: Vec<EnumValue> = raw
        .values
        .into_iter()
        .map(|value| EnumValue {
            value,
            doc: String::new(),
            since: None,
            seen_in: None,
            deprecated: None,
        })
        .collect();
    for v in raw.value {
        let slot = values
            .iter_mut()
            .find(|e| e.value == v.value)
            .ok_or_else(|| {
                format!(
                    "field `{}`: [[field.value]] `{}` is not listed in `values`",
                    raw.name, v.value
                )
            })?;
        slot.doc = v.doc;
        slot.since = non_empty(v.since);
        slot.seen_in = seen_in(v.seen_in)?;
        slot.deprecated = non_empty(v.deprecated);
    }
    Ok(FieldSpec {
        name: raw.name,
        kind: raw.kind,
        values,
        open: raw.open,
        prefixes: raw.prefixes,
        format: raw.format,
        required: raw.required,
        since: non_empty(raw.since),
        seen_in: seen_in(raw.seen_in)?,
        deprecated: non_empty(raw.deprecated),
        renamed_to: non_empty(raw.renamed_to),
        ignored: non_empty(raw.ignored),
        plugin_ignored: raw.plugin_ignored,
        targets: raw.targets,
        unconfirmed: raw.unconfirmed,
        case_insensitive: raw.case_insensitive,
        integers: raw.integers,
        on_invalid: non_empty(raw.on_invalid),
        items: raw
            .item
            .into_iter()
            .map(convert_field)
            .collect::<Result<_, _>>()?,
        doc: raw.doc.trim().to_owned(),
        source: raw.source,
    })
}

fn convert_tool(raw: RawTool) -> Result<ToolSpec, String> {
    let mut replacements = raw.replacements;
    match non_empty(raw.replacement) {
        Some(_) if !replacements.is_empty() => {
            return Err(format!(
                "tool `{}`: `replacement` and `replacements` both given",
                raw.name
            ));
        }
        Some(r) => replacements.push(r),
        None => {}
    }
    Ok(ToolSpec {
        name: raw.name,
        status: raw.status,
        replacement: replacements.first().cloned(),
        replacements,
        since: non_empty(raw.since),
        seen_in: seen_in(raw.seen_in)?,
        aliases: raw.aliases,
        compatible: raw.compatible,
        specifier: raw.specifier,
        unconfirmed: raw.unconfirmed,
        doc: raw.doc.trim().to_owned(),
        source: raw.source,
    })
}

/// A `seen_in` tag: the release (`2.1.332`, digits and dots, no `v`) of the product whose own
/// program showed the fact, as opposed to `since`, which comes from release notes.
fn seen_in(tag: Option<String>) -> Result<Option<String>, String> {
    let Some(tag) = non_empty(tag) else {
        return Ok(None);
    };
    let release = tag.split('.').count() >= 2
        && tag
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if release {
        Ok(Some(tag))
    } else {
        Err(format!(
            "seen_in = {tag:?} should be a release such as `2.1.332`"
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// "Did you mean"
// ---------------------------------------------------------------------------------------------

/// [`did_you_mean`] among the current tools of `schema` (no tools from settings), remembered per
/// dialect and name: a tree of agents repeats the same unknown names many times over.
pub fn suggest_current_tool(schema: &'static DialectSchema, name: &str) -> Option<&'static str> {
    type Memo = HashMap<(Dialect, String), Option<&'static str>>;
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    let memo = MEMO.get_or_init(Mutex::default);
    let key = (schema.dialect, name.to_string());
    if let Some(hit) = memo.lock().ok().and_then(|m| m.get(&key).copied()) {
        return hit;
    }
    let found = did_you_mean(name, schema.current_tool_names());
    if let Ok(mut m) = memo.lock() {
        // Bounded: names typed in an editor come and go.
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(key, found);
    }
    found
}

/// The candidate `word` was most likely meant to be, or `None` if nothing is close enough.
///
/// Tried in order, the first hit wins:
/// 1. the same word ignoring case (`read` → `Read`);
/// 2. the same word ignoring case, `_`, `-` and spaces (`mcp_servers` → `mcpServers`);
/// 3. a candidate equal to a part of the word cut at `_`, `-` or spaces, longest part first
///    (`bright_yellow` → `yellow`, `allowed-tools` → `tools`); parts shorter than 3 letters
///    do not count;
/// 4. the smallest edit distance (optimal string alignment: insertions, deletions, substitutions,
///    adjacent transpositions) between the normalised forms of step 2, if it is at most
///    `max(1, len / 3)` for a word of `len` characters (`Grpe` → `Grep`). Ties go to the
///    earlier candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Steps 1 and 2 and 3 need each candidate's normalised form; step 4 only the candidates
    // whose length is close enough (the distance is at least the difference of the lengths), so
    // the forms are kept without allocating one string per candidate.
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(c) = candidates.iter().find(|c| eq_ignore_case(c, word)) {
        return Some(c);
    }
    let norm: Vec<char> = normalised(word).collect();
    if norm.is_empty() {
        return None;
    }
    if let Some(c) = candidates
        .iter()
        .find(|c| normalised(c).eq(norm.iter().copied()))
    {
        return Some(c);
    }

    let parts: Vec<String> = word
        .split(is_separator)
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    for len in (1..parts.len()).rev() {
        for window in parts.windows(len) {
            let joined = window.concat();
            if joined.chars().count() < 3 {
                continue;
            }
            if let Some(c) = candidates.iter().find(|c| normalised(c).eq(joined.chars())) {
                return Some(c);
            }
        }
    }

    let limit = (norm.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut other = Vec::new();
    let mut rows = Vec::new();
    for c in &candidates {
        other.clear();
        other.extend(normalised(c));
        if other.len().abs_diff(norm.len()) > limit {
            continue;
        }
        let d = osa_distance(&norm, &other, &mut rows);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn is_separator(c: char) -> bool {
    matches!(c, '_' | '-' | ' ')
}

/// Equal after `to_lowercase` of both.
fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// Lowercase, without `_`, `-` and spaces.
fn normalised(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !is_separator(*c))
        .flat_map(char::to_lowercase)
}

/// Optimal string alignment distance (restricted Damerau-Levenshtein); `rows` is scratch space.
fn osa_distance(a: &[char], b: &[char], rows: &mut Vec<usize>) -> usize {
    let width = b.len() + 1;
    rows.clear();
    rows.resize((a.len() + 1) * width, 0);
    let d = rows;
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn all() -> impl Iterator<Item = &'static DialectSchema> {
        Dialect::ALL.into_iter().map(schema)
    }

    fn every_field(s: &DialectSchema) -> Vec<&FieldSpec> {
        s.fields
            .iter()
            .chain(s.fields.iter().flat_map(|f| f.items.iter()))
            .collect()
    }

    #[test]
    fn every_data_file_loads_and_matches_its_dialect() {
        for d in Dialect::ALL {
            let s = load(d).unwrap_or_else(|e| panic!("{}: {e}", d.id()));
            assert_eq!(s.dialect, d);
            assert_eq!(s.product, d.product(), "{}", d.id());
            assert!(s.source.starts_with("https://"), "{}", d.id());
            assert!(!s.fields.is_empty(), "{}", d.id());
            assert!(!s.tools.is_empty(), "{}", d.id());
            let date_ok = [4, 7, 10].contains(&s.updated.len())
                && s.updated.chars().all(|c| c.is_ascii_digit() || c == '-');
            assert!(date_ok, "{}: updated = {:?}", d.id(), s.updated);
        }
    }

    #[test]
    fn tools_fields_are_fields() {
        for s in all() {
            assert!(!s.tools_fields.is_empty(), "{:?}", s.dialect);
            for key in &s.tools_fields {
                assert!(
                    s.field(key).is_some(),
                    "{:?}: tools field `{key}` is not a field",
                    s.dialect
                );
            }
        }
    }

    #[test]
    fn no_duplicate_names() {
        for s in all() {
            let mut seen = HashSet::new();
            for f in &s.fields {
                assert!(
                    seen.insert(f.name.as_str()),
                    "{:?}: field `{}` twice",
                    s.dialect,
                    f.name
                );
                let mut items = HashSet::new();
                for i in &f.items {
                    assert!(
                        items.insert(i.name.as_str()),
                        "{:?}: `{}.{}` twice",
                        s.dialect,
                        f.name,
                        i.name
                    );
                }
                let mut values = HashSet::new();
                for v in &f.values {
                    assert!(
                        values.insert(v.value.as_str()),
                        "{:?}: `{}` value `{}` twice",
                        s.dialect,
                        f.name,
                        v.value
                    );
                }
            }
            let mut names = HashSet::new();
            for n in s.tool_names() {
                let key = if s.tool_names_case_insensitive {
                    n.to_ascii_lowercase()
                } else {
                    n.to_owned()
                };
                assert!(
                    names.insert(key),
                    "{:?}: tool name or alias `{n}` twice",
                    s.dialect
                );
            }
            let mut models = HashSet::new();
            for m in &s.models {
                assert!(
                    models.insert(m.name.as_str()),
                    "{:?}: model `{}` twice",
                    s.dialect,
                    m.name
                );
            }
        }
    }

    #[test]
    fn replacements_are_current_tools() {
        for s in all() {
            for t in &s.tools {
                if t.status == ToolStatus::Renamed {
                    assert!(
                        t.replacement.is_some(),
                        "{:?}: renamed `{}` has no replacement",
                        s.dialect,
                        t.name
                    );
                }
                if t.status == ToolStatus::Current {
                    assert!(
                        t.replacement.is_none(),
                        "{:?}: current `{}` has a replacement",
                        s.dialect,
                        t.name
                    );
                }
                for r in &t.replacements {
                    let target = s.tools.iter().find(|x| &x.name == r);
                    assert!(
                        target.is_some_and(|x| x.status == ToolStatus::Current),
                        "{:?}: `{}` is replaced by `{r}`, which is not a current tool",
                        s.dialect,
                        t.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_entry_is_documented() {
        for s in all() {
            for f in every_field(s) {
                assert!(
                    !f.doc.is_empty(),
                    "{:?}: field `{}` has no doc",
                    s.dialect,
                    f.name
                );
                assert!(
                    f.source.starts_with("https://"),
                    "{:?}: field `{}` has no source URL",
                    s.dialect,
                    f.name
                );
            }
            for t in &s.tools {
                assert!(
                    !t.doc.is_empty(),
                    "{:?}: tool `{}` has no doc",
                    s.dialect,
                    t.name
                );
                assert!(
                    t.source.starts_with("https://"),
                    "{:?}: tool `{}` has no source URL",
                    s.dialect,
                    t.name
                );
            }
            for m in &s.models {
                assert!(
                    !m.doc.is_empty(),
                    "{:?}: model `{}` has no doc",
                    s.dialect,
                    m.name
                );
            }
        }
    }

    #[test]
    fn field_kinds_are_consistent() {
        for s in all() {
            for f in every_field(s) {
                let id = format!("{:?}: field `{}`", s.dialect, f.name);
                match f.kind {
                    FieldKind::Enum | FieldKind::EnumOrMap => {
                        assert!(!f.values.is_empty(), "{id}: no values")
                    }
                    FieldKind::Hooks => {}
                    _ => assert!(f.values.is_empty(), "{id}: values on a non-enum field"),
                }
                if f.open || !f.prefixes.is_empty() {
                    assert!(
                        f.kind == FieldKind::Enum,
                        "{id}: `open`/`prefixes` need an enum"
                    );
                }
                if f.kind == FieldKind::Enum && (!f.prefixes.is_empty() || f.format.is_some()) {
                    assert!(f.open, "{id}: prefixes/format on a closed enum");
                }
                if let Some(to) = &f.renamed_to {
                    let target = s.field(to);
                    assert!(
                        target.is_some_and(|t| t.renamed_to.is_none()),
                        "{id}: renamed to unknown `{to}`"
                    );
                }
                for v in f
                    .since
                    .iter()
                    .chain(f.values.iter().filter_map(|v| v.since.as_ref()))
                {
                    assert!(
                        v.starts_with('v'),
                        "{id}: since = {v:?} should look like `v2.1.0`"
                    );
                }
                if !f.targets.is_empty() {
                    let target = s.field("target").expect("targets need a `target` field");
                    for t in &f.targets {
                        assert!(target.value(t).is_some(), "{id}: unknown target `{t}`");
                    }
                }
            }
        }
    }

    #[test]
    fn borrowed_data_is_there() {
        let command = schema(Dialect::ClaudeCommand);
        let skill = schema(Dialect::ClaudeSkill);
        assert_eq!(command.field("allowed-tools"), skill.field("allowed-tools"));
        assert!(command.field("name").is_some_and(|f| f.ignored.is_some()));
        assert!(command.field("paths").is_some_and(|f| f.ignored.is_some()));
        assert!(skill.field("name").is_some_and(|f| f.ignored.is_none()));
        assert_eq!(command.tools, schema(Dialect::ClaudeAgent).tools);
        assert_eq!(skill.models, schema(Dialect::ClaudeAgent).models);
        assert_eq!(
            schema(Dialect::CopilotChatMode).tools,
            schema(Dialect::CopilotAgent).tools
        );
    }

    #[test]
    fn claude_tools() {
        let s = schema(Dialect::ClaudeAgent);
        let agent = s.resolve_tool("Task").expect("Task resolves");
        assert_eq!(
            (agent.tool.name.as_str(), agent.via),
            ("Agent", ToolMatchKind::Alias)
        );
        assert_eq!(
            s.tool("KillBash").map(|t| t.name.as_str()),
            Some("TaskStop")
        );
        for old in ["BashOutput", "TaskOutput", "TeamCreate"] {
            assert_eq!(s.tool(old).map(|t| t.status), Some(ToolStatus::Removed));
        }
        for (old, new) in [("ListPeers", "ListAgents"), ("Brief", "SendUserMessage")] {
            let found = s.resolve_tool(old).expect("legacy name resolves");
            assert_eq!(
                (found.tool.name.as_str(), found.via),
                (new, ToolMatchKind::Alias)
            );
        }
        assert_eq!(
            s.tool("MultiEdit").map(|t| t.status),
            Some(ToolStatus::Removed)
        );
        assert_eq!(
            s.tool("SlashCommand")
                .and_then(|t| t.replacement.as_deref()),
            Some("Skill")
        );
        assert_eq!(
            s.tool("Bash").map(|t| t.specifier),
            Some(Specifier::Command)
        );
        assert!(
            s.tool("read").is_none(),
            "Claude tool names are case-sensitive"
        );
        assert!(s.tool("TeamRename").is_none());
        assert!(s.is_external_tool("mcp__github__create_issue"));
        assert!(!s.is_external_tool("Read"));
        assert!(s.is_tools_field("disallowedTools"));
        assert_eq!(
            split_specifier(" Bash(git add:*) "),
            ("Bash", Some("git add:*"))
        );
        assert_eq!(split_specifier("Agent (a, b)"), ("Agent", Some("a, b")));
        assert_eq!(split_specifier("Read"), ("Read", None));
    }

    #[test]
    fn seen_in_tags() {
        assert_eq!(seen_in(Some("2.1.332".into())), Ok(Some("2.1.332".into())));
        assert_eq!(seen_in(Some(" ".into())), Ok(None));
        for bad in ["v2.1.332", "2026", "2.1.x", "2..1"] {
            assert!(seen_in(Some(bad.into())).is_err(), "{bad}");
        }
        let agent = schema(Dialect::ClaudeAgent);
        let tag = |f: &str| agent.field(f).and_then(|f| f.seen_in.as_deref());
        assert_eq!(tag("autoCompactWindow"), Some("2.1.332"));
        assert_eq!(tag("criticalSystemReminder_EXPERIMENTAL"), None);
        let isolation = agent.field("isolation").expect("isolation");
        assert_eq!(
            isolation.value("remote").and_then(|v| v.seen_in.as_deref()),
            Some("2.1.332")
        );
        assert!(
            agent
                .tools
                .iter()
                .any(|t| t.name == "SetGoal" && t.seen_in.as_deref() == Some("2.1.332"))
        );
        assert!(
            agent
                .builtin_agents
                .iter()
                .any(|a| a.name == "web-fetch" && a.seen_in.is_some())
        );
        assert!(
            schema(Dialect::ClaudeSkill)
                .models
                .iter()
                .any(|m| m.name == "opusplan" && m.seen_in.is_some())
        );
    }

    #[test]
    fn copilot_tools() {
        let s = schema(Dialect::CopilotAgent);
        assert_eq!(s.tool("READ").map(|t| t.name.as_str()), Some("read"));
        let bash = s.resolve_tool("bash").expect("bash resolves");
        assert_eq!(
            (bash.tool.name.as_str(), bash.via),
            ("execute", ToolMatchKind::Compatible)
        );
        assert_eq!(
            s.tool("edit/EDITFILES").map(|t| t.name.as_str()),
            Some("edit/editFiles")
        );
        assert_eq!(
            s.tool("editFiles").and_then(|t| t.replacement.as_deref()),
            Some("edit/editFiles")
        );
        assert!(s.is_external_tool("github/search_issues"));
        assert!(s.is_external_tool("ms-python.python/installPythonPackage"));
        assert!(s.is_external_tool("microsoft.docs.mcp/*"));
        assert!(!s.is_external_tool("edit/unknownTool"));
        assert!(!s.is_external_tool("Edit/unknownTool"));
        assert!(!s.is_external_tool("codebase"));
    }

    #[test]
    fn enum_values() {
        let claude = schema(Dialect::ClaudeAgent);
        let model = claude.field("model").expect("model");
        // Claude Code 2.1.332 reads aliases whatever their case and surrounding spaces.
        for ok in [
            "sonnet",
            "inherit",
            "claude-opus-4-5",
            "Sonnet",
            " INHERIT ",
        ] {
            assert!(claude.enum_accepts(model, ok), "{ok}");
        }
        for bad in ["gpt-4", "claude-"] {
            assert!(!claude.enum_accepts(model, bad), "{bad}");
        }
        let mode = claude.field("permissionMode").expect("permissionMode");
        assert!(mode.value("ignore").is_some_and(|v| v.deprecated.is_some()));
        assert_eq!(
            mode.value("manual").and_then(|v| v.since.as_deref()),
            Some("v2.1.200")
        );
        let color = claude.field("color").expect("color");
        assert!(!claude.enum_accepts(color, "magenta"));

        let oc = schema(Dialect::OpenCodeAgent);
        let color = oc.field("color").expect("color");
        for ok in ["#ff00AA", "accent"] {
            assert!(oc.enum_accepts(color, ok), "{ok}");
        }
        for bad in ["#ff00a", "red", "ff00aa"] {
            assert!(!oc.enum_accepts(color, bad), "{bad}");
        }
        let model = oc.field("model").expect("model");
        assert!(model.accepts("anthropic/claude-sonnet-4-5"));
        assert!(!model.accepts("claude-sonnet-4-5"));
        assert!(oc.field("permission").is_some_and(|f| f.accepts("deny")));
        assert_eq!(
            oc.field("maxSteps").and_then(|f| f.renamed_to.as_deref()),
            Some("steps")
        );

        let copilot = schema(Dialect::CopilotAgent);
        assert!(
            copilot
                .field("description")
                .is_some_and(|f| f.accepts("anything"))
        );
        assert_eq!(
            copilot
                .field("user-invokable")
                .and_then(|f| f.renamed_to.as_deref()),
            Some("user-invocable")
        );
    }

    #[test]
    fn name_rules() {
        assert_eq!(NameRule::Claude.problem("code-reviewer2", None), None);
        assert!(NameRule::Claude.problem("-x", None).is_some());
        assert!(NameRule::Claude.problem("plugin:agent", None).is_some());
        assert!(NameRule::Claude.problem("Code Reviewer", None).is_some());
        assert_eq!(
            NameRule::Skill.problem("pdf-tools", Some("pdf-tools")),
            None
        );
        assert!(NameRule::Skill.problem("pdf-tools", Some("pdf")).is_some());
        assert!(NameRule::Skill.problem("pdf--tools", None).is_some());
        assert!(NameRule::Skill.problem("pdf-", None).is_some());
        assert!(NameRule::Skill.problem(&"a".repeat(65), None).is_some());
        assert_eq!(NameRule::Any.problem("Anything: goes", None), None);
    }

    /// The rules of [`did_you_mean`] written plainly (every candidate normalised, every distance
    /// computed): the oracle for the length filter and the allocation-free forms.
    fn did_you_mean_plain<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let norm = |s: &str| -> String {
            s.chars()
                .filter(|c| !is_separator(*c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        if let Some(c) = candidates
            .iter()
            .find(|c| c.to_lowercase() == word.to_lowercase())
        {
            return Some(c);
        }
        let n = norm(word);
        if n.is_empty() {
            return None;
        }
        if let Some(c) = candidates.iter().find(|c| norm(c) == n) {
            return Some(c);
        }
        let parts: Vec<String> = word
            .split(is_separator)
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect();
        for len in (1..parts.len()).rev() {
            for w in parts.windows(len) {
                let joined = w.concat();
                if joined.chars().count() >= 3
                    && let Some(c) = candidates.iter().find(|c| norm(c) == joined)
                {
                    return Some(c);
                }
            }
        }
        let a: Vec<char> = n.chars().collect();
        let limit = (a.len() / 3).max(1);
        let mut best: Option<(usize, &'a str)> = None;
        for c in candidates {
            let b: Vec<char> = norm(c).chars().collect();
            let d = osa_distance(&a, &b, &mut Vec::new());
            if d <= limit && best.is_none_or(|(x, _)| d < x) {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }

    proptest::proptest! {
        #[test]
        fn did_you_mean_equals_its_plain_rules(
            word in "[A-Za-z_ -]{0,14}",
            extra in proptest::collection::vec("[A-Za-z_-]{1,12}", 0..6),
        ) {
            let mut candidates = vec!["Read", "Grep", "WebFetch", "mcpServers", "yellow", "code-reviewer"];
            candidates.extend(extra.iter().map(String::as_str));
            proptest::prop_assert_eq!(
                did_you_mean(&word, candidates.iter().copied()),
                did_you_mean_plain(&word, &candidates)
            );
        }
    }

    #[test]
    fn did_you_mean_cases() {
        let claude = schema(Dialect::ClaudeAgent);
        let tools: Vec<&str> = claude.tool_names().collect();
        assert_eq!(did_you_mean("Grpe", tools.iter().copied()), Some("Grep"));
        assert_eq!(did_you_mean("read", tools.iter().copied()), Some("Read"));
        assert_eq!(
            did_you_mean("WebFetc", tools.iter().copied()),
            Some("WebFetch")
        );
        assert_eq!(did_you_mean("Frobnicate", tools.iter().copied()), None);

        let keys: Vec<&str> = claude.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            did_you_mean("mcp_servers", keys.iter().copied()),
            Some("mcpServers")
        );
        assert_eq!(
            did_you_mean("max-turns", keys.iter().copied()),
            Some("maxTurns")
        );
        assert_eq!(
            did_you_mean("disallowed-tools", keys.iter().copied()),
            Some("disallowedTools")
        );
        assert_eq!(
            did_you_mean("allowed-tools", keys.iter().copied()),
            Some("tools")
        );
        assert_eq!(
            did_you_mean("permision_mode", keys.iter().copied()),
            Some("permissionMode")
        );
        assert_eq!(did_you_mean("title", keys.iter().copied()), None);

        let colors: Vec<&str> = claude
            .field("color")
            .map(|f| f.values.iter().map(|v| v.value.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            did_you_mean("bright_yellow", colors.iter().copied()),
            Some("yellow")
        );
        assert_eq!(
            did_you_mean("light-blue", colors.iter().copied()),
            Some("blue")
        );
        assert_eq!(did_you_mean("grean", colors.iter().copied()), Some("green"));
        assert_eq!(did_you_mean("magenta", colors.iter().copied()), None);

        assert_eq!(did_you_mean("", ["a"]), None);
        assert_eq!(did_you_mean("--", ["a"]), None);
    }

    #[test]
    fn osa_counts_transpositions_once() {
        let d = |a: &str, b: &str| {
            osa_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
                &mut Vec::new(),
            )
        };
        assert_eq!(d("grpe", "grep"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ca", "abc"), 3);
    }
}
