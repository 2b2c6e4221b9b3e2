//! The shapes free values must have and the rules names follow.

use super::{NameRule, ValueFormat};

impl ValueFormat {
    pub fn matches(self, value: &str) -> bool {
        match self {
            ValueFormat::HexColor => value
                .strip_prefix('#')
                .is_some_and(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())),
            ValueFormat::Url => value.split_once(':').is_some_and(|(scheme, rest)| {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                    && !rest.is_empty()
                    && !value.chars().any(char::is_whitespace)
            }),
            ValueFormat::Json => serde_json::from_str::<serde_json::Value>(value).is_ok(),
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
            NameRule::Slug => (name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'))
            .then(|| "use only lowercase letters, digits, `-` and `_`".into()),
            NameRule::Identifier => {
                let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
                let len = name.chars().count();
                if !(2..=50).contains(&len) {
                    Some("the name must be 2 to 50 characters long".into())
                } else if !name.chars().all(word) {
                    Some("use only letters, digits, `-` and `_`".into())
                } else if name.starts_with(['-', '_']) || name.ends_with(['-', '_']) {
                    Some("the name must not start or end with `-` or `_`".into())
                } else {
                    None
                }
            }
            NameRule::Word => (name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| {
                format!(
                    "it is registered as `{}`: use only ASCII letters, digits, `-` and `_`",
                    word_name(name)
                )
            }),
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

/// A name as a product with [`NameRule::Word`] registers it: trimmed, each run of whitespace and
/// each character but ASCII letters, digits, `-` and `_` turned into `-`, runs of `-` made one.
pub fn word_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}
