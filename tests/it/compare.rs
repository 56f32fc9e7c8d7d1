//! Issue 15: `conform compare` runs one suite against a reference and a candidate and says, per
//! request, whether the candidate answers like the reference. Our mock against itself, against
//! each of its drift modes, against candidates that stall, reset or send garbage; lock-step and
//! --sequential. Recordings: compare_record.rs.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `conform mock ARGS` as a process on a free loopback port; killed when dropped.
pub(crate) struct Mock {
    child: Child,
    pub(crate) url: String,
}

impl Mock {
    pub(crate) fn start(extra: &[&str]) -> Mock {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_conform"))
            .current_dir(repo())
            .args(["mock", "--addr", &addr])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the mock did not start"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
        Mock {
            child,
            url: format!("http://{addr}"),
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The summary line of a compare run.
pub(crate) fn summary(run: &Run) -> &str {
    run.stdout
        .lines()
        .find(|l| l.starts_with("candidate matches reference on "))
        .unwrap_or("")
}

/// `conform compare` of the shipped suite: the built-in mock (--mock) as the reference.
pub(crate) fn compare_with_mock(candidate: &str, extra: &[&str]) -> Run {
    let reports = tempfile::tempdir().unwrap();
    let dir = reports.path().to_str().unwrap().to_string();
    let mut args = vec![
        "compare",
        "--mock",
        "--against",
        candidate,
        "--report-dir",
        &dir,
    ];
    args.extend_from_slice(extra);
    let run = conform(repo(), &args);
    no_panic(&run);
    run
}

#[test]
fn our_mock_against_itself_is_the_same_on_every_response() {
    let candidate = Mock::start(&[]);
    let reports = tempfile::tempdir().unwrap();
    for mode in [&[][..], &["--sequential"][..]] {
        let mut args = vec![
            "compare",
            "-e",
            "environments/mock.postman_environment.json",
            "--against",
            &candidate.url,
            "--mock",
            "--report-dir",
            reports.path().to_str().unwrap(),
            "-r",
            "cli,junit,json,html",
        ];
        args.extend_from_slice(mode);
        let run = conform(repo(), &args);
        no_panic(&run);
        assert_eq!(run.code, 0, "{mode:?}: {run:?}");
        assert_eq!(
            summary(&run),
            "candidate matches reference on 26 of 26 responses; 0 differ in shape, 0 in status",
            "{run:?}"
        );
        assert!(
            run.stdout.contains("test result: ok. 26 passed; 0 failed"),
            "{run:?}"
        );
        assert!(
            run.stdout
                .contains("contracts: both sides keep the contracts"),
            "{run:?}"
        );
    }
    // The reports are the run's own writers': one execution per request, each with the check.
    let report: Value =
        serde_json::from_slice(&std::fs::read(reports.path().join("report.json")).unwrap())
            .unwrap();
    let text = report.to_string();
    assert_eq!(
        text.matches("answers like the reference").count(),
        26,
        "{text}"
    );
    let junit = std::fs::read_to_string(reports.path().join("junit.xml")).unwrap();
    assert!(junit.contains("tests=\"26\""), "{junit}");
    assert!(reports.path().join("report.html").is_file());
}

#[test]
fn each_drift_of_the_mock_is_reported_as_its_own_kind_of_difference() {
    let cases = [
        (
            "missing-field",
            "missing in candidate: /accessToken (string)",
        ),
        (
            "wrong-type",
            "type at /expiresIn: reference number, candidate string",
        ),
        ("wrong-status", "status: reference 401, candidate 200"),
        (
            "wrong-content-type",
            "content type: reference application/json, candidate text/plain",
        ),
        ("not-json", "body: reference JSON, candidate not JSON"),
    ];
    for (drift, said) in cases {
        let candidate = Mock::start(&["--drift", drift]);
        let run = compare_with_mock(&candidate.url, &[]);
        assert_eq!(run.code, 1, "{drift}: {run:?}");
        assert!(
            run.stdout.contains(said),
            "{drift} should say {said:?}: {run:?}"
        );
        assert!(
            run.stdout.contains("failed: answers like the reference"),
            "{drift}: {run:?}"
        );
        let line = summary(&run);
        let counts: Vec<usize> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        // [same, of, shape, status]
        assert_eq!(counts.len(), 4, "{drift}: {line}");
        assert_eq!(counts[1], 26, "{drift}: {line}");
        assert!(counts[0] < 26, "{drift}: {line}");
        if drift == "wrong-status" {
            assert!(counts[3] > 0, "{drift}: {line}");
            assert_eq!(counts[2], 0, "{drift}: {line}");
        } else {
            assert!(counts[2] > 0, "{drift}: {line}");
        }
        // The reference keeps its verdicts: the contracts are broken on the candidate's side.
        assert!(
            run.stdout
                .contains("contracts: the candidate breaks the contracts"),
            "{drift}: {run:?}"
        );
    }
}

#[test]
fn the_summary_names_the_side_that_breaks_the_contracts() {
    let drifted = Mock::start(&["--drift", "wrong-type"]);
    let good = Mock::start(&[]);
    let run = conform(
        repo(),
        &[
            "compare",
            "-e",
            "environments/mock.postman_environment.json",
            "--base-url",
            &drifted.url,
            "--against",
            &good.url,
            "-r",
            "cli",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("contracts: the reference breaks the contracts (reference: 5 of 26"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("failed: reference: response matches the documented contract"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("type at /expiresIn: reference string, candidate number"),
        "{run:?}"
    );
}

#[test]
fn a_slow_candidate_could_not_complete_and_only_on_its_side() {
    let candidate = Mock::start(&["--drift", "slow=2s"]);
    let run = compare_with_mock(
        &candidate.url,
        &[
            "--timeout-request",
            "300",
            "collections/login-token.postman_collection.json",
        ],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        summary(&run).ends_with("3 could not complete (on the reference: 0, on the candidate: 3)"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("candidate could not complete: "),
        "{run:?}"
    );
    assert!(
        !run.stdout.contains("reference could not complete"),
        "{run:?}"
    );
}

pub(crate) fn get(name: &str, path: &str) -> Value {
    item(
        name,
        json!({"method": "GET", "url": format!("http://api.example{path}")}),
    )
}

/// A collection of GETs to these paths, written to `dir/c.postman_collection.json`.
fn gets(dir: &Path, paths: &[&str]) {
    let items: Vec<Value> = paths.iter().map(|p| get(&p[1..], p)).collect();
    write_json(
        dir,
        "c.postman_collection.json",
        &collection("c", json!(items)),
    );
}

fn compare_in(dir: &Path, reference: &str, candidate: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "compare",
        "c.postman_collection.json",
        "--base-url",
        reference,
        "--against",
        candidate,
    ];
    args.extend_from_slice(extra);
    let run = conform(dir, &args);
    no_panic(&run);
    run
}

#[test]
fn a_candidate_that_stalls_resets_or_sends_garbage_could_not_complete_on_its_side_only() {
    let reference = TestServer::start_blocking(
        Routes::new()
            .get("/a", Reply::json(json!({"ok": true})))
            .get("/b", Reply::json(json!({"ok": true}))),
    );
    for (what, reply, says) in [
        ("stall", Reply::Stall, "timed out after 300 ms"),
        ("reset", Reply::ResetMidBody, "body"),
        (
            "garbage",
            Reply::Wire(b"garbage, not HTTP\r\n\r\n".to_vec()),
            "",
        ),
    ] {
        let candidate = TestServer::start_blocking(
            Routes::new()
                .get("/a", reply)
                .get("/b", Reply::json(json!({"ok": true}))),
        );
        let dir = tempfile::tempdir().unwrap();
        gets(dir.path(), &["/a", "/b"]);
        let run = compare_in(
            dir.path(),
            &reference.url(),
            &candidate.url(),
            &["--timeout-request", "300"],
        );
        assert_eq!(run.code, 3, "{what}: {run:?}");
        assert_eq!(status_of(&run, "c::a"), Some("FAILED"), "{what}: {run:?}");
        assert_eq!(status_of(&run, "c::b"), Some("ok"), "{what}: {run:?}");
        let line = run
            .stdout
            .lines()
            .find(|l| l.contains("candidate could not complete: "))
            .unwrap_or_else(|| panic!("{what}: {run:?}"));
        assert!(line.contains(says), "{what}: {run:?}");
        // The failure shows the candidate's request, not the reference's.
        assert!(
            run.stdout.contains(&format!("GET {}/a\n", candidate.url())),
            "{what}: {run:?}"
        );
        assert!(
            !run.stdout.contains("reference could not complete"),
            "{what}: {run:?}"
        );
        assert_eq!(
            summary(&run),
            "candidate matches reference on 1 of 1 responses; 0 differ in shape, 0 in status; \
             1 could not complete (on the reference: 0, on the candidate: 1)",
            "{what}: {run:?}"
        );
    }
}

#[test]
fn header_and_value_comparisons_count_only_when_asked_for() {
    let answer = |version: &str, status: &str, id: u32| Reply::Raw {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Api-Version".into(), version.into()),
        ],
        body: json!({"status": status, "id": id}).to_string().into_bytes(),
    };
    let reference = TestServer::start_blocking(Routes::new().get("/a", answer("1", "ACTIVE", 1)));
    let candidate = TestServer::start_blocking(Routes::new().get("/a", answer("2", "GONE", 2)));
    let dir = tempfile::tempdir().unwrap();
    gets(dir.path(), &["/a"]);
    let (r, c) = (reference.url(), candidate.url());
    let run = compare_in(dir.path(), &r, &c, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = compare_in(
        dir.path(),
        &r,
        &c,
        &[
            "--compare-values",
            "/status,/missing",
            "-r",
            "cli,junit,json,html",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    // Every report carries the difference, as the console does.
    for file in ["junit.xml", "report.json", "report.html"] {
        let text = std::fs::read_to_string(dir.path().join("reports").join(file)).unwrap();
        assert!(text.contains("value at /status"), "{file}: {text}");
    }
    assert!(
        run.stdout
            .contains("value at /status: reference \"ACTIVE\", candidate \"GONE\""),
        "{run:?}"
    );
    assert!(!run.stdout.contains("value at /id"), "{run:?}");
    let run = compare_in(dir.path(), &r, &c, &["--compare-header", "x-api-version"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("header x-api-version: reference 1, candidate 2"),
        "{run:?}"
    );
}

/// A server that logs `side path` for each request as it arrives, then answers after `pause`.
fn logging(side: &'static str, log: &Arc<Mutex<Vec<String>>>, pause: Duration) -> TestServer {
    let mut routes = Routes::new();
    for path in ["/1", "/2", "/3", "/4"] {
        let log = Arc::clone(log);
        let reply = Reply::func(move |rec: &Recorded| {
            log.lock().unwrap().push(format!("{side} {}", rec.path()));
            Reply::Delay(pause, Box::new(Reply::json(json!({"ok": true}))))
        });
        routes = routes.get(path, reply);
    }
    TestServer::start_blocking(routes)
}

#[test]
fn lock_step_sends_each_request_to_both_before_the_next_and_sequential_one_side_first() {
    for sequential in [false, true] {
        let log = Arc::new(Mutex::new(Vec::new()));
        // The reference is slow: without lock-step the candidate would run ahead of it.
        let reference = logging("ref", &log, Duration::from_millis(120));
        let candidate = logging("cand", &log, Duration::ZERO);
        let dir = tempfile::tempdir().unwrap();
        gets(dir.path(), &["/1", "/2", "/3", "/4"]);
        let extra: &[&str] = if sequential { &["--sequential"] } else { &[] };
        let run = compare_in(dir.path(), &reference.url(), &candidate.url(), extra);
        assert_eq!(run.code, 0, "{run:?}");
        let log = log.lock().unwrap().clone();
        assert_eq!(log.len(), 8, "{log:?}");
        if sequential {
            let sides: Vec<&str> = log.iter().map(|l| &l[..l.find(' ').unwrap()]).collect();
            assert_eq!(
                sides,
                ["ref", "ref", "ref", "ref", "cand", "cand", "cand", "cand"]
            );
        } else {
            for k in 0..4 {
                let mut pair: Vec<&str> = log[2 * k..2 * k + 2]
                    .iter()
                    .map(|l| &l[l.find(' ').unwrap() + 1..])
                    .collect();
                pair.dedup();
                assert_eq!(pair, [format!("/{}", k + 1)], "{log:?}");
            }
        }
    }
}

#[test]
fn compare_refuses_flags_that_mean_nothing_with_two_targets() {
    let run = conform(
        repo(),
        &[
            "compare",
            "--mock",
            "--against",
            "http://127.0.0.1:9",
            "--export-environment",
            "/tmp/x.json",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--export-environment is a `conform run` flag"),
        "{run:?}"
    );
}

#[test]
fn the_readme_comparison_runs_as_written_and_finds_the_drift() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let at = readme
        .find("### Check your mock against UAT")
        .expect("README has the section");
    let rest = &readme[at..];
    let start = rest.find("```sh\n").unwrap() + 6;
    let end = start + rest[start..].find("```").unwrap();
    let commands: Vec<&str> = rest[start..end].lines().map(str::trim).collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    // The README says 9000: the test's mock takes a free port and stands where 9000 stood.
    let mock_words: Vec<&str> = commands[0]
        .trim_end_matches('&')
        .split_whitespace()
        .collect();
    assert_eq!(mock_words[..2], ["conform", "mock"], "{commands:?}");
    let drift = &mock_words[mock_words.iter().position(|w| *w == "--drift").unwrap() + 1];
    let candidate = Mock::start(&["--drift", drift]);
    let line = commands[1].replace("http://127.0.0.1:9000", &candidate.url);
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[..2], ["conform", "compare"], "{commands:?}");
    let reports = tempfile::tempdir().unwrap();
    let mut args = words[1..].to_vec();
    args.extend(["--report-dir", reports.path().to_str().unwrap()]);
    let run = conform(repo(), &args);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("type at /expiresIn: reference number, candidate string"),
        "{run:?}"
    );
    assert!(
        summary(&run).starts_with("candidate matches reference on 21 of 26"),
        "{run:?}"
    );
}

#[test]
fn bodies_too_large_to_keep_are_compared_without_their_shape_and_the_summary_says_so() {
    let big = |key: &str| {
        let filler = "x".repeat(100 * 1024);
        Reply::json(json!({ key: 1, "filler": filler }))
    };
    let reference = TestServer::start_blocking(Routes::new().get("/a", big("one")));
    let candidate = TestServer::start_blocking(Routes::new().get("/a", big("other")));
    let dir = tempfile::tempdir().unwrap();
    gets(dir.path(), &["/a"]);
    let run = compare_in(dir.path(), &reference.url(), &candidate.url(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        summary(&run).ends_with("; 1 compared without their JSON shape (bodies over 64 KiB)"),
        "{run:?}"
    );
}

/// A target that issues its own token and cookie at /login and answers /me only to a request
/// that carries both (any other's gets a 401).
fn issuing(token: &'static str, cookie: &'static str) -> TestServer {
    let login = Reply::Raw {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Set-Cookie".into(), format!("sid={cookie}; Path=/")),
        ],
        body: json!({ "token": token }).to_string().into_bytes(),
    };
    let me = Reply::func(move |rec: &Recorded| {
        let bearer = rec.header("authorization") == Some(&format!("Bearer {token}"));
        let cookie_ok = rec.header("cookie") == Some(&format!("sid={cookie}"));
        if bearer && cookie_ok {
            Reply::json(json!({"me": "ok"}))
        } else {
            Reply::Json(
                401,
                json!({"error": format!("{:?} {:?}", rec.header("authorization"), rec.header("cookie"))}),
            )
        }
    });
    TestServer::start_blocking(Routes::new().post("/login", login).get("/me", me))
}

#[test]
fn each_side_keeps_its_own_variables_and_cookies() {
    let reference = issuing("reference-token-1", "reference-cookie");
    let candidate = issuing("candidate-token-2", "candidate-cookie");
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": "login",
         "event": [{"listen": "test", "script": {"exec": [
             "pm.environment.set('tok', pm.response.json().token);"
         ]}}],
         "request": {"method": "POST", "url": "http://api.example/login"}},
        {"name": "me", "request": {"method": "GET", "url": "http://api.example/me",
         "header": [{"key": "Authorization", "value": "Bearer {{tok}}"}]}}
    ]);
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items),
    );
    for mode in [&[][..], &["--sequential"][..]] {
        let run = compare_in(dir.path(), &reference.url(), &candidate.url(), mode);
        assert_eq!(run.code, 0, "{mode:?}: {run:?}");
        assert_eq!(status_of(&run, "c::me"), Some("ok"), "{run:?}");
        assert!(!run.all().contains("reference-token-1"), "{run:?}");
    }
    // Each side's /me carried only its own token and cookie.
    let me = |server: &TestServer| {
        server
            .requests()
            .into_iter()
            .filter(|r| r.path() == "/me")
            .map(|r| r.header("cookie").unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        me(&reference),
        ["sid=reference-cookie", "sid=reference-cookie"]
    );
    assert_eq!(
        me(&candidate),
        ["sid=candidate-cookie", "sid=candidate-cookie"]
    );
}

#[test]
fn two_targets_on_one_host_each_keep_their_connections() {
    // The reference at the root, the candidate under /v2 of the same server: one host, one
    // port. With --sequential the reference's side is over before the candidate's starts.
    let mut routes = Routes::new();
    for p in ["/a", "/b", "/c", "/v2/a", "/v2/b", "/v2/c"] {
        routes = routes.get(p, Reply::json(json!({"ok": true})));
    }
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    gets(dir.path(), &["/a", "/b", "/c"]);
    for mode in [&["--sequential"][..], &[][..]] {
        let run = compare_in(
            dir.path(),
            &server.url(),
            &format!("{}/v2", server.url()),
            mode,
        );
        assert_eq!(run.code, 0, "{mode:?}: {run:?}");
        assert!(
            summary(&run).starts_with("candidate matches reference on 3 of 3"),
            "{run:?}"
        );
    }
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(paths.len(), 12, "{paths:?}");
}

#[test]
fn without_the_console_the_summary_goes_to_stderr_and_silent_means_silent() {
    let reference =
        TestServer::start_blocking(Routes::new().get("/a", Reply::json(json!({"a": 1}))));
    let candidate =
        TestServer::start_blocking(Routes::new().get("/a", Reply::json(json!({"a": "1"}))));
    let dir = tempfile::tempdir().unwrap();
    gets(dir.path(), &["/a"]);
    let (r, c) = (reference.url(), candidate.url());
    let run = compare_in(dir.path(), &r, &c, &["-r", "junit"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        run.stderr
            .contains("candidate matches reference on 0 of 1 responses; 1 differ in shape"),
        "{run:?}"
    );
    let run = compare_in(dir.path(), &r, &c, &["--silent"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.all().contains("candidate matches"), "{run:?}");
}
