//! Issue 2's "nothing in any input file makes the program panic", as property tests over the
//! library: raw bytes, arbitrary JSON and real-shaped collections with broken parts go through
//! the three loaders, the planner and the request builder; arbitrary text against arbitrary
//! (nested, self-referencing, dynamic) variables goes through the resolver, also against a model
//! of Postman's own substitution. Each property runs 256 cases (96 for whole collections);
//! `PROPTEST_CASES=N` raises every one. A failure prints the shrunk input. Files are written to a
//! temp dir per case and nothing here talks to the network.

use conform::auth::SystemClock;
use conform::build::{self, BuildError, BuildOptions, Draft};
use conform::postman::{self, Collection, Item};
use conform::vars::{self, Scope, VarStore};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};
use std::path::Path;

/// `default_cases` unless PROPTEST_CASES says otherwise. No regression files in the source tree:
/// a failure prints its minimal input, which belongs in a named test.
fn config(default_cases: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    let cases = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => base.cases,
        None => default_cases,
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..base
    }
}

const SCOPES: [Scope; 5] = [
    Scope::Global,
    Scope::Collection,
    Scope::Environment,
    Scope::Data,
    Scope::Local,
];

/// Names that matter to the resolver: plain, dynamic (known and unknown), empty, braces inside.
const NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    "host",
    "token",
    "user name",
    "$guid",
    "$timestamp",
    "$isoTimestamp",
    "$randomInt",
    "$randomUUID",
    "$randomAlphaNumeric",
    "$randomEmail",
    "$nope",
    "",
    "{",
    "}",
    "a}b",
    "é",
];

/// Text pieces that stress URL splitting, encoding and the `{{}}` scanner.
const ODD: &[&str] = &[
    "{{",
    "}}",
    "{",
    "}",
    "%",
    "%zz",
    "%41",
    ":id",
    "?",
    "#",
    "&",
    "=",
    "//",
    "://",
    "@",
    "\u{0}",
    "\r\n",
    "é",
    "\u{10FFFF}",
    " ",
    "\\",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(NAMES).prop_map(String::from),
        1 => "[a-z$ {}._-]{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ -~]{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
        3 => name().prop_map(|n| format!("{{{{{n}}}}}")),
        2 => select(ODD).prop_map(String::from),
    ]
}

/// Free text with references; `max` bounds the fragments and so the references per string.
fn text_of(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..=max).prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    text_of(5)
}

/// A variable value. At most two references each: three or more to a cycle grow by 3^20 over
/// the resolver's 20 passes (see `self_multiplying_variables_stay_bounded`).
fn var_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => text_of(2).prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| json!(f)),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => proptest::collection::vec(text_of(1), 0..3).prop_map(|v| json!(v)),
    ]
}

fn var_store() -> impl Strategy<Value = VarStore> {
    proptest::collection::vec((0..5usize, name(), var_value(), any::<bool>()), 0..8).prop_map(
        |vars| {
            let mut store = VarStore::new();
            for (scope, name, value, secret) in vars {
                store.set_typed(SCOPES[scope], &name, value, secret);
            }
            store
        },
    )
}

/// Arbitrary JSON, keys biased to the ones the Postman format gives meaning to.
fn wild() -> BoxedStrategy<Value> {
    const KEYS: &[&str] = &[
        "item",
        "request",
        "url",
        "raw",
        "host",
        "path",
        "query",
        "variable",
        "header",
        "body",
        "mode",
        "auth",
        "type",
        "key",
        "value",
        "disabled",
        "enabled",
        "event",
        "listen",
        "script",
        "exec",
        "info",
        "schema",
        "name",
        "values",
        "formdata",
        "urlencoded",
        "file",
        "src",
        "graphql",
        "options",
        "protocolProfileBehavior",
        "method",
        "bearer",
        "basic",
        "",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![4 => select(KEYS).prop_map(String::from), 1 => text()];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Mostly the well-formed shape, sometimes anything at all in its place.
fn or_wild(s: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![8 => s, 1 => wild()].boxed()
}

/// Builds an object from optional fields: `None` leaves the key out.
fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect::<Map<_, _>>(),
    )
}

fn opt(s: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Option<Value>> {
    proptest::option::weighted(0.7, s).boxed()
}

fn text_value() -> BoxedStrategy<Value> {
    or_wild(text().prop_map(Value::String))
}

fn key_value() -> BoxedStrategy<Value> {
    or_wild(
        (
            text_value(),
            opt(text_value()),
            opt(any::<bool>().prop_map(Value::Bool)),
        )
            .prop_map(|(k, v, d)| object(vec![("key", Some(k)), ("value", v), ("disabled", d)])),
    )
}

fn key_values() -> BoxedStrategy<Value> {
    or_wild(proptest::collection::vec(key_value(), 0..4).prop_map(Value::Array))
}

fn url() -> BoxedStrategy<Value> {
    let segment = prop_oneof![
        3 => text().prop_map(Value::String),
        1 => text().prop_map(|v| json!({"type": "string", "value": v})),
    ];
    let list = move |sep: &'static str| {
        prop_oneof![
            proptest::collection::vec(text(), 0..4).prop_map(move |v| json!(v.join(sep))),
            proptest::collection::vec(segment.clone(), 0..4).prop_map(Value::Array),
        ]
    };
    let parts = (
        opt(text_value()),
        opt(select(&["http", "https", "ftp", "", "{{scheme}}"][..]).prop_map(Value::from)),
        opt(list(".")),
        opt(or_wild(text().prop_map(Value::String))),
        opt(list("/")),
        opt(key_values()),
        opt(key_values()),
        opt(text_value()),
    )
        .prop_map(|(raw, protocol, host, port, path, query, variable, hash)| {
            object(vec![
                ("raw", raw),
                ("protocol", protocol),
                ("host", host),
                ("port", port),
                ("path", path),
                ("query", query),
                ("variable", variable),
                ("hash", hash),
            ])
        });
    let raw = prop_oneof![
        Just("http://127.0.0.1:9/a?b=c#d".to_string()),
        Just("{{host}}/p/:id?x={{a}}".to_string()),
        text(),
    ];
    or_wild(prop_oneof![2 => raw.prop_map(Value::String), 3 => parts])
}

fn body() -> BoxedStrategy<Value> {
    let form_part = (
        text_value(),
        text_value(),
        select(&["text", "file", "other"][..]),
        select(&["body.bin", "missing.txt", "{{file}}", "/nonexistent/x", ""][..]),
        opt(text_value()),
        any::<bool>(),
    )
        .prop_map(|(key, value, kind, src, ct, disabled)| {
            json!({"key": key, "value": value, "type": kind, "src": src,
                   "contentType": ct, "disabled": disabled})
        });
    let payload = (
        select(
            &[
                "raw",
                "urlencoded",
                "formdata",
                "file",
                "graphql",
                "none",
                "weird",
            ][..],
        ),
        text_value(),
        key_values(),
        proptest::collection::vec(or_wild(form_part), 0..3),
        select(&["body.bin", "missing.txt", "{{file}}", ""][..]),
        opt(select(&["json", "xml", "html", "text", "javascript", "x"][..]).prop_map(Value::from)),
        opt(any::<bool>().prop_map(Value::Bool)),
    )
        .prop_map(|(mode, raw, rows, parts, src, language, disabled)| {
            let mut b = json!({"mode": mode, "raw": raw, "urlencoded": rows, "formdata": parts,
                               "file": {"src": src},
                               "graphql": {"query": raw, "variables": "{\"v\": \"{{a}}\"}"}});
            if let Some(l) = language {
                b["options"] = json!({"raw": {"language": l}});
            }
            if let Some(d) = disabled {
                b["disabled"] = d;
            }
            b
        });
    or_wild(payload)
}

/// Auth in both shapes Postman writes: v2.0 `{type, TYPE: {k: v}}` and v2.1 `{type, TYPE: [{key, value}]}`.
fn auth() -> BoxedStrategy<Value> {
    const TYPES: &[&str] = &[
        "noauth", "inherit", "basic", "bearer", "apikey", "digest", "oauth1", "oauth2", "awsv4",
        "hawk", "ntlm", "edgegrid", "akamai", "jwt", "asap", "unknown",
    ];
    const PARAMS: &[&str] = &[
        "username",
        "password",
        "token",
        "key",
        "value",
        "in",
        "realm",
        "nonce",
        "algorithm",
        "qop",
        "nonceCount",
        "clientNonce",
        "opaque",
        "disableRetryRequest",
        "consumerKey",
        "consumerSecret",
        "tokenSecret",
        "signatureMethod",
        "timestamp",
        "version",
        "addParamsToHeader",
        "addEmptyParamsToSign",
        "includeBodyHash",
        "callback",
        "verifier",
        "privateKey",
        "accessToken",
        "addTokenTo",
        "headerPrefix",
        "tokenType",
        "accessKey",
        "secretKey",
        "region",
        "service",
        "sessionToken",
    ];
    let param_value = prop_oneof![
        4 => text().prop_map(Value::String),
        2 => select(&[
            "header", "query", "queryParams", "MD5", "MD5-sess", "SHA-256", "SHA-256-sess",
            "SHA-512-256", "auth", "auth-int", "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512",
            "PLAINTEXT", "RSA-SHA1", "1.0", "00000001", "Bearer", "",
        ][..]).prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => wild(),
    ];
    let params = proptest::collection::vec((select(PARAMS), param_value), 0..8);
    or_wild(
        (select(TYPES), params, any::<bool>()).prop_map(|(kind, params, v21)| {
            let inner = if v21 {
                Value::Array(
                    params
                        .into_iter()
                        .map(|(k, v)| json!({"key": k, "value": v, "type": "string"}))
                        .collect(),
                )
            } else {
                Value::Object(
                    params
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            };
            let mut auth = Map::new();
            auth.insert("type".into(), Value::from(kind));
            auth.insert(kind.to_string(), inner);
            Value::Object(auth)
        }),
    )
}

fn request() -> BoxedStrategy<Value> {
    let method = prop_oneof![
        4 => select(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "COPY", "PURGE",
                      "UNLOCK", "get", "{{method}}", ""][..]).prop_map(Value::from),
        1 => text_value(),
    ];
    let header = prop_oneof![
        4 => key_values(),
        1 => text().prop_map(|t| json!(format!("X-A: {t}\n// X-Off: 1\nbare\n: novalue"))),
    ];
    let profile = (
        any::<Option<bool>>(),
        any::<Option<bool>>(),
        any::<Option<u64>>(),
    )
        .prop_map(|(prune, encode, max)| {
            json!({"disableBodyPruning": prune, "disableUrlEncoding": encode, "maxRedirects": max,
                   "followRedirects": prune})
        });
    let object_form = (
        opt(method),
        opt(url()),
        opt(header),
        opt(body()),
        opt(auth()),
        opt(profile),
    )
        .prop_map(|(method, url, header, body, auth, profile)| {
            (
                object(vec![
                    ("method", method),
                    ("url", url),
                    ("header", header),
                    ("body", body),
                    ("auth", auth),
                ]),
                profile,
            )
        });
    or_wild(
        prop_oneof![
            1 => text().prop_map(|t| (Value::String(t), None)),
            6 => object_form,
        ]
        .prop_map(|(request, profile)| json!({"request": request, "profile": profile})),
    )
}

fn events() -> BoxedStrategy<Value> {
    let event = (
        select(&["prerequest", "test", "other"][..]),
        prop_oneof![
            proptest::collection::vec(text(), 0..3).prop_map(|v| json!(v)),
            text().prop_map(Value::String),
        ],
        any::<bool>(),
    )
        .prop_map(|(listen, exec, disabled)| {
            json!({"listen": listen, "script": {"exec": exec}, "disabled": disabled})
        });
    or_wild(proptest::collection::vec(or_wild(event), 0..3).prop_map(Value::Array))
}

/// An item tree: requests, folders of folders, and now and then something that is neither.
fn items() -> BoxedStrategy<Vec<Value>> {
    let leaf = (text(), request(), events()).prop_map(|(name, r, ev)| {
        let mut item = json!({"name": name, "event": ev, "response": [{"code": 200}]});
        match r {
            Value::Object(mut o) if o.contains_key("request") => {
                item["request"] = o.remove("request").unwrap_or(Value::Null);
                if let Some(p) = o.remove("profile").filter(|p| !p.is_null()) {
                    item["protocolProfileBehavior"] = p;
                }
            }
            other => item["request"] = other,
        }
        item
    });
    let node = prop_oneof![9 => leaf, 1 => wild()].boxed();
    let tree = node.prop_recursive(4, 24, 4, |inner| {
        (
            text(),
            proptest::collection::vec(inner, 0..4),
            opt(auth()),
            events(),
        )
            .prop_map(|(name, children, auth, ev)| {
                object(vec![
                    ("name", Some(Value::String(name))),
                    ("item", Some(Value::Array(children))),
                    ("auth", auth),
                    ("event", Some(ev)),
                ])
            })
    });
    proptest::collection::vec(tree, 0..5).boxed()
}

fn variables() -> BoxedStrategy<Value> {
    let var = (
        name(),
        var_value(),
        select(&["default", "secret", "string", "any"][..]),
        any::<bool>(),
    )
        .prop_map(|(k, v, t, d)| json!({"key": k, "value": v, "type": t, "disabled": d}));
    or_wild(proptest::collection::vec(or_wild(var), 0..5).prop_map(Value::Array))
}

/// A collection shaped like a Postman export, with `item` always an array so it must load.
fn collection() -> impl Strategy<Value = Value> {
    let schema = opt(select(
        &[
            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
            "https://schema.getpostman.com/json/collection/v2.0.0/collection.json",
            "https://example.invalid/v9",
        ][..],
    )
    .prop_map(Value::from));
    (
        text(),
        schema,
        items(),
        opt(variables()),
        opt(auth()),
        opt(events()),
    )
        .prop_map(|(name, schema, items, variable, auth, event)| {
            object(vec![
                (
                    "info",
                    Some(object(vec![
                        ("name", Some(Value::String(name))),
                        ("schema", schema),
                    ])),
                ),
                ("item", Some(Value::Array(items))),
                ("variable", variable),
                ("auth", auth),
                ("event", event),
            ])
        })
}

/// How a file reaches the loader: the encodings Windows editors produce, then damage.
#[derive(Clone, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
}

fn encode(text: &str, enc: &Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le { bom } => {
            let head: &[u8] = if *bom { &[0xFF, 0xFE] } else { &[] };
            let body = text.encode_utf16().flat_map(u16::to_le_bytes);
            head.iter().copied().chain(body).collect()
        }
        Encoding::Utf16Be { bom } => {
            let head: &[u8] = if *bom { &[0xFE, 0xFF] } else { &[] };
            let body = text.encode_utf16().flat_map(u16::to_be_bytes);
            head.iter().copied().chain(body).collect()
        }
    }
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        4 => Just(Encoding::Utf8),
        1 => Just(Encoding::Utf8Bom),
        1 => any::<bool>().prop_map(|bom| Encoding::Utf16Le { bom }),
        1 => any::<bool>().prop_map(|bom| Encoding::Utf16Be { bom }),
    ]
}

#[derive(Clone, Debug)]
enum Damage {
    Truncate(prop::sample::Index),
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
}

fn damage(bytes: &mut Vec<u8>, d: &Damage) {
    if bytes.is_empty() {
        return;
    }
    match d {
        Damage::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        Damage::Flip(i, mask) => {
            let at = i.index(bytes.len());
            bytes[at] ^= mask | 1;
        }
        Damage::Insert(i, b) => {
            let at = i.index(bytes.len());
            bytes.insert(at, *b);
        }
    }
}

fn damages() -> impl Strategy<Value = Vec<Damage>> {
    let one = prop_oneof![
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, m)| Damage::Flip(i, m)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Insert(i, b)),
    ];
    proptest::collection::vec(one, 0..3)
}

/// Raw bytes, with the prefixes that switch the decoder's paths.
fn raw_bytes() -> impl Strategy<Value = Vec<u8>> {
    const PREFIXES: &[&[u8]] = &[
        b"",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"{",
        b"[",
        b"{\0",
    ];
    let prefix = select(PREFIXES);
    (prefix, proptest::collection::vec(any::<u8>(), 0..200))
        .prop_map(|(p, rest)| [p, &rest[..]].concat())
}

/// Only regular files inside the case's dir: a generated `src` must not reach /dev or block.
fn loader(dir: &Path) -> impl Fn(&Path) -> std::io::Result<Vec<u8>> + '_ {
    move |p: &Path| {
        let inside = p.starts_with(dir) && std::fs::symlink_metadata(p)?.is_file();
        if !inside {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "outside the test dir",
            ));
        }
        std::fs::read(p)
    }
}

fn case_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("body.bin"), b"file body").expect("a body file");
    dir
}

/// The format's rule for how many requests a tree holds: an object with `item` is a folder
/// (a non-array `item` becomes one broken request), anything else is one request.
fn expected_steps(items: &[Value]) -> usize {
    items
        .iter()
        .map(|v| match v.get("item") {
            Some(Value::Array(children)) if v.is_object() => expected_steps(children),
            _ => 1,
        })
        .sum()
}

fn leaf_names(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Folder(f) => leaf_names(&f.items, out),
            Item::Request(r) => out.push(r.name.clone()),
        }
    }
}

const BODYLESS: [&str; 5] = ["GET", "COPY", "HEAD", "PURGE", "UNLOCK"];

/// Plans a loaded collection and builds every step both ways, checking what must always hold.
fn plan_and_build(
    collection: Collection,
    source: &Path,
    vars: &VarStore,
    dir: &Path,
) -> Result<usize, TestCaseError> {
    let mut names = Vec::new();
    leaf_names(&collection.items, &mut names);
    let suite = conform::plan::suite(collection, source.to_path_buf());
    let planned: Vec<String> = suite.steps.iter().map(|s| s.name().to_string()).collect();
    prop_assert_eq!(planned, names, "the plan holds every request, in order");
    let clock = SystemClock::default();
    let files = loader(dir);
    for step in &suite.steps {
        prop_assert!(!step.path.is_empty());
        let draft = match (Draft::from_step(step), &step.request) {
            (Ok(d), Ok(_)) => d,
            (Err(BuildError::Item(m)), Err(expected)) => {
                prop_assert_eq!(&m, expected);
                continue;
            }
            (got, want) => {
                return Err(TestCaseError::fail(format!(
                    "from_step disagrees with the item: {:?} vs {want:?}",
                    got.map(|d| d.method)
                )));
            }
        };
        for allow_unresolved in [true, false] {
            let opts = BuildOptions {
                base_url: None,
                allow_unresolved,
                working_dir: dir,
                user_agent: "conform-proptest",
                clock: &clock,
            };
            match build::finish(&draft, vars, &opts, &files) {
                Ok(built) => {
                    let r = &built.request;
                    prop_assert!(!r.method.bytes().any(|b| b.is_ascii_lowercase()), "{r:?}");
                    for name in ["User-Agent", "Accept", "Cache-Control"] {
                        prop_assert!(r.has_header(name), "no {} in {:?}", name, r.headers);
                    }
                    if BODYLESS.contains(&r.method.as_str())
                        && draft.profile.disable_body_pruning != Some(true)
                    {
                        prop_assert!(r.body.is_none(), "{} sent a body: {r:?}", r.method);
                    }
                }
                Err(BuildError::Unresolved { name, place }) => {
                    prop_assert!(
                        !allow_unresolved,
                        "{{{{{}}}}} in {} though allowed",
                        name,
                        place
                    );
                    let msg = BuildError::Unresolved {
                        name: name.clone(),
                        place,
                    }
                    .to_string();
                    prop_assert!(msg.contains(&format!("{{{{{name}}}}}")), "{msg}");
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
    Ok(suite.steps.len())
}

/// Loads one file every way it can be loaded; loader errors must name the file.
fn load_everything(dir: &Path, bytes: &[u8], vars: &VarStore) -> Result<(), TestCaseError> {
    for file in ["input.json", "input.csv"] {
        let path = dir.join(file);
        std::fs::write(&path, bytes).expect("write the input");
        let shown = path.display().to_string();
        if let Err(e) = postman::load_iteration_data(&path) {
            prop_assert!(e.to_string().contains(&shown), "{e}");
        }
    }
    let path = dir.join("input.json");
    let shown = path.display().to_string();
    if let Err(e) = postman::load_environment(&path) {
        prop_assert!(e.to_string().contains(&shown), "{e}");
    }
    match postman::load_collection(&path) {
        Ok(c) => {
            plan_and_build(c, &path, vars, dir)?;
        }
        Err(e) => prop_assert!(e.to_string().contains(&shown), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn raw_bytes_never_panic_a_loader(bytes in raw_bytes(), vars in var_store()) {
        let dir = case_dir();
        load_everything(dir.path(), &bytes, &vars)?;
    }

    #[test]
    fn arbitrary_json_never_panics_a_loader(doc in wild(), enc in encoding(), vars in var_store()) {
        let dir = case_dir();
        load_everything(dir.path(), &encode(&doc.to_string(), &enc), &vars)?;
    }

    #[test]
    fn environments_keep_their_variables(
        values in proptest::collection::vec(
            or_wild((name(), var_value(), any::<Option<bool>>()).prop_map(|(k, v, en)| {
                json!({"key": k, "value": v, "enabled": en.unwrap_or(true), "type": "default"})
            })),
            0..6,
        ),
        enc in encoding(),
    ) {
        let dir = case_dir();
        let path = dir.path().join("e.postman_environment.json");
        let doc = json!({"id": "x", "name": "env", "values": values});
        std::fs::write(&path, encode(&doc.to_string(), &enc)).expect("write the environment");
        let env = postman::load_environment(&path);
        prop_assert!(env.is_ok(), "{:?}", env.err());
        let Ok(env) = env else { unreachable!() };
        let keyed: Vec<&Value> = values
            .iter()
            .filter(|v| v.get("key").or_else(|| v.get("id")).is_some_and(|k| {
                k.is_string() || k.is_number() || k.is_boolean()
            }))
            .collect();
        prop_assert_eq!(env.values.len(), keyed.len());
        for (got, want) in env.values.iter().zip(keyed) {
            if let Some(v) = want.get("value") {
                prop_assert_eq!(&got.value, v);
            }
        }
    }

    /// Newman's csv-parse options: unquoted cells trimmed, unquoted numbers cast, quoted cells
    /// kept as written, blank lines skipped.
    #[test]
    fn csv_iteration_data_keeps_rows_and_cells(
        width in 1usize..4,
        cells in proptest::collection::vec(
            prop_oneof![
                "[a-z][a-z0-9 ]{0,4}".prop_map(|w| (format!(" {w} "), json!(w.trim()))),
                (1i64..1_000_000).prop_map(|n| (n.to_string(), json!(n))),
                "[a-z0-9 ,]{0,5}".prop_map(|q| (format!("\"{q}\""), json!(q))),
            ],
            0..12,
        ),
        blank_lines in any::<bool>(),
        enc in encoding(),
    ) {
        let dir = case_dir();
        let path = dir.path().join("data.csv");
        let header: Vec<String> = (0..width).map(|i| format!("col{i}")).collect();
        let rows: Vec<&[(String, Value)]> = cells.chunks_exact(width).collect();
        let mut text = header.join(",");
        for row in &rows {
            text.push_str(if blank_lines { "\n\n" } else { "\n" });
            let written: Vec<&str> = row.iter().map(|(w, _)| w.as_str()).collect();
            text.push_str(&written.join(","));
        }
        std::fs::write(&path, encode(&text, &enc)).expect("write the csv");
        let data = postman::load_iteration_data(&path);
        prop_assert!(data.is_ok(), "{:?}", data.err());
        let Ok(data) = data else { unreachable!() };
        prop_assert_eq!(data.len(), rows.len(), "{}", text);
        for (got, want) in data.iter().zip(&rows) {
            for (h, (_, value)) in header.iter().zip(want.iter()) {
                prop_assert_eq!(got.get(h), Some(value), "{}", text);
            }
        }
    }

    #[test]
    fn resolve_terminates_and_reports_what_is_left(vars in var_store(), text in text()) {
        let r = vars.resolve(&text);
        for name in &r.unresolved {
            let written = format!("{{{{{name}}}}}");
            prop_assert!(r.text.contains(&written), "{} missing from {:?}", written, r.text);
        }
        let mut seen = r.unresolved.clone();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), r.unresolved.len(), "unresolved names repeat");
        if !text.contains("{{") {
            prop_assert_eq!(&r.text, &text);
            prop_assert!(r.unresolved.is_empty());
        }
        // A defined name is left only where the pass limit cut a chain or a cycle short, and
        // that needs some value that itself holds a reference.
        let nested = SCOPES.iter().any(|s| {
            vars.to_object(*s).values().any(|v| vars::stringify(v).contains("{{"))
        });
        for name in &r.unresolved {
            // A null from iteration data is left as written, as Newman does (tests/newman,
            // data_json_values); the lookup may find it there.
            if let Some(v) = vars.lookup(name).filter(|v| !v.is_null()) {
                prop_assert!(nested, "{{{{{}}}}} defined as {:?} but left in {:?}", name, v, r.text);
            }
        }
    }

    /// Brace-free values: the exact answer is known, every defined name disappears.
    #[test]
    fn defined_names_resolve_exactly(
        defined in proptest::collection::btree_map(
            "[a-z_][a-z0-9_ .-]{0,5}",
            prop_oneof![
                "[^{}]{0,8}".prop_map(Value::String),
                any::<i64>().prop_map(Value::from),
                any::<bool>().prop_map(Value::Bool),
            ],
            0..5,
        ),
        tokens in proptest::collection::vec(
            prop_oneof![
                "[^{}]{0,6}".prop_map(|t| (t, false)),
                "[a-z_][a-z0-9_ .-]{0,5}".prop_map(|n| (n, true)),
            ],
            0..8,
        ),
        scope in 0..5usize,
    ) {
        let mut vars = VarStore::new();
        for (k, v) in &defined {
            vars.set(SCOPES[scope], k, v.clone());
        }
        let mut text = String::new();
        let mut expected = String::new();
        let mut unresolved: Vec<String> = Vec::new();
        for (t, is_ref) in &tokens {
            if !is_ref {
                text.push_str(t);
                expected.push_str(t);
                continue;
            }
            text.push_str(&format!("{{{{{t}}}}}"));
            match defined.get(t) {
                Some(v) => expected.push_str(&vars::stringify(v)),
                None => {
                    expected.push_str(&format!("{{{{{t}}}}}"));
                    if !unresolved.contains(t) {
                        unresolved.push(t.clone());
                    }
                }
            }
        }
        let r = vars.resolve(&text);
        prop_assert_eq!(&r.text, &expected);
        prop_assert_eq!(&r.unresolved, &unresolved);
        for name in defined.keys() {
            let written = format!("{{{{{name}}}}}");
            prop_assert!(!r.text.contains(&written));
        }
    }

    /// Chains `n0 → n1 → … → nk`: resolved to the end within Postman's 19 passes, stopped (not
    /// looping, not growing without bound) far beyond it, cycles included.
    #[test]
    fn nested_and_cyclic_references_terminate(
        links in proptest::collection::vec(("[a-z]{0,3}", "[a-z]{0,3}"), 1..40),
        cycle in any::<bool>(),
    ) {
        let k = links.len();
        let mut vars = VarStore::new();
        for (i, (pre, post)) in links.iter().enumerate() {
            let next = if i + 1 < k {
                format!("{{{{n{}}}}}", i + 1)
            } else if cycle {
                "{{n0}}".to_string()
            } else {
                "end".to_string()
            };
            vars.set(SCOPES[i % 5], &format!("n{i}"), json!(format!("{pre}{next}{post}")));
        }
        let r = vars.resolve("<{{n0}}>");
        let budget: usize = links.iter().map(|(a, b)| a.len() + b.len() + 8).sum::<usize>() * 64;
        prop_assert!(r.text.len() <= budget, "{} bytes from {k} links", r.text.len());
        if !cycle && k < 19 {
            let pre: String = links.iter().map(|(p, _)| p.as_str()).collect();
            let post: String = links.iter().rev().map(|(_, p)| p.as_str()).collect();
            prop_assert_eq!(r.text, format!("<{pre}end{post}>"));
            prop_assert!(r.unresolved.is_empty());
        } else if cycle || k > 25 {
            prop_assert!(r.text.contains("{{n"), "{}", r.text);
            prop_assert_eq!(r.unresolved.len(), 1);
        }
    }
}

/// A value that names itself twice doubles on every pass (three times triples: 3^20 copies,
/// gigabytes, from one line of an environment file). Resolution must stop growing long before
/// memory does; 16 MiB is far beyond any real URL, header or body.
#[test]
fn self_multiplying_variables_stay_bounded() {
    const LIMIT: usize = 16 << 20;
    let mut vars = VarStore::new();
    let filler = "x".repeat(200);
    vars.set(
        Scope::Environment,
        "a",
        json!(format!("{{{{a}}}}{filler}{{{{a}}}}")),
    );
    let r = vars.resolve("{{a}}");
    assert!(
        r.text.len() <= LIMIT,
        "{{{{a}}}} = {{{{a}}}}x…{{{{a}}}} grew to {} bytes",
        r.text.len()
    );
}

// Whole collections are built request by request: fewer cases keep the file near 10 s.
proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn real_shaped_collections_load_plan_and_build(
        doc in collection(),
        enc in encoding(),
        vars in var_store(),
    ) {
        let dir = case_dir();
        let path = dir.path().join("c.postman_collection.json");
        std::fs::write(&path, encode(&doc.to_string(), &enc)).expect("write the collection");
        let loaded = postman::load_collection(&path);
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err());
        let Ok(collection) = loaded else { unreachable!() };
        // Collection variables join the store as `conform run` puts them there.
        let mut vars = vars;
        for v in collection.variables.iter().filter(|v| v.enabled) {
            vars.set_typed(Scope::Collection, &v.key, v.value.clone(), v.is_secret());
        }
        let items = doc["item"].as_array().cloned().unwrap_or_default();
        let steps = plan_and_build(collection, &path, &vars, dir.path())?;
        prop_assert_eq!(steps, expected_steps(&items));
    }

    #[test]
    fn damaged_collections_never_panic(
        doc in collection(),
        enc in encoding(),
        hits in damages(),
        vars in var_store(),
    ) {
        let dir = case_dir();
        let mut bytes = encode(&doc.to_string(), &enc);
        for d in &hits {
            damage(&mut bytes, d);
        }
        load_everything(dir.path(), &bytes, &vars)?;
    }
}

/// Environment numbers reach requests as JavaScript prints them, every digit kept: serde_json's
/// default float parser can be one unit in the last place off (its `float_roundtrip` feature is
/// exact). Found by `environments_keep_their_variables`.
#[test]
fn environment_numbers_keep_every_digit() {
    let dir = case_dir();
    let path = dir.path().join("e.json");
    let text = r#"{"values": [{"key": "n", "value": 9.412149995129913e+209, "enabled": true}]}"#;
    std::fs::write(&path, text).expect("write the environment");
    let env = postman::load_environment(&path).expect("a valid environment");
    assert_eq!(
        vars::stringify(&env.values[0].value),
        "9.412149995129913e+209"
    );
}

/// Postman's pattern `{{([^{}]*?)}}` finds `{{fields}}` inside `{{{fields}}}`: a raw JSON body
/// that opens an object straight into a variable resolves there. Found by
/// `resolution_matches_postman`; minimal input `{{{b}}` with `b = ""` (Postman: `{`).
#[test]
fn a_brace_before_a_reference_does_not_hide_it() {
    let mut vars = VarStore::new();
    vars.set(Scope::Environment, "fields", json!("\"k\": 1"));
    vars.set(Scope::Environment, "b", json!(""));
    assert_eq!(vars.resolve("{{{fields}}}").text, "{\"k\": 1}");
    assert_eq!(vars.resolve("{{{b}}").text, "{");
    assert!(vars.resolve("{{{fields}}}").unresolved.is_empty());
}

/// Postman's substitution (postman-collection `Substitutor`): the global regex
/// `{{([^{}]*?)}}` applied left to right, at most 19 passes.
fn postman_model(text: &str, vars: &VarStore) -> String {
    let mut current = text.to_string();
    for _ in 0..19 {
        let mut out = String::new();
        let mut matched = false;
        let mut i = 0;
        while i < current.len() {
            let rest = &current[i..];
            if let Some(after) = rest.strip_prefix("{{") {
                let stop = after.find(['{', '}']).unwrap_or(after.len());
                if after[stop..].starts_with("}}") {
                    let name = &after[..stop];
                    matched = true;
                    match vars.lookup(name) {
                        Some(v) => out.push_str(&vars::stringify(v)),
                        None => out.push_str(&rest[..stop + 4]),
                    }
                    i += stop + 4;
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8();
        }
        current = out;
        if !matched {
            break;
        }
    }
    current
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn resolution_matches_postman(
        defs in proptest::collection::vec(("[abc]{1,2}", "[ab{}x]{0,10}"), 0..4),
        text in "[ab{}x]{0,16}",
    ) {
        let mut vars = VarStore::new();
        for (k, v) in &defs {
            vars.set(Scope::Environment, k, json!(v));
        }
        prop_assume!(!text.contains("{{{") && defs.iter().all(|(_, v)| !v.contains("{{{")));
        let expected = postman_model(&text, &vars);
        prop_assert!(expected.len() < 1 << 16);
        prop_assert_eq!(vars.resolve(&text).text, expected);
    }
}
