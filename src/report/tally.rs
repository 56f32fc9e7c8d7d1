//! The run's headline numbers, counted once so every file report agrees with every other.
//! Reads executions only; formats nothing.

use crate::outcome::{CheckStatus, Execution, Outcome, RunReport};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub requests: usize,
    pub passed: usize,
    pub failed: usize,
    pub broken: usize,
    pub not_run: usize,
    /// Executions whose response matched no documented operation (nothing was asserted).
    pub unchecked: usize,
    /// Every check, skipped ones included.
    pub assertions: usize,
    pub assertions_failed: usize,
}

impl Tally {
    pub fn of<'a>(executions: impl IntoIterator<Item = &'a Execution>) -> Self {
        let mut t = Tally::default();
        for e in executions {
            t.add(e);
        }
        t
    }

    /// Counts one more execution.
    pub fn add(&mut self, e: &Execution) {
        self.requests += 1;
        match e.outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Broken(_) => self.broken += 1,
            Outcome::NotRun(_) => self.not_run += 1,
        }
        if is_unchecked(e) {
            self.unchecked += 1;
        }
        self.assertions += e.checks.len();
        self.assertions_failed += e
            .checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Failed(_)))
            .count();
    }
}

pub fn is_unchecked(e: &Execution) -> bool {
    e.schema.as_ref().is_some_and(|s| s.unchecked)
}

/// How many iterations each collection ran, for "iteration i/n" labels: the declared count, or
/// more when executions say so. Computed once per report, looked up per execution.
pub fn iterations(report: &RunReport) -> HashMap<&str, usize> {
    let mut n: HashMap<&str, usize> = report
        .info
        .suites
        .iter()
        .map(|s| (s.name.as_str(), s.iterations))
        .collect();
    for e in &report.executions {
        let seen = n.entry(e.suite.as_str()).or_insert(0);
        *seen = (*seen).max(e.iteration + 1);
    }
    n
}

/// The iteration count of one collection, at least 1.
pub fn iterations_of(counts: &HashMap<&str, usize>, suite: &str) -> usize {
    counts.get(suite).copied().unwrap_or(1).max(1)
}
