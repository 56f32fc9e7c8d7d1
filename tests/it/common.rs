//! Shared helpers: run the binary, write fixture files, read what it printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `conform ARGS` in `dir` and waits for it.
pub fn conform(dir: &Path, args: &[&str]) -> Run {
    conform_env(dir, args, &[])
}

/// Runs `conform ARGS` in `dir` with these environment variables set; the caller's proxy and
/// CI variables never leak in.
pub fn conform_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conform"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    for var in [
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "https_proxy",
        "http_proxy",
        "all_proxy",
        "no_proxy",
        "GITHUB_ACTIONS",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out: Output = cmd.output().expect("the conform binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The libtest status printed for the trial named exactly `name` (`ok`, `FAILED`, …).
pub fn status_of<'a>(run: &'a Run, name: &str) -> Option<&'a str> {
    run.stdout.lines().find_map(|l| {
        let rest = l.strip_prefix("test ")?.strip_prefix(name)?;
        let (pad, status) = rest.split_once("... ")?;
        pad.trim().is_empty().then_some(status.trim())
    })
}

pub fn no_panic(run: &Run) {
    assert!(!run.all().contains("panicked"), "{run:?}");
}

/// Writes `value` as JSON into `dir/name` and returns the path. Every collection written this
/// way is also checked to survive v2.1 -> v3 -> v2.1 unchanged (issue 14).
pub fn write_json(dir: &Path, name: &str, value: &serde_json::Value) -> PathBuf {
    crate::roundtrip::check(value);
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(value).unwrap()).unwrap();
    p
}

/// A v2.1 collection around these items.
pub fn collection(name: &str, items: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "info": {
            "name": name,
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": items
    })
}

/// The shared reference inputs, or None (with a printed reason) when ../shared is absent.
pub fn sahamati_dir() -> Option<PathBuf> {
    // The shared inputs sit beside the main checkout (`../shared`) and two levels up from a
    // worktree under `wt/` (`../../shared`).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/reference/sahamati");
    let dir = if dir.is_dir() {
        dir
    } else {
        root.join("../../shared/reference/sahamati")
    };
    assert!(
        dir.is_dir(),
        "the shared reference inputs are needed: {} is absent",
        dir.display()
    );
    Some(dir)
}

/// Runs a one-collection suite of these items against a fresh recording server (every
/// request goes there through `--base-url`) and returns the run and what the server received.
pub fn run_items(items: serde_json::Value, extra: &[&str]) -> (Run, Vec<crate::support::Recorded>) {
    run_collection(collection("c", items), extra)
}

pub fn run_collection(
    coll: serde_json::Value,
    extra: &[&str],
) -> (Run, Vec<crate::support::Recorded>) {
    let server = crate::support::TestServer::start_blocking(crate::support::Routes::new());
    let dir = tempfile::tempdir().unwrap();
    write_json(dir.path(), "c.postman_collection.json", &coll);
    let base = server.url();
    let mut args = vec![
        "run",
        "c.postman_collection.json",
        "--base-url",
        base.as_str(),
    ];
    args.extend_from_slice(extra);
    let run = conform(dir.path(), &args);
    let seen = server.requests();
    (run, seen)
}

/// A request item.
pub fn item(name: &str, request: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "name": name, "request": request })
}

/// Waits for a child with a deadline, so a hang fails the test instead of blocking it.
pub(crate) fn wait_bounded(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("conform did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
