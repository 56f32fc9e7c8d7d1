//! Issue 13, point 1: the contracts conform ships apply wherever it runs (not only inside this
//! repository), the run says which contracts it used, and warns when none applied.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::path::Path;

const TOKEN: &str = "/iam/v1/user/token/generate";

/// A user token answer as the Sahamati spec documents it, with `expiresIn` as given.
fn token(expires_in: Value) -> Value {
    json!({"ver": "1.0.0", "timestamp": "2024-10-10T10:33:56.177Z",
        "txnId": "a3229d47-c50c-4ce5-8aa2-9325dcdfe1b8", "accessToken": "a.b.c",
        "expiresIn": expires_in, "refreshExpiresIn": 0, "tokenType": "Bearer",
        "notBeforePolicy": 0, "scope": "email"})
}

/// Runs one POST to `path` from a fresh folder outside the repository (no ./schemas there).
fn run_from_user_folder(path: &str, reply: Reply, extra: &[&str]) -> (Run, tempfile::TempDir) {
    let server = TestServer::start_blocking(Routes::new().post(path, reply));
    let dir = tempfile::tempdir().unwrap();
    assert!(!dir.path().join("schemas").exists());
    let url = format!("https://sandbox.example{path}");
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "user",
            json!([item("User Token", json!({"method": "POST", "url": url}))]),
        ),
    );
    let base = server.url();
    let mut args = vec!["run", "c.json", "--base-url", &base];
    args.extend_from_slice(extra);
    (conform(dir.path(), &args), dir)
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("reports/report.json")).unwrap())
        .unwrap()
}

#[test]
fn shipped_contracts_catch_a_wrong_type_from_a_users_own_folder() {
    let (run, dir) = run_from_user_folder(TOKEN, Reply::json(token(json!("86400"))), &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        status_of(&run, "user::User Token"),
        Some("FAILED"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("body does not conform to post_user_token_generate.200.json"),
        "{run:?}"
    );
    assert!(run.stdout.contains("/expiresIn"), "{run:?}");
    assert!(
        run.stdout
            .contains("contracts in use: sahamati-iam (built in); they cover 1 of 1 responses"),
        "{run:?}"
    );
    let cov = &report(dir.path())["coverage"];
    assert_eq!(cov["contracts"][0]["name"], "sahamati-iam", "{cov}");
    assert_eq!(cov["contracts"][0]["origin"], "built in", "{cov}");
    assert_eq!(cov["contracts"][0]["responses"], 1, "{cov}");
    // Only the API the run touched is counted: 12 documented responses, not the 16+ shipped.
    let total =
        cov["exercised"].as_array().unwrap().len() + cov["never_reached"].as_array().unwrap().len();
    assert_eq!(total, 12, "{cov}");
}

#[test]
fn a_conforming_answer_passes_from_a_users_own_folder() {
    let (run, _dir) = run_from_user_folder(TOKEN, Reply::json(token(json!(86400))), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("contracts in use: sahamati-iam (built in)")
    );
    assert!(!run.stderr.contains("no contract covers"), "{run:?}");
}

#[test]
fn without_builtin_contracts_the_run_warns_that_only_the_tests_ran() {
    let (run, _dir) = run_from_user_folder(
        TOKEN,
        Reply::json(token(json!("86400"))),
        &["--no-builtin-schemas"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "warning: no contract covers these requests: only the collection's own tests ran"
        ),
        "{run:?}"
    );
    assert!(!run.stdout.contains("contracts in use"), "{run:?}");
}

#[test]
fn a_request_no_contract_documents_warns_once_and_is_not_marked_unchecked() {
    let (run, dir) = run_from_user_folder("/v9/orders", Reply::json(json!({"id": 1})), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr
            .matches("no contract covers these requests")
            .count(),
        1,
        "{run:?}"
    );
    let r = report(dir.path());
    assert_eq!(r["coverage"]["contracts"], json!([]), "{r}");
    assert_eq!(r["summary"]["unchecked"], 0, "{r}");
}

#[test]
fn a_local_schemas_folder_of_the_same_name_replaces_the_shipped_contract() {
    let server =
        TestServer::start_blocking(Routes::new().post(TOKEN, Reply::json(token(json!("86400")))));
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("schemas/sahamati-iam");
    std::fs::create_dir_all(&api).unwrap();
    write_json(
        &api,
        "index.json",
        &json!({"spec": "mine.yaml", "basePaths": ["/iam/v1"], "entries": [
            {"method": "POST", "path": "/user/token/generate", "status": "200",
             "mediaType": "application/json", "schema": "token.json"}]}),
    );
    write_json(
        &api,
        "token.json",
        &json!({"$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object", "properties": {"expiresIn": {"type": "string"}}}),
    );
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "user",
            json!([item(
                "User Token",
                json!({"method": "POST", "url": format!("https://x{TOKEN}")})
            )]),
        ),
    );
    let base = server.url();
    let run = conform(dir.path(), &["run", "c.json", "--base-url", &base]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("contracts in use: sahamati-iam (schemas/sahamati-iam)"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("(built in)"), "{run:?}");
}
