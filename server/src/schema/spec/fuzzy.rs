//! "Did you mean": the candidate a misspelt word most likely meant.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::*;

// ---------------------------------------------------------------------------------------------
// "Did you mean"
// ---------------------------------------------------------------------------------------------

/// [`did_you_mean`] among the current tools of `schema` (no tools from settings), remembered per
/// dialect and name: a tree of agents repeats the same unknown names many times over.
pub fn suggest_current_tool(schema: &'static DialectSchema, name: &str) -> Option<&'static str> {
    type Memo = HashMap<(Dialect, String), Option<&'static str>>;
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    let memo = MEMO.get_or_init(Mutex::default);
    let key = (schema.dialect, name.to_string());
    if let Some(hit) = memo.lock().ok().and_then(|m| m.get(&key).copied()) {
        return hit;
    }
    let found = did_you_mean(name, schema.current_tool_names());
    if let Ok(mut m) = memo.lock() {
        // Bounded: names typed in an editor come and go.
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(key, found);
    }
    found
}

/// The candidate `word` was most likely meant to be, or `None` if nothing is close enough.
///
/// Tried in order, the first hit wins:
/// 1. the same word ignoring case (`read` → `Read`);
/// 2. the same word ignoring case, `_`, `-` and spaces (`mcp_servers` → `mcpServers`);
/// 3. a candidate equal to a part of the word cut at `_`, `-` or spaces, longest part first
///    (`bright_yellow` → `yellow`, `allowed-tools` → `tools`); parts shorter than 3 letters
///    do not count;
/// 4. the smallest edit distance (optimal string alignment: insertions, deletions, substitutions,
///    adjacent transpositions) between the normalised forms of step 2, if it is at most
///    `max(1, len / 3)` for a word of `len` characters (`Grpe` → `Grep`). Ties go to the
///    earlier candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    suggest(word, candidates, true)
}

/// The name (of an agent or a skill) `word` most likely misspells: [`did_you_mean`] without its
/// step 3. A part of a name is no match for it: `backend-deve` is `backend-dev` misspelt, not
/// `backend` with something added, so among names the closest by edit distance wins.
pub fn closest_name<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    suggest(word, candidates, false)
}

/// [`did_you_mean`]; with `parts` false, without its step 3.
fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    parts: bool,
) -> Option<&'a str> {
    // Steps 1 and 2 and 3 need each candidate's normalised form; step 4 only the candidates
    // whose length is close enough (the distance is at least the difference of the lengths), so
    // the forms are kept without allocating one string per candidate.
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(c) = candidates.iter().find(|c| eq_ignore_case(c, word)) {
        return Some(c);
    }
    let norm: Vec<char> = normalised(word).collect();
    if norm.is_empty() {
        return None;
    }
    if let Some(c) = candidates
        .iter()
        .find(|c| normalised(c).eq(norm.iter().copied()))
    {
        return Some(c);
    }

    let parts: Vec<String> = if !parts {
        Vec::new()
    } else {
        word.split(is_separator)
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    for len in (1..parts.len()).rev() {
        for window in parts.windows(len) {
            let joined = window.concat();
            if joined.chars().count() < 3 {
                continue;
            }
            if let Some(c) = candidates.iter().find(|c| normalised(c).eq(joined.chars())) {
                return Some(c);
            }
        }
    }

    let limit = (norm.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut other = Vec::new();
    let mut rows = Vec::new();
    for c in &candidates {
        other.clear();
        other.extend(normalised(c));
        // Only a smaller distance than the best so far counts (ties go to the earlier one).
        let bound = match best {
            Some((0, _)) => break,
            Some((b, _)) => b - 1,
            None => limit,
        };
        if let Some(d) = osa_within(&norm, &other, bound, &mut rows) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `a` and `b` differ by at most one edit (an insertion, deletion, substitution or adjacent
/// transposition) once case, `_`, `-` and spaces are ignored: `descripton` and `description`,
/// `tool` and `tools`, `Model` and `model`.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = normalised(a).collect();
    let b: Vec<char> = normalised(b).collect();
    osa_within(&a, &b, 1, &mut Vec::new()).is_some()
}

pub(super) fn is_separator(c: char) -> bool {
    matches!(c, '_' | '-' | ' ')
}

/// Equal after `to_lowercase` of both.
pub(super) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// Lowercase, without `_`, `-` and spaces.
pub(super) fn normalised(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !is_separator(*c))
        .flat_map(char::to_lowercase)
}

/// The optimal string alignment distance (restricted Damerau-Levenshtein) of `a` and `b` if it
/// is at most `bound`, else `None`, found without filling the rest of the table once a whole
/// row exceeds `bound` (a row's smallest value never decreases below); `rows` is scratch space.
pub(super) fn osa_within(
    a: &[char],
    b: &[char],
    bound: usize,
    rows: &mut Vec<usize>,
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let width = b.len() + 1;
    rows.clear();
    rows.resize((a.len() + 1) * width, 0);
    let d = rows;
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * width] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > bound {
            return None;
        }
    }
    let distance = d[a.len() * width + b.len()];
    (distance <= bound).then_some(distance)
}

/// Optimal string alignment distance (restricted Damerau-Levenshtein); `rows` is scratch space.
/// The tests' measure of names; the code asks [`osa_within`] for a bound.
#[cfg(test)]
pub(super) fn osa_distance(a: &[char], b: &[char], rows: &mut Vec<usize>) -> usize {
    // No bound: always an answer.
    osa_within(a, b, usize::MAX, rows).unwrap_or(usize::MAX)
}
