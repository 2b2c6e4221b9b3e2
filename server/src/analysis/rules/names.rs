//! Names that differ from their file or folder.

use super::*;

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

pub(super) fn name_mismatch(cx: &mut RuleContext<'_>, entries: &[Entry]) {
    let Some(entry) = entries
        .iter()
        .find(|e| cx.schema.role(&e.key) == Some(crate::schema::Role::Name))
    else {
        return;
    };
    let Some(node) = entry.value.as_ref() else {
        return;
    };
    let Some(s) = node.as_scalar().filter(|s| s.ty == ScalarType::String) else {
        return;
    };
    let name = s.value.as_str();
    match cx.file.dialect {
        Dialect::ClaudeAgent => {
            let Some(stem) = cx.file.file_stem.as_deref() else {
                return;
            };
            // A name that breaks the naming rule is reported as `invalid-name` already.
            let valid = spec::NameRule::Claude.problem(name, None).is_none();
            if stem != name && valid {
                let mut d = Diagnostic::new(
                    codes::NAME_MISMATCH,
                    Severity::Hint,
                    node.range.clone(),
                    format!(
                        "Claude Code knows this agent as `{name}`, but the file is `{stem}.md`; matching names make agents easier to find."
                    ),
                );
                // The other way round (the file renamed) is the editor's: a file operation.
                if spec::NameRule::Claude.problem(stem, None).is_none() {
                    d = d.with_fix(Fix::replace(
                        format!("Change `name:` to `{stem}`"),
                        node.range.clone(),
                        stem.to_string(),
                    ));
                }
                cx.push(d);
            }
        }
        Dialect::ClaudeSkill => {
            let Some(folder) = cx.file.folder.as_deref() else {
                return;
            };
            if folder != name && spec::NameRule::Skill.problem(name, None).is_none() {
                // A project skill is named by its folder; a plugin skill by its `name`.
                let (severity, msg) = if cx.file.plugin {
                    (
                        Severity::Hint,
                        format!(
                            "This plugin skill is called `{name}` but lives in folder `{folder}`; the Agent Skills spec asks for the same name."
                        ),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "A skill's `name` must equal its folder name: `{name}` is in folder `{folder}`. Rename one of them."
                        ),
                    )
                };
                cx.push(
                    Diagnostic::new(codes::NAME_MISMATCH, severity, node.range.clone(), msg)
                        .with_fix(
                            Fix::replace(
                                format!("Change to `{folder}`"),
                                node.range.clone(),
                                folder.to_string(),
                            )
                            .preferred(),
                        ),
                );
            }
        }
        Dialect::AgentSkill => {
            let Some(folder) = cx.file.folder.as_deref() else {
                return;
            };
            // skills-ref compares the trimmed name with the folder's name.
            let name = name.trim();
            if folder == name || spec::NameRule::Skill.problem(name, None).is_some() {
                return;
            }
            let mut d = Diagnostic::new(
                codes::NAME_MISMATCH,
                Severity::Error,
                node.range.clone(),
                format!(
                    "{}: a skill's `name` must equal its folder's name, but `{name}` is in folder `{folder}`. Rename one of them.",
                    crate::analysis::verdict::consequence(cx.file)
                ),
            );
            if spec::NameRule::Skill.problem(folder, None).is_none() {
                d = d.with_fix(
                    Fix::replace(
                        format!("Change to `{folder}`"),
                        node.range.clone(),
                        folder.to_string(),
                    )
                    .preferred(),
                );
            }
            cx.push(d);
        }
        _ => {}
    }
}
