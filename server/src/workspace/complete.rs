//! Agent names completed in the body: after `@` and inside `subagent_type: "`, from the index
//! (the agents the file's product can see, and its built-ins), as the analysis's completion
//! items.

use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::Path;

use super::builtins::{Builtin, builtins};
use super::identity::{Family, Kind, loose};
use super::index::{Index, IndexEntry};
use super::navigate::product;
use crate::analysis::completion::{
    CompletionItem, CompletionKind, CompletionMode, loose_chars, match_rank,
};

/// The agents a `from` file can name whose name matches `typed` (a prefix first, then a
/// subsequence; see [`match_rank`]): its product's agents and built-ins, at most `limit` of
/// them, `from` itself left out. Among equal matches the team's agents (same dialect, same
/// workspace or plugin) come first, then the built-ins, then the other agents it can see; the
/// order is the items' `sort_text`. A plugin agent of another plugin is offered by its qualified
/// name. The second value says whether the list was cut at `limit` (the client asks again as
/// the user types). O(agents) comparisons without allocating; only the items returned are built.
// Long: candidates, ranking, the cut at `limit` and the items built for what is kept share
// borrowed data; splitting them would force copies on the typing path.
pub fn completions(
    index: &Index,
    from: &Path,
    mode: CompletionMode,
    typed: &str,
    replace: Range<usize>,
    limit: usize,
) -> (Vec<CompletionItem>, bool) {
    let _ = mode;
    let me = index.get(from);
    let family = me.map(IndexEntry::family);
    let scope = me.map(|e| &e.origin.scope);
    let dialect = me.map(IndexEntry::dialect);
    let sees = |f: Family| match family {
        None => true,
        Some(from) => from == f || (from == Family::Copilot && f == Family::Claude),
    };
    let typed: Vec<char> = loose_chars(typed);
    let label_of = |e: &'_ IndexEntry| -> Option<String> {
        let id = e.identity.as_ref()?;
        Some(match &id.qualified {
            Some(q) if scope != Some(&e.origin.scope) => q.clone(),
            _ => id.name.clone(),
        })
    };
    enum Source<'a> {
        Agent(&'a IndexEntry),
        Builtin(&'a Builtin),
    }
    /// The team's agents, the built-ins, the other agents.
    const TEAM: u8 = 0;
    const BUILTIN: u8 = 1;
    const OTHER: u8 = 2;
    // The `limit` best so far, the worst of them on top (see `Best`).
    let mut best = Best {
        heap: BinaryHeap::with_capacity(limit + 1),
        limit,
        matched: 0,
    };
    for e in index.entries() {
        let Some(id) = e.identity.as_ref().filter(|i| i.kind == Kind::Agent) else {
            continue;
        };
        if !sees(id.family) {
            continue;
        }
        let label = match &id.qualified {
            Some(q) if scope != Some(&e.origin.scope) => q.as_str(),
            _ => id.name.as_str(),
        };
        if let Some(rank) = match_rank(&typed, label) {
            // The file being edited is not offered (compared as bytes: no path parsing).
            if e.path.as_os_str() == from.as_os_str() {
                continue;
            }
            let team = scope == Some(&e.origin.scope) && dialect == Some(e.dialect());
            let group = if team || me.is_none() { TEAM } else { OTHER };
            best.offer(rank, group, || (label, &id.name, &e.path, Source::Agent(e)));
        }
    }
    for b in builtins() {
        if !sees(b.family) {
            continue;
        }
        // A workspace agent offered under the same name hides the built-in.
        let shadowed = index.agents_named(b.name).into_iter().any(|e| {
            e.identity.as_ref().is_some_and(|i| sees(i.family))
                && e.path.as_os_str() != from.as_os_str()
                && label_of(e).is_some_and(|l| loose(&l) == loose(b.name))
        });
        if shadowed {
            continue;
        }
        if let Some(rank) = match_rank(&typed, b.name) {
            best.offer(rank, BUILTIN, || {
                (b.name, b.name, Path::new(""), Source::Builtin(b))
            });
        }
    }
    /// (rank, group, label, tie-breaks: the agent's name and path as the sorted agent list had
    /// them), ordered by those.
    struct Ranked<'a>((u8, u8, &'a str, &'a str, &'a Path, Source<'a>));
    impl Ranked<'_> {
        fn key(&self) -> (u8, u8, &str, &str, &Path) {
            let f = &self.0;
            (f.0, f.1, f.2, f.3, f.4)
        }
    }
    impl PartialEq for Ranked<'_> {
        fn eq(&self, other: &Self) -> bool {
            self.key() == other.key()
        }
    }
    impl Eq for Ranked<'_> {}
    impl PartialOrd for Ranked<'_> {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Ranked<'_> {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.key().cmp(&other.key())
        }
    }
    /// The `limit` best matches so far in a heap whose top is the worst of them. A match ranked
    /// or grouped below that worst one is turned away on those two bytes, without comparing
    /// labels: with every agent matching (right after `@`), most are.
    struct Best<'a> {
        heap: BinaryHeap<Ranked<'a>>,
        limit: usize,
        matched: usize,
    }
    impl<'a> Best<'a> {
        fn offer(
            &mut self,
            rank: u8,
            group: u8,
            rest: impl FnOnce() -> (&'a str, &'a str, &'a Path, Source<'a>),
        ) {
            self.matched += 1;
            let item = || {
                let (label, name, path, source) = rest();
                Ranked((rank, group, label, name, path, source))
            };
            if self.heap.len() < self.limit {
                self.heap.push(item());
                return;
            }
            let Some(worst) = self.heap.peek() else {
                return;
            };
            if (rank, group) > (worst.0.0, worst.0.1) {
                return;
            }
            let item = item();
            if item < *worst {
                self.heap.pop();
                self.heap.push(item);
            }
        }
    }
    let cut = best.matched > limit;
    // In order; an agent whose label is kept has its smallest duplicate kept too.
    let mut found: Vec<Ranked<'_>> = best.heap.into_sorted_vec();
    found.dedup_by(|a, b| a.0.2 == b.0.2);
    let out = found
        .into_iter()
        .enumerate()
        .map(|(i, Ranked((_, _, label, _, _, source)))| {
            let mut item = match source {
                Source::Agent(e) => {
                    let mut detail = format!("{} agent", e.dialect().product());
                    if let Some(p) = &e.origin.plugin {
                        detail.push_str(&format!(" (plugin {p})"));
                    }
                    let doc = e.summary.description.clone();
                    CompletionItem::name(label, CompletionKind::Agent, detail, doc, replace.clone())
                }
                Source::Builtin(b) => CompletionItem::name(
                    b.name,
                    CompletionKind::BuiltinAgent,
                    format!("built into {}", product(b.family)),
                    Some(b.description.to_string()),
                    replace.clone(),
                ),
            };
            item.sort_text = Some(format!("{i:04}"));
            item.filter_text = Some(item.label.clone());
            item
        })
        .collect();
    (out, cut)
}
