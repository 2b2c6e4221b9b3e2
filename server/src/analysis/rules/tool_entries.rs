//! One tool entry: resolved against the dialect's tools (and the settings' extra tools, MCP
//! servers), then reported: unknown with "did you mean", renamed, removed or deprecated with the
//! fixes that never list a tool twice, and its `Tool(rule)` checked.

use super::tool_lists::{List, Resolved, mcp_server, use_instead};
use super::*;
use crate::schema::spec::ToolMatch;

pub(super) fn check_tool(
    cx: &mut RuleContext<'_>,
    e: &ToolEntry,
    list: &List<'_>,
    own_servers: &BTreeSet<String>,
    renames: &mut Vec<(Range<usize>, String)>,
    renamed_diags: &mut Vec<usize>,
) -> Resolved {
    let (name, rule) = spec::split_specifier(&e.text);
    let name_range = e.range.start..e.range.start + name.len().min(e.range.len());
    let unresolved = |external| Resolved {
        entry: e.clone(),
        tool: None,
        external,
    };
    if e.text.contains('(') && !e.text.ends_with(')') {
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Warning,
            e.range.clone(),
            format!(
                "`{}` has no closing `)`. Close the rule: `{})`.",
                e.text, e.text
            ),
        ));
        return unresolved(false);
    }
    if name == "*" || name.ends_with("/*") && cx.file.dialect.product() == "GitHub Copilot" {
        return Resolved {
            entry: e.clone(),
            tool: None,
            external: true,
        };
    }
    if cx.schema.unknown_tools == UnknownTools::Accepted {
        return Resolved {
            entry: e.clone(),
            tool: Some(name.to_string()),
            external: true,
        };
    }
    if cx.env.settings.extra_tools.iter().any(|t| t == name) {
        return Resolved {
            entry: e.clone(),
            tool: Some(name.to_string()),
            external: true,
        };
    }
    if cx
        .schema
        .accepted_tool_prefixes
        .iter()
        .any(|p| name.starts_with(p.as_str()))
    {
        return unresolved(true);
    }
    if cx.schema.is_external_tool(name) {
        if let Some(problem) = cx.schema.external_tool_problem(name) {
            cx.push(Diagnostic::new(
                codes::UNKNOWN_TOOL,
                Severity::Error,
                name_range,
                format!(
                    "{}: `{name}` is not a valid tool name ({problem}). Fix the name or remove it.",
                    super::super::verdict::consequence(cx.file)
                ),
            ));
            return unresolved(false);
        }
        mcp_server_configured(cx, name, name_range, own_servers);
        return unresolved(true);
    }
    let Some(found) = cx.schema.resolve_tool(name) else {
        unknown_tool(cx, e, list, name, name_range);
        return unresolved(false);
    };
    let tool = found.tool;
    let granted = report_status(
        cx,
        e,
        list,
        (name, name_range, rule.is_some()),
        &found,
        renames,
        renamed_diags,
    );
    if let Some(rule) = rule {
        check_rule(cx, name, rule, tool.specifier, e);
    }
    Resolved {
        entry: e.clone(),
        tool: granted,
        external: false,
    }
}

/// What a known tool's status means (renamed, removed, deprecated): the diagnostic and its
/// fixes. Returns the tool granted, if any.
pub(super) fn report_status(
    cx: &mut RuleContext<'_>,
    e: &ToolEntry,
    list: &List<'_>,
    (name, name_range, has_rule): (&str, Range<usize>, bool),
    found: &ToolMatch<'_>,
    renames: &mut Vec<(Range<usize>, String)>,
    renamed_diags: &mut Vec<usize>,
) -> Option<String> {
    let tool = found.tool;
    let mut granted = Some(tool.name.clone());
    let replacement = tool.replacement.clone();
    match (found.via, tool.status) {
        (ToolMatchKind::Alias, _) | (_, ToolStatus::Renamed) => {
            let new = if found.via == ToolMatchKind::Alias {
                tool.name.clone()
            } else {
                replacement.clone().unwrap_or_default()
            };
            if !new.is_empty() {
                let mut d = Diagnostic::new(
                    codes::RENAMED_TOOL,
                    Severity::Information,
                    name_range.clone(),
                    String::new(),
                );
                let duplicate = !has_rule && list.has_other(e, &new);
                d.message = if duplicate {
                    format!(
                        "`{name}` was renamed to `{new}`, which is already listed. Remove `{name}`."
                    )
                } else {
                    format!(
                        "`{name}` was renamed to `{new}`; the old name still works. Use `{new}`."
                    )
                };
                if let Some(fix) = list.replace_name(
                    cx.doc,
                    e,
                    name_range.clone(),
                    &new,
                    format!("Rename to `{new}`"),
                ) {
                    d = d.with_fix(fix.preferred().safe());
                }
                if !duplicate {
                    renames.push((name_range.clone(), new));
                    renamed_diags.push(cx.out.len());
                }
                cx.push(Diagnostic {
                    deprecated: true,
                    ..d
                });
            }
        }
        (_, ToolStatus::Removed) => {
            granted = None;
            let mut msg = format!(
                "{} no longer has a `{name}` tool, so it is not granted.",
                cx.schema.product
            );
            let mut d = Diagnostic::new(
                codes::REMOVED_TOOL,
                Severity::Warning,
                name_range.clone(),
                String::new(),
            );
            if !tool.replacements.is_empty() {
                msg.push_str(&use_instead(list, e, name, &tool.replacements));
                d.fixes = list.replacing(cx.doc, e, name_range.clone(), &tool.replacements);
                if let Some(first) = d.fixes.first_mut() {
                    first.preferred = true;
                }
            } else {
                msg.push_str(" Remove it.");
            }
            d.message = msg;
            cx.push(Diagnostic {
                deprecated: true,
                ..d
            });
        }
        (_, ToolStatus::Deprecated) => {
            let mut msg = format!("`{name}` is deprecated.");
            // Where no primary source confirms the deprecation, say it quietly.
            let severity = if tool.unconfirmed {
                Severity::Hint
            } else {
                Severity::Information
            };
            let mut d = Diagnostic::new(
                codes::DEPRECATED_TOOL,
                severity,
                name_range.clone(),
                String::new(),
            );
            if !tool.replacements.is_empty() {
                msg.push_str(&use_instead(list, e, name, &tool.replacements));
                d.fixes = list.replacing(cx.doc, e, name_range.clone(), &tool.replacements);
            }
            d.message = msg;
            cx.push(Diagnostic {
                deprecated: true,
                ..d
            });
        }
        _ => {}
    }
    granted
}

/// An MCP tool of a server neither the workspace nor the agent configures: a hint.
pub(super) fn mcp_server_configured(
    cx: &mut RuleContext<'_>,
    name: &str,
    name_range: Range<usize>,
    own_servers: &BTreeSet<String>,
) {
    let Some(server) = mcp_server(name) else {
        return;
    };
    let configured = cx.env.workspace.mcp_servers.contains(server)
        || own_servers.contains(server)
        || server.starts_with("plugin_")
        || server.starts_with("claude_ai_");
    if !configured {
        cx.push(Diagnostic::new(
            codes::UNKNOWN_MCP_SERVER,
            Severity::Hint,
            name_range,
            format!(
                "No MCP server `{server}` is configured in this workspace (`.mcp.json`, `.claude/settings.json`) or in this agent's `mcpServers`; the tool is granted only where that server is configured."
            ),
        ));
    }
}

pub(super) fn unknown_tool(
    cx: &mut RuleContext<'_>,
    e: &ToolEntry,
    list: &List<'_>,
    name: &str,
    range: Range<usize>,
) {
    let suggestion = if cx.env.settings.extra_tools.is_empty() {
        suggest_current_tool(cx.schema, name)
    } else {
        let current = cx
            .schema
            .current_tool_names()
            .chain(cx.env.settings.extra_tools.iter().map(String::as_str));
        did_you_mean(name, current)
    };
    // Where unknown names are often extension or MCP tools, a suggestion that is already listed
    // is most likely another tool: no suggestion then.
    let suggestion = suggestion
        .filter(|m| cx.schema.unknown_tools != UnknownTools::Ignored || !list.has_other(e, m));
    let (severity, effect) = match cx.schema.unknown_tools {
        // Copilot ignores names it does not know, and extensions and MCP servers add tools
        // agentls cannot see: a hint, never louder.
        UnknownTools::Ignored => (
            Severity::Hint,
            format!(
                "`{name}` is not a built-in {} tool (an extension or MCP tool, perhaps); {} ignores names it does not resolve",
                cx.schema.product, cx.schema.product
            ),
        ),
        UnknownTools::Rejected => (
            Severity::Error,
            format!(
                "{}: it has no tool `{name}`",
                super::super::verdict::consequence(cx.file)
            ),
        ),
        _ => (
            Severity::Warning,
            format!(
                "{} has no tool `{name}`, so it is not granted",
                cx.schema.product
            ),
        ),
    };
    let mut msg = effect;
    match suggestion {
        Some(m) if list.has_other(e, m) => msg.push_str(&format!(
            ". Did you mean `{m}`? It is already listed: remove this entry."
        )),
        Some(m) => msg.push_str(&format!(". Did you mean `{m}`?")),
        None => msg.push_str(
            ". If it is a tool of your own setup, add it to `extra-tools` in `.agentls.toml`.",
        ),
    }
    let mut d = Diagnostic::new(codes::UNKNOWN_TOOL, severity, range.clone(), msg);
    if let Some(m) = suggestion
        && let Some(fix) = list.replace_name(cx.doc, e, range, m, format!("Change to `{m}`"))
    {
        d = d.with_fix(fix.preferred());
    }
    cx.push(d);
}

pub(super) fn check_rule(
    cx: &mut RuleContext<'_>,
    name: &str,
    rule: &str,
    specifier: Specifier,
    e: &ToolEntry,
) {
    if rule.trim().is_empty() {
        // `X()` grants the whole tool, as `X` does: a style note.
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Information,
            e.range.clone(),
            format!("`{name}()` has an empty rule, which grants the whole tool: write `{name}`."),
        ));
        return;
    }
    let problem = {
        match specifier {
            Specifier::None => Some(format!(
                "`{name}` takes no `(...)` rule, so {} cannot apply `{}`. Write `{name}` alone.",
                cx.schema.product, e.text
            )),
            Specifier::Domain if !rule.trim_start().starts_with("domain:") => Some(format!(
                "`{name}` rules name a domain: write `{name}(domain:{})`.",
                rule.trim()
            )),
            Specifier::Command if rule.contains(":*") && !rule.trim_end().ends_with(":*") => {
                Some(format!(
                    "`:*` is recognised only at the end of a `{name}` rule; write `{name}({})` instead.",
                    rule.replace(":*", " *")
                ))
            }
            _ => None,
        }
    };
    if let Some(msg) = problem {
        cx.push(Diagnostic::new(
            codes::INVALID_TOOL_RULE,
            Severity::Warning,
            e.range.clone(),
            msg,
        ));
    }
}

pub(super) fn no_tools(
    cx: &mut RuleContext<'_>,
    entry: &Entry,
    node: &YamlNode,
    resolved: &[Resolved],
) {
    let grants_something = resolved.iter().any(|r| r.tool.is_some() || r.external);
    if grants_something {
        return;
    }
    // A number or a boolean is not a list of tool names: Claude Code reads it as an empty list.
    let not_names = node
        .as_scalar()
        .is_some_and(|s| s.ty != ScalarType::String && s.ty != ScalarType::Null);
    let resolved = if not_names { &[][..] } else { resolved };
    // Claude Code 2.1.332 refuses to spawn a subagent whose tools list names tools and resolves
    // to none of them; an empty list spawns it with no tools at all (it can only answer).
    let (severity, message) = if resolved.is_empty() {
        (
            Severity::Warning,
            "Claude Code starts this agent with no tools at all (the list is empty), so it can only answer in text. List the tools it needs, or remove `tools` to inherit them all.".to_string(),
        )
    } else {
        (
            Severity::Error,
            "Claude Code refuses to start this agent: `tools` names tools but none of them exists, so the agent would have zero tools. List the tools it needs, or remove `tools` to inherit them all.".to_string(),
        )
    };
    let fm = cx
        .doc
        .scan()
        .frontmatter()
        .map(|f| f.content.clone())
        .unwrap_or(0..0);
    let line_start = cx
        .doc
        .text()
        .rope()
        .byte_to_line(entry.range.start.min(cx.doc.text().len()));
    let start = cx.doc.text().line_start(line_start).max(fm.start);
    let end = cx.doc.text().line_start(
        cx.doc
            .text()
            .rope()
            .byte_to_line(entry.range.end.min(cx.doc.text().len()))
            + 1,
    );
    cx.push(
        Diagnostic::new(codes::NO_TOOLS, severity, node.range.clone(), message).with_fix(
            Fix::replace(
                "Remove `tools` (inherit every tool)",
                start..end.min(fm.end),
                "",
            ),
        ),
    );
}
