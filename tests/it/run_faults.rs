//! Issue 3: servers that misbehave and networks that fail: refused connections, stalls, resets,
//! endless and non-UTF-8 bodies, redirect loops and redirects as Postman follows them. Each
//! failure must fail its own trial with one readable line, let the run go on, and never panic.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};

/// The `error: …` lines of the failure report.
fn error_lines(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("error: "))
        .map(str::to_string)
        .collect()
}

fn get(name: &str, url: String) -> Value {
    item(name, json!({"method": "GET", "url": url}))
}

fn run_in(dir: &std::path::Path, items: Value, extra: &[&str]) -> Run {
    write_json(dir, "c.postman_collection.json", &collection("c", items));
    let mut args = vec!["run", "c.postman_collection.json"];
    args.extend_from_slice(extra);
    conform(dir, &args)
}

fn targets(seen: &[Recorded]) -> Vec<String> {
    seen.iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect()
}

/// A port on 127.0.0.1 where nothing listens: bound, then released.
fn refused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

#[test]
fn a_refused_connection_fails_its_request_and_the_next_one_still_runs() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let port = refused_port();
    let items = json!([
        get("gone", format!("http://127.0.0.1:{port}/x")),
        get("next", server.url_for("/next"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::gone"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains("connection refused"), "{run:?}");
    assert!(errors[0].contains(&port.to_string()), "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("GET http://127.0.0.1:{port}/x")),
        "{run:?}"
    );
    assert_eq!(targets(&server.requests()), ["GET /next"]);
}

#[test]
fn a_stalled_server_times_out_at_the_request_timeout() {
    let server = TestServer::start_blocking(Routes::new().get("/stall", Reply::Stall));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("stall", server.url_for("/stall")),
        get("next", server.url_for("/next"))
    ]);
    let started = Instant::now();
    let run = run_in(dir.path(), items, &["--timeout-request", "300"]);
    let took = started.elapsed();
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(status_of(&run, "c::stall"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    assert_eq!(error_lines(&run).len(), 1, "{run:?}");
    assert!(
        error_lines(&run)[0].contains("timed out after 300 ms"),
        "{run:?}"
    );
    assert_eq!(targets(&server.requests()), ["GET /stall", "GET /next"]);
}

#[test]
fn a_reset_mid_body_is_one_line_and_the_run_goes_on() {
    let server = TestServer::start_blocking(Routes::new().get("/reset", Reply::ResetMidBody));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("reset", server.url_for("/reset")),
        get("next", server.url_for("/next"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::reset"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    // The cause is about the body that stopped short, said once and briefly.
    assert!(errors[0].contains("body"), "{run:?}");
    assert!(errors[0].len() < 200, "{run:?}");
    assert!(!errors[0].contains("error sending request"), "{run:?}");
}

#[test]
fn an_endless_body_stops_at_the_response_size_cap() {
    let server = TestServer::start_blocking(Routes::new().get("/endless", Reply::Endless));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("endless", server.url_for("/endless")),
        get("next", server.url_for("/next"))
    ]);
    let started = Instant::now();
    let run = run_in(dir.path(), items, &["--max-response-size", "64K"]);
    let took = started.elapsed();
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(status_of(&run, "c::endless"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains("larger than 65536 bytes"), "{run:?}");
}

#[test]
fn a_content_length_over_the_cap_fails_without_reading_the_body() {
    let big = Reply::Raw {
        status: 200,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: vec![b'a'; 2000],
    };
    let server = TestServer::start_blocking(Routes::new().get("/big", big));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("big", server.url_for("/big")),
        get("small", server.url_for("/small"))
    ]);
    let run = run_in(dir.path(), items, &["--max-response-size", "1000"]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        error_lines(&run)[0].contains("larger than 1000 bytes"),
        "{run:?}"
    );
    assert_eq!(status_of(&run, "c::small"), Some("ok"), "{run:?}");
}

#[test]
fn an_invalid_utf8_json_body_fails_the_check_naming_utf8() {
    let server = TestServer::start_blocking(Routes::new().get("/bad", Reply::InvalidUtf8));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("bad", server.url_for("/bad")),
        get("good", server.url_for("/good"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::bad"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::good"), Some("ok"), "{run:?}");
    let failed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("failed: "))
        .collect();
    assert_eq!(failed.len(), 1, "{run:?}");
    assert!(failed[0].contains("UTF-8"), "{run:?}");
    // The API answered: this is a check failure, not a transport error.
    assert!(error_lines(&run).is_empty(), "{run:?}");
    assert!(run.stdout.contains("200"), "{run:?}");
}

#[test]
fn a_redirect_loop_stops_after_ten_redirects() {
    let routes = Routes::new()
        .get("/a", Reply::Redirect(302, "/b".into()))
        .get("/b", Reply::Redirect(302, "/a".into()));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("loop", server.url_for("/a")),
        get("next", server.url_for("/next"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::loop"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains("exceeded 10 redirects"), "{run:?}");
    // The first request and ten redirects followed; the eleventh Location is not.
    let seen = server.requests();
    assert_eq!(seen.len(), 12, "{:?}", targets(&seen));
    assert_eq!(seen[10].target, "/a");
    assert_eq!(seen[11].target, "/next");
}

/// POSTs a JSON body to `/old`, which answers `status` with `Location: location`.
fn post_through_redirect(status: u16, location: &str, body: &str) -> (Run, Vec<Recorded>) {
    let routes = Routes::new().post("/old", Reply::Redirect(status, location.into()));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([item(
        "moved",
        json!({"method": "POST", "url": server.url_for("/old"),
               "header": [{"key": "Content-Type", "value": "application/json"}],
               "body": {"mode": "raw", "raw": body}})
    )]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    (run, server.requests())
}

#[test]
fn a_302_is_followed_and_a_post_becomes_a_get_without_its_body() {
    let (run, seen) = post_through_redirect(302, "/new?x=1", "{\"a\":1}");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(targets(&seen), ["POST /old", "GET /new?x=1"]);
    assert_eq!(seen[0].body_text(), "{\"a\":1}");
    assert!(seen[1].body.is_empty());
    assert_eq!(
        seen[1].header("content-type"),
        None,
        "{:?}",
        seen[1].headers
    );
    assert_eq!(seen[1].header("content-length"), None, "{:?}", seen[1]);
}

#[test]
fn a_307_keeps_the_method_and_the_body() {
    let (run, seen) = post_through_redirect(307, "/new", "{\"keep\":true}");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(targets(&seen), ["POST /old", "POST /new"]);
    assert_eq!(seen[1].body_text(), "{\"keep\":true}");
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
}

#[test]
fn the_final_status_after_redirects_is_what_gets_checked() {
    // 302 to a 500: the redirect is followed, and the 500 at its end fails the trial.
    let routes = Routes::new()
        .get("/old", Reply::Redirect(302, "/broken".into()))
        .get("/broken", Reply::text(500, "broken at the end"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), json!([get("r", server.url_for("/old"))]), &[]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("500"), "{run:?}");
    assert!(run.stdout.contains("broken at the end"), "{run:?}");
    assert_eq!(targets(&server.requests()), ["GET /old", "GET /broken"]);
}

fn auth_item(name: &str, url: String) -> Value {
    item(
        name,
        json!({"method": "GET", "url": url, "header": [
            {"key": "Authorization", "value": "Bearer t0ps3cret"},
            {"key": "X-Trace", "value": "kept"}
        ]}),
    )
}

#[test]
fn a_redirect_to_another_host_drops_authorization() {
    let other = TestServer::start_blocking(Routes::new());
    // Same machine, other host name: 127.0.0.1 redirects to localhost.
    let to = format!("{}/landing", other.localhost_url());
    let server = TestServer::start_blocking(Routes::new().get("/go", Reply::Redirect(302, to)));
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        json!([auth_item("r", server.url_for("/go"))]),
        &[],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let first = server.requests();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].header("authorization"), Some("Bearer t0ps3cret"));
    let landed = other.requests();
    assert_eq!(targets(&landed), ["GET /landing"]);
    assert_eq!(
        landed[0].header("authorization"),
        None,
        "{:?}",
        landed[0].headers
    );
    assert_eq!(landed[0].header("x-trace"), Some("kept"));
    assert_eq!(
        landed[0].header("host"),
        Some(format!("localhost:{}", other.addr.port()).as_str())
    );
}

#[test]
fn a_redirect_on_the_same_host_keeps_authorization() {
    let routes = Routes::new().get("/go", Reply::Redirect(301, "/here".into()));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        json!([auth_item("r", server.url_for("/go"))]),
        &[],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(targets(&seen), ["GET /go", "GET /here"]);
    assert_eq!(seen[1].header("authorization"), Some("Bearer t0ps3cret"));
    assert!(!run.all().contains("t0ps3cret"), "{run:?}");
}

#[test]
fn ignore_redirects_returns_the_redirect_itself() {
    // Followed, /old would end at a 500; not followed, the 302 is the answer and passes.
    let routes = Routes::new()
        .get("/old", Reply::Redirect(302, "/broken".into()))
        .get("/broken", Reply::text(500, "should not be reached"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        json!([get("r", server.url_for("/old"))]),
        &["--ignore-redirects"],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::r"), Some("ok"), "{run:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(targets(&server.requests()), ["GET /old"]);
}

#[test]
fn a_malformed_status_line_is_a_transport_error_not_a_panic() {
    let garbage = Reply::Wire(b"HTTP/1.1 abc Nope\r\n\r\n".to_vec());
    let server = TestServer::start_blocking(Routes::new().get("/garbage", garbage));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        get("garbage", server.url_for("/garbage")),
        get("next", server.url_for("/next"))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(status_of(&run, "c::garbage"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::next"), Some("ok"), "{run:?}");
    assert_eq!(error_lines(&run).len(), 1, "{run:?}");
}

#[test]
fn each_redirect_status_treats_the_method_as_postman_does() {
    // 301, 302 and 303 turn a POST into a GET without a body; 307 and 308 keep both.
    for (status, method, body) in [
        (301, "GET", ""),
        (302, "GET", ""),
        (303, "GET", ""),
        (307, "POST", "payload"),
        (308, "POST", "payload"),
    ] {
        let routes = Routes::new().post("/from", Reply::Redirect(status, "/to".into()));
        let server = TestServer::start_blocking(routes);
        let dir = tempfile::tempdir().unwrap();
        let items = json!([item(
            "r",
            json!({"method": "POST", "url": server.url_for("/from"),
                   "body": {"mode": "raw", "raw": "payload"}})
        )]);
        let run = run_in(dir.path(), items, &[]);
        no_panic(&run);
        assert_eq!(run.code, 0, "{status}: {run:?}");
        let seen = server.requests();
        assert_eq!(seen.len(), 2, "{status}: {:?}", targets(&seen));
        assert_eq!(seen[1].method, method, "{status}");
        assert_eq!(seen[1].target, "/to", "{status}");
        assert_eq!(seen[1].body_text(), body, "{status}");
    }
}

fn profile_item(name: &str, url: String, profile: Value) -> Value {
    json!({"name": name, "protocolProfileBehavior": profile,
           "request": {"method": "POST", "url": url,
                       "header": [{"key": "Authorization", "value": "Bearer t0ps3cret"}],
                       "body": {"mode": "raw", "raw": "payload"}}})
}

#[test]
fn an_items_protocol_profile_can_turn_redirects_off_for_that_item_only() {
    let routes = Routes::new()
        .post("/old", Reply::Redirect(302, "/broken".into()))
        .get("/broken", Reply::text(500, "followed"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        profile_item(
            "off",
            server.url_for("/old"),
            json!({"followRedirects": false})
        ),
        profile_item("on", server.url_for("/old"), json!({}))
    ]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::off"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::on"), Some("FAILED"), "{run:?}");
    assert_eq!(
        targets(&server.requests()),
        ["POST /old", "POST /old", "GET /broken"]
    );
}

#[test]
fn ignore_redirects_wins_over_an_item_that_asks_to_follow() {
    let routes = Routes::new()
        .post("/old", Reply::Redirect(302, "/broken".into()))
        .get("/broken", Reply::text(500, "followed"));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([profile_item(
        "on",
        server.url_for("/old"),
        json!({"followRedirects": true})
    )]);
    let run = run_in(dir.path(), items, &["--ignore-redirects"]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(targets(&server.requests()), ["POST /old"]);
}

#[test]
fn an_items_max_redirects_replaces_the_default_of_ten() {
    let routes = Routes::new()
        .post("/a", Reply::Redirect(307, "/b".into()))
        .post("/b", Reply::Redirect(307, "/a".into()));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([profile_item(
        "loop",
        server.url_for("/a"),
        json!({"maxRedirects": 2})
    )]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        error_lines(&run)[0].contains("exceeded 2 redirects"),
        "{run:?}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn follow_original_http_method_keeps_a_post_on_302() {
    let routes = Routes::new().post("/old", Reply::Redirect(302, "/new".into()));
    let server = TestServer::start_blocking(routes);
    let dir = tempfile::tempdir().unwrap();
    let items = json!([profile_item(
        "r",
        server.url_for("/old"),
        json!({"followOriginalHttpMethod": true})
    )]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(targets(&server.requests()), ["POST /old", "POST /new"]);
}

#[test]
fn follow_authorization_header_keeps_it_across_hosts() {
    let other = TestServer::start_blocking(Routes::new());
    let to = format!("{}/landing", other.localhost_url());
    let server = TestServer::start_blocking(Routes::new().post("/go", Reply::Redirect(307, to)));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([profile_item(
        "r",
        server.url_for("/go"),
        json!({"followAuthorizationHeader": true})
    )]);
    let run = run_in(dir.path(), items, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let landed = other.requests();
    assert_eq!(targets(&landed), ["POST /landing"]);
    assert_eq!(landed[0].header("authorization"), Some("Bearer t0ps3cret"));
}
