//! Issue 13, point 2: the README's commands run as written. Each test reads its command from the
//! README itself, so a changed README is tested as it now reads.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `sh` block that follows `marker` in the README, one command per line (`\` joins lines).
fn block_after(marker: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has no '{marker}'"));
    let rest = &readme[at..];
    let start = rest.find("```sh\n").expect("an sh block follows") + 6;
    let end = start + rest[start..].find("```").unwrap();
    rest[start..end]
        .replace("\\\n", " ")
        .lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn check_a_mock_runs_as_written() {
    let commands = block_after("Check a mock");
    assert_eq!(commands.len(), 2, "{commands:?}");
    // The README says 9000; the test takes a free port and puts it wherever 9000 stood.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let here = |l: &str| l.replace("127.0.0.1:9000", &format!("127.0.0.1:{port}"));
    let mock = words(&here(commands[0].trim_end_matches('&')));
    assert_eq!(mock[0], "conform");
    let mut server = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(repo())
        .args(&mock[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the mock did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let run_words = words(&here(&commands[1]));
    assert_eq!(run_words[0], "conform");
    let reports = tempfile::tempdir().unwrap();
    let mut args: Vec<&str> = run_words[1..].iter().map(String::as_str).collect();
    let dir = reports.path().to_str().unwrap().to_string();
    args.extend(["--report-dir", &dir]);
    let run = conform(repo(), &args);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("test result: ok. 26 passed; 0 failed"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("unresolved"), "{run:?}");
}

#[test]
fn the_set_up_command_is_the_one_the_suite_tests() {
    // `cargo run -- run --mock`: its run is `run_mock_passes_every_shipped_suite`;
    // this holds the README to that command.
    let commands = block_after("## Set-up");
    assert_eq!(
        commands,
        vec!["cargo run -- run --mock", "cargo test"],
        "update suites_mock.rs and .ci/run with the README"
    );
}
