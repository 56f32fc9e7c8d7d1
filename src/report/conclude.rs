//! The end of a run's output: the contract summary under the console, the warning when no
//! contract applied, the report files, GitHub annotations and step summary. A function of the
//! run's digest (`report::stream`) plus the writes; the hub and this are the only code that
//! output results.

use crate::outcome::{CoverageInfo, RunInfo};
use crate::report::stream::{Digest, ReportFiles};
use crate::report::tally::Tally;
use std::io::Write;
use std::path::PathBuf;

/// Where the end of the run goes.
#[derive(Clone, Debug)]
pub struct Outputs {
    /// The live console ran: the contract summary goes under it.
    pub console: bool,
    /// stdout is libtest JSON: any other text goes to stderr.
    pub json_console: bool,
    /// `GITHUB_STEP_SUMMARY`: a Markdown summary is appended to this file.
    pub step_summary: Option<PathBuf>,
}

pub const NO_CONTRACT: &str =
    "warning: no contract covers these requests: only the collection's own tests ran";

/// Writes everything; returns false when a report file could not be written (said on stderr).
pub fn conclude(info: &RunInfo, digest: &Digest, files: ReportFiles, out: &Outputs) -> bool {
    let coverage = info.coverage.as_ref();
    let t = &digest.tally;
    if out.console {
        // libtest's line counts a broken request as failed; this one tells them apart.
        let line = format!(
            "requests: {} passed; {} failed; {} could not complete; {} not run\n",
            t.passed, t.failed, t.broken, t.not_run
        );
        if out.json_console {
            stderr(&line);
        } else {
            stdout(&line);
        }
        if let Some(text) = coverage.and_then(coverage_text) {
            if out.json_console {
                stderr(&text);
            } else {
                stdout(&text);
            }
        }
    }
    if digest.responses > 0 && coverage.is_none_or(|c| c.contracts.is_empty()) {
        stderr(&format!("{NO_CONTRACT}\n"));
    }
    let mut ok = true;
    if let Err(e) = files.finish(info, t) {
        stderr(&format!("error: {e}\n"));
        ok = false;
    }
    if let Some(text) = &digest.annotations {
        stderr(text);
    }
    if let Some(path) = &out.step_summary {
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut f| f.write_all(step_summary(t).as_bytes()));
        if let Err(e) = appended {
            stderr(&format!(
                "error: cannot append to {} (GITHUB_STEP_SUMMARY): {e}\n",
                path.display()
            ));
            ok = false;
        }
    }
    ok
}

/// A closed stdout (`| head`) ends the output quietly; the run still finishes.
fn stdout(text: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn stderr(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// One Markdown line for the job's summary page.
fn step_summary(t: &Tally) -> String {
    format!(
        "### conform: {} passed, {} failed, {} could not complete, {} not run\n\n",
        t.passed, t.failed, t.broken, t.not_run
    )
}

/// The contracts in use and their coverage under the live report (on stderr when stdout is
/// libtest JSON).
fn coverage_text(c: &CoverageInfo) -> Option<String> {
    if c.contracts.is_empty() && c.unchecked == 0 {
        // The run warns about that on stderr; there is no coverage to speak of.
        return None;
    }
    let mut text = String::new();
    if !c.contracts.is_empty() {
        let covered: usize = c.contracts.iter().map(|u| u.responses).sum();
        let used: Vec<String> = c
            .contracts
            .iter()
            .map(|u| format!("{} ({})", u.name, u.origin))
            .collect();
        text.push_str(&format!(
            "contracts in use: {}; they cover {covered} of {} responses\n",
            used.join(", "),
            c.responses
        ));
    }
    let total = c.exercised.len() + c.never_reached.len();
    text.push_str(&format!(
        "schema coverage: {} of {total} documented responses exercised; {} response(s) unchecked (no documented operation)\n",
        c.exercised.len(),
        c.unchecked
    ));
    for item in &c.never_reached {
        text.push_str(&format!("  never reached: {item}\n"));
    }
    Some(text)
}
