//! The verdict for loaders with exact fences (`block = "exact-fences"`, Gemini CLI): where
//! their pattern finds no block, or ends it elsewhere than the line scanner, and a frontmatter
//! written as a list of agents of the dialect's `list_variant`.

use super::{Diagnostic, FileContext, Fix, Severity, codes, consequence, yaml_errors};
use crate::loader::fences::{self, NoBlock};
use crate::schema::spec::schema;
use crate::syntax::{Document, NodeKind, strict};

/// The text as the loader reads it when it ends the block at a line the scanner does not see as
/// a closing line (`--- end`, `----`) and so drops the body: the file up to the closing dashes,
/// then a line break, with the warning about the dropped body. The caller analyses that text
/// instead (its offsets are the file's), so the frontmatter gets every rule.
pub(crate) fn reread(doc: &Document, file: &FileContext) -> Option<(String, Diagnostic)> {
    if schema(file.dialect).block != crate::schema::spec::BlockRule::ExactFences {
        return None;
    }
    let text = doc.text().slice(0..doc.text().len());
    let block = fences::find(&text).ok()?;
    let agrees = doc.scan().frontmatter().is_some_and(|fm| {
        fm.content.start == block.content.start && fm.close.is_some_and_start(block.close.start)
    });
    if agrees || block.body.is_some() {
        return None;
    }
    let nl = if text[..block.close.start].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let head = format!("{}{nl}", &text[..block.close.end]);
    Some((head, dropped_body(&text, &block, file)))
}

/// The closing `---` has more on its line: the loader drops the whole body.
fn dropped_body(text: &str, block: &fences::Block, file: &FileContext) -> Diagnostic {
    let line_end = text[block.close.end..]
        .find('\n')
        .map_or(text.len(), |i| block.close.end + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let mut d = Diagnostic::new(
        codes::FRONTMATTER_CUT,
        Severity::Warning,
        block.close.start..line_end,
        format!(
            "{} ends the frontmatter at this line but drops the whole body (the agent's prompt), because more follows the `---`. Leave `---` alone on the line.",
            schema(file.dialect).product
        ),
    );
    if block.close.end < line_end {
        d = d.with_fix(
            Fix::replace(
                "Leave `---` alone on its line",
                block.close.end..line_end,
                "",
            )
            .preferred()
            .safe(),
        );
    }
    d
}

/// `Some(loads)` when the block decides the verdict (no block, or a block the scanner does not
/// see the same way); `None` when the scanner's block is the loader's and the usual checks run.
pub(super) fn check(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> Option<bool> {
    let text = doc.text().slice(0..doc.text().len());
    let block = match fences::find(&text) {
        Ok(b) => b,
        Err(why) => {
            out.push(no_block(&text, file, why));
            return Some(false);
        }
    };
    if block.body.is_none() {
        out.push(dropped_body(&text, &block, file));
    }
    let same = doc.scan().frontmatter().is_some_and(|fm| {
        fm.content.start == block.content.start && fm.close.is_some_and_start(block.close.start)
    });
    if same {
        return None;
    }
    // The scanner sees another block (`--- end` does not close it for the scanner): judge the
    // YAML the loader reads, and leave the rules aside.
    let yaml = &text[block.content.clone()];
    if let Err(e) = strict::check(yaml) {
        out.push(yaml_errors::explain(
            yaml,
            block.content.start,
            block.content.start + e.offset,
            &e.message,
            consequence(file),
            Severity::Error,
            &super::is_known_key,
        ));
        return Some(false);
    }
    Some(true)
}

trait StartsAt {
    fn is_some_and_start(&self, at: usize) -> bool;
}

impl StartsAt for Option<std::ops::Range<usize>> {
    fn is_some_and_start(&self, at: usize) -> bool {
        self.as_ref().is_some_and(|r| r.start == at)
    }
}

fn no_block(text: &str, file: &FileContext, why: NoBlock) -> Diagnostic {
    let first_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let lead = consequence(file);
    match why {
        NoBlock::Bom => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            Severity::Error,
            0..first_end,
            format!("{lead}: a byte-order mark (BOM) comes before the `---`, so it finds no frontmatter. Save the file as UTF-8 without a BOM."),
        )
        .with_fix(Fix::replace("Remove the byte-order mark", 0..'\u{feff}'.len_utf8(), "").preferred().safe()),
        NoBlock::OpenNotAlone if text.starts_with("---") && text[3..first_end].trim().is_empty() && first_end < text.len() && text[first_end..].starts_with('\n') | text[first_end..].starts_with("\r\n") => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            Severity::Error,
            0..first_end,
            format!("{lead}: the opening `---` must be alone on the first line, without trailing spaces. Remove them."),
        )
        .with_fix(Fix::replace("Remove the trailing spaces", 3..first_end, "").preferred().safe()),
        NoBlock::OpenNotAlone | NoBlock::NoOpen => Diagnostic::new(
            codes::MISSING_FRONTMATTER,
            Severity::Error,
            0..first_end,
            format!("{lead}: an agent file must start with a `---` line, then `name:` and `description:`, then a `---` line (line breaks `\\n` or `\\r\\n`)."),
        ),
        NoBlock::NoClose => Diagnostic::new(
            codes::FRONTMATTER_UNTERMINATED,
            Severity::Error,
            0..3,
            format!("{lead}: no line starts with `---` after the opening one, so it finds no frontmatter. Add a `---` line (not indented) after the last key."),
        ),
    }
}

/// A frontmatter that is a list: each item must be an agent of the dialect's `list_variant`
/// (Gemini CLI: remote agents), with only that variant's keys, a `name` and one key of each
/// `one_of` group. Returns whether the list loads; `None` when the dialect reads no lists.
pub(super) fn list(doc: &Document, file: &FileContext, out: &mut Vec<Diagnostic>) -> Option<bool> {
    let s = schema(file.dialect);
    let variant = s.list_variant.as_deref()?;
    let node = doc.yaml().list.as_ref()?;
    let NodeKind::Sequence { items, .. } = &node.kind else {
        return None;
    };
    let before = out.len();
    let lead = consequence(file);
    for item in items {
        let NodeKind::Mapping { entries, .. } = &item.kind else {
            out.push(Diagnostic::new(codes::FRONTMATTER_NOT_MAPPING, Severity::Error, item.range.clone(),
                format!("{lead}: each item of the list must be a {variant} agent (`name:`, `agent_card_url:` ...), not {}.", item.describe())));
            continue;
        };
        for e in entries {
            let allowed = s
                .field(&e.key)
                .is_some_and(|f| f.variant.as_deref().is_none_or(|v| v == variant));
            if !allowed {
                out.push(Diagnostic::new(codes::UNKNOWN_KEY, Severity::Error, e.key_range.clone(),
                    format!("{lead}: a list in the frontmatter holds {variant} agents only, and `{}` is not a key of a {variant} agent. Remove it.", e.key)));
            }
        }
        if !entries.iter().any(|e| e.key == "name") {
            out.push(Diagnostic::new(
                codes::MISSING_NAME,
                Severity::Error,
                item.range.start..item.range.start,
                format!("{lead}: this list item has no `name`. Add one."),
            ));
        }
        let mut groups: Vec<&str> = s
            .fields
            .iter()
            .filter_map(|f| f.one_of.as_deref())
            .collect();
        groups.dedup();
        for g in groups {
            let n = entries
                .iter()
                .filter(|e| s.field(&e.key).and_then(|f| f.one_of.as_deref()) == Some(g))
                .count();
            if n != 1 {
                let members: Vec<String> = s
                    .fields
                    .iter()
                    .filter(|f| f.one_of.as_deref() == Some(g))
                    .map(|f| format!("`{}`", f.name))
                    .collect();
                out.push(Diagnostic::new(
                    codes::MISSING_KEY,
                    Severity::Error,
                    item.range.start..item.range.start,
                    format!(
                        "{lead}: a {variant} agent needs exactly one of {}.",
                        members.join(" or ")
                    ),
                ));
            }
        }
    }
    Some(out.len() == before)
}
