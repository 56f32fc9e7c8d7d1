//! One target of a comparison: its own variables (its inputs), cookie jar, script runtimes and
//! sessions, built the way `conform run` builds a run, sending its events to its own hub.

use super::pace::EndGuard;
use crate::cli::RunArgs;
use crate::cli::config::RunConfig;
use crate::exec::event::{Events, run_session};
use crate::exec::{Pace, Shared, SuitePlan, run_suite};
use crate::run::SetupError;
pub(crate) use crate::run::context::Common;
use crate::run::inputs::Inputs;
use crate::trials::Trials;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The session context of one side, as `conform run` would build it for these inputs, with
/// an HTTP client and a cookie jar of its own.
pub fn shared(
    args: &RunArgs,
    config: &RunConfig,
    inputs: &Inputs,
    common: &Common,
    pace: Option<Arc<dyn Pace>>,
) -> Result<Arc<Shared>, SetupError> {
    let client = crate::run::client::http_client(args)?;
    crate::run::context::shared(args, config, inputs, client, common, pace)
}

/// Each collection's session plan for one side.
pub fn plans(inputs: &Inputs, trials: &Arc<Trials>) -> Vec<SuitePlan> {
    inputs
        .suites
        .iter()
        .enumerate()
        .map(|(s, suite)| crate::run::layout::suite_plan(trials, s, suite.clone(), inputs))
        .collect()
}

/// One session thread per collection; `ended(suite)` is held while a session runs and dropped
/// when it is over, also when it panicked (lock-step lets the other side go on alone then).
pub fn start(
    plans: Vec<SuitePlan>,
    shared: &Arc<Shared>,
    events: &Events,
    ended: &(impl Fn(usize) -> Option<EndGuard> + Clone + Send + 'static),
) -> Vec<JoinHandle<()>> {
    let mut sessions = Vec::new();
    for (s, plan) in plans.into_iter().enumerate() {
        let shared = Arc::clone(shared);
        let events = events.clone();
        let guard = ended(s);
        sessions.push(std::thread::spawn(move || {
            run_session(s, events, |events| run_suite(plan, &shared, events));
            drop(guard);
        }));
    }
    sessions
}
