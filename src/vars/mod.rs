//! Variable scopes and `{{name}}` resolution, as Postman does it: five scopes with fixed
//! precedence, nested references, dynamic `{{$name}}` values, and which values are secrets.
//! Owns no I/O and knows nothing of files or requests; the loader fills it, the builder asks it.

pub mod dynamic;
pub mod preflight;

use serde_json::{Map, Value};
use std::collections::HashSet;
use std::time::SystemTime;

/// Postman's variable scopes, lowest precedence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Collection,
    Environment,
    Data,
    Local,
}

impl Scope {
    /// Highest precedence first: the order resolution consults them.
    pub const BY_PRECEDENCE: [Scope; 5] = [
        Scope::Local,
        Scope::Data,
        Scope::Environment,
        Scope::Collection,
        Scope::Global,
    ];

    fn index(self) -> usize {
        match self {
            Scope::Global => 0,
            Scope::Collection => 1,
            Scope::Environment => 2,
            Scope::Data => 3,
            Scope::Local => 4,
        }
    }
}

/// Postman stops re-substituting after this many passes; a value that refers to itself stays
/// partly unresolved instead of looping.
const MAX_DEPTH: usize = 19;

/// A value that refers to itself twice doubles with every pass; resolution stops growing the
/// text past this size and leaves the rest unresolved.
const MAX_RESOLVED_BYTES: usize = 16 << 20;

#[derive(Clone, Debug, Default)]
struct ScopeVars {
    values: Map<String, Value>,
    /// Keys whose Postman type is `secret`.
    secret: HashSet<String>,
}

/// All variables of one collection run.
#[derive(Clone, Debug, Default)]
pub struct VarStore {
    scopes: [ScopeVars; 5],
}

/// The result of resolving one piece of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub text: String,
    /// Names written as `{{name}}` that no scope defines, in order of appearance, deduplicated.
    pub unresolved: Vec<String>,
}

impl VarStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, scope: Scope, key: &str) -> Option<&Value> {
        self.scopes[scope.index()].values.get(key)
    }

    pub fn set(&mut self, scope: Scope, key: &str, value: Value) {
        self.scopes[scope.index()]
            .values
            .insert(key.to_string(), value);
    }

    /// Sets a value and records whether Postman typed it `secret`.
    pub fn set_typed(&mut self, scope: Scope, key: &str, value: Value, secret: bool) {
        let s = &mut self.scopes[scope.index()];
        s.values.insert(key.to_string(), value);
        if secret {
            s.secret.insert(key.to_string());
        } else {
            s.secret.remove(key);
        }
    }

    pub fn unset(&mut self, scope: Scope, key: &str) {
        let s = &mut self.scopes[scope.index()];
        s.values.shift_remove(key);
        s.secret.remove(key);
    }

    pub fn has(&self, scope: Scope, key: &str) -> bool {
        self.get(scope, key).is_some()
    }

    pub fn clear(&mut self, scope: Scope) {
        self.scopes[scope.index()] = ScopeVars::default();
    }

    /// Keys and values of one scope, in insertion order.
    pub fn to_object(&self, scope: Scope) -> Map<String, Value> {
        self.scopes[scope.index()].values.clone()
    }

    pub fn is_secret(&self, scope: Scope, key: &str) -> bool {
        self.scopes[scope.index()].secret.contains(key)
    }

    /// The value Postman's resolution sees: Local > Data > Environment > Collection > Global.
    pub fn lookup(&self, key: &str) -> Option<&Value> {
        Scope::BY_PRECEDENCE
            .iter()
            .find_map(|s| self.scopes[s.index()].values.get(key))
    }

    /// Like [`lookup`](Self::lookup), with the scope the value comes from.
    fn lookup_scoped(&self, key: &str) -> Option<(Scope, &Value)> {
        Scope::BY_PRECEDENCE
            .iter()
            .find_map(|s| self.scopes[s.index()].values.get(key).map(|v| (*s, v)))
    }

    /// Replaces every `{{name}}`; unresolved names stay as written.
    pub fn replace_in(&self, text: &str) -> String {
        self.resolve(text).text
    }

    /// Replaces every `{{name}}` (nested, cycle-safe, dynamic `{{$guid}}` etc.) and reports what
    /// stayed unresolved.
    pub fn resolve(&self, text: &str) -> Resolved {
        let mut current = text.to_string();
        let mut rng = rand::rng();
        let now = SystemTime::now();
        for _ in 0..MAX_DEPTH {
            let Some((next, changed)) = self.substitute_once(&current, &mut rng, now) else {
                break;
            };
            current = next;
            if !changed {
                break;
            }
        }
        let unresolved = references(&current)
            .into_iter()
            .fold(Vec::new(), |mut acc, name| {
                if !acc.contains(&name) {
                    acc.push(name);
                }
                acc
            });
        Resolved {
            text: current,
            unresolved,
        }
    }

    /// One pass of Postman's `{{([^{}]*?)}}` substitution; `None` when the result would grow
    /// past `MAX_RESOLVED_BYTES`.
    fn substitute_once(
        &self,
        text: &str,
        rng: &mut impl rand::Rng,
        now: SystemTime,
    ) -> Option<(String, bool)> {
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        let mut copied = 0;
        for (start, end, name) in tokens(text) {
            // A null from iteration data leaves `{{name}}` as written; a null a script stored
            // prints as `null` (both as Newman 6.2.2 does: data_json_values, script_values).
            let value = match self.lookup_scoped(name) {
                Some((Scope::Data, Value::Null)) => None,
                Some((_, v)) => Some(stringify(v)),
                None => None,
            };
            let value = value.or_else(|| {
                name.starts_with('$')
                    .then(|| dynamic::generate(name, rng, now))
                    .flatten()
            });
            if let Some(v) = value {
                out.push_str(&text[copied..start]);
                out.push_str(&v);
                copied = end;
                changed = true;
                if out.len() > MAX_RESOLVED_BYTES {
                    return None;
                }
            }
        }
        out.push_str(&text[copied..]);
        Some((out, changed))
    }

    /// Every non-empty value that must never be shown: Postman `secret` types and values whose
    /// name looks like a credential.
    pub fn secret_values(&self, name_is_secret: impl Fn(&str) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.scopes {
            for (k, v) in &s.values {
                if s.secret.contains(k) || name_is_secret(k) {
                    let text = stringify(v);
                    if !text.is_empty() && !out.contains(&text) {
                        out.push(text);
                    }
                }
            }
        }
        out
    }
}

impl VarStore {
    /// Every variable's value as text (strings as they are, other values as JSON), for
    /// whoever must know what the variables still hold.
    pub fn value_texts(&self) -> Vec<String> {
        self.scopes
            .iter()
            .flat_map(|s| s.values.values())
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }
}

/// The text a value becomes when substituted into a request: JavaScript's `String(value)`, as
/// Newman substitutes (recorded in tests/newman: an array joins its items with `,`, an object
/// is `[object Object]`). A null from iteration data is not substituted (see `substitute_once`).
pub fn stringify(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                // `[null].join()` is empty in JavaScript.
                Value::Null => String::new(),
                other => stringify(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".to_string(),
    }
}

/// JavaScript's `String(number)` for the common cases: `100.0` prints as `100`.
fn js_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

/// The names referenced as `{{name}}` in text, in order.
pub fn references(text: &str) -> Vec<String> {
    tokens(text)
        .filter(|(_, _, name)| !name.is_empty())
        .map(|(_, _, name)| name.to_string())
        .collect()
}

/// Every `{{name}}` as Postman's pattern `{{([^{}]*?)}}` finds it: `(start, end, name)` byte
/// ranges. A name holds no brace, so in `{{{b}}` the reference is `{{b}}`.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 1 < bytes.len() {
            if bytes[i] == b'{' && bytes[i + 1] == b'{' {
                let start = i + 2;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'{' && bytes[j] != b'}' {
                    j += 1;
                }
                if bytes.get(j) == Some(&b'}') && bytes.get(j + 1) == Some(&b'}') {
                    let found = (i, j + 2, &text[start..j]);
                    i = j + 2;
                    return Some(found);
                }
            }
            i += 1;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store() -> VarStore {
        let mut v = VarStore::new();
        v.set(Scope::Global, "who", json!("global"));
        v.set(Scope::Collection, "who", json!("collection"));
        v.set(Scope::Environment, "who", json!("environment"));
        v.set(Scope::Global, "only_global", json!("g"));
        v
    }

    #[test]
    fn precedence_follows_postman_scopes() {
        let mut v = store();
        assert_eq!(v.replace_in("{{who}}"), "environment");
        v.set(Scope::Data, "who", json!("data"));
        assert_eq!(v.replace_in("{{who}}"), "data");
        v.set(Scope::Local, "who", json!("local"));
        assert_eq!(v.replace_in("{{who}}"), "local");
        assert_eq!(v.replace_in("{{only_global}}"), "g");
    }

    #[test]
    fn nested_references_resolve_and_cycles_stop() {
        let mut v = VarStore::new();
        v.set(Scope::Environment, "host", json!("{{scheme}}://{{name}}"));
        v.set(Scope::Environment, "scheme", json!("https"));
        v.set(Scope::Environment, "name", json!("api.example"));
        assert_eq!(v.replace_in("{{host}}/x"), "https://api.example/x");
        v.set(Scope::Environment, "a", json!("<{{b}}>"));
        v.set(Scope::Environment, "b", json!("[{{a}}]"));
        let r = v.resolve("{{a}}");
        assert!(r.text.len() < 200, "cycle must stop: {}", r.text);
        assert!(r.text.contains("{{"));
    }

    #[test]
    fn unresolved_names_are_reported_once_and_left_as_written() {
        let v = store();
        let r = v.resolve("u={{user}}&p={{password}}&again={{user}}");
        assert_eq!(r.text, "u={{user}}&p={{password}}&again={{user}}");
        assert_eq!(
            r.unresolved,
            vec!["user".to_string(), "password".to_string()]
        );
    }

    #[test]
    fn non_string_values_stringify_like_javascript() {
        let mut v = VarStore::new();
        v.set(Scope::Environment, "n", json!(42));
        v.set(Scope::Environment, "f", json!(1.5));
        v.set(Scope::Environment, "b", json!(true));
        assert_eq!(v.replace_in("{{n}}/{{f}}/{{b}}"), "42/1.5/true");
        v.set(Scope::Environment, "a", json!([1, "two", null, [3, 4]]));
        v.set(Scope::Environment, "o", json!({"k": 1}));
        v.set(Scope::Environment, "z", Value::Null);
        v.set(Scope::Data, "d", Value::Null);
        assert_eq!(
            v.replace_in("{{a}}|{{o}}|{{z}}|{{d}}"),
            "1,two,,3,4|[object Object]|null|{{d}}"
        );
    }

    #[test]
    fn dynamic_values_are_fresh_per_occurrence() {
        let v = VarStore::new();
        let r = v.resolve("{{$guid}} {{$guid}}");
        let parts: Vec<&str> = r.text.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 36);
        assert_ne!(parts[0], parts[1]);
        assert!(r.unresolved.is_empty());
        let user_defined = {
            let mut v = VarStore::new();
            v.set(Scope::Environment, "$guid", json!("fixed"));
            v.replace_in("{{$guid}}")
        };
        assert_eq!(user_defined, "fixed");
    }

    #[test]
    fn inner_braces_resolve_first() {
        let mut v = VarStore::new();
        v.set(Scope::Environment, "b", json!("x"));
        v.set(Scope::Environment, "fields", json!("\"k\": 1"));
        assert_eq!(v.replace_in("{{a{{b}}"), "{{ax");
        // A JSON body around a reference: the brace before it is text, as in Postman.
        assert_eq!(v.replace_in("{{{fields}}}"), "{\"k\": 1}");
    }

    #[test]
    fn self_multiplying_values_stop_growing() {
        let mut v = VarStore::new();
        v.set(Scope::Environment, "a", json!("{{a}}{{a}}{{a}}"));
        let r = v.resolve("{{a}}");
        assert!(r.text.len() <= MAX_RESOLVED_BYTES, "{}", r.text.len());
        assert_eq!(r.unresolved, vec!["a".to_string()]);
        v.set(Scope::Environment, "n", json!(100.0));
        assert_eq!(v.replace_in("{{n}}"), "100");
    }

    #[test]
    fn secret_values_cover_types_and_names() {
        let mut v = VarStore::new();
        v.set_typed(Scope::Environment, "opaque", json!("s3cr3t"), true);
        v.set(Scope::Environment, "user_password", json!("hunter2"));
        v.set(Scope::Environment, "empty_token", json!(""));
        v.set(Scope::Environment, "host", json!("example"));
        let secrets = v.secret_values(|k| k.contains("password") || k.contains("token"));
        assert_eq!(secrets, vec!["s3cr3t".to_string(), "hunter2".to_string()]);
    }
}
