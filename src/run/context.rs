//! The session context of a run (`exec::Shared`) as `run` and each side of `compare` build it
//! from the command line: one place that turns flags into what every session reads.

use super::SetupError;
use super::inputs::Inputs;
use crate::cli::RunArgs;
use crate::cli::config::RunConfig;
use crate::exec::send::{SendOptions, Transport};
use crate::exec::{Pace, Shared};
use crate::schema::SchemaSet;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What every session context of a run shares (both sides of a comparison too): the contracts,
/// the runtime and the stop signal. Not the HTTP client: in `compare` a session alone in its
/// side drives its connections on its own runtime, and a pooled connection must not outlive the
/// runtime it was opened on (two targets may share a host).
pub(crate) struct Common {
    pub runtime: tokio::runtime::Handle,
    pub schemas: Option<Arc<SchemaSet>>,
    pub report_unchecked: bool,
    pub cancel: tokio::sync::watch::Receiver<Option<&'static str>>,
}

/// The session context for these inputs, with its own cookie jar (`--cookie-jar` or empty).
pub(crate) fn shared(
    args: &RunArgs,
    config: &RunConfig,
    inputs: &Inputs,
    client: Transport,
    common: &Common,
    pace: Option<Arc<dyn Pace>>,
) -> Result<Arc<Shared>, SetupError> {
    let cookie_jar = match &args.cookie_jar {
        Some(p) => crate::cookies::CookieJar::load(p)?,
        None => crate::cookies::CookieJar::new(),
    };
    // The run's deadline, which requests, waits and scripts all honour.
    let deadline = config.timeout.map(|t| Instant::now() + t);
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
        deadline,
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
            run_deadline: deadline,
            // --script-memory is the limit as given; without it the limit follows the bodies.
            memory_limit: args
                .script_memory
                .map_or(crate::script::ScriptOptions::default().memory_limit, |m| {
                    usize::try_from(m).unwrap_or(usize::MAX)
                }),
            memory_follows_bodies: args.script_memory.is_none(),
        },
        cancel: common.cancel.clone(),
        pace,
    }))
}
