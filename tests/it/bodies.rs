//! Issue 17, target 3 (and 16.9): large bodies. Secrets are masked in the excerpts every output
//! keeps of a body, also when only the start of a large body is masked; a script on a 100 MiB
//! response runs under the default heap limit, which follows the body; `--script-memory` sets
//! the limit and the error when a script reaches it names the flag. Bodies are checked against
//! a schema from their bytes with the same verdicts.

use crate::common::*;
use crate::hardening_secrets::{assert_no_leak, everything_written};
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};

fn json_reply(body: Vec<u8>) -> Reply {
    Reply::Raw {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body,
    }
}

fn get(name: &str, path: &str, test: &str) -> Value {
    json!({"name": name, "request": {"method": "GET", "url": format!("{{{{host}}}}{path}")},
           "event": [{"listen": "test", "script": {"exec": [test]}}]})
}

#[test]
fn a_secret_in_a_large_body_is_masked_in_every_excerpt() {
    let token = "tok-Zq9-large-body-secret";
    let login = json!({"accessToken": token}).to_string().into_bytes();
    // 2 MiB: the token raw at the start, URL-encoded and base64'd within the first KiB,
    // astride the console's 2 KiB cut, and far beyond anything shown.
    let mut big = format!(
        "{{\"echo\":\"{token}\",\"form\":\"access%5Ftoken={}\",\"basic\":\"Basic {}\",\"pad\":\"",
        token.replace('-', "%2D"),
        {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(format!("u:{token}"))
        }
    )
    .into_bytes();
    big.resize(2040, b'x');
    big.extend_from_slice(token.as_bytes());
    big.resize(2 << 20, b'y');
    big.extend_from_slice(token.as_bytes());
    big.extend_from_slice(b"\"}");
    let size = big.len();
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/login", json_reply(login))
            .get("/big", json_reply(big)),
    );
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get(
            "login",
            "/login",
            "pm.test('ok', () => pm.response.to.have.status(200));"
        ),
        // Fails, so the console shows the body's excerpt too.
        get(
            "big",
            "/big",
            "pm.test('fails', () => pm.expect(1).to.equal(2));"
        ),
    ]);
    write_suite(dir.path(), items, &server);
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--reporters",
            "cli,junit,json,html",
            "--verbose",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("response body:"), "{}", run.stdout);
    let written = everything_written(dir.path(), &run);
    assert_no_leak(&written, &[token]);
    // The reports still say how much was received, and -v that the body was longer.
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("reports/report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["executions"][1]["response"]["size"], size);
    assert!(
        run.stderr.contains(&format!("({size} bytes in all)")),
        "{}",
        run.stderr
    );
}

/// Writes `c.json`: a collection of `items` whose `{{host}}` is the server.
fn write_suite(dir: &std::path::Path, items: Value, server: &TestServer) {
    let mut c = collection("c", items);
    c["variable"] = json!([{"key": "host", "value": server.url()}]);
    write_json(dir, "c.json", &c);
}

/// A JSON body of `size` bytes: `{"pad":"xxx…"}`.
fn padded(size: usize) -> Vec<u8> {
    let mut body = b"{\"pad\":\"".to_vec();
    body.resize(size - 2, b'x');
    body.extend_from_slice(b"\"}");
    body
}

#[test]
fn a_script_on_a_100_mib_body_runs_under_the_default_heap_limit() {
    // Before: the heap was a fixed 64 MiB and this script failed with "out of memory".
    let server =
        TestServer::start_blocking(Routes::new().get("/big", json_reply(padded(100 << 20))));
    let dir = tempfile::tempdir().unwrap();
    let test = "pm.test('whole', () => pm.expect(pm.response.text().length).to.equal(104857600));";
    write_suite(dir.path(), json!([get("big", "/big", test)]), &server);
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--reporters",
            "cli",
            "--max-response-size",
            "200M",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("1 passed"), "{}", run.stdout);
}

#[test]
fn script_memory_sets_the_limit_and_its_error_names_the_flag() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/small", json_reply(b"{}".to_vec()))
            .get("/big", json_reply(padded(24 << 20))),
    );
    let dir = tempfile::tempdir().unwrap();
    let grow = "var a = []; for (;;) { a.push(new Array(100000).fill(1)); }";
    let items = json!([
        get("grows", "/small", grow),
        // 24 MiB is within the default limit (it follows the body) but not within 16M.
        get(
            "big",
            "/big",
            "pm.test('n', () => pm.expect(pm.response.text().length).to.be.above(1));"
        ),
    ]);
    write_suite(dir.path(), items, &server);
    let limited = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--reporters",
            "cli",
            "--script-memory",
            "16M",
        ],
    );
    no_panic(&limited);
    assert_eq!(limited.code, 1, "{}", limited.all());
    let hint = format!(
        "script ran out of memory (limit {} bytes; raise it with --script-memory SIZE)",
        16 << 20
    );
    assert_eq!(
        limited.stdout.matches(&hint).count(),
        2,
        "{}",
        limited.stdout
    );
    // Without the flag the large body's script runs; the runaway one still stops.
    let default = conform(dir.path(), &["run", "c.json", "--reporters", "cli"]);
    assert_eq!(default.code, 1, "{}", default.all());
    assert_eq!(
        default
            .stdout
            .matches("raise it with --script-memory")
            .count(),
        1,
        "{}",
        default.stdout
    );
    assert!(default.stdout.contains("1 passed") || default.stdout.contains("passed"));
    let bad = conform(dir.path(), &["run", "c.json", "--script-memory", "12X"]);
    assert_eq!(bad.code, 2, "{}", bad.all());
    let help = conform(dir.path(), &["run", "--help"]);
    assert!(
        help.stdout.contains("--script-memory <SIZE>"),
        "{}",
        help.stdout
    );
}

#[test]
fn a_dense_body_checked_from_its_bytes_keeps_its_verdicts() {
    // 400 records of 20 properties against their array schema: conforming, then one record
    // wrong, then a number out of range (not JSON to the check), each as before.
    let record = |i: usize, bad: bool| -> Value {
        let mut m = serde_json::Map::new();
        for p in 0..20 {
            m.insert(format!("p{p}"), json!(format!("v{i}-{p}")));
        }
        if bad {
            m.insert("p7".into(), json!(7));
        }
        Value::Object(m)
    };
    let good: Vec<Value> = (0..400).map(|i| record(i, false)).collect();
    let wrong: Vec<Value> = (0..400).map(|i| record(i, i == 123)).collect();
    let mut huge = serde_json::to_vec(&good).unwrap();
    huge.pop();
    huge.extend_from_slice(b",1e400]");
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/good", json_reply(serde_json::to_vec(&good).unwrap()))
            .get("/wrong", json_reply(serde_json::to_vec(&wrong).unwrap()))
            .get("/huge", json_reply(huge)),
    );
    let props: serde_json::Map<String, Value> = (0..20)
        .map(|p| (format!("p{p}"), json!({"type": "string"})))
        .collect();
    let required: Vec<String> = (0..20).map(|p| format!("p{p}")).collect();
    let schema = json!({"type": "array", "items": {"type": "object", "properties": props, "required": required}});
    let op = |s: &Value| json!({"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": s}}}}}});
    let spec = json!({"openapi": "3.0.0", "info": {"title": "dense", "version": "1"},
        "paths": {"/good": op(&schema), "/wrong": op(&schema), "/huge": op(&schema)}});
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "spec.json", &spec);
    let ok = "pm.test('ok', () => pm.response.to.have.status(200));";
    let items = json!([
        get("good", "/good", ok),
        get("wrong", "/wrong", ok),
        get("huge", "/huge", ok)
    ]);
    write_suite(dir.path(), items, &server);
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--reporters",
            "cli",
            "--openapi",
            "spec.json",
            "--no-builtin-schemas",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(status_of(&run, "c::good"), Some("ok"), "{}", run.stdout);
    assert!(
        run.stdout.contains("/123/p7: 7 is not of type \"string\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("body is not json: number out of range"),
        "{}",
        run.stdout
    );
}
