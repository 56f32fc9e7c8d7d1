//! What every session of a run shares (the client, the options built once, the run's stop
//! signals), and the not-run execution every part of a session may need to report.

use super::send::SendOptions;
use crate::build::BaseUrl;
use crate::outcome::{Execution, NotRun, Outcome};
use crate::plan::{Step, Suite};
use crate::schema::SchemaSet;
use crate::script::ScriptOptions;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What every session of a run shares.
pub struct Shared {
    pub client: super::send::Transport,
    /// The run's runtime: the mock, Ctrl-C, and the connections of side-by-side sessions.
    pub runtime: tokio::runtime::Handle,
    /// How many collections run side by side (one: the session drives its own requests).
    pub sessions: usize,
    pub base_url: Option<BaseUrl>,
    pub working_dir: PathBuf,
    /// `--insecure-file-read`: body files may come from outside `working_dir`.
    pub insecure_file_read: bool,
    pub allow_unresolved: bool,
    pub bail: bool,
    pub bailed: AtomicBool,
    pub delay: Duration,
    pub deadline: Option<Instant>,
    pub send: SendOptions,
    pub user_agent: String,
    pub redact_names: Vec<String>,
    /// Every secret value the sessions learnt, for `--export-*` to mask.
    pub learned_secrets: Mutex<Vec<String>>,
    /// Response contracts, compiled once for the run.
    pub schemas: Option<Arc<SchemaSet>>,
    /// Unchecked responses (no documented operation) fail instead of passing.
    pub strict: bool,
    /// Unchecked responses are reported as such (the user gave contracts of their own).
    pub report_unchecked: bool,
    pub script_options: ScriptOptions,
    /// Names the signal once Ctrl-C, SIGTERM or SIGHUP came: in-flight requests stop, the rest
    /// is not run.
    pub cancel: tokio::sync::watch::Receiver<Option<&'static str>>,
    /// `--examples`: check responses against their requests' saved examples.
    pub examples: bool,
    /// Holds each request back until another run may go on with it (`conform compare` keeps
    /// its two targets in lock-step); `None` in a plain run.
    pub pace: Option<Arc<dyn Pace>>,
}

/// Called by a session before each selected request, with the request's trial index.
pub trait Pace: Send + Sync {
    fn before_request(&self, trial: usize);
}

/// An execution that did not happen, for this reason.
pub(super) fn not_run(
    suite: &Suite,
    step: &Step,
    iteration: usize,
    name: String,
    reason: NotRun,
) -> Execution {
    Execution::new(
        name,
        suite.name.clone(),
        step.path.clone(),
        iteration,
        Outcome::NotRun(reason),
    )
}
