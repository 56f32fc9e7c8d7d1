//! A hand-built run for the reporters' tests: two collections, two iterations of one, and every
//! kind of outcome (passed, failed with a diff, broken, not run, unchecked).

use crate::outcome::{
    Broken, BrokenKind, Check, CheckStatus, CoverageInfo, Execution, Failure, NotRun, Outcome,
    RunInfo, RunReport, SchemaResult, SuiteInfo, TransportKind,
};
use crate::request::{HttpRequest, HttpResponse};

pub const IAM: &str = "IAM Token & Users";
pub const HEALTH: &str = "Health";
/// A request name an attacker could choose: every report must show it inert.
pub const HOSTILE: &str = "Refresh <script>alert(1)</script>";

pub const DIFF: &str = "--- documented example\n+++ received body\n@@ -1,3 +1,3 @@\n {\n-  \"status\": \"ok\"\n+  \"status\": \"denied\"\n }";

fn exec(suite: &str, iteration: usize, path: &[&str], outcome: Outcome) -> Execution {
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let name = format!("{suite}::{}", path.join("::"));
    Execution::new(name, suite.to_string(), path, iteration, outcome)
}

fn request(method: &str, url: &str) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url: url.into(),
        headers: vec![
            ("Authorization".into(), "***".into()),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: Some(br#"{"clientId":"fiu-1","secret":"***"}"#.to_vec()),
    }
}

fn response(status: u16, reason: &str, body: &str, time_ms: f64) -> HttpResponse {
    HttpResponse {
        status,
        reason: reason.into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
        time_ms,
    }
}

fn check(name: &str, status: CheckStatus) -> Check {
    Check {
        name: name.into(),
        status,
    }
}

fn schema_ok(file: &str) -> SchemaResult {
    SchemaResult {
        file: Some(file.into()),
        passed: true,
        errors: Vec::new(),
        diff: None,
        unchecked: false,
    }
}

fn login(iteration: usize) -> Execution {
    let mut e = exec(IAM, iteration, &["Auth", "Login"], Outcome::Passed);
    e.request = Some(request("POST", "http://127.0.0.1:8080/v1/token"));
    e.response = Some(response(
        200,
        "OK",
        r#"{"accessToken":"***","expiresIn":300}"#,
        12.5,
    ));
    e.checks = vec![
        check("status is 200", CheckStatus::Passed),
        check("response matches schema", CheckStatus::Passed),
    ];
    e.schema = Some(schema_ok("schemas/token.json"));
    e
}

/// Eight executions: 4 passed (one unchecked), 1 failed, 1 broken, 2 not run.
pub fn report() -> RunReport {
    let mut refresh_failed = exec(IAM, 0, &["Auth", HOSTILE], Outcome::Failed);
    refresh_failed.request = Some(request(
        "POST",
        "http://127.0.0.1:8080/v1/token/refresh?a=1&b=2",
    ));
    refresh_failed.response = Some(response(
        401,
        "Unauthorized",
        r#"{"status":"denied"}"#,
        30.25,
    ));
    refresh_failed.checks = vec![
        check(
            "status is 200",
            CheckStatus::Failed(Failure::Assertion(
                "expected response to have status code 200 but got 401".into(),
            )),
        ),
        check(
            "response matches schema",
            CheckStatus::Failed(Failure::Contract {
                summary: "body does not conform to schemas/token-refresh.json\n  /status: \"denied\" is not one of [\"ok\"]".into(),
            }),
        ),
        check(
            "body has \"token\" <b>",
            CheckStatus::Failed(Failure::Assertion("bell \u{7} and nul \u{0} are not XML".into())),
        ),
        check("is fast", CheckStatus::Passed),
    ];
    refresh_failed.schema = Some(SchemaResult {
        file: Some("schemas/token-refresh.json".into()),
        passed: false,
        errors: vec!["/status: \"denied\" is not one of [\"ok\"]".into()],
        diff: Some(DIFF.into()),
        unchecked: false,
    });
    refresh_failed.console = vec!["token expired & retried".into(), "x < y > z".into()];

    let mut introspect = exec(
        IAM,
        0,
        &["Introspect"],
        Outcome::Broken(Broken::new(
            BrokenKind::Transport(TransportKind::Connect),
            "connection refused: 127.0.0.1:9",
        )),
    );
    introspect.request = Some(request("GET", "http://127.0.0.1:9/v1/introspect"));

    let mut refresh_ok = exec(IAM, 1, &["Auth", HOSTILE], Outcome::Passed);
    refresh_ok.request = Some(request("POST", "http://127.0.0.1:8080/v1/token/refresh"));
    refresh_ok.response = Some(response(200, "OK", r#"{"status":"ok"}"#, 8.0));
    refresh_ok.checks = vec![check("status is 200", CheckStatus::Passed)];

    let mut ping = exec(HEALTH, 0, &["Ping"], Outcome::Passed);
    ping.request = Some(request("GET", "http://127.0.0.1:8080/health"));
    ping.response = Some(response(200, "OK", "pong", 1.0));
    ping.checks = vec![check("optional header", CheckStatus::Skipped)];
    ping.schema = Some(SchemaResult {
        file: None,
        passed: true,
        errors: Vec::new(),
        diff: None,
        unchecked: true,
    });

    RunReport {
        info: RunInfo {
            tool_version: "0.1.0".into(),
            started: "2026-11-25T20:00:00Z".into(),
            duration_ms: 1234.5,
            base_url: Some("http://127.0.0.1:8080".into()),
            environment: Some("local \"dev\"".into()),
            suites: vec![
                SuiteInfo {
                    name: IAM.into(),
                    source: "collections/iam.json".into(),
                    iterations: 2,
                },
                SuiteInfo {
                    name: HEALTH.into(),
                    source: "collections/health.json".into(),
                    iterations: 1,
                },
            ],
            ended_early: Some("--bail: stopped after the first failure".into()),
            coverage: Some(CoverageInfo {
                contracts: vec![crate::outcome::ContractInfo {
                    name: "tokens".into(),
                    origin: "schemas/tokens".into(),
                    responses: 4,
                }],
                responses: 5,
                exercised: vec![
                    "POST /v1/token 200".into(),
                    "POST /v1/token/refresh 401".into(),
                ],
                never_reached: vec!["DELETE /v1/users/{id} 204".into()],
                unchecked: 1,
            }),
        },
        executions: vec![
            login(0),
            refresh_failed,
            introspect,
            login(1),
            refresh_ok,
            exec(IAM, 1, &["Introspect"], Outcome::NotRun(NotRun::Bail)),
            ping,
            exec(
                HEALTH,
                0,
                &["Deep", "Nested", "Status"],
                Outcome::NotRun(NotRun::Skipped),
            ),
        ],
    }
}

/// The same run with nothing optional filled in: no base URL, no coverage, no executions.
pub fn empty() -> RunReport {
    let mut r = report();
    r.info.base_url = None;
    r.info.environment = None;
    r.info.ended_early = None;
    r.info.coverage = None;
    r.executions.clear();
    r
}
