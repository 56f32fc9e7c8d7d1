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
    // globals < collection < environment < iteration data; --env-var overrides the file. An
    // environment value with `enabled: false` is used all the same, as Newman 6.2.2 does
    // (tests/newman, environment_disabled).
    assert_eq!(
        server.requests()[0].target,
        "/p?g=disabled-env&c=collection&e=environment&d=data&cli=command-line"
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

/// Issue 11.3: as Newman, an unresolved `{{name}}` is sent as written, with a warning naming
/// it and where it was left; `--strict-variables` refuses the run before anything is sent.
#[test]
fn an_unresolved_variable_is_sent_as_written_with_a_warning_and_strict_variables_refuses() {
    let items = json!([
        item(
            "User Token",
            json!({"method": "POST", "url": "http://h/login",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "password", "value": "{{password}}"}]}})
        ),
        item(
            "next",
            json!({"method": "GET", "url": "http://h/next?v={{empty}}"})
        )
    ]);
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.json").display().to_string();
    let (run, seen) = run_items(
        items.clone(),
        &["--env-var", "empty=", "--reporter-json-export", &report],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // The warning is also a console line of that execution in the reports.
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(
        json["executions"][0]["console"][0],
        "warn: unresolved {{password}} in body of 'User Token'"
    );
    assert_eq!(seen.len(), 2, "{run:?}");
    assert_eq!(seen[0].body_text(), "password=%7B%7Bpassword%7D%7D");
    assert!(
        run.stderr
            .contains("warning: unresolved {{password}} in body of 'User Token'"),
        "{run:?}"
    );
    // The preflight lists every unset or empty variable with the requests using it.
    assert!(
        run.stderr
            .contains("{{password}} (unset): body of 'c::User Token'")
            && run.stderr.contains("{{empty}} (empty): url of 'c::next'"),
        "{run:?}"
    );
    // --allow-unresolved is still accepted (the default now).
    let (run, seen) = run_items(items.clone(), &["--allow-unresolved"]);
    assert_eq!((run.code, seen.len()), (0, 2), "{run:?}");

    // A set variable whose value names an unset one: the unset one is reported.
    let mut items = items;
    items[1]["request"]["url"] = json!("http://h/next?v={{empty}}&o={{outer}}");
    let (run, seen) = run_items(
        items,
        &[
            "--strict-variables",
            "--env-var",
            "empty=",
            "--env-var",
            "outer=a{{inner}}",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(seen.is_empty(), "nothing is sent: {seen:?}");
    assert!(
        run.stderr.contains("{{inner}} (unset): url of 'c::next'")
            && !run.stderr.contains("{{outer}}"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("--strict-variables: 3 variable(s)")
            && run
                .stderr
                .contains("{{password}} (unset): body of 'c::User Token'")
            && run.stderr.contains("{{empty}} (empty): url of 'c::next'"),
        "{run:?}"
    );
}

/// A variable a script sets before its request is not reported by the preflight, and
/// `--strict-variables` still fails a request whose variable stays unresolved at build time.
#[test]
fn strict_variables_trusts_script_set_names_but_fails_what_stays_unresolved() {
    let items = json!([
        {"name": "login", "request": {"method": "GET", "url": "http://h/login"},
         "event": [{"listen": "test", "script": {"exec": ["pm.environment.set('token', 'abc');"]}}]},
        item("use", json!({"method": "GET", "url": "http://h/use?t={{token}}&s={{later}}"})),
        {"name": "never sets", "request": {"method": "GET", "url": "http://h/x"},
         "event": [{"listen": "test", "script": {"exec": ["if (false) pm.environment.set('later', 1);"]}}]}
    ]);
    let (run, seen) = run_items(items, &["--strict-variables"]);
    assert!(!run.stderr.contains("(unset)"), "{run:?}");
    assert_eq!(seen.len(), 2, "{run:?}");
    assert_eq!(seen[0].path(), "/login");
    assert_eq!(seen[1].path(), "/x");
    assert!(
        run.stdout.contains("unresolved variable {{later}} in url"),
        "{run:?}"
    );
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
