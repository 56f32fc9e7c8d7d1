//! Examples → a 2020-12 schema, for APIs documented only by prose and sample bodies.
//!
//! Decisions: `type` is the union of what the examples show (integers and decimals merge into
//! `number`; null joins the union); `required` lists keys present in every object seen at that
//! place; array elements of all examples merge into one `items`; no `additionalProperties: false`
//! (a sample never proves a key is forbidden); a string `format` is asserted only when every sample
//! at that place is a strict date-time, date, uuid, email or `scheme://` uri; JWT-like strings get a
//! `$comment` only, since no standard format exists and tokens are often elided in docs.
//! Must not read files: the caller extracts the examples.

use serde_json::{Map, Value};

use super::DIALECT;
use super::formats;

/// Places deeper than this accept anything, keeping recursion bounded.
const MAX_DEPTH: usize = 64;

/// Tells whether a string has a format.
type Recogniser = fn(&str) -> bool;

const FORMATS: &[(&str, Recogniser)] = &[
    ("date-time", formats::is_date_time),
    ("date", formats::is_date),
    ("uuid", formats::is_uuid),
    ("email", formats::is_email),
    ("uri", formats::is_uri),
];

/// `examples`: (source, e.g. `seeds/002 success response`; body).
pub fn infer(examples: &[(String, Value)]) -> Value {
    let mut shape = Shape::default();
    for (_, body) in examples {
        shape.add(body, 0);
    }
    let mut out = Map::new();
    out.insert("$schema".into(), DIALECT.into());
    let sources: Vec<&str> = examples.iter().map(|(s, _)| s.as_str()).collect();
    let comment = if sources.is_empty() {
        "inferred from no examples".to_string()
    } else {
        format!("inferred from {}", sources.join(", "))
    };
    let mut body = match shape.schema() {
        Value::Object(body) => body,
        _ => Map::new(),
    };
    let comment = match body.remove("$comment") {
        Some(Value::String(inner)) => format!("{comment}; {inner}"),
        _ => comment,
    };
    out.insert("$comment".into(), comment.into());
    out.extend(body);
    Value::Object(out)
}

#[derive(Default)]
struct Shape {
    null: bool,
    boolean: bool,
    integer: bool,
    decimal: bool,
    /// Formats every string so far matched, `None` before the first string.
    strings: Option<Strings>,
    object: Option<Object>,
    /// Element shape; `Some` once an array was seen, even an empty one.
    array: Option<Box<Shape>>,
    too_deep: bool,
}

struct Strings {
    formats: Vec<&'static str>,
    all_jwt: bool,
}

#[derive(Default)]
struct Object {
    seen: usize,
    /// Key, times present, shape: in first-seen order.
    props: Vec<(String, usize, Shape)>,
}

impl Shape {
    fn add(&mut self, v: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        match v {
            Value::Null => self.null = true,
            Value::Bool(_) => self.boolean = true,
            Value::Number(n) => {
                if n.is_f64() {
                    self.decimal = true;
                } else {
                    self.integer = true;
                }
            }
            Value::String(s) => {
                let strings = self.strings.get_or_insert_with(|| Strings {
                    formats: FORMATS.iter().map(|(name, _)| *name).collect(),
                    all_jwt: true,
                });
                strings
                    .formats
                    .retain(|f| FORMATS.iter().any(|(name, test)| name == f && test(s)));
                strings.all_jwt &= formats::is_jwt_like(s);
            }
            Value::Array(items) => {
                let element = self.array.get_or_insert_with(Box::default);
                for item in items {
                    element.add(item, depth + 1);
                }
            }
            Value::Object(map) => {
                let object = self.object.get_or_insert_with(Object::default);
                object.seen += 1;
                for (key, value) in map {
                    let i = match object.props.iter().position(|(k, _, _)| k == key) {
                        Some(i) => i,
                        None => {
                            object.props.push((key.clone(), 0, Shape::default()));
                            object.props.len() - 1
                        }
                    };
                    object.props[i].1 += 1;
                    object.props[i].2.add(value, depth + 1);
                }
            }
        }
    }

    fn schema(&self) -> Value {
        let mut out = Map::new();
        if self.too_deep {
            out.insert("$comment".into(), "nested too deep to infer".into());
            return Value::Object(out);
        }
        let mut types: Vec<&str> = Vec::new();
        if self.object.is_some() {
            types.push("object");
        }
        if self.array.is_some() {
            types.push("array");
        }
        if self.strings.is_some() {
            types.push("string");
        }
        match (self.integer, self.decimal) {
            (_, true) => types.push("number"),
            (true, false) => types.push("integer"),
            _ => {}
        }
        if self.boolean {
            types.push("boolean");
        }
        if self.null {
            types.push("null");
        }
        match types.as_slice() {
            [] => {}
            [one] => {
                out.insert("type".into(), (*one).into());
            }
            many => {
                out.insert(
                    "type".into(),
                    many.iter().map(|t| Value::from(*t)).collect(),
                );
            }
        }
        if let Some(strings) = &self.strings {
            if let Some(format) = strings.formats.first() {
                out.insert("format".into(), (*format).into());
            } else if strings.all_jwt {
                let note = "jwt-like token in every example; no format asserted";
                out.insert("$comment".into(), note.into());
            }
        }
        if let Some(object) = &self.object {
            let mut props = Map::new();
            let mut required = Vec::new();
            for (key, present, shape) in &object.props {
                props.insert(key.clone(), shape.schema());
                if *present == object.seen {
                    required.push(Value::from(key.as_str()));
                }
            }
            out.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                out.insert("required".into(), Value::Array(required));
            }
        }
        if let Some(element) = &self.array {
            if !element.is_empty() {
                out.insert("items".into(), element.schema());
            }
        }
        Value::Object(out)
    }

    fn is_empty(&self) -> bool {
        !(self.null
            || self.boolean
            || self.integer
            || self.decimal
            || self.too_deep
            || self.strings.is_some()
            || self.object.is_some()
            || self.array.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(v: Value) -> Value {
        let mut s = infer(&[("t".into(), v)]);
        let m = s.as_object_mut().unwrap();
        m.remove("$schema");
        m.remove("$comment");
        s
    }

    #[test]
    fn required_is_keys_in_every_example_and_nulls_join_the_type() {
        let s = infer(&[
            ("a".into(), json!({"id": 1, "name": "x", "note": null})),
            ("b".into(), json!({"id": 2.5, "note": "y"})),
        ]);
        assert_eq!(
            s,
            json!({
                "$schema": DIALECT,
                "$comment": "inferred from a, b",
                "type": "object",
                "properties": {
                    "id": {"type": "number"},
                    "name": {"type": "string"},
                    "note": {"type": ["string", "null"]}
                },
                "required": ["id", "note"]
            })
        );
    }

    #[test]
    fn arrays_merge_elements_across_examples() {
        let s = infer(&[
            ("a".into(), json!([{"k": 1}])),
            ("b".into(), json!([{"k": 2, "extra": true}, {"k": 3}])),
            ("c".into(), json!([])),
        ]);
        assert_eq!(
            s["items"],
            json!({"type": "object",
                   "properties": {"k": {"type": "integer"}, "extra": {"type": "boolean"}},
                   "required": ["k"]})
        );
        assert_eq!(
            one(json!({"tags": []}))["properties"]["tags"],
            json!({"type": "array"})
        );
    }

    #[test]
    fn formats_need_every_sample() {
        let s = infer(&[
            (
                "a".into(),
                json!({"t": "2024-07-16T11:33:34.509Z", "u": "f35761ac-4a18-11e8-96ff-0277a9fbfedc"}),
            ),
            (
                "b".into(),
                json!({"t": "2023-06-26T06:41:54.904+0000", "u": "0b5b2ad4-1b2a-4b43-a0b7-4f0fb3c9a2e1"}),
            ),
        ]);
        assert_eq!(s["properties"]["t"], json!({"type": "string"}));
        assert_eq!(
            s["properties"]["u"],
            json!({"type": "string", "format": "uuid"})
        );
    }

    #[test]
    fn jwt_like_strings_get_a_comment_not_a_format() {
        let s = one(json!({"accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."}));
        assert_eq!(
            s["properties"]["accessToken"],
            json!({"type": "string",
                   "$comment": "jwt-like token in every example; no format asserted"})
        );
        let root = infer(&[("doc".into(), json!("eyJhbGciOiJIUzI1NiJ9.e30.x"))]);
        assert_eq!(
            root["$comment"],
            "inferred from doc; jwt-like token in every example; no format asserted"
        );
    }

    #[test]
    fn deep_examples_stay_bounded() {
        let mut v = json!(1);
        for _ in 0..100 {
            v = json!([v]);
        }
        let s = one(v);
        let mut cur = &s;
        let mut depth = 0;
        while let Some(items) = cur.get("items") {
            cur = items;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH + 1);
        assert_eq!(cur["$comment"], "nested too deep to infer");
    }

    #[test]
    fn no_examples_accepts_anything() {
        assert_eq!(
            infer(&[]),
            json!({"$schema": DIALECT, "$comment": "inferred from no examples"})
        );
    }

    fn seed(name: &str) -> (String, Value) {
        let path = format!("{}/schemas/sources/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        (name.to_string(), serde_json::from_str(&text).unwrap())
    }

    #[test]
    fn seed_002_success_response() {
        let s = infer(&[seed("seed-002-login-success.json")]);
        assert_eq!(
            s,
            json!({
                "$schema": DIALECT,
                "$comment": "inferred from seed-002-login-success.json",
                "type": "object",
                "properties": {
                    "responseCode": {"type": "integer"},
                    "responseMessage": {"type": "string"},
                    "responseData": {
                        "type": "object",
                        "properties": {
                            "token": {"type": "string"},
                            "apiKey": {"type": "string"},
                            "expiry": {"type": "string"}
                        },
                        "required": ["token", "apiKey", "expiry"]
                    }
                },
                "required": ["responseCode", "responseMessage", "responseData"]
            })
        );
    }

    #[test]
    fn seed_002_error_responses_merge() {
        let s = infer(&[
            seed("seed-002-login-invalid-password.json"),
            seed("seed-002-login-invalid-email.json"),
        ]);
        assert_eq!(
            s["$comment"],
            "inferred from seed-002-login-invalid-password.json, seed-002-login-invalid-email.json"
        );
        assert_eq!(
            s["properties"],
            json!({"responseCode": {"type": "integer"}, "responseMessage": {"type": "string"}})
        );
        assert_eq!(s["required"], json!(["responseCode", "responseMessage"]));
    }

    #[test]
    fn seed_003_sample_response() {
        let s = infer(&[seed("seed-003-access-token.json")]);
        assert_eq!(
            s["properties"]["data"],
            json!({
                "type": "object",
                "properties": {
                    "tags": {"type": "array"},
                    "_id": {"type": "string"},
                    "type": {"type": "string"},
                    "user": {"type": "string"},
                    "token": {"type": "string"},
                    "resetToken": {"type": "string"},
                    "createdAt": {"type": "string", "format": "date-time"},
                    "__v": {"type": "integer"}
                },
                "required": ["tags", "_id", "type", "user", "token", "resetToken", "createdAt", "__v"]
            })
        );
        // The inferred schema must accept the example it came from.
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&s)
            .unwrap();
        assert!(validator.is_valid(&seed("seed-003-access-token.json").1));
        assert!(!validator.is_valid(&json!({"status": "success"})));
    }
}
