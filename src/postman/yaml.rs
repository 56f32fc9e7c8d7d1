//! Reading the YAML files of Postman's v3 format: a bounded first pass (syntax errors with line
//! and column; aliases may not blow a small file up into a huge value), then serde's typed pass
//! over the same text, whose type errors also carry line and column.
//!
//! Why a budget: serde_norway caps alias *jumps* at 100 per event of the document, but each jump
//! replays a whole anchored subtree, so `a: &a [big list]` followed by many `*a` still expands
//! quadratically. Counting what the value would hold stops any expansion at a small multiple of
//! the text's own size.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Why a YAML text is refused: a message and where, when the parser knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Units a document may expand to per byte of its text (one per value plus its string bytes).
const BUDGET_PER_BYTE: usize = 4;
const BUDGET_FLOOR: usize = 64 * 1024;

/// Parses `text` into `T`, refusing documents whose aliases expand beyond the budget.
pub(super) fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, YamlError> {
    let budget = Cell::new(text.len().saturating_mul(BUDGET_PER_BYTE).max(BUDGET_FLOOR));
    let de = serde_norway::Deserializer::from_str(text);
    Bounded { budget: &budget }
        .deserialize(de)
        .map_err(|e| error(&e))?;
    // The first pass proved the expansion small; the typed pass cannot cost more.
    serde_norway::from_str(text).map_err(|e| error(&e))
}

/// The keys of a document's top-level mapping (none when it is not one). Call after `parse`
/// accepted the text: the budget has been checked.
pub(super) fn top_level_keys(text: &str) -> Vec<String> {
    serde_norway::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(text)
        .map(|m| m.into_keys().collect())
        .unwrap_or_default()
}

fn error(e: &serde_norway::Error) -> YamlError {
    let (line, column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    // The position is printed first by the caller; drop serde_norway's " at line L column C".
    let full = e.to_string();
    let message = match full.find(" at line ") {
        Some(i) => {
            let rest = &full[i + " at line ".len()..];
            let after = rest
                .find(" column ")
                .map(|j| &rest[j + " column ".len()..])
                .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
                .unwrap_or("");
            format!("{}{after}", &full[..i])
        }
        None => full,
    };
    YamlError {
        line,
        column,
        message,
    }
}

/// Walks any value, spending budget on every node and string byte; keeps nothing.
#[derive(Clone, Copy)]
struct Bounded<'b> {
    budget: &'b Cell<usize>,
}

impl Bounded<'_> {
    fn spend<E: de::Error>(&self, units: usize) -> Result<(), E> {
        match self.budget.get().checked_sub(units.saturating_add(1)) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document expands to far more than its own size (YAML aliases repeated \
                 too often); refused",
            )),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend::<A::Error>(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend::<A::Error>(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag x`): its payload counts like any other value.
        use de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse::<Value>("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 2), "{err:?}");
        // The position leads the message (file:line:column); where the list began stays.
        assert_eq!(
            err.message,
            "did not find expected ',' or ']', while parsing a flow sequence at line 2 column 4"
        );
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        // Nine levels of ten aliases each: 10^9 leaves if expanded.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let err = parse::<Value>(&text).unwrap_err();
        assert!(
            err.message.contains("expands") || err.message.contains("repetition limit"),
            "{err:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn one_big_anchor_repeated_stays_within_the_budget() {
        // Within serde_norway's jump limit (few aliases) yet a large expansion: a 64 KiB string
        // repeated 2000 times would be 128 MiB.
        let big = "y".repeat(64 * 1024);
        let mut text = format!("a: &a '{big}'\nb: [");
        text.push_str(&vec!["*a"; 2000].join(", "));
        text.push_str("]\n");
        let err = parse::<Value>(&text).unwrap_err();
        assert!(err.message.contains("expands"), "{err:?}");
    }

    #[test]
    fn tags_merges_and_several_documents_are_errors_or_values_never_panics() {
        for text in [
            "a: !t x\n",
            "a: !!binary aGk=\n",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\n---\nb: 2\n",
            "? [a, b]\n: c\n",
            "a: *nope\n",
            "",
        ] {
            let _ = parse::<Value>(text);
            let _ = parse::<crate::postman::v3::files::Request>(text);
        }
        let err = parse::<Value>("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one document"), "{err:?}");
    }

    #[test]
    fn ordinary_aliases_still_work() {
        let v: Value = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(v["b"]["k"], "v");
    }
}
