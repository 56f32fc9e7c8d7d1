//! Issue 7: report files from real runs: valid JUnit, JSON that matches its documented schema,
//! secrets absent from every byte written, atomic writes, Ctrl-C, shards and annotations.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn test_item(name: &str, url: &str, test: &str) -> Value {
    json!({"name": name, "request": url,
           "event": [{"listen": "test", "script": {"exec": [test]}}]})
}

/// A run with a pass, a broken request, a failure, a not-run (setNextRequest(null) ends the
/// iteration) and unchecked responses (a schemas folder that documents nothing).
fn mixed_run(dir: &Path, server: &TestServer, extra: &[&str]) -> Run {
    let items = json!([
        {"name": "folder", "item": [
            test_item("pass", "http://h/ok", "pm.test('is 200', function () { pm.response.to.have.status(200); });"),
            item("broken", json!("http://{{missing}}/x")),
            test_item("fail", "http://h/ok", "pm.test('is 201', function () { pm.response.to.have.status(201); }); postman.setNextRequest(null);")
        ]},
        item("skipped", json!("http://h/never"))
    ]);
    write_json(dir, "c.json", &collection("mixed", items));
    std::fs::create_dir_all(dir.join("schemas/none")).unwrap();
    write_json(
        &dir.join("schemas/none"),
        "index.json",
        &json!({"spec": "s", "entries": []}),
    );
    let base = server.url();
    let mut args = vec![
        "run",
        "c.json",
        "--base-url",
        &base,
        "--reporters",
        "cli,junit,json,html",
        "--schemas",
        "schemas",
    ];
    args.extend_from_slice(extra);
    conform(dir, &args)
}

#[test]
fn junit_json_and_html_reports_are_written_and_valid() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let run = mixed_run(dir.path(), &server, &[]);
    assert_eq!(run.code, 3, "{run:?}");
    let reports = dir.path().join("reports");
    let junit = std::fs::read_to_string(reports.join("junit.xml")).unwrap();
    assert!(
        junit.contains("<testcase classname=\"mixed.folder\" name=\"fail\""),
        "{junit}"
    );
    assert!(junit.contains("<failure"), "{junit}");
    assert!(
        junit.contains(
            "<error message=\"request could not be built: invalid url: unresolved variable in host of URL 'http://{{missing}}/x'\""
        ),
        "{junit}"
    );
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/junit.xsd");
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(reports.join("junit.xml"))
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("xmllint runs (apt-get install libxml2-utils; .ci/run installs it): {e}"),
    }
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("report.json")).unwrap())
            .unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(report["summary"]["requests"], 4);
    assert_eq!(report["summary"]["passed"], 1);
    assert_eq!(report["summary"]["failed"], 1);
    assert_eq!(report["summary"]["broken"], 1);
    assert_eq!(report["summary"]["not_run"], 1);
    assert_eq!(report["summary"]["unchecked"], 2);
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    assert!(html.contains("id=\"summary-failed\""), "html summary");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "self-contained"
    );
}

#[test]
fn no_secret_reaches_any_output_or_file() {
    let token = "tok-RETURNED-by-server-8c1e";
    let server = TestServer::start_blocking(
        Routes::new()
            .post(
                "/login",
                Reply::json(json!({"accessToken": token, "tokenType": "Bearer"})),
            )
            .get("/secret", Reply::Json(500, json!({"echo": token}))),
    );
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "env.json",
        &json!({"name": "uat", "values": [
            {"key": "opaque", "value": "ENV-secret-typed-1d2f", "type": "secret", "enabled": true},
            {"key": "host", "value": "http://h", "enabled": true}
        ]}),
    );
    let items = json!([
        {"name": "login", "request": {"method": "POST", "url": "{{host}}/login?k={{opaque}}",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "password", "value": "{{password}}"}]}},
         "event": [{"listen": "test", "script": {"exec": [
            "pm.environment.set('user_token', pm.response.json().accessToken);",
            "console.log('got', pm.response.json().accessToken, pm.environment.get('password'));",
            "pm.test('fails on purpose', function () { pm.expect(pm.response.json().accessToken).to.equal('x'); });"]}}]},
        {"name": "use", "request": {"method": "GET", "url": "{{host}}/secret",
            "header": [{"key": "Authorization", "value": "Bearer {{user_token}}"}, {"key": "Cookie", "value": "sid=COOKIE-9f8e"}]}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "-e",
            "env.json",
            "--base-url",
            &base,
            "--env-var",
            "password=PASS-word-77a1",
            "--reporters",
            "cli,junit,json,html",
            "--verbose",
            "--export-environment",
            "out/env.json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let mut written = vec![
        ("stdout".to_string(), run.stdout.clone()),
        ("stderr".to_string(), run.stderr.clone()),
    ];
    for f in [
        "reports/junit.xml",
        "reports/report.json",
        "reports/report.html",
        "out/env.json",
    ] {
        written.push((
            f.to_string(),
            std::fs::read_to_string(dir.path().join(f)).unwrap(),
        ));
    }
    for secret in [
        token,
        "ENV-secret-typed-1d2f",
        "PASS-word-77a1",
        "PASS-word-77a1".replace('-', "%2D").as_str(),
        "COOKIE-9f8e",
    ] {
        for (name, text) in &written {
            assert!(
                !text.contains(secret),
                "{secret} leaked into {name}:\n{text}"
            );
        }
    }
    // What was masked is still visibly there.
    assert!(run.stderr.contains("> Authorization: ***"), "{run:?}");
    assert!(server.requests()[1].header("authorization") == Some(&format!("Bearer {token}")));
}

#[test]
fn a_report_is_never_torn_when_the_run_is_killed() {
    let server = TestServer::start_blocking(Routes::new().get("/slow", Reply::Stall));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let old = "{\"previous\": true}";
    std::fs::write(dir.path().join("reports/report.json"), old).unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("slow", json!("http://h/slow"))])),
    );
    for delay_ms in [50u64, 150, 300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
            .current_dir(dir.path())
            .args([
                "run",
                "c.json",
                "--base-url",
                &server.url(),
                "--timeout-request",
                "5000",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let text = std::fs::read_to_string(dir.path().join("reports/report.json")).unwrap();
        assert!(
            text == old || serde_json::from_str::<Value>(&text).is_ok(),
            "torn report: {text}"
        );
    }
}

#[test]
fn shards_cover_every_request_exactly_once() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    for c in ["a", "b", "c"] {
        let items = json!([
            item("one", json!(format!("http://h/{c}/1"))),
            item("two", json!(format!("http://h/{c}/2")))
        ]);
        write_json(
            dir.path(),
            &format!("{c}.postman_collection.json"),
            &collection(c, items),
        );
    }
    let base = server.url();
    let mut suites = 0;
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out = format!("junit-{k}.xml");
        let run = conform(
            dir.path(),
            &[
                "run",
                ".",
                "-n",
                "2",
                "--base-url",
                &base,
                "--shard",
                &shard,
                "--reporter-junit-export",
                &out,
            ],
        );
        assert_eq!(run.code, 0, "{run:?}");
        suites += std::fs::read_to_string(dir.path().join(out))
            .unwrap()
            .matches("<testsuite ")
            .count();
    }
    let mut seen: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    seen.sort();
    let mut expected: Vec<String> = ["a", "b", "c"]
        .iter()
        .flat_map(|c| [format!("/{c}/1"), format!("/{c}/2")])
        .flat_map(|p| [p.clone(), p])
        .collect();
    expected.sort();
    assert_eq!(
        seen, expected,
        "every request of every iteration exactly once across shards"
    );
    assert_eq!(
        suites, 6,
        "3 collections x 2 iterations, each a testsuite in exactly one shard"
    );
}

#[test]
fn without_the_cli_reporter_the_console_stays_quiet_and_annotations_appear_on_github() {
    let server = TestServer::start_blocking(Routes::new().get("/bad", Reply::Json(500, json!({}))));
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item("bad", json!("http://h/bad"))])),
    );
    let base = server.url();
    let run = conform(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "--reporters", "json"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.stdout.contains("test c::bad"), "{run:?}");
    assert!(dir.path().join("reports/report.json").is_file());
    assert!(!dir.path().join("reports/junit.xml").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &base])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    // Annotations go to stderr (the runner reads commands there too), never into stdout, which
    // may be libtest JSON.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("::error title=c%3A%3Abad::GET "),
        "{stderr}"
    );
    assert!(
        stderr.contains("server answered 500 Internal Server Error"),
        "{stderr}"
    );
    let summary = dir.path().join("summary.md");
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &base, "--format", "json"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("::error"), "{stdout}");
    for line in stdout.lines() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "stdout is libtest JSON only: {line}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        "### conform: 0 passed, 1 failed, 0 could not complete, 0 not run\n\n"
    );
}
