//! The Sahamati IAM routes: each success, each documented error, and the secret lifecycle.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::*;

const READ: &str = "/iam/v1/entity/secret/read";
const RESET: &str = "/iam/v1/entity/secret/reset";
const USER_TOKEN: &str = "/iam/v1/user/token/generate";
const GRACE_MESSAGE: &str =
    "The secret for entity with ID FIU-SIMULATOR is expired and within the grace period";
const DEFAULT_MESSAGE: &str = "The expiry is set to 180 days by default, as the user didn't specify or exceeded the default limit.";

fn claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "JWT-shaped: {token}");
    let payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url payload");
    serde_json::from_slice(&payload).expect("JSON payload")
}

#[tokio::test]
async fn user_token_success_matches_seed_000() {
    let mock = Mock::start(None).await;
    let resp = mock
        .form(
            USER_TOKEN,
            "username=integrator%40example.com&password=mock-password",
        )
        .await;
    let body = resp.expect_json(200);
    assert_eq!(
        keys(&body),
        sorted(&[
            "ver",
            "timestamp",
            "txnId",
            "accessToken",
            "expiresIn",
            "refreshExpiresIn",
            "tokenType",
            "notBeforePolicy",
            "scope"
        ])
    );
    assert_eq!(body["ver"], "1.0.0");
    assert_eq!(body["timestamp"], "2024-07-16T11:33:34.509Z");
    assert!(is_uuid(body["txnId"].as_str().unwrap_or("")), "{body}");
    assert_eq!(body["expiresIn"], 86_400);
    assert_eq!(body["refreshExpiresIn"], 0);
    assert_eq!(body["tokenType"], "Bearer");
    assert_eq!(body["notBeforePolicy"], 0);
    assert_eq!(
        body["scope"],
        "email secret-expiry-ts profile entityMetadata"
    );
    let claims = claims(body["accessToken"].as_str().unwrap_or(""));
    assert_eq!(claims["exp"], T0 / 1000 + 86_400);
    assert_eq!(claims["sub"], "integrator@example.com");
}

#[tokio::test]
async fn user_token_documented_errors() {
    let mock = Mock::start(None).await;
    let missing = "User Id/Password is missing in the request";
    for body in [
        "username=integrator%40example.com",
        "password=x",
        "",
        "username=&password=x",
    ] {
        let resp = mock.form(USER_TOKEN, body).await;
        assert_iam_error(&resp, 400, "Bad Request", missing);
    }
    let bad = "Invalid username/password or password is expired";
    for body in [
        "username=integrator%40example.com&password=wrong",
        "username=nobody%40example.com&password=mock-password",
    ] {
        let resp = mock.form(USER_TOKEN, body).await;
        assert_iam_error(&resp, 401, "Unauthorized", bad);
    }
    let json = mock
        .send(
            "POST",
            USER_TOKEN,
            &[("Content-Type", "application/json")],
            br#"{"username":"integrator@example.com","password":"mock-password"}"#,
        )
        .await;
    assert_iam_error(
        &json,
        400,
        "Bad Request",
        "Content-Type must be application/x-www-form-urlencoded",
    );
}

#[tokio::test]
async fn secret_read_returns_the_configured_secret_and_echoes_txn_id() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    let resp = mock
        .admin(
            READ,
            &token,
            r#"{"entityId":"FIU-SIMULATOR","txnId":"f35761ac-4a18-11e8-96ff-0277a9fbfedc"}"#,
        )
        .await;
    let body = resp.expect_json(200);
    assert_eq!(
        keys(&body),
        sorted(&[
            "ver",
            "timestamp",
            "txnId",
            "entityId",
            "secret",
            "expiresOn",
            "expirationDate"
        ])
    );
    assert_eq!(body["txnId"], "f35761ac-4a18-11e8-96ff-0277a9fbfedc");
    assert_eq!(body["entityId"], "FIU-SIMULATOR");
    assert_eq!(body["secret"], "mock-secret");
    let expires_ms = T0 + 180 * 86_400_000;
    assert_eq!(body["expiresOn"], expires_ms / 1000);
    assert_eq!(body["expirationDate"], "2025-01-12T11:33:34.509");
}

#[tokio::test]
async fn secret_read_errors() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    let ok_body = r#"{"entityId":"FIU-SIMULATOR","txnId":"t-1"}"#;

    let no_auth = mock
        .send(
            "POST",
            READ,
            &[("Content-Type", "application/json")],
            ok_body.as_bytes(),
        )
        .await;
    assert_iam_error(
        &no_auth,
        401,
        "Unauthorized",
        "Authorization bearer token is missing",
    );
    let forged = mock.admin(READ, "not.a.token", ok_body).await;
    assert_iam_error(
        &forged,
        401,
        "Unauthorized",
        "Invalid or expired access token",
    );

    let missing = "Entity Id is missing in the request";
    for body in [
        r#"{"txnId":"t"}"#,
        r#"{"entityId":""}"#,
        r#"{"entityId":7}"#,
    ] {
        let resp = mock.admin(READ, &token, body).await;
        assert_iam_error(&resp, 400, "Bad Request", missing);
    }
    let foreign = mock
        .admin(READ, &token, r#"{"entityId":"AA-SIMULATOR","txnId":"t-2"}"#)
        .await;
    assert_iam_error(&foreign, 401, "Unauthorized", "Invalid entity id");
    assert_eq!(foreign.json()["txnId"], "t-2");
    let unknown = mock.admin(READ, &token, r#"{"entityId":"NOPE"}"#).await;
    assert_iam_error(&unknown, 401, "Unauthorized", "Invalid entity id");

    let malformed = mock.admin(READ, &token, r#"{"entityId":"#).await;
    assert_iam_error(
        &malformed,
        400,
        "Bad Request",
        "Malformed JSON request body",
    );
    let array = mock.admin(READ, &token, "[]").await;
    assert_iam_error(
        &array,
        400,
        "Bad Request",
        "Request body must be a JSON object",
    );
    let auth = format!("Bearer {token}");
    let form = mock
        .send(
            "POST",
            READ,
            &[
                ("Content-Type", "text/plain"),
                ("Authorization", auth.as_str()),
            ],
            ok_body.as_bytes(),
        )
        .await;
    assert_iam_error(
        &form,
        400,
        "Bad Request",
        "Content-Type must be application/json",
    );
}

#[tokio::test]
async fn user_token_expires_after_a_day() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    let body = r#"{"entityId":"FIU-SIMULATOR"}"#;
    mock.clock.advance(DAY - Duration::from_secs(1));
    assert_eq!(mock.admin(READ, &token, body).await.status, 200);
    mock.clock.advance(Duration::from_secs(1));
    let expired = mock.admin(READ, &token, body).await;
    assert_iam_error(
        &expired,
        401,
        "Unauthorized",
        "Invalid or expired access token",
    );
}

#[tokio::test]
async fn entity_token_success_and_documented_errors() {
    let mock = Mock::start(None).await;
    let resp = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    let body = resp.expect_json(200);
    assert_eq!(
        keys(&body),
        sorted(&[
            "ver",
            "timestamp",
            "txnId",
            "accessToken",
            "expiresIn",
            "tokenType"
        ])
    );
    assert_eq!(body["expiresIn"], 86_400);
    assert_eq!(body["tokenType"], "Bearer");
    assert_eq!(
        claims(body["accessToken"].as_str().unwrap_or(""))["sub"],
        "FIU-SIMULATOR"
    );

    let missing = "Entity Id/Secret is missing in the request";
    for form in ["id=FIU-SIMULATOR", "secret=mock-secret", "id=&secret=x"] {
        let resp = mock.form("/iam/v1/entity/token/generate", form).await;
        assert_iam_error(&resp, 400, "Bad Request", missing);
    }
    let bad = "Invalid entity id/secret or secret is expired";
    let wrong = mock.entity_token("FIU-SIMULATOR", "guess").await;
    assert_iam_error(&wrong, 401, "Unauthorized", bad);
    let unknown = mock.entity_token("NOPE", "mock-secret").await;
    assert_iam_error(&unknown, 401, "Unauthorized", bad);
    let crossed = mock.entity_token("AA-SIMULATOR", "mock-secret").await;
    assert_iam_error(&crossed, 401, "Unauthorized", bad);
}

#[tokio::test]
async fn reset_then_old_secret_works_in_grace_and_fails_after_5_days() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    let reset = mock
        .admin(
            RESET,
            &token,
            r#"{"entityId":"FIU-SIMULATOR","txnId":"r-1","secretExpiryDays":100}"#,
        )
        .await;
    let body = reset.expect_json(200);
    assert!(body.get("message").is_none(), "{body}");
    assert_eq!(body["txnId"], "r-1");
    assert_eq!(body["expiresOn"], (T0 + 100 * 86_400_000) / 1000);
    let fresh = body["secret"].as_str().expect("secret").to_string();
    assert_ne!(fresh, "mock-secret");

    let read = mock
        .admin(READ, &token, r#"{"entityId":"FIU-SIMULATOR"}"#)
        .await;
    assert_eq!(read.expect_json(200)["secret"], fresh.as_str());

    let old = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    assert_eq!(old.expect_json(200)["message"], GRACE_MESSAGE);
    let new = mock.entity_token("FIU-SIMULATOR", &fresh).await;
    assert!(new.expect_json(200).get("message").is_none());

    mock.clock.advance(5 * DAY - Duration::from_millis(1));
    let last_moment = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    assert_eq!(last_moment.expect_json(200)["message"], GRACE_MESSAGE);
    mock.clock.advance(Duration::from_millis(1));
    let after = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    assert_iam_error(
        &after,
        401,
        "Unauthorized",
        "Invalid entity id/secret or secret is expired",
    );
    assert_eq!(mock.entity_token("FIU-SIMULATOR", &fresh).await.status, 200);
}

#[tokio::test]
async fn reset_expiry_is_capped_at_180_days_with_the_documented_message() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    let cap = (T0 + 180 * 86_400_000) / 1000;
    for body in [
        r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":365}"#,
        r#"{"entityId":"FIU-SIMULATOR"}"#,
    ] {
        let reply = mock.admin(RESET, &token, body).await.expect_json(200);
        assert_eq!(reply["expiresOn"], cap, "{body}");
        assert_eq!(reply["message"], DEFAULT_MESSAGE, "{body}");
    }
    let exact = mock
        .admin(
            RESET,
            &token,
            r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":180}"#,
        )
        .await
        .expect_json(200);
    assert!(exact.get("message").is_none());
    for (body, message) in [
        (
            r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":0}"#,
            "secretExpiryDays must be a positive integer",
        ),
        (
            r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":"90"}"#,
            "secretExpiryDays must be an integer",
        ),
    ] {
        let resp = mock.admin(RESET, &token, body).await;
        assert_iam_error(&resp, 400, "Bad Request", message);
    }
    let foreign = mock
        .admin(RESET, &token, r#"{"entityId":"AA-SIMULATOR"}"#)
        .await;
    assert_iam_error(&foreign, 401, "Unauthorized", "Invalid entity id");
    // The reference collection's reset sends an empty entityId.
    let empty = mock
        .admin(RESET, &token, r#"{"txnId":"f35761ac-4a18-11e8-96ff-0277a9fbfedc","entityId":"","secretExpiryDays":100}"#)
        .await;
    assert_iam_error(
        &empty,
        400,
        "Bad Request",
        "Entity Id is missing in the request",
    );
}

#[tokio::test]
async fn configured_secret_expires_after_180_days_then_has_5_days_of_grace() {
    let mock = Mock::start(None).await;
    mock.clock.advance(180 * DAY);
    let grace = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    assert_eq!(grace.expect_json(200)["message"], GRACE_MESSAGE);
    mock.clock.advance(5 * DAY);
    let expired = mock.entity_token("FIU-SIMULATOR", "mock-secret").await;
    assert_eq!(expired.status, 401);
}

/// The spec's request schema has no nullable field: `null` is a 400 naming the field, never
/// "use the default"; absent `ver`/`timestamp` stay accepted, as Sahamati's collection omits them.
#[tokio::test]
async fn null_or_mistyped_request_fields_are_refused_as_the_spec_says() {
    let mock = Mock::start(None).await;
    let token = mock.user_token().await;
    for (path, body, message) in [
        (
            RESET,
            r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":null}"#,
            "secretExpiryDays must not be null",
        ),
        (
            READ,
            r#"{"entityId":"FIU-SIMULATOR","secretExpiryDays":null}"#,
            "secretExpiryDays must not be null",
        ),
        (READ, r#"{"entityId":null}"#, "entityId must not be null"),
        (
            READ,
            r#"{"entityId":"FIU-SIMULATOR","txnId":null}"#,
            "txnId must not be null",
        ),
        (
            RESET,
            r#"{"entityId":"FIU-SIMULATOR","ver":null}"#,
            "ver must not be null",
        ),
        (
            RESET,
            r#"{"entityId":"FIU-SIMULATOR","timestamp":null}"#,
            "timestamp must not be null",
        ),
        (
            READ,
            r#"{"entityId":"FIU-SIMULATOR","txnId":42}"#,
            "txnId must be a string",
        ),
        (
            RESET,
            r#"{"entityId":"FIU-SIMULATOR","ver":1}"#,
            "ver must be a string",
        ),
    ] {
        let resp = mock.admin(path, &token, body).await;
        assert_iam_error(&resp, 400, "Bad Request", message);
    }
    let collection_style =
        r#"{"entityId":"FIU-SIMULATOR","txnId":"f35761ac-4a18-11e8-96ff-0277a9fbfedc"}"#;
    assert_eq!(mock.admin(READ, &token, collection_style).await.status, 200);
    let full = r#"{"ver":"1.0.0","timestamp":"2024-07-16T11:33:34.509Z","txnId":"t","entityId":"FIU-SIMULATOR","secretExpiryDays":30}"#;
    assert_eq!(mock.admin(RESET, &token, full).await.status, 200);
}
