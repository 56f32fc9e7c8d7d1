//! Issue 4: the collections' own pm.* scripts run in the embedded engine: chaining, assertions
//! with chai's words, the legacy sandbox, setNextRequest, pre-request mutation, sendRequest,
//! crypto-js, timeouts and error locations.

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};
use serde_json::{Value, json};

fn with_tests(name: &str, request: Value, test: &str) -> Value {
    json!({"name": name, "request": request,
           "event": [{"listen": "test", "script": {"exec": test.lines().collect::<Vec<_>>()}}]})
}

fn with_pre(name: &str, request: Value, pre: &str) -> Value {
    json!({"name": name, "request": request,
           "event": [{"listen": "prerequest", "script": {"exec": pre.lines().collect::<Vec<_>>()}}]})
}

fn run_against(server: &TestServer, items: Value, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.json", &collection("c", items));
    let base = server.url();
    let mut args = vec!["run", "c.json", "--base-url", base.as_str()];
    args.extend_from_slice(extra);
    conform(dir.path(), &args)
}

#[test]
fn the_real_sahamati_collection_chains_the_user_token_into_the_next_requests() {
    let Some(dir) = sahamati_dir() else { return };
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl";
    let secret_route = Reply::func(move |r: &Recorded| {
        if r.header("authorization") == Some(&format!("Bearer {token}")) {
            Reply::json(json!({"ver": "1.0.0", "entityId": "FIU-SIMULATOR", "secret": "s"}))
        } else {
            Reply::Json(401, json!({"errorCode": "Unauthorized"}))
        }
    });
    let server = TestServer::start_blocking(
        Routes::new()
            .post(
                "/iam/v1/user/token/generate",
                Reply::json(json!({"accessToken": token, "expiresIn": 86400})),
            )
            .post(
                "/iam/v1/entity/token/generate",
                Reply::Json(401, json!({"errorCode": "Unauthorized"})),
            )
            .post("/iam/v1/entity/secret/read", secret_route.clone())
            .post("/iam/v1/entity/secret/reset", secret_route),
    );
    let work = tempfile::tempdir().unwrap();
    let base = server.url();
    let run = conform(
        work.path(),
        &[
            "run",
            dir.join("IAM-Service[Token].postman_collection.json")
                .to_str()
                .unwrap(),
            "-e",
            dir.join("Sandbox - SahamatiNet.postman_environment.json")
                .to_str()
                .unwrap(),
            "--base-url",
            &base,
            "--env-var",
            "username=u@example.com",
            "--env-var",
            "password=pw",
            "--export-environment",
            "out.json",
            "--export-secrets",
            // The stub's secret routes answer no documented shape; the chaining is the point.
            "--no-builtin-schemas",
        ],
    );
    // The member token call is answered 401 here, so its pm.test fails: exit 1, one failure.
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("expected response to have status code 200 but got 401"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("1 passed; 1 failed") || run.stdout.contains("3 passed; 1 failed"),
        "{run:?}"
    );
    let seen = server.requests();
    assert_eq!(
        seen[2].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(
        seen[3].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(work.path().join("out.json")).unwrap())
            .unwrap();
    let user_token = exported["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == "user_token")
        .unwrap();
    assert_eq!(user_token["value"], token);
    // The token the server returned never reaches the console.
    assert!(!run.all().contains(token), "{run:?}");
}

#[test]
fn failed_assertions_use_chais_words_and_passing_ones_count() {
    let server = TestServer::start_blocking(
        Routes::new().get("/x", Reply::Json(401, json!({"a": 1, "list": [1, 2]}))),
    );
    let test = r#"pm.test("status is 200", function () { pm.response.to.have.status(200); });
pm.test("code equals", function () { pm.expect(pm.response.code).to.equal(200); });
pm.test("has property", function () { pm.expect(pm.response.json()).to.have.property('b'); });
pm.test("length", function () { pm.expect(pm.response.json().list).to.have.lengthOf(3); });
pm.test("passes", function () { pm.expect(pm.response.json().a).to.be.a('number').and.to.be.above(0); });
console.log("seen", pm.response.code);"#;
    let run = run_against(
        &server,
        json!([with_tests("r", json!("http://h/x"), test)]),
        &[],
    );
    assert_eq!(run.code, 1, "{run:?}");
    for m in [
        "failed: status is 200\n    expected response to have status code 200 but got 401",
        "failed: code equals\n    expected 401 to equal 200",
        "failed: has property\n    expected { a: 1, list: [ 1, 2 ] } to have property 'b'",
        "failed: length\n    expected [ 1, 2 ] to have a length of 3 but got 2",
        "console:\n    log: seen 401",
    ] {
        assert!(run.stdout.contains(m), "{m}\n{run:?}");
    }
    assert!(!run.stdout.contains("failed: passes"), "{run:?}");
}

#[test]
fn the_legacy_sandbox_still_works() {
    let server = TestServer::start_blocking(Routes::new());
    let test = r#"tests["status code is 200"] = responseCode.code === 200;
tests["body mentions GET"] = responseBody.indexOf("GET") !== -1;
postman.setEnvironmentVariable("legacy", "from-legacy");
tests["fails"] = false;"#;
    let items = json!([
        with_tests("a", json!("http://h/a"), test),
        item("b", json!("http://h/b?v={{legacy}}"))
    ]);
    let run = run_against(&server, items, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("failed: fails"), "{run:?}");
    assert!(
        !run.stdout.contains("failed: status code is 200"),
        "{run:?}"
    );
    assert_eq!(server.requests()[1].target, "/b?v=from-legacy");
}

#[test]
fn set_next_request_loops_jumps_and_stops() {
    let server = TestServer::start_blocking(Routes::new());
    let items = json!([
        with_tests(
            "poll",
            json!("http://h/poll"),
            r#"var n = (pm.environment.get("n") || 0) + 1;
pm.environment.set("n", n);
if (n < 3) { postman.setNextRequest("poll"); } else { postman.setNextRequest("last"); }"#
        ),
        item("skipped", json!("http://h/skipped")),
        with_tests(
            "last",
            json!("http://h/last"),
            "postman.setNextRequest(null);"
        ),
        item("never", json!("http://h/never"))
    ]);
    let run = run_against(&server, items, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(paths, ["/poll", "/poll", "/poll", "/last"]);
    assert!(
        run.stdout
            .contains("ignored (not run: skipped by postman.setNextRequest)"),
        "{run:?}"
    );
}

#[test]
fn pre_request_scripts_change_what_is_sent_and_send_requests_of_their_own() {
    let server = TestServer::start_blocking(
        Routes::new().get("/nonce", Reply::json(json!({"nonce": "n-42"}))),
    );
    let pre = r#"pm.request.headers.add({key: "X-Added", value: "yes"});
pm.request.url.query.add("page=2");
var CryptoJS = require("crypto-js");
pm.request.headers.upsert({key: "X-Sig", value: CryptoJS.HmacSHA256("The quick brown fox jumps over the lazy dog", "key").toString()});
pm.sendRequest(pm.environment.get("base") + "/nonce", function (err, res) {
  pm.variables.set("nonce", res.json().nonce);
});"#;
    let base = server.url();
    let items = json!([with_pre(
        "r",
        json!({"method": "POST", "url": "http://h/target?x={{nonce}}",
        "body": {"mode": "raw", "raw": "{{nonce}}"}}),
        pre
    )]);
    let run = run_against(&server, items, &["--env-var", &format!("base={base}")]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(seen[0].target, "/nonce");
    let sent = &seen[1];
    assert_eq!(sent.target, "/target?x=n-42&page=2");
    assert_eq!(sent.header("x-added"), Some("yes"));
    assert_eq!(
        sent.header("x-sig"),
        Some("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    );
    assert_eq!(sent.body_text(), "n-42");
}

#[test]
fn a_script_error_names_its_script_and_line_and_an_endless_loop_times_out() {
    let server = TestServer::start_blocking(Routes::new());
    let items = json!([
        with_tests(
            "thrower",
            json!("http://h/1"),
            "var a = 1;\nvar b = 2;\nnull.boom();"
        ),
        with_pre("looper", json!("http://h/2"), "while (true) {}"),
        item("after", json!("http://h/3"))
    ]);
    let run = run_against(&server, items, &["--timeout-script", "300"]);
    // Script errors are failures of their execution (exit 1, as Newman), not "could not
    // complete" (3): the requests were all sent and answered.
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("test script of 'thrower', line 3: TypeError:"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("pre-request script of 'looper': script timed out after 300 ms"),
        "{run:?}"
    );
    // As Newman (issue 11.4), a failing pre-request script does not stop its request.
    let paths: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(paths, ["/1", "/2", "/3"]);
    assert_eq!(status_of(&run, "c::looper"), Some("FAILED"), "{run:?}");
    assert_eq!(status_of(&run, "c::thrower"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("test script error"), "{run:?}");
}

/// Issue 11.4: a pre-request script that throws does not stop its request (as in Newman): it
/// is sent, the test script runs, and the error is a failed check of that execution with its
/// line, in the console and in the JSON report.
#[test]
fn a_throwing_pre_request_script_still_sends_and_fails_with_its_line() {
    let server = TestServer::start_blocking(Routes::new());
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.json");
    let report_arg = report.display().to_string();
    let items = json!([{
        "name": "thrower",
        "request": "http://h/sent",
        "event": [
            {"listen": "prerequest", "script": {"exec": ["var ok = 1;", "missing.call();"]}},
            {"listen": "test", "script": {"exec": [
                "pm.test('test script ran', function () { pm.response.to.have.status(200); });"
            ]}}
        ]
    }]);
    let run = run_against(&server, items, &["--reporter-json-export", &report_arg]);
    assert_eq!(run.code, 1, "a failure, not a broken request: {run:?}");
    assert_eq!(server.requests().len(), 1, "{run:?}");
    assert!(
        run.stdout
            .contains("pre-request script of 'thrower', line 2: ReferenceError"),
        "{run:?}"
    );
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let checks = &json["executions"][0]["assertions"];
    assert_eq!(checks[0]["name"], "pre-request script error", "{checks}");
    assert_eq!(checks[0]["passed"], false);
    assert!(checks[0]["error"].as_str().unwrap().contains("line 2"));
    assert_eq!(checks[1]["name"], "test script ran");
    assert_eq!(checks[1]["passed"], true);
}

#[test]
fn one_script_cannot_break_the_scripts_of_later_requests() {
    let server = TestServer::start_blocking(Routes::new());
    let vandal = "Array.prototype.map = function () { throw new Error('map was replaced'); };
Object.prototype.polluted = 'yes';
String.prototype.trim = null;
JSON = { parse: function () { return 'forged'; } };
leaked = 42;
function spin() { return Promise.resolve().then(spin); }
spin();";
    let check = "pm.test('clean globals', function () {
  pm.expect([1, 2].map(function (x) { return x * 2; })).to.eql([2, 4]);
  pm.expect(({}).polluted).to.equal(undefined);
  pm.expect(' a '.trim()).to.equal('a');
  pm.expect(JSON.parse('{\"a\":1}').a).to.equal(1);
  pm.expect(typeof leaked).to.equal('undefined');
});
pm.test('promises still run', function (done) {
  Promise.resolve(7).then(function (v) { pm.expect(v).to.equal(7); done(); });
});";
    let items = json!([
        with_tests(
            "vandal",
            json!({"method": "GET", "url": "http://h/a"}),
            vandal
        ),
        with_tests(
            "first after",
            json!({"method": "GET", "url": "http://h/b"}),
            check
        ),
        with_tests(
            "second after",
            json!({"method": "GET", "url": "http://h/c"}),
            check
        ),
    ]);
    let run = run_against(&server, items, &[]);
    // The runaway promise chain breaks its own script, and only that one.
    assert_eq!(status_of(&run, "c::vandal"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("callbacks"), "{run:?}");
    assert_eq!(status_of(&run, "c::first after"), Some("ok"), "{run:?}");
    assert_eq!(status_of(&run, "c::second after"), Some("ok"), "{run:?}");
}

/// Issue 13.5: a failed equality shows the values whole (chai cuts them at 40 characters, which
/// hides the difference), up to 400 characters.
#[test]
fn a_failure_message_shows_long_values_whole() {
    let server = TestServer::start_blocking(Routes::new());
    let long = format!("{}-tail-that-differs", "v".repeat(100));
    let code = format!("pm.test('long', () => pm.expect('{long}').to.eql('short'));");
    let items = json!([with_tests("long", json!("http://h/1"), &code)]);
    let run = run_against(&server, items, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("expected '{long}' to deeply equal 'short'")),
        "{run:?}"
    );
}
