//! Issue 3: what `conform run` lets people steer: order, several collections, listing, name
//! filters, folders, bail, iterations, iteration data, delays, the run timeout, exported
//! environments and the exit-status precedence. Every test has its own server and folder.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};

/// The status word libtest printed for trial `name` (`ok`, `FAILED`, `ignored`), if listed.
/// Names are padded to a common width, so the line is `test NAME<spaces> ... STATUS`.
/// Trial names in the order their result lines were printed.
fn trial_lines(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test ")?.split_once(" ... "))
        .map(|(name, _)| name.trim_end().to_string())
        .collect()
}

fn get(name: &str, url: String) -> Value {
    item(name, json!({"method": "GET", "url": url}))
}

fn paths(seen: &[Recorded]) -> Vec<String> {
    seen.iter().map(|r| r.target.clone()).collect()
}

/// Writes collection `c` of these items into `dir` and runs it with `extra` arguments.
fn run_in(dir: &Path, items: Value, extra: &[&str]) -> Run {
    write_json(dir, "c.postman_collection.json", &collection("c", items));
    let mut args = vec!["run", "c.postman_collection.json"];
    args.extend_from_slice(extra);
    conform(dir, &args)
}

/// A reply that notes when each request arrived, then echoes.
fn arrival_clock() -> (Reply, Arc<Mutex<Vec<Instant>>>) {
    let times = Arc::new(Mutex::new(Vec::new()));
    let t = times.clone();
    let reply = Reply::func(move |_| {
        t.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Instant::now());
        Reply::Echo
    });
    (reply, times)
}

#[test]
fn requests_run_strictly_in_collection_order_one_at_a_time() {
    // Early requests answer slowly: a runner that overlapped them would let later ones arrive
    // first, or open several connections at the same moment.
    let routes = Routes::new()
        .get(
            "/1",
            Reply::Delay(Duration::from_millis(250), Box::new(Reply::Echo)),
        )
        .get(
            "/2",
            Reply::Delay(Duration::from_millis(150), Box::new(Reply::Echo)),
        )
        .get(
            "/3",
            Reply::Delay(Duration::from_millis(50), Box::new(Reply::Echo)),
        );
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("one", server.url_for("/1")),
        {"name": "F", "item": [
            get("two", server.url_for("/2")),
            {"name": "G", "item": [get("three", server.url_for("/3"))]}
        ]},
        get("four", server.url_for("/4"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/1", "/2", "/3", "/4"]);
    assert_eq!(
        trial_lines(&run),
        ["c::one", "c::F::two", "c::F::G::three", "c::four"],
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("test result: ok. 4 passed; 0 failed; 0 ignored"),
        "{run:?}"
    );
}

#[test]
fn every_collection_in_a_folder_runs() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let cols = dir.path().join("cols");
    std::fs::create_dir(&cols).unwrap();
    write_json(
        &cols,
        "alpha.postman_collection.json",
        &collection("Alpha", json!([get("a", server.url_for("/alpha"))])),
    );
    write_json(
        &cols,
        "beta.postman_collection.json",
        &collection(
            "Beta",
            json!([
                get("b1", server.url_for("/beta/1")),
                get("b2", server.url_for("/beta/2"))
            ]),
        ),
    );
    // Not a collection by name: must not be loaded (it would not parse as one).
    std::fs::write(cols.join("notes.json"), b"{\"not\": \"a collection\"}").unwrap();
    let run = conform(dir.path(), &["run", "cols"]);
    assert_eq!(run.code, 0, "{run:?}");
    for name in ["Alpha::a", "Beta::b1", "Beta::b2"] {
        assert_eq!(status_of(&run, name), Some("ok"), "{name}: {run:?}");
    }
    let mut got = paths(&server.requests());
    got.sort();
    assert_eq!(got, ["/alpha", "/beta/1", "/beta/2"]);
}

#[test]
fn list_prints_the_trial_names_and_sends_nothing() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("Login", server.url_for("/login")),
        {"name": "Accounts", "item": [get("List", server.url_for("/accounts"))]}
    ]);
    let run = run_in(dir.path(), items, &["--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    let listed: Vec<&str> = run.stdout.lines().filter(|l| l.contains("::")).collect();
    assert_eq!(
        listed,
        ["c::Login: test", "c::Accounts::List: test"],
        "{run:?}"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn a_name_filter_runs_only_matching_trials() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("Login", server.url_for("/login")),
        get("Login Again", server.url_for("/login-again")),
        get("Logout", server.url_for("/logout"))
    ]);
    let run = run_in(dir.path(), items, &["--", "Login"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/login", "/login-again"]);
    assert_eq!(status_of(&run, "c::Login"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::Logout"), None, "{run:?}");
    assert!(run.stdout.contains("1 filtered out"), "{run:?}");
}

#[test]
fn exact_and_skip_narrow_the_filter() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("Login", server.url_for("/login")),
        get("Login Again", server.url_for("/login-again")),
        get("Logout", server.url_for("/logout"))
    ]);
    let run = run_in(dir.path(), items.clone(), &["--", "c::Login", "--exact"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/login"]);
    assert!(run.stdout.contains("2 filtered out"), "{run:?}");

    let server = TestServer::start_blocking(Routes::new());
    let items = json!([
        get("Login", server.url_for("/login")),
        get("Login Again", server.url_for("/login-again")),
        get("Logout", server.url_for("/logout"))
    ]);
    let run = run_in(dir.path(), items, &["--", "--skip", "Again"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/login", "/logout"]);
    assert_eq!(status_of(&run, "c::Login Again"), None, "{run:?}");
}

fn folder_items(server: &TestServer) -> Value {
    json!([
        get("Health", server.url_for("/health")),
        {"name": "Auth", "item": [
            get("Token", server.url_for("/auth/token")),
            get("Refresh", server.url_for("/auth/refresh"))
        ]},
        {"name": "Accounts", "item": [get("List", server.url_for("/accounts"))]}
    ])
}

#[test]
fn folder_selects_a_folder_or_a_request_by_name() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), folder_items(&server), &["--folder", "Auth"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/auth/token", "/auth/refresh"]);
    assert_eq!(status_of(&run, "c::Auth::Token"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::Health"), None, "{run:?}");

    let server = TestServer::start_blocking(Routes::new());
    let run = run_in(dir.path(), folder_items(&server), &["--folder", "List"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/accounts"]);
}

#[test]
fn an_unknown_folder_is_a_usage_error_and_nothing_is_sent() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), folder_items(&server), &["--folder", "Payments"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.all().contains("Payments"), "{run:?}");
    assert!(run.all().contains("no folder or request"), "{run:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn bail_stops_at_the_first_failure_and_sends_nothing_after_it() {
    let routes = Routes::new().get("/boom", Reply::text(500, "kaboom"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("first", server.url_for("/boom")),
        get("second", server.url_for("/second")),
        get("third", server.url_for("/third"))
    ]);
    let run = run_in(dir.path(), items, &["--bail"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::first"), Some("FAILED"), "{run:?}");
    for name in ["c::second", "c::third"] {
        let status = status_of(&run, name);
        assert!(
            status.is_some_and(|s| s.starts_with("ignored")),
            "{name}: {run:?}"
        );
    }
    assert!(run.stdout.contains("500"), "{run:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(paths(&server.requests()), ["/boom"]);
}

#[test]
fn without_bail_a_failure_does_not_stop_the_run() {
    let routes = Routes::new().get("/boom", Reply::text(500, "kaboom"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("first", server.url_for("/boom")),
        get("second", server.url_for("/second"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::first"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::second"), Some("ok"), "{run:?}");
    assert!(
        run.stdout.contains("kaboom"),
        "the body start is shown: {run:?}"
    );
    assert_eq!(paths(&server.requests()), ["/boom", "/second"]);
}

#[test]
fn iterations_repeat_the_whole_collection_in_order() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("A", server.url_for("/a")),
        get("B", server.url_for("/b"))
    ]);
    let run = run_in(dir.path(), items, &["-n", "3"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        paths(&server.requests()),
        ["/a", "/b", "/a", "/b", "/a", "/b"]
    );
    for i in 1..=3 {
        for r in ["A", "B"] {
            let name = format!("c::{r} (iteration {i}/3)");
            assert_eq!(status_of(&run, &name), Some("ok"), "{name}: {run:?}");
        }
    }
    assert!(run.stdout.contains("6 passed"), "{run:?}");
}

fn data_items(server: &TestServer) -> Value {
    json!([item(
        "user",
        json!({"method": "POST", "url": server.url_for("/users/{{id}}?name={{name}}"),
               "body": {"mode": "raw", "raw": "{{name}}:{{id}}"}})
    )])
}

#[test]
fn csv_iteration_data_gives_one_iteration_per_row() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.csv"), "id,name\n1,alice\n2,bob\n").unwrap();
    let run = run_in(dir.path(), data_items(&server), &["-d", "data.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(paths(&seen), ["/users/1?name=alice", "/users/2?name=bob"]);
    assert_eq!(seen[0].body_text(), "alice:1");
    assert_eq!(seen[1].body_text(), "bob:2");
    assert_eq!(
        status_of(&run, "c::user (iteration 2/2)"),
        Some("ok"),
        "{run:?}"
    );
}

#[test]
fn json_iteration_data_gives_one_iteration_per_row() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "data.json",
        &json!([
            {"id": 7, "name": "carol"},
            {"id": 8, "name": "dan"},
            {"id": 9, "name": "erin"}
        ]),
    );
    let run = run_in(dir.path(), data_items(&server), &["-d", "data.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(
        paths(&seen),
        [
            "/users/7?name=carol",
            "/users/8?name=dan",
            "/users/9?name=erin"
        ]
    );
    assert_eq!(seen[2].body_text(), "erin:9");
    assert_eq!(
        status_of(&run, "c::user (iteration 3/3)"),
        Some("ok"),
        "{run:?}"
    );
}

#[test]
fn delay_request_spaces_the_requests_out() {
    let (clock, times) = arrival_clock();
    let server = TestServer::start_blocking(Routes::new().any("/t", clock));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("one", server.url_for("/t")),
        get("two", server.url_for("/t")),
        get("three", server.url_for("/t"))
    ]);
    let run = run_in(dir.path(), items, &["--delay-request", "300"]);
    assert_eq!(run.code, 0, "{run:?}");
    let times = times.lock().unwrap().clone();
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(280), "gap {gap:?}: {run:?}");
    }
}

#[test]
fn the_run_timeout_reports_what_is_left_as_not_run_and_sends_none_of_it() {
    let slow = Reply::Delay(Duration::from_millis(400), Box::new(Reply::Echo));
    let server = TestServer::start_blocking(Routes::new().any("/slow", slow));
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<Value> = (1..=6)
        .map(|i| get(&format!("r{i}"), server.url_for("/slow")))
        .collect();
    let started = Instant::now();
    let run = run_in(dir.path(), Value::Array(items), &["--timeout", "1000"]);
    let took = started.elapsed();
    assert_ne!(run.code, 0, "{run:?}");
    assert!(took < Duration::from_millis(3000), "took {took:?}: {run:?}");
    assert_eq!(status_of(&run, "c::r1"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::r2"), Some("ok"), "{run:?}");
    let last = status_of(&run, "c::r6");
    assert!(
        last.is_some_and(|s| s.starts_with("ignored")),
        "r6 not run: {run:?}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let sent = server.requests().len();
    assert!((2..=3).contains(&sent), "sent {sent}: {run:?}");
    // Everything reported ok was sent; nothing past the cut-off reached the server.
    let ok = (1..=6)
        .filter(|i| status_of(&run, &format!("c::r{i}")) == Some("ok"))
        .count();
    assert!(ok <= sent, "{ok} ok, {sent} sent: {run:?}");
}

fn env_file(dir: &Path) {
    write_json(
        dir,
        "dev.postman_environment.json",
        &json!({
            "id": "5c1f0f3e-0000-4000-8000-000000000001",
            "name": "dev",
            "values": [
                {"key": "who", "value": "from-file", "type": "default", "enabled": true},
                {"key": "region", "value": "ap-south-1", "type": "default", "enabled": true},
                {"key": "access_token", "value": "abc123", "type": "default", "enabled": true},
                {"key": "password", "value": "hunter2", "type": "default", "enabled": true}
            ],
            "_postman_variable_scope": "environment"
        }),
    );
}

/// `key -> value` of an exported Postman environment.
fn exported_values(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).expect("the environment was exported");
    let doc: Value = serde_json::from_str(&text).expect("the export is JSON");
    let values = doc["values"].as_array().expect("a values array");
    values
        .iter()
        .map(|v| {
            let key = v["key"].as_str().expect("each value has a key").to_string();
            (key, v["value"].clone())
        })
        .collect()
}

#[test]
fn env_var_wins_over_the_environment_file() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    env_file(dir.path());
    let items = json!([get("who", server.url_for("/who/{{who}}/{{region}}"))]);
    let run = run_in(
        dir.path(),
        items,
        &[
            "-e",
            "dev.postman_environment.json",
            "--env-var",
            "who=from-cli",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&server.requests()), ["/who/from-cli/ap-south-1"]);
}

#[test]
fn export_environment_writes_values_as_they_stand_with_passwords_masked() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    env_file(dir.path());
    let items = json!([get("ping", server.url_for("/ping"))]);
    let run = run_in(
        dir.path(),
        items,
        &[
            "-e",
            "dev.postman_environment.json",
            "--env-var",
            "who=from-cli",
            "--env-var",
            "added=new",
            "--export-environment",
            "out.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let out = dir.path().join("out.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["_postman_variable_scope"], "environment", "{doc}");
    let values = exported_values(&out);
    assert_eq!(values["who"], "from-cli", "{doc}");
    assert_eq!(values["region"], "ap-south-1", "{doc}");
    assert_eq!(values["access_token"], "***", "{doc}");
    assert_eq!(values["added"], "new", "{doc}");
    assert_eq!(values["password"], "***", "{doc}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("abc123"),
        "{text}"
    );
    assert!(!run.all().contains("hunter2"), "{run:?}");
}

#[test]
fn export_secrets_writes_the_password_unmasked() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    env_file(dir.path());
    let items = json!([get("ping", server.url_for("/ping"))]);
    let run = run_in(
        dir.path(),
        items,
        &[
            "-e",
            "dev.postman_environment.json",
            "--export-environment",
            "out.json",
            "--export-secrets",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let values = exported_values(&dir.path().join("out.json"));
    assert_eq!(values["password"], "hunter2");
    assert_eq!(values["access_token"], "abc123");
    assert_eq!(values["who"], "from-file");
}

/// A URL on 127.0.0.1 where nothing listens: a port bound, then released.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/nobody")
}

#[test]
fn exit_status_is_0_when_all_pass_1_on_a_bad_answer_3_when_a_request_cannot_complete() {
    let routes = Routes::new().get("/boom", Reply::text(503, "down"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();

    let run = run_in(
        dir.path(),
        json!([get("fine", server.url_for("/fine"))]),
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");

    let items = json!([
        get("fine", server.url_for("/fine")),
        get("boom", server.url_for("/boom"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::boom"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("503"), "{run:?}");

    // A refused connection outranks a bad answer, whichever comes first.
    for order in [["boom", "gone"], ["gone", "boom"]] {
        let items: Vec<Value> = order
            .iter()
            .map(|n| match *n {
                "boom" => get("boom", server.url_for("/boom")),
                _ => get("gone", refused_url()),
            })
            .collect();
        let run = run_in(dir.path(), Value::Array(items), &[]);
        assert_eq!(run.code, 3, "{order:?}: {run:?}");
        assert!(run.stdout.contains("connection refused"), "{run:?}");
        assert_eq!(status_of(&run, "c::boom"), Some("FAILED"), "{run:?}");
        assert_eq!(status_of(&run, "c::gone"), Some("FAILED"), "{run:?}");
    }
}

#[test]
fn a_run_timeout_that_expires_during_a_delay_reports_the_rest_as_not_run() {
    // The delay comes before each request (postman-runtime queues `delay.item` before every
    // item), so requests leave at about 400 and 800 ms and the deadline passes during the third
    // delay: that request must be reported as not run, not sent with no time left.
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<Value> = (1..=5)
        .map(|i| get(&format!("r{i}"), server.url_for(&format!("/r{i}"))))
        .collect();
    let run = run_in(
        dir.path(),
        Value::Array(items),
        &["--delay-request", "400", "--timeout", "1000"],
    );
    assert_ne!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::r1"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::r2"), Some("ok"), "{run:?}");
    for name in ["c::r3", "c::r4", "c::r5"] {
        assert_eq!(
            status_of(&run, name),
            Some("ignored (not run: the run's --timeout expired)"),
            "{name}: {run:?}"
        );
    }
    assert!(!run.stdout.contains("after 0 ms"), "{run:?}");
    assert_eq!(paths(&server.requests()), ["/r1", "/r2"]);
}

#[test]
fn a_request_cut_short_by_the_run_timeout_blames_the_run_timeout() {
    let slow = Reply::Delay(Duration::from_millis(800), Box::new(Reply::Echo));
    let server = TestServer::start_blocking(Routes::new().any("/slow", slow));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("r1", server.url_for("/slow")),
        get("r2", server.url_for("/slow"))
    ]);
    let run = run_in(dir.path(), items, &["--timeout", "1000"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::r1"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::r2"), Some("FAILED"), "{run:?}");
    let error = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("error: "))
        .unwrap_or_default();
    assert!(error.contains("timed out"), "{run:?}");
    // The per-request limit (30 s by default) was not what stopped it.
    assert!(!error.contains("--timeout-request"), "{error}");
    assert!(error.contains("--timeout"), "{error}");
}

#[test]
fn more_iterations_than_data_rows_reuse_the_last_row() {
    // postman-runtime's getIterationData: past the end of the data, the last row is used.
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.csv"), "id,name\n1,alice\n2,bob\n").unwrap();
    let run = run_in(
        dir.path(),
        data_items(&server),
        &["-d", "data.csv", "-n", "4"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        status_of(&run, "c::user (iteration 4/4)"),
        Some("ok"),
        "{run:?}"
    );
    assert_eq!(
        paths(&server.requests()),
        [
            "/users/1?name=alice",
            "/users/2?name=bob",
            "/users/2?name=bob",
            "/users/2?name=bob"
        ]
    );
}

#[test]
fn fewer_iterations_than_data_rows_use_the_first_rows() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.csv"), "id,name\n1,a\n2,b\n3,c\n").unwrap();
    let run = run_in(
        dir.path(),
        data_items(&server),
        &["-d", "data.csv", "-n", "1"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::user"), Some("ok"), "{run:?}");
    assert_eq!(paths(&server.requests()), ["/users/1?name=a"]);
}

#[test]
fn quoted_csv_fields_keep_their_commas_quotes_and_newlines() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("data.csv"),
        "id,name\r\n1,\"smith, j\"\r\n2,\"say \"\"hi\"\"\nthere\"\r\n",
    )
    .unwrap();
    let items = json!([item(
        "user",
        json!({"method": "POST", "url": server.url_for("/u/{{id}}"),
               "body": {"mode": "raw", "raw": "[{{name}}]"}})
    )]);
    let run = run_in(dir.path(), items, &["-d", "data.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(paths(&seen), ["/u/1", "/u/2"]);
    assert_eq!(seen[0].body_text(), "[smith, j]");
    assert_eq!(seen[1].body_text(), "[say \"hi\"\nthere]");
}

#[test]
fn bad_iteration_data_is_a_usage_error_naming_the_file() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "object.json", &json!({"id": 1}));
    for (file, _why) in [("missing.csv", "absent"), ("object.json", "not an array")] {
        let run = run_in(dir.path(), data_items(&server), &["-d", file]);
        assert_eq!(run.code, 2, "{file}: {run:?}");
        assert!(run.stderr.contains(file), "{file}: {run:?}");
        assert!(!run.all().contains("panicked"), "{run:?}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn an_env_var_without_an_equals_sign_is_a_usage_error() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([get("ping", server.url_for("/ping"))]);
    let run = run_in(dir.path(), items, &["--env-var", "justaname"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("justaname"), "{run:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn bail_after_a_refused_connection_exits_3_and_sends_nothing_more() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("gone", refused_url()),
        get("second", server.url_for("/second"))
    ]);
    let run = run_in(dir.path(), items, &["--bail"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.contains("connection refused"), "{run:?}");
    assert_eq!(
        status_of(&run, "c::second"),
        Some("ignored (not run: --bail stopped the run after a failure)"),
        "{run:?}"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.requests().is_empty());
}

#[test]
fn folder_is_repeatable() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        folder_items(&server),
        &["--folder", "Accounts", "--folder", "Health"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // Collection order, not flag order.
    assert_eq!(paths(&server.requests()), ["/health", "/accounts"]);
}
