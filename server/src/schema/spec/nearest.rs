//! [`closest_name`](super::closest_name) asked many times over the same names: the names
//! prepared once (normalised, grouped by length, found by their normalised form), so a question
//! costs the names of about its own length, not every name.
//!
//! A workspace of 50,000 agents whose files name a few thousand agents that do not exist asks
//! once for each of those: each answer compared the name with every agent before.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::fuzzy::{eq_ignore_case, normalised, osa_within};

/// Names, in the order of the candidates they stand for (ties go to the earlier one).
#[derive(Debug, Default)]
pub struct NameTable {
    /// The names one after another; name `i`'s ends at `name_ends[i]`.
    names: String,
    name_ends: Vec<u32>,
    /// The normalised forms one after another; name `i`'s ends at `ends[i]`.
    norm: String,
    ends: Vec<u32>,
    /// The characters of each normalised form, as a set of 64 buckets: a name whose form has
    /// more characters the word's lacks (or the other way) than the distance allowed is skipped
    /// without computing the distance.
    letters: Vec<u64>,
    /// (hash of the normalised form, name), sorted: the names with a given form, in order (a
    /// 32-bit hash: every hit is compared).
    by_form: Vec<(u32, u32)>,
    /// The names sorted by (length of the normalised form in characters, order); those of
    /// length `l` are `by_len[len_starts[l]..len_starts[l + 1]]`.
    by_len: Vec<u32>,
    len_starts: Vec<u32>,
}

/// Piece `i` of `text`, whose pieces end at `ends`.
fn piece<'a>(text: &'a str, ends: &[u32], i: u32) -> &'a str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// The characters of `form` as a set of 64 buckets (characters sharing a bucket count as one:
/// the difference of two sets is never more than the characters one has and the other lacks).
fn letter_set(form: &str) -> u64 {
    form.chars().fold(0, |set, c| set | 1 << (c as u32 % 64))
}

fn form_hash(form: &str) -> u32 {
    let mut h = DefaultHasher::new();
    form.hash(&mut h);
    h.finish() as u32
}

impl NameTable {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameTable {
        let mut t = NameTable::default();
        let mut lens: Vec<u32> = Vec::new();
        for name in names {
            let start = t.norm.len();
            t.norm.extend(normalised(name));
            let form = &t.norm[start..];
            let i = t.name_ends.len() as u32;
            t.by_form.push((form_hash(form), i));
            lens.push(form.chars().count() as u32);
            t.letters.push(letter_set(form));
            t.ends.push(t.norm.len() as u32);
            t.names.push_str(name);
            t.name_ends.push(t.names.len() as u32);
        }
        t.by_form.sort_unstable();
        let count = t.name_ends.len() as u32;
        t.by_len = (0..count).collect();
        t.by_len.sort_unstable_by_key(|&i| (lens[i as usize], i));
        let longest = lens.iter().copied().max().map_or(0, |l| l as usize + 1);
        t.len_starts = vec![0; longest + 1];
        for &l in &lens {
            t.len_starts[l as usize + 1] += 1;
        }
        for l in 1..t.len_starts.len() {
            t.len_starts[l] += t.len_starts[l - 1];
        }
        t.norm.shrink_to_fit();
        t.names.shrink_to_fit();
        t
    }

    fn form(&self, i: u32) -> &str {
        piece(&self.norm, &self.ends, i)
    }

    fn name(&self, i: u32) -> &str {
        piece(&self.names, &self.name_ends, i)
    }

    /// The names whose normalised form hashes as `form`'s, in order.
    fn with_form(&self, form: &str) -> impl Iterator<Item = u32> + '_ {
        let h = form_hash(form);
        let from = self.by_form.partition_point(|&(x, _)| x < h);
        self.by_form[from..]
            .iter()
            .take_while(move |&&(x, _)| x == h)
            .map(|&(_, i)| i)
    }

    fn of_len(&self, len: usize) -> &[u32] {
        if len + 1 >= self.len_starts.len() {
            return &[];
        }
        &self.by_len[self.len_starts[len] as usize..self.len_starts[len + 1] as usize]
    }

    /// What [`closest_name`](super::closest_name)`(word, names)` answers, for the names the
    /// table was made of.
    pub fn closest(&self, word: &str) -> Option<&str> {
        self.closest_with(word).map(|(_, name)| name)
    }

    /// [`NameTable::closest`], with how close it is.
    fn closest_with(&self, word: &str) -> Option<(Closeness, &str)> {
        let exact = |step| Closeness { step, distance: 0 };
        let form: String = normalised(word).collect();
        // 1. The same word ignoring case: its normalised form is the same too, but for the odd
        //    non-ASCII case (a final sigma lowercases by its place in a word), so those look
        //    at every name.
        let same_case = |i: &u32| eq_ignore_case(self.name(*i), word);
        let found = if word.is_ascii() {
            self.with_form(&form).find(same_case)
        } else {
            (0..self.name_ends.len() as u32).find(same_case)
        };
        if let Some(i) = found {
            return Some((exact(1), self.name(i)));
        }
        if form.is_empty() {
            return None;
        }
        // 2. The same word ignoring case, `_`, `-` and spaces.
        if let Some(i) = self.with_form(&form).find(|&i| self.form(i) == form) {
            return Some((exact(2), self.name(i)));
        }
        // 4. The smallest edit distance within the limit, among names of about the same length
        //    (the distance is at least the difference of the lengths); ties to the earlier name.
        let chars: Vec<char> = form.chars().collect();
        let letters = letter_set(&form);
        let limit = (chars.len() / 3).max(1);
        let mut best: Option<(usize, u32)> = None;
        let (mut other, mut rows) = (Vec::new(), Vec::new());
        for len in chars.len().saturating_sub(limit)..=chars.len() + limit {
            for &i in self.of_len(len) {
                let bound = best.map_or(limit, |(d, _)| d);
                // Each edit removes at most one missing character from each side.
                let theirs = self.letters[i as usize];
                let missing = (theirs & !letters)
                    .count_ones()
                    .max((letters & !theirs).count_ones());
                if missing as usize > bound {
                    continue;
                }
                other.clear();
                other.extend(self.form(i).chars());
                let Some(d) = osa_within(&chars, &other, bound, &mut rows) else {
                    continue;
                };
                if best.is_none_or(|(b, j)| d < b || (d == b && i < j)) {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(distance, i)| (Closeness { step: 4, distance }, self.name(i)))
    }
}

/// How a name was found for a word: by an earlier step of "did you mean", then at a smaller
/// distance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Closeness {
    step: u8,
    distance: usize,
}

/// What [`closest_name`](super::closest_name) answers over the names of `first` followed by
/// those of `then`: the closer answer, `first`'s when they are as close (the earlier candidate
/// wins a tie). A large table shared by several lists that differ only in a few names after it
/// (the agents, and each product's built-ins).
pub fn closest_of<'a>(first: &'a NameTable, then: &'a NameTable, word: &str) -> Option<&'a str> {
    match (first.closest_with(word), then.closest_with(word)) {
        (Some(a), Some(b)) => Some(if b.0 < a.0 { b.1 } else { a.1 }),
        (a, b) => a.or(b).map(|(_, name)| name),
    }
}

#[cfg(test)]
mod tests {
    use super::super::closest_name;
    use super::*;

    /// The table answers as `closest_name` does over the same names, ties included.
    #[test]
    fn answers_as_closest_name() {
        let names = [
            "backend-dev",
            "backend-developer",
            "Backend_Dev",
            "frontend-dev",
            "code-reviewer",
            "code-reviewr",
            "review",
            "team",
            "slack-team",
            "a",
            "-",
            "éclair",
            "ECLAIR",
            "data-scientist",
            "data-scientits",
            "ΟΔΟΣ",
        ];
        let table = NameTable::new(names);
        let words = [
            "backend-deve",
            "backend-enginer",
            "BACKEND-DEV",
            "backend_dev",
            "code-reviewer",
            "code-reveiwer",
            "codereviewer",
            "revew",
            "slack-team",
            "slack",
            "b",
            "-",
            "_",
            "",
            "Éclair",
            "eclair",
            "data-scientis",
            "data-scientsit",
            "nothing-like-it",
            "οδος",
            "Οδος",
        ];
        for w in words {
            assert_eq!(
                table.closest(w),
                closest_name(w, names.iter().copied()),
                "{w:?}"
            );
        }
        assert_eq!(NameTable::new([]).closest("x"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Random names and words: the same answers as `closest_name`, ties included.
        #[test]
        fn answers_as_closest_name_on_random_names(
            names in proptest::collection::vec("[a-dA-D_-]{0,9}", 0..40),
            words in proptest::collection::vec("[a-dA-D_-]{0,9}", 1..10),
        ) {
            let table = NameTable::new(names.iter().map(String::as_str));
            for w in &words {
                proptest::prop_assert_eq!(
                    table.closest(w),
                    closest_name(w, names.iter().map(String::as_str)),
                    "{:?}", w
                );
            }
        }

        /// Two tables answer as `closest_name` over their names one after the other.
        #[test]
        fn two_tables_answer_as_their_names_in_order(
            first in proptest::collection::vec("[a-cA-C_-]{0,7}", 0..20),
            then in proptest::collection::vec("[a-cA-C_-]{0,7}", 0..6),
            words in proptest::collection::vec("[a-cA-C_-]{0,7}", 1..8),
        ) {
            let a = NameTable::new(first.iter().map(String::as_str));
            let b = NameTable::new(then.iter().map(String::as_str));
            let all = || first.iter().chain(&then).map(String::as_str);
            for w in &words {
                proptest::prop_assert_eq!(
                    closest_of(&a, &b, w),
                    closest_name(w, all()),
                    "{:?}", w
                );
            }
        }
    }
}
