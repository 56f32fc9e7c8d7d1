//! One target of a comparison: its own variables (its inputs), cookie jar, script runtimes and
//! sessions, built the way `conform run` builds a run, sending its events to its own hub.

use super::pace::EndGuard;
use crate::cli::RunArgs;
use crate::cli::config::RunConfig;
use crate::exec::event::{Events, run_session};
use crate::exec::send::SendOptions;
use crate::exec::{Pace, Shared, SuitePlan, run_suite};
use crate::run::SetupError;
use crate::run::inputs::Inputs;
use crate::run::layout::Layout;
use crate::schema::SchemaSet;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

/// What both sides share: the contracts, the run's runtime and stop signal. Not the HTTP
/// client: a session alone in its side drives its connections on its own runtime, and a pooled
/// connection must not outlive the runtime it was opened on (two targets may share a host).
pub struct Common {
    pub runtime: tokio::runtime::Handle,
    pub schemas: Option<Arc<SchemaSet>>,
    pub report_unchecked: bool,
    pub cancel: tokio::sync::watch::Receiver<Option<&'static str>>,
}

/// The session context of one side, as `conform run` would build it for these inputs, with
/// a cookie jar of its own.
pub fn shared(
    args: &RunArgs,
    config: &RunConfig,
    inputs: &Inputs,
    common: &Common,
    pace: Option<Arc<dyn Pace>>,
) -> Result<Arc<Shared>, SetupError> {
    let client = crate::run::client::http_client(args)?;
    let cookie_jar = match &args.cookie_jar {
        Some(p) => crate::cookies::CookieJar::load(p)?,
        None => crate::cookies::CookieJar::new(),
    };
    Ok(Arc::new(Shared {
        client,
        runtime: common.runtime.clone(),
        sessions: inputs.suites.len(),
        base_url: inputs.base_url.clone(),
        working_dir: args
            .working_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(".")),
        insecure_file_read: args.insecure_file_read && !args.no_insecure_file_read,
        allow_unresolved: !args.strict_variables,
        bail: args
            .bail
            .as_ref()
            .is_some_and(|m| m.is_empty() || m.iter().any(|x| x == "failure")),
        bailed: AtomicBool::new(false),
        delay: config.delay_request,
        deadline: config.timeout.map(|t| Instant::now() + t),
        send: SendOptions {
            timeout: config.timeout_request,
            max_response_size: args.max_response_size,
            follow_redirects: !args.ignore_redirects,
            max_redirects: 10,
            follow_original_method: false,
            follow_authorization_header: false,
            credentials: Vec::new(),
            referer_on_redirect: true,
            timeout_cause: "--timeout-request",
            cookies: Some(Arc::new(cookie_jar)),
            ntlm: None,
        },
        user_agent: format!("conform/{}", env!("CARGO_PKG_VERSION")),
        redact_names: args.redact.clone(),
        learned_secrets: Mutex::new(Vec::new()),
        schemas: common.schemas.clone(),
        strict: args.strict,
        report_unchecked: common.report_unchecked,
        examples: args.examples,
        script_options: crate::script::ScriptOptions {
            timeout: config.timeout_script,
            ..crate::script::ScriptOptions::default()
        },
        cancel: common.cancel.clone(),
        pace,
    }))
}

/// Each collection's session plan for one side.
pub fn plans(inputs: &Inputs, layout: &Layout, selected: &[bool]) -> Vec<SuitePlan> {
    inputs
        .suites
        .iter()
        .enumerate()
        .map(|(s, suite)| layout.suite_plan(s, suite.clone(), inputs, selected))
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
