//! The JSON Schemas scripts hand to `pm.response.to.have.jsonSchema`, `tv4` and Ajv, kept for
//! the collection run by their JSON text: a script checking every response against the same
//! schema parses (jsonSchema, tv4) or compiles (Ajv) it once, not once per call. Keyed by the
//! text the sandbox sends (`JSON.stringify` of the schema at the time of the call), so a schema
//! object a script changes between two calls is a different key and is never answered from the
//! old entry. Owns no validation rules: Ajv's options are `native::ajv_check`'s, jsonSchema's
//! and tv4's are the run's validator's.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

/// Distinct schema texts kept per kind before the cache starts over: a script building a new
/// schema for every request (an id in a `const`) must not grow the run's memory with it.
const MAX_ENTRIES: usize = 256;

/// An Ajv validator for one (schema, added formats) pair, or why the schema cannot compile
/// (Ajv throws that message on every call, as it did before it was cached).
pub(super) type AjvEntry = Rc<Result<jsonschema::Validator, String>>;

#[derive(Default)]
pub(super) struct SchemaCache {
    parsed: HashMap<Box<str>, Rc<Value>>,
    ajv: HashMap<(Box<str>, Box<str>), AjvEntry>,
    /// Schemas parsed or compiled since the run started (tests read it).
    built: usize,
}

/// Inserts into a bounded map: full means emptied first.
fn bounded_insert<K: std::hash::Hash + Eq, V: Clone>(map: &mut HashMap<K, V>, k: K, v: V) -> V {
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(k, v.clone());
    v
}

impl SchemaCache {
    /// The schema for `jsonSchema` and `tv4` as a value; text that is not JSON reads as `null`,
    /// as it always has (the sandbox only sends `JSON.stringify` output).
    pub fn parsed(&mut self, text: &str) -> Rc<Value> {
        if let Some(v) = self.parsed.get(text) {
            return v.clone();
        }
        self.built += 1;
        let value = Rc::new(serde_json::from_str(text).unwrap_or(Value::Null));
        bounded_insert(&mut self.parsed, text.into(), value)
    }

    /// Ajv's validator for `schema` with the script's added `formats` (both JSON texts),
    /// built by `build` the first time the pair is seen.
    pub fn ajv(
        &mut self,
        schema: &str,
        formats: &str,
        build: impl FnOnce() -> Result<jsonschema::Validator, String>,
    ) -> AjvEntry {
        let key = (Box::<str>::from(schema), Box::<str>::from(formats));
        if let Some(v) = self.ajv.get(&key) {
            return v.clone();
        }
        self.built += 1;
        bounded_insert(&mut self.ajv, key, Rc::new(build()))
    }

    /// How many schemas were parsed or compiled (not answered from the cache) so far.
    pub fn built(&self) -> usize {
        self.built
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_parsed_once_and_a_changed_one_again() {
        let mut cache = SchemaCache::default();
        let a = cache.parsed(r#"{"type":"object"}"#);
        let again = cache.parsed(r#"{"type":"object"}"#);
        assert!(Rc::ptr_eq(&a, &again));
        assert_eq!(cache.built(), 1);
        let b = cache.parsed(r#"{"type":"string"}"#);
        assert_eq!(*b, serde_json::json!({"type": "string"}));
        assert_eq!(cache.built(), 2);
        assert_eq!(*cache.parsed("not json"), Value::Null);
    }

    #[test]
    fn ajv_entries_are_keyed_by_schema_and_formats() {
        let mut cache = SchemaCache::default();
        let build = |s: &str| {
            let v: Value = serde_json::from_str(s).unwrap();
            move || jsonschema::validator_for(&v).map_err(|e| e.to_string())
        };
        let s = r#"{"type":"string"}"#;
        let first = cache.ajv(s, "{}", build(s));
        let second = cache.ajv(s, "{}", || unreachable!("answered from the cache"));
        assert!(Rc::ptr_eq(&first, &second));
        let other_formats = cache.ajv(s, r#"{"x":true}"#, build(s));
        assert!(!Rc::ptr_eq(&first, &other_formats));
        assert_eq!(cache.built(), 2);
        let broken = cache.ajv("{}", "{}", || Err("no".into()));
        assert_eq!(
            broken.as_ref().as_ref().err().map(String::as_str),
            Some("no")
        );
    }

    #[test]
    fn the_cache_stays_bounded() {
        let mut cache = SchemaCache::default();
        for i in 0..(MAX_ENTRIES * 3) {
            cache.parsed(&format!(r#"{{"const":{i}}}"#));
        }
        assert!(cache.parsed.len() <= MAX_ENTRIES);
        assert_eq!(cache.built(), MAX_ENTRIES * 3);
    }
}
