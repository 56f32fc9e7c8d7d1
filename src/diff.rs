//! Diffs between a documented example and an actual body, built with `similar` and rendered as
//! plain or ANSI-coloured text. Both sides are pretty-printed with sorted keys and volatile values
//! masked (timestamps, uuids, JWT-like tokens, values whose schema is a free string or number), so
//! the diff shows shape, not data. Must not decide pass/fail: it only explains a failure.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::schema::formats;

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Change and context lines kept before the rest is summarised.
const MAX_LINES: usize = 80;
/// Longer strings are cut: they are data, not shape.
const MAX_STRING: usize = 60;
/// Bound on nesting printed and on `$ref` hops followed.
const MAX_DEPTH: usize = 128;
const MAX_HOPS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Header,
    Hunk,
    Context,
    Removed,
    Added,
    /// "… N more lines".
    Elided,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    pub text: String,
}

/// A compact unified diff, documented example (`-`) against response body (`+`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    pub lines: Vec<DiffLine>,
}

impl Diff {
    /// `None` when the two agree once masked. `schema` is the standalone schema of the response
    /// (its `$defs` resolve `$ref`s) and decides which fields are free text.
    pub fn new(expected: &Value, actual: &Value, schema: Option<&Value>) -> Option<Diff> {
        let old = masked_pretty(expected, schema);
        let new = masked_pretty(actual, schema);
        if old == new {
            return None;
        }
        let diff = TextDiff::configure()
            .timeout(Duration::from_millis(200))
            .diff_lines(&old, &new);
        let mut lines = vec![
            line(LineKind::Header, "--- documented example"),
            line(LineKind::Header, "+++ response body"),
        ];
        let mut kept = 0;
        let mut elided = 0;
        for group in diff.grouped_ops(CONTEXT) {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let (o, n) = (first.old_range().start, first.new_range().start);
            let (o_len, n_len) = (last.old_range().end - o, last.new_range().end - n);
            let hunk = format!("@@ -{},{o_len} +{},{n_len} @@", o + 1, n + 1);
            if kept < MAX_LINES {
                lines.push(line(LineKind::Hunk, &hunk));
            }
            for op in &group {
                for change in diff.iter_changes(op) {
                    if kept >= MAX_LINES {
                        elided += 1;
                        continue;
                    }
                    let kind = match change.tag() {
                        ChangeTag::Equal => LineKind::Context,
                        ChangeTag::Delete => LineKind::Removed,
                        ChangeTag::Insert => LineKind::Added,
                    };
                    lines.push(line(kind, change.value().trim_end_matches('\n')));
                    kept += 1;
                }
            }
        }
        if elided > 0 {
            lines.push(line(LineKind::Elided, &format!("… {elided} more lines")));
        }
        Some(Diff { lines })
    }

    /// Names the `-` side, e.g. when the example was assembled rather than documented.
    pub fn with_expected_label(mut self, label: &str) -> Diff {
        if let Some(first) = self.lines.first_mut() {
            first.text = format!("--- {label}");
        }
        self
    }

    pub fn render_plain(&self) -> String {
        self.render(false)
    }

    pub fn render_ansi(&self) -> String {
        self.render(true)
    }

    fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for l in &self.lines {
            let (prefix, style) = match l.kind {
                LineKind::Header => ("", "\x1b[1m"),
                LineKind::Hunk => ("", "\x1b[36m"),
                LineKind::Context => (" ", ""),
                LineKind::Removed => ("-", "\x1b[31m"),
                LineKind::Added => ("+", "\x1b[32m"),
                LineKind::Elided => ("", "\x1b[2m"),
            };
            if colour && !style.is_empty() {
                let _ = writeln!(out, "{style}{prefix}{}\x1b[0m", l.text);
            } else {
                let _ = writeln!(out, "{prefix}{}", l.text);
            }
        }
        out
    }
}

fn line(kind: LineKind, text: &str) -> DiffLine {
    DiffLine {
        kind,
        text: text.to_string(),
    }
}

/// Pretty JSON (2-space indent, sorted keys) with masks such as `<timestamp>` in place of values.
fn masked_pretty(v: &Value, schema: Option<&Value>) -> String {
    let mut out = String::new();
    let nav = Nav { root: schema };
    write_value(&mut out, v, schema, &nav, 0);
    out.push('\n');
    out
}

struct Nav<'a> {
    root: Option<&'a Value>,
}

impl<'a> Nav<'a> {
    /// Follows local `$ref`s into the standalone schema's own `$defs`.
    fn resolve(&self, mut s: &'a Value) -> &'a Value {
        for _ in 0..MAX_HOPS {
            let Some(r) = s.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match (self.root, r.strip_prefix('#')) {
                (Some(root), Some(ptr)) => match root.pointer(ptr) {
                    Some(target) => s = target,
                    None => break,
                },
                _ => break,
            }
        }
        s
    }

    fn property(&self, s: Option<&'a Value>, key: &str) -> Option<&'a Value> {
        let s = self.resolve(s?);
        if let Some(p) = s.get("properties").and_then(|p| p.get(key)) {
            return Some(p);
        }
        for comp in ["allOf", "anyOf", "oneOf"] {
            for member in s.get(comp).and_then(Value::as_array).into_iter().flatten() {
                let member = self.resolve(member);
                if let Some(p) = member.get("properties").and_then(|p| p.get(key)) {
                    return Some(p);
                }
            }
        }
        s.get("additionalProperties").filter(|a| a.is_object())
    }

    fn items(&self, s: Option<&'a Value>) -> Option<&'a Value> {
        self.resolve(s?).get("items")
    }

    /// `string`, `integer` or `number` when the schema constrains nothing but the type.
    fn free_type(&self, s: Option<&'a Value>) -> Option<&'a str> {
        let s = self.resolve(s?);
        if ["enum", "const", "pattern"]
            .iter()
            .any(|k| s.get(*k).is_some())
        {
            return None;
        }
        let non_null = |t: &&Value| t.as_str() != Some("null");
        let t = match s.get("type")? {
            Value::String(t) => t.as_str(),
            Value::Array(ts) => match ts.iter().filter(non_null).collect::<Vec<_>>()[..] {
                [one] => one.as_str()?,
                _ => return None,
            },
            _ => return None,
        };
        matches!(t, "string" | "integer" | "number").then_some(t)
    }
}

fn write_value(out: &mut String, v: &Value, s: Option<&Value>, nav: &Nav, depth: usize) {
    if depth > MAX_DEPTH {
        out.push('…');
        return;
    }
    let pad = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    match v {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&quote(key));
                out.push_str(": ");
                write_value(
                    out,
                    &map[key.as_str()],
                    nav.property(s, key),
                    nav,
                    depth + 1,
                );
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            let item_schema = nav.items(s);
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad);
                write_value(out, item, item_schema, nav, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close);
            out.push(']');
        }
        Value::String(text) => out.push_str(&mask_string(text, nav.free_type(s))),
        Value::Number(n) => match nav.free_type(s) {
            Some("integer") if n.is_i64() || n.is_u64() => out.push_str("<integer>"),
            Some("number") => out.push_str("<number>"),
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

fn mask_string(text: &str, free_type: Option<&str>) -> String {
    // The schema's verdict comes first so both sides of a free field mask alike.
    if free_type == Some("string") {
        "<string>".into()
    } else if formats::looks_like_timestamp(text) {
        "<timestamp>".into()
    } else if formats::is_uuid(text) {
        "<uuid>".into()
    } else if formats::is_jwt_like(text) {
        "<token>".into()
    } else if text.chars().count() > MAX_STRING {
        let cut: String = text.chars().take(MAX_STRING).collect();
        quote(&format!("{cut}…"))
    } else {
        quote(text)
    }
}

fn quote(s: &str) -> String {
    Value::from(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token_schema() -> Value {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/$defs/TokenResponse",
            "$defs": {"TokenResponse": {"type": "object", "properties": {
                "ver": {"type": "string"},
                "timestamp": {"type": "string", "format": "date-time"},
                "txnId": {"type": "string"},
                "accessToken": {"type": "string"},
                "expiresIn": {"type": "integer"},
                "tokenType": {"type": "string", "enum": ["Bearer"]}
            }}}
        })
    }

    fn documented() -> Value {
        json!({
            "ver": "1.0.0", "timestamp": "2024-07-16T11:33:34.509Z",
            "txnId": "f35761ac-4a18-11e8-96ff-0277a9fbfedc",
            "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
            "expiresIn": 86400, "tokenType": "Bearer"
        })
    }

    #[test]
    fn same_shape_with_other_data_is_no_diff() {
        let actual = json!({
            "tokenType": "Bearer", "expiresIn": 3600, "ver": "1.0.1",
            "timestamp": "2026-11-25T20:00:00Z",
            "txnId": "0b5b2ad4-1b2a-4b43-a0b7-4f0fb3c9a2e1",
            "accessToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
        });
        assert_eq!(
            Diff::new(&documented(), &actual, Some(&token_schema())),
            None
        );
    }

    fn drifted() -> Diff {
        let actual = json!({
            "ver": "1.0.0", "timestamp": "2026-11-25T20:00:00.000Z",
            "txnId": "0b5b2ad4-1b2a-4b43-a0b7-4f0fb3c9a2e1",
            "access_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
            "expiresIn": "86400", "tokenType": "bearer"
        });
        Diff::new(&documented(), &actual, Some(&token_schema())).unwrap()
    }

    #[test]
    fn structural_drift_plain() {
        insta::assert_snapshot!(drifted().render_plain());
    }

    #[test]
    fn structural_drift_ansi() {
        insta::assert_snapshot!(drifted().render_ansi());
    }

    #[test]
    fn without_schema_only_value_shapes_are_masked() {
        let d = Diff::new(
            &json!({"a": "2024-07-16", "b": "x", "list": [1]}),
            &json!({"a": "2025-01-01", "b": "y", "list": [1, 2]}),
            None,
        )
        .unwrap();
        insta::assert_snapshot!(d.render_plain());
    }

    #[test]
    fn long_strings_and_long_diffs_are_cut() {
        let long = "z".repeat(500);
        let d = Diff::new(&json!({"s": "a"}), &json!({"s": long}), None).unwrap();
        let plain = d.render_plain();
        assert!(
            plain.contains(&format!("+  \"s\": \"{}…\"", "z".repeat(MAX_STRING))),
            "{plain}"
        );
        let big: Vec<u32> = (0..500).collect();
        let d = Diff::new(&json!([]), &json!(big), None).unwrap();
        let last = d.lines.last().unwrap();
        assert_eq!(last.kind, LineKind::Elided);
        assert_eq!(last.text, format!("… {} more lines", 1 + 502 - MAX_LINES));
    }
}
