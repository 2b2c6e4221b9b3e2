//! "Declare `complexity` in `.agentls.toml`": the edit that adds a key to `[custom-keys]`,
//! written by hand rather than by re-serialising the file, so that its comments, order and
//! formatting stay as they are. Every edit is checked by parsing its result: an edit that would
//! not leave valid settings declaring the key is not offered.

use std::ops::Range;

use crate::analysis::Settings;

/// The names `[custom-keys]` is accepted under (see [`Settings`]).
const TABLE_NAMES: [&str; 3] = ["custom-keys", "custom_keys", "customKeys"];

/// How to declare a key: one insertion into the existing file, or a new file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The file does not exist yet: create it with `new_text`.
    pub create: bool,
    /// Where to insert, in bytes of the existing text (`0..0` for a new file).
    pub range: Range<usize>,
    pub new_text: String,
}

/// The edit that declares `key` (of any type) in the `.agentls.toml` whose text is `existing`
/// (`None`: there is no such file). `None` when the file does not parse, already declares the
/// key, or holds `custom-keys` in a form a line cannot be added to (an inline table).
pub fn declare_custom_key(existing: Option<&str>, key: &str) -> Option<Declaration> {
    let line = format!("{} = \"any\"\n", toml_key(key));
    let Some(text) = existing else {
        let new_text = format!("[custom-keys]\n{line}");
        return declares(&new_text, key).then_some(Declaration {
            create: true,
            range: 0..0,
            new_text,
        });
    };
    let settings = Settings::from_toml(text).ok()?;
    if settings.custom_keys.contains_key(key) {
        return None;
    }
    let (at, new_text) = match header_end(text) {
        // Right under the table's header.
        Some(end) if end == text.len() && !text.ends_with('\n') => (end, format!("\n{line}")),
        Some(end) => (end, line),
        // A new table at the end.
        None if settings.custom_keys.is_empty() => {
            let sep = match text {
                "" => "",
                t if t.ends_with("\n\n") => "",
                t if t.ends_with('\n') => "\n",
                _ => "\n\n",
            };
            (text.len(), format!("{sep}[custom-keys]\n{line}"))
        }
        None => return None,
    };
    let mut result = text.to_string();
    result.insert_str(at, &new_text);
    declares(&result, key).then_some(Declaration {
        create: false,
        range: at..at,
        new_text,
    })
}

/// `text` is valid settings that declare `key`.
fn declares(text: &str, key: &str) -> bool {
    Settings::from_toml(text).is_ok_and(|s| s.custom_keys.contains_key(key))
}

/// The end (after its line break) of the `[custom-keys]` header line, if there is one.
fn header_end(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let t = line.trim();
        let t = t.split_once('#').map_or(t, |(h, _)| h).trim();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']'))
            && !name.starts_with('[')
            && TABLE_NAMES.contains(&name.trim().trim_matches(['"', '\'']))
        {
            return Some(end);
        }
        start = end;
    }
    None
}

/// `key` as a TOML key: bare when it can be, else a quoted string.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        return key.to_string();
    }
    let mut out = String::from("\"");
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text after applying the declaration of `key` to `existing`.
    fn applied(existing: Option<&str>, key: &str) -> Option<String> {
        let d = declare_custom_key(existing, key)?;
        let mut text = existing.unwrap_or("").to_string();
        text.replace_range(d.range, &d.new_text);
        Some(text)
    }

    #[test]
    fn creates_the_file() {
        let d = declare_custom_key(None, "complexity").unwrap();
        assert!(d.create);
        assert_eq!(d.new_text, "[custom-keys]\ncomplexity = \"any\"\n");
    }

    #[test]
    fn adds_under_the_existing_table_keeping_comments() {
        let text = "# Team settings\n[severity]\nunknown-tool = \"off\" # loud\n\n[custom-keys]  # ours\nversion = \"string\"\n";
        assert_eq!(
            applied(Some(text), "complexity").unwrap(),
            "# Team settings\n[severity]\nunknown-tool = \"off\" # loud\n\n[custom-keys]  # ours\ncomplexity = \"any\"\nversion = \"string\"\n"
        );
    }

    #[test]
    fn adds_a_table_at_the_end() {
        assert_eq!(
            applied(Some("[severity]\nunknown-tool = \"off\""), "auto_activate").unwrap(),
            "[severity]\nunknown-tool = \"off\"\n\n[custom-keys]\nauto_activate = \"any\"\n"
        );
        assert_eq!(
            applied(Some("capabilities = [\"review\"]\n"), "odd key").unwrap(),
            "capabilities = [\"review\"]\n\n[custom-keys]\n\"odd key\" = \"any\"\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        // An inline table cannot take another line; a broken file is left alone; a declared key
        // needs nothing.
        assert_eq!(
            declare_custom_key(Some("custom-keys = { a = \"any\" }\n"), "b"),
            None
        );
        assert_eq!(declare_custom_key(Some("[severity\n"), "b"), None);
        assert_eq!(
            declare_custom_key(Some("[custom-keys]\nb = \"any\"\n"), "b"),
            None
        );
    }
}
