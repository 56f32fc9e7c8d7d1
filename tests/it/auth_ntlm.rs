//! Issue 11 point 7, NTLM: the request without credentials, then NEGOTIATE and an NTLMv2
//! AUTHENTICATE on the same connection, against the verifying server of support/ntlm.rs.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::common::*;
use crate::support::ntlm::{PASSWORD, route, unauthorized};
use crate::support::{Recorded, Reply, Routes, TestServer};

fn server() -> TestServer {
    TestServer::start_blocking(Routes::new().any("/ntlm", route()))
}

fn ntlm_item(server: &TestServer, password: &str, extra: &[(&str, &str)]) -> Value {
    let mut auth = vec![
        json!({"key": "username", "value": "alice", "type": "string"}),
        json!({"key": "password", "value": password, "type": "string"}),
        json!({"key": "domain", "value": "CORP", "type": "string"}),
        json!({"key": "workstation", "value": "WS7", "type": "string"}),
    ];
    for (k, v) in extra {
        auth.push(json!({"key": k, "value": v, "type": "any"}));
    }
    json!([{
        "name": "who",
        "request": {
            "method": "GET",
            "url": server.url_for("/ntlm"),
            "auth": {"type": "ntlm", "ntlm": auth}
        },
        "event": [{"listen": "test", "script": {"exec": [
            "pm.test('authenticated', () => pm.response.to.have.status(200));",
            "pm.test('as alice', () => pm.expect(pm.response.json().user).to.eql('alice'));"
        ]}}]
    }])
}

fn run(server: &TestServer, password: &str, extra: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", ntlm_item(server, password, extra)),
    );
    conform(dir.path(), &["run", "c.postman_collection.json"])
}

fn auth_kinds(seen: &[Recorded]) -> Vec<String> {
    seen.iter()
        .map(|r| match r.header("authorization") {
            None => "none".to_string(),
            Some(v) => {
                let raw = base64::engine::general_purpose::STANDARD
                    .decode(v.trim_start_matches("NTLM "))
                    .unwrap_or_default();
                format!("type {}", raw.get(8).copied().unwrap_or(0))
            }
        })
        .collect()
}

#[test]
fn the_handshake_authenticates_over_one_connection() {
    let server = server();
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(auth_kinds(&seen), ["none", "type 1", "type 3"], "{run:?}");
    assert!(seen.iter().all(|r| r.conn == seen[0].conn), "{seen:?}");
    assert!(!run.all().contains(PASSWORD), "{run:?}");
}

#[test]
fn a_wrong_password_is_refused_by_the_server_and_fails_the_test() {
    let server = server();
    let run = run(&server, "not-the-password", &[]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::who"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("authenticated"), "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none", "type 1", "type 3"]);
}

#[test]
fn disable_retry_request_sends_once() {
    let server = server();
    let run = run(&server, PASSWORD, &[("disableRetryRequest", "true")]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none"]);
}

#[test]
fn a_server_that_asks_for_nothing_gets_one_plain_request() {
    let server = TestServer::start_blocking(
        Routes::new().any("/ntlm", Reply::json(json!({"user": "alice"}))),
    );
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none"]);
}

#[test]
fn a_challenge_without_an_ntlm_message_fails_the_request_naming_it() {
    // Always answers the bare `WWW-Authenticate: NTLM`, even to the NEGOTIATE message.
    let server = TestServer::start_blocking(Routes::new().any("/ntlm", unauthorized(None)));
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("did not send NTLM type 2 message"),
        "{run:?}"
    );
    assert_eq!(auth_kinds(&server.requests()), ["none", "type 1"]);
}
