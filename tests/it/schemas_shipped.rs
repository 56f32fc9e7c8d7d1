//! Issue 5: the shipped schemas are what their sources make, every response is checked against
//! them during a run (with the exact messages), and bad specs are refused with their position.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use conform::schema::{self, overlay};
use serde_json::{Value, json};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn committed_iam_schemas_are_the_spec_plus_the_overlay() {
    let Some(dir) = sahamati_dir() else { return };
    let mut api = schema::derive(&dir.join("IAM-Service-Sprint-9.yaml")).unwrap();
    let overlay_path = repo().join("schemas/sources/sahamati-iam.overlay.json");
    overlay::apply(&mut api, &read(&overlay_path), &overlay_path).unwrap();
    let shipped = repo().join("schemas/sahamati-iam");
    assert_eq!(
        serde_json::to_value(&api.index).unwrap(),
        read(&shipped.join("index.json"))
    );
    let mut on_disk: Vec<String> = std::fs::read_dir(&shipped)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.json")
        .collect();
    on_disk.sort();
    let mut derived: Vec<String> = api.schemas.iter().map(|(n, _)| n.clone()).collect();
    derived.sort();
    assert_eq!(
        derived, on_disk,
        "regenerate: see schemas/sources/README.md"
    );
    for (name, s) in &api.schemas {
        assert_eq!(
            s,
            &read(&shipped.join(name)),
            "{name} is out of date: see schemas/sources/README.md"
        );
    }
}

#[test]
fn committed_seed_schemas_are_inferred_from_their_examples() {
    let cases: [(&[&str], &str); 3] = [
        (
            &["seed-002-login-success.json"],
            "login-token/post_user_login.200.json",
        ),
        (
            &[
                "seed-002-login-invalid-password.json",
                "seed-002-login-invalid-email.json",
            ],
            "login-token/post_user_login.4XX.json",
        ),
        (
            &["seed-003-access-token.json"],
            "access-token/get_generateaccesstoken.200.json",
        ),
    ];
    for (sources, target) in cases {
        let examples: Vec<(String, Value)> = sources
            .iter()
            .map(|s| {
                (
                    format!("schemas/sources/{s}"),
                    read(&repo().join("schemas/sources").join(s)),
                )
            })
            .collect();
        assert_eq!(
            schema::infer(&examples),
            read(&repo().join("schemas").join(target)),
            "{target} is out of date"
        );
    }
}

/// Runs one request against a server answering `reply`, checked against the shipped schemas.
fn check(method: &str, path: &str, reply: Reply, extra: &[&str]) -> Run {
    let server = TestServer::start_blocking(Routes::new().route(method, path, reply));
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://api.example{path}");
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "c",
            json!([item("r", json!({"method": method, "url": url}))]),
        ),
    );
    let schemas = repo().join("schemas");
    let base = server.url();
    let mut args = vec![
        "run",
        "c.json",
        "--base-url",
        &base,
        "--schemas",
        schemas.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    conform(dir.path(), &args)
}

fn token(overrides: Value) -> Value {
    let mut body = json!({"ver": "1.0.0", "timestamp": "2024-10-10T10:33:56.177646614Z",
        "txnId": "a3229d47-c50c-4ce5-8aa2-9325dcdfe1b8", "accessToken": "a.b.c", "expiresIn": 86400,
        "refreshExpiresIn": 0, "tokenType": "Bearer", "notBeforePolicy": 0, "scope": "email"});
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

const TOKEN: &str = "/iam/v1/user/token/generate";

#[test]
fn a_conforming_token_response_passes_and_coverage_is_reported() {
    let run = check("POST", TOKEN, Reply::json(token(json!({}))), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("schema coverage: 1 of 12 documented responses exercised"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("never reached: POST /user/token/generate 401"),
        "{run:?}"
    );
}

#[test]
fn contract_violations_fail_with_pointer_messages_and_a_diff() {
    let cases = [
        (
            Reply::json(token(json!({"accessToken": null}))),
            "(root): \"accessToken\" is a required property",
        ),
        (
            Reply::json(token(json!({"expiresIn": "86400"}))),
            "/expiresIn: \"86400\" is not of type \"integer\"",
        ),
        (
            Reply::Json(500, json!({"oops": true})),
            "POST /user/token/generate answered 500; documented: 200, 400, 401",
        ),
        (
            Reply::Raw {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: token(json!({})).to_string().into_bytes(),
            },
            "text/plain",
        ),
        (
            Reply::Raw {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: b"<html>no</html>".to_vec(),
            },
            "body is not json: expected value at line 1 column 1",
        ),
    ];
    for (reply, message) in cases {
        let run = check("POST", TOKEN, reply, &[]);
        assert_eq!(run.code, 1, "{message}: {run:?}");
        assert!(
            run.stdout
                .contains("failed: response matches the documented contract"),
            "{run:?}"
        );
        assert!(
            run.stdout.contains(message),
            "expected {message:?} in {run:?}"
        );
    }
    let run = check(
        "POST",
        TOKEN,
        Reply::json(token(json!({"expiresIn": "86400"}))),
        &[],
    );
    assert!(
        run.stdout.contains("-  \"expiresIn\": <integer>,\n")
            || run.stdout.contains("    -  \"expiresIn\": <integer>,"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("+  \"expiresIn\": \"86400\","),
        "{run:?}"
    );
}

#[test]
fn wrong_typed_fields_in_the_seed_apis_are_reported_with_pointer_and_diff() {
    let login = json!({"responseCode": "200", "responseMessage": "Success",
        "responseData": {"token": "t", "apiKey": "k", "expiry": "2901"}});
    let run = check("POST", "/user/login", Reply::json(login), &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("/responseCode: \"200\" is not of type \"integer\""),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("+  \"responseCode\": \"200\","),
        "{run:?}"
    );
    let mut access = read(&repo().join("schemas/sources/seed-003-access-token.json"));
    access["data"]["__v"] = json!("0");
    let run = check(
        "GET",
        "/v1/users/5a98/generateaccesstoken",
        Reply::json(access),
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("/data/__v: \"0\" is not of type \"integer\""),
        "{run:?}"
    );
}

#[test]
fn undocumented_operations_are_unchecked_unless_strict_and_formats_can_be_relaxed() {
    let run = check("GET", "/not/documented", Reply::json(json!({})), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("1 response(s) unchecked"), "{run:?}");
    let run = check(
        "GET",
        "/not/documented",
        Reply::json(json!({})),
        &["--strict"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("no documented operation matches GET /not/documented (--strict)"),
        "{run:?}"
    );
    let bad_time = token(json!({"timestamp": "yesterday"}));
    assert_eq!(
        check("POST", TOKEN, Reply::json(bad_time.clone()), &[]).code,
        1
    );
    assert_eq!(
        check("POST", TOKEN, Reply::json(bad_time), &["--formats", "off"]).code,
        0
    );
}

#[test]
fn bad_specs_are_refused_with_file_and_position_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("openapi: 3.0.0\npaths:\n  /a: [unclosed\n", "bad.yaml:"),
        (
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
            "dangling $ref '#/components/schemas/Nope'",
        ),
        (
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'https://example.com/s.json'}\n",
            "remote $ref 'https://example.com/s.json' refused: conform does not fetch over the network",
        ),
    ];
    let server = TestServer::start_blocking(Routes::new());
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("r", json!("http://h/a"))])),
    );
    for (spec, message) in cases {
        std::fs::write(dir.path().join("bad.yaml"), spec).unwrap();
        let base = server.url();
        let run = conform(
            dir.path(),
            &[
                "run",
                "c.json",
                "--base-url",
                &base,
                "--openapi",
                "bad.yaml",
            ],
        );
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(message), "{message}: {run:?}");
        let run = conform(
            dir.path(),
            &["schema", "derive", "--openapi", "bad.yaml", "--out", "out"],
        );
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains(message), "{message}: {run:?}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn a_schema_file_that_is_not_a_json_schema_is_refused_with_file_and_pointer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("schemas/api")).unwrap();
    write_json(
        &dir.path().join("schemas/api"),
        "index.json",
        &json!({"spec": "s", "entries": [
        {"method": "GET", "path": "/a", "status": "200", "mediaType": "application/json", "schema": "a.json"}]}),
    );
    write_json(
        &dir.path().join("schemas/api"),
        "a.json",
        &json!({"type": "object", "properties": {"a": {"type": 12}}}),
    );
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("r", json!("http://h/a"))])),
    );
    let server = TestServer::start_blocking(Routes::new());
    let base = server.url();
    let run = conform(dir.path(), &["run", "c.json", "--base-url", &base]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "failed to compile schema schemas/api/a.json: /properties/a/type: 12 is not valid"
        ),
        "{run:?}"
    );
    assert!(server.requests().is_empty());
}
