//! Seed 002's login route: success envelope, the two documented failures, malformed input.

use super::*;

const LOGIN: &str = "/user/login";

async fn login(mock: &Mock, content_type: Option<&str>, body: &str) -> Resp {
    let headers: Vec<(&str, &str)> = content_type
        .map(|ct| ("Content-Type", ct))
        .into_iter()
        .collect();
    mock.send("POST", LOGIN, &headers, body.as_bytes()).await
}

#[tokio::test]
async fn login_success_envelope() {
    let mock = Mock::start(None).await;
    let body = r#"{"emailId":"integrator@example.com","password":"mock-password"}"#;
    let reply = login(&mock, Some("application/json"), body)
        .await
        .expect_json(200);
    assert_eq!(
        keys(&reply),
        sorted(&["responseCode", "responseMessage", "responseData"])
    );
    assert_eq!(reply["responseCode"], 200);
    assert_eq!(reply["responseMessage"], "Success");
    let data = &reply["responseData"];
    assert_eq!(
        keys(data),
        sorted(&["token", "emailId", "apiKey", "expiry"])
    );
    assert_eq!(data["emailId"], "integrator@example.com");
    assert_eq!(data["apiKey"], "mock-api-key");
    assert_eq!(data["expiry"], "3600");
    assert_eq!(
        data["token"].as_str().map(|t| t.split('.').count()),
        Some(3)
    );
    // No Content-Type at all is accepted: the doc asks for none.
    assert_eq!(login(&mock, None, body).await.status, 200);
}

#[tokio::test]
async fn documented_failures_keep_their_response_code_under_http_401() {
    let mock = Mock::start(None).await;
    let wrong_password = login(
        &mock,
        Some("application/json"),
        r#"{"emailId":"integrator@example.com","password":"nope"}"#,
    )
    .await;
    assert_eq!(
        wrong_password.expect_json(401),
        serde_json::json!({"responseCode": 405, "responseMessage": "Please provide valid password"})
    );
    let unknown = login(
        &mock,
        Some("application/json"),
        r#"{"emailId":"nobody@example.com","password":"mock-password"}"#,
    )
    .await;
    assert_eq!(
        unknown.expect_json(401),
        serde_json::json!({"responseCode": 404, "responseMessage": "Please provide valid user details"})
    );
}

#[tokio::test]
async fn malformed_login_input_is_a_400_envelope() {
    let mock = Mock::start(None).await;
    for (ct, body, message) in [
        (
            Some("application/json"),
            "{",
            "Request body must be a JSON object",
        ),
        (
            Some("application/json"),
            r#"["a"]"#,
            "Request body must be a JSON object",
        ),
        (
            Some("application/json"),
            r#"{"emailId":"integrator@example.com"}"#,
            "Please provide emailId and password",
        ),
        (
            Some("application/json"),
            r#"{"emailId":1,"password":2}"#,
            "Please provide emailId and password",
        ),
        (
            Some("text/plain"),
            r#"{"emailId":"integrator@example.com","password":"mock-password"}"#,
            "Content-Type must be application/json",
        ),
    ] {
        let reply = login(&mock, ct, body).await.expect_json(400);
        assert_eq!(
            reply,
            serde_json::json!({"responseCode": 400, "responseMessage": message}),
            "{body}"
        );
    }
}
