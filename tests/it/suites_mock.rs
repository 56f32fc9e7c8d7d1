//! Issue 6: the shipped suites pass against the reference mock end to end (`conform run --mock`,
//! the README's main command), and every drift of the mock is caught with a message that names
//! the problem.

use crate::common::*;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn summary(run: &Run) -> &str {
    run.stdout
        .lines()
        .find(|l| l.starts_with("test result:"))
        .unwrap_or("")
}

#[test]
fn run_mock_passes_every_shipped_suite() {
    let run = conform(repo(), &["run", "--mock"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        summary(&run).starts_with("test result: ok. 26 passed; 0 failed"),
        "{run:?}"
    );
    assert!(run.stdout.contains("schema coverage: "), "{run:?}");
}

#[test]
fn each_drift_of_the_mock_fails_the_run_with_a_message_naming_it() {
    let cases = [
        (
            "missing-field",
            "accessToken: expected undefined to be a string",
        ),
        (
            "wrong-type",
            "/expiresIn: \"86400\" is not of type \"integer\"",
        ),
        (
            "wrong-status",
            "expected response to have status code 401 but got 200",
        ),
        ("wrong-content-type", "text/plain"),
        ("not-json", "<html"),
    ];
    for (drift, message) in cases {
        let run = conform(repo(), &["run", "--mock", "--mock-drift", drift]);
        assert_eq!(run.code, 1, "{drift}: {run:?}");
        assert!(
            summary(&run).starts_with("test result: FAILED."),
            "{drift}: {run:?}"
        );
        assert!(
            run.stdout.contains(message),
            "{drift} should say {message:?}: {run:?}"
        );
    }
}

#[test]
fn a_slow_mock_fails_requests_on_the_request_timeout_and_exits_3() {
    let run = conform(
        repo(),
        &[
            "run",
            "--mock",
            "--mock-drift",
            "slow=2s",
            "--timeout-request",
            "200",
            "--folder",
            "Log in",
        ],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout
            .contains("timed out after 200 ms (--timeout-request)"),
        "{run:?}"
    );
}
