//! Issue 14's "no panic on any input" for the v3 reader and the converters, as property tests
//! over the library: folders of YAML files built from the format's own keys with values of any
//! type (and sometimes raw bytes) are loaded; what loads is planned, drafted, written back as v3
//! and exported as v2.1. 128 cases by default; `PROPTEST_CASES=N` raises it.

use conform::build::Draft;
use conform::postman;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

fn config() -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            128
        },
        failure_persistence: None,
        ..base
    }
}

const KEYS: &[&str] = &[
    "$kind",
    "name",
    "order",
    "method",
    "url",
    "headers",
    "queryParams",
    "pathVariables",
    "body",
    "type",
    "content",
    "auth",
    "credentials",
    "key",
    "value",
    "disabled",
    "enabled",
    "settings",
    "followRedirects",
    "maxRedirects",
    "strictSSL",
    "scripts",
    "code",
    "examples",
    "variables",
    "src",
    "contentType",
    "query",
    "response",
    "statusCode",
    "headers",
    "values",
    "request",
];

const WORDS: &[&str] = &[
    "http-request",
    "graphql-request",
    "grpc-request",
    "collection",
    "http-example",
    "json",
    "urlencoded",
    "formdata",
    "file",
    "none",
    "text",
    "graphql",
    "bearer",
    "basic",
    "inherit",
    "beforeRequest",
    "afterResponse",
    "http:beforeRequest",
    "graphql:beforeQuery",
    "GET",
    "post",
    "{{base}}/x?a=1&b#h",
    ":id",
    "",
    "./.resources/a.resources/examples",
    "ünï",
    "a/b:c",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(WORDS).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        "[ -~]{0,12}".prop_map(Value::from),
    ]
}

fn yaml_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

const BODY_TYPES: &[&str] = &[
    "json",
    "text",
    "xml",
    "html",
    "javascript",
    "urlencoded",
    "formdata",
    "file",
    "none",
    "graphql",
];
const SCRIPT_TYPES: &[&str] = &[
    "beforeRequest",
    "afterResponse",
    "http:beforeRequest",
    "http:afterResponse",
];

fn rows() -> impl Strategy<Value = Value> {
    proptest::collection::vec(
        (select(WORDS), scalar(), any::<bool>(), select(&["text", "file"][..])).prop_map(
            |(k, v, off, t)| serde_json::json!({"key": k, "value": v, "disabled": off, "type": t, "src": v}),
        ),
        0..4,
    )
    .prop_map(Value::Array)
}

/// A request, definition or example with the right field types (values still arbitrary).
fn typed(kind: &'static str) -> impl Strategy<Value = Value> {
    (
        select(WORDS),
        select(WORDS),
        proptest::option::of(-5.0e3..5.0e3f64),
        rows(),
        rows(),
        (select(BODY_TYPES), prop_oneof![select(WORDS).prop_map(Value::from), rows()]),
        (select(WORDS), rows()),
        proptest::collection::vec((select(SCRIPT_TYPES), "[ -~]{0,20}"), 0..3),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(move |(method, url, order, headers, query, (bt, content), (at, creds), scripts, follow)| {
            let mut m = serde_json::json!({
                "$kind": kind, "method": method, "url": url, "headers": headers,
                "queryParams": query, "pathVariables": [{"key": "id", "value": "1"}],
                "body": {"type": bt, "content": content},
                "auth": {"type": at, "credentials": creds},
                "scripts": scripts.iter().map(|(t, c)| serde_json::json!({"type": t, "code": c})).collect::<Vec<_>>(),
                "variables": [{"key": "v", "value": url}],
                "response": {"statusCode": 200, "body": {"type": "json", "content": "{}"}},
            });
            if let Some(o) = order {
                m["order"] = o.into();
            }
            if let Some(f) = follow {
                m["settings"] = serde_json::json!({"followRedirects": f, "maxRedirects": 3});
            }
            m
        })
}

/// A file's text: a well-typed file of the kind its path calls for (most often), a mapping of
/// the format's keys with values of any type, or raw bytes.
fn file_text(kind: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        5 => typed(kind).prop_map(|v| serde_norway::to_string(&v).unwrap().into_bytes()),
        2 => (select(&["http-request", "graphql-request", "collection", "http-example", "mqtt-request", "x"][..]),
              proptest::collection::vec((select(KEYS), yaml_value()), 0..8))
            .prop_map(|(kind, kv)| {
                let mut m: Map<String, Value> = kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                m.insert("$kind".into(), kind.into());
                serde_norway::to_string(&Value::Object(m)).unwrap().into_bytes()
            }),
        1 => proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

fn file() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    select(PATHS).prop_flat_map(|path| {
        let kind = if path.ends_with("definition.yaml") {
            "collection"
        } else if path.ends_with(".example.yaml") {
            "http-example"
        } else {
            "http-request"
        };
        file_text(kind).prop_map(move |t| (path, t))
    })
}

const PATHS: &[&str] = &[
    "a.request.yaml",
    "A.request.yml",
    "b.request.yaml",
    "F/c.request.yaml",
    "F/G/d.request.yaml",
    ".resources/definition.yaml",
    "F/.resources/definition.yaml",
    ".resources/a.resources/examples/ok.example.yaml",
    "F/G/e.request.yaml",
    "f.request.yaml",
    "notes.txt",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn v3_folders_never_panic_the_reader_or_the_converters(
        files in proptest::collection::vec(file(), 0..8),
        env in file_text("x"),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("c");
        std::fs::create_dir_all(&root).unwrap();
        for (rel, bytes) in &files {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let env_path = dir.path().join("env.yaml");
        std::fs::write(&env_path, &env).unwrap();
        let _ = postman::load_environment(&env_path);
        let Ok(c) = postman::load_collection(&root) else {
            return Ok(());
        };
        let _ = postman::export::collection(&c);
        let _ = postman::v3::write::write(&c, &dir.path().join("out"));
        let suite = conform::plan::suite(c, root.clone());
        for step in &suite.steps {
            if let Ok(d) = Draft::from_step(step) {
                let _ = d.to_http();
            }
        }
    }
}

#[test]
fn the_property_reaches_loaded_collections() {
    // The generator is not all refusals: a plain request file loads.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.request.yaml"),
        serde_norway::to_string(&serde_json::json!({"$kind": "http-request", "url": "http://h/"}))
            .unwrap(),
    )
    .unwrap();
    let c = postman::load_collection(dir.path()).unwrap();
    assert_eq!(c.items.len(), 1);
}
