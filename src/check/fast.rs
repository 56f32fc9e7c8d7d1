//! The fast path of a schema check: a body judged from its bytes, as serde_json reads them,
//! without building a `serde_json::Value` (issue 17: building the tree was two thirds of a
//! dense 1 MiB check, and 6.6× the body in memory). Covers the keywords derived and inferred
//! schemas use (`type`, `properties`, `required`, `additionalProperties`, `items`, lengths and
//! counts, `enum`/`const` of strings, integer bounds, `format`, local `$ref`, `allOf`); a part
//! of a schema it does not cover is handed, as a `Value` of that part of the body only, to a
//! jsonschema validator compiled for it. It only ever says "valid": anything else (an
//! invalid body, a syntax error, a case it is unsure of) sends the caller to the full check,
//! which builds the tree and words the verdict, so verdicts and messages stay what they were.
//! Must not print or allocate per value beyond what a check needs.

use crate::schema::formats::{NUMERIC_FORMAT_KEYWORD, fits_numeric_format};
use serde::Deserialize as _;
use serde::de::Error as _;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// A schema compiled for the fast path: nodes, and the groups of nodes that apply together
/// to one value (a schema, what its `$ref` points at, its `allOf` members, transitively).
pub(crate) struct FastSchema {
    nodes: Vec<Node>,
    /// Per group, every node that applies (its members, `$ref` and `allOf` groups expanded).
    groups: Vec<Vec<usize>>,
    /// Per group: whether a node of it is `false`, and whether one must be materialized.
    special: Vec<(bool, bool)>,
    root: usize,
}

/// What a group is made of while compiling: its own node and the groups it pulls in.
enum Member {
    Node(usize),
    Group(usize),
}

/// JSON types, as bits.
const NULL: u8 = 1;
const BOOL: u8 = 2;
const INTEGER: u8 = 4;
const NUMBER: u8 = 8;
const STRING: u8 = 16;
const ARRAY: u8 = 32;
const OBJECT: u8 = 64;
const ANY: u8 = 127;

#[derive(Default)]
struct Node {
    /// Types allowed (`ANY` without `type`); `NUMBER` includes integers.
    types: u8,
    /// `false` as a schema: nothing is valid.
    never: bool,
    /// Properties in schema order (required names that are not properties are added with no
    /// schema), and their index by name.
    properties: Vec<(Box<str>, Option<usize>)>,
    by_name: HashMap<Box<str>, usize>,
    /// How many of `properties` the schema declares (the rest are only required: for
    /// `additionalProperties` they are still additional).
    declared: usize,
    /// Indices into `properties` of the required ones.
    required: Vec<usize>,
    /// `additionalProperties`: `None` allows any, `Some(None)` none, `Some(Some(g))` checks.
    additional: Option<Option<usize>>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    items: Option<usize>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// `enum` (or `const`, as a one-element list) of strings, booleans and nulls.
    allowed: Option<Vec<Value>>,
    minimum: Option<i128>,
    maximum: Option<i128>,
    exclusive_minimum: Option<i128>,
    exclusive_maximum: Option<i128>,
    /// A string `format`, checked by jsonschema on the one string (`{"format": f}` compiled
    /// with the run's options), so formats behave exactly as in the full check.
    format: Option<jsonschema::Validator>,
    /// OpenAPI's numeric format (`formats::NUMERIC_FORMAT_KEYWORD`).
    numeric_format: Option<String>,
    /// A part this path does not cover: the value is built and given to jsonschema.
    materialize: Option<jsonschema::Validator>,
    /// Nothing but `type` is asserted about a string (the common case, checked first).
    plain_strings: bool,
}

/// Keywords that assert nothing (annotations, containers reached only through `$ref`).
const IGNORED: [&str; 12] = [
    "$schema",
    "$comment",
    "title",
    "description",
    "examples",
    "example",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$defs",
    "definitions",
];

/// Keywords this path understands; any other one makes its schema `materialize`.
const KNOWN: [&str; 19] = [
    "type",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "$ref",
    "allOf",
];

/// How jsonschema validators are built for the run (the options of `SchemaSet::compile`).
pub(crate) type Build<'a> = &'a dyn Fn(&Value) -> Option<jsonschema::Validator>;

impl FastSchema {
    /// `None` when some part cannot be judged here at all (a `$ref` that is not a local
    /// pointer, or one inside a part that must be handed to jsonschema whole).
    pub(crate) fn compile(schema: &Value, build: Build<'_>) -> Option<FastSchema> {
        let mut c = Compiler {
            root: schema,
            build,
            nodes: Vec::new(),
            groups: Vec::new(),
            by_pointer: HashMap::new(),
        };
        let root = c.group("")?;
        // Expanded once here, so the walk borrows a group's nodes instead of collecting them
        // for every value; each group is visited once, so recursive schemas end.
        let groups: Vec<Vec<usize>> = (0..c.groups.len())
            .map(|g| {
                let mut nodes = Vec::new();
                let mut seen = vec![false; c.groups.len()];
                let mut todo = vec![g];
                while let Some(g) = todo.pop() {
                    if std::mem::replace(&mut seen[g], true) {
                        continue;
                    }
                    for m in &c.groups[g] {
                        match *m {
                            Member::Node(n) => nodes.push(n),
                            Member::Group(h) => todo.push(h),
                        }
                    }
                }
                nodes
            })
            .collect();
        let special = groups
            .iter()
            .map(|ids: &Vec<usize>| {
                let nodes = || ids.iter().map(|&i| &c.nodes[i]);
                (
                    nodes().any(|n| n.never),
                    nodes().any(|n| n.materialize.is_some()),
                )
            })
            .collect();
        Some(FastSchema {
            nodes: c.nodes,
            groups,
            special,
            root,
        })
    }

    /// Whether the body is valid JSON that conforms (`false`: not known to; ask the full
    /// check). Read as text, already known to be UTF-8: serde_json then does not validate
    /// each string again (a third of the walk's time on a dense body).
    pub(crate) fn accepts(&self, body: &str) -> bool {
        let mut de = serde_json::Deserializer::from_str(body);
        let walk = Walk {
            schema: self,
            nodes: Nodes::Group(self.root),
        };
        walk.deserialize(&mut de).is_ok() && de.end().is_ok()
    }
}

struct Compiler<'s, 'b> {
    root: &'s Value,
    build: Build<'b>,
    nodes: Vec<Node>,
    groups: Vec<Vec<Member>>,
    /// Group of each schema location compiled so far (recursive `$ref`s end here).
    by_pointer: HashMap<String, usize>,
}

impl Compiler<'_, '_> {
    /// The group of the schema at `pointer` (a JSON pointer into the root).
    fn group(&mut self, pointer: &str) -> Option<usize> {
        if let Some(&g) = self.by_pointer.get(pointer) {
            return Some(g);
        }
        let g = self.groups.len();
        self.groups.push(Vec::new());
        self.by_pointer.insert(pointer.to_string(), g);
        let schema = self.root.pointer(pointer)?;
        let node = self.nodes.len();
        self.nodes.push(Node::default());
        let mut members = vec![Member::Node(node)];
        let compiled = self.node(schema, pointer, &mut members)?;
        self.nodes[node] = compiled;
        self.groups[g] = members;
        Some(g)
    }

    fn node(&mut self, schema: &Value, pointer: &str, members: &mut Vec<Member>) -> Option<Node> {
        let mut n = Node {
            types: ANY,
            ..Node::default()
        };
        let map = match schema {
            Value::Bool(true) => return Some(n),
            Value::Bool(false) => {
                n.never = true;
                return Some(n);
            }
            Value::Object(map) => map,
            _ => return None,
        };
        let covered = map
            .iter()
            .all(|(k, v)| self.understands(k, v) || IGNORED.contains(&k.as_str()));
        if !covered {
            // Handed whole to jsonschema: only sound if it needs nothing from outside.
            if refers_outside(schema) {
                return None;
            }
            n.materialize = Some((self.build)(schema)?);
            return Some(n);
        }
        // `suffix`: the rest of the child's pointer, its tokens already escaped.
        let child = |c: &mut Self, suffix: &str| c.group(&format!("{pointer}/{suffix}"));
        for (key, value) in map {
            match key.as_str() {
                "type" => n.types = types(value)?,
                "properties" => {
                    for (name, _) in value.as_object()? {
                        let g = child(self, &format!("properties/{}", escape(name)))?;
                        n.by_name.insert(name.as_str().into(), n.properties.len());
                        n.properties.push((name.as_str().into(), Some(g)));
                    }
                }
                "additionalProperties" => {
                    n.additional = match value {
                        Value::Bool(true) => None,
                        Value::Bool(false) => Some(None),
                        _ => Some(Some(child(self, key)?)),
                    }
                }
                "items" => n.items = Some(child(self, key)?),
                "minProperties" => n.min_properties = Some(value.as_u64()?),
                "maxProperties" => n.max_properties = Some(value.as_u64()?),
                "minItems" => n.min_items = Some(value.as_u64()?),
                "maxItems" => n.max_items = Some(value.as_u64()?),
                "minLength" => n.min_length = Some(value.as_u64()?),
                "maxLength" => n.max_length = Some(value.as_u64()?),
                "enum" => n.allowed = Some(value.as_array()?.clone()),
                "const" => n.allowed = Some(vec![value.clone()]),
                "minimum" => n.minimum = Some(integer(value)?),
                "maximum" => n.maximum = Some(integer(value)?),
                "exclusiveMinimum" => n.exclusive_minimum = Some(integer(value)?),
                "exclusiveMaximum" => n.exclusive_maximum = Some(integer(value)?),
                "$ref" => {
                    let target = value.as_str()?.strip_prefix('#')?;
                    let g = self.group(target)?;
                    members.push(Member::Group(g));
                }
                "allOf" => {
                    for i in 0..value.as_array()?.len() {
                        let g = child(self, &format!("allOf/{i}"))?;
                        members.push(Member::Group(g));
                    }
                }
                "format" => {
                    n.format = Some((self.build)(&serde_json::json!({ "format": value }))?);
                }
                k if k == NUMERIC_FORMAT_KEYWORD => {
                    n.numeric_format = Some(value.as_str()?.to_string());
                }
                _ => {}
            }
        }
        n.declared = n.properties.len();
        n.plain_strings = n.min_length.is_none()
            && n.max_length.is_none()
            && n.allowed.is_none()
            && n.format.is_none();
        if let Some(Value::Array(required)) = map.get("required") {
            for name in required {
                let name = name.as_str()?;
                let i = match n.by_name.get(name) {
                    Some(&i) => i,
                    None => {
                        n.by_name.insert(name.into(), n.properties.len());
                        n.properties.push((name.into(), None));
                        n.properties.len() - 1
                    }
                };
                n.required.push(i);
            }
        }
        Some(n)
    }

    /// Whether this keyword, with this value, is one the walk judges.
    fn understands(&self, key: &str, value: &Value) -> bool {
        match key {
            "required" => value
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)),
            // Only enums of strings, booleans and nulls: numbers compare by value, and
            // arrays and objects by structure, which the walk does not rebuild.
            "enum" => value.as_array().is_some_and(|a| a.iter().all(scalar)),
            "const" => scalar(value),
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                integer(value).is_some()
            }
            "format" => true,
            k if k == NUMERIC_FORMAT_KEYWORD => value.is_string(),
            k => KNOWN.contains(&k),
        }
    }
}

fn scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Bool(_) | Value::Null)
}

fn integer(v: &Value) -> Option<i128> {
    v.as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from))
}

fn types(v: &Value) -> Option<u8> {
    let one = |t: &Value| -> Option<u8> {
        Some(match t.as_str()? {
            "null" => NULL,
            "boolean" => BOOL,
            "integer" => INTEGER,
            "number" => NUMBER | INTEGER,
            "string" => STRING,
            "array" => ARRAY,
            "object" => OBJECT,
            _ => return None,
        })
    };
    match v {
        Value::Array(list) => list.iter().try_fold(0, |acc, t| Some(acc | one(t)?)),
        t => one(t),
    }
}

/// JSON pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Whether a schema part names anything outside itself (references, anchors, ids).
fn refers_outside(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => map.iter().any(|(k, v)| {
            matches!(
                k.as_str(),
                "$ref" | "$dynamicRef" | "$recursiveRef" | "$id" | "$anchor" | "$dynamicAnchor"
            ) || refers_outside(v)
        }),
        Value::Array(items) => items.iter().any(refers_outside),
        _ => false,
    }
}

/// The schemas that apply to one value: none, a group, or several groups' nodes (when more
/// than one schema has something to say about the same property or item).
#[derive(Clone)]
enum Nodes {
    None,
    Group(usize),
    Many(Vec<usize>),
}

impl Nodes {
    /// From the groups that apply to a child value.
    fn of(schema: &FastSchema, groups: &[usize]) -> Nodes {
        match groups {
            [] => Nodes::None,
            [g] => Nodes::Group(*g),
            many => Nodes::Many(
                many.iter()
                    .flat_map(|g| schema.groups[*g].iter().copied())
                    .collect(),
            ),
        }
    }
}

/// Why the walk stopped: not an error of the body, only "ask the full check".
#[derive(Debug)]
struct Unsure;

impl fmt::Display for Unsure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not known to conform")
    }
}

struct Walk<'s> {
    schema: &'s FastSchema,
    nodes: Nodes,
}

/// Fails the walk unless `ok`.
fn ensure<E: serde::de::Error>(ok: bool) -> Result<(), E> {
    if ok { Ok(()) } else { Err(E::custom(Unsure)) }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        let s = self.schema;
        let (ids, (never, materialize)): (&[usize], _) = match &self.nodes {
            Nodes::None => (&[], (false, false)),
            Nodes::Group(g) => (&s.groups[*g], s.special[*g]),
            Nodes::Many(ids) => {
                let nodes = || ids.iter().map(|&i| &s.nodes[i]);
                let never = nodes().any(|n| n.never);
                (ids, (never, nodes().any(|n| n.materialize.is_some())))
            }
        };
        if ids.is_empty() {
            return Skip::deserialize(de).map(drop);
        }
        let checks = Checks { s, ids };
        ensure::<D::Error>(!never)?;
        if materialize {
            // This part is judged by jsonschema on its own tree; the other schemas that
            // apply walk that tree.
            let value = Value::deserialize(de)?;
            for n in checks.nodes() {
                if let Some(v) = &n.materialize {
                    ensure::<D::Error>(v.is_valid(&value))?;
                }
            }
            return value
                .deserialize_any(checks)
                .map_err(|_| D::Error::custom(Unsure));
        }
        de.deserialize_any(checks)
    }
}

/// One value against the nodes that apply to it.
struct Checks<'a, 's> {
    s: &'s FastSchema,
    ids: &'a [usize],
}

impl<'s> Checks<'_, 's> {
    /// `visit_map` for the common case of one schema (no `allOf` or `$ref` siblings): the
    /// same rules, without the per-node bookkeeping (this loop runs once per key).
    fn one_object<'de, A: MapAccess<'de>>(&self, n: &Node, mut map: A) -> Result<(), A::Error> {
        let mut seen = vec![false; n.properties.len()];
        let mut cursor = 0;
        let mut count = 0u64;
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            let key = key.as_str();
            count += 1;
            let at = match n.properties.get(cursor) {
                Some((name, _)) if **name == *key => Some(cursor),
                _ => n.by_name.get(key).copied(),
            };
            if let Some(p) = at {
                seen[p] = true;
                cursor = p + 1;
            }
            let child = match at.filter(|&p| p < n.declared) {
                Some(p) => n.properties[p].1,
                None => match n.additional {
                    None => None,
                    Some(None) => return Err(A::Error::custom(Unsure)),
                    Some(Some(g)) => Some(g),
                },
            };
            map.next_value_seed(self.child(child.map_or(Nodes::None, Nodes::Group)))?;
        }
        ensure::<A::Error>(n.allowed.is_none())?;
        ensure::<A::Error>(n.required.iter().all(|&p| seen[p]))?;
        ensure::<A::Error>(n.min_properties.is_none_or(|m| count >= m))?;
        ensure::<A::Error>(n.max_properties.is_none_or(|m| count <= m))?;
        Ok(())
    }

    fn nodes(&self) -> impl Iterator<Item = &'s Node> + '_ {
        self.ids.iter().map(|&i| &self.s.nodes[i])
    }

    fn child(&self, nodes: Nodes) -> Walk<'s> {
        Walk {
            schema: self.s,
            nodes,
        }
    }

    fn typed<E: serde::de::Error>(&self, t: u8) -> Result<(), E> {
        ensure::<E>(self.nodes().all(|n| n.types & t != 0))
    }

    fn scalar<E: serde::de::Error>(&self, t: u8, v: Value) -> Result<(), E> {
        self.typed::<E>(t)?;
        for n in self.nodes() {
            if let Some(allowed) = &n.allowed {
                ensure::<E>(allowed.contains(&v))?;
            }
        }
        Ok(())
    }

    fn int<E: serde::de::Error>(&self, v: i128, value: impl Fn() -> Value) -> Result<(), E> {
        self.typed::<E>(INTEGER)?;
        for n in self.nodes() {
            ensure::<E>(n.allowed.is_none())?;
            ensure::<E>(n.minimum.is_none_or(|m| v >= m))?;
            ensure::<E>(n.maximum.is_none_or(|m| v <= m))?;
            ensure::<E>(n.exclusive_minimum.is_none_or(|m| v > m))?;
            ensure::<E>(n.exclusive_maximum.is_none_or(|m| v < m))?;
            if let Some(f) = &n.numeric_format {
                ensure::<E>(fits_numeric_format(f, &value()))?;
            }
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Checks<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.scalar(NULL, Value::Null)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(BOOL, Value::Bool(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.int(i128::from(v), || Value::from(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.int(i128::from(v), || Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        // A float where any number will do; whether one is an integer (`2.0`), within a
        // bound or a format is the full check's to say.
        for n in self.nodes() {
            ensure::<E>(n.types & NUMBER != 0 && n.allowed.is_none())?;
            ensure::<E>(n.minimum.is_none() && n.maximum.is_none())?;
            ensure::<E>(n.exclusive_minimum.is_none() && n.exclusive_maximum.is_none())?;
            ensure::<E>(n.numeric_format.is_none())?;
        }
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.typed::<E>(STRING)?;
        if self.nodes().all(|n| n.plain_strings) {
            return Ok(());
        }
        let mut chars = None;
        for n in self.nodes() {
            if n.min_length.is_some() || n.max_length.is_some() {
                let count = *chars.get_or_insert_with(|| v.chars().count() as u64);
                ensure::<E>(n.min_length.is_none_or(|m| count >= m))?;
                ensure::<E>(n.max_length.is_none_or(|m| count <= m))?;
            }
            if let Some(allowed) = &n.allowed {
                ensure::<E>(allowed.iter().any(|a| a.as_str() == Some(v)))?;
            }
            if let Some(f) = &n.format {
                ensure::<E>(f.is_valid(&Value::String(v.to_string())))?;
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.typed::<A::Error>(ARRAY)?;
        let items: Vec<usize> = self.nodes().filter_map(|n| n.items).collect();
        let nodes = Nodes::of(self.s, &items);
        let mut count = 0u64;
        while seq.next_element_seed(self.child(nodes.clone()))?.is_some() {
            count += 1;
        }
        for n in self.nodes() {
            ensure::<A::Error>(n.allowed.is_none())?;
            ensure::<A::Error>(n.min_items.is_none_or(|m| count >= m))?;
            ensure::<A::Error>(n.max_items.is_none_or(|m| count <= m))?;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.typed::<A::Error>(OBJECT)?;
        if let [one] = self.ids {
            return self.one_object(&self.s.nodes[*one], map);
        }
        // Per node: which of its properties were seen, and where the next one is expected
        // (bodies usually list keys in the schema's order: one comparison per key).
        let mut seen: Vec<Vec<bool>> = self
            .nodes()
            .map(|n| vec![false; n.properties.len()])
            .collect();
        let mut cursor = vec![0usize; self.ids.len()];
        let mut count = 0u64;
        let mut children: Vec<usize> = Vec::new();
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            let key = key.as_str();
            count += 1;
            children.clear();
            let mut denied = false;
            for (i, n) in self.nodes().enumerate() {
                let at = match n.properties.get(cursor[i]) {
                    Some((name, _)) if **name == *key => Some(cursor[i]),
                    _ => n.by_name.get(key).copied(),
                };
                if let Some(p) = at {
                    seen[i][p] = true;
                    cursor[i] = p + 1;
                }
                match at.filter(|&p| p < n.declared) {
                    Some(p) => children.extend(n.properties[p].1),
                    None => match n.additional {
                        None => {}
                        Some(None) => denied = true,
                        Some(Some(g)) => children.push(g),
                    },
                }
            }
            ensure::<A::Error>(!denied)?;
            map.next_value_seed(self.child(Nodes::of(self.s, &children)))?;
        }
        for (i, n) in self.nodes().enumerate() {
            ensure::<A::Error>(n.allowed.is_none())?;
            ensure::<A::Error>(n.required.iter().all(|&p| seen[i][p]))?;
            ensure::<A::Error>(n.min_properties.is_none_or(|m| count >= m))?;
            ensure::<A::Error>(n.max_properties.is_none_or(|m| count <= m))?;
        }
        Ok(())
    }
}

/// A value nothing is asserted about, read as the full check's parse reads it (serde's
/// `IgnoredAny` skips numbers and strings without the range and escape checks that parse
/// makes, so a body the full check calls "not json" could pass here).
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Skip, D::Error> {
        de.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// An object key, borrowed from the body when it has no escapes.
enum KeyText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl KeyText<'_> {
    fn as_str(&self) -> &str {
        match self {
            KeyText::Borrowed(s) => s,
            KeyText::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<KeyText<'de>, E> {
                Ok(KeyText::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText<'de>, E> {
                Ok(KeyText::Owned(v.to_string()))
            }
        }
        de.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(formats: bool) -> impl Fn(&Value) -> Option<jsonschema::Validator> {
        move |part: &Value| {
            jsonschema::draft202012::options()
                .should_validate_formats(formats)
                .with_format("byte", crate::schema::formats::is_base64)
                .with_keyword(
                    NUMERIC_FORMAT_KEYWORD,
                    crate::schema::formats::numeric_format_keyword,
                )
                .build(part)
                .ok()
        }
    }

    /// The fast path never says "valid" where jsonschema says otherwise, and says it for the
    /// conforming bodies of the schemas it covers.
    fn agrees(schema: Value, bodies: &[(&str, bool)]) {
        let mut marked = schema.clone();
        crate::schema::formats::mark_numeric_formats(&mut marked);
        let b = build(true);
        let full = b(&marked).expect("schema compiles");
        let fast = FastSchema::compile(&marked, &b).expect("fast path covers it");
        for (body, covered) in bodies {
            let valid = serde_json::from_str::<Value>(body).is_ok_and(|v| full.is_valid(&v));
            let accepted = fast.accepts(body);
            assert!(
                !accepted || valid,
                "{schema}: accepted {body}, jsonschema refuses it"
            );
            if valid && *covered {
                assert!(accepted, "{schema}: a valid {body} was not accepted");
            }
        }
    }

    #[test]
    fn objects_required_additional_and_order() {
        let schema = json!({"type": "object", "required": ["a", "z"],
            "properties": {"a": {"type": "string"}, "b": {"type": ["integer", "null"]}},
            "additionalProperties": false});
        agrees(
            schema,
            &[
                (r#"{"a":"x","z":1}"#, false),
                (r#"{"a":"x","b":null}"#, true),
                (r#"{"b":3,"a":"x"}"#, true),
                (r#"{"a":"x","b":1.5}"#, true),
                (r#"{"a":"x","c":1}"#, true),
                (r#"{"b":1}"#, true),
                (r#"{"a":1}"#, true),
                (r#"{"a":"x"} trailing"#, true),
                (r#"{"a":"x","a":2}"#, true),
                (r#"[]"#, true),
                (r#"{"a":"x""#, true),
                ("", true),
            ],
        );
        let open = json!({"type": "object", "required": ["a", "z"],
            "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}});
        agrees(
            open,
            &[
                (r#"{"a":"x","z":1}"#, true),
                (r#"{"a":"x","z":"1"}"#, true),
                (r#"{"\u0061":"x","z":1}"#, true),
            ],
        );
    }

    #[test]
    fn arrays_strings_numbers_and_enums() {
        let schema = json!({"type": "array", "minItems": 1, "maxItems": 3, "items": {
            "type": "object", "properties": {
                "s": {"type": "string", "minLength": 2, "maxLength": 3, "enum": ["ab", "abc", "éé"]},
                "n": {"type": "integer", "minimum": 0, "exclusiveMaximum": 10},
                "k": {"const": true},
                "f": {"type": "number", "format": "int32"},
                "t": {"type": "string", "format": "date-time"}}}});
        agrees(
            schema,
            &[
                (r#"[{"s":"ab","n":0,"k":true}]"#, true),
                (r#"[{"s":"éé"},{"s":"abc"},{}]"#, true),
                (r#"[]"#, true),
                (r#"[{},{},{},{}]"#, true),
                (r#"[{"s":"a"}]"#, true),
                (r#"[{"s":"abd"}]"#, true),
                (r#"[{"n":10}]"#, true),
                (r#"[{"n":-1}]"#, true),
                (r#"[{"n":2.0}]"#, false),
                (r#"[{"k":false}]"#, true),
                (r#"[{"k":1}]"#, true),
                (r#"[{"f":2147483648}]"#, true),
                (r#"[{"f":2147483647}]"#, true),
                (r#"[{"t":"2024-10-10T10:33:56.177Z"}]"#, true),
                (r#"[{"t":"yesterday"}]"#, true),
            ],
        );
    }

    #[test]
    fn refs_all_of_and_parts_handed_to_jsonschema() {
        let schema = json!({"$ref": "#/$defs/T", "$defs": {
            "T": {"type": "object", "required": ["id"], "allOf": [{"required": ["kind"]}],
                  "properties": {"id": {"type": "string", "pattern": "^[0-9]+$"},
                                 "kind": {"oneOf": [{"const": "a"}, {"const": "b"}]},
                                 "next": {"$ref": "#/$defs/T"}}}}});
        agrees(
            schema,
            &[
                (r#"{"id":"1","kind":"a"}"#, true),
                (
                    r#"{"id":"1","kind":"a","next":{"id":"2","kind":"b"}}"#,
                    true,
                ),
                (
                    r#"{"id":"1","kind":"a","next":{"id":"x","kind":"b"}}"#,
                    true,
                ),
                (r#"{"id":"1","kind":"c"}"#, true),
                (r#"{"id":"1"}"#, true),
                (r#"{"id":"x","kind":"a"}"#, true),
            ],
        );
        // A reference out of the document, or inside a part jsonschema must judge whole: not
        // covered at all.
        let b = build(true);
        assert!(FastSchema::compile(&json!({"$ref": "other.json"}), &b).is_none());
        let inside = json!({"oneOf": [{"$ref": "#/$defs/x"}], "$defs": {"x": {}}});
        assert!(FastSchema::compile(&inside, &b).is_none());
        assert!(FastSchema::compile(&json!(false), &b).is_some_and(|f| !f.accepts("1")));
    }

    #[test]
    fn deep_and_hostile_bodies_go_to_the_full_check() {
        let b = build(true);
        let fast = FastSchema::compile(&json!({"type": "array"}), &b).unwrap();
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(!fast.accepts(&deep));
        assert!(fast.accepts("[[[1]]] "));
        assert!(!fast.accepts("[1e400]"));
        assert!(!fast.accepts("[1,]"));
        assert!(!fast.accepts("[\"\\ud800\"]"));
    }
}
