//! One trial's verdict: the reference's and the candidate's executions of one request made
//! into one execution for the console and the reports (passes when the candidate answers like
//! the reference), and the tally behind the summary line.

use super::shape::{self, Difference, Rules};
use crate::outcome::{Broken, Check, CheckStatus, Execution, Failure, NotRun, Outcome};
use std::fmt::Write as _;

/// How a trial came out, for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Same,
    Differs {
        status: bool,
    },
    /// A side could not complete: these sides.
    Incomplete {
        reference: bool,
        candidate: bool,
    },
    NotRun,
}

/// Name of the check every compared trial carries.
pub const CHECK: &str = "answers like the reference";

/// Judges one trial from each side's executions (several when `setNextRequest` revisits it).
/// `unshaped` is set when a body was too large for its shape to be compared.
pub fn judge(
    reference: &[Execution],
    candidate: &[Execution],
    rules: &Rules,
    unshaped: &mut bool,
) -> (Execution, Verdict) {
    let base = candidate
        .first()
        .or(reference.first())
        .cloned()
        .unwrap_or_else(|| {
            Execution::new(
                String::new(),
                String::new(),
                Vec::new(),
                0,
                Outcome::NotRun(NotRun::Skipped),
            )
        });
    let mut merged = Execution {
        checks: Vec::new(),
        console: Vec::new(),
        ..base
    };
    let mut differences: Vec<Difference> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut diffs: Vec<String> = Vec::new();
    let mut broken: Vec<(&str, &Broken)> = Vec::new();
    let mut stopped: Option<NotRun> = None;
    let mut ran_on = [false, false];
    if reference.len() != candidate.len() && !reference.is_empty() && !candidate.is_empty() {
        notes.push(format!(
            "ran {} time(s) on the reference, {} on the candidate",
            reference.len(),
            candidate.len()
        ));
    }
    for (r, c) in reference.iter().zip(candidate) {
        for (side, e) in [("reference", r), ("candidate", c)] {
            match &e.outcome {
                Outcome::Broken(b) => broken.push((side, b)),
                Outcome::NotRun(
                    reason @ (NotRun::Interrupted | NotRun::Deadline | NotRun::SessionFailed),
                ) => stopped = Some(reason.clone()),
                _ => {}
            }
        }
        ran_on[0] |= r.response.is_some();
        ran_on[1] |= c.response.is_some();
        match (&r.response, &c.response) {
            (Some(rr), Some(cr)) => {
                let mut found = shape::compare(rr, cr, rules);
                // The hub keeps the first 64 KiB of a body: a cut JSON body has no shape left.
                if was_cut(r) || was_cut(c) {
                    *unshaped = true;
                    found.retain(|d| !matches!(d, Difference::Body { .. }));
                    differences.extend(found);
                    continue;
                }
                if !found.is_empty()
                    && let Some(d) = shape::body_diff(&rr.body, &cr.body)
                {
                    diffs.push(d);
                }
                differences.extend(found);
            }
            (Some(_), None) if is_skip(&c.outcome) => {
                notes.push(format!(
                    "the reference answered; on the candidate it was {}",
                    not_run_text(&c.outcome)
                ));
            }
            (None, Some(_)) if is_skip(&r.outcome) => {
                notes.push(format!(
                    "the candidate answered; on the reference it was {}",
                    not_run_text(&r.outcome)
                ));
            }
            _ => {}
        }
    }
    // Contract checks ran on both sides: each failure shows under its side's name.
    for (side, list) in [("reference", reference), ("candidate", candidate)] {
        for e in list {
            for c in &e.checks {
                if let CheckStatus::Failed(f @ Failure::Contract { .. }) = &c.status {
                    merged.checks.push(Check {
                        name: format!("{side}: {}", c.name),
                        status: CheckStatus::Failed(f.clone()),
                    });
                }
            }
        }
    }
    if merged.schema.as_ref().is_none_or(|s| s.passed)
        && let Some(failing) = reference
            .iter()
            .find_map(|e| e.schema.as_ref().filter(|s| !s.passed))
    {
        merged.schema = Some(failing.clone());
    }
    if *unshaped {
        merged.checks.push(Check {
            name: format!(
                "JSON shape not compared: a body was larger than the {} KiB kept",
                crate::report::hub::KEPT_BODY / 1024
            ),
            status: CheckStatus::Skipped,
        });
    }
    let status_differs = differences.iter().any(Difference::is_status);
    let verdict;
    if !broken.is_empty() {
        let message = broken
            .iter()
            .map(|(side, b)| format!("{side} could not complete: {}", b.message))
            .collect::<Vec<_>>()
            .join("; ");
        let kind = broken[0].1.kind;
        verdict = Verdict::Incomplete {
            reference: broken.iter().any(|(s, _)| *s == "reference"),
            candidate: broken.iter().any(|(s, _)| *s == "candidate"),
        };
        merged.outcome = Outcome::Broken(Broken::new(kind, message));
    } else if let Some(reason) = stopped {
        verdict = Verdict::NotRun;
        merged.outcome = Outcome::NotRun(reason);
    } else if differences.is_empty() && notes.is_empty() {
        if ran_on == [false, false] {
            verdict = Verdict::NotRun;
            merged.outcome = reference
                .first()
                .map(|e| e.outcome.clone())
                .filter(|o| matches!(o, Outcome::NotRun(_)))
                .unwrap_or(Outcome::NotRun(NotRun::Skipped));
        } else {
            verdict = Verdict::Same;
            merged.outcome = Outcome::Passed;
            merged.checks.insert(0, passed());
        }
    } else {
        verdict = Verdict::Differs {
            status: status_differs,
        };
        let mut text = String::new();
        for n in &notes {
            let _ = writeln!(text, "{n}");
        }
        for d in &differences {
            let _ = writeln!(text, "{d}");
        }
        for d in &diffs {
            text.push_str(d);
        }
        merged.checks.insert(
            0,
            Check {
                name: CHECK.into(),
                status: CheckStatus::Failed(Failure::Differs(text.trim_end().to_string())),
            },
        );
        merged.outcome = Outcome::Passed;
    }
    if matches!(merged.outcome, Outcome::Passed) {
        merged.settle();
    }
    (merged, verdict)
}

/// Whether the hub kept only the start of this execution's body (it cuts at `KEPT_BODY`, or a
/// few bytes before so as not to split a character; masking only ever shortens a body).
pub fn was_cut(e: &Execution) -> bool {
    let kept = crate::report::hub::KEPT_BODY;
    e.response.as_ref().is_some_and(|r| {
        r.body.len() + 4 > kept && e.response_size.is_some_and(|n| n > r.body.len())
    })
}

fn passed() -> Check {
    Check {
        name: CHECK.into(),
        status: CheckStatus::Passed,
    }
}

fn is_skip(o: &Outcome) -> bool {
    matches!(o, Outcome::NotRun(NotRun::Skipped | NotRun::Bail))
}

fn not_run_text(o: &Outcome) -> String {
    match o {
        Outcome::NotRun(r) => r.to_string(),
        _ => "not run".into(),
    }
}

/// The counts behind the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub same: usize,
    pub shape: usize,
    pub status: usize,
    pub incomplete_reference: usize,
    pub incomplete_candidate: usize,
    pub incomplete: usize,
    pub not_run: usize,
    /// Compared by status and content type only: a body was too large to keep whole.
    pub unshaped: usize,
}

impl Tally {
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Same => self.same += 1,
            Verdict::Differs { status: true } => self.status += 1,
            Verdict::Differs { status: false } => self.shape += 1,
            Verdict::Incomplete {
                reference,
                candidate,
            } => {
                self.incomplete += 1;
                self.incomplete_reference += usize::from(reference);
                self.incomplete_candidate += usize::from(candidate);
            }
            Verdict::NotRun => self.not_run += 1,
        }
    }

    /// `candidate matches reference on 24 of 26 responses; 2 differ in shape, 0 in status`,
    /// then what could not be compared.
    pub fn line(&self) -> String {
        let compared = self.same + self.shape + self.status;
        let mut line = format!(
            "candidate matches reference on {} of {compared} responses; {} differ in shape, {} in status",
            self.same, self.shape, self.status
        );
        if self.incomplete > 0 {
            let _ = write!(
                line,
                "; {} could not complete (on the reference: {}, on the candidate: {})",
                self.incomplete, self.incomplete_reference, self.incomplete_candidate
            );
        }
        if self.unshaped > 0 {
            let _ = write!(
                line,
                "; {} compared without their JSON shape (bodies over {} KiB)",
                self.unshaped,
                crate::report::hub::KEPT_BODY / 1024
            );
        }
        if self.not_run > 0 {
            let _ = write!(line, "; {} not run", self.not_run);
        }
        line
    }
}

/// Which side breaks the contracts, from each side's own executions.
pub fn contract_line(reference: &[Execution], candidate: &[Execution]) -> Option<String> {
    let checked = |list: &[Execution]| {
        list.iter()
            .filter(|e| e.schema.as_ref().is_some_and(|s| !s.unchecked))
            .count()
    };
    let broken = |list: &[Execution]| {
        list.iter()
            .filter(|e| e.schema.as_ref().is_some_and(|s| !s.unchecked && !s.passed))
            .count()
    };
    if checked(reference) + checked(candidate) == 0 {
        return None;
    }
    let (r, c) = (broken(reference), broken(candidate));
    let who = match (r > 0, c > 0) {
        (false, false) => "both sides keep the contracts",
        (true, false) => "the reference breaks the contracts",
        (false, true) => "the candidate breaks the contracts",
        (true, true) => "both sides break the contracts",
    };
    Some(format!(
        "contracts: {who} (reference: {r} of {} responses break them, candidate: {c} of {})",
        checked(reference),
        checked(candidate)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_reads_as_the_issue_writes_it() {
        let mut t = Tally::default();
        for _ in 0..24 {
            t.add(Verdict::Same);
        }
        t.add(Verdict::Differs { status: false });
        t.add(Verdict::Differs { status: false });
        assert_eq!(
            t.line(),
            "candidate matches reference on 24 of 26 responses; 2 differ in shape, 0 in status"
        );
        t.add(Verdict::Differs { status: true });
        t.add(Verdict::Incomplete {
            reference: false,
            candidate: true,
        });
        assert_eq!(
            t.line(),
            "candidate matches reference on 24 of 27 responses; 2 differ in shape, 1 in status; \
             1 could not complete (on the reference: 0, on the candidate: 1)"
        );
    }
}
