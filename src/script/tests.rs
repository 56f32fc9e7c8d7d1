//! Engine-level tests: events, variables, request mutation, errors, timeouts, modules.

use super::*;
use crate::request::{HttpRequest, HttpResponse};
use crate::vars::{Scope, VarStore};
use serde_json::{Value, json};
use std::time::Instant;

mod chai_table;
mod libs_crypto;
mod libs_html;
mod libs_lodash;
mod libs_moment;
mod libs_node;
mod limits_and_async;

pub(super) fn req() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:8080/api/v1/token?x=1".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Accept".into(), "*/*".into()),
        ],
        body: Some(br#"{"id":"a"}"#.to_vec()),
    }
}

pub(super) fn res(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        reason: match status {
            200 => "OK".into(),
            401 => "Unauthorized".into(),
            _ => "Other".into(),
        },
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Set-Cookie".into(), "sid=abc; Path=/; HttpOnly".into()),
        ],
        body: body.as_bytes().to_vec(),
        time_ms: 12.5,
    }
}

fn no_send(_: HttpRequest) -> Result<HttpResponse, String> {
    Err("no network in this test".into())
}

/// Rejects any `a` that is not a string, the way a real validator reports it.
pub(super) fn fake_schema(schema: &Value, data: &Value) -> Result<(), Vec<String>> {
    if schema.get("fail").is_some() || data.get("a").is_some_and(|a| !a.is_string()) {
        return Err(vec!["/a: must be string".into()]);
    }
    Ok(())
}

pub(super) fn src(code: &str) -> ScriptSource {
    ScriptSource {
        code: code.into(),
        label: "test script of 'T'".into(),
    }
}

fn info() -> ScriptInfo {
    ScriptInfo {
        iteration: 2,
        iteration_count: 5,
        request_name: "User Token".into(),
        request_id: "id-1".into(),
    }
}

pub(super) fn engine() -> ScriptEngine {
    ScriptEngine::new(ScriptOptions::default()).expect("engine starts")
}

/// Runs `scripts` as one event; returns the outcome and the request as it would be sent.
pub(super) fn event(
    engine: &mut ScriptEngine,
    kind: EventKind,
    vars: &mut VarStore,
    scripts: &[ScriptSource],
    response: Option<&HttpResponse>,
) -> (EventOutcome, HttpRequest) {
    let mut request = req();
    let mut send = no_send;
    let mut ctx = ScriptContext {
        vars,
        request: &mut request,
        response,
        info: info(),
        send: &mut send,
        validate_schema: &fake_schema,
    };
    let out = engine.run_event(kind, scripts, &mut ctx);
    (out, request)
}

pub(super) fn test_event(
    engine: &mut ScriptEngine,
    vars: &mut VarStore,
    code: &str,
    response: &HttpResponse,
) -> EventOutcome {
    event(engine, EventKind::Test, vars, &[src(code)], Some(response)).0
}

fn statuses(out: &EventOutcome) -> Vec<(String, TestStatus)> {
    out.tests
        .iter()
        .map(|t| (t.name.clone(), t.status.clone()))
        .collect()
}

const SAHAMATI: &str = r#"pm.test("x", function(){ pm.response.to.have.status(200); }); if (pm.response.code == 200) { pm.environment.set("user_token", pm.response.json().accessToken); }"#;

#[test]
fn sahamati_script_passes_and_stores_the_token() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let out = test_event(
        &mut e,
        &mut vars,
        SAHAMATI,
        &res(200, r#"{"accessToken":"tok-1"}"#),
    );
    assert_eq!(statuses(&out), vec![("x".to_string(), TestStatus::Passed)]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        vars.get(Scope::Environment, "user_token"),
        Some(&json!("tok-1"))
    );

    let out = test_event(&mut e, &mut vars, SAHAMATI, &res(401, r#"{"error":"bad"}"#));
    assert_eq!(
        out.tests[0].status,
        TestStatus::Failed("expected response to have status code 200 but got 401".into())
    );
    assert_eq!(
        vars.get(Scope::Environment, "user_token"),
        Some(&json!("tok-1"))
    );
}

#[test]
fn script_time_per_request_is_printed() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let response = res(200, r#"{"accessToken":"tok-1","expiresIn":3600}"#);
    test_event(&mut e, &mut vars, SAHAMATI, &response);
    let runs = 1000;
    let (t0, c0) = (Instant::now(), cpu_ns());
    for _ in 0..runs {
        let out = test_event(&mut e, &mut vars, SAHAMATI, &response);
        assert_eq!(out.tests.len(), 1);
    }
    let wall = t0.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    let cpu = (cpu_ns() - c0) as f64 / 1e3 / f64::from(runs);
    println!(
        "sahamati test script over {runs} runs: {wall:.1} µs wall, {cpu:.1} µs cpu per request"
    );
}

#[test]
fn variables_round_trip_across_events_and_keep_json_types() {
    let mut e = engine();
    let mut vars = VarStore::new();
    vars.set(Scope::Global, "g", json!("global"));
    vars.set(Scope::Environment, "shadow", json!("env"));
    vars.set(Scope::Data, "row", json!("r1"));
    let code = r#"
        pm.environment.set("token", pm.response.json().accessToken);
        pm.environment.set("count", 3);
        pm.collectionVariables.set("obj", {a: [1, true]});
        pm.globals.unset("g");
        pm.variables.set("shadow", "local");
        pm.test("resolved", function () {
            pm.expect(pm.variables.get("shadow")).to.equal("local");
            pm.expect(pm.environment.get("shadow")).to.equal("env");
            pm.expect(pm.iterationData.get("row")).to.equal("r1");
            pm.expect(pm.globals.has("g")).to.be.false;
            pm.expect(pm.variables.replaceIn("{{token}}-{{row}}-{{nope}}")).to.equal("tok-9-r1-{{nope}}");
            pm.expect(pm.environment.toObject()).to.eql({shadow: "env", token: "tok-9", count: 3});
        });
    "#;
    let out = test_event(
        &mut e,
        &mut vars,
        code,
        &res(200, r#"{"accessToken":"tok-9"}"#),
    );
    assert_eq!(
        statuses(&out),
        vec![("resolved".to_string(), TestStatus::Passed)]
    );
    assert_eq!(vars.get(Scope::Environment, "count"), Some(&json!(3)));
    assert_eq!(
        vars.get(Scope::Collection, "obj"),
        Some(&json!({"a": [1, true]}))
    );
    assert_eq!(vars.get(Scope::Local, "shadow"), Some(&json!("local")));
    assert!(!vars.has(Scope::Global, "g"));

    let pre = r#"pm.request.headers.upsert({key: "Authorization", value: "Bearer " + pm.environment.get("token")});
                 pm.test("typed", function () { pm.expect(pm.environment.get("count")).to.equal(3); });"#;
    let (out, sent) = event(&mut e, EventKind::PreRequest, &mut vars, &[src(pre)], None);
    assert_eq!(
        statuses(&out),
        vec![("typed".to_string(), TestStatus::Passed)]
    );
    assert!(
        sent.headers
            .contains(&("Authorization".to_string(), "Bearer tok-9".to_string()))
    );
}

#[test]
fn pre_request_changes_are_what_gets_sent() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"
        pm.request.url.query.add({key: "y", value: "2"});
        pm.request.url.path.push("extra");
        pm.request.headers.add({key: "X-Sig", value: "s1"});
        pm.request.headers.upsert({key: "content-type", value: "text/plain"});
        pm.request.headers.remove("accept");
        pm.request.body.update("new body");
        pm.request.method = "put";
    "#;
    let (out, sent) = event(&mut e, EventKind::PreRequest, &mut vars, &[src(code)], None);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(sent.url, "http://127.0.0.1:8080/api/v1/token/extra?x=1&y=2");
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.headers,
        vec![
            ("Content-Type".to_string(), "text/plain".to_string()),
            ("X-Sig".to_string(), "s1".to_string())
        ]
    );
    assert_eq!(sent.body.as_deref(), Some(&b"new body"[..]));

    let (_, sent) = event(
        &mut e,
        EventKind::PreRequest,
        &mut vars,
        &[src("pm.request.url = 'https://example.test/a?b';")],
        None,
    );
    assert_eq!(sent.url, "https://example.test/a?b");

    let (_, sent) = event(
        &mut e,
        EventKind::PreRequest,
        &mut vars,
        &[src(
            "var u = pm.request.url.toString(); pm.request.headers.get('Accept');",
        )],
        None,
    );
    assert_eq!(sent, req(), "reading the request must not rewrite it");
}

#[test]
fn urlencoded_bodies_can_be_edited_as_lists() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let mut request = HttpRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:8080/form".into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(b"a=1&b=2".to_vec()),
    };
    let mut send = no_send;
    let code = r#"
        pm.test("mode", function () { pm.expect(pm.request.body.mode).to.equal("urlencoded"); });
        pm.request.body.urlencoded.upsert({key: "b", value: "3"});
        pm.request.body.urlencoded.add({key: "c", value: "4"});
        pm.request.body.urlencoded.remove("a");
    "#;
    let out = {
        let mut ctx = ScriptContext {
            vars: &mut vars,
            request: &mut request,
            response: None,
            info: info(),
            send: &mut send,
            validate_schema: &fake_schema,
        };
        e.run_event(EventKind::PreRequest, &[src(code)], &mut ctx)
    };
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        statuses(&out),
        vec![("mode".to_string(), TestStatus::Passed)]
    );
    assert_eq!(request.body.as_deref(), Some(&b"b=3&c=4"[..]));
}

#[test]
fn runaway_recursion_is_a_range_error_not_a_crash() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let out = test_event(
        &mut e,
        &mut vars,
        "function f(n) {\n  return f(n + 1) + 1;\n}\nf(0);",
        &res(200, "{}"),
    );
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].starts_with("test script of 'T', line 2: RangeError: "),
        "{}",
        out.errors[0]
    );
    let out = test_event(&mut e, &mut vars, SAHAMATI, &res(200, "{}"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

#[test]
fn request_reads_in_scripts() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"pm.test("req", function () {
        pm.expect(pm.request.method).to.equal("POST");
        pm.expect(pm.request.url.getHost()).to.equal("127.0.0.1");
        pm.expect(pm.request.url.port).to.equal("8080");
        pm.expect(pm.request.url.getPath()).to.equal("/api/v1/token");
        pm.expect(pm.request.url.query.get("x")).to.equal("1");
        pm.expect(pm.request.headers.get("content-type")).to.equal("application/json");
        pm.expect(JSON.parse(pm.request.body.raw)).to.eql({id: "a"});
        pm.expect(pm.info.requestName).to.equal("User Token");
        pm.expect(pm.info.eventName).to.equal("test");
        pm.expect(pm.info.iteration).to.equal(2);
        pm.expect(pm.info.iterationCount).to.equal(5);
        pm.expect(pm.cookies.get("sid")).to.equal("abc");
        pm.expect(pm.response.headers.get("CONTENT-TYPE")).to.equal("application/json");
        pm.expect(pm.response.reason()).to.equal("OK");
        pm.expect(pm.response.responseTime).to.equal(12.5);
    });"#;
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert_eq!(
        statuses(&out),
        vec![("req".to_string(), TestStatus::Passed)]
    );
}

#[test]
fn set_next_request() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let r = res(200, "{}");
    let cases: [(&str, Option<NextRequest>); 4] = [
        (
            "postman.setNextRequest('Login');",
            Some(NextRequest::Name("Login".into())),
        ),
        ("postman.setNextRequest(null);", Some(NextRequest::Stop)),
        (
            "pm.execution.setNextRequest('A'); postman.setNextRequest('B');",
            Some(NextRequest::Name("B".into())),
        ),
        ("var a = 1;", None),
    ];
    for (code, want) in cases {
        assert_eq!(
            test_event(&mut e, &mut vars, code, &r).next_request,
            want,
            "{code}"
        );
    }
}

#[test]
fn send_request_goes_through_the_fake_client_before_the_script_ends() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let mut request = req();
    let mut seen: Vec<HttpRequest> = Vec::new();
    let mut send = |r: HttpRequest| -> Result<HttpResponse, String> {
        seen.push(r.clone());
        if r.url.contains("down") {
            return Err("connection refused".into());
        }
        Ok(res(200, r#"{"accessToken":"from-send"}"#))
    };
    let code = r#"
        pm.sendRequest({url: "http://127.0.0.1:9/token", method: "POST",
                        header: {"Content-Type": "application/json"},
                        body: {mode: "raw", raw: JSON.stringify({id: 1})}}, function (err, res) {
            pm.test("callback", function () {
                pm.expect(err).to.be.null;
                pm.expect(res.code).to.equal(200);
                pm.environment.set("sent_token", res.json().accessToken);
            });
        });
        pm.sendRequest("http://127.0.0.1:9/down", function (err, res) {
            pm.test("error", function () { pm.expect(err.message).to.equal("connection refused"); });
        });
        pm.sendRequest({url: "http://127.0.0.1:9/form", method: "post",
                        body: {mode: "urlencoded", urlencoded: [{key: "a b", value: "c&d"}]}});
    "#;
    let out = {
        let mut ctx = ScriptContext {
            vars: &mut vars,
            request: &mut request,
            response: None,
            info: info(),
            send: &mut send,
            validate_schema: &fake_schema,
        };
        e.run_event(EventKind::PreRequest, &[src(code)], &mut ctx)
    };
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        statuses(&out),
        vec![
            ("callback".to_string(), TestStatus::Passed),
            ("error".to_string(), TestStatus::Passed)
        ]
    );
    assert_eq!(
        vars.get(Scope::Environment, "sent_token"),
        Some(&json!("from-send"))
    );
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].headers,
        vec![("Content-Type".to_string(), "application/json".to_string())]
    );
    assert_eq!(seen[0].body.as_deref(), Some(&br#"{"id":1}"#[..]));
    assert_eq!(seen[1].method, "GET");
    assert_eq!(seen[2].body.as_deref(), Some(&b"a%20b=c%26d"[..]));
    assert_eq!(
        seen[2].headers,
        vec![(
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded".to_string()
        )]
    );
}

#[test]
fn legacy_sandbox_api() {
    let mut e = engine();
    let mut vars = VarStore::new();
    vars.set(Scope::Environment, "seeded", json!("yes"));
    vars.set(Scope::Global, "g", json!(1));
    vars.set(Scope::Data, "row", json!("r1"));
    let code = r#"
        tests["status is 200"] = responseCode.code === 200;
        tests["body has token"] = responseBody.indexOf("accessToken") !== -1;
        tests["header"] = responseHeaders["Content-Type"] === "application/json";
        tests["time"] = responseTime > 0;
        tests["env snapshot"] = environment.seeded === "yes";
        tests["globals snapshot"] = globals.g === 1;
        tests["data"] = data.row === "r1";
        tests["iteration"] = iteration === 2;
        tests["request"] = request.method === "POST" && request.headers["Content-Type"] === "application/json";
        tests["cookie"] = postman.getResponseCookie("sid").value === "abc";
        tests["legacy globals"] = CryptoJS.MD5("").toString() === "d41d8cd98f00b204e9800998ecf8427e" && typeof tv4.validate === "function";
        postman.setEnvironmentVariable("num", 5);
        tests["fails"] = responseCode.code === 201;
        postman.setEnvironmentVariable("t", JSON.parse(responseBody).accessToken);
        postman.setGlobalVariable("gg", "v");
        postman.clearEnvironmentVariable("seeded");
        tests["get env"] = postman.getEnvironmentVariable("t") === "tok";
        tests["get global"] = postman.getGlobalVariable("gg") === "v";
        postman.clearGlobalVariable("g");
    "#;
    let out = test_event(
        &mut e,
        &mut vars,
        code,
        &res(200, r#"{"accessToken":"tok"}"#),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let failed: Vec<_> = out
        .tests
        .iter()
        .filter(|t| t.status != TestStatus::Passed)
        .map(|t| (t.name.as_str(), t.status.clone()))
        .collect();
    assert_eq!(
        failed,
        vec![(
            "fails",
            TestStatus::Failed("expected tests[\"fails\"] to be truth-like".into())
        )]
    );
    assert_eq!(out.tests.len(), 14);
    assert_eq!(vars.get(Scope::Environment, "num"), Some(&json!("5")));
    assert_eq!(vars.get(Scope::Environment, "t"), Some(&json!("tok")));
    assert!(!vars.has(Scope::Environment, "seeded"));
    assert!(!vars.has(Scope::Global, "g"));
    assert_eq!(vars.get(Scope::Global, "gg"), Some(&json!("v")));
}

#[test]
fn crypto_js_matches_known_vectors() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let fox = "The quick brown fox jumps over the lazy dog";
    let cases = [
        (
            format!("C.HmacSHA256('{fox}', 'key').toString()"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        ),
        (
            format!("C.HmacSHA256('{fox}', 'key').toString(C.enc.Base64)"),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=",
        ),
        (
            format!("C.HmacSHA1('{fox}', 'key').toString()"),
            "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
        ),
        (
            "C.SHA1('abc').toString()".into(),
            "a9993e364706816aba3e25717850c26c9cd0d89d",
        ),
        (
            "C.MD5('').toString()".into(),
            "d41d8cd98f00b204e9800998ecf8427e",
        ),
        (
            "C.MD5('abc').toString(C.enc.Hex)".into(),
            "900150983cd24fb0d6963f7d28e17f72",
        ),
        (
            "C.SHA256('abc').toString()".into(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            "C.SHA512('abc').toString().slice(0, 32)".into(),
            "ddaf35a193617abacc417349ae204131",
        ),
        (
            "C.enc.Base64.stringify(C.enc.Utf8.parse('hello'))".into(),
            "aGVsbG8=",
        ),
        (
            "C.enc.Utf8.stringify(C.enc.Base64.parse('aMOpbGxv'))".into(),
            "h\u{e9}llo",
        ),
        (
            "C.enc.Hex.stringify(C.enc.Utf8.parse('\u{e9}'))".into(),
            "c3a9",
        ),
        (
            "C.SHA256(C.enc.Hex.parse('616263')).toString()".into(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            "String(C.lib.WordArray.create([0x61626300], 3).toString(C.enc.Latin1))".into(),
            "abc",
        ),
        ("btoa('hello') + atob('aGVsbG8=')".into(), "aGVsbG8=hello"),
    ];
    for (expr, want) in cases {
        let code = format!("var C = require('crypto-js'); pm.environment.set('out', {expr});");
        let out = test_event(&mut e, &mut vars, &code, &res(200, "{}"));
        assert!(out.errors.is_empty(), "{expr}: {:?}", out.errors);
        assert_eq!(
            vars.get(Scope::Environment, "out"),
            Some(&json!(want)),
            "{expr}"
        );
    }
}

#[test]
fn other_modules() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"
        pm.test("uuid", function () {
            pm.expect(require('uuid').v4()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        });
        pm.test("tv4", function () {
            var tv4 = require('tv4');
            pm.expect(tv4.validate({a: "s"}, {type: "object"})).to.be.true;
            pm.expect(tv4.validate({a: 1}, {type: "object"})).to.be.false;
            pm.expect(tv4.error.message).to.equal("must be string");
            pm.expect(tv4.error.dataPath).to.equal("/a");
        });
        pm.test("ajv", function () {
            var Ajv = require('ajv'), ajv = new Ajv({allErrors: true});
            // Ajv validates in Rust itself (formats asserted), not through the run's validator.
            var validate = ajv.compile({type: "object", properties: {a: {type: "string"}}});
            pm.expect(validate({a: 1})).to.be.false;
            pm.expect(ajv.errorsText(validate.errors)).to.equal('data/a 1 is not of type "string"');
            pm.expect(ajv.validate({type: "string", format: "uri"}, "{{x}}/200")).to.be.false;
            pm.expect(ajv.validate({type: "string", format: "date-time"}, "2020-01-01T12:00:00")).to.be.false;
            pm.expect(ajv.validate({type: "string", format: "date-time"}, "2020-01-01T12:00:00Z")).to.be.true;
            pm.expect(function () { ajv.validate({format: "no-such"}, "x"); }).to.throw(/no-such/);
            ajv.addFormat("code", /^[A-Z]{3}$/);
            pm.expect(ajv.validate({format: "code"}, "ABC")).to.be.true;
            pm.expect(ajv.validate({format: "code"}, "abc")).to.be.false;
            ajv.addFormat("any", function () { return false; });
            pm.expect(ajv.validate({format: "any"}, "x")).to.be.true;
            pm.expect(tv4.validate("{{x}}/200", {type: "string", format: "uri"})).to.be.true;
        });
    "#;
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(
        out.tests.iter().all(|t| t.status == TestStatus::Passed),
        "{:?}",
        out.tests
    );

    let out = test_event(
        &mut e,
        &mut vars,
        "var fs = require('fs');",
        &res(200, "{}"),
    );
    assert_eq!(
        out.errors,
        vec![
            "test script of 'T', line 1: Error: require('fs') is not supported by conform; available: uuid, tv4, ajv, lodash, crypto-js, moment, cheerio, csv-parse/lib/sync, buffer, url, querystring, util, path, events, assert, string_decoder, timers"
        ]
    );
}

/// Issue 17: schemas given to jsonSchema, tv4 and Ajv are parsed or compiled once per run, by
/// their text; a schema object changed between two calls is checked as it now is.
#[test]
fn script_schemas_are_cached_by_their_text() {
    let mut e = engine();
    let mut vars = VarStore::new();
    let code = r#"
        var Ajv = require('ajv'), ajv = new Ajv();
        var s = {type: "string"};
        pm.test("ajv before", function () { pm.expect(ajv.validate(s, "x")).to.be.true; });
        s.type = "number";
        pm.test("ajv after", function () { pm.expect(ajv.validate(s, "x")).to.be.false; });
        var t = {type: "object"};
        pm.test("tv4 before", function () { pm.expect(tv4.validate({a: "s"}, t)).to.be.true; });
        t.fail = true;
        pm.test("tv4 after", function () { pm.expect(tv4.validate({a: "s"}, t)).to.be.false; });
        pm.test("jsonSchema", function () { pm.response.to.have.jsonSchema({type: "object", properties: {}}); });
    "#;
    let out = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(
        out.tests.iter().all(|t| t.status == TestStatus::Passed),
        "{:?}",
        out.tests
    );
    // Two Ajv schemas, two tv4 schemas, one jsonSchema schema.
    assert_eq!(e.schemas_built(), 5);
    // The same script on the next response: everything is found in the cache, and the
    // verdicts are the same.
    let again = test_event(&mut e, &mut vars, code, &res(200, "{}"));
    assert_eq!(again, out);
    assert_eq!(e.schemas_built(), 5);
    // A different schema in a later event of the same run is its own entry, with its own verdict.
    let other = test_event(
        &mut e,
        &mut vars,
        r#"var ajv = new (require('ajv'))();
           pm.test("other", function () { pm.expect(ajv.validate({type: "boolean"}, "x")).to.be.false; });
           pm.test("broken", function () { pm.expect(function () { ajv.validate({format: "nope"}, "x"); }).to.throw(/nope/); });
           pm.test("broken again", function () { pm.expect(function () { ajv.validate({format: "nope"}, "x"); }).to.throw(/nope/); });"#,
        &res(200, "{}"),
    );
    assert!(
        other.tests.iter().all(|t| t.status == TestStatus::Passed),
        "{:?}",
        other.tests
    );
    assert_eq!(e.schemas_built(), 7);
}

/// CPU time of this thread (Linux), so the figure does not depend on other load.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}
