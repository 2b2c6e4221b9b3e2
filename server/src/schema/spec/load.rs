//! Loading the schema: the TOML files embedded at build time, parsed once into
//! [`DialectSchema`]s, with borrowing between files (`fields_from`, `tools_from`, `models_from`)
//! and the checks that keep the data honest.

use std::sync::OnceLock;

use serde::Deserialize;

use super::*;

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
        Dialect::GeminiAgent => data!("gemini-agent"),
        Dialect::QwenAgent => data!("qwen-agent"),
        Dialect::AgentSkill => data!("agent-skill"),
        Dialect::CursorAgent => data!("cursor-agent"),
        Dialect::KiroAgent => data!("kiro-agent"),
        Dialect::KiloAgent => data!("kilo-agent"),
        Dialect::AugmentAgent => data!("augment-agent"),
        Dialect::QoderAgent => data!("qoder-agent"),
        Dialect::FactoryDroid => data!("factory-droid"),
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
    invalid_values: InvalidValues,
    #[serde(default)]
    accepted_tool_prefixes: Vec<String>,
    #[serde(default)]
    variant_key: Option<String>,
    #[serde(default)]
    list_variant: Option<String>,
    #[serde(default)]
    block: BlockRule,
    #[serde(default)]
    builtin_names_reserved: bool,
    #[serde(default)]
    reserved_names: Vec<String>,
    #[serde(default)]
    reserved_names_exact: bool,
    #[serde(default)]
    min_body_chars: usize,
    #[serde(default)]
    yaml_fallback: bool,
    #[serde(default)]
    unreadable_into_prompt: bool,
    #[serde(default)]
    colon_values_retry: bool,
    #[serde(default)]
    loads_without_frontmatter: bool,
    #[serde(default)]
    agent_tool_prefix: Option<String>,
    #[serde(default)]
    duplicate_keys_rejected: bool,
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
    role: Option<Role>,
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
    invalid: Option<InvalidValues>,
    #[serde(default)]
    invalid_format: Option<InvalidValues>,
    #[serde(default)]
    entry_type: Option<FieldKind>,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default)]
    greater_than: Option<f64>,
    #[serde(default)]
    max_chars: Option<usize>,
    #[serde(default)]
    nullable: bool,
    #[serde(default)]
    one_of: Option<String>,
    #[serde(default)]
    object: bool,
    #[serde(default)]
    required_when: Vec<String>,
    #[serde(default)]
    required_in: Vec<String>,
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

// Long: borrowing between files (fields, tools, models, built-in agents) resolved in the order
// the data requires, each step checked.
pub(super) fn load(dialect: Dialect) -> Result<DialectSchema, String> {
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
        invalid_values: d.invalid_values,
        accepted_tool_prefixes: d.accepted_tool_prefixes,
        variant_key: non_empty(d.variant_key),
        list_variant: non_empty(d.list_variant),
        block: d.block,
        builtin_names_reserved: d.builtin_names_reserved,
        reserved_names: d.reserved_names,
        reserved_names_exact: d.reserved_names_exact,
        min_body_chars: d.min_body_chars,
        yaml_fallback: d.yaml_fallback,
        unreadable_into_prompt: d.unreadable_into_prompt,
        colon_values_retry: d.colon_values_retry,
        loads_without_frontmatter: d.loads_without_frontmatter,
        agent_tool_prefix: d.agent_tool_prefix,
        duplicate_keys_rejected: d.duplicate_keys_rejected,
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
        role: raw.role,
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
        invalid: raw.invalid,
        invalid_format: raw.invalid_format,
        entry_type: raw.entry_type,
        variant: non_empty(raw.variant),
        greater_than: raw.greater_than,
        max_chars: raw.max_chars,
        nullable: raw.nullable,
        one_of: non_empty(raw.one_of),
        object: raw.object,
        required_when: raw.required_when,
        required_in: raw.required_in,
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
pub(super) fn seen_in(tag: Option<String>) -> Result<Option<String>, String> {
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
