//! Cross-file diagnostics: references that name nothing, duplicate agent names, broken links.
//! Computed from the index for one file at a time, in O(that file's references).

use std::cell::OnceCell;
use std::path::Path;

use super::builtins::builtins;
use super::identity::{Family, Kind, loose};
use super::index::{Index, IndexEntry};
use super::resolve::{self, link_target};
use crate::analysis::summary::{RefKind, Reference};
use crate::analysis::{Diagnostic, Elsewhere, Fix, Settings, Severity, codes};
use crate::schema::spec::{NameTable, closest_of};

/// The cross-file diagnostics of the indexed file `path`, with the configured severities
/// applied. Name checks need a complete index: before discovery finishes only links are checked.
pub fn diagnostics(index: &Index, path: &Path, settings: &Settings) -> Vec<Diagnostic> {
    match index.get(path) {
        Some(entry) => entry_diagnostics(index, entry, settings),
        None => Vec::new(),
    }
}

/// [`diagnostics`] for an entry that may not be in the index (a file `check --fix` rewrote).
pub fn entry_diagnostics(
    index: &Index,
    entry: &IndexEntry,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let path: &Path = &entry.path;
    let mut out = Vec::new();
    if index.complete {
        let uses_at = OnceCell::new();
        for r in &entry.summary.refs {
            if r.kind.is_explicit() && resolve::resolve(index, entry, r).is_none() {
                unresolved(index, entry, r, &uses_at, &mut out);
            }
        }
        duplicates(index, entry, &mut out);
    }
    // Only links to files (a name with an extension): `[x](internal-wiki/page)` and
    // `![](thumbnail_url)` are placeholders more often than paths.
    let file_like = |t: &str| {
        t.rsplit('/').next().is_some_and(|name| {
            name.contains('.') && !name.starts_with('.') && !name.ends_with('.')
        })
    };
    for link in entry
        .summary
        .links
        .iter()
        .filter(|l| l.markdown && file_like(&l.target))
    {
        let Some(target) = link_target(index, path, link) else {
            continue;
        };
        if index.get(&target).is_none() && !target.exists() {
            out.push(Diagnostic::new(
                codes::BROKEN_LINK,
                Severity::Warning,
                link.span.range(),
                format!(
                    "The link points to `{}`, which does not exist. Fix the path or create the file.",
                    link.target
                ),
            ));
        }
    }
    settings.apply_severities(&mut out);
    out
}

/// The name `r` (which resolves to nothing) probably meant: the nearest of the workspace's
/// skills, or of its agents (plain and qualified) followed by the built-ins of the file's
/// product ([`closest_of`]). The workspace's names are prepared once
/// ([`NameTable`](crate::schema::spec::NameTable)) and the answers cached in the index until the
/// set of names changes.
pub(super) fn suggestion(index: &Index, from: &IndexEntry, r: &Reference) -> Option<String> {
    let skill = r.kind.is_skill();
    let family = from.family();
    index.suggestion(&r.name, skill, family, |names| {
        let product_builtins;
        let found = if skill {
            names.closest(&r.name)
        } else {
            product_builtins = NameTable::new(
                builtins()
                    .iter()
                    .filter(|b| b.family == family)
                    .map(|b| b.name),
            );
            closest_of(names, &product_builtins, &r.name)
        };
        found
            // A suggestion must be about as long as the name: `@slack-team` is no typo of `team`.
            .filter(|s| {
                let (a, b) = (loose(s).chars().count(), loose(&r.name).chars().count());
                a.abs_diff(b) <= (a.max(b) / 3).max(1)
            })
            .map(str::to_string)
    })
}

/// An explicit reference that resolves to nothing is a problem worth reporting, except a
/// mention in prose, which may be a person or a package: that one only with a likely typo,
/// written as a delegation ([`Reference::delegation`]), or in a file that uses `@` for agents
/// elsewhere (`mentions_agents`, asked only then).
pub(super) fn reportable(
    r: &Reference,
    suggestion: Option<&str>,
    mentions_agents: impl FnOnce() -> bool,
) -> bool {
    r.kind != RefKind::Mention || suggestion.is_some() || r.delegation || mentions_agents()
}

/// `from` has a mention that names an agent. O(its mentions).
pub(super) fn mentions_agents(index: &Index, from: &IndexEntry) -> bool {
    from.summary
        .refs
        .iter()
        .any(|o| o.kind == RefKind::Mention && resolve::resolve(index, from, o).is_some())
}

fn unresolved(
    index: &Index,
    from: &IndexEntry,
    r: &Reference,
    uses_at: &OnceCell<bool>,
    out: &mut Vec<Diagnostic>,
) {
    let suggestion = suggestion(index, from, r);
    let uses_at = || *uses_at.get_or_init(|| mentions_agents(index, from));
    if !reportable(r, suggestion.as_deref(), uses_at) {
        return;
    }
    let hint = match &suggestion {
        Some(s) => format!(" Did you mean `{s}`?"),
        None => String::new(),
    };
    let (code, message) = if r.kind.is_skill() {
        (
            codes::UNRESOLVED_SKILL,
            format!(
                "No skill named `{}` exists in the workspace, so {} cannot preload it.{hint} Fix the name, or create `skills/{}/SKILL.md`.",
                r.name,
                from.dialect().product(),
                r.name
            ),
        )
    } else {
        (
            codes::UNRESOLVED_AGENT,
            format!(
                "No agent named `{}` is defined in the workspace or built into {}: this {} delegates to nothing.{hint}{}",
                r.name,
                from.dialect().product(),
                r.kind.describe(),
                if suggestion.is_some() {
                    ""
                } else {
                    " Fix the name, or create the agent."
                }
            ),
        )
    };
    let mut d = Diagnostic::new(code, Severity::Warning, r.span.range(), message);
    if let Some(s) = suggestion {
        d = d.with_fix(Fix::replace(format!("Change to `{s}`"), r.span.range(), s).preferred());
    }
    out.push(d);
}

/// The other agents that define `entry`'s name in its scope, of which the product loads only
/// one.
pub(super) fn same_named<'a>(index: &'a Index, entry: &IndexEntry) -> Vec<&'a IndexEntry> {
    let Some(id) = &entry.identity else {
        return Vec::new();
    };
    // Claude Code documents that only one of two same-named agents loads, and OpenCode keys
    // its agents by name; for Copilot the file name is the identity that must be unique.
    if id.kind != Kind::Agent || id.family == Family::Copilot {
        return Vec::new();
    }
    index
        .agents_named(&id.name)
        .into_iter()
        .filter(|e| {
            e.path != entry.path
                && e.origin.scope == entry.origin.scope
                && e.family() == entry.family()
                // Claude Code and Auggie CLI register agents under their exact names (`Explore`
                // and `explore` are two agents: tests/conformance/claude-code, .../augment);
                // OpenCode keys them by file name, compared loosely as before.
                && e.identity.as_ref().is_some_and(|o| {
                    if matches!(id.family, Family::Claude | Family::Augment) {
                        o.name == id.name
                    } else {
                        loose(&o.name) == loose(&id.name)
                    }
                })
        })
        .collect()
}

fn duplicates(index: &Index, entry: &IndexEntry, out: &mut Vec<Diagnostic>) {
    let Some(id) = &entry.identity else { return };
    let others = same_named(index, entry);
    if others.is_empty() {
        return;
    }
    let range = entry
        .summary
        .name
        .as_ref()
        .filter(|_| id.from_field)
        .map_or(0..0, |n| n.span.range());
    let list: Vec<String> = others
        .iter()
        .map(|o| format!("`{}`", relative(&o.path, &entry.origin.scope)))
        .collect();
    let mut d = Diagnostic::new(
        codes::DUPLICATE_AGENT_NAME,
        Severity::Warning,
        range,
        format!(
            "{} also define{} an agent named `{}` in this scope: {} loads only one of them, and the file system's order decides which. Rename one of them.",
            list.join(", "),
            if others.len() == 1 { "s" } else { "" },
            id.name,
            entry.dialect().product()
        ),
    );
    for o in others {
        let span = o
            .summary
            .name
            .as_ref()
            .filter(|_| o.identity.as_ref().is_some_and(|i| i.from_field))
            .map(|n| n.span.clone())
            .unwrap_or_else(crate::analysis::summary::Span::zero);
        d = d.with_related_elsewhere(
            Elsewhere {
                path: o.path.to_path_buf(),
                start: span.start,
                end: span.end,
            },
            format!("`{}` is also defined here", id.name),
        );
    }
    out.push(d);
}

fn relative(path: &Path, base: &Path) -> String {
    let base = base.parent().unwrap_or(base);
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
