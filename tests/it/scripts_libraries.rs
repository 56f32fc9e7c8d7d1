//! Issue 11, point 2: the sandbox's libraries give what Newman gives. Every call in
//! tests/fixtures/sandbox_libraries/cases.json was run through Newman 6.2.2 by record.py
//! (recorded.json); here conform runs the same calls as pm.tests against a loopback server and
//! each must equal Newman's value. No Node at test time.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/sandbox_libraries/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// One test script with a pm.test per case, comparing the value's JSON text with `expected`.
fn compare_script(cases: &Value, expected: &Value) -> Vec<String> {
    let mut lines = vec![
        cases["setup"].as_str().unwrap().to_string(),
        "function __show(v) { if (v === undefined) { return 'undefined'; } if (typeof v === 'function') { return 'function'; } return JSON.stringify(v); }".to_string(),
        "var __checked = 0;".to_string(),
    ];
    for case in cases["cases"].as_array().unwrap() {
        let (name, expr) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        let want = expected[name]
            .as_str()
            .unwrap_or_else(|| panic!("no recorded value for {name}"));
        lines.push(format!(
            "pm.test({n}, function () {{ var got; try {{ got = __show({expr}); }} catch (e) {{ got = 'throws: ' + e.message; }} pm.expect(got).to.equal({w}); __checked++; }});",
            n = json!(name),
            w = json!(want),
        ));
    }
    // How many comparisons held, exported so the test knows every case really ran.
    lines.push("pm.environment.set('checked', __checked);".to_string());
    lines
}

/// Runs the cases; returns the run, the number of cases and how many comparisons held.
fn run_cases(expected: &Value) -> (Run, usize, u64) {
    let cases = fixture("cases.json");
    let server = TestServer::start_blocking(Routes::new().get("/probe", Reply::json(json!({}))));
    let dir = tempfile::tempdir().unwrap();
    let item = json!({"name": "libraries", "request": {"method": "GET", "url": "http://h/probe"},
        "event": [{"listen": "test", "script": {"exec": compare_script(&cases, expected)}}]});
    write_json(dir.path(), "c.json", &collection("c", json!([item])));
    let base = server.url();
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            base.as_str(),
            "--export-environment",
            "env.json",
        ],
    );
    let env = std::fs::read_to_string(dir.path().join("env.json")).unwrap();
    let env: Value = serde_json::from_str(&env).unwrap();
    let checked = env["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "checked")
        .and_then(|v| v["value"].as_u64())
        .unwrap();
    (run, cases["cases"].as_array().unwrap().len(), checked)
}

#[test]
fn library_calls_give_what_newman_gives() {
    let recorded = fixture("recorded.json");
    let (run, n, checked) = run_cases(&recorded["values"]);
    assert!(n >= 80, "the case list shrank to {n}");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(checked as usize, n, "{}", run.stdout);
}

#[test]
fn a_value_that_differs_from_newmans_fails_its_test() {
    let mut values = fixture("recorded.json")["values"].clone();
    values["lodash get path"] = json!("4");
    values["crypto-js hashes"] = json!("[]");
    let (run, n, checked) = run_cases(&values);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(checked as usize, n - 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("failed: crypto-js hashes"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("failed: lodash get path\n    expected '3' to equal '4'"),
        "{}",
        run.stdout
    );
}

const SIGNED_PRE: &str = r#"var sig = CryptoJS.HmacSHA256(pm.request.body.raw, pm.environment.get('key')).toString();
pm.request.headers.add({key: 'X-Signature', value: sig});"#;

const SIGNED_TEST: &str = r#"var x = xml2Json(responseBody);
pm.test("xml status", function () { pm.expect(x.r.status.$.code).to.eql('ok'); });
pm.test("xml items", function () { pm.expect(_.map(x.r.items.i, Number)).to.eql([1, 2]); });
pm.environment.set('when', require('moment').utc(x.r.status._).add(1, 'day').format('YYYY-MM-DD'));"#;

const PAGE_TEST: &str = r#"var $ = cheerio.load(pm.response.text());
pm.test("heading", function () { pm.expect($('h1').text()).to.eql('Hello'); });
pm.test("encoded", function () { pm.expect(Buffer.from($('#b').attr('data-v'), 'base64').toString()).to.eql('héllo'); });
pm.test("links", function () { pm.expect(require('lodash').sortBy($('a').map(function (i, a) { return $(a).attr('href'); }).get())).to.eql(['/a', '/b']); });"#;

fn signed_server() -> TestServer {
    let verify = Reply::func(|r: &Recorded| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"k3y").unwrap();
        mac.update(r.body_text().as_bytes());
        let want: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if r.header("x-signature") == Some(want.as_str()) {
            Reply::text(
                200,
                r#"<r><status code="ok">2024-01-15</status><items><i>1</i><i>2</i></items></r>"#,
            )
        } else {
            Reply::text(401, "<r><status code=\"denied\">bad signature</status></r>")
        }
    });
    let page = "<html><body><h1>Hello</h1><p id=\"b\" data-v=\"aMOpbGxv\"></p><a href=\"/b\">b</a><a href=\"/a\">a</a></body></html>";
    TestServer::start_blocking(
        Routes::new()
            .post("/signed", verify)
            .get("/page", Reply::text(200, page)),
    )
}

fn run_signed(key: &str) -> (Run, TestServer) {
    let server = signed_server();
    let dir = tempfile::tempdir().unwrap();
    let exec = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    let items = json!([
        {"name": "signed", "request": {"method": "POST", "url": "http://h/signed",
            "body": {"mode": "raw", "raw": "{\"amount\":10}"}},
         "event": [{"listen": "prerequest", "script": {"exec": exec(SIGNED_PRE)}},
                   {"listen": "test", "script": {"exec": exec(SIGNED_TEST)}}]},
        {"name": "page", "request": {"method": "GET", "url": "http://h/page?when={{when}}"},
         "event": [{"listen": "test", "script": {"exec": exec(PAGE_TEST)}}]}
    ]);
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let env = format!("key={key}");
    let run = conform(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            base.as_str(),
            "--env-var",
            env.as_str(),
            "--env-var",
            "when=",
        ],
    );
    (run, server)
}

#[test]
fn a_collection_signs_with_crypto_js_and_reads_xml_and_html() {
    let (run, server) = run_signed("k3y");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    // moment's date from the XML reached the next request through a variable.
    assert_eq!(seen[1].query(), Some("when=2024-01-16"));
    assert!(run.stdout.contains("2 passed; 0 failed"), "{}", run.stdout);
}

#[test]
fn a_wrong_signature_key_fails_the_xml_checks() {
    let (run, _server) = run_signed("wrong");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("failed: xml status\n    expected 'denied' to deeply equal 'ok'"),
        "{}",
        run.stdout
    );
}
