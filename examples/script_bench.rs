//! Benchmark (not a test): script time per request, the way `conform run` spends it: one engine
//! for the run, each distinct script compiled once, one test event per response. Run with
//! `cargo run --release --example script_bench` (bench/script.sh does). The issue's budget is
//! under 30 µs per request for the Sahamati token test script.

use conform::request::{HttpRequest, HttpResponse};
use conform::script::{
    EventKind, ScriptContext, ScriptEngine, ScriptInfo, ScriptOptions, ScriptSource,
};
use conform::vars::{Scope, VarStore};
use serde_json::Value;
use std::time::Instant;

const SAHAMATI_TEST: &str = r#"pm.test("Token generate - Success", function() {
    pm.response.to.have.status(200);
});

if (pm.response.code == 200) {
    pm.environment.set("user_token", pm.response.json().accessToken);
}"#;

const CASES: [(&str, &str); 5] = [
    ("empty script", ""),
    (
        "pm.test + to.have.status",
        "pm.test('ok', function () { pm.response.to.have.status(200); });",
    ),
    (
        "pm.environment.set of a JSON field",
        "pm.environment.set('user_token', pm.response.json().accessToken);",
    ),
    (
        "Sahamati token test script (the bench/run.sh one)",
        SAHAMATI_TEST,
    ),
    (
        "pm.expect chain on three fields",
        "var j = pm.response.json(); pm.test('shape', function () { \
         pm.expect(j.tokenType).to.eql('Bearer'); pm.expect(j.expiresIn).to.be.a('number'); \
         pm.expect(j).to.have.property('accessToken'); });",
    ),
];

fn main() {
    let events: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let request = HttpRequest {
        method: "POST".into(),
        url: "http://127.0.0.1:8080/iam/v1/user/token/generate".into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(b"username=bench%40example.org&password=bench-not-a-secret".to_vec()),
    };
    let response = HttpResponse {
        status: 200,
        reason: "OK".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Content-Length".into(), "372".into()),
        ],
        body: TOKEN_BODY.as_bytes().to_vec(),
        time_ms: 0.2,
    };
    // Engine start-up (runtime, context, prelude bytecode): paid once per run with scripts.
    let starts = 200;
    let t0 = Instant::now();
    for _ in 0..starts {
        drop(ScriptEngine::new(ScriptOptions::default()).expect("engine starts"));
    }
    let per_start = t0.elapsed().as_secs_f64() * 1e6 / starts as f64;
    println!("{per_start:>8.1} µs  engine start-up (mean of {starts})");
    // What a library costs the first script that reaches it (it is loaded once per engine):
    // a fresh engine running one event with the library, minus one running an empty event.
    let first_event = |code: &str| {
        let n = 50;
        let t0 = Instant::now();
        for _ in 0..n {
            let mut engine = ScriptEngine::new(ScriptOptions::default()).expect("engine starts");
            let mut vars = VarStore::new();
            let mut req = request.clone();
            let mut send =
                |_: HttpRequest| -> Result<HttpResponse, String> { Err("no network".into()) };
            let validate = |_: &Value, _: &Value| -> Result<(), Vec<String>> { Ok(()) };
            let mut ctx = ScriptContext {
                vars: &mut vars,
                request: &mut req,
                response: Some(&response),
                info: ScriptInfo::default(),
                send: &mut send,
                validate_schema: &validate,
            };
            let scripts = [ScriptSource {
                code: code.into(),
                label: "test script".into(),
            }];
            let out = engine.run_event(EventKind::Test, &scripts, &mut ctx);
            assert!(out.errors.is_empty(), "{code}: {:?}", out.errors);
        }
        t0.elapsed().as_secs_f64() * 1e6 / f64::from(n)
    };
    let base = first_event("");
    for (name, code) in [
        ("lodash (`_`, 3 over 4)", "_.map([1], String);"),
        (
            "require('lodash') (4)",
            "require('lodash').map([1], String);",
        ),
        ("crypto-js", "CryptoJS.SHA256('a').toString();"),
        ("moment", "require('moment').utc(0).format();"),
        ("cheerio", "cheerio.load('<p>x</p>')('p').text();"),
        ("Buffer + Node modules", "Buffer.from('a').toString('hex');"),
    ] {
        println!("{:>8.1} µs  first use of {name}", first_event(code) - base);
    }
    println!("script time per test event, {events} events per case, one engine per case");
    for (name, code) in CASES {
        let mut engine = ScriptEngine::new(ScriptOptions::default()).expect("engine starts");
        let mut vars = VarStore::new();
        vars.set(
            Scope::Environment,
            "user_token",
            Value::String(String::new()),
        );
        let scripts = [ScriptSource {
            code: code.into(),
            label: "test script of 'User Token'".into(),
        }];
        let mut run = |n: usize| {
            for i in 0..n {
                let mut req = request.clone();
                let mut send =
                    |_: HttpRequest| -> Result<HttpResponse, String> { Err("no network".into()) };
                let validate = |_: &Value, _: &Value| -> Result<(), Vec<String>> { Ok(()) };
                let mut ctx = ScriptContext {
                    vars: &mut vars,
                    request: &mut req,
                    response: Some(&response),
                    info: ScriptInfo {
                        iteration: 0,
                        iteration_count: 1,
                        request_name: format!("User Token {i:05}"),
                        request_id: String::new(),
                    },
                    send: &mut send,
                    validate_schema: &validate,
                };
                let out = engine.run_event(EventKind::Test, &scripts, &mut ctx);
                assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
            }
        };
        run(events / 10);
        let start = Instant::now();
        run(events);
        let per = start.elapsed().as_secs_f64() * 1e6 / events as f64;
        println!("{per:>8.1} µs  {name}");
    }
}

const TOKEN_BODY: &str = concat!(
    r#"{"ver":"1.0.0","timestamp":"2024-07-16T11:33:34.509Z","txnId":"f35761ac-4a18-11e8-96ff-0277a9fbfedc","#,
    r#""accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaEBleGFtcGxlLm9yZyJ9.c2lnbmF0dXJl","#,
    r#""expiresIn":86400,"tokenType":"Bearer","refreshExpiresIn":0,"notBeforePolicy":0,"#,
    r#""scope":"email secret-expiry-ts profile entityMetadata"}"#
);
