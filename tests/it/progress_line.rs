//! Issue 13.5: a run you can watch. On a terminal (a pty made by util-linux `script`), a live
//! `[done/total] N failed, 1.2s` line after the open `test NAME ... `, taken away before the
//! result; names elided in the middle to fit the terminal's width. Nothing of it into a pipe,
//! with -q, or with --format json.

use crate::common::*;
use crate::support::{Reply, Routes, TestServer};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const SAVE: &str = "\x1b7";
const RESTORE: &str = "\x1b8";

/// Runs conform on a pseudo-terminal of `cols` columns; returns everything it wrote there.
fn on_terminal(dir: &Path, args: &[&str], cols: u16) -> String {
    let bin = env!("CARGO_BIN_EXE_conform");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let command = format!("stty cols {cols} rows 50; '{bin}' {}", quoted.join(" "));
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("COLUMNS")
        .output()
        .expect("util-linux `script` runs (the pty for this test)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A terminal line as it finally looks: progress overlays (between save and restore cursor)
/// are taken away again by the erase that follows, and colour codes are not shown.
fn visible(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(SAVE) {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find(RESTORE) {
            Some(j) => &rest[i + j + RESTORE.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    let mut plain = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        if c != '\r' {
            plain.push(c);
        }
    }
    plain
}

fn setup() -> (TestServer, tempfile::TempDir) {
    let s = TestServer::start_blocking(
        Routes::new()
            .get(
                "/slow",
                Reply::Delay(Duration::from_millis(700), Box::new(Reply::json(json!({})))),
            )
            .get("/bad", Reply::Json(500, json!({})))
            .get("/ok", Reply::json(json!({}))),
    );
    let dir = tempfile::tempdir().unwrap();
    let long = format!("a {} long request name", "very ".repeat(30));
    write_json(
        dir.path(),
        "c.json",
        &collection(
            "c",
            json!([
                item("bad", json!("http://h/bad")),
                item("slow", json!("http://h/slow")),
                item(&long, json!("http://h/ok"))
            ]),
        ),
    );
    (s, dir)
}

#[test]
fn a_terminal_shows_progress_and_names_that_fit() {
    let (s, dir) = setup();
    let base = s.url();
    let out = on_terminal(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "-r", "cli"],
        80,
    );
    // The progress of the slow request: one done, one failed so far, ticking while it waits.
    assert!(out.contains("[1/3] 1 failed, "), "{out:?}");
    assert!(out.contains(SAVE) && out.contains(RESTORE), "{out:?}");
    let ticks = out.matches("[1/3] 1 failed, ").count();
    assert!(
        ticks >= 2,
        "the elapsed time is redrawn while waiting: {out:?}"
    );
    // What stays on screen: every trial's line within 80 columns, the long name elided in the middle,
    // the results where libtest writes them, no progress text left.
    let lines: Vec<String> = out.lines().map(visible).collect();
    for l in &lines {
        // libtest's own summary line is its business; the trials' lines are ours.
        if l.starts_with("test c::") {
            assert!(
                l.chars().count() <= 80,
                "{l:?} is wider than the terminal\n{out:?}"
            );
        }
        assert!(
            !l.contains("] 1 failed, "),
            "progress left on screen: {l:?}"
        );
    }
    let long = lines
        .iter()
        .find(|l| l.starts_with("test c::a very"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        long.contains('…') && long.contains("long request name") && long.ends_with("ok"),
        "{long:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("test c::slow") && l.ends_with("ok")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("test c::bad") && l.ends_with("FAILED")),
        "{lines:#?}"
    );
}

#[test]
fn names_fit_the_terminal_with_a_name_filter_too() {
    let (s, dir) = setup();
    let base = s.url();
    // The filter matches the middle of the whole name, which the console then elides.
    let middle = "very ".repeat(12);
    let out = on_terminal(
        dir.path(),
        &[
            "run",
            "c.json",
            "--base-url",
            &base,
            "-r",
            "cli",
            "--skip",
            "slow",
            "--",
            middle.trim_end(),
        ],
        80,
    );
    let lines: Vec<String> = out.lines().map(visible).collect();
    assert!(lines.iter().any(|l| l == "running 1 test"), "{lines:#?}");
    let long = lines
        .iter()
        .find(|l| l.starts_with("test c::a very"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        long.chars().count() <= 80 && long.contains('…') && long.ends_with("ok"),
        "{long:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("1 passed; 0 failed; 0 ignored; 0 measured; 2 filtered out")),
        "{lines:#?}"
    );
}

#[test]
fn no_progress_into_a_pipe_with_q_or_with_json() {
    let (s, dir) = setup();
    let base = s.url();
    let piped = conform(
        dir.path(),
        &["run", "c.json", "--base-url", &base, "-r", "cli"],
    );
    assert_eq!(piped.code, 1, "{piped:?}");
    assert!(
        !piped.all().contains(SAVE) && !piped.all().contains("] 1 failed, "),
        "{piped:?}"
    );
    // The whole name into a pipe: nothing elides it to a terminal's width.
    assert!(
        piped
            .stdout
            .contains("very very very very very very very very very very very")
    );
    for flags in [&["-q"][..], &["--format", "json"]] {
        let mut args = vec!["run", "c.json", "--base-url", &base, "-r", "cli"];
        args.extend_from_slice(flags);
        let out = on_terminal(dir.path(), &args, 80);
        assert!(
            !out.contains(SAVE) && !out.contains("] 1 failed, "),
            "{flags:?}: {out:?}"
        );
        assert!(out.contains("bad"), "{flags:?} ran: {out:?}");
    }
}
