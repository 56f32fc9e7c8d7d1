//! Issue 16, secrets: no secret reaches stdout, stderr, any report or any exported file in any
//! encoding, whether a pre-request script fails before the request, the server echoes it back
//! encoded, it was typed straight into an auth block, or the server handed it out in a header.

use crate::common::{collection, conform, write_json};
use crate::support::{Reply, Routes, TestServer};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::json;
use std::path::Path;

/// Every form of `secret` the redactor claims to mask, computed here independently of it.
pub(crate) fn encodings(secret: &str) -> Vec<String> {
    let mut out = vec![secret.to_string()];
    let pct = |keep: &dyn Fn(u8) -> bool, plus: bool, lower: bool| {
        secret
            .bytes()
            .map(|b| match b {
                b' ' if plus => "+".to_string(),
                b if keep(b) => (b as char).to_string(),
                b if lower => format!("%{b:02x}"),
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    for lower in [false, true] {
        out.push(pct(&|b: u8| b.is_ascii_alphanumeric(), false, lower));
        out.push(pct(
            &|b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b),
            false,
            lower,
        ));
        out.push(pct(
            &|b: u8| b.is_ascii_alphanumeric() || b"*-._".contains(&b),
            true,
            lower,
        ));
    }
    let quoted = serde_json::to_string(secret).unwrap();
    out.push(quoted[1..quoted.len() - 1].to_string());
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        out.push(engine.encode(secret));
    }
    out.retain(|e| e.len() >= 3);
    out.sort();
    out.dedup();
    out
}

/// Base64 of the secret inside a longer blob (`Basic base64(user:pass)`, a JWT payload): the
/// run of characters that encodes only the secret's bytes, at each of the three offsets.
pub(crate) fn embedded_base64(secret: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ["x", "xy", "xyz"] {
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let blob = engine.encode(format!("{prefix}{secret}!!!"));
            // Characters whose 6 bits all lie inside the secret's bytes.
            let first = (8 * prefix.len()).div_ceil(6);
            let end = 8 * (prefix.len() + secret.len()) / 6;
            let core = &blob[first..end];
            if core.len() >= 6 {
                out.push(core.to_string());
            }
        }
    }
    out
}

/// Every byte written: stdout, stderr and each file under `dir` (reports, exports).
pub(crate) fn everything_written(dir: &Path, run: &crate::common::Run) -> Vec<(String, String)> {
    let mut written = vec![
        ("stdout".to_string(), run.stdout.clone()),
        ("stderr".to_string(), run.stderr.clone()),
    ];
    for sub in ["reports", "out"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            written.push((
                e.path().display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    written
}

pub(crate) fn assert_no_leak(written: &[(String, String)], secrets: &[&str]) {
    for secret in secrets {
        let mut forms = encodings(secret);
        forms.extend(embedded_base64(secret));
        for form in &forms {
            for (name, text) in written {
                assert!(
                    !text.contains(form.as_str()),
                    "secret {secret:?} leaked as {form:?} into {name}:\n{text}"
                );
            }
        }
    }
}

const REPORTING: [&str; 6] = [
    "--reporters",
    "cli,junit,json,html",
    "--verbose",
    "--export-environment",
    "out/env.json",
    "--export-globals",
];

#[test]
fn a_failing_prerequest_script_leaks_no_secret() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "env.json",
        &json!({"name": "uat", "values": [
            {"key": "opaque", "value": "ENV typed/secret+9c2@x", "type": "secret", "enabled": true}
        ]}),
    );
    let items = json!([
        {"name": "login", "request": {"method": "POST", "url": "http://h/login?u={{opaque}}"},
         "event": [{"listen": "prerequest", "script": {"exec": [
            "pm.environment.set('session_key', 'SCRIPT set:session 7f3a');",
            "console.log('pw', pm.environment.get('iam_password'), pm.environment.get('opaque'));",
            "console.log(pm.environment.get('session_key'), encodeURIComponent(pm.environment.get('iam_password')));",
            "pm.expect(pm.environment.get('iam_password') + '|' + pm.environment.get('opaque')).to.have.lengthOf(32);"
         ]}}]},
        {"name": "after", "request": {"method": "GET", "url": "http://h/echo?p={{iam_password}}&s={{session_key}}"}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let mut args = vec![
        "run",
        "c.json",
        "-e",
        "env.json",
        "--base-url",
        &base,
        "--env-var",
        "iam_password=integrator@example.com Pa55 w/ørd",
    ];
    args.extend(REPORTING);
    args.push("out/globals.json");
    let run = conform(dir.path(), &args);
    // The pre-request script's error fails the first request (exit 1); as in Newman, it is
    // still sent, and so is the second, both with secrets in their query.
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(server.requests().len(), 2, "{run:?}");
    let written = everything_written(dir.path(), &run);
    assert!(written.len() >= 6, "every report and export was written");
    assert_no_leak(
        &written,
        &[
            "integrator@example.com Pa55 w/ørd",
            "ENV typed/secret+9c2@x",
            "SCRIPT set:session 7f3a",
        ],
    );
    assert!(run.all().contains("expected '***|***'"), "{run:?}");
}

#[test]
fn secrets_echoed_back_in_every_encoding_are_masked() {
    let server = TestServer::start_blocking(Routes::new());
    let dir = tempfile::tempdir().unwrap();
    let pw = "integrator@example.com p/w+ü~x";
    let items = json!([
        {"name": "form", "request": {"method": "POST", "url": "http://h/p/{{member_password}}?q={{member_password}}",
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "username", "value": "{{member_password}}"}]}},
         "event": [{"listen": "test", "script": {"exec": [
            "const pw = pm.environment.get('member_password');",
            "const jwt = btoa(JSON.stringify({alg: 'none'})) + '.' + btoa(JSON.stringify({sub: 'x', pw: pw})).replace(/=+$/, '') + '.sig';",
            "console.log('jwt', jwt, 'basic', btoa('user:' + pw), 'json', JSON.stringify({pw: pw}));",
            "console.log('enc', encodeURIComponent(pw), escape(pw));",
            "pm.test('echo is shown in full', function () { pm.expect(pm.response.text()).to.equal('nothing'); });"
         ]}}]},
        {"name": "json", "request": {"method": "PUT", "url": "http://h/j",
            "auth": {"type": "basic", "basic": [{"key": "username", "value": "user"}, {"key": "password", "value": "{{member_password}}"}]},
            "body": {"mode": "raw", "raw": "{\"password\": \"{{member_password}}\"}", "options": {"raw": {"language": "json"}}}},
         "event": [{"listen": "test", "script": {"exec": [
            "pm.test('fails', function () { pm.expect(pm.response.json()).to.eql({}); });"
         ]}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let env_var = format!("member_password={pw}");
    let mut args = vec!["run", "c.json", "--base-url", &base, "--env-var", &env_var];
    args.extend(REPORTING);
    args.push("out/globals.json");
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "{run:?}");
    // The server really received the secret, encoded: the masking is not vacuous.
    assert!(seen[0].body_text().contains("integrator%40example.com"));
    assert!(run.stderr.contains("< "), "verbose dump present: {run:?}");
    let written = everything_written(dir.path(), &run);
    assert_no_leak(&written, &[pw, &format!("user:{pw}")]);
}

#[test]
fn credentials_typed_into_auth_blocks_and_header_tokens_are_masked() {
    let header_token = "HDR-tok-5d1c9e";
    let cookie = "COOKIE-val-a77b";
    let server = TestServer::start_blocking(Routes::new().post(
        "/login",
        Reply::Raw {
            status: 200,
            headers: vec![
                ("X-Auth-Token".into(), header_token.into()),
                (
                    "Set-Cookie".into(),
                    format!("sid={cookie}; Path=/; HttpOnly"),
                ),
                ("Content-Type".into(), "text/plain".into()),
            ],
            body: b"ok".to_vec(),
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let kv = |pairs: &[(&str, &str)]| -> serde_json::Value {
        pairs
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect()
    };
    let failing = json!([{"listen": "test", "script": {"exec": [
        "console.log(pm.response.text());",
        "pm.test('shows the echo', function () { pm.expect(pm.response.text()).to.equal(''); });"
    ]}}]);
    let items = json!([
        {"name": "apikey-query", "event": failing, "request": {"method": "GET", "url": "http://h/a",
            "auth": {"type": "apikey", "apikey": kv(&[("key", "api_key"), ("value", "APIKEY-q-31f0"), ("in", "query")])}}},
        {"name": "apikey-header", "event": failing, "request": {"method": "GET", "url": "http://h/b",
            "auth": {"type": "apikey", "apikey": kv(&[("key", "X-Partner"), ("value", "APIKEY-h-42aa")])}}},
        {"name": "oauth2-query", "event": failing, "request": {"method": "GET", "url": "http://h/c",
            "auth": {"type": "oauth2", "oauth2": kv(&[("accessToken", "OA2-at-9e0b"), ("addTokenTo", "queryParams")])}}},
        {"name": "oauth1-plaintext", "event": failing, "request": {"method": "GET", "url": "http://h/d",
            "auth": {"type": "oauth1", "oauth1": kv(&[("consumerKey", "ck"), ("consumerSecret", "OA1-cs-71c2"),
                ("token", "OA1-tok-d3e4"), ("tokenSecret", "OA1-ts-55f6"), ("signatureMethod", "PLAINTEXT")])}}},
        {"name": "bearer", "event": failing, "request": {"method": "GET", "url": "http://h/e",
            "auth": {"type": "bearer", "bearer": kv(&[("token", "BEARER-tk-0c8d")])}}},
        {"name": "awsv4", "event": failing, "request": {"method": "GET", "url": "http://h/f",
            "auth": {"type": "awsv4", "awsv4": kv(&[("accessKey", "AKIDEXAMPLE"), ("secretKey", "AWS-sk-6b2e/K7MDENG"),
                ("sessionToken", "AWS-st-1f9a"), ("region", "us-east-1"), ("service", "execute-api")])}}},
        {"name": "login", "request": {"method": "POST", "url": "http://h/login"},
         "event": [{"listen": "test", "script": {"exec": [
            "pm.environment.set('plain_name', pm.response.headers.get('X-Auth-Token'));",
            "pm.environment.set('jar', pm.response.headers.get('Set-Cookie'));"
         ]}}]},
        {"name": "reuse", "event": failing, "request": {"method": "GET", "url": "http://h/g?h={{plain_name}}&c={{jar}}"}}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let mut args = vec!["run", "c.json", "--base-url", &base];
    args.extend(REPORTING);
    args.push("out/globals.json");
    let run = conform(dir.path(), &args);
    assert_eq!(run.code, 1, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 8, "{run:?}");
    assert!(seen[0].query().unwrap_or("").contains("APIKEY-q-31f0"));
    // PLAINTEXT's signature is the two secrets joined: the server saw it, the echo shows it.
    let oauth1 = seen[3].query().unwrap_or("");
    assert!(
        oauth1.contains("oauth_signature=OA1-cs-71c2%26OA1-ts-55f6"),
        "{oauth1}"
    );
    assert!(seen[7].query().unwrap_or("").contains(header_token));
    let written = everything_written(dir.path(), &run);
    assert_no_leak(
        &written,
        &[
            "APIKEY-q-31f0",
            "APIKEY-h-42aa",
            "OA2-at-9e0b",
            "OA1-cs-71c2",
            "OA1-tok-d3e4",
            "OA1-ts-55f6",
            "OA1-cs-71c2&OA1-ts-55f6",
            "BEARER-tk-0c8d",
            "AWS-sk-6b2e/K7MDENG",
            "AWS-st-1f9a",
            header_token,
            cookie,
        ],
    );
    // The exported variable holding the header token is masked though its name is not secret.
    let env: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/env.json")).unwrap())
            .unwrap();
    let plain = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "plain_name")
        .unwrap();
    assert_eq!(plain["value"], "***");
}
