//! A stand-in documented example assembled from a schema's own `examples` (what OpenAPI 3.0 calls
//! property-level `example`), for responses whose media type documents none. Used only to explain
//! a failed check with a diff; never asserted.

use serde_json::{Map, Value};

/// Nesting followed; also what stops a self-referencing schema.
const MAX_DEPTH: usize = 32;

/// `None` when the schema documents no example anywhere.
pub(crate) fn assemble(schema: &Value) -> Option<Value> {
    build(schema, schema, 0)
}

fn build(s: &Value, root: &Value, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let s = resolve(s, root)?;
    if let Some(first) = s
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    if let Some(c) = s.get("const") {
        return Some(c.clone());
    }
    if let Some(first) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return Some(first.clone());
    }
    let mut object = Map::new();
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            if let Some(v) = build(sub, root, depth + 1) {
                object.insert(name.clone(), v);
            }
        }
    }
    for member in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(Value::Object(part)) = build(member, root, depth + 1) {
            object.extend(part);
        }
    }
    if !object.is_empty() {
        return Some(Value::Object(object));
    }
    if let Some(items) = s.get("items") {
        return build(items, root, depth + 1).map(|v| Value::Array(vec![v]));
    }
    for key in ["anyOf", "oneOf"] {
        let members = s.get(key).and_then(Value::as_array).into_iter().flatten();
        if let Some(v) = members.filter_map(|m| build(m, root, depth + 1)).next() {
            return Some(v);
        }
    }
    None
}

fn resolve<'a>(mut s: &'a Value, root: &'a Value) -> Option<&'a Value> {
    for _ in 0..MAX_DEPTH {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => s = root.pointer(r.strip_prefix('#')?)?,
            None => return Some(s),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn assembles_from_property_examples_through_refs() {
        let s = json!({
            "$ref": "#/$defs/T",
            "$defs": {
                "T": {"type": "object", "properties": {
                    "ver": {"type": "string", "examples": ["1.0.0"]},
                    "kind": {"enum": ["A", "B"]},
                    "list": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                    "undocumented": {"type": "string"},
                    "self": {"$ref": "#/$defs/T"}
                }},
                "Item": {"allOf": [
                    {"properties": {"a": {"examples": [1]}}},
                    {"properties": {"b": {"const": true}}}
                ]}
            }
        });
        let got = assemble(&s).unwrap();
        assert_eq!(got["ver"], "1.0.0");
        assert_eq!(got["kind"], "A");
        assert_eq!(got["list"], json!([{"a": 1, "b": true}]));
        assert!(got.get("undocumented").is_none());
        // The self-reference is cut at MAX_DEPTH, not followed forever.
        let mut depth = 0;
        let mut cur = &got;
        while let Some(next) = cur.get("self") {
            cur = next;
            depth += 1;
        }
        assert!(depth > 0 && depth <= MAX_DEPTH, "{depth}");
    }

    #[test]
    fn nothing_documented_is_none() {
        assert_eq!(
            assemble(&json!({"type": "object", "properties": {"a": {"type": "string"}}})),
            None
        );
        assert_eq!(assemble(&json!({"$ref": "#/$defs/Missing"})), None);
    }
}
