//! YAML as a JavaScript loader hands it to the program: plain values, typed by the YAML 1.2 core
//! schema (`yes` is a string, `123` a number, `~` null), a duplicate key's last value winning.
//! Built from the strict parser's events (`syntax::strict`), iteratively: aliases to collections
//! are not expanded and nesting beyond [`MAX_DEPTH`] is summarised, so hostile input costs
//! neither memory nor stack.

use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle};

/// Collections nested deeper than this are kept as [`Value::Other`].
pub const MAX_DEPTH: usize = 64;

/// A loaded YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Seq(Vec<Value>),
    /// Entries in order of first appearance; a repeated key keeps its first place and takes the
    /// last value, as a JavaScript object does.
    Map(Vec<(String, Value)>),
    /// A collection the model does not look into (an alias to one, or too deeply nested).
    Other,
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Map(_) | Value::Other)
    }

    /// What a JavaScript `typeof`-style message calls it.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) | Value::Other => "a mapping",
        }
    }

    /// `String(value)` in JavaScript, for scalars (`None` for collections).
    pub fn to_js_string(&self) -> Option<String> {
        match self {
            Value::Null => Some("null".into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(js_number(*n)),
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n == n.trunc() && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A plain scalar typed by the YAML 1.2 core schema.
pub fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Number(f64::NAN),
        _ => {}
    }
    if let Some(hex) = s.strip_prefix("0x")
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return i64::from_str_radix(hex, 16)
            .map_or(Value::Str(s.into()), |n| Value::Number(n as f64));
    }
    if let Some(oct) = s.strip_prefix("0o")
        && !oct.is_empty()
        && oct.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return i64::from_str_radix(oct, 8)
            .map_or(Value::Str(s.into()), |n| Value::Number(n as f64));
    }
    if is_core_number(s)
        && let Ok(n) = s.parse::<f64>()
    {
        return Value::Number(n);
    }
    Value::Str(s.into())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    let int = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac = digits(&mut i);
        if int == 0 && frac == 0 {
            return false;
        }
    } else if int == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Vec<(String, Value)>, Option<String>, usize),
    /// A collection past the depth limit: only its nesting is tracked.
    Skipped,
}

/// How many nodes aliases may copy in all (alias bombs stay cheap; past it an alias to a
/// collection reads as [`Value::Other`]).
const ALIAS_BUDGET: usize = 10_000;

/// Builds values from a stream of parser events.
#[derive(Default)]
pub struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    docs: Vec<Value>,
    copied: usize,
}

fn size(v: &Value) -> usize {
    match v {
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(_, v)| size(v)).sum::<usize>(),
        _ => 1,
    }
}

impl Builder {
    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let v = scalar(text, *style, tag.as_deref().map(|t| t.suffix.as_str()));
                if *anchor > 0 {
                    self.anchors.insert(*anchor, v.clone());
                }
                self.push(v);
            }
            Event::Alias(id) => {
                let v = match self.anchors.get(id) {
                    Some(v) if self.copied + size(v) <= ALIAS_BUDGET => {
                        self.copied += size(v);
                        v.clone()
                    }
                    Some(Value::Seq(_) | Value::Map(_)) => Value::Other,
                    Some(v) => v.clone(),
                    None => Value::Other,
                };
                self.push(v);
            }
            Event::SequenceStart(anchor, _) => self.open(Frame::Seq(Vec::new(), *anchor)),
            Event::MappingStart(anchor, _) => self.open(Frame::Map(Vec::new(), None, *anchor)),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => {}
        }
    }

    fn open(&mut self, frame: Frame) {
        let skipped =
            self.stack.len() >= MAX_DEPTH || matches!(self.stack.last(), Some(Frame::Skipped));
        self.stack
            .push(if skipped { Frame::Skipped } else { frame });
    }

    fn close(&mut self) {
        let v = match self.stack.pop() {
            Some(Frame::Seq(items, anchor)) => {
                let v = Value::Seq(items);
                if anchor > 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                v
            }
            Some(Frame::Map(entries, _, anchor)) => {
                let v = Value::Map(entries);
                if anchor > 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                v
            }
            Some(Frame::Skipped) => {
                if matches!(self.stack.last(), Some(Frame::Skipped)) {
                    return;
                }
                Value::Other
            }
            None => return,
        };
        self.push(v);
    }

    fn push(&mut self, v: Value) {
        match self.stack.last_mut() {
            None => self.docs.push(v),
            Some(Frame::Seq(items, _)) => items.push(v),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => {
                    *pending = Some(v.to_js_string().unwrap_or_else(|| "[object Object]".into()))
                }
                // `<<: *base` merges the aliased mapping(s) under keys not set here.
                Some(key) if key == "<<" && matches!(v, Value::Map(_) | Value::Seq(_)) => {
                    let sources = match v {
                        Value::Seq(items) => items,
                        one => vec![one],
                    };
                    for source in sources {
                        if let Value::Map(merged) = source {
                            for (k, val) in merged {
                                if !entries.iter().any(|(e, _)| *e == k) {
                                    entries.push((k, val));
                                }
                            }
                        }
                    }
                }
                Some(key) => match entries.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = v,
                    None => entries.push((key, v)),
                },
            },
            Some(Frame::Skipped) => {}
        }
    }

    /// The loaded document: `Null` for an empty stream; several documents as a list of them.
    pub fn finish(mut self) -> Value {
        match self.docs.len() {
            0 => Value::Null,
            1 => self.docs.pop().unwrap_or(Value::Null),
            _ => Value::Seq(self.docs),
        }
    }
}

fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text.to_string()),
        Some("null") => return Value::Null,
        _ => {}
    }
    match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Value::Str(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("yes"), Value::Str("yes".into()));
        assert_eq!(resolve_plain("123"), Value::Number(123.0));
        assert_eq!(resolve_plain("-1.5e3"), Value::Number(-1500.0));
        assert_eq!(resolve_plain("0x1F"), Value::Number(31.0));
        assert_eq!(resolve_plain("1.2.3"), Value::Str("1.2.3".into()));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("True"), Value::Bool(true));
        assert_eq!(resolve_plain("."), Value::Str(".".into()));
        assert_eq!(resolve_plain("+"), Value::Str("+".into()));
    }

    #[test]
    fn js_strings() {
        assert_eq!(Value::Number(123.0).to_js_string().unwrap(), "123");
        assert_eq!(Value::Number(1.5).to_js_string().unwrap(), "1.5");
        assert_eq!(Value::Bool(true).to_js_string().unwrap(), "true");
    }
}
