//! Issue 2: URLs, path variables, query encoding, `--base-url`, variable scopes and precedence,
//! nested and dynamic variables, unresolved variables.

use crate::common::*;
use serde_json::json;

#[test]
fn url_objects_with_path_variables_and_disabled_query_are_joined_and_encoded() {
    let url = json!({
        "raw": "ignored when parts are present",
        "protocol": "https", "host": ["api", "example", "in"],
        "path": ["v1", "users", ":userId", "generateaccesstoken"],
        "query": [
            {"key": "accountId", "value": "{{acct}}"},
            {"key": "note", "value": "a b<c>\"d'"},
            {"key": "off", "value": "1", "disabled": true},
            {"key": "flag", "value": null}
        ],
        "hash": "section",
        "variable": [{"key": "userId", "value": "5a98 é"}]
    });
    let (run, seen) = run_items(
        json!([item("r", json!({"method": "GET", "url": url}))]),
        // The echo answers no documented access-token shape; the URL is the point.
        &["--env-var", "acct=7&8", "--no-builtin-schemas"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // A variable holding `&` becomes URL structure, as in Postman (resolution precedes parsing).
    assert_eq!(
        seen[0].target,
        "/v1/users/5a98%20%C3%A9/generateaccesstoken?accountId=7&8&note=a%20b%3Cc%3E%22d%27&flag"
    );
}

#[test]
fn raw_url_strings_and_base_url_with_and_without_a_path() {
    let items = json!([
        item(
            "plain",
            json!({"method": "GET", "url": "{{host}}/iam/v1/user/token/generate?x=1"})
        ),
        item("no scheme", json!("api.example.in/v1/ping"))
    ]);
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &collection("c", items));
    let with_path = format!("{}/mock/", server.url());
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--env-var",
            "host=https://api.sandbox.example.in",
            "--base-url",
            &with_path,
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen[0].target, "/mock/iam/v1/user/token/generate?x=1");
    assert_eq!(seen[1].target, "/mock/v1/ping");
    assert_eq!(
        seen[0].header("host"),
        Some(server.url().trim_start_matches("http://"))
    );
    // The rewritten URL is what the report shows.
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--env-var",
            "host=https://api.sandbox.example.in",
            "--base-url",
            &server.url(),
            "--",
            "plain",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        server.requests().last().unwrap().target,
        "/iam/v1/user/token/generate?x=1"
    );
}

#[test]
fn scopes_follow_postman_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let mut coll = collection(
        "c",
        json!([item(
            "r",
            json!({"method": "GET",
        "url": "http://h/p?g={{g}}&c={{c}}&e={{e}}&d={{d}}&cli={{cli}}"})
        )]),
    );
    coll["variable"] = json!([
        {"key": "g", "value": "collection"}, {"key": "c", "value": "collection"},
        {"key": "e", "value": "collection"}, {"key": "d", "value": "collection"},
        {"key": "off", "value": "x", "disabled": true}
    ]);
    write_json(dir.path(), "c.json", &coll);
    write_json(
        dir.path(),
        "globals.json",
        &json!({"name": "g", "values": [
            {"key": "g", "value": "global", "enabled": true},
            {"key": "c", "value": "global", "enabled": true}
        ]}),
    );
    write_json(
        dir.path(),
        "env.json",
        &json!({"name": "e", "values": [
            {"key": "e", "value": "environment", "enabled": true},
            {"key": "d", "value": "environment", "enabled": true},
            {"key": "cli", "value": "environment", "enabled": true},
            {"key": "g", "value": "disabled-env", "enabled": false}
        ]}),
    );
    std::fs::write(dir.path().join("data.csv"), "d\ndata\n").unwrap();
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "-g",
            "globals.json",
            "-e",
            "env.json",
            "-d",
            "data.csv",
            "--env-var",
            "cli=command-line",
            "--base-url",
            &base,
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // globals < collection < environment < iteration data; --env-var overrides the file.
    assert_eq!(
        server.requests()[0].target,
        "/p?g=collection&c=collection&e=environment&d=data&cli=command-line"
    );
}

#[test]
fn nested_and_dynamic_variables_resolve() {
    let (run, seen) = run_items(
        json!([item(
            "r",
            json!({"method": "POST", "url": "http://h/{{path}}",
            "header": [{"key": "X-Request-Id", "value": "{{$guid}}"}, {"key": "X-Ts", "value": "{{$timestamp}}"}],
            "body": {"mode": "raw", "raw": "{{$randomInt}}|{{$randomInt}}|{{greeting}}"}})
        )]),
        &[
            "--env-var",
            "path={{v}}/users",
            "--env-var",
            "v=v2",
            "--env-var",
            "greeting=hi {{name}}",
            "--env-var",
            "name=Asha",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].target, "/v2/users");
    let id = seen[0].header("x-request-id").unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
    let ts: u64 = seen[0].header("x-ts").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now.abs_diff(ts) < 60);
    let body = seen[0].body_text();
    let parts: Vec<&str> = body.split('|').collect();
    assert!(parts[0].parse::<u32>().unwrap() <= 1000);
    assert_eq!(parts[2], "hi Asha");
}

#[test]
fn an_unresolved_variable_fails_its_request_with_the_place_and_allow_unresolved_sends_it() {
    let items = json!([
        item(
            "login",
            json!({"method": "POST", "url": "http://h/login",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "password", "value": "{{password}}"}]}})
        ),
        item("next", json!({"method": "GET", "url": "http://h/next"}))
    ]);
    let (run, seen) = run_items(items.clone(), &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout
            .contains("unresolved variable {{password}} in body"),
        "{run:?}"
    );
    assert_eq!(
        seen.len(),
        1,
        "the failing request is not sent, the next one is"
    );
    let (run, seen) = run_items(items, &["--allow-unresolved"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen[0].body_text(), "password=%7B%7Bpassword%7D%7D");
}

#[test]
fn a_self_referencing_variable_does_not_hang() {
    let (run, seen) = run_items(
        json!([item(
            "r",
            json!({"method": "GET", "url": "http://h/x?v={{loop}}"})
        )]),
        &["--env-var", "loop=a{{loop}}", "--allow-unresolved"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        seen[0].target.starts_with("/x?v=aaaa"),
        "{}",
        seen[0].target
    );
}
