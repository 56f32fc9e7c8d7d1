//! Issue 12 (one pipeline) and the output parts of issue 16: results flow forward to one hub;
//! closed pipes, signals and very long names end the output quietly while the run still
//! writes its reports and exits with its own code; the server-error rule follows the docs and
//! what the tests asserted at run time.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("reports/report.json")).unwrap())
        .unwrap()
}

/// A collection of `n` GETs to /ok/N.
fn many(dir: &Path, n: usize) {
    let items: Vec<Value> = (0..n)
        .map(|i| item(&format!("request {i}"), json!(format!("http://h/ok/{i}"))))
        .collect();
    write_json(dir, "c.json", &collection("c", Value::Array(items)));
}

#[test]
fn a_closed_stdout_ends_the_console_quietly_and_the_run_still_reports() {
    let server = TestServer::start_blocking(Routes::new().get("/ok/*", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 40);
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -c 1`: read one byte, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(report(dir.path())["summary"]["passed"], 40);
}

#[test]
fn a_closed_stderr_under_verbose_neither_hangs_nor_loses_the_reports() {
    let server = TestServer::start_blocking(Routes::new().get("/ok/*", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 20);
    // `-v 2>&1 >/dev/null | head -1`: stderr is a pipe closed almost at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url(), "-v"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut first = [0u8; 8];
    stderr.read_exact(&mut first).unwrap();
    drop(stderr);
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(0));
    assert_eq!(report(dir.path())["summary"]["passed"], 20);
}

fn terminated_by(signal: &str, name: &str) {
    let server = TestServer::start_blocking(Routes::new().get("/slow", Reply::Stall));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        item("fast", json!("http://h/fast")),
        item("slow", json!("http://h/slow")),
        item("after", json!("http://h/after"))
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url()])
        .args(["--timeout-request", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_for_blocking(2, Duration::from_secs(10));
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = wait_bounded(&mut child, Duration::from_secs(10));
    let (mut stdout, mut stderr) = (String::new(), String::new());
    let mut out = child.stdout.take().unwrap();
    out.read_to_string(&mut stdout).unwrap();
    let mut err = child.stderr.take().unwrap();
    err.read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "interrupted ({name}) while waiting for the response"
        )),
        "{stdout}"
    );
    // libtest counts the broken request as failed; conform's own line tells them apart.
    assert!(
        stdout.contains("requests: 1 passed; 0 failed; 1 could not complete; 1 not run"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("interrupted ({name}): writing what ran so far")),
        "{stderr}"
    );
    let r = report(dir.path());
    assert_eq!(r["summary"]["passed"], 1, "{r}");
    assert_eq!(r["summary"]["broken"], 1, "{r}");
    assert_eq!(r["summary"]["not_run"], 1, "{r}");
    assert_eq!(
        r["run"]["ended_early"],
        format!("the run was interrupted ({name})")
    );
    assert!(dir.path().join("reports/junit.xml").is_file());
    assert_eq!(
        server.requests().len(),
        2,
        "nothing is sent after the signal"
    );
}

#[test]
fn ctrl_c_stops_the_run_and_still_writes_the_reports() {
    terminated_by("-INT", "Ctrl-C");
}

#[test]
fn sigterm_stops_the_run_and_still_writes_the_reports() {
    terminated_by("-TERM", "SIGTERM");
}

#[test]
fn sighup_stops_the_run_and_still_writes_the_reports() {
    terminated_by("-HUP", "SIGHUP");
}

#[test]
fn a_request_name_of_65535_characters_is_elided_on_the_console_and_whole_in_reports() {
    let server = TestServer::start_blocking(Routes::new().get("/ok/1", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let name = "n".repeat(65_535);
    write_json(
        dir.path(),
        "c.json",
        &collection("c", json!([item(&name, json!("http://h/ok/1"))])),
    );
    let run = conform(dir.path(), &["run", "c.json", "--base-url", &server.url()]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", &run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("test c::"))
        .unwrap();
    assert!(line.chars().count() < 300, "{line}");
    assert!(line.contains('…') && line.ends_with("... ok"), "{line}");
    assert_eq!(
        report(dir.path())["executions"][0]["name"],
        format!("c::{name}")
    );
}

#[test]
fn an_unwritable_report_folder_is_refused_before_anything_is_sent() {
    let server = TestServer::start_blocking(Routes::new().get("/ok/1", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 1);
    std::fs::write(dir.path().join("file"), b"x").unwrap();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &server.url(),
            "--report-dir",
            "file/reports",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("cannot write report file/reports/junit.xml"),
        "{run:?}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

/// One GET answered 503, with this test script, and optionally a contract documenting 503.
fn server_error_run(test: &str, documented: bool) -> Run {
    let server =
        TestServer::start_blocking(Routes::new().get("/v1/busy", Reply::Json(503, json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let it = json!({"name": "busy", "request": {"method": "GET", "url": "http://h/v1/busy"},
        "event": [{"listen": "test", "script": {"exec": test.lines().collect::<Vec<_>>()}}]});
    write_json(dir.path(), "c.json", &collection("c", json!([it])));
    let mut args = vec!["run", "c.json", "--base-url"];
    let base = server.url();
    args.push(&base);
    if documented {
        let api = dir.path().join("schemas/busy");
        std::fs::create_dir_all(&api).unwrap();
        write_json(
            &api,
            "index.json",
            &json!({"spec": "busy.yaml", "entries": [
                {"method": "GET", "path": "/v1/busy", "status": "503",
                 "mediaType": "application/json"}]}),
        );
    }
    conform(dir.path(), &args)
}

#[test]
fn a_5xx_nobody_expected_fails_even_when_a_test_mentions_500() {
    // The old rule looked for the digits in the script's text: "below(500)" switched it off.
    let run = server_error_run(
        "pm.test('fast', () => pm.expect(pm.response.responseTime).to.be.below(503));",
        false,
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("failed: no unexpected server error"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("server answered 503 Service Unavailable"),
        "{run:?}"
    );
}

#[test]
fn a_5xx_a_test_asserted_or_the_docs_document_passes() {
    for test in [
        "pm.test('busy', () => pm.response.to.have.status(503));",
        "pm.test('busy', () => pm.expect(pm.response.code).to.equal(503));",
        "pm.test('busy', function () { pm.expect(pm.response.code).to.eql(503); });",
    ] {
        let run = server_error_run(test, false);
        assert_eq!(run.code, 0, "{test}: {run:?}");
    }
    // A failed assertion of another status does not excuse it.
    let run = server_error_run(
        "pm.test('ok', () => pm.response.to.have.status(200));",
        false,
    );
    assert!(
        run.stdout.contains("failed: no unexpected server error"),
        "{run:?}"
    );
    // Documented by the API's contract: expected, whatever the tests say.
    let run = server_error_run("", true);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("contracts in use: busy"), "{run:?}");
}

/// Runs `conform ARGS` in `dir` and returns its exit code and how long it took, killing it (and
/// failing) past `limit`.
fn timed(
    dir: &Path,
    args: &[&str],
    signal_after: Option<Duration>,
    limit: Duration,
) -> (i32, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if let Some(after) = signal_after {
        std::thread::sleep(after);
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }
    let status = wait_bounded(&mut child, limit);
    (status.code().unwrap_or(-1), started.elapsed())
}

#[test]
fn a_long_delay_between_requests_honours_the_run_deadline_and_signals() {
    let server = TestServer::start_blocking(Routes::new().get("/ok/*", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 3);
    let base = server.url();
    let run = [
        "run",
        "c.json",
        "--base-url",
        &base,
        "--delay-request",
        "60000",
    ];
    // The run's --timeout cuts the wait short.
    let mut args = run.to_vec();
    args.extend(["--timeout", "1000"]);
    let (code, took) = timed(dir.path(), &args, None, Duration::from_secs(20));
    assert_eq!(code, 3);
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_eq!(report(dir.path())["summary"]["not_run"], 3);
    // So does a signal, within a second or so.
    let (code, took) = timed(
        dir.path(),
        &run,
        Some(Duration::from_millis(700)),
        Duration::from_secs(20),
    );
    assert_eq!(code, 3);
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn a_send_request_that_stalls_honours_the_run_deadline_and_signals() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/ok/1", Reply::json(json!({})))
            .get("/stall", Reply::Stall),
    );
    let dir = tempfile::tempdir().unwrap();
    let stall = server.url_for("/stall");
    let test = format!(
        "pm.sendRequest('{stall}', function (err, res) {{ pm.test('side call', function () {{ pm.expect(err).to.equal(null); }}); }});"
    );
    let it = json!({"name": "chained", "request": {"method": "GET", "url": "http://h/ok/1"},
        "event": [{"listen": "test", "script": {"exec": [test]}}]});
    write_json(dir.path(), "c.json", &collection("c", json!([it])));
    let base = server.url();
    let run = [
        "run",
        "c.json",
        "--base-url",
        &base,
        "--timeout-request",
        "60000",
    ];
    let mut args = run.to_vec();
    args.extend(["--timeout", "1500"]);
    let (code, took) = timed(dir.path(), &args, None, Duration::from_secs(30));
    assert_ne!(code, 0);
    assert!(took < Duration::from_secs(12), "{took:?}");
    let (code, took) = timed(
        dir.path(),
        &run,
        Some(Duration::from_millis(1000)),
        Duration::from_secs(30),
    );
    assert_ne!(code, 0);
    assert!(took < Duration::from_secs(12), "{took:?}");
}

#[test]
fn large_bodies_one_after_another_each_reach_their_script_and_are_not_all_kept() {
    // Two 40 MiB bodies: before, the first stayed on the 64 MiB script heap and the second
    // request's script ran out of memory (issue 16.9).
    let big = || {
        let mut body = b"{\"pad\":\"".to_vec();
        body.resize(40 << 20, b'x');
        body.extend_from_slice(b"\"}");
        Reply::Raw {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body,
        }
    };
    let server =
        TestServer::start_blocking(Routes::new().get("/big/0", big()).get("/big/1", big()));
    let dir = tempfile::tempdir().unwrap();
    let test = "pm.test('big', () => pm.expect(pm.response.text().length).to.be.above(1000));";
    let items: Vec<Value> = (0..2)
        .map(|i| {
            json!({"name": format!("big {i}"), "request": {"method": "GET", "url": format!("http://h/big/{i}")},
                   "event": [{"listen": "test", "script": {"exec": [test]}}]})
        })
        .collect();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &server.url(),
            "--reporters",
            "cli,junit,json,html",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let r = report(dir.path());
    assert_eq!(
        r["executions"][1]["response"]["size"],
        (40 << 20) + 2,
        "the size received"
    );
    // The HTML page shows an excerpt of each body, not 80 MiB.
    let html = std::fs::metadata(dir.path().join("reports/report.html"))
        .unwrap()
        .len();
    assert!(html < 1 << 20, "{html} bytes of HTML");
}

#[test]
fn libtests_logfile_takes_the_console_and_an_unwritable_one_is_refused_first() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get("/ok/0", Reply::json(json!({})))
            .get("/ok/1", Reply::Json(500, json!({}))),
    );
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 2);
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--",
            "--logfile",
            "console.txt",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let log = std::fs::read_to_string(dir.path().join("console.txt")).unwrap();
    assert!(log.contains("test c::request 0 ... ok"), "{log}");
    assert!(log.contains("---- c::request 1 ----"), "{log}");
    assert!(
        log.contains("test result: FAILED. 1 passed; 1 failed"),
        "{log}"
    );
    assert!(!run.stdout.contains("test c::"), "{run:?}");
    assert!(
        run.stdout.contains("requests: 1 passed; 1 failed"),
        "{run:?}"
    );

    let sent = server.requests().len();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--",
            "--logfile",
            "no/such/dir/log",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--logfile"), "{run:?}");
    assert_eq!(server.requests().len(), sent, "nothing sent: {run:?}");
}
