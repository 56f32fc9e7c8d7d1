//! Issue 11's parity items on loading and building requests, found on real public collections: each
//! sends what Newman 6.2.2 sends (recorded in tests/newman/recordings) where conform differed.

use crate::common::*;
use serde_json::json;

#[test]
fn an_empty_body_gets_a_zero_length_only_on_methods_node_expects_a_body_on() {
    let empty = json!({"mode": "raw", "raw": "", "options": {"raw": {"language": "json"}}});
    let items = json!([
        item("del", json!({"method": "DELETE", "url": "http://h/del", "body": empty})),
        {"name": "get", "protocolProfileBehavior": {"disableBodyPruning": true},
         "request": {"method": "GET", "url": "http://h/get", "body": empty}},
        item("opt", json!({"method": "OPTIONS", "url": "http://h/opt"})),
        item("post", json!({"method": "POST", "url": "http://h/post", "body": empty})),
        item("copy", json!({"method": "COPY", "url": "http://h/copy"})),
        item("fetch", json!({"method": "FETCH", "url": "http://h/fetch"}))
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let lengths: Vec<Option<&str>> = seen.iter().map(|r| r.header("content-length")).collect();
    assert_eq!(
        lengths,
        [None, None, None, Some("0"), Some("0"), Some("0")],
        "{seen:?}"
    );
}

#[test]
fn an_empty_path_variable_keeps_its_name_and_trailing_spaces_are_sent() {
    let url = |path: Vec<&str>, value: &str| {
        json!({"raw": "x", "host": ["http://h"], "path": path,
               "variable": [{"key": "id", "value": value}]})
    };
    let items = json!([
        item(
            "empty",
            json!({"method": "GET", "url": url(vec!["pv", ":id", "x"], "")})
        ),
        item(
            "empty-last",
            json!({"method": "GET", "url": url(vec!["pv", ":id"], "")})
        ),
        item(
            "spaces-last",
            json!({"method": "GET", "url": url(vec!["pv", ":id"], "  ")})
        )
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let targets: Vec<&str> = seen.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["/pv/:id/x", "/pv/:id", "/pv/%20%20"]);
}

#[test]
fn a_postman_api_export_wrapped_in_collection_runs() {
    let coll = json!({"collection": collection("wrapped", json!([
        item("one", json!({"method": "GET", "url": "http://h/wrapped"}))
    ]))});
    let (run, seen) = run_collection(coll, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path(), "/wrapped");
}
