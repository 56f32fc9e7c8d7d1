//! What the live console shows of a trial's executions (report::libtest prints it): a failed
//! trial's message has the request line, status and time, every failed check, and the start of
//! the body.

use crate::outcome::{Execution, Failure, Outcome};
use crate::report::libtest::TrialResult;
use crate::text::{printable, printable_line};
use std::fmt::Write;

/// How much of a response body a failure shows.
const BODY_EXCERPT: usize = 2048;

pub fn trial_result(executions: &[Execution], nocapture: bool) -> TrialResult {
    let mut message = String::new();
    let mut failed = false;
    let mut not_run = None;
    for e in executions {
        match &e.outcome {
            Outcome::Passed => {
                if nocapture && !e.console.is_empty() {
                    print_console(e);
                }
            }
            Outcome::NotRun(reason) => not_run = Some(reason.to_string()),
            Outcome::Failed | Outcome::Broken(_) => {
                failed = true;
                if !message.is_empty() {
                    message.push('\n');
                }
                describe(e, &mut message);
            }
        }
    }
    if failed {
        return TrialResult::Failed(message.trim_end().to_string());
    }
    match not_run {
        Some(reason)
            if executions
                .iter()
                .all(|e| matches!(e.outcome, Outcome::NotRun(_))) =>
        {
            TrialResult::Ignored(Some(reason))
        }
        _ => TrialResult::Passed,
    }
}

/// `--nocapture`: a passing trial's console lines (a closed stdout is the console's business).
fn print_console(e: &Execution) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for line in &e.console {
        let _ = writeln!(
            out,
            "  console [{}]: {}",
            printable_line(&e.name),
            printable(line)
        );
    }
}

/// The failure text of one execution (already redacted by the session).
pub fn describe(e: &Execution, out: &mut String) {
    if let Some(req) = &e.request {
        let _ = writeln!(
            out,
            "{} {}",
            printable_line(&req.method),
            printable_line(&req.url)
        );
    }
    if let Some(resp) = &e.response {
        let _ = writeln!(
            out,
            "  -> {} {} in {:.1} ms, {} bytes",
            resp.status,
            printable_line(&resp.reason),
            resp.time_ms,
            e.received_bytes().unwrap_or_default()
        );
    }
    if let Outcome::Broken(cause) = &e.outcome {
        let _ = writeln!(out, "  error: {}", printable(&cause.message));
    }
    for (name, failure) in e.failed_checks() {
        let _ = writeln!(
            out,
            "  failed: {}",
            printable_line(&crate::report::hub::display_name(name))
        );
        for line in printable(&failure.to_string()).lines() {
            let _ = writeln!(out, "    {line}");
        }
        // A contract failure shows its diff right under its errors.
        if let (Failure::Contract { .. }, Some(diff)) =
            (failure, e.schema.as_ref().and_then(|s| s.diff.as_ref()))
        {
            for line in printable(diff).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if let Some(resp) = &e.response {
        if !resp.body.is_empty() && !matches!(e.outcome, Outcome::Passed) {
            let text = String::from_utf8_lossy(&resp.body);
            let excerpt: String = text.chars().take(BODY_EXCERPT).collect();
            let excerpt = printable(&excerpt);
            let _ = writeln!(out, "  response body:");
            for line in excerpt.lines() {
                let _ = writeln!(out, "    {line}");
            }
            if text.chars().count() > BODY_EXCERPT {
                let _ = writeln!(
                    out,
                    "    … (first {BODY_EXCERPT} characters shown of {} bytes received)",
                    e.received_bytes().unwrap_or_default()
                );
            }
        }
    }
    if !e.console.is_empty() {
        let _ = writeln!(out, "  console:");
        for line in &e.console {
            let _ = writeln!(out, "    {}", printable(line));
        }
    }
}
