//! OpenCode's second reading of frontmatter its YAML parser refuses (gray-matter's `sanitize` in
//! its `ConfigMarkdown`): every top-level `key: value` line whose plain value holds a `:` becomes
//! a block scalar (`key: |-` and the value on the next line, indented), and the YAML is parsed
//! again. Pinned by `tests/conformance/opencode` (`yaml-colon-in-value*`).

/// The frontmatter after the rewrite, or `None` when no line changes.
pub fn quote_colon_values(yaml: &str) -> Option<String> {
    let mut changed = false;
    let mut out: Vec<String> = Vec::new();
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        match rewrite(line) {
            Some((key, value)) => {
                changed = true;
                out.push(format!("{key}: |-"));
                out.push(format!("  {value}"));
            }
            None => out.push(line.to_string()),
        }
    }
    changed.then(|| out.join("\n"))
}

/// `description: Use when: asked` → (`description`, `Use when: asked`).
fn rewrite(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with(char::is_whitespace) {
        return None;
    }
    let key_end = line
        .char_indices()
        .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || i > 0 && c.is_ascii_digit()))
        .map_or(line.len(), |(i, _)| i);
    if key_end == 0 {
        return None;
    }
    let rest = line[key_end..].trim_start().strip_prefix(':')?;
    let value = rest.trim();
    if value.is_empty()
        || value == ">"
        || value == "|"
        || value.starts_with('"')
        || value.starts_with('\'')
        || !value.contains(':')
    {
        return None;
    }
    Some((&line[..key_end], value))
}

#[cfg(test)]
mod tests {
    use super::quote_colon_values;

    #[test]
    fn top_level_values_holding_a_colon_become_block_scalars() {
        assert_eq!(
            quote_colon_values("description: Use when: asked\nmode: subagent").as_deref(),
            Some("description: |-\n  Use when: asked\nmode: subagent")
        );
    }

    #[test]
    fn quoted_indented_and_colon_free_lines_stay() {
        for yaml in [
            "description: \"a: b\"",
            "description: 'a: b'",
            "options:\n  note: a: b",
            "description: plain",
            "# note: a: b",
            "description: |",
        ] {
            assert_eq!(quote_colon_values(yaml), None, "{yaml}");
        }
    }
}
