//! Delegation as calls: who delegates to an agent (incoming), whom it delegates to (outgoing),
//! and how many files delegate to it (the code lens). The same resolution as references and
//! the team graph: a file "calls" another when one of its references resolves to it. A file's
//! mentions of itself are not calls.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::identity::{Identity, Kind, loose_eq};
use super::index::{Index, IndexEntry};
use super::navigate::{Location, declaration, files_at};
use super::resolve::{Resolution, resolve};
use crate::analysis::summary::{FileSummary, Span};

/// One agent, skill or command in a call hierarchy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallItem {
    pub path: PathBuf,
    pub name: String,
    pub kind: Kind,
    /// The first line of the description.
    pub detail: Option<String>,
    /// Its `name:` value (else the start of the file).
    pub declaration: Span,
}

/// The other side of a call and where the call is written: for incoming calls, ranges in the
/// caller; for outgoing calls, ranges in the file asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub item: CallItem,
    pub ranges: Vec<Span>,
}

fn item(e: &IndexEntry) -> CallItem {
    CallItem {
        path: e.path.to_path_buf(),
        name: e.identity.as_ref().map_or_else(
            || e.origin.stem.to_string(),
            |i| i.qualified.clone().unwrap_or_else(|| i.name.clone()),
        ),
        kind: e.kind(),
        detail: e
            .summary
            .description
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty()),
        declaration: declaration(e).span,
    }
}

/// Prepare: the agents or skills the cursor names (a reference, or the `name:`).
pub fn call_items(index: &Index, path: &Path, offset: usize) -> Vec<CallItem> {
    files_at(index, path, offset)
        .into_iter()
        .filter(|e| e.identity.is_some())
        .map(item)
        .collect()
}

/// The calls of `from` that resolve to files other than itself: (target path, span).
/// `summary` is `from`'s with every reference in place ([`Index::full_summary`]).
fn calls_of<'a>(
    index: &'a Index,
    from: &IndexEntry,
    summary: &FileSummary,
) -> Vec<(&'a Path, Span)> {
    // A description that names an agent does not delegate to it.
    let refs = summary.refs.iter().filter(|r| r.kind.delegates());
    refs.flat_map(|r| {
        let targets = match resolve(index, from, r) {
            Some(Resolution::Files(files)) => files,
            _ => Vec::new(),
        };
        targets
            .into_iter()
            .filter(|t| t.path != from.path)
            .map(|t| (&*t.path, r.span.clone()))
            .collect::<Vec<_>>()
    })
    .collect()
}

/// Group `(path, span)` pairs into calls, sorted by name then path.
fn group<'a>(index: &Index, pairs: impl Iterator<Item = (&'a Path, Span)>) -> Vec<Call> {
    let mut by_path: BTreeMap<&Path, Vec<Span>> = BTreeMap::new();
    for (p, span) in pairs {
        by_path.entry(p).or_default().push(span);
    }
    let mut out: Vec<Call> = by_path
        .into_iter()
        .filter_map(|(p, mut ranges)| {
            ranges.sort_by_key(|s| (s.range().start, s.range().end));
            ranges.dedup();
            Some(Call {
                item: item(index.get(p)?),
                ranges,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.item.name, &a.item.path).cmp(&(&b.item.name, &b.item.path)));
    out
}

/// The files that delegate to `target`, each with the places that name it.
///
/// A reference resolves by its loose name, so only the files that write one of the target's
/// names can call it: those are resolved (closed ones read again for the places, in parallel),
/// not every reference of the workspace.
pub fn incoming_calls(index: &Index, target: &Path) -> Vec<Call> {
    let Some(keys) = index
        .get(target)
        .and_then(|t| t.identity.as_ref())
        .map(Identity::loose_names)
    else {
        return Vec::new();
    };
    let writes_name = |e: &IndexEntry| {
        e.summary
            .names()
            .any(|(n, _)| keys.iter().any(|k| loose_eq(n, k)))
    };
    let callers: Vec<&IndexEntry> = index.entries().filter(|e| writes_name(e)).collect();
    let pairs = index
        .summaries_naming(callers, &keys)
        .into_iter()
        .flat_map(|(e, summary)| {
            calls_of(index, e, &summary)
                .into_iter()
                .filter(|(p, _)| *p == target)
                .map(|(_, span)| (&*e.path, span))
                .collect::<Vec<_>>()
        });
    group(index, pairs)
}

/// The files `from` delegates to, each with the places in `from` that name it.
pub fn outgoing_calls(index: &Index, from: &Path) -> Vec<Call> {
    let Some(e) = index.get(from) else {
        return Vec::new();
    };
    group(
        index,
        calls_of(index, e, &index.full_summary(e)).into_iter(),
    )
}

/// Who delegates to a file, for its code lens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delegators {
    /// Files of each kind that name it (each file once).
    pub agents: usize,
    pub skills: usize,
    pub commands: usize,
    /// Every place that names it, sorted.
    pub places: Vec<Location>,
}

impl Delegators {
    /// "delegated to by 2 agents, 1 command" (a skill is "used by").
    pub fn title(&self, kind: Kind) -> String {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut parts = vec![plural(self.agents, "agent")];
        if self.skills > 0 {
            parts.push(plural(self.skills, "skill"));
        }
        if self.commands > 0 {
            parts.push(plural(self.commands, "command"));
        }
        let verb = match kind {
            Kind::Skill => "used by",
            Kind::Agent | Kind::Command => "delegated to by",
        };
        format!("{verb} {}", parts.join(", "))
    }
}

/// Who delegates to the file at `path` (`None`: it is not indexed or defines no name).
pub fn delegators(index: &Index, path: &Path) -> Option<Delegators> {
    let target = index.get(path)?;
    target.identity.as_ref()?;
    let mut out = Delegators::default();
    for call in incoming_calls(index, &target.path) {
        match call.item.kind {
            Kind::Agent => out.agents += 1,
            Kind::Skill => out.skills += 1,
            Kind::Command => out.commands += 1,
        }
        out.places
            .extend(call.ranges.into_iter().map(|span| Location {
                path: call.item.path.clone(),
                span,
            }));
    }
    Some(out)
}
