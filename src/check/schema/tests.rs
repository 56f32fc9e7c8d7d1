//! Unit tests of `check::schema`: the Sahamati spec as published (no overlay) and a small spec
//! with ranges, `default`, path parameters and body-less statuses.
use super::*;
use crate::schema::{LoadOptions, derive};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Beside the main checkout (`../shared`) or two levels up from a worktree under `wt/`.
fn real_spec() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("../shared/reference/sahamati/IAM-Service-Sprint-9.yaml");
    if spec.is_file() {
        return spec;
    }
    root.join("../../shared/reference/sahamati/IAM-Service-Sprint-9.yaml")
}

/// The Sahamati spec as published (no overlay), or `None` with a printed reason when the
/// shared reference inputs are not checked out.
fn iam(options: LoadOptions) -> Option<SchemaSet> {
    assert!(
        real_spec().is_file(),
        "the Sahamati spec is needed: {} is absent (the shared reference inputs)",
        real_spec().display()
    );
    Some(SchemaSet::load(&[], &[real_spec()], options).unwrap())
}

/// A 3.0 spec with `required`, a path parameter, ranges, `default` and a body-less status.
fn users() -> SchemaSet {
    users_with(LoadOptions::default())
}

fn users_with(options: LoadOptions) -> SchemaSet {
    // One folder per call: tests run in parallel threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("conform-check-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("users.yaml");
    std::fs::write(
        &spec,
        r##"openapi: 3.0.3
info: {title: users, version: "1"}
servers: [{url: "https://api.example.test/api"}]
paths:
  /v1/users/{userId}/generateaccesstoken:
    get:
      operationId: generateAccessToken
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Token"}
              example: {status: success, data: {token: abc, createdAt: "2019-12-07T01:12:02.315Z"}}
        "204": {description: nothing}
        4XX:
          description: client error
          content:
            application/json:
              schema: {type: object, required: [status]}
        default:
          description: other
          content:
            text/plain: {}
  /v1/users/me/generateaccesstoken:
    get:
      responses:
        "200": {description: literal route wins}
components:
  schemas:
    Token:
      type: object
      required: [status, data]
      properties:
        status: {type: string, enum: [success]}
        data:
          type: object
          required: [token]
          properties:
            token: {type: string}
            createdAt: {type: string, format: date-time}
            nickname: {type: string, nullable: true}
            count: {type: integer, format: int64}
            blob: {type: string, format: byte}
"##,
    )
    .unwrap();
    let set = SchemaSet::load(&[], &[spec], options).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    set
}

const JSON: Option<&str> = Some("application/json");

#[test]
fn schema_set_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SchemaSet>();
}

#[test]
fn url_paths() {
    assert_eq!(
        url_path("https://api.sandbox.sahamati.org.in/iam/v1/user/token/generate?a=1"),
        "/iam/v1/user/token/generate?a=1"
    );
    assert_eq!(url_path("http://127.0.0.1:8080"), "/");
    assert_eq!(url_path("http://h?x=1"), "?x=1");
    assert_eq!(url_path("/already/a/path"), "/already/a/path");
}

#[test]
fn exchange_uses_the_content_type_header_and_base_url_path() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let request = HttpRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:9/iam/v1/user/token/generate".into(),
        headers: vec![],
        body: None,
    };
    let response = HttpResponse {
        status: 200,
        reason: "OK".into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: token_body(json!(60)),
        time_ms: 1.0,
    };
    let got = set.check_exchange(&request, &response, Some("http://127.0.0.1:9/iam/v1"));
    assert_eq!(
        got,
        SchemaCheck::Pass {
            schema: Some("post_user_token_generate.200.json".into())
        }
    );
    let text = HttpResponse {
        headers: vec![("content-type".into(), "text/plain".into())],
        ..response
    };
    assert!(matches!(
        set.check_exchange(&request, &text, None),
        SchemaCheck::WrongContentType { .. }
    ));
}
const TOKEN_PATH: &str = "/iam/v1/user/token/generate";

fn token_body(expires_in: Value) -> Vec<u8> {
    json!({
        "ver": "1.0.0", "timestamp": "2026-11-25T20:00:00.000Z",
        "txnId": "0b5b2ad4-1b2a-4b43-a0b7-4f0fb3c9a2e1",
        "accessToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        "expiresIn": expires_in, "tokenType": "Bearer"
    })
    .to_string()
    .into_bytes()
}

#[test]
fn conforming_body_passes() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check(
        "post",
        TOKEN_PATH,
        Some("/iam/v1"),
        200,
        JSON,
        &token_body(json!(86400)),
    );
    assert_eq!(
        got,
        SchemaCheck::Pass {
            schema: Some("post_user_token_generate.200.json".into())
        }
    );
    assert_eq!(
        got.to_string(),
        "body conforms to post_user_token_generate.200.json"
    );
    assert!(!got.is_failure());
}

#[test]
fn wrong_type_fails_with_pointer_expected_and_actual() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check(
        "POST",
        TOKEN_PATH,
        None,
        200,
        JSON,
        &token_body(json!("86400")),
    );
    let SchemaCheck::Fail {
        schema,
        errors,
        diff,
    } = &got
    else {
        panic!("expected a failure, got {got:?}");
    };
    assert_eq!(schema, "post_user_token_generate.200.json");
    assert_eq!(
        errors,
        &vec![r#"/expiresIn: "86400" is not of type "integer""#.to_string()]
    );
    // This operation documents no example: the diff is against one assembled from the
    // schema's property examples.
    let diff = diff.as_ref().map(Diff::render_plain).unwrap_or_default();
    insta::assert_snapshot!(diff);
    assert_eq!(
        got.to_string(),
        "body does not conform to post_user_token_generate.200.json\n  \
         /expiresIn: \"86400\" is not of type \"integer\""
    );
}

#[test]
fn failure_against_a_documented_example_carries_a_diff() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check(
        "POST",
        "/iam/v1/entity/token/generate",
        None,
        200,
        JSON,
        &token_body(json!("86400")),
    );
    let SchemaCheck::Fail {
        diff: Some(diff), ..
    } = &got
    else {
        panic!("expected a failure with a diff, got {got:?}");
    };
    insta::assert_snapshot!(diff.render_plain());
}

#[test]
fn missing_required_field_fails() {
    let set = users();
    let body = json!({"status": "success", "data": {"createdAt": "2019-12-07T01:12:02.315Z"}});
    let got = set.check(
        "GET",
        "/api/v1/users/5a98/generateaccesstoken",
        None,
        200,
        JSON,
        body.to_string().as_bytes(),
    );
    let SchemaCheck::Fail { errors, diff, .. } = &got else {
        panic!("expected a failure, got {got:?}");
    };
    assert_eq!(
        errors,
        &vec![r#"/data: "token" is a required property"#.to_string()]
    );
    let diff = diff.as_ref().map(Diff::render_plain).unwrap_or_default();
    assert!(diff.contains("-    \"token\": <string>"), "{diff}");
}

#[test]
fn missing_field_at_root_and_nullable() {
    let set = users();
    let body = json!({"data": {"token": "t", "nickname": null}});
    let got = set.check(
        "GET",
        "/v1/users/5a98/generateaccesstoken?x=1",
        None,
        200,
        JSON,
        body.to_string().as_bytes(),
    );
    let SchemaCheck::Fail { errors, .. } = &got else {
        panic!("expected a failure, got {got:?}");
    };
    assert_eq!(
        errors,
        &vec![r#"(root): "status" is a required property"#.to_string()]
    );
}

#[test]
fn openapi_formats_are_asserted_unless_relaxed() {
    let set = users();
    let check = |set: &SchemaSet, data: Value| {
        let body = json!({"status": "success", "data": data}).to_string();
        set.check(
            "GET",
            "/v1/users/1/generateaccesstoken",
            None,
            200,
            JSON,
            body.as_bytes(),
        )
    };
    let good = json!({"token": "t", "count": i64::MAX, "blob": "YWI=", "nickname": null});
    assert!(!check(&set, good.clone()).is_failure());
    let bad = json!({"token": "t", "count": 9223372036854775808u64, "blob": "not base64!"});
    let SchemaCheck::Fail { errors, .. } = check(&set, bad.clone()) else {
        panic!("expected a failure");
    };
    assert_eq!(
        errors,
        vec![
            r#"/data/count: 9223372036854775808 is not a "int64""#.to_string(),
            r#"/data/blob: "not base64!" is not a "byte""#.to_string(),
        ]
    );
    let relaxed = users_with(LoadOptions { formats: false });
    assert!(!check(&relaxed, bad).is_failure());
}

#[test]
fn literal_routes_beat_parameters_and_statuses_fall_back_to_ranges() {
    let set = users();
    let me = set.check(
        "GET",
        "/v1/users/me/generateaccesstoken",
        None,
        200,
        JSON,
        b"{}",
    );
    // `/me` documents its 200 without content: a body is undocumented, no body passes.
    assert_eq!(
        me.to_string(),
        "GET /v1/users/me/generateaccesstoken answered 200 with a 2-byte body \
         (application/json); documented: no content"
    );
    assert!(me.is_failure());
    let me = set.check(
        "GET",
        "/v1/users/me/generateaccesstoken",
        None,
        200,
        None,
        b"",
    );
    assert_eq!(me, SchemaCheck::Pass { schema: None });
    let not_found = set.check(
        "GET",
        "/v1/users/x/generateaccesstoken",
        None,
        404,
        JSON,
        b"{}",
    );
    assert!(
        matches!(&not_found, SchemaCheck::Fail { schema, .. } if schema == "generateAccessToken.4XX.json")
    );
    let other = set.check(
        "GET",
        "/v1/users/x/generateaccesstoken",
        None,
        503,
        Some("text/plain; charset=utf-8"),
        b"down",
    );
    assert_eq!(other, SchemaCheck::Pass { schema: None });
    let empty = set.check(
        "GET",
        "/v1/users/x/generateaccesstoken",
        None,
        204,
        None,
        b"",
    );
    assert_eq!(empty, SchemaCheck::Pass { schema: None });
}

#[test]
fn undocumented_status() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check("POST", TOKEN_PATH, None, 500, JSON, b"{}");
    assert_eq!(
        got.to_string(),
        "POST /user/token/generate answered 500; documented: 200, 400, 401"
    );
    assert!(got.is_failure());
}

#[test]
fn wrong_content_type() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check(
        "POST",
        TOKEN_PATH,
        None,
        200,
        Some("text/html; charset=utf-8"),
        b"<html>",
    );
    assert_eq!(
        got.to_string(),
        "POST /user/token/generate answered 200 with content-type text/html; charset=utf-8; \
         documented: application/json"
    );
    let got = set.check("POST", TOKEN_PATH, None, 401, None, b"{}");
    assert_eq!(
        got.to_string(),
        "POST /user/token/generate answered 401 without a content-type; documented: application/json"
    );
    let ok = set.check(
        "POST",
        TOKEN_PATH,
        None,
        200,
        Some("Application/JSON; charset=UTF-8"),
        &token_body(json!(1)),
    );
    assert!(!ok.is_failure(), "{ok}");
}

#[test]
fn non_json_bodies() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let check = |body: &[u8]| {
        set.check("POST", TOKEN_PATH, None, 200, JSON, body)
            .to_string()
    };
    assert_eq!(
        check(b"<html>oops</html>"),
        "body is not json: expected value at line 1 column 1"
    );
    assert_eq!(check(b""), "body is not json: empty body");
    assert_eq!(
        check(b"{\"a\": \"\xff\"}"),
        "body is not json: invalid utf-8 at byte 7"
    );
    assert_eq!(
        check(b"{\"a\": 1"),
        "body is not json: EOF while parsing an object at line 1 column 7"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_is_a_failed_check() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let mut body = "[".repeat(10_000);
    body.push_str(&"]".repeat(10_000));
    let got = set.check("POST", TOKEN_PATH, None, 200, JSON, body.as_bytes());
    assert_eq!(
        got.to_string(),
        "body is not json: recursion limit exceeded at line 1 column 128"
    );
    let mut body = "{\"a\":".repeat(10_000);
    body.push('1');
    body.push_str(&"}".repeat(10_000));
    let got = set.check("POST", TOKEN_PATH, None, 200, JSON, body.as_bytes());
    assert!(matches!(got, SchemaCheck::NotJson { .. }), "{got}");
}

#[test]
fn fifty_mib_body_is_checked_without_a_diff() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let huge = "x".repeat(50 << 20);
    let body = json!({"accessToken": huge, "expiresIn": "1"}).to_string();
    let got = set.check(
        "POST",
        "/iam/v1/entity/token/generate",
        None,
        200,
        JSON,
        body.as_bytes(),
    );
    assert_eq!(
        got,
        SchemaCheck::Fail {
            schema: "post_entity_token_generate.200.json".into(),
            errors: vec![r#"/expiresIn: "1" is not of type "integer""#.into()],
            diff: None,
        }
    );
    let body = json!({"expiresIn": huge}).to_string();
    let got = set.check("POST", TOKEN_PATH, None, 200, JSON, body.as_bytes());
    assert_eq!(
        got.to_string(),
        format!(
            "body does not conform to post_user_token_generate.200.json\n  \
             /expiresIn: \"{}…\" is not of type \"integer\"",
            "x".repeat(80)
        )
    );
    let junk = vec![b'x'; 50 << 20];
    assert!(matches!(
        set.check("POST", TOKEN_PATH, None, 200, JSON, &junk),
        SchemaCheck::NotJson { .. }
    ));
}

#[test]
fn long_values_in_messages_are_cut() {
    let set = users();
    let body = json!({"status": "s".repeat(1000), "data": {"token": "t"}});
    let got = set.check(
        "GET",
        "/v1/users/1/generateaccesstoken",
        None,
        200,
        JSON,
        body.to_string().as_bytes(),
    );
    let SchemaCheck::Fail { errors, .. } = &got else {
        panic!("expected a failure, got {got:?}");
    };
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("/status: \"{}…\"", "s".repeat(80))),
        "{}",
        errors[0]
    );
    assert!(errors[0].len() < 200);
}

#[test]
fn formats_are_asserted_unless_relaxed() {
    let body = json!({"timestamp": "yesterday"}).to_string();
    let (Some(strict_set), Some(relaxed_set)) = (
        iam(LoadOptions::default()),
        iam(LoadOptions { formats: false }),
    ) else {
        return;
    };
    let strict = strict_set.check("POST", TOKEN_PATH, None, 200, JSON, body.as_bytes());
    let SchemaCheck::Fail { errors, .. } = &strict else {
        panic!("expected a failure, got {strict:?}");
    };
    assert_eq!(
        errors,
        &vec![r#"/timestamp: "yesterday" is not a "date-time""#.to_string()]
    );
    let relaxed = relaxed_set.check("POST", TOKEN_PATH, None, 200, JSON, body.as_bytes());
    assert!(!relaxed.is_failure(), "{relaxed}");
}

#[test]
fn unmatched_operation_is_unchecked() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let got = set.check(
        "GET",
        "/iam/v1/user/token/generate?a=b",
        None,
        200,
        JSON,
        b"{}",
    );
    assert_eq!(
        got.to_string(),
        "no documented operation for GET /iam/v1/user/token/generate"
    );
    assert!(!got.is_failure());
}

#[test]
fn coverage_lists_exercised_and_never_reached() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    set.check("POST", TOKEN_PATH, None, 200, JSON, &token_body(json!(1)));
    set.check("POST", TOKEN_PATH, None, 401, JSON, b"not json");
    set.check("POST", TOKEN_PATH, None, 500, JSON, b"{}");
    let cov = set.coverage();
    let short = |items: &[crate::schema::CoverageItem]| {
        items
            .iter()
            .map(|i| format!("{} {} {}", i.method, i.path, i.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        short(&cov.exercised),
        vec![
            "POST /user/token/generate 200",
            "POST /user/token/generate 401"
        ]
    );
    assert_eq!(cov.never_reached.len(), 10);
    assert!(short(&cov.never_reached).contains(&"POST /user/token/generate 400".to_string()));
}

#[test]
fn schemas_dir_and_spec_give_the_same_answers() {
    assert!(
        real_spec().is_file(),
        "the Sahamati spec is needed: {} is absent (the shared reference inputs)",
        real_spec().display()
    );
    // Derived files on disk (without the shipped overlay) answer as the spec itself does.
    let dir = std::env::temp_dir().join(format!("conform-derived-{}", std::process::id()));
    derive(&real_spec())
        .unwrap()
        .write(&dir.join("iam"))
        .unwrap();
    let from_dir = SchemaSet::load(&[dir.join("iam")], &[], LoadOptions::default()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let Some(from_spec) = iam(LoadOptions::default()) else {
        return;
    };
    for (status, body) in [
        (200, token_body(json!("x"))),
        (200, token_body(json!(2))),
        (400, b"[]".to_vec()),
    ] {
        assert_eq!(
            from_dir.check("POST", TOKEN_PATH, None, status, JSON, &body),
            from_spec.check("POST", TOKEN_PATH, None, status, JSON, &body)
        );
    }
    assert!(derive(&real_spec()).is_ok());
}

/// Prints, does not assert, the time to validate a ~1 MiB body (debug builds are slow).
#[test]
fn bench_one_mib_body() {
    let Some(set) = iam(LoadOptions::default()) else {
        return;
    };
    let entry = json!({"ver": "1.0.0", "timestamp": "2026-11-25T20:00:00Z", "txnId": "t",
                       "accessToken": "a".repeat(200), "expiresIn": 1, "tokenType": "Bearer"});
    let mut items = Vec::new();
    while serde_json::to_vec(&items).map_or(0, |v| v.len()) < (1 << 20) {
        items.extend(std::iter::repeat_n(entry.clone(), 256));
    }
    let body = serde_json::to_vec(&json!({"accessToken": "x", "items": items})).unwrap_or_default();
    let start = std::time::Instant::now();
    let got = set.check("POST", TOKEN_PATH, None, 200, JSON, &body);
    println!(
        "validated {} bytes in {:?}: {}",
        body.len(),
        start.elapsed(),
        got
    );
    assert!(!got.is_failure());
}
