//! Seed 003's access-token route: success shape and each refusal.

use super::*;

const PATH: &str =
    "/v1/users/5a981078f4442500195c7201/generateaccesstoken?accountId=5a981078f4442500195c7205";

async fn get(mock: &Mock, path: &str, auth: Option<&str>, tag: Option<&str>) -> Resp {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend(auth.map(|a| ("Authorization", a)));
    headers.extend(tag.map(|t| ("x-tag", t)));
    mock.send("GET", path, &headers, b"").await
}

const AUTH: Option<&str> = Some("Bearer mock-bearer-token");
const TAG: Option<&str> = Some("mock-x-tag");

#[tokio::test]
async fn success_matches_the_documented_shape() {
    let mock = Mock::start(None).await;
    let body = get(&mock, PATH, AUTH, TAG).await.expect_json(200);
    assert_eq!(keys(&body), sorted(&["status", "data"]));
    assert_eq!(body["status"], "success");
    let data = &body["data"];
    assert_eq!(
        keys(data),
        sorted(&[
            "tags",
            "_id",
            "type",
            "user",
            "token",
            "resetToken",
            "createdAt",
            "__v"
        ])
    );
    assert_eq!(data["tags"], serde_json::json!([]));
    let id = data["_id"].as_str().unwrap_or("");
    assert!(
        id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(data["type"], "bearer");
    assert_eq!(data["user"], "5a981078f4442500195c7201");
    assert_eq!(data["token"].as_str().map(str::len), Some(44));
    assert_eq!(data["resetToken"].as_str().map(str::len), Some(10));
    assert_eq!(data["createdAt"], "2024-07-16T11:33:34.509Z");
    assert_eq!(data["__v"], 0);
}

#[tokio::test]
async fn refusals_use_jsend_fail() {
    let mock = Mock::start(None).await;
    let other_user =
        "/v1/users/5a981078f4442500195c7299/generateaccesstoken?accountId=5a981078f4442500195c7205";
    let other_account = "/v1/users/5a981078f4442500195c7201/generateaccesstoken?accountId=x";
    let no_account = "/v1/users/5a981078f4442500195c7201/generateaccesstoken";
    for (path, auth, tag, status, message) in [
        (PATH, None, TAG, 401, "missing or invalid bearer token"),
        (
            PATH,
            Some("Bearer guess"),
            TAG,
            401,
            "missing or invalid bearer token",
        ),
        (
            PATH,
            Some("mock-bearer-token"),
            TAG,
            401,
            "missing or invalid bearer token",
        ),
        (PATH, AUTH, None, 401, "missing or invalid x-tag"),
        (PATH, AUTH, Some("other"), 401, "missing or invalid x-tag"),
        (
            other_user,
            AUTH,
            TAG,
            403,
            "token does not belong to this user",
        ),
        (
            other_account,
            AUTH,
            TAG,
            403,
            "account does not belong to this user",
        ),
        (no_account, AUTH, TAG, 400, "accountId is required"),
    ] {
        let body = get(&mock, path, auth, tag).await.expect_json(status);
        assert_eq!(
            body,
            serde_json::json!({"status": "fail", "data": {"message": message}}),
            "{path} {auth:?} {tag:?}"
        );
    }
}
