//! The strict verdict: will a YAML 1.2 loader accept this frontmatter? The saphyr project's
//! event parser answers, with its message and position. Only events are produced: nothing is
//! built, so aliases are never expanded and deep nesting costs no recursion here.

use saphyr_parser::{Event, Parser};

/// Why a strict YAML loader rejects the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrictError {
    /// Byte offset into the checked text.
    pub offset: usize,
    /// The loader's own words.
    pub message: String,
}

/// How many closing brackets [`check`] re-indents before it gives up.
const MAX_BRACKET_PATCHES: usize = 64;

/// `Ok` when the text is one well-formed YAML document (or empty).
///
/// One leniency, because every loader the tools use has it (js-yaml, eemeli/yaml, libyaml): the
/// closing `]` or `}` of a multi-line flow collection may sit at its parent's indentation.
/// YAML 1.2 forbids that and saphyr says "invalid indentation"; here such a bracket is re-indented
/// in a scratch copy and the check runs again.
pub fn check(text: &str) -> Result<(), StrictError> {
    accepted(text).map(|_| ())
}

/// Like [`check`], and on success streams the parser's events of the accepted text (with any
/// closing brackets re-indented) to `sink`, for a caller that builds values.
pub fn events(text: &str, sink: &mut dyn FnMut(&Event<'_>)) -> Result<(), StrictError> {
    // One parse when the text is accepted as it is (nearly always): its events, kept until the
    // end of the stream shows one well-formed document, are those a second parse would give.
    let mut parser = Parser::new_from_str(text);
    let mut kept = Vec::new();
    let mut documents = 0;
    loop {
        match parser.next_event() {
            None | Some(Ok((Event::StreamEnd, _))) => {
                kept.iter().for_each(&mut *sink);
                return Ok(());
            }
            Some(Ok((event, _))) => {
                if matches!(event, Event::DocumentStart(_)) {
                    documents += 1;
                    if documents > 1 {
                        break;
                    }
                }
                kept.push(event);
            }
            Some(Err(_)) => break,
        }
    }
    // Refused as it is: what the strict check accepts (closing brackets re-indented), or why not.
    let accepted = accepted(text)?;
    let mut parser = Parser::new_from_str(&accepted);
    while let Some(Ok((event, _))) = parser.next_event() {
        if event == Event::StreamEnd {
            break;
        }
        sink(&event);
    }
    Ok(())
}

/// The text the strict parser accepts: `text` itself, or a copy with closing brackets
/// re-indented.
fn accepted(text: &str) -> Result<std::borrow::Cow<'_, str>, StrictError> {
    let mut patched: Option<String> = None;
    // The spaces inserted, in order: (offset in the text as it was before that insertion, count).
    let mut inserted: Vec<(usize, usize)> = Vec::new();
    for _ in 0..MAX_BRACKET_PATCHES {
        let current = patched.as_deref().unwrap_or(text);
        let Err(e) = check_strict(current) else {
            return Ok(patched.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned));
        };
        // YAML breaks lines at `\r` too.
        let line_start = current[..e.offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let at_closing_bracket = e.message == "invalid indentation"
            && matches!(current.as_bytes().get(e.offset), Some(b']' | b'}'))
            && current[line_start..e.offset]
                .bytes()
                .all(|b| b == b' ' || b == b'\t');
        if !at_closing_bracket {
            return Err(map_back(e, &inserted));
        }
        let prev_indent = current[..line_start.saturating_sub(1)]
            .split(['\n', '\r'])
            .rev()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
        let add = (prev_indent + 1)
            .saturating_sub(e.offset - line_start)
            .max(1);
        let mut next = current.to_string();
        next.insert_str(line_start, &" ".repeat(add));
        inserted.push((line_start, add));
        patched = Some(next);
    }
    let last = patched.unwrap_or_else(|| text.to_string());
    match check_strict(&last) {
        Ok(()) => Ok(std::borrow::Cow::Owned(last)),
        Err(e) => Err(map_back(e, &inserted)),
    }
}

/// An error's offset in the patched text, mapped back to the caller's text: undo the insertions
/// from the last to the first (an offset inside inserted spaces maps to where they went).
fn map_back(mut e: StrictError, inserted: &[(usize, usize)]) -> StrictError {
    for &(at, n) in inserted.iter().rev() {
        if e.offset >= at + n {
            e.offset -= n;
        } else if e.offset > at {
            e.offset = at;
        }
    }
    e
}

fn check_strict(text: &str) -> Result<(), StrictError> {
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        match parser.next_event() {
            None | Some(Ok((Event::StreamEnd, _))) => return Ok(()),
            Some(Ok((Event::DocumentStart(_), span))) => {
                documents += 1;
                if documents > 1 {
                    return Err(StrictError {
                        offset: char_to_byte(text, span.start.index()),
                        message: "a second YAML document starts here".into(),
                    });
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                return Err(StrictError {
                    offset: char_to_byte(text, e.marker().index()),
                    message: e.info().to_string(),
                });
            }
        }
    }
}

/// saphyr counts characters; everything above the text layer counts bytes.
fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid() {
        assert_eq!(check("name: a\ntools: [a, b]\n"), Ok(()));
        assert_eq!(check(""), Ok(()));
        let e = check("name: é\ndescription: Use when: x\n").unwrap_err();
        assert!(e.message.contains("mapping values"), "{e:?}");
        assert_eq!(
            &"name: é\ndescription: Use when: x\n"[e.offset..e.offset + 1],
            ":"
        );
    }

    #[test]
    fn closing_brackets_at_the_parent_indentation_are_accepted() {
        assert_eq!(
            check("tools: [\n  'a',\n  'b'\n]\nagents: [\n  'x'\n]\n"),
            Ok(())
        );
        assert_eq!(
            check("m:\n  k:\n    args: [\n      'a',\n    ]\n    env: {\n      A: b\n    }\n"),
            Ok(())
        );
        // Other indentation errors still fail, at the caller's offsets.
        let text = "tools: [\n  'a'\n]\nx: a: b\n";
        let e = check(text).unwrap_err();
        assert_eq!(&text[e.offset..e.offset + 1], ":");
    }

    /// Found by the `scan_strict` fuzz target: a closing bracket after a lone `\r` was patched at
    /// the wrong line start 64 times, and the final error's offset was left in the patched text's
    /// coordinates, past the end of the caller's text.
    #[test]
    fn error_offsets_stay_in_the_callers_text() {
        let texts = [
            "- - !es- : [ !\n      \n \r ]\0 \0ei  ? \r\u{fffd}",
            "- a: [\n  b,\r]\0",
            "a: [\n  b\n]\nc: [\n  d\n]\n\0",
            "x: {\n  a: b\n}\ny: [\n\t]\n",
        ];
        for text in texts {
            if let Err(e) = check(text) {
                assert!(
                    e.offset <= text.len() && text.is_char_boundary(e.offset),
                    "{e:?} in {text:?}"
                );
            }
        }
        // With brackets re-indented before it, an error still points into the caller's text.
        let text = "a: [\n  b\n]\nc: [\n  d\n]\nx: y: z\n";
        let e = check(text).unwrap_err();
        assert_eq!(&text[e.offset..e.offset + 1], ":", "{e:?}");
    }

    /// The events of the accepted text, parsed once (Debug forms, for comparison).
    fn parsed(text: &str) -> Vec<String> {
        let mut parser = Parser::new_from_str(text);
        let mut out = Vec::new();
        while let Some(Ok((event, _))) = parser.next_event() {
            if event == Event::StreamEnd {
                break;
            }
            out.push(format!("{event:?}"));
        }
        out
    }

    fn streamed(text: &str) -> Result<Vec<String>, StrictError> {
        let mut out = Vec::new();
        events(text, &mut |e| out.push(format!("{e:?}"))).map(|()| out)
    }

    #[test]
    fn events_are_those_of_the_accepted_text() {
        let text = "name: a\ntools: [a, b]\nhooks:\n  - x: 1\n";
        assert_eq!(streamed(text), Ok(parsed(text)));
        // A closing bracket re-indented: the events of the patched text.
        let text = "tools: [\n  'a'\n]\n";
        assert_eq!(streamed(text), Ok(parsed(&accepted(text).unwrap())));
        // Refused: nothing is streamed.
        for text in ["a: 1\n---\nb: 2\n", "x: a: b\n"] {
            let mut n = 0;
            assert!(events(text, &mut |_| n += 1).is_err(), "{text:?}");
            assert_eq!(n, 0);
        }
    }

    #[test]
    fn aliases_are_not_expanded() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..20 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert_eq!(check(&bomb), Ok(()));
    }
}
