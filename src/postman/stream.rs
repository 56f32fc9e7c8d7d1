//! Reads a collection document without ever building its whole JSON tree: the top-level object
//! and every item object are read key by key, `item` arrays element by element, and each item is
//! handed to `convert` as soon as it closes, so only one item's JSON exists at a time. Owns the
//! walk; must not judge what the keys mean (convert does, and whole-document shape errors wait
//! until the text has parsed, so syntax errors win as they did with a full parse).

use super::convert::{self, Children, MAX_FOLDER_DEPTH, Node};
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Parses a whole collection document. Errors are serde_json's, at the same place and with the
/// same words as `serde_json::from_str::<Value>` gives for the same text: every value is read
/// through `deserialize_any`, as `Value` reads it, so the recursion limit counts alike.
pub(super) fn document(text: &str) -> Result<Node, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let node = de::Deserializer::deserialize_any(
        &mut de,
        NodeVisitor {
            pointer: "",
            children_depth: 0,
        },
    )?;
    de.end()?;
    Ok(node)
}

/// Turns a scalar into the `Value` serde_json would have built for it (by running `Value`'s own
/// visitor), so messages that name a kind do not depend on this module.
fn whole<'de, T, E>(scalar: T) -> Result<Value, E>
where
    T: IntoDeserializer<'de, E>,
    E: de::Error,
{
    Value::deserialize(scalar.into_deserializer())
}

/// The visits of scalars, which a streamed position keeps whole.
macro_rules! scalars_whole {
    ($wrap:path) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            whole(v).map($wrap)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            whole(v).map($wrap)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            whole(v).map($wrap)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            whole(v).map($wrap)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            whole(v).map($wrap)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            whole(()).map($wrap)
        }
    };
}

/// The top-level key of the Postman API's collection export that holds the collection.
const WRAPPER: &str = "collection";

/// The top-level object, or one element of an `item` array.
struct NodeVisitor<'p> {
    /// JSON pointer of this value ("" at the top level).
    pointer: &'p str,
    /// Folder depth of the elements of this object's `item` (0 at the top level).
    children_depth: usize,
}

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_whole!(Node::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Node, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Node::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Map::new();
        let mut children = None;
        let mut wrapped = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == WRAPPER && self.pointer.is_empty() {
                // The Postman API's export, `{"collection": {info, item}}`, which Newman runs:
                // the inner object is streamed as the document (item pointers under
                // `/collection`); it stands for the document only when the outer one has no
                // `item` of its own (see below).
                match map.next_value_seed(ElementSeed(NodeVisitor {
                    pointer: "/collection",
                    children_depth: 0,
                }))? {
                    Node::Other(value) => {
                        fields.insert(key, value);
                    }
                    inner => wrapped = Some(inner),
                }
            } else if key == "item" {
                // A repeated key replaces the earlier value, as `Value`'s map does.
                children = Some(map.next_value_seed(ChildrenSeed {
                    owner: self.pointer,
                    depth: self.children_depth,
                })?);
            } else {
                let value = map.next_value::<Value>()?;
                fields.insert(key, value);
            }
        }
        match wrapped {
            Some(inner) if children.is_none() && !fields.contains_key("info") => Ok(inner),
            _ => Ok(Node::Object { fields, children }),
        }
    }
}

/// The value of an `item` key.
#[derive(Clone, Copy)]
struct ChildrenSeed<'p> {
    /// Pointer of the object that holds this `item`.
    owner: &'p str,
    /// Folder depth of the elements.
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ChildrenSeed<'_> {
    type Value = Children;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Children, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ChildrenSeed<'_> {
    type Value = Children;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_whole!(Children::NotList);

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Children, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Children::NotList)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Children, A::Error> {
        if self.depth > MAX_FOLDER_DEPTH {
            // Read past the elements (as values, so the recursion limit still counts) without
            // descending further.
            while seq.next_element::<Value>()?.is_some() {}
            return Ok(Children::List(vec![convert::too_deep(self.owner)]));
        }
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut index = 0usize;
        loop {
            let pointer = format!("{}/item/{index}", self.owner);
            let visitor = NodeVisitor {
                pointer: &pointer,
                children_depth: self.depth + 1,
            };
            let Some(node) = seq.next_element_seed(ElementSeed(visitor))? else {
                break;
            };
            // Converted while the next element is still unread: this item's JSON goes now.
            items.push(convert::item(node, &pointer));
            index += 1;
        }
        Ok(Children::List(items))
    }
}

/// Reads one element of an `item` array with a `NodeVisitor`.
struct ElementSeed<'p>(NodeVisitor<'p>);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = Node;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Node, D::Error> {
        de.deserialize_any(self.0)
    }
}

#[cfg(test)]
mod tests;
