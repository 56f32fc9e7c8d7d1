//! Issue 16, the audit: the hostile cases the issue names that no earlier test tried, each run
//! against the binary on loopback. Secrets in every scope a failing pre-request script can see,
//! every auth type typed straight into its block, a real `| head -1`, hostile names on a real
//! terminal, control bytes straight off the wire, a Referer that must not carry a query
//! credential to another host, the run's limits against long builtins, script timers, chained
//! side requests and Ctrl-C, an endless compressed body under a raised size cap, long names in
//! every place a name can be, and body files named the ways the issue names them.

use crate::common::*;
use crate::hardening_secrets::{embedded_base64, encodings};
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// stdout, stderr and every file under `dir/reports` and `dir/out`.
fn written(dir: &Path, run: &Run) -> Vec<(String, String)> {
    crate::hardening_secrets::everything_written(dir, run)
}

fn assert_nowhere(all: &[(String, String)], secrets: &[&str]) {
    for secret in secrets {
        let mut forms = encodings(secret);
        forms.extend(embedded_base64(secret));
        for form in &forms {
            for (name, text) in all {
                assert!(
                    !text.contains(form.as_str()),
                    "secret {secret:?} leaked as {form:?} into {name}:\n{text}"
                );
            }
        }
    }
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("reports/report.json")).unwrap())
        .unwrap()
}

const ALL_OUT: [&str; 8] = [
    "--reporters",
    "cli,junit,json,html",
    "--verbose",
    "--nocapture",
    "--export-environment",
    "out/env.json",
    "--export-globals",
    "out/globals.json",
];

/// 16.1: the pre-request script fails (a throw, not an assertion) before the request is
/// built, with secrets from an environment file (by name, not type), a globals file (by type),
/// --global-var, and ones the script itself puts in the globals, the collection and the locals.
#[test]
fn a_throwing_prerequest_script_leaks_no_secret_from_any_scope() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "env.json",
        &json!({"name": "uat", "values": [
            {"key": "iam_password", "value": "EnvFile iam/pw+1@x", "enabled": true}
        ]}),
    );
    write_json(
        dir.path(),
        "globals.json",
        &json!({"name": "g", "values": [
            {"key": "opaque_g", "value": "GlobFile typed~2", "type": "secret", "enabled": true}
        ]}),
    );
    let items = json!([
        {"name": "pre", "request": {"method": "POST", "url": "http://h/pre?a={{iam_password}}&b={{opaque_g}}&c={{api_token}}",
            "body": {"mode": "raw", "raw": "{\"r\": \"{{refresh_token}}\", \"s\": \"{{client_secret}}\", \"m\": \"{{my_password}}\"}"}},
         "event": [{"listen": "prerequest", "script": {"exec": [
            "pm.globals.set('refresh_token', 'ScriptGlob rt=3');",
            "pm.collectionVariables.set('my_password', 'ScriptColl pw 4');",
            "pm.variables.set('client_secret', 'ScriptLocal cs/5');",
            "var all = ['iam_password', 'opaque_g', 'api_token', 'refresh_token', 'my_password', 'client_secret']",
            "  .map(function (k) { return pm.variables.get(k); });",
            "console.log.apply(console, all);",
            "console.warn(JSON.stringify(all), btoa(all.join(':')), encodeURIComponent(all.join('&')));",
            "throw new Error('cannot sign with ' + all.join(' and '));"
         ]}}]},
        {"name": "test", "request": {"method": "GET", "url": "http://h/t?x={{refresh_token}}"},
         "event": [{"listen": "test", "script": {"exec": [
            "pm.test('echo', function () { pm.expect(pm.response.text()).to.equal(''); });",
            "throw new Error(pm.globals.get('refresh_token') + pm.environment.get('iam_password'));"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let mut args = vec![
        "run",
        "c.json",
        "-e",
        "env.json",
        "-g",
        "globals.json",
        "--base-url",
        &base,
        "--global-var",
        "api_token=GlobVar tok 6",
    ];
    args.extend(ALL_OUT);
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "{run:?}");
    // The secrets really went out: the masking below is not vacuous.
    assert!(
        seen[0].body_text().contains("ScriptLocal cs/5"),
        "{:?}",
        seen[0]
    );
    assert!(run.all().contains("cannot sign with ***"), "{run:?}");
    let all = written(dir.path(), &run);
    assert!(all.len() >= 7, "every report and export was written");
    assert_nowhere(
        &all,
        &[
            "EnvFile iam/pw+1@x",
            "GlobFile typed~2",
            "ScriptGlob rt=3",
            "ScriptColl pw 4",
            "ScriptLocal cs/5",
            "GlobVar tok 6",
        ],
    );
}

/// 16.3: every auth type with its credentials typed into the block (no variable), echoed back
/// by the server and printed by a failing test and the script's console.
#[test]
fn credentials_typed_into_every_auth_type_are_masked() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let auths = [
        ("basic", json!({"username": "u", "password": "BASIC-pw-11"})),
        (
            "digest",
            json!({"username": "u", "password": "DIGEST-pw-12", "realm": "r", "nonce": "n", "algorithm": "MD5"}),
        ),
        (
            "hawk",
            json!({"authId": "id", "authKey": "HAWK-key-13", "algorithm": "sha256"}),
        ),
        (
            "jwt",
            json!({"secret": "JWT-secret-14", "algorithm": "HS256", "payload": "{}", "addTokenTo": "header"}),
        ),
        (
            "edgegrid",
            json!({"accessToken": "EG-at-15", "clientToken": "EG-ct-16", "clientSecret": "EG-cs-17"}),
        ),
        ("ntlm", json!({"username": "u", "password": "NTLM-pw-18"})),
        (
            "oauth1",
            json!({"consumerKey": "ck", "consumerSecret": "OA1-cs-19", "token": "OA1-t-20",
                   "tokenSecret": "OA1-ts-21", "signatureMethod": "HMAC-SHA1", "addParamsToHeader": false}),
        ),
        (
            "awsv4",
            json!({"accessKey": "AKID", "secretKey": "AWS-sk-22", "sessionToken": "AWS-st-23",
                   "region": "us-east-1", "service": "s3"}),
        ),
        ("bearer", json!({"token": "BEARER-24"})),
        (
            "apikey",
            json!({"key": "X-K", "value": "APIKEY-25", "in": "header"}),
        ),
        (
            "oauth2",
            json!({"accessToken": "OA2-26", "addTokenTo": "queryParams"}),
        ),
    ];
    let items: Vec<Value> = auths
        .iter()
        .map(|(kind, params)| {
            let block: Vec<Value> = params
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v}))
                .collect();
            json!({"name": kind, "request": {"method": "GET", "url": format!("http://h/{kind}"),
                "auth": {"type": kind, *kind: block}},
             "event": [{"listen": "test", "script": {"exec": [
                "console.log(pm.request.headers.toString(), pm.request.url.toString(), JSON.stringify(pm.request));",
                "pm.test('echo', function () { pm.expect(pm.response.text()).to.equal(''); });"
             ]}}]})
        })
        .collect();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let base = server.url();
    let mut args = vec!["run", "c.json", "--base-url", &base];
    args.extend(ALL_OUT);
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), auths.len(), "{run:?}");
    // Those that put a credential on the wire did: the echo holds it.
    assert_eq!(seen[8].header("authorization"), Some("Bearer BEARER-24"));
    assert_eq!(seen[9].header("x-k"), Some("APIKEY-25"));
    assert!(seen[10].query().unwrap_or("").contains("OA2-26"));
    assert!(seen[6].query().unwrap_or("").contains("OA1-t-20"));
    let all = written(dir.path(), &run);
    assert_nowhere(
        &all,
        &[
            "BASIC-pw-11",
            "u:BASIC-pw-11",
            "DIGEST-pw-12",
            "HAWK-key-13",
            "JWT-secret-14",
            "EG-at-15",
            "EG-ct-16",
            "EG-cs-17",
            "NTLM-pw-18",
            "OA1-cs-19",
            "OA1-t-20",
            "OA1-ts-21",
            "AWS-sk-22",
            "AWS-st-23",
            "BEARER-24",
            "APIKEY-25",
            "OA2-26",
        ],
    );
}

/// 16.3: a token learned from a response header is masked in the exported environment, and
/// --export-secrets is the opt-in that writes it.
#[test]
fn export_secrets_is_the_only_way_a_learned_token_reaches_an_export() {
    let server = TestServer::start_blocking(Routes::new().post(
        "/login",
        Reply::Raw {
            status: 200,
            headers: vec![("X-Auth-Token".into(), "HDR-learned-31".into())],
            body: b"{\"id_token\": \"BODY-learned-32\"}".to_vec(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": "login", "request": {"method": "POST", "url": "http://h/login"},
         "event": [{"listen": "test", "script": {"exec": [
            "pm.environment.set('h', pm.response.headers.get('X-Auth-Token'));",
            "pm.environment.set('b', pm.response.json().id_token);"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let values = |file: &str| -> String { std::fs::read_to_string(dir.path().join(file)).unwrap() };
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--export-environment",
            "masked.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let masked = values("masked.json");
    assert!(!masked.contains("HDR-learned-31"), "{masked}");
    assert!(!masked.contains("BODY-learned-32"), "{masked}");
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--export-environment",
            "clear.json",
            "--export-secrets",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let clear = values("clear.json");
    assert!(clear.contains("HDR-learned-31"), "{clear}");
    assert!(clear.contains("BODY-learned-32"), "{clear}");
    assert!(!run.all().contains("learned-3"), "{run:?}");
}

/// 16.4, literally: `conform run … | head -1` through a shell, on a failing run: the shell
/// gets its line, conform its own exit code (not 101, not a signal) and its reports.
#[test]
fn a_real_pipe_into_head_keeps_the_exit_code_and_the_reports() {
    let server = TestServer::start_blocking(Routes::new().get("/bad", Reply::Json(400, json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<Value> = (0..30)
        .map(|i| {
            json!({"name": format!("r{i}"), "request": {"method": "GET", "url": format!("http://h/bad?i={i}")},
                "event": [{"listen": "test", "script": {"exec": [
                    "pm.test('ok', function () { pm.response.to.have.status(200); });"
                ]}}]})
        })
        .collect();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let bin = env!("CARGO_BIN_EXE_conform");
    let base = server.url();
    for tail in [
        format!("'{bin}' run c.json --base-url {base} | head -1"),
        format!("'{bin}' run c.json --base-url {base} -v 2>&1 >/dev/null | head -1"),
    ] {
        let script = format!("{tail}; echo \"conform exited ${{PIPESTATUS[0]}}\"");
        let out = Command::new("bash")
            .args(["-c", &script])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stdout.contains("conform exited 1"),
            "{tail}\n{stdout}\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(stdout.lines().count(), 2, "head's line and ours: {stdout}");
        let r = report(dir.path());
        assert_eq!(r["summary"]["failed"], 30, "{r}");
        std::fs::remove_dir_all(dir.path().join("reports")).unwrap();
    }
}

const ESCAPES: &str =
    "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]8;;http://evil/\u{1b}\\\u{9b}31m";

/// What a hostile collection or server could make a terminal do, if it got through raw.
const HOSTILE: [&str; 6] = [
    "\u{1b}]0;",
    "\u{1b}[2J",
    "\u{1b}]52;",
    "\u{1b}]8;",
    "\u{7}",
    "\u{9b}",
];

/// 16.5 on a real terminal (a pty from util-linux `script`, where the progress line and colours
/// are on): hostile collection, folder, request and test names, console lines, a script error
/// and a response body, with -v and GitHub annotations.
#[test]
fn hostile_names_and_bodies_on_a_real_terminal_are_made_visible() {
    let body = format!("{{\"m\":\"{ESCAPES}\"}}");
    let server = TestServer::start_blocking(Routes::new().get(
        "/evil",
        Reply::Raw {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into_bytes(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let coll = json!({
        "info": {"name": format!("c{ESCAPES}"),
                 "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": format!("folder{ESCAPES}"), "item": [
            {"name": format!("req{ESCAPES}"), "request": {"method": "GET", "url": "http://h/evil"},
             "event": [{"listen": "test", "script": {"exec": [
                "var esc = String.fromCharCode(27), bel = String.fromCharCode(7);",
                "console.log('log' + esc + ']52;c;eA==' + bel, pm.response.text());",
                "pm.test('t' + esc + '[2J' + esc + ']0;T' + bel, function () { pm.expect(pm.response.text()).to.equal('x'); });",
                "throw new Error('boom' + esc + ']8;;http://evil/' + esc + '\\\\');"
             ]}}]}
        ]}]
    });
    write_json(dir.path(), "c.json", &coll);
    let bin = env!("CARGO_BIN_EXE_conform");
    let base = server.url();
    let command = format!(
        "stty cols 100 rows 50; '{bin}' run c.json --base-url {base} -v --nocapture \
         --reporters cli,junit,json,html"
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("util-linux `script` runs (the pty for this test)");
    let tty = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{tty}");
    assert_eq!(server.requests().len(), 1, "{tty}");
    for raw in HOSTILE {
        assert!(
            !tty.contains(raw),
            "{raw:?} reached the terminal raw:\n{tty}"
        );
    }
    // Made visible, not dropped: the terminal shows what the server and collection sent.
    for shown in [
        "req\\u{1b}]0;PWNED\\u{7}",
        "t\\u{1b}[2J",
        "log\\u{1b}]52;c;eA==",
        "boom\\u{1b}]8;;http://evil/",
        "\\u{9b}31m",
        "::error title=c\\u{1b}",
    ] {
        assert!(tty.contains(shown), "{shown} not shown:\n{tty}");
    }
}

/// 16.5 off the wire: a raw ESC in a header value is refused as a malformed response (one
/// line, made visible if quoted at all); C1 controls in the reason phrase and a header value
/// (valid obs-text) are shown escaped in -v and never raw.
#[test]
fn control_bytes_straight_off_the_wire_never_reach_the_console() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get(
                "/esc-header",
                Reply::Wire(
                    b"HTTP/1.1 200 OK\r\nX-Evil: a\x1b]0;TITLE\x07b\x1b[2J\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .to_vec(),
                ),
            )
            .get(
                "/c1",
                Reply::Wire(
                    "HTTP/1.1 500 Bad\u{9b}2J\u{9d}0;TITLE\u{9c}\r\nX-C1: v\u{9b}31m\u{9d}52;c;ZXZpbA==\u{9c}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .as_bytes()
                        .to_vec(),
                ),
            ),
    );
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": "esc", "request": {"method": "GET", "url": "http://h/esc-header"}},
        {"name": "c1", "request": {"method": "GET", "url": "http://h/c1"},
         "event": [{"listen": "test", "script": {"exec": [
            "console.log(pm.response.status, pm.response.headers.get('X-C1'));",
            "pm.test('status ' + pm.response.status, function () { pm.response.to.have.status(200); });"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform_env(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "-v", "--nocapture"],
        &[("GITHUB_ACTIONS", "true")],
    );
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .collect();
        assert!(raw.is_empty(), "raw control {raw:?} in {stream}:\n{text}");
    }
    assert_eq!(status_of(&run, "c::esc"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("invalid header value"), "{run:?}");
    assert!(
        run.stderr
            .contains("X-C1: v\\u{9b}31m\\u{9d}52;c;ZXZpbA==\\u{9c}"),
        "{run:?}"
    );
}

/// 16.6: a redirect to another host name (127.0.0.1 to localhost) carries no Cookie, no apikey
/// header, no apikey query parameter, and no Referer that names the query credential; a
/// collection's own non-credential header and query still go.
#[test]
fn a_redirect_to_another_host_carries_no_cookie_apikey_or_referer_credential() {
    let other = TestServer::start_blocking(Routes::new());
    let target = other.localhost_url();
    let jar_to = format!("{target}/landed");
    let origin = TestServer::start_blocking(
        Routes::new()
            .any(
                "/start",
                Reply::func(move |r: &Recorded| {
                    let q = r.query().map(|q| format!("?{q}")).unwrap_or_default();
                    Reply::Redirect(302, format!("{target}/landed{q}"))
                }),
            )
            // The redirect itself sets a cookie for the origin's jar.
            .get(
                "/jar",
                Reply::Raw {
                    status: 302,
                    headers: vec![
                        ("Location".into(), jar_to),
                        ("Set-Cookie".into(), "jar=JAR-50; Path=/".into()),
                    ],
                    body: Vec::new(),
                },
            ),
    );
    let dir = tempfile::tempdir().unwrap();
    let apikey = |placement: &str, value: &str| {
        json!({"type": "apikey", "apikey": [
            {"key": "key", "value": "api_key"}, {"key": "value", "value": value},
            {"key": "in", "value": placement}]})
    };
    let items = json!([
        {"name": "header", "request": {"method": "GET", "url": format!("{}/start", origin.url()),
            "header": [{"key": "Cookie", "value": "sid=COOKIE-41"}, {"key": "X-Trace", "value": "kept"}],
            "auth": apikey("header", "APIKEY-h-42")}},
        {"name": "query", "request": {"method": "GET", "url": format!("{}/start?page=2", origin.url()),
            "auth": apikey("query", "APIKEY-q-43")}},
        {"name": "aws", "request": {"method": "GET", "url": format!("{}/start", origin.url()),
            "auth": {"type": "awsv4", "awsv4": [{"key": "accessKey", "value": "AKIDAUDIT"},
                {"key": "secretKey", "value": "AWS-sk-45"}, {"key": "sessionToken", "value": "AWS-st-46"},
                {"key": "region", "value": "us-east-1"}, {"key": "service", "value": "s3"}]}}},
        {"name": "oauth1", "request": {"method": "GET", "url": format!("{}/start", origin.url()),
            "auth": {"type": "oauth1", "oauth1": [{"key": "consumerKey", "value": "CK-47"},
                {"key": "consumerSecret", "value": "CS-48"}, {"key": "token", "value": "OA1-tok-49"},
                {"key": "signatureMethod", "value": "HMAC-SHA1"}, {"key": "addParamsToHeader", "value": false}]}}},
        {"name": "jar", "request": {"method": "GET", "url": format!("{}/jar", origin.url())}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let run = conform(dir.path(), &["run", "c.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let home = origin.requests();
    assert_eq!(home[0].header("cookie"), Some("sid=COOKIE-41"));
    assert_eq!(home[0].header("api_key"), Some("APIKEY-h-42"));
    assert!(home[1].query().unwrap_or("").contains("APIKEY-q-43"));
    let landed = other.requests();
    assert_eq!(landed.len(), 5, "{run:?}");
    assert_eq!(landed[0].header("x-trace"), Some("kept"));
    // The origin got the auth-generated credentials.
    assert_eq!(home[2].header("x-amz-security-token"), Some("AWS-st-46"));
    assert!(
        home[3]
            .query()
            .unwrap_or("")
            .contains("oauth_token=OA1-tok-49")
    );
    for r in &landed {
        for (k, v) in &r.headers {
            for credential in [
                "COOKIE-41",
                "APIKEY-",
                "AWS-st-46",
                "AKIDAUDIT",
                "OA1-tok-49",
                "JAR-50",
            ] {
                assert!(!v.contains(credential), "{k}: {v} crossed to another host");
            }
            assert!(!k.eq_ignore_ascii_case("authorization"), "{k}: {v} crossed");
        }
        assert!(
            !r.target.contains("APIKEY-") && !r.target.contains("oauth_"),
            "{}",
            r.target
        );
    }
    assert_eq!(landed[1].query(), Some("page=2"));
    // The Referer is still sent (as Newman), only without the credential.
    let referer = landed[1].header("referer").expect("a Referer");
    assert!(referer.contains("/start?page=2"), "{referer}");
}

/// 16.8, the issue's own case through the binary: `join('x')` over 2^32-1 holes (a 4 GiB
/// string) in a pre-request and in a test script, under --timeout-script; a script timer of a
/// minute under the run's --timeout is virtual time, not a wait.
#[test]
fn a_long_builtin_stops_at_the_script_timeout_and_timers_are_not_waits() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let join = "var s = new Array(2**32 - 1).join('x'); pm.test('never', function () {});";
    let items = json!([
        {"name": "pre", "request": {"method": "GET", "url": "http://h/1"},
         "event": [{"listen": "prerequest", "script": {"exec": [join]}}]},
        {"name": "test", "request": {"method": "GET", "url": "http://h/2"},
         "event": [{"listen": "test", "script": {"exec": [join]}}]},
        {"name": "timer", "request": {"method": "GET", "url": "http://h/3"},
         "event": [{"listen": "test", "script": {"exec": [
            "setTimeout(function () { pm.test('a minute later', function () {}); }, 60000);"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url()])
        .args(["--timeout-script", "500", "--timeout", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(1), "{stdout}");
    for (name, script) in [("pre", "pre-request"), ("test", "test")] {
        assert!(
            stdout.contains(&format!(
                "{script} script of '{name}': script timed out after 500 ms"
            )),
            "{stdout}"
        );
    }
    assert_eq!(status_of_text(&stdout, "c::timer"), Some("ok"), "{stdout}");
    let r = report(dir.path());
    let timer = &r["executions"][2];
    assert!(
        timer.to_string().contains("a minute later"),
        "the timer's test ran: {timer}"
    );
    assert_eq!(server.requests().len(), 3);
}

fn status_of_text<'a>(stdout: &'a str, name: &str) -> Option<&'a str> {
    stdout.lines().find_map(|l| {
        let rest = l.strip_prefix("test ")?.strip_prefix(name)?;
        let (pad, status) = rest.split_once("... ")?;
        pad.trim().is_empty().then_some(status.trim())
    })
}

/// A collection whose one test script chains `n` pm.sendRequest calls to `url`, each started
/// from the previous one's callback.
fn chain(dir: &Path, url: &str, n: usize) {
    let script = format!(
        "var n = 0; function go() {{ pm.sendRequest('{url}?n=' + n, function (err, res) {{ n++; if (n < {n}) {{ go(); }} }}); }} go();"
    );
    let items = json!([
        {"name": "chained", "request": {"method": "GET", "url": "http://h/first"},
         "event": [{"listen": "test", "script": {"exec": [script]}}]},
        {"name": "after", "request": {"method": "GET", "url": "http://h/after"}}
    ]);
    write_json(dir, "c.json", &collection("c", items));
}

/// 16.8: a chain of pm.sendRequest calls, each well within the request timeout, must still
/// stop at the run's --timeout (each call's timeout was what was left of the run when the
/// request's step began, so 30 side requests of 500 ms took 15 s under `--timeout 1500`).
#[test]
fn a_send_request_chain_stops_at_the_run_deadline() {
    let server = TestServer::start_blocking(Routes::new().get(
        "/slow",
        Reply::Delay(Duration::from_millis(500), Box::new(Reply::json(json!({})))),
    ));
    let dir = tempfile::tempdir().unwrap();
    chain(dir.path(), &server.url_for("/slow"), 30);
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url()])
        .args(["--timeout", "1500"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(3));
    let sent = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/slow")
        .count();
    // 1.5 s holds three or four 500 ms calls; the rest must never be sent.
    assert!(
        sent <= 6,
        "{sent} chained requests sent under --timeout 1500"
    );
    assert_eq!(report(dir.path())["summary"]["not_run"], 1);
}

/// 16.8: Ctrl-C (SIGINT, not only SIGTERM) during a --delay-request wait and during a chain of
/// side requests ends the run promptly with what ran reported.
#[test]
fn ctrl_c_cuts_a_delay_and_a_send_request_chain_short() {
    let server = TestServer::start_blocking(
        Routes::new()
            .get(
                "/slow",
                Reply::Delay(Duration::from_millis(300), Box::new(Reply::json(json!({})))),
            )
            .get("/ok", Reply::json(json!({}))),
    );
    let base = server.url();
    let interrupt = |dir: &Path, extra: &[&str], after: Option<usize>| -> Duration {
        let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
            .current_dir(dir)
            .args(["run", "c.json", "--base-url", &base])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match after {
            Some(n) => drop(server.wait_for_blocking(n, Duration::from_secs(20))),
            // The delay may come before the first request: give the run a moment to start it.
            None => std::thread::sleep(Duration::from_millis(1500)),
        }
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let signalled = Instant::now();
        let status = wait_bounded(&mut child, Duration::from_secs(30));
        assert_eq!(status.code(), Some(3));
        signalled.elapsed()
    };
    // A minute's delay between requests.
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<Value> = (0..3)
        .map(|i| item(&format!("r{i}"), json!(format!("http://h/ok?i={i}"))))
        .collect();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let took = interrupt(dir.path(), &["--delay-request", "60000"], None);
    assert!(took < Duration::from_secs(10), "{took:?} after Ctrl-C");
    assert!(report(dir.path())["summary"]["not_run"].as_u64().unwrap() >= 2);
    // A chain of 100 side requests of 300 ms (30 s in all).
    let before = server.requests().len();
    let dir = tempfile::tempdir().unwrap();
    chain(dir.path(), &server.url_for("/slow"), 100);
    let took = interrupt(dir.path(), &[], Some(before + 3));
    assert!(took < Duration::from_secs(10), "{took:?} after Ctrl-C");
    let chained = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/slow")
        .count();
    assert!(chained < 50, "{chained} side requests: the chain went on");
    assert_eq!(report(dir.path())["summary"]["not_run"], 1);
}

/// 16.9: a gzip body that never ends, under a size cap raised to 4G: the request timeout holds
/// while the body is read and decoded, and the run goes on to the next request.
#[test]
fn an_endless_gzip_body_under_a_raised_cap_stops_at_the_request_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || endless_gzip(stream));
        }
    });
    let next = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        item("bomb", json!(format!("http://127.0.0.1:{port}/bomb"))),
        item("next", json!(next.url_for("/next")))
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--max-response-size", "4G"])
        .args(["--timeout-request", "1500", "--reporters", "cli,json,html"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(120));
    assert_eq!(status.code(), Some(3), "{stdout}");
    assert_eq!(
        status_of_text(&stdout, "c::bomb"),
        Some("FAILED"),
        "{stdout}"
    );
    assert_eq!(status_of_text(&stdout, "c::next"), Some("ok"), "{stdout}");
    assert!(stdout.contains("timed out after 1500 ms"), "{stdout}");
    assert_eq!(next.requests().len(), 1);
}

/// Answers one request with a chunked gzip stream of zeros (about 1000:1) until the client
/// goes away.
fn endless_gzip(mut stream: std::net::TcpStream) {
    let mut buf = [0u8; 8192];
    let _ = stream.read(&mut buf);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n\
                Transfer-Encoding: chunked\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    loop {
        if gz.write_all(&zeros).and_then(|_| gz.flush()).is_err() {
            return;
        }
        let chunk = std::mem::take(gz.get_mut());
        if chunk.is_empty() {
            continue;
        }
        let framed = [
            format!("{:x}\r\n", chunk.len()).into_bytes(),
            chunk,
            b"\r\n".to_vec(),
        ]
        .concat();
        if stream.write_all(&framed).is_err() {
            return;
        }
    }
}

/// 16.9: a deflate bomb stops at the cap like the gzip and brotli ones (run_wire) do.
#[test]
fn a_deflate_bomb_stops_at_the_size_cap() {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(&vec![0u8; 32 << 20]).unwrap();
    let server = TestServer::start_blocking(Routes::new().get(
        "/bomb",
        Reply::Raw {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Content-Encoding".into(), "deflate".into()),
            ],
            body: e.finish().unwrap(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([item("bomb", json!("http://h/bomb"))]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--max-response-size",
            "1M",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.contains("larger than 1048576 bytes"), "{run:?}");
}

/// 16.10: 65 535 characters of a four-byte character in a request name, a test name and a
/// folder name: no panic, elided on the console, whole in the JSON report.
#[test]
fn very_long_wide_names_in_every_place_are_elided_not_fatal() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let long = "🦀".repeat(65_535);
    let items = json!([
        {"name": long.clone(), "item": [
            {"name": long.clone(), "request": {"method": "GET", "url": "http://h/1"},
             "event": [{"listen": "test", "script": {"exec": [
                format!("pm.test('{long}', function () {{ pm.expect(1).to.equal(2); }});")
             ]}}]}
        ]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform_env(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--reporters",
            "cli,junit,json,html",
            "-v",
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    no_panic(&run);
    assert_eq!(run.code, 1, "{}", &run.stderr);
    // The -v dump's header is elided too (it printed the whole 131 KB name).
    let header = run
        .stderr
        .lines()
        .find(|l| l.starts_with("--- c::"))
        .expect("the -v header");
    assert!(
        header.chars().count() < 600,
        "{} characters",
        header.chars().count()
    );
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("test c::"))
        .expect("the trial line");
    assert!(line.chars().count() < 300, "{line}");
    assert!(line.contains('…') && line.ends_with("... FAILED"), "{line}");
    // Every line: the failed check's name and the annotation's title are elided too.
    for l in run.stdout.lines().chain(run.stderr.lines()) {
        assert!(l.chars().count() < 1000, "{} characters", l.chars().count());
    }
    assert!(
        run.stdout.contains("  failed: 🦀"),
        "{}",
        &run.stdout[..2000]
    );
    assert!(
        run.stderr.contains("::error title=c%3A%3A🦀"),
        "annotations"
    );
    let r = report(dir.path());
    assert_eq!(
        r["executions"][0]["name"],
        format!("c::{long}::{long}"),
        "whole in the report"
    );
}

/// 16.11, the paths the issue names: `../../../../etc/passwd`, a symlink to /etc/shadow, /sys;
/// a formdata `src` given as a list; and the confinement follows --working-dir, not only the
/// current folder. Nothing refused is sent or written into any report.
#[test]
fn body_files_named_the_ways_the_issue_names_them_are_refused() {
    let server = TestServer::start_blocking(Routes::new());
    let outer = tempfile::tempdir().unwrap();
    let work = outer.path().join("work");
    let files = work.join("files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(work.join("beside.txt"), "BESIDE-files-dir-51").unwrap();
    std::fs::write(files.join("ok.txt"), "inside").unwrap();
    std::os::unix::fs::symlink("/etc/shadow", files.join("shadow")).unwrap();
    let file_item = |name: &str, src: &str| {
        json!({"name": name, "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "file", "file": {"src": src}}}})
    };
    let items = json!([
        file_item("inside", "ok.txt"),
        file_item("passwd", "../../../../etc/passwd"),
        file_item("shadow", "shadow"),
        file_item("sys", "/sys/kernel/mm/transparent_hugepage/enabled"),
        file_item("beside", "../beside.txt"),
        {"name": "list", "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "formdata", "formdata": [
                {"key": "f", "type": "file", "src": ["ok.txt", "/etc/passwd"]}]}}}
    ]);
    write_json(&work, "c.json", &collection("c", items));
    let base = server.url();
    let run = conform(
        &work,
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--working-dir",
            "files",
            "--reporters",
            "cli,junit,json,html",
        ],
    );
    no_panic(&run);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(server.requests().is_empty(), "nothing is sent: {run:?}");
    for name in ["passwd", "shadow", "beside", "list"] {
        assert!(
            run.stderr.contains(&format!("c::{name}: body file ")),
            "{name}: {run:?}"
        );
    }
    assert!(run.stderr.contains("--insecure-file-read"), "{run:?}");
    assert!(run.stderr.contains("is a system file"), "{run:?}");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first = passwd.lines().next().unwrap();
    let all = written(&work, &run);
    for (name, text) in &all {
        assert!(!text.contains(first), "/etc/passwd in {name}");
        assert!(!text.contains("BESIDE-files-dir"), "beside.txt in {name}");
    }
}

/// 16.2, measured on the wire instead of computed: a secret full of characters each encoder
/// treats differently goes out in a path segment, a query value, a form body, a multipart
/// field, a JSON body, a header and Basic credentials; whatever bytes the server received in
/// each place must not be printed or written anywhere, and neither may what the script's own
/// encoders make of it.
#[test]
fn the_exact_forms_a_secret_took_on_the_wire_are_masked() {
    // Every printable ASCII class each encoder treats differently, and non-ASCII.
    let pw = "p@ss w/rd+ü~*()!<>{}=%;:,$[]é|^`'\"\\&";
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let failing = json!([{"listen": "test", "script": {"exec": [
        "var pw = pm.environment.get('member_password');",
        "console.log(encodeURIComponent(pw), encodeURI(pw), escape(pw), JSON.stringify({p: pw}), btoa(unescape(encodeURIComponent(pw))));",
        "pm.test('echo', function () { pm.expect(pm.response.text()).to.equal(''); });"
    ]}}]);
    let items = json!([
        {"name": "path", "event": failing, "request": {"method": "GET", "url": "http://h/p/{{member_password}}/x"}},
        {"name": "query", "event": failing, "request": {"method": "GET", "url": "http://h/q?v={{member_password}}&k=1"}},
        {"name": "form", "event": failing, "request": {"method": "POST", "url": "http://h/f",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "v", "value": "{{member_password}}"}]}}},
        {"name": "multipart", "event": failing, "request": {"method": "POST", "url": "http://h/m",
            "body": {"mode": "formdata", "formdata": [{"key": "v", "value": "{{member_password}}", "type": "text"}]}}},
        {"name": "json", "event": failing, "request": {"method": "POST", "url": "http://h/j",
            "body": {"mode": "raw", "raw": "{\"v\": {{member_json}}}", "options": {"raw": {"language": "json"}}}}},
        {"name": "header", "event": failing, "request": {"method": "GET", "url": "http://h/h",
            "header": [{"key": "X-Pass", "value": "{{member_password}}"}]}},
        {"name": "basic", "event": failing, "request": {"method": "GET", "url": "http://h/b",
            "auth": {"type": "basic", "basic": [{"key": "username", "value": "user"},
                {"key": "password", "value": "{{member_password}}"}]}}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let env_var = format!("member_password={pw}");
    let json_var = format!(
        "member_json={}",
        serde_json::to_string(&Value::String(pw.into())).unwrap()
    );
    let mut args = vec![
        "run",
        "c.json",
        "--base-url",
        &base,
        "--env-var",
        &env_var,
        "--env-var",
        &json_var,
    ];
    args.extend(ALL_OUT);
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 7, "{run:?}");
    // What each place carried, cut out of what the server received.
    let between = |text: &str, from: &str, to: &str| -> String {
        let start = text
            .find(from)
            .unwrap_or_else(|| panic!("{from} in {text}"))
            + from.len();
        let end = text[start..].find(to).map_or(text.len(), |i| start + i);
        text[start..end].to_string()
    };
    let path = between(&seen[0].target, "/p/", "/x");
    let query = between(seen[1].query().unwrap(), "v=", "&k=1");
    let form = between(&seen[2].body_text(), "v=", "\u{0}");
    let multipart = between(&seen[3].body_text(), "name=\"v\"\r\n\r\n", "\r\n--");
    let json_body = between(&seen[4].body_text(), "{\"v\": \"", "\"}");
    let header = seen[5].header("x-pass").unwrap().to_string();
    let basic = seen[6]
        .header("authorization")
        .unwrap()
        .trim_start_matches("Basic ")
        .to_string();
    let forms = [
        &path, &query, &form, &multipart, &json_body, &header, &basic,
    ];
    // Not vacuous: the secret did go out, and not always in the same form.
    assert_eq!(multipart, pw);
    assert!(path != query && query != form, "{path} {query} {form}");
    let all = written(dir.path(), &run);
    for form in forms {
        for (name, text) in &all {
            assert!(
                !text.contains(form.as_str()),
                "the wire form {form:?} leaked into {name}:\n{text}"
            );
        }
    }
    assert_nowhere(&all, &[pw, &format!("user:{pw}")]);
}

/// 16.8: a script that never yields (`while (true) {}`) under a long --timeout-script must
/// still stop at the run's --timeout and at Ctrl-C within a second or so. Today it runs until
/// --timeout-script: 60 s past `--timeout 1500`, and a single Ctrl-C waits it out (58 s; a
/// second Ctrl-C does stop at once). The script engine's interrupt handler only knows the
/// script's own deadline (src/script/engine.rs, `watchdog.deadline`; the run's deadline and
/// the signal flag live in src/exec: another helper's area).
#[test]
fn a_busy_script_stops_at_the_run_deadline_and_at_ctrl_c() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": "loop", "request": {"method": "GET", "url": "http://h/1"},
         "event": [{"listen": "prerequest", "script": {"exec": ["while (true) {}"]}}]},
        item("after", json!("http://h/2"))
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let start = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_conform"))
            .current_dir(dir.path())
            .args([
                "run",
                "c.json",
                "--base-url",
                &base,
                "--timeout-script",
                "60000",
            ])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    let mut child = start(&["--timeout", "1500"]);
    let status = wait_bounded(&mut child, Duration::from_secs(90));
    assert_eq!(status.code(), Some(3));
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(15),
        "{took:?} under --timeout 1500"
    );
    let mut child = start(&[]);
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let signalled = Instant::now();
    let status = wait_bounded(&mut child, Duration::from_secs(90));
    assert_eq!(status.code(), Some(3));
    let took = signalled.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?} after Ctrl-C");
}

/// 16.7: after SIGTERM and SIGHUP mid-request, the report folder holds whole reports and no
/// temporary file, and each report parses.
#[test]
fn reports_after_a_signal_are_whole_and_no_temporary_file_is_left() {
    let server = TestServer::start_blocking(Routes::new().get("/slow", Reply::Stall));
    for signal in ["-TERM", "-HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let items = json!([
            item("fast", json!("http://h/fast")),
            item("slow", json!("http://h/slow"))
        ]);
        write_json(dir.path(), "c.json", &collection("c", items));
        let before = server.requests().len();
        let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
            .current_dir(dir.path())
            .args(["run", "c.json", "--base-url", &server.url()])
            .args([
                "--reporters",
                "cli,junit,json,html",
                "--timeout-request",
                "60000",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        server.wait_for_blocking(before + 2, Duration::from_secs(20));
        let sent = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = wait_bounded(&mut child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(3), "{signal}: {status:?}");
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["junit.xml", "report.html", "report.json"],
            "{signal}"
        );
        let r = report(dir.path());
        assert_eq!(r["summary"]["passed"], 1, "{signal}: {r}");
        let junit = std::fs::read_to_string(dir.path().join("reports/junit.xml")).unwrap();
        assert!(junit.trim_end().ends_with("</testsuites>"), "{junit}");
        let html = std::fs::read_to_string(dir.path().join("reports/report.html")).unwrap();
        assert!(html.trim_end().ends_with("</html>"), "{signal}");
    }
}

/// Runs `items` (one request whose test fails) with `--env-var member_password=<pw>` and every
/// output on, and asserts that `part` of the secret appears in nothing the run wrote.
fn assert_failing_run_masks(items: Value, pw: &str, part: &str) {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let env_var = format!("member_password={pw}");
    let mut args = vec!["run", "c.json", "--base-url", &base, "--env-var", &env_var];
    args.extend(ALL_OUT);
    let run = conform(dir.path(), &args);
    assert_eq!(server.requests().len(), 1, "{run:?}");
    assert_eq!(run.code, 1, "{run:?}");
    for (name, text) in written(dir.path(), &run) {
        assert!(!text.contains(part), "{pw:?} leaked into {name}:\n{text}");
    }
}

/// Defect 16.1/16.2: the issue's own example with a password holding an apostrophe. chai
/// quotes strings with `'` and escapes the apostrophe, so `O'Brien-Pa55` is printed as
/// `expected 'O\'Brien-Pa55' to have a length of 32`, a form the redactor now knows
/// (src/secrets/forms.rs). Same in junit.xml, report.json, report.html
/// (`O\&#39;Brien-Pa55`), and in any assertion on a value holding the secret.
#[test]
fn a_secret_with_an_apostrophe_is_masked_in_assertion_messages() {
    let pw = "O'Brien-Pa55";
    let items = json!([
        {"name": "pre", "request": {"method": "GET", "url": "http://h/x"},
         "event": [{"listen": "prerequest", "script": {"exec": [
            "pm.expect(pm.environment.get('member_password')).to.have.lengthOf(32);"
         ]}}, {"listen": "test", "script": {"exec": [
            "var pw = pm.environment.get('member_password');",
            "pm.test('eql', function () { pm.expect({a: pw}).to.eql({}); });",
            "pm.test('include', function () { pm.expect([pw]).to.include('zz'); });"
         ]}}]}
    ]);
    assert_failing_run_masks(items, pw, "Brien-Pa55");
}

/// Defect 16.2: a secret with `"` or `\` inside a JSON body that the server echoes back as a
/// JSON string (as many error responses do) is escaped twice: `Sec\\\"ret-4242` in -v and the
/// console; and a failing assertion on that echo shows it as chai quotes it. Both forms are
/// masked (src/secrets/forms.rs).
#[test]
fn a_secret_with_a_quote_or_backslash_echoed_inside_json_is_masked() {
    for pw in ["Sec\"ret-4242", "Sec\\ret-4242"] {
        let items = json!([
            {"name": "json", "request": {"method": "POST", "url": "http://h/j",
                "body": {"mode": "raw", "raw": "{\"v\": \"{{member_password}}\"}".replace("\"{{member_password}}\"",
                    &serde_json::to_string(pw).unwrap()),
                    "options": {"raw": {"language": "json"}}}},
             "event": [{"listen": "test", "script": {"exec": [
                "pm.test('echo', function () { pm.expect(pm.response.text()).to.equal(''); });"
             ]}}]}
        ]);
        assert_failing_run_masks(items, pw, "ret-4242");
    }
}

/// Defect 16.2 (fixed): forms a secret takes on the wire. A `\` in a
/// path segment goes out as `/` (the WHATWG URL parser's rule for http), and a secret with both
/// `'` and `&` in a query value goes out as `Sec%27&ret-4242` (the `&` is substituted before
/// the query is split, so it stays raw while `'` is encoded). Both are printed as sent in the
/// request line, -v and the failure's echo (src/secrets/forms.rs).
#[test]
fn a_secrets_path_and_query_wire_forms_are_masked() {
    for (pw, url) in [
        ("Sec\\ret-4242", "http://h/p/{{member_password}}/x"),
        ("Sec'&ret-4242", "http://h/q?v={{member_password}}&k=1"),
    ] {
        let items = json!([
            {"name": "echo", "request": {"method": "GET", "url": url},
             "event": [{"listen": "test", "script": {"exec": [
                "pm.test('echo', function () { pm.expect(pm.response.json().path).to.equal(''); });"
             ]}}]}
        ]);
        assert_failing_run_masks(items, pw, "ret-4242");
    }
}

/// 16.4, the other ways output can fail: stdout and stderr on a full disk (/dev/full) or
/// closed outright (`>&- 2>&-`), with -v: no panic, the run's own exit code, every report.
#[test]
fn a_full_or_closed_stdout_and_stderr_neither_crash_nor_lose_the_reports() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<Value> = (0..5)
        .map(|i| {
            json!({"name": format!("r{i}"), "request": {"method": "GET", "url": format!("http://h/x?i={i}")},
                "event": [{"listen": "test", "script": {"exec": [
                    "console.log('line');",
                    "pm.test('fails', function () { pm.expect(1).to.equal(2); });"
                ]}}]})
        })
        .collect();
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let bin = env!("CARGO_BIN_EXE_conform");
    let base = server.url();
    for redirect in [">/dev/full 2>/dev/full", ">&- 2>&-", ">/dev/full 2>&-"] {
        let script = format!(
            "'{bin}' run c.json --base-url {base} -v --nocapture -r cli,junit,json {redirect}; \
             echo \"exit $?\" >&3"
        );
        let out = Command::new("bash")
            .args(["-c", &format!("exec 3>&1; {{ {script} ; }}")])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("exit 1"), "{redirect}: {said}");
        let r = report(dir.path());
        assert_eq!(r["summary"]["failed"], 5, "{redirect}: {r}");
        assert!(dir.path().join("reports/junit.xml").is_file());
        std::fs::remove_dir_all(dir.path().join("reports")).unwrap();
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// 16.2, the issue's own finding: the shipped suite against the mock, with -v, every reporter
/// and both exports, shows none of the environment's secrets in any encoding
/// (`username=integrator%40example.com` was in report.html and -v).
#[test]
fn the_shipped_suite_with_every_output_shows_none_of_its_secrets() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for part in ["collections", "environments", "schemas"] {
        copy_tree(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("mock.json"), dir.path().join("mock.json")).unwrap();
    let env: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("environments/mock.postman_environment.json")).unwrap(),
    )
    .unwrap();
    let secrets: Vec<String> = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["type"] == "secret")
        .filter_map(|v| v["value"].as_str().map(str::to_string))
        .filter(|v| v.len() >= 3)
        .collect();
    assert!(
        secrets.iter().any(|s| s == "integrator@example.com"),
        "{secrets:?}"
    );
    let mut args = vec!["run", "--mock"];
    args.extend(ALL_OUT);
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("< "), "the -v dump is there: {run:?}");
    let all = written(dir.path(), &run);
    assert!(all.len() >= 7, "every report and export was written");
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    assert_nowhere(&all, &secrets);
}

/// Asserts no raw control character (but newline and tab) in either stream.
fn no_raw_controls(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .collect();
        assert!(raw.is_empty(), "raw control {raw:?} in {stream}:\n{text}");
    }
}

/// 16.5, the messages before and around the run: a collection's own text quoted in a warning
/// or an error (an unresolved variable's name, a request name, a body file's path, the schema
/// URL, a header name, a method, a host, a file named on the command line) is made visible.
/// The preflight warnings, the body-file refusal, --strict-variables' refusal and the schema
/// warning printed it raw.
#[test]
fn collection_text_quoted_in_warnings_and_errors_is_made_visible() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let e = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";
    let items = json!([
        {"name": format!("hdr{e}"), "request": {"method": "GET", "url": "http://h/x",
            "header": [{"key": format!("X{e}"), "value": "v"}]}},
        {"name": format!("method{e}"), "request": {"method": format!("GE{e}T"), "url": "http://h/x"}},
        {"name": format!("host{e}"), "request": {"method": "GET", "url": format!("http://evil{e}.example/x")}},
        {"name": format!("var{e}"), "request": {"method": "GET", "url": format!("http://h/{{{{unset{e}}}}}")}}
    ]);
    let mut coll = collection("c", items);
    coll["info"]["schema"] = json!(format!("https://example/{e}"));
    std::fs::write(
        dir.path().join("c.json"),
        serde_json::to_string(&coll).unwrap(),
    )
    .unwrap();
    let base = server.url();
    let run = conform_env(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "-v", "--nocapture"],
        &[("GITHUB_ACTIONS", "true")],
    );
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    no_raw_controls(&run);
    for shown in [
        "unknown collection schema 'https://example/\\u{1b}]0;PWNED",
        "{{unset\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J}} (unset): url of 'c::var\\u{1b}",
        "warning: unresolved {{unset\\u{1b}]0;PWNED",
        "invalid header name 'X\\u{1b}]0;PWNED",
        "invalid method 'GE\\u{1b}]0;PWNED",
    ] {
        assert!(run.all().contains(shown), "{shown} not shown: {run:?}");
    }
    // Refusals before the run: --strict-variables, a body file, a file on the command line.
    let run = conform(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "--strict-variables"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    no_raw_controls(&run);
    assert!(run.stderr.contains("{{unset\\u{1b}]0;PWNED"), "{run:?}");
    let items = json!([
        {"name": format!("file{e}"), "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "file", "file": {"src": format!("missing{e}")}}}}
    ]);
    write_json(dir.path(), "f.json", &collection("f", items));
    let run = conform(dir.path(), &["run", "f.json", "--base-url", &base]);
    assert_eq!(run.code, 2, "{run:?}");
    no_raw_controls(&run);
    assert!(
        run.stderr
            .contains("f::file\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J: body file missing\\u{1b}"),
        "{run:?}"
    );
    let env_file = format!("env{e}.json");
    let run = conform(dir.path(), &["run", "f.json", "-e", &env_file]);
    assert_eq!(run.code, 2, "{run:?}");
    no_raw_controls(&run);
    assert!(run.stderr.contains("env\\u{1b}]0;PWNED"), "{run:?}");
    assert!(
        server.requests().iter().all(|r| r.path() != "/up"),
        "the refused body file's request was not sent"
    );
}

/// 16.11: a body file named at run time, by a variable a pre-request script sets (the
/// preflight leaves `{{f}}` to the request), is confined all the same: not sent, not in any
/// report, the refusal named.
#[test]
fn a_body_file_a_script_names_at_run_time_is_confined_too() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let items = json!([
        {"name": "dyn", "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "file", "file": {"src": "{{f}}"}}},
         "event": [{"listen": "prerequest", "script": {"exec": [
            "pm.variables.set('f', '../../../../../../../../etc/passwd');"
         ]}}]},
        {"name": "dynform", "request": {"method": "POST", "url": "http://h/up",
            "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "{{g}}"}]}},
         "event": [{"listen": "prerequest", "script": {"exec": [
            "pm.variables.set('g', '/proc/self/environ');"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--reporters",
            "cli,junit,json,html",
        ],
    );
    no_panic(&run);
    assert_ne!(run.code, 0, "{run:?}");
    assert_eq!(status_of(&run, "c::dyn"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::dynform"), Some("FAILED"), "{run:?}");
    assert!(
        run.stdout.contains("is outside the working folder"),
        "{run:?}"
    );
    assert!(run.stdout.contains("--insecure-file-read"), "{run:?}");
    assert!(run.stdout.contains("is a system file"), "{run:?}");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first = passwd.lines().next().unwrap().to_string();
    for r in server.requests() {
        assert!(!r.body_text().contains(&first), "/etc/passwd was sent");
    }
    for (name, text) in written(dir.path(), &run) {
        assert!(!text.contains(&first), "/etc/passwd in {name}");
    }
}

/// 16.3: --export-cookie-jar masks a learned cookie value (`sid=…`, masked on the console) as
/// --export-environment masks every learned secret, whatever the cookie's name.
#[test]
fn the_exported_cookie_jar_masks_learned_cookie_values() {
    let server = TestServer::start_blocking(Routes::new().post(
        "/login",
        Reply::Raw {
            status: 200,
            headers: vec![("Set-Cookie".into(), "sid=CK-val-62; Path=/".into())],
            body: Vec::new(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let items = json!([{"name": "login", "request": {"method": "POST", "url": "http://h/login"}}]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "--export-cookie-jar",
            "out/jar.json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let jar = std::fs::read_to_string(dir.path().join("out/jar.json")).unwrap();
    assert!(jar.contains("\"sid\""), "{jar}");
    assert!(!jar.contains("CK-val-62"), "{jar}");
}

/// 16.8, other long or large single native calls in the same spirit as the issue's join: a
/// catastrophic regex, a sort of millions with a JS comparator, huge strings, arrays, typed
/// arrays, JSON and replace. Each fails its own trial with the script limit that stopped it
/// (time or memory), and the run goes on.
#[test]
fn hostile_builtins_stop_at_the_script_limits() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("redos", "/(a+)+$/.test('a'.repeat(40) + 'b');"),
        ("repeat", "var s = 'x'.repeat(2**29); var t = s + s;"),
        (
            "sort",
            "var a = []; for (var i = 0; i < 3e6; i++) { a.push(Math.random()); } a.sort(function (x, y) { return x - y; });",
        ),
        ("fill", "new Array(2**31).fill(0);"),
        ("padend", "'x'.padEnd(2**30, 'yz').length;"),
        (
            "json",
            "JSON.stringify(new Array(2**24).fill('aaaaaaaaaaaaaaaaaaaa'));",
        ),
        ("replace", "'a'.repeat(2**22).replace(/a/g, 'bb');"),
        ("typed", "new Uint8Array(2**31).sort();"),
    ];
    let mut items: Vec<Value> = cases
        .iter()
        .map(|(name, code)| {
            json!({"name": name, "request": {"method": "GET", "url": format!("http://h/{name}")},
                "event": [{"listen": "test", "script": {"exec": [code]}}]})
        })
        .collect();
    items.push(item("after", json!("http://h/after")));
    write_json(dir.path(), "c.json", &collection("c", Value::Array(items)));
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(dir.path())
        .args(["run", "c.json", "--base-url", &server.url()])
        .args(["--timeout-script", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(120));
    assert_eq!(status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("panicked"), "{stdout}");
    for (name, _) in cases {
        assert_eq!(
            status_of_text(&stdout, &format!("c::{name}")),
            Some("FAILED"),
            "{stdout}"
        );
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!("test script of '{name}'")))
            .unwrap_or_else(|| panic!("no script error for {name}: {stdout}"));
        assert!(
            line.contains("timed out after 1000 ms")
                || line.contains("ran out of memory")
                || line.contains("RangeError"),
            "{line}"
        );
    }
    assert_eq!(status_of_text(&stdout, "c::after"), Some("ok"), "{stdout}");
}
