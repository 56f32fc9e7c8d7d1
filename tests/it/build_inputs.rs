//! Issue 2: input files as people have them: the real Sahamati collection, BOMs and UTF-16,
//! malformed JSON, v1 collections, things that are not collections.

use crate::common::*;
use serde_json::json;

#[test]
fn the_real_sahamati_collection_and_environment_load_and_run() {
    let Some(dir) = sahamati_dir() else { return };
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let coll = dir.join("IAM-Service[Token].postman_collection.json");
    let env = dir.join("Sandbox - SahamatiNet.postman_environment.json");
    let work = tempfile::tempdir().unwrap();
    let base = server.url();
    let run = conform(
        work.path(),
        &[
            "run",
            coll.to_str().unwrap(),
            "-e",
            env.to_str().unwrap(),
            "--base-url",
            &base,
            "--env-var",
            "username=integrator@example.com",
            "--env-var",
            "password=p@ss word",
            "--env-var",
            "member_id=FIU-SIMULATOR",
            "--env-var",
            "member_secret=s3cret",
            // The stub echoes requests: it answers no documented token shape.
            "--no-builtin-schemas",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    for name in [
        "Member Token",
        "User Token",
        "Member Secret Read",
        "Member Secret Reset",
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("test Token-Service[IAM]::{name} ")));
        assert!(
            line.is_some_and(|l| l.ends_with("... ok")),
            "{name}: {run:?}"
        );
    }
    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[0].target, "/iam/v1/entity/token/generate");
    assert_eq!(seen[0].body_text(), "id=FIU-SIMULATOR&secret=s3cret");
    assert_eq!(
        seen[1].body_text(),
        "username=integrator%40example.com&password=p%40ss%20word"
    );
    assert_eq!(seen[2].header("content-type"), Some("application/json"));
    assert!(
        seen[2]
            .body_text()
            .contains("\"entityId\": \"FIU-SIMULATOR\"")
    );
    // Secrets given on the command line never reach the console.
    assert!(!run.all().contains("s3cret") && !run.all().contains("p@ss word"));
}

#[test]
fn byte_order_marks_and_utf16_files_load() {
    let coll = collection(
        "bom",
        json!([item("r", json!({"method": "GET", "url": "http://h/é"}))]),
    );
    let text = serde_json::to_string(&coll).unwrap();
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(text.as_bytes());
    std::fs::write(dir.path().join("a.json"), utf8_bom).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("b.json"), utf16).unwrap();
    let base = server.url();
    let run = conform(
        dir.path(),
        &["run", "a.json", "b.json", "--base-url", &base],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.target == "/%C3%A9"));
}

#[test]
fn malformed_json_names_the_file_line_and_column_and_sends_nothing() {
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.json"),
        serde_json::to_string(&collection("g", json!([item("r", json!("http://h/"))]))).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\n  \"info\": {},\n  \"item\": [\n    {\"name\": \"x\",}\n  ]\n}\n",
    )
    .unwrap();
    let base = server.url();
    let run = conform(
        dir.path(),
        &["run", "good.json", "bad.json", "--base-url", &base],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr.trim(), "error: bad.json:4:18: trailing comma");
    assert!(server.requests().is_empty());
}

#[test]
fn documents_that_are_not_collections_are_refused_with_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            json!({"info": {"name": "x"}}),
            "no 'item' array at the top level",
        ),
        (
            json!([1, 2]),
            "expected a JSON object at the top level, found an array",
        ),
        (
            json!({"info": {}, "item": {"name": "x"}}),
            "/item: expected an array, found an object",
        ),
    ];
    for (doc, expected) in cases {
        write_json(dir.path(), "c.json", &doc);
        let run = conform(dir.path(), &["run", "c.json"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.contains("c.json: ") && run.stderr.contains(expected),
            "{expected}: {run:?}"
        );
    }
    let run = conform(dir.path(), &["run", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read missing.json"), "{run:?}");
    std::fs::write(dir.path().join("env.json"), "{\"values\": 3}").unwrap();
    write_json(dir.path(), "c.json", &collection("c", json!([])));
    let run = conform(dir.path(), &["run", "c.json", "-e", "env.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("env.json: /values: expected an array, found a number"),
        "{run:?}"
    );
}

#[test]
fn v2_0_shapes_string_requests_and_string_headers_are_understood() {
    let coll = json!({
        "info": {"name": "old", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "auth": {"type": "bearer", "bearer": {"token": "{{tok}}"}},
        "item": [
            {"name": "string request", "request": "http://h/plain"},
            {"name": "string headers", "request": {"method": "post", "url": "http://h/h",
                "header": "X-One: 1\n// X-Off: 2\nX-Two: two words"}}
        ]
    });
    let (run, seen) = run_collection(coll, &["--env-var", "tok=abc123"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].header("authorization"), Some("Bearer abc123"));
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].header("x-one"), Some("1"));
    assert_eq!(seen[1].header("x-off"), None);
    assert_eq!(seen[1].header("x-two"), Some("two words"));
}

#[test]
fn an_unknown_schema_is_read_as_v2_1_with_a_warning() {
    let mut coll = collection("c", json!([item("r", json!("http://h/"))]));
    coll["info"]["schema"] = json!("https://example.com/some/other/schema.json");
    let (run, seen) = run_collection(coll, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("warning: c.postman_collection.json: unknown collection schema"),
        "{run:?}"
    );
    assert_eq!(seen.len(), 1);
}
