//! Issue 15: `conform compare` runs one suite against a reference and a candidate and says, per
//! request, whether the candidate answers like the reference. Our mock against itself, against
//! each of its drift modes, against candidates that stall, reset or send garbage; lock-step and
//! --sequential; --record / --replay and `conform mock --replay`.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `conform mock ARGS` as a process on a free loopback port; killed when dropped.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn start(extra: &[&str]) -> Mock {
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
fn summary(run: &Run) -> &str {
    run.stdout
        .lines()
        .find(|l| l.starts_with("candidate matches reference on "))
        .unwrap_or("")
}

/// `conform compare` of the shipped suite: the built-in mock (--mock) as the reference.
fn compare_with_mock(candidate: &str, extra: &[&str]) -> Run {
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

fn get(name: &str, path: &str) -> Value {
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

/// Every form a secret can take in a file: as is, urlencoded, base64, JSON-escaped.
fn forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let json = serde_json::to_string(secret).unwrap();
    vec![
        secret.to_string(),
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        b64.encode(secret),
        json[1..json.len() - 1].to_string(),
    ]
}

#[test]
fn a_recording_keeps_no_secret_and_replays_as_the_reference_and_as_a_mock() {
    let candidate = Mock::start(&[]);
    let rec = tempfile::tempdir().unwrap();
    let rec_dir = rec.path().join("uat");
    let rec_arg = rec_dir.to_str().unwrap();
    let run = compare_with_mock(&candidate.url, &["--record", rec_arg]);
    assert_eq!(run.code, 0, "{run:?}");

    // Every byte of the recording, against every secret the environment gives, in every form.
    let bytes = std::fs::read(rec_dir.join("recording.json")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let env: Value = serde_json::from_slice(
        &std::fs::read(repo().join("environments/mock.postman_environment.json")).unwrap(),
    )
    .unwrap();
    let secrets: Vec<&str> = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["type"] == "secret")
        .filter_map(|v| v["value"].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    assert!(secrets.len() >= 3, "{secrets:?}");
    for secret in secrets {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{secret:?} as {form:?} is in the recording"
            );
        }
    }
    // The tokens and secrets the reference issued are stand-ins, not what it sent.
    let recording: Value = serde_json::from_slice(&bytes).unwrap();
    let mut issued = 0;
    for x in recording["exchanges"].as_array().unwrap() {
        let Some(body) = x["response"]["body"].as_str() else {
            continue;
        };
        let Ok(body) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        for key in ["accessToken", "secret"] {
            if let Some(v) = body.get(key).and_then(Value::as_str) {
                issued += 1;
                assert!(
                    v.starts_with("recorded-stand-in-") || v.contains(".eyJyZWNvcmRlZCI6"),
                    "{key}: {v}"
                );
            }
        }
    }
    assert!(issued >= 4, "{recording}");

    // The recording as the reference: the same mock matches, a drifted one does not.
    let replay = |against: &str| {
        let run = conform(
            repo(),
            &[
                "compare",
                "--replay",
                rec_arg,
                "-e",
                "environments/mock.postman_environment.json",
                "--against",
                against,
                "-r",
                "cli",
            ],
        );
        no_panic(&run);
        run
    };
    let run = replay(&candidate.url);
    assert_eq!(run.code, 0, "{run:?}");
    // The contracts were applied to the recorded answers too, stand-ins and all.
    assert!(
        run.stdout.contains(
            "contracts: both sides keep the contracts (reference: 0 of 26 responses break them"
        ),
        "{run:?}"
    );
    assert_eq!(
        summary(&run),
        "candidate matches reference on 26 of 26 responses; 0 differ in shape, 0 in status",
        "{run:?}"
    );
    let drifted = Mock::start(&["--drift", "wrong-type"]);
    let run = replay(&drifted.url);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("type at /expiresIn: reference number, candidate string"),
        "{run:?}"
    );

    // The recording as a mock: the suite passes against it.
    let served = Mock::start(&["--replay", rec_arg]);
    let run = conform(
        repo(),
        &[
            "run",
            "-e",
            "environments/mock.postman_environment.json",
            "--base-url",
            &served.url,
            "-r",
            "cli",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("test result: ok. 26 passed; 0 failed"),
        "{run:?}"
    );
}

#[test]
fn the_replay_mock_answers_unrecorded_requests_with_a_404_saying_so() {
    let candidate = Mock::start(&[]);
    let rec = tempfile::tempdir().unwrap();
    let rec_arg = rec.path().to_str().unwrap();
    let run = compare_with_mock(
        &candidate.url,
        &[
            "collections/login-token.postman_collection.json",
            "--record",
            rec_arg,
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let served = Mock::start(&["--replay", rec_arg]);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("unknown", "/nowhere"),
        item(
            "other shape",
            json!({"method": "POST", "url": "http://api.example/user/login",
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": "{\"nothing\": 1}"}})
        )
    ]);
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", items),
    );
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.postman_collection.json",
            "--base-url",
            &served.url,
            "-v",
        ],
    );
    assert!(
        run.all()
            .contains("no recorded response for this method and path: GET /nowhere"),
        "{run:?}"
    );
    assert!(
        run.all()
            .contains("no recorded response with this request body shape: POST /user/login"),
        "{run:?}"
    );
}

#[test]
fn a_corrupt_missing_or_foreign_recording_is_refused_before_anything_is_sent() {
    let candidate = TestServer::start_blocking(Routes::new());
    let rec = tempfile::tempdir().unwrap();
    let replay_with = |dir: &Path| {
        let run = conform(
            repo(),
            &[
                "compare",
                "--replay",
                dir.to_str().unwrap(),
                "-e",
                "environments/mock.postman_environment.json",
                "--against",
                &candidate.url(),
            ],
        );
        no_panic(&run);
        run
    };
    // Missing.
    let run = replay_with(&rec.path().join("none"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("no recording.json in this folder"),
        "{run:?}"
    );
    // Corrupt: cut short.
    std::fs::write(
        rec.path().join("recording.json"),
        "{\n  \"format\": \"conform-recording/1\",\n  \"tr",
    )
    .unwrap();
    let run = replay_with(rec.path());
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("recording.json:3:") && run.stderr.contains("not a conform recording"),
        "{run:?}"
    );
    let mock = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args([
            "mock",
            "--addr",
            "127.0.0.1:0",
            "--replay",
            rec.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(mock.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mock.stderr).contains("not a conform recording"));
    // Foreign: recorded from one collection, replayed with all three.
    let other = Mock::start(&[]);
    let foreign = rec.path().join("foreign");
    let run = compare_with_mock(
        &other.url,
        &[
            "collections/login-token.postman_collection.json",
            "--record",
            foreign.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = replay_with(&foreign);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("recorded from another suite"),
        "{run:?}"
    );
    assert!(run.stderr.contains("collections Login token;"), "{run:?}");
    assert!(
        candidate.requests().is_empty(),
        "{:?}",
        candidate.requests()
    );
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
