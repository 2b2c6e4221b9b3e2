//! Agents the products ship with: they resolve without a file. The names and docs are schema
//! data (`[[agent]]` in `server/schema/*.toml`).

use std::sync::OnceLock;

use super::identity::Family;
use crate::schema::Dialect;
use crate::schema::spec::schema;

#[derive(Debug, PartialEq, Eq)]
pub struct Builtin {
    pub family: Family,
    pub name: &'static str,
    pub description: &'static str,
}

/// The products whose built-in agents resolve, with the dialect whose schema data lists them.
const FAMILIES: [(Family, Dialect); 9] = [
    (Family::Claude, Dialect::ClaudeAgent),
    (Family::OpenCode, Dialect::OpenCodeAgent),
    (Family::Copilot, Dialect::CopilotAgent),
    (Family::Gemini, Dialect::GeminiAgent),
    (Family::Qwen, Dialect::QwenAgent),
    (Family::Kilo, Dialect::KiloAgent),
    (Family::Augment, Dialect::AugmentAgent),
    (Family::Qoder, Dialect::QoderAgent),
    (Family::Factory, Dialect::FactoryDroid),
];

/// Every built-in agent.
pub fn builtins() -> &'static [Builtin] {
    static BUILTINS: OnceLock<Vec<Builtin>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        FAMILIES
            .iter()
            .flat_map(|(family, dialect)| {
                schema(*dialect).builtin_agents.iter().map(|a| Builtin {
                    family: *family,
                    name: a.name.as_str(),
                    description: a.doc.as_str(),
                })
            })
            .collect()
    })
}
