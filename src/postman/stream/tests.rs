//! Differential tests: every document loads to the same model, or fails with the same message,
//! through the streaming loader and through a whole-tree parse (`serde_json::from_str::<Value>`)
//! split into the same nodes afterwards. The conversion is shared; the walk is what is tested.

use super::super::convert::{self, Children, MAX_FOLDER_DEPTH, Node};
use super::super::load::{
    collection_from_text, load_collection, read_json, streamed, syntax_error,
};
use super::super::model::Collection;
use super::super::{Item, LoadError};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shown(r: Result<Collection, LoadError>) -> String {
    match r {
        Ok(c) => format!("ok {c:?}"),
        Err(e) => format!("err {e}"),
    }
}

fn whole_tree(path: &Path, doc: Result<Value, LoadError>) -> Result<Collection, LoadError> {
    convert::collection(split(doc?, "", 0)).map_err(|message| LoadError::Shape {
        path: path.to_path_buf(),
        message,
    })
}

/// The oracle's walk: what `stream` does while reading, done on a finished tree.
fn split(v: Value, pointer: &str, children_depth: usize) -> Node {
    let Value::Object(mut fields) = v else {
        return Node::Other(v);
    };
    // The Postman API's `{"collection": {...}}` wrapper: its object is the document when the
    // outer one has neither `item` nor `info` (an object under that key is dropped otherwise).
    if pointer.is_empty() && fields.get("collection").is_some_and(Value::is_object) {
        let inner = fields.shift_remove("collection").unwrap_or_default();
        if !fields.contains_key("item") && !fields.contains_key("info") {
            return split(inner, "/collection", 0);
        }
    }
    let children = fields.shift_remove("item").map(|items| match items {
        Value::Array(_) if children_depth > MAX_FOLDER_DEPTH => {
            Children::List(vec![convert::too_deep(pointer)])
        }
        Value::Array(list) => Children::List(
            list.into_iter()
                .enumerate()
                .map(|(i, element)| {
                    let at = format!("{pointer}/item/{i}");
                    convert::item(split(element, &at, children_depth + 1), &at)
                })
                .collect(),
        ),
        other => Children::NotList(other),
    });
    Node::Object { fields, children }
}

/// Both paths on one text; returns the (shared) outcome for further assertions.
fn same(text: &str) -> String {
    let path = Path::new("doc.json");
    let old = whole_tree(
        path,
        serde_json::from_str(text).map_err(|e| syntax_error(path, &e)),
    );
    let new = streamed(path, text);
    let (old, new) = (shown(old), shown(new));
    assert_eq!(old, new, "paths differ on {text:?}");
    new
}

/// A JSON file that says it is a v2.x collection (test fixtures also hold recordings, reports
/// and data files).
fn is_v2_collection(p: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(p) else {
        return false;
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    v["info"]["schema"]
        .as_str()
        .is_some_and(|s| s.contains("collection/v2"))
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") && is_v2_collection(&p) {
            out.push(p);
        }
    }
}

#[test]
fn shipped_and_reference_collections_load_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    json_files(&root.join("collections"), &mut files);
    json_files(&root.join("tests"), &mut files);
    // The Sahamati export the project was built against, where this machine has it.
    if let Ok(dir) = std::fs::read_dir("/work/shared/reference/sahamati") {
        files.extend(
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json")),
        );
    }
    assert!(files.len() >= 3, "found only {files:?}");
    for f in &files {
        let old = shown(whole_tree(f, read_json(f)));
        let new = shown(load_collection(f));
        assert_eq!(old, new, "paths differ on {}", f.display());
        assert!(new.starts_with("ok "), "{}: {new}", f.display());
    }
}

/// Hand-written cases, each with a fragment of the outcome that shows it exercised what it names.
const EDGES: &[(&str, &str)] = &[
    (
        r#"{"collection":{"info":{"name":"wrapped","schema":"https://schema.getpostman.com/json/collection/v2.1.0/"},"item":[{"name":"one","request":"http://a/"}]}}"#,
        r#"name: "wrapped""#,
    ),
    (
        r#"{"collection":{"item":[{"name":"inner"}]},"info":{"name":"outer"},"item":[]}"#,
        r#"name: "outer""#,
    ),
    (
        r#"{"collection":{"info":{"name":"x"},"item":{"bad":1}}}"#,
        "/item: expected an array",
    ),
    (r#"{"collection":[1]}"#, "no 'item' array at the top level"),
    (
        r#"{"item":[{"request":"http://a/"}],"info":{"name":"late","schema":"https://schema.getpostman.com/json/collection/v2.0.0/"}}"#,
        r#"name: "late", version: V2_0"#,
    ),
    (
        r#"{"info":{},"item":"x"}"#,
        "/item: expected an array, found a string",
    ),
    (r#"{"item":7}"#, "found a number"),
    (r#"{"item":{"a":[1]}}"#, "found an object"),
    (r#"{"item":null}"#, "found null"),
    (
        r#"{"item":[[1,{"a":2}]]}"#,
        "\"/item/0: expected an object, found an array\"",
    ),
    (r#"{"item":true}"#, "found a boolean"),
    (r#"{"item":[]}"#, "items: []"),
    (
        r#"{"item":[{"item":"no"},{"name":"f","item":{"k":1}}]}"#,
        "/item/0/item: expected an array, found a string",
    ),
    (
        r#"{"item":[{"item":[{"item":[{},{"request":"u"},{"name":"n","request":3}]}]}]}"#,
        r#"name: "item /item/0/item/0/item/1""#,
    ),
    (
        r#"{"item":[3,null,"s",true,-1.5e3,18446744073709551616]}"#,
        "\"/item/3: expected an object, found a boolean\"",
    ),
    (
        r#"{"item":[{"request":"https://x/y?q=1"}]}"#,
        r#"Raw("https://x/y?q=1")"#,
    ),
    (
        r#"{"item":[{"name":"r","request":{"method":"post","url":{"host":"a.b","path":"/c/d"}},"response":[{"code":200}],"event":[{"listen":"test","script":{"exec":["a","b"]}}]}]}"#,
        "examples: [Object",
    ),
    (r#"{"requests":[],"name":"old"}"#, "Postman v1 collection"),
    (
        r#"{"info":3,"item":[],"requests":[1]}"#,
        "Postman v1 collection",
    ),
    (r#"{"info":{"name":"v2"},"requests":[]}"#, "no 'item' array"),
    (r#"{"info":{}}"#, "no 'item' array at the top level"),
    (
        r#"[{"item":[]}]"#,
        "expected a JSON object at the top level, found an array",
    ),
    (r#""collection""#, "found a string"),
    (r#"null"#, "found null"),
    (r#"12"#, "found a number"),
    // Duplicate keys: the last value wins, as in `Value`'s map.
    (
        r#"{"item":[{"request":"u"}],"item":"x"}"#,
        "/item: expected an array",
    ),
    (
        r#"{"item":"x","item":[{"name":"kept","request":"u"}]}"#,
        r#"name: "kept""#,
    ),
    (
        r#"{"item":[{"name":"a","item":[{"request":"u"}],"name":"b","item":4}]}"#,
        r#"name: "b""#,
    ),
    (
        r#"{"item":[{"request":"u","response":[1],"response":"no","request":{"url":"v"}}]}"#,
        r#"Raw("v")"#,
    ),
    (
        r#"{"info":{"name":"a"},"item":[],"info":{"name":"b"}}"#,
        r#"name: "b""#,
    ),
    (r#"{"item":[]} x"#, "doc.json:1:13: trailing characters"),
    (r#"{"item":"x"} ,"#, "trailing characters"),
    (r#"{"item":[{"request":"u"},]}"#, "trailing comma"),
    (r#"{"item":[{"request":"u"}"#, "unexpected end of file"),
    (
        r#"{"item":[{"name":"x" "request":1}]}"#,
        "expected `,` or `}`",
    ),
    (r#"{"item":[{"name":"\q"}]}"#, "invalid escape"),
    (r#"{"item":[{"request":1e999}]}"#, "number out of range"),
    (
        r#"{"it\u0065m":[{"name":"escaped key"}]}"#,
        r#"name: "escaped key""#,
    ),
    ("", "unexpected end of file"),
    (" \n ", "unexpected end of file"),
];

#[test]
fn edge_cases_load_alike() {
    for (text, expected) in EDGES {
        let outcome = same(text);
        assert!(outcome.contains(expected), "{text}: {outcome}");
    }
}

/// Folders `n` deep: the deepest that parses under serde_json's limit of 128 levels, the first
/// that does not, and hostile depths; none may overflow the stack.
fn folders(n: usize) -> String {
    let mut s = String::from(r#"{"info":{"name":"deep"},"item":["#);
    for _ in 0..n {
        s.push_str(r#"{"name":"f","item":["#);
    }
    for _ in 0..n {
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

fn depth_of(items: &[Item]) -> usize {
    let mut depth = 0;
    let mut level = items;
    while let Some(Item::Folder(f)) = level.first() {
        depth += 1;
        level = &f.items;
    }
    depth
}

#[test]
fn deep_folders_load_alike_without_overflow() {
    // A small stack on purpose: the streaming walk must not need more than the tree parse did.
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let deepest = collection_from_text(Path::new("d.json"), &folders(62));
            let Ok(c) = deepest else {
                panic!("62 folders must load: {:?}", deepest.err())
            };
            assert_eq!(depth_of(&c.items), 62);
            same(&folders(62));
            for n in [63, 65, 100, 20_000] {
                let outcome = same(&folders(n));
                assert!(
                    outcome.contains("recursion limit exceeded"),
                    "{n}: {outcome}"
                );
            }
            let mut hostile = String::from(r#"{"item":[{"request":"#);
            hostile.push_str(&"[".repeat(50_000));
            let outcome = same(&hostile);
            assert!(outcome.contains("recursion limit exceeded"), "{outcome}");
        })
        .expect("spawn the test thread");
    assert!(worker.join().is_ok(), "the deep documents panicked");
}

/// A document touching most paths, cut and corrupted at every byte: syntax errors (with line and
/// column) and the shapes that still parse must match.
#[test]
fn damaged_documents_fail_alike() {
    let doc = r#"{
  "info": {"name": "d", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/"},
  "item": [
    {"name": "f", "item": [{"request": "http://a/b", "response": [{"code": 1}]}, 3],
     "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]}},
    {"request": {"method": "put", "url": {"raw": "u", "query": [{"key": "q"}]},
     "body": {"mode": "raw", "raw": "é\n"}}, "event": []}
  ],
  "variable": [{"key": "k", "value": 1.5}]
}"#;
    assert!(same(doc).starts_with("ok "));
    let cuts: Vec<usize> = (0..=doc.len())
        .filter(|i| doc.is_char_boundary(*i))
        .collect();
    for &i in &cuts {
        same(&doc[..i]);
        for junk in [
            "",
            ",",
            "}",
            "]",
            "\"",
            "x",
            "[",
            "{\"item\":1}",
            "\"item\"",
        ] {
            if let Some(&next) = cuts.iter().find(|&&j| j > i) {
                same(&format!("{}{junk}{}", &doc[..i], &doc[next..]));
            }
            same(&format!("{}{junk}{}", &doc[..i], &doc[i..]));
        }
    }
}

/// An item-shaped value: leaves of every kind, objects with some of an item's keys in any order,
/// a repeated key now and then.
fn node() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null"),
        Just("0"),
        Just("\"s\""),
        Just("false"),
        Just("[]"),
        Just("{}"),
        Just("[{\"request\":\"u\"}]"),
        Just(r#"{"name":"r","request":"http://x/"}"#),
        Just(r#"{"request":{"method":"get","url":{"host":["h"],"path":"/a"}}}"#),
        Just(r#"{"request":7}"#),
    ]
    .prop_map(str::to_string);
    leaf.prop_recursive(5, 96, 6, |inner| {
        let children = prop_oneof![
            3 => proptest::collection::vec(inner.clone(), 0..5)
                .prop_map(|v| format!("[{}]", v.join(","))),
            1 => inner.clone(),
        ];
        let fields = proptest::sample::subsequence(
            vec![
                r#""name":"n""#,
                r#""id":"i""#,
                r#""request":"r""#,
                r#""response":[{"code":1}]"#,
                r#""auth":{"type":"basic","basic":{"username":"u"}}"#,
                r#""event":[{"listen":"prerequest","script":{"exec":"x"}}]"#,
                r#""protocolProfileBehavior":{"followRedirects":false}"#,
                r#""name":"again""#,
            ],
            0..6,
        );
        (fields, proptest::option::of(children))
            .prop_map(|(fields, children)| {
                let mut keys: Vec<String> = fields.into_iter().map(str::to_string).collect();
                keys.extend(children.map(|c| format!("\"item\":{c}")));
                keys
            })
            .prop_shuffle()
            .prop_map(|keys| format!("{{{}}}", keys.join(",")))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_collections_load_alike(
        items in node(),
        top in proptest::sample::subsequence(
            vec![
                r#""info":{"name":"g"}"#,
                r#""info":"flat""#,
                r#""requests":[]"#,
                r#""variable":[{"key":"a"}]"#,
                r#""event":[]"#,
            ],
            0..4,
        ),
        with_items in any::<bool>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut keys: Vec<String> = top.into_iter().map(str::to_string).collect();
        if with_items {
            keys.insert(at.index(keys.len() + 1), format!("\"item\":{items}"));
        }
        same(&format!("{{{}}}", keys.join(",")));
    }
}
