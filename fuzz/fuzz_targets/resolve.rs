//! Bytes → variables + text → `VarStore::resolve`. Segments are separated by 0xFF (never valid
//! UTF-8, so it cannot hide inside text): the first is the text, each further one is
//! `scope byte, name, '=', value`.
#![no_main]

use conform::vars::{Scope, VarStore, references};
use libfuzzer_sys::fuzz_target;

const SCOPES: [Scope; 5] = [Scope::Global, Scope::Collection, Scope::Environment, Scope::Data, Scope::Local];

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let text = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let mut vars = VarStore::new();
    for seg in parts {
        let Some((&scope, rest)) = seg.split_first() else { continue };
        let rest = String::from_utf8_lossy(rest);
        let (name, value) = rest.split_once('=').unwrap_or((&rest, ""));
        let value = match value.strip_prefix('#') {
            // `#` then JSON: numbers, objects, … as scripts may store them.
            Some(j) => serde_json::from_str(j).unwrap_or(serde_json::Value::Null),
            None => serde_json::Value::String(value.to_string()),
        };
        vars.set(SCOPES[usize::from(scope) % 5], name, value);
    }
    let input_refs = references(&text);
    let r = vars.resolve(&text);
    // What is reported unresolved is exactly what is still written in the text.
    for name in &r.unresolved {
        assert!(r.text.contains(&format!("{{{{{name}}}}}")), "{name:?} in {:?}", r.text);
    }
    if input_refs.is_empty() && !text.contains("{{") {
        assert_eq!(r.text, text);
    }
    let _ = vars.replace_in(&text);
});
