//! `--verbose`: one execution's exchange as sent and received, for debugging against UAT. Takes
//! an already redacted execution; prints nothing itself.

use crate::outcome::{Execution, Outcome};
use crate::text::{printable, printable_line};
use std::fmt::Write;

/// Bodies longer than this are cut in the dump (the reports hold the rest).
const BODY: usize = 4096;

/// Names longer than this are elided in the dump's header, as on the console (issue 16.10: a
/// 65 535-character name made a 131 KB line); the reports keep the whole name.
const NAME: usize = 512;

pub fn dump(e: &Execution) -> String {
    let name = crate::report::progress::elide(&e.name, NAME);
    let mut out = format!("--- {}\n", printable_line(&name));
    if let Some(req) = &e.request {
        let _ = writeln!(
            out,
            "> {} {}",
            printable_line(&req.method),
            printable_line(&req.url)
        );
        for (k, v) in &req.headers {
            let _ = writeln!(out, "> {}: {}", printable_line(k), printable_line(v));
        }
        if let Some(b) = req.body.as_deref().filter(|b| !b.is_empty()) {
            let _ = writeln!(out, ">");
            body(&mut out, "> ", b, b.len());
        }
    }
    if let Some(resp) = &e.response {
        let _ = writeln!(
            out,
            "< {} {} ({:.1} ms)",
            resp.status,
            printable_line(&resp.reason),
            resp.time_ms
        );
        for (k, v) in &resp.headers {
            let _ = writeln!(out, "< {}: {}", printable_line(k), printable_line(v));
        }
        if !resp.body.is_empty() {
            let _ = writeln!(out, "<");
            // The body is the reports' excerpt by now; say how much was received.
            let total = e.received_bytes().unwrap_or(resp.body.len());
            body(&mut out, "< ", &resp.body, total);
        }
    }
    match &e.outcome {
        Outcome::Broken(cause) => {
            let _ = writeln!(out, "! {}", printable(&cause.message));
        }
        Outcome::NotRun(why) => {
            let _ = writeln!(out, "! {why}");
        }
        Outcome::Passed | Outcome::Failed => {}
    }
    out
}

fn body(out: &mut String, prefix: &str, bytes: &[u8], total: usize) {
    let text = String::from_utf8_lossy(bytes);
    let cut: String = text.chars().take(BODY).collect();
    for line in printable(&cut).lines() {
        let _ = writeln!(out, "{prefix}{line}");
    }
    if text.chars().count() > BODY || total > bytes.len() {
        let _ = writeln!(out, "{prefix}… ({total} bytes in all)");
    }
}
