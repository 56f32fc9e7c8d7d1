//! Issue 2: every body mode reaches the server byte for byte as Postman builds it.

use crate::common::*;
use serde_json::json;

fn post(body: serde_json::Value) -> serde_json::Value {
    json!([item(
        "r",
        json!({"method": "POST", "url": "http://api.example/p", "body": body})
    )])
}

#[test]
fn urlencoded_escapes_reserved_and_non_ascii_and_groups_repeated_keys() {
    let (run, seen) = run_items(
        post(json!({"mode": "urlencoded", "urlencoded": [
            {"key": "username", "value": "a b+c@d.in"},
            {"key": "q", "value": "&=?/#%!'()*~-._"},
            {"key": "off", "value": "x", "disabled": true},
            {"key": "name", "value": "ré 東"},
            {"key": "username", "value": "second"}
        ]})),
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        seen[0].body_text(),
        "username=a%20b%2Bc%40d.in&username=second&q=%26%3D%3F%2F%23%25%21%27%28%29%2A~-._&name=r%C3%A9%20%E6%9D%B1"
    );
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[test]
fn raw_bodies_get_the_content_type_of_their_language_unless_set() {
    let items = json!([
        item(
            "json",
            json!({"method": "POST", "url": "http://h/j", "body": {"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}}})
        ),
        item(
            "text",
            json!({"method": "POST", "url": "http://h/t", "body": {"mode": "raw", "raw": "plain"}})
        ),
        item(
            "xml",
            json!({"method": "PUT", "url": "http://h/x", "body": {"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}})
        ),
        item(
            "own",
            json!({"method": "POST", "url": "http://h/o", "header": [{"key": "content-type", "value": "application/vnd.api+json"}],
            "body": {"mode": "raw", "raw": "{}", "options": {"raw": {"language": "json"}}}})
        )
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let ct: Vec<_> = seen
        .iter()
        .map(|r| r.header("content-type").unwrap_or("-").to_string())
        .collect();
    assert_eq!(
        ct,
        [
            "application/json",
            "text/plain",
            "application/xml",
            "application/vnd.api+json"
        ]
    );
    assert_eq!(seen[0].body_text(), "{\"a\": 1}");
    assert_eq!(seen[2].method, "PUT");
}

#[test]
fn formdata_sends_text_and_file_parts_relative_to_the_working_dir() {
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("files")).unwrap();
    std::fs::write(dir.path().join("files/doc.json"), b"{\"k\":1}").unwrap();
    let coll = collection(
        "c",
        post(json!({"mode": "formdata", "formdata": [
            {"key": "note", "value": "hello", "type": "text"},
            {"key": "skip", "value": "no", "type": "text", "disabled": true},
            {"key": "upload", "src": "doc.json", "type": "file"}
        ]})),
    );
    write_json(dir.path(), "c.json", &coll);
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--working-dir",
            "files",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    let ct = seen[0].header("content-type").unwrap().to_string();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .expect(&ct);
    assert_eq!(boundary.len(), 50);
    assert!(boundary.starts_with("--------------------------"));
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"doc.json\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
         --{b}--\r\n",
        b = boundary
    );
    assert_eq!(seen[0].body_text(), expected);
}

#[test]
fn a_missing_body_file_refuses_the_run_before_anything_is_sent() {
    // Issue 13.4: an input error found before sending (exit 2), naming the request and path.
    let items = json!([
        item("good", json!({"method": "GET", "url": "http://h/b"})),
        item(
            "bad",
            json!({"method": "POST", "url": "http://h/a", "body": {"mode": "file", "file": {"src": "nope.bin"}}})
        ),
        item(
            "form",
            json!({"method": "POST", "url": "http://h/a", "body": {"mode": "formdata", "formdata": [
                {"key": "f", "type": "file", "src": "{{dir}}/gone.txt"}]}})
        ),
        // A GET's body is pruned: its file is never read, so it is not asked for.
        item(
            "pruned",
            json!({"method": "GET", "url": "http://h/a", "body": {"mode": "file", "file": {"src": "nope.bin"}}})
        ),
    ]);
    let mut c = collection("c", items);
    c["variable"] = json!([{"key": "dir", "value": "sub"}]);
    let (run, seen) = run_collection(c, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("2 body file(s) cannot be read (nothing was sent):"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("  c::bad: body file nope.bin: "),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("  c::form: body file sub/gone.txt: "),
        "{run:?}"
    );
    assert!(!run.stderr.contains("c::pruned"), "{run:?}");
    assert!(seen.is_empty(), "nothing is sent: {seen:?}");
}

#[test]
fn a_body_file_a_script_names_is_left_to_the_request() {
    // `{{later}}` is set by a pre-request script: the preflight cannot know the path, so the
    // request itself fails when the file is missing, and the rest of the run goes on.
    let items = json!([
        {"name": "bad", "request": {"method": "POST", "url": "http://h/a",
            "body": {"mode": "file", "file": {"src": "{{later}}"}}},
         "event": [{"listen": "prerequest", "script": {"exec": ["pm.variables.set('later', 'nope.bin')"]}}]},
        item("good", json!({"method": "GET", "url": "http://h/b"}))
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("cannot read body file nope.bin"),
        "{run:?}"
    );
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path(), "/b");
}

#[test]
fn graphql_body_is_query_plus_variables_as_json() {
    let (run, seen) = run_items(
        post(
            json!({"mode": "graphql", "graphql": {"query": "query($id: ID!) { user(id: $id) { name } }", "variables": "{\"id\": \"{{uid}}\"}"}}),
        ),
        &["--env-var", "uid=42"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let body: serde_json::Value = serde_json::from_str(&seen[0].body_text()).unwrap();
    assert_eq!(
        body,
        json!({"query": "query($id: ID!) { user(id: $id) { name } }", "variables": {"id": "42"}})
    );
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
}

#[test]
fn get_bodies_are_pruned_unless_the_profile_says_otherwise_and_disabled_bodies_are_not_sent() {
    let raw = json!({"mode": "raw", "raw": "payload"});
    let items = json!([
        item("pruned", json!({"method": "GET", "url": "http://h/1", "body": raw})),
        {"name": "kept", "protocolProfileBehavior": {"disableBodyPruning": true},
         "request": {"method": "GET", "url": "http://h/2", "body": raw}},
        item("disabled", json!({"method": "POST", "url": "http://h/3", "body": {"mode": "raw", "raw": "x", "disabled": true}}))
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].body_text(), "");
    assert_eq!(seen[1].body_text(), "payload");
    assert_eq!(seen[2].body_text(), "");
    assert_eq!(seen[2].header("content-length"), Some("0"));
}

#[test]
fn an_unknown_body_mode_fails_its_item_and_the_run_goes_on() {
    let items = json!([
        item(
            "odd",
            json!({"method": "POST", "url": "http://h/odd", "body": {"mode": "telepathy"}})
        ),
        item("fine", json!({"method": "GET", "url": "http://h/fine"}))
    ]);
    let (run, seen) = run_items(items, &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("unknown body mode 'telepathy'"),
        "{run:?}"
    );
    assert_eq!(seen.len(), 1);
}
