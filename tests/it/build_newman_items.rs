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

#[test]
fn disabled_system_headers_leave_out_the_runtimes_headers_only() {
    let json_body =
        json!({"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}});
    let items = json!([
        {"name": "no-type", "protocolProfileBehavior": {"disabledSystemHeaders": {"content-type": true, "user-agent": true}},
         "request": {"method": "POST", "url": "http://h/a", "body": json_body}},
        {"name": "own-kept", "protocolProfileBehavior": {"disabledSystemHeaders": {"cache-control": true, "Connection": true}},
         "request": {"method": "POST", "url": "http://h/b", "header": [{"key": "Cache-Control", "value": "max-age=0"}]}},
        {"name": "folder", "protocolProfileBehavior": {"disabledSystemHeaders": {"cache-control": true}},
         "item": [item("inherits", json!({"method": "GET", "url": "http://h/c"}))]}
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].header("content-type"), None, "{:?}", seen[0]);
    assert_eq!(seen[0].header("user-agent"), None);
    assert_eq!(seen[0].header("content-length"), Some("8"));
    assert_eq!(seen[1].header("cache-control"), Some("max-age=0"));
    // Names are compared as written: `Connection` does not disable `connection`.
    assert_eq!(seen[1].header("connection"), Some("keep-alive"));
    assert_eq!(seen[2].header("cache-control"), None, "{:?}", seen[2]);
    assert_eq!(seen[2].header("postman-token").map(str::len), Some(36));
}

#[test]
fn comments_in_json_raw_bodies_are_stripped_outside_strings() {
    let raw = |text: &str, language: &str| json!({"mode": "raw", "raw": text, "options": {"raw": {"language": language}}});
    let items = json!([
        item(
            "json",
            json!({"method": "POST", "url": "http://h/1",
            "body": raw("{\"u\": \"http://x/y\", // note\n /* b */ \"n\": 1}", "json")})
        ),
        item(
            "text",
            json!({"method": "POST", "url": "http://h/2", "body": raw("{} // kept", "text")})
        ),
        item(
            "header",
            json!({"method": "POST", "url": "http://h/3",
            "header": [{"key": "Content-Type", "value": "application/problem+json"}],
            "body": {"mode": "raw", "raw": "[1] // gone"}})
        ),
        item(
            "only",
            json!({"method": "DELETE", "url": "http://h/4", "body": raw("// all", "json")})
        )
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].body_text(), "{\"u\": \"http://x/y\", \n  \"n\": 1}");
    assert_eq!(seen[1].body_text(), "{} // kept");
    assert_eq!(seen[2].body_text(), "[1] ");
    assert_eq!(seen[3].body_text(), "");
    assert_eq!(seen[3].header("content-type"), Some("application/json"));
    assert_eq!(seen[3].header("content-length"), None);
}
