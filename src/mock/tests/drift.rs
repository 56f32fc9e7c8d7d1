//! Each drift mode is visible on the wire, and only where documented.

use std::time::Instant;

use super::*;

const USER_TOKEN: &str = "/iam/v1/user/token/generate";
const GOOD: &str = "username=integrator%40example.com&password=mock-password";
const BAD: &str = "username=integrator%40example.com&password=wrong";

#[tokio::test]
async fn missing_field_drops_each_api_token() {
    let mock = Mock::start(Some(Drift::MissingField)).await;
    let body = mock.form(USER_TOKEN, GOOD).await.expect_json(200);
    assert!(body.get("accessToken").is_none(), "{body}");
    assert_eq!(body["expiresIn"], 86_400);
    let entity = mock
        .entity_token("FIU-SIMULATOR", "mock-secret")
        .await
        .expect_json(200);
    assert!(entity.get("accessToken").is_none(), "{entity}");
    let login = mock
        .send(
            "POST",
            "/user/login",
            &[("Content-Type", "application/json")],
            br#"{"emailId":"integrator@example.com","password":"mock-password"}"#,
        )
        .await
        .expect_json(200);
    assert!(login["responseData"].get("token").is_none(), "{login}");
    assert_eq!(login["responseData"]["apiKey"], "mock-api-key");
}

#[tokio::test]
async fn wrong_type_sends_expires_in_as_a_string() {
    let mock = Mock::start(Some(Drift::WrongType)).await;
    let body = mock.form(USER_TOKEN, GOOD).await.expect_json(200);
    assert_eq!(body["expiresIn"], "86400");
    assert!(body["accessToken"].is_string());
}

#[tokio::test]
async fn wrong_status_answers_bad_credentials_with_200() {
    let mock = Mock::start(Some(Drift::WrongStatus)).await;
    let body = mock.form(USER_TOKEN, BAD).await.expect_json(200);
    assert_eq!(body["errorCode"], "Unauthorized");
    // Documented non-401 errors keep their status.
    assert_eq!(mock.form(USER_TOKEN, "").await.status, 400);
}

#[tokio::test]
async fn wrong_content_type_sends_token_json_as_text() {
    let mock = Mock::start(Some(Drift::WrongContentType)).await;
    let resp = mock.form(USER_TOKEN, GOOD).await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("text/plain"));
    assert!(resp.json()["accessToken"].is_string());
    let error = mock.form(USER_TOKEN, BAD).await;
    assert_eq!(error.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn not_json_sends_html() {
    let mock = Mock::start(Some(Drift::NotJson)).await;
    for resp in [
        mock.form(USER_TOKEN, GOOD).await,
        mock.form(USER_TOKEN, BAD).await,
    ] {
        assert_eq!(
            resp.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(
            resp.text().starts_with("<!DOCTYPE html>"),
            "{}",
            resp.text()
        );
        assert!(serde_json::from_slice::<serde_json::Value>(&resp.body).is_err());
    }
    assert_eq!(mock.form(USER_TOKEN, BAD).await.status, 401);
}

#[tokio::test]
async fn slow_waits_before_answering() {
    let delay = Duration::from_millis(300);
    let mock = Mock::start(Some(Drift::Slow(delay))).await;
    let started = Instant::now();
    let body = mock.form(USER_TOKEN, GOOD).await.expect_json(200);
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert!(body["accessToken"].is_string());
}

#[tokio::test]
async fn shutdown_cuts_a_default_slow_wait_short() {
    let mock = Mock::start(Some("slow".parse().expect("drift name"))).await;
    let addr = mock.addr();
    let pending = tokio::spawn(async move {
        let request = b"POST /iam/v1/user/token/generate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        send_raw(addr, request).await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), mock.handle.shutdown())
        .await
        .expect("shutdown is prompt")
        .expect("server ends cleanly");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The cut-short request still got a JSON answer rather than a hang.
    let resp = pending.await.expect("client task");
    assert_eq!(resp.status, 400, "{}", resp.text());
}
