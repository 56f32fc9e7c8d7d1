//! OpenAPI Schema Object → JSON Schema 2020-12, one keyword at a time, walking only the keywords
//! that hold subschemas (so a property named `xml` or `example` is kept). Local `$ref`s are
//! rewritten to `#/$defs/<name>` and queued, so a derived file carries exactly the reachable defs.
//! Must not read files or follow anything outside the one document it is given.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::SchemaError;
use super::source::escape_pointer;

/// Deeper than any real schema; guards recursion on input.
const MAX_DEPTH: usize = 200;

/// Keywords whose value is one subschema.
const ONE: &[&str] = &[
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
];
/// Keywords whose value is an array of subschemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to subschemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// OpenAPI-only keywords with no JSON Schema meaning.
/// Keywords that do not belong in a standalone JSON Schema. `description` goes too: derived
/// schemas carry where they came from (`$comment`), not the spec's prose.
const DROP: &[&str] = &[
    "xml",
    "discriminator",
    "externalDocs",
    "nullable",
    "description",
];

/// Converts schemas of one document and collects the `$defs` they reach.
pub(crate) struct Converter<'a> {
    doc: &'a Value,
    file: &'a Path,
    /// OpenAPI 3.0: siblings of `$ref` are ignored (3.0.3 §4.7.25); 3.1 keeps them.
    v30: bool,
    /// Document pointer → def name, in discovery order.
    pending: Vec<(String, String)>,
    names: HashMap<String, String>,
    used: HashSet<String>,
}

impl<'a> Converter<'a> {
    pub(crate) fn new(doc: &'a Value, file: &'a Path, v30: bool) -> Self {
        Converter {
            doc,
            file,
            v30,
            pending: Vec::new(),
            names: HashMap::new(),
            used: HashSet::new(),
        }
    }

    /// One standalone schema: the converted root plus every def it reaches.
    pub(crate) fn standalone(
        mut self,
        schema: &Value,
        pointer: &str,
    ) -> Result<(Value, Map<String, Value>), SchemaError> {
        let root = self.schema(schema, pointer, 0)?;
        let mut defs = Map::new();
        let mut i = 0;
        while i < self.pending.len() {
            let (ptr, name) = self.pending[i].clone();
            let target = self.doc.pointer(&ptr).unwrap_or(&Value::Null);
            let converted = self.schema(target, &ptr, 0)?;
            defs.insert(name, converted);
            i += 1;
        }
        Ok((root, defs))
    }

    fn schema(&mut self, v: &Value, ptr: &str, depth: usize) -> Result<Value, SchemaError> {
        if depth > MAX_DEPTH {
            return Err(SchemaError::TooDeep {
                path: self.file.to_path_buf(),
                pointer: ptr.to_string(),
                limit: MAX_DEPTH,
            });
        }
        let Value::Object(obj) = v else {
            // `true`/`false` are schemas in 3.1; anything else is kept for the compiler to judge.
            return Ok(v.clone());
        };
        if let Some(Value::String(r)) = obj.get("$ref") {
            let target = self.reference(r, &format!("{ptr}/$ref"))?;
            if self.v30 {
                return Ok(Value::Object(Map::from_iter([(
                    "$ref".to_string(),
                    Value::String(target),
                )])));
            }
        }
        let mut out = Map::new();
        for (key, value) in obj {
            let here = format!("{ptr}/{}", escape_pointer(key));
            if DROP.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let converted = match key.as_str() {
                "$ref" => match value {
                    Value::String(r) => Value::String(self.reference(r, &here)?),
                    other => other.clone(),
                },
                "example" => {
                    if !obj.contains_key("examples") {
                        out.insert("examples".into(), Value::Array(vec![value.clone()]));
                    }
                    continue;
                }
                "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => continue,
                "items" => match value {
                    // The pre-2020 tuple form.
                    Value::Array(list) => {
                        out.insert("prefixItems".into(), self.list(list, &here, depth)?);
                        continue;
                    }
                    other => self.schema(other, &here, depth + 1)?,
                },
                "additionalProperties" => self.schema(value, &here, depth + 1)?,
                k if ONE.contains(&k) => self.schema(value, &here, depth + 1)?,
                k if LIST.contains(&k) => match value {
                    Value::Array(list) => self.list(list, &here, depth)?,
                    other => other.clone(),
                },
                k if MAP.contains(&k) => match value {
                    Value::Object(map) => {
                        let mut m = Map::new();
                        for (name, sub) in map {
                            let at = format!("{here}/{}", escape_pointer(name));
                            m.insert(name.clone(), self.schema(sub, &at, depth + 1)?);
                        }
                        Value::Object(m)
                    }
                    other => other.clone(),
                },
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        exclusive_bound(obj, &mut out, "exclusiveMinimum", "minimum");
        exclusive_bound(obj, &mut out, "exclusiveMaximum", "maximum");
        if obj.get("nullable") == Some(&Value::Bool(true)) {
            return Ok(nullable(out));
        }
        Ok(Value::Object(out))
    }

    fn list(&mut self, list: &[Value], ptr: &str, depth: usize) -> Result<Value, SchemaError> {
        let mut out = Vec::with_capacity(list.len());
        for (i, sub) in list.iter().enumerate() {
            out.push(self.schema(sub, &format!("{ptr}/{i}"), depth + 1)?);
        }
        Ok(Value::Array(out))
    }

    /// Maps a `$ref` to its `$defs` location, queueing the target on first sight.
    fn reference(&mut self, r: &str, at: &str) -> Result<String, SchemaError> {
        let Some(fragment) = r.strip_prefix('#') else {
            return Err(SchemaError::non_local_ref(self.file, at, r));
        };
        let ptr = percent_decode(fragment);
        if self.doc.pointer(&ptr).is_none() {
            return Err(SchemaError::DanglingRef {
                path: self.file.to_path_buf(),
                pointer: at.to_string(),
                reference: r.to_string(),
            });
        }
        if let Some(name) = self.names.get(&ptr) {
            return Ok(format!("#/$defs/{name}"));
        }
        let base = def_name(&ptr);
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.names.insert(ptr.clone(), name.clone());
        self.pending.push((ptr, name.clone()));
        Ok(format!("#/$defs/{name}"))
    }
}

/// 3.0's `exclusiveMinimum: true` + `minimum: m` is 2020-12's `exclusiveMinimum: m`.
fn exclusive_bound(src: &Map<String, Value>, out: &mut Map<String, Value>, ex: &str, bound: &str) {
    if src.get(ex) == Some(&Value::Bool(true)) {
        if let Some(m) = out.remove(bound) {
            out.insert(ex.to_string(), m);
        }
    }
}

/// `nullable: true` adds "null" to `type` (and to `enum`). With no `type` but a composition, the
/// composition would still reject null, so the schema is wrapped in an `anyOf` with null.
fn nullable(mut out: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match out.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            out.insert("type".into(), Value::Array(vec![t.into(), "null".into()]));
        }
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push("null".into());
            }
        }
        _ => {
            let composed = ["allOf", "anyOf", "oneOf", "$ref", "not"]
                .iter()
                .any(|k| out.contains_key(*k));
            if composed {
                let null = Value::Object(Map::from_iter([("type".into(), "null".into())]));
                return Value::Object(Map::from_iter([(
                    "anyOf".into(),
                    Value::Array(vec![Value::Object(out), null]),
                )]));
            }
        }
    }
    Value::Object(out)
}

/// `/components/schemas/Foo` → `Foo`; anything else → its pointer as a slug.
fn def_name(ptr: &str) -> String {
    let raw = match ptr.strip_prefix("/components/schemas/") {
        Some(rest) if !rest.contains('/') => rest.replace("~1", "/").replace("~0", "~"),
        _ => ptr.to_string(),
    };
    let slug = super::source::slug(&raw);
    if slug.is_empty() {
        "root".to_string()
    } else {
        slug
    }
}

/// `$ref` fragments are URI fragments: `%7B` etc. must be decoded before use as a pointer.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conv30(schema: Value) -> Value {
        let doc = json!({ "s": schema });
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        c.standalone(&doc["s"], "/s").unwrap().0
    }

    #[test]
    fn nullable_becomes_type_union_and_enum_gets_null() {
        let got = conv30(json!({"type": "string", "enum": ["A", "B"], "nullable": true}));
        assert_eq!(
            got,
            json!({"type": ["string", "null"], "enum": ["A", "B", null]})
        );
    }

    #[test]
    fn nullable_false_is_dropped() {
        assert_eq!(
            conv30(json!({"type": "integer", "nullable": false})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn nullable_composition_is_wrapped() {
        let got = conv30(json!({"allOf": [{"type": "object"}], "nullable": true}));
        assert_eq!(
            got,
            json!({"anyOf": [{"allOf": [{"type": "object"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_become_numeric() {
        let got = conv30(json!({
            "type": "number", "minimum": 0, "exclusiveMinimum": true,
            "maximum": 10, "exclusiveMaximum": false
        }));
        assert_eq!(
            got,
            json!({"type": "number", "exclusiveMinimum": 0, "maximum": 10})
        );
    }

    #[test]
    fn example_becomes_examples_and_openapi_keywords_are_dropped() {
        let got = conv30(json!({
            "type": "string", "format": "date-time", "description": "when",
            "example": "2024-07-16T11:33:34.509Z", "xml": {"attribute": true},
            "externalDocs": {"url": "https://x"}, "x-internal": 1,
            "discriminator": {"propertyName": "t"}
        }));
        assert_eq!(
            got,
            json!({"type": "string", "format": "date-time",
                   "examples": ["2024-07-16T11:33:34.509Z"]})
        );
    }

    #[test]
    fn property_names_that_look_like_keywords_are_kept() {
        let got = conv30(json!({"type": "object", "properties": {
            "xml": {"type": "string", "xml": {"name": "x"}},
            "example": {"type": "integer", "example": 3},
            "x-id": {"type": "string"}
        }}));
        assert_eq!(
            got,
            json!({"type": "object", "properties": {
                "xml": {"type": "string"},
                "example": {"type": "integer", "examples": [3]},
                "x-id": {"type": "string"}
            }})
        );
    }

    #[test]
    fn nested_subschemas_are_converted() {
        let got = conv30(
            json!({"type": "array", "items": {"type": "string", "nullable": true},
            "additionalProperties": {"example": 1}, "oneOf": [{"type": "number", "example": 2}]}),
        );
        assert_eq!(
            got,
            json!({"type": "array", "items": {"type": ["string", "null"]},
                   "additionalProperties": {"examples": [1]},
                   "oneOf": [{"type": "number", "examples": [2]}]})
        );
    }

    #[test]
    fn refs_go_to_reachable_defs_and_30_siblings_are_ignored() {
        let doc = json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "string", "nullable": true},
                "Unused": {"type": "integer"}
            }},
            "s": {"$ref": "#/components/schemas/A", "description": "ignored in 3.0"}
        });
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        let (root, defs) = c.standalone(&doc["s"], "/s").unwrap();
        assert_eq!(root, json!({"$ref": "#/$defs/A"}));
        assert_eq!(
            Value::Object(defs),
            json!({
                "A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}},
                "B": {"type": ["string", "null"]}
            })
        );
    }

    #[test]
    fn v31_keeps_ref_siblings_and_handles_cycles() {
        let doc = json!({
            "components": {"schemas": {
                "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
            }},
            "s": {"$ref": "#/components/schemas/Node", "title": "kept in 3.1"}
        });
        let c = Converter::new(&doc, Path::new("t.yaml"), false);
        let (root, defs) = c.standalone(&doc["s"], "/s").unwrap();
        assert_eq!(
            root,
            json!({"$ref": "#/$defs/Node", "title": "kept in 3.1"})
        );
        assert_eq!(
            defs["Node"]["properties"]["next"],
            json!({"$ref": "#/$defs/Node"})
        );
    }

    #[test]
    fn ref_errors_name_the_pointer() {
        let doc = json!({"s": {"properties": {
            "a": {"$ref": "#/components/schemas/Missing"},
        }}, "r": {"$ref": "https://example.com/s.json"}, "f": {"$ref": "common.yaml#/X"}});
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        let err = c.standalone(&doc["s"], "/s").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml /s/properties/a/$ref: dangling $ref '#/components/schemas/Missing'"
        );
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        let err = c.standalone(&doc["r"], "/r").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml /r/$ref: remote $ref 'https://example.com/s.json' refused: \
             conform does not fetch over the network"
        );
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        let err = c.standalone(&doc["f"], "/f").unwrap_err();
        assert!(matches!(err, SchemaError::ExternalRef { .. }), "{err}");
    }

    #[test]
    fn percent_encoded_refs_resolve() {
        assert_eq!(percent_decode("/a%20b/%7Bx%7D"), "/a b/{x}");
        assert_eq!(percent_decode("/a%2"), "/a%2");
    }

    #[test]
    fn too_deep_schema_is_an_error_not_a_crash() {
        let mut s = json!({"type": "string"});
        for _ in 0..(MAX_DEPTH + 5) {
            s = json!({"items": s});
        }
        let doc = json!({"s": s});
        let c = Converter::new(&doc, Path::new("t.yaml"), true);
        assert!(matches!(
            c.standalone(&doc["s"], "/s"),
            Err(SchemaError::TooDeep { .. })
        ));
    }
}
