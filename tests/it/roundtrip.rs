//! Issue 14: v2.1 → v3 → v2.1 keeps every request and script. The comparison is of what the
//! builder and the script engine receive (the planned steps: method, URL text, headers, body,
//! auth, protocol profile, scripts with their labels, collection variables), never of files.
//! `check` runs on every collection a test writes through `common::write_json`, and on the
//! shipped suites here.

use conform::build::Draft;
use conform::postman::{self, BodySpec, Collection};
use serde_json::Value;
use std::path::Path;

/// What a collection makes conform do, in a comparable form.
fn behaviour(c: Collection) -> Vec<String> {
    let mut out = vec![format!("collection {:?}", c.name)];
    for v in &c.variables {
        out.push(format!("variable {:?}", v));
    }
    let suite = conform::plan::suite(c, "x".into());
    for step in &suite.steps {
        out.push(format!("step {:?}", step.path));
        match Draft::from_step(step) {
            Ok(mut d) => {
                // The raw language only chooses the Content-Type; none means text.
                if let Some(BodySpec::Raw { language, .. }) = &mut d.body {
                    let canonical = language
                        .as_deref()
                        .filter(|l| matches!(*l, "json" | "xml" | "html" | "javascript"))
                        .unwrap_or("text");
                    *language = Some(canonical.to_string());
                }
                out.push(format!("  request {:?}", d.to_http()));
                out.push(format!("  headers {:?}", d.headers));
                out.push(format!("  body {:?}", d.body));
                out.push(format!("  auth {:?}", d.auth));
                out.push(format!("  profile {:?}", d.profile));
            }
            Err(e) => out.push(format!("  broken {e}")),
        }
        for s in step.prerequest.iter().chain(&step.test) {
            out.push(format!("  script {} {:?}", s.label, s.code));
        }
        for ex in step.examples.iter() {
            out.push(format!(
                "  example {} {} {}",
                ex.get("code").unwrap_or(&Value::Null),
                ex.get("status").unwrap_or(&Value::Null),
                ex.get("body").unwrap_or(&Value::Null)
            ));
        }
    }
    out
}

/// Asserts the round trip holds for `doc` when it is a v2 collection conform loads. Documents
/// that do not load are the tests' own bad inputs; a collection with an item that cannot be
/// understood must be refused by the converter, naming that item.
pub fn check(doc: &Value) {
    if doc.get("item").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("c.postman_collection.json");
    std::fs::write(&src, doc.to_string()).unwrap();
    let Ok(original) = postman::load_collection(&src) else {
        return;
    };
    let v3_dir = dir.path().join("v3");
    if let Err(e) = postman::v3::write::write(&original, &v3_dir) {
        let before = behaviour(original);
        assert!(
            matches!(e, postman::v3::write::WriteError::Item { .. })
                && before.iter().any(|l| l.starts_with("  broken")),
            "conversion refused a collection without broken items: {e}"
        );
        return;
    }
    let from_v3 = postman::load_collection(&v3_dir).expect("the written v3 collection loads");
    let exported = postman::export::collection(&from_v3).expect("v3 exports to v2.1");
    let back = dir.path().join("back.postman_collection.json");
    std::fs::write(&back, exported.to_string()).unwrap();
    let round = postman::load_collection(&back).expect("the exported v2.1 loads");
    let before = behaviour(original);
    assert_eq!(
        before,
        behaviour(from_v3),
        "v2.1 -> v3 changed the collection"
    );
    assert_eq!(before, behaviour(round), "v2.1 -> v3 -> v2.1 changed it");
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_collections_round_trip_through_v3() {
    let mut n = 0;
    for entry in std::fs::read_dir(repo().join("collections")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            check(&doc);
            n += 1;
        }
    }
    assert_eq!(n, 3, "the three shipped suites");
}

#[test]
fn every_shape_round_trips() {
    // One collection with each thing the model holds, written the ways v2 allows.
    let doc = serde_json::json!({
        "info": {"name": "All shapes", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "n", "value": 3}, {"key": "off", "value": "x", "disabled": true},
                     {"key": "s", "value": "v", "type": "secret"}],
        "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "{{k}}"}, {"key": "in", "value": "header"}]},
        "event": [{"listen": "prerequest", "script": {"exec": ["pm.variables.set('a', 1);", "// two lines"]}},
                  {"listen": "test", "script": {"exec": "pm.test('off', () => {});"}, "disabled": true}],
        "protocolProfileBehavior": {"followRedirects": false, "maxRedirects": 3},
        "item": [
            {"name": "Folder: with/odd *name*", "auth": {"type": "noauth"},
             "protocolProfileBehavior": {"disableBodyPruning": true},
             "event": [{"listen": "test", "script": {"exec": ["pm.test('folder', () => {});"]}}],
             "item": [
                {"name": "parts url", "request": {"method": "GET", "url": {
                    "protocol": "https", "host": ["{{host}}", "example", "com"], "port": "8443",
                    "path": ["users", ":id", "posts"], "hash": "frag",
                    "query": [{"key": "a", "value": "1"}, {"key": "flag"}, {"key": "b", "value": "", "disabled": true}, {"key": "c", "value": "x y"}],
                    "variable": [{"key": "id", "value": "{{uid}}"}]}}},
                {"name": "PARTS URL", "request": "http://h/upper"},
                {"name": "", "request": {"method": "post", "url": "http://h/empty-name"}}
             ]},
            {"name": "raw query", "request": {"method": "DELETE", "url": {"raw": "{{base}}/x?q=1&r&=e#h", "query": [{"key": "stale", "value": "ignored"}]},
                "header": [{"key": "A", "value": "1"}, {"key": "B", "value": "2", "disabled": true}, {"key": "C"}],
                "auth": {"type": "basic", "basic": {"username": "u", "password": "{{p}}"}}}},
            {"name": "json", "request": {"method": "POST", "url": "http://h/j",
                "body": {"mode": "raw", "raw": "{\n  \"a\": \"{{v}}\"\n}\n", "options": {"raw": {"language": "json"}}}},
             "event": [{"listen": "prerequest", "script": {"exec": ["const t = '\\t tab';", "  indented: yes # not a comment"]}}],
             "response": [{"name": "ok", "code": 200, "status": "OK", "header": [{"key": "Content-Type", "value": "application/json"}],
                           "body": "{\"a\": 1}", "_postman_previewlanguage": "json",
                           "originalRequest": {"method": "POST", "url": {"raw": "http://h/j"}}}]},
            {"name": "text no language", "request": {"method": "PUT", "url": "http://h/t", "body": {"mode": "raw", "raw": "  leading and trailing  \n\n"}}},
            {"name": "xml", "request": {"method": "PUT", "url": "http://h/x", "body": {"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}}},
            {"name": "form", "request": {"method": "POST", "url": "http://h/f", "body": {"mode": "urlencoded", "urlencoded": [
                {"key": "a", "value": "1"}, {"key": "b", "value": "2", "disabled": true}, {"key": "c", "value": "{{c}}"}]}}},
            {"name": "multi", "request": {"method": "POST", "url": "http://h/m", "body": {"mode": "formdata", "formdata": [
                {"key": "t", "value": "text", "type": "text", "contentType": "text/plain"},
                {"key": "f", "src": "a.txt", "type": "file"},
                {"key": "fs", "src": ["a.txt", "b.txt"], "type": "file"},
                {"key": "off", "value": "x", "type": "text", "disabled": true}]}}},
            {"name": "file", "request": {"method": "POST", "url": "http://h/file", "body": {"mode": "file", "file": {"src": "body.bin"}}}},
            {"name": "graphql", "request": {"method": "POST", "url": "http://h/gql", "body": {"mode": "graphql", "graphql": {"query": "{ a }", "variables": "{\"x\": 1}"}}}},
            {"name": "graphql get", "request": {"method": "GET", "url": "http://h/gql", "body": {"mode": "graphql", "graphql": {"query": "{ b }"}}}},
            {"name": "disabled body", "request": {"method": "PATCH", "url": "http://h/d", "body": {"mode": "raw", "raw": "x", "disabled": true}}},
            {"name": "digest", "request": {"method": "GET", "url": "http://h/dg", "auth": {"type": "digest", "digest": [
                {"key": "username", "value": "u"}, {"key": "disableRetryRequest", "value": true}, {"key": "nc", "value": 1}]}}},
            {"name": "inherit", "request": {"method": "GET", "url": "http://h/i", "auth": {"type": "inherit"}}},
            {"name": "same name", "request": "http://h/1"},
            {"name": "Same Name", "request": "http://h/2"},
            {"name": "yes", "request": {"method": "GET", "url": "http://h/yes", "header": [{"key": "X-Bool", "value": "true"}, {"key": "X-Num", "value": "012"}, {"key": "X-Null", "value": "null"}, {"key": "X-Colon", "value": "a: b #c"}]}}
        ]
    });
    check(&doc);
    // And the walk itself: the v3 files read back hold the same item count.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("c.json");
    std::fs::write(&src, doc.to_string()).unwrap();
    let c = postman::load_collection(&src).unwrap();
    let steps = conform::plan::suite(c.clone(), "x".into()).steps.len();
    postman::v3::write::write(&c, &dir.path().join("v3")).unwrap();
    let back = postman::load_collection(&dir.path().join("v3")).unwrap();
    assert_eq!(conform::plan::suite(back, "x".into()).steps.len(), steps);
    assert_eq!(steps, 18);
}

#[test]
fn a_change_in_the_v3_files_is_caught_by_the_comparison() {
    // The comparison is not blind: one header value edited in the v3 files shows up.
    let doc = crate::common::collection(
        "c",
        serde_json::json!([{"name": "r", "request": {"method": "GET", "url": "http://h/",
            "header": [{"key": "A", "value": "1"}]}}]),
    );
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("c.json");
    std::fs::write(&src, doc.to_string()).unwrap();
    let c = postman::load_collection(&src).unwrap();
    postman::v3::write::write(&c, &dir.path().join("v3")).unwrap();
    let req = dir.path().join("v3/r.request.yaml");
    let text = std::fs::read_to_string(&req).unwrap();
    assert!(text.contains("value: '1'"), "{text}");
    std::fs::write(&req, text.replace("value: '1'", "value: '2'")).unwrap();
    let edited = postman::load_collection(&dir.path().join("v3")).unwrap();
    assert_ne!(behaviour(c), behaviour(edited));
}
