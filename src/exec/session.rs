//! The session of one collection run: for each iteration and each selected request, build →
//! send → check, in order, honouring `--bail`, `--delay-request` and the run deadline, and
//! post each execution to the board.

use super::board::Board;
use super::send::{self, SendOptions};
use crate::auth::{Auth, BodyMode, DigestParams, SystemClock, digest};
use crate::build::{self, BaseUrl, BuildOptions, Draft};
use crate::check::schema::SchemaCheck;
use crate::outcome::{Check, CheckStatus, Execution, NotRun, Outcome};
use crate::plan::{Step, Suite};
use crate::request::{HttpRequest, HttpResponse};
use crate::schema::SchemaSet;
use crate::secrets::Redactor;
use crate::vars::{Scope, VarStore};
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What every session of a run shares.
pub struct Shared {
    pub client: reqwest::Client,
    pub runtime: tokio::runtime::Handle,
    pub base_url: Option<BaseUrl>,
    pub working_dir: PathBuf,
    pub allow_unresolved: bool,
    pub bail: bool,
    pub bailed: AtomicBool,
    pub delay: Duration,
    pub deadline: Option<Instant>,
    pub send: SendOptions,
    pub user_agent: String,
    pub board: Board,
    /// Variables as they stand at the end of each session, for `--export-*`.
    pub final_vars: Mutex<Vec<VarStore>>,
    pub redact_names: Vec<String>,
    /// Response contracts, compiled once for the run.
    pub schemas: Option<Arc<SchemaSet>>,
    /// Unchecked responses (no documented operation) fail instead of passing.
    pub strict: bool,
}

/// One collection's run: its suite, its starting variables, its iterations, and for each
/// (iteration, step) the trial index it reports to (`None`: not selected).
pub struct SuitePlan {
    pub suite: Suite,
    pub vars: VarStore,
    pub data: Vec<Map<String, Value>>,
    pub iterations: usize,
    pub trials: Vec<Vec<Option<usize>>>,
    pub trial_names: Vec<Vec<String>>,
}

pub fn run_suite(plan: SuitePlan, shared: Arc<Shared>) -> VarStore {
    let SuitePlan {
        suite,
        mut vars,
        data,
        iterations,
        trials,
        trial_names,
    } = plan;
    let mut redactor = Redactor::new(shared.redact_names.clone());
    for iteration in 0..iterations {
        vars.clear(Scope::Data);
        vars.clear(Scope::Local);
        // Past the last row, Postman keeps using the last one.
        if let Some(row) = data.get(iteration.min(data.len().saturating_sub(1))) {
            for (k, v) in row {
                vars.set(Scope::Data, k, v.clone());
            }
        }
        for (index, step) in suite.steps.iter().enumerate() {
            let Some(trial) = trials[iteration][index] else {
                continue;
            };
            let name = trial_names[iteration][index].clone();
            let stopped = stop_reason(&shared);
            let execution = match stopped {
                Some(reason) => not_run(&suite, step, iteration, name, reason),
                None => {
                    if shared.delay > Duration::ZERO {
                        std::thread::sleep(shared.delay);
                    }
                    // The run's deadline may have passed during the delay.
                    if let Some(reason) = stop_reason(&shared) {
                        let e = not_run(&suite, step, iteration, name, reason);
                        shared.board.post(trial, e);
                        shared.board.close(trial);
                        continue;
                    }
                    let e = execute(
                        &shared,
                        &suite,
                        step,
                        iteration,
                        name,
                        &mut vars,
                        &mut redactor,
                    );
                    if shared.bail && !matches!(e.outcome, Outcome::Passed) {
                        shared.bailed.store(true, Ordering::SeqCst);
                    }
                    redact(e, &redactor)
                }
            };
            shared.board.post(trial, execution);
            shared.board.close(trial);
        }
    }
    vars
}

fn stop_reason(shared: &Shared) -> Option<NotRun> {
    if shared.bailed.load(Ordering::SeqCst) {
        return Some(NotRun::Bail);
    }
    match shared.deadline {
        Some(d) if Instant::now() >= d => Some(NotRun::Deadline),
        _ => None,
    }
}

fn not_run(
    suite: &Suite,
    step: &Step,
    iteration: usize,
    name: String,
    reason: NotRun,
) -> Execution {
    Execution {
        name,
        suite: suite.name.clone(),
        path: step.path.clone(),
        iteration,
        request: None,
        response: None,
        checks: Vec::new(),
        console: Vec::new(),
        outcome: Outcome::NotRun(reason),
    }
}

fn execute(
    shared: &Shared,
    suite: &Suite,
    step: &Step,
    iteration: usize,
    name: String,
    vars: &mut VarStore,
    redactor: &mut Redactor,
) -> Execution {
    let mut e = not_run(suite, step, iteration, name, NotRun::Skipped);
    e.outcome = Outcome::Passed;
    let draft = match Draft::from_step(step) {
        Ok(d) => d,
        Err(err) => {
            e.outcome = Outcome::Broken(format!("request could not be built: {err}"));
            return e;
        }
    };
    let opts = BuildOptions {
        base_url: shared.base_url.as_ref(),
        allow_unresolved: shared.allow_unresolved,
        working_dir: &shared.working_dir,
        user_agent: &shared.user_agent,
        clock: &SystemClock::default(),
    };
    let read_file = |p: &std::path::Path| std::fs::read(p);
    let built = build::finish(&draft, vars, &opts, &read_file);
    for secret in vars.secret_values(|k| crate::secrets::is_secret_name(k, redactor.extra_names()))
    {
        redactor.add(&secret);
    }
    let built = match built {
        Ok(b) => b,
        Err(err) => {
            e.outcome = Outcome::Broken(format!(
                "request could not be built: {}",
                redactor.redact(&err.to_string())
            ));
            return e;
        }
    };
    let req = built.request;
    redactor.learn_headers(&req.headers);
    e.request = Some(req.clone());
    let send_opts = send_options(shared, step);
    let mut result = shared
        .runtime
        .block_on(send::send(&shared.client, &req, &send_opts));
    if let (Ok((resp, _)), Some(Auth::Digest(params))) = (&result, &built.auth) {
        if let Some(retry) = digest_retry(params, resp, &req, built.mode) {
            match retry {
                Ok(signed) => {
                    redactor.learn_headers(&signed.headers);
                    e.request = Some(signed.clone());
                    result =
                        shared
                            .runtime
                            .block_on(send::send(&shared.client, &signed, &send_opts));
                }
                Err(err) => {
                    e.outcome = Outcome::Broken(format!("digest auth: {err}"));
                    return e;
                }
            }
        }
    }
    let (resp, final_req) = match result {
        Ok(ok) => ok,
        Err(err) => {
            e.outcome = Outcome::Broken(redactor.redact(&err.0));
            return e;
        }
    };
    redactor.learn_json(&resp.body);
    e.checks.extend(response_checks(&resp, step));
    if let Some(schemas) = &shared.schemas {
        let base_path = shared
            .base_url
            .as_ref()
            .map(BaseUrl::path)
            .filter(|p| !p.is_empty());
        let verdict = schemas.check_exchange(&final_req, &resp, base_path);
        e.checks.extend(schema_check(verdict, shared.strict));
    }
    e.response = Some(resp);
    e.settle();
    e
}

/// The schema verdict as a named check of the trial (`None`: nothing to say).
fn schema_check(verdict: SchemaCheck, strict: bool) -> Option<Check> {
    let name = "response matches the documented contract".to_string();
    let status = match &verdict {
        SchemaCheck::Pass { schema: Some(_) } => CheckStatus::Passed,
        SchemaCheck::Pass { schema: None } => return None,
        SchemaCheck::Unchecked { method, path } if strict => CheckStatus::Failed(format!(
            "no documented operation matches {method} {path} (--strict)"
        )),
        SchemaCheck::Unchecked { .. } => {
            return Some(Check {
                name: UNCHECKED.into(),
                status: CheckStatus::Skipped,
            });
        }
        SchemaCheck::Fail { diff, .. } => {
            let mut detail = verdict.to_string();
            if let Some(d) = diff {
                detail.push('\n');
                detail.push_str(&d.render_plain());
            }
            CheckStatus::Failed(detail)
        }
        other => CheckStatus::Failed(other.to_string()),
    };
    Some(Check { name, status })
}

/// The name of the check that says no documented operation matched (counted in the summary).
pub const UNCHECKED: &str = "response not checked: no documented operation matches";

/// What reaches the board has every secret seen so far masked.
fn redact(mut e: Execution, r: &Redactor) -> Execution {
    e.request = e.request.as_ref().map(|q| r.request(q));
    e.response = e.response.as_ref().map(|q| r.response(q));
    for c in &mut e.checks {
        c.name = r.redact(&c.name);
        if let CheckStatus::Failed(d) = &c.status {
            c.status = CheckStatus::Failed(r.redact(d));
        }
    }
    for line in &mut e.console {
        *line = r.redact(line);
    }
    if let Outcome::Broken(cause) = &e.outcome {
        e.outcome = Outcome::Broken(r.redact(cause));
    }
    e
}

/// Digest's round trip: a 401/403 with a Digest challenge is answered once, as Postman does.
fn digest_retry(
    params: &DigestParams,
    resp: &HttpResponse,
    req: &HttpRequest,
    mode: BodyMode,
) -> Option<Result<HttpRequest, String>> {
    if !matches!(resp.status, 401 | 403) {
        return None;
    }
    let header = digest::select_challenge(&resp.headers, &params.algorithm)?;
    let challenge = match digest::parse_challenge(header) {
        Ok(c) => c,
        Err(e) => return Some(Err(e.to_string())),
    };
    if !digest::should_retry(params, &challenge) {
        return None;
    }
    Some(
        digest::authorization(params, &challenge, req, mode, &SystemClock::default())
            .map(|value| {
                let mut signed = req.clone();
                signed
                    .headers
                    .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
                signed.headers.push(("Authorization".into(), value));
                signed
            })
            .map_err(|e| e.to_string()),
    )
}

fn send_options(shared: &Shared, step: &Step) -> SendOptions {
    let mut o = shared.send.clone();
    if let Some(f) = step.profile.follow_redirects {
        o.follow_redirects = f && o.follow_redirects;
    }
    if let Some(m) = step.profile.max_redirects {
        o.max_redirects = m;
    }
    if let Some(f) = step.profile.follow_original_method {
        o.follow_original_method = f;
    }
    if let Some(f) = step.profile.follow_authorization_header {
        o.follow_authorization_header = f;
    }
    if let Some(d) = shared.deadline {
        let left = d.saturating_duration_since(Instant::now());
        if left < o.timeout {
            o.timeout = left;
            o.timeout_cause = "the run's --timeout expired";
        }
    }
    o
}

/// Checks that hold for every response, whatever the collection's scripts say.
fn response_checks(resp: &HttpResponse, step: &Step) -> Vec<Check> {
    let mut checks = Vec::new();
    if resp.status >= 500 {
        // A 5xx the collection's own tests name (a test of an error path) is expected.
        let code = resp.status.to_string();
        let expected = step.test.iter().any(|s| s.code.contains(&code));
        if !expected {
            checks.push(Check {
                name: "no unexpected server error".into(),
                status: CheckStatus::Failed(format!(
                    "server answered {} {}",
                    resp.status, resp.reason
                )),
            });
        }
    }
    let ct = resp
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let textual = ct.contains("json") || ct.starts_with("text/") || ct.contains("charset=utf-8");
    if textual {
        if let Err(err) = std::str::from_utf8(&resp.body) {
            checks.push(Check {
                name: "body is valid UTF-8".into(),
                status: CheckStatus::Failed(format!(
                    "content-type '{ct}' but the body is not valid UTF-8 (invalid byte at offset {})",
                    err.valid_up_to()
                )),
            });
        }
    }
    checks
}
