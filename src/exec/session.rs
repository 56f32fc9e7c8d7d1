//! The session of one collection run: its variables and its one JS runtime; for each iteration,
//! the selected requests in order (or where `postman.setNextRequest` jumps), honouring
//! `--bail`, `--delay-request` and the run deadline, each execution sent forward as an event.

use super::event::{Events, RunEvent};
use super::io::Io;
use super::shared::{Shared, not_run};
use super::step::{StepInfo, execute, redact};
use crate::outcome::{Execution, NotRun, Outcome};
use crate::plan::Suite;
use crate::script::NextRequest;
use crate::secrets::Redactor;
use crate::vars::{Scope, VarStore};
use serde_json::{Map, Value};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// One collection's run: its suite, its starting variables, its data rows, and the run's
/// trials (its index among the collections finds, for each iteration and step, the trial it
/// reports to and that trial's name).
pub struct SuitePlan {
    pub suite: Suite,
    pub vars: VarStore,
    pub data: Vec<Map<String, Value>>,
    pub index: usize,
    pub trials: std::sync::Arc<crate::trials::Trials>,
}

pub fn run_suite(plan: SuitePlan, shared: &Shared, events: &Events) -> VarStore {
    let SuitePlan {
        suite,
        mut vars,
        data,
        index,
        trials,
    } = plan;
    let iterations = trials.iterations();
    let mut redactor = Redactor::new(shared.redact_names.clone());
    // One JS runtime for the whole collection run, started by its first script; if it cannot
    // start, every script fails.
    let mut engine = None;
    let io = Io::for_session(shared.sessions == 1, &shared.runtime);
    let steps = suite.steps.len();
    for iteration in 0..iterations {
        // Local variables (`pm.variables.set`) outlive the iteration, as in Newman 6.2.2
        // (tests/newman, iterations_data); only the data row changes.
        vars.clear(Scope::Data);
        // Past the last row, Postman keeps using the last one.
        if let Some(row) = data.get(iteration.min(data.len().saturating_sub(1))) {
            for (k, v) in row {
                vars.set(Scope::Data, k, v.clone());
            }
        }
        // This iteration's trial for each step (`None`: not selected).
        let row: Vec<Option<usize>> = (0..steps)
            .map(|j| trials.selected_at(index, iteration, j))
            .collect();
        let mut posted = vec![false; steps];
        let mut runs = 0usize;
        let mut i = 0;
        while i < steps {
            let step = &suite.steps[i];
            let Some(trial) = row[i] else {
                i += 1;
                continue;
            };
            let name = trials.name(trial);
            runs += 1;
            if runs > MAX_RUNS_PER_STEP * steps {
                let mut e = not_run(&suite, step, iteration, name, NotRun::Skipped);
                e.outcome = Outcome::Broken(crate::outcome::Broken::new(
                    crate::outcome::BrokenKind::Script,
                    format!(
                        "postman.setNextRequest kept jumping: {} requests in one iteration, stopped",
                        MAX_RUNS_PER_STEP * steps
                    ),
                ));
                finish(events, trial, e);
                posted[i] = true;
                break;
            }
            if let Some(pace) = &shared.pace {
                pace.before_request(trial);
            }
            let (execution, next) = match ready(shared, &io) {
                Err(reason) => (not_run(&suite, step, iteration, name, reason), None),
                Ok(()) => {
                    let at = StepInfo {
                        suite: &suite,
                        step,
                        iteration,
                        iterations,
                        name,
                    };
                    let (e, next) = execute(shared, &io, &mut engine, at, &mut vars, &mut redactor);
                    if shared.bail && !matches!(e.outcome, Outcome::Passed) {
                        shared.bailed.store(true, Ordering::SeqCst);
                    }
                    (redact(e, &redactor), next)
                }
            };
            finish(events, trial, execution);
            posted[i] = true;
            i = match next {
                None => i + 1,
                Some(NextRequest::Stop) => break,
                Some(NextRequest::Name(target)) => match jump_target(&suite, &row, &target) {
                    Some(j) => j,
                    None => break,
                },
            };
        }
        // Memory must not grow with the iterations: old learnt tokens no variable holds go.
        let held = vars.value_texts();
        redactor.forget_old(|secret| held.iter().any(|t| t.contains(secret)));
        for (j, done) in posted.iter().enumerate() {
            if let (false, Some(trial)) = (done, row[j]) {
                let name = trials.name(trial);
                let reason = stop_reason(shared).unwrap_or(NotRun::Skipped);
                let e = not_run(&suite, &suite.steps[j], iteration, name, reason);
                finish(events, trial, e);
            }
        }
    }
    shared
        .learned_secrets
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .extend(redactor.values().iter().cloned());
    vars
}

/// Sends an execution forward. A hub that is gone (it only goes when the run is over) needs no
/// more results.
fn finish(events: &Events, trial: usize, execution: Execution) {
    let _ = events.send(RunEvent::Finished {
        trial,
        execution: Box::new(execution),
    });
}

/// Where `postman.setNextRequest(target)` goes: the target is looked up by id first, then by
/// name (the last request of that name, as Newman does), among the requests this run selected
/// (with `--folder`, the folder's). As in Newman, a target that is not there ends the
/// iteration (`None`).
fn jump_target(suite: &Suite, selected: &[Option<usize>], target: &str) -> Option<usize> {
    let runnable = |j: &usize| selected.get(*j).is_some_and(Option::is_some);
    let steps = &suite.steps;
    (0..steps.len())
        .filter(runnable)
        .find(|&j| steps[j].id.as_deref() == Some(target))
        .or_else(|| {
            (0..steps.len())
                .filter(runnable)
                .rfind(|&j| steps[j].name() == target)
        })
}

/// A `setNextRequest` loop may revisit requests (polling), but not forever.
const MAX_RUNS_PER_STEP: usize = 100;

/// Waits `--delay-request` (cut short by the run's deadline or a signal), then says whether
/// the request may still go.
fn ready(shared: &Shared, io: &Io) -> Result<(), NotRun> {
    if let Some(reason) = stop_reason(shared) {
        return Err(reason);
    }
    if shared.delay > Duration::ZERO {
        let wait = match shared.deadline {
            Some(d) => shared
                .delay
                .min(d.saturating_duration_since(Instant::now())),
            None => shared.delay,
        };
        let mut cancel = shared.cancel.clone();
        io.block_on(async {
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = super::step::interrupted(&mut cancel) => {}
            }
        });
    }
    // The run's deadline may have passed during the delay.
    stop_reason(shared).map_or(Ok(()), Err)
}

fn stop_reason(shared: &Shared) -> Option<NotRun> {
    if shared.cancel.borrow().is_some() {
        return Some(NotRun::Interrupted);
    }
    if shared.bailed.load(Ordering::SeqCst) {
        return Some(NotRun::Bail);
    }
    match shared.deadline {
        Some(d) if Instant::now() >= d => Some(NotRun::Deadline),
        _ => None,
    }
}
