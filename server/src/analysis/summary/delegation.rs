//! Where a mention is written as a delegation: after a phrase that hands work to an agent
//! ("Delegate to @devops when:"), or in a table's column of agents (`| Task | Delegate To |`).
//! An `@name` there that names no agent is worth reporting; elsewhere in prose `@` also marks
//! people, packages and decorators.

/// The phrases that hand work to the agent mentioned after them (lowercase, whole words).
const CUES: &[&str] = &[
    "delegate to",
    "hand off to",
    "handoff to",
    "escalate to",
    "collaborate with",
    "route to",
    "invoke",
];

/// Table headers of a column that names agents (lowercase, without emphasis).
const COLUMNS: &[&str] = &["delegate to", "delegates to", "agent", "agents"];

/// How far after its phrase a mention may stand (in bytes), as in "delegate to the @x agent"
/// or "escalate to @a, @b or @c".
const MAX_GAP: usize = 80;

/// `before` (the line up to a mention's `@`) ends in a delegation phrase: the phrase, then
/// (after an optional `:` and emphasis) nothing that ends the clause.
pub(super) fn after_cue(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    CUES.iter().any(|cue| {
        lower.match_indices(cue).any(|(i, _)| {
            let end = i + cue.len();
            let bytes = lower.as_bytes();
            if word(i.checked_sub(1).map(|p| bytes[p])) || word(bytes.get(end).copied()) {
                return false;
            }
            let gap = lower[end..]
                .trim_start_matches(|c: char| matches!(c, '*' | '_' | ':') || c.is_whitespace());
            gap.len() <= MAX_GAP && !gap.contains(['.', ';', ':', '!', '?', '|'])
        })
    })
}

/// The cell of a table row that `before` (the row up to a place) ends in: the number of
/// unescaped `|` before it, as [`header_column`] counts the header's cells.
pub(super) fn cell_index(before: &str) -> usize {
    let bytes = before.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// The cell of a table header that names agents ([`COLUMNS`]).
fn header_column(header: &str) -> Option<usize> {
    header.split('|').position(|cell| {
        let t = cell
            .trim()
            .trim_matches(['*', '_', '`'])
            .trim()
            .to_ascii_lowercase();
        COLUMNS.contains(&t.as_str())
    })
}

/// The delegation columns of the tables of one text, looked up row by row: the table a row
/// belongs to is the run of `|` lines around it, its header the first of them. Rows asked for
/// in order reuse the previous answer, so a scan walks each table once.
#[derive(Default)]
pub(super) struct Tables {
    /// The start of the last line asked for and its table's delegation column.
    last: Option<(usize, Option<usize>)>,
}

impl Tables {
    /// The delegation column of the table holding the line that starts at `line_start` in
    /// `text` (a `|` line), or `None` when it has none or the line is the header.
    pub(super) fn column(&mut self, text: &str, line_start: usize) -> Option<usize> {
        let mut top = line_start;
        let mut known = None;
        while top > 0 {
            if let Some((row, col)) = self.last
                && row == top
                && top != line_start
            {
                known = Some(col);
                break;
            }
            let prev = text[..top - 1].rfind('\n').map_or(0, |i| i + 1);
            if !is_table_line(&text[prev..top - 1]) {
                break;
            }
            top = prev;
        }
        let col = known.unwrap_or_else(|| {
            let end = text[top..].find('\n').map_or(text.len(), |i| top + i);
            header_column(&text[top..end])
        });
        self.last = Some((line_start, col));
        if known.is_none() && top == line_start {
            None
        } else {
            col
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        for yes in [
            "Delegate to ",
            "- **Delegate to:** ",
            "When blocked, escalate to the ",
            "Hand off to @a, ",
            "handoff to ",
            "Collaborate with ",
            "Route to (",
            "Invoke ",
        ] {
            assert!(after_cue(yes), "{yes:?}");
        }
        for no in [
            "Delegate to the team. Ask ",
            "Contact ",
            "The invoked ",
            "predelegate to ",
            "Delegate to x; cc ",
            "| Delegate to | ",
        ] {
            assert!(!after_cue(no), "{no:?}");
        }
    }

    #[test]
    fn table_columns() {
        let text =
            "| Task | Delegate To |\n|---|---|\n| Deploy | x |\n| Test | y |\n\n| Agent |\n| a |\n";
        let mut t = Tables::default();
        let row = |n: usize| {
            text.match_indices('\n')
                .nth(n - 1)
                .map_or(0, |(i, _)| i + 1)
        };
        assert_eq!(t.column(text, 0), None, "the header itself");
        assert_eq!(t.column(text, row(2)), Some(2));
        assert_eq!(t.column(text, row(3)), Some(2));
        // Asked out of order, without the previous row: walked back to the header.
        assert_eq!(Tables::default().column(text, row(3)), Some(2));
        assert_eq!(t.column(text, row(6)), Some(1));
        assert_eq!(cell_index("| Test | "), 2);
        assert_eq!(cell_index("| a \\| b | "), 2);
    }
}
