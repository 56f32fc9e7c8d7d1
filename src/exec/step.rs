//! One request of a session: pre-request scripts on the draft, build, send (with digest's
//! round trip), test scripts, schema and transport checks, all as data in one `Execution`.

use super::io::Io;
use super::send::{self, SendOptions};
use super::shared::{Shared, not_run};
use crate::auth::{Auth, BodyMode, DigestParams, SystemClock, digest};
use crate::build::{self, BaseUrl, BuildOptions, Draft};
use crate::check::schema::SchemaCheck;
use crate::check::status::{self, Expected};
use crate::outcome::{
    Broken, BrokenKind, Check, CheckStatus, Execution, Failure, NotRun, Outcome, SchemaResult,
};
use crate::plan::{Script, Step, Suite};
use crate::request::{HttpRequest, HttpResponse};
use crate::script::{
    ConsoleLevel, EventKind, EventOutcome, NextRequest, PREREQUEST_ERROR_CHECK, ScriptContext,
    ScriptEngine, ScriptInfo, ScriptSource, TEST_SCRIPT_ERROR_CHECK, TestStatus,
};
use crate::secrets::Redactor;
use crate::vars::VarStore;
use std::time::Instant;

/// Where one step stands in its run, for `pm.info`.
pub struct StepInfo<'a> {
    pub suite: &'a Suite,
    pub step: &'a Step,
    pub iteration: usize,
    pub iterations: usize,
    pub name: String,
}

/// Runs one step; returns its execution and where `postman.setNextRequest` points, if anywhere.
pub fn execute(
    shared: &Shared,
    io: &Io,
    engine: &mut Option<Result<ScriptEngine, String>>,
    at: StepInfo<'_>,
    vars: &mut VarStore,
    redactor: &mut Redactor,
) -> (Execution, Option<NextRequest>) {
    let StepInfo {
        suite,
        step,
        iteration,
        iterations,
        name,
    } = at;
    let mut e = not_run(suite, step, iteration, name, NotRun::Skipped);
    e.outcome = Outcome::Passed;
    let mut next = None;
    let mut draft = match Draft::from_step(step) {
        Ok(d) => d,
        Err(err) => {
            e.outcome = built_wrong(&err);
            return (e, None);
        }
    };
    let mut send_opts = send_options(shared, step);
    // Secrets known before anything runs (--env-var, `type: secret`, secret names) are masked
    // in whatever this step prints, on every path out of it.
    learn_secrets(vars, redactor);
    let info = ScriptInfo {
        iteration: iteration as u32,
        iteration_count: iterations as u32,
        request_name: step.name().to_string(),
        request_id: step.id.clone().unwrap_or_default(),
    };

    if !step.prerequest.is_empty() {
        let before = draft.to_http();
        let mut changed = before.clone();
        let outcome = run_scripts(
            shared,
            io,
            engine,
            EventKind::PreRequest,
            &step.prerequest,
            vars,
            &mut changed,
            None,
            &info,
            &send_opts,
        );
        draft.absorb(&before, &changed);
        next = outcome.next_request.clone().or(next);
        learn_secrets(vars, redactor);
        // A pre-request script that throws does not stop the request (as in Newman).
        record(
            &mut e,
            outcome.errors_as_failed_checks(PREREQUEST_ERROR_CHECK),
        );
    }

    let opts = BuildOptions {
        base_url: shared.base_url.as_ref(),
        allow_unresolved: shared.allow_unresolved,
        working_dir: &shared.working_dir,
        user_agent: &shared.user_agent,
        clock: &SystemClock::default(),
    };
    let access = build::files::FileAccess {
        working_dir: shared.working_dir.clone(),
        insecure: shared.insecure_file_read,
    };
    let read_file = |p: &std::path::Path| access.read(p).map_err(std::io::Error::other);
    let built = build::finish(&draft, vars, &opts, &read_file);
    learn_secrets(vars, redactor);
    let built = match built {
        Ok(b) => b,
        Err(err) => {
            // A URL that cannot be sent to (a host left as {{var}}, an empty URL) is a request
            // that failed under Newman: its test script still runs, on no response.
            if matches!(err, build::BuildError::Url(_)) {
                let nothing = NoResponse {
                    shared,
                    io,
                    info: &info,
                    send_opts: &send_opts,
                };
                let req = draft.to_http();
                next = nothing
                    .run_tests(engine, step, vars, redactor, &req, &mut e)
                    .or(next);
            }
            e.outcome = built_wrong(&err);
            return (e, next);
        }
    };
    // Left as written and sent (as Newman does): said on stderr and in the execution.
    for w in crate::vars::preflight::unresolved_warnings(&built.unresolved, step.name()) {
        eprintln!("warning: {}", redactor.redact(&w));
        e.console.push(format!("warn: {w}"));
    }
    let req = built.request;
    redactor.learn_headers(&req.headers);
    for secret in built.auth.iter().flat_map(Auth::secrets) {
        redactor.add(&secret);
    }
    // Credentials stay with the origin they were meant for when a redirect leaves it.
    send_opts.credentials = redactor.values().to_vec();
    e.request = Some(req.clone());
    // NTLM's handshake belongs to the request itself, not to a script's pm.sendRequest.
    let main_opts = match &built.auth {
        Some(Auth::Ntlm(p)) => SendOptions {
            ntlm: Some(p.clone()),
            ..send_opts.clone()
        },
        _ => send_opts.clone(),
    };
    let mut result = send_cancellable(shared, io, &req, &main_opts);
    if let (Ok((resp, _)), Some(Auth::Digest(params))) = (&result, &built.auth) {
        if let Some(retry) = digest_retry(params, resp, &req, built.mode) {
            match retry {
                Ok(signed) => {
                    redactor.learn_headers(&signed.headers);
                    e.request = Some(signed.clone());
                    result = send_cancellable(shared, io, &signed, &send_opts);
                }
                Err(err) => {
                    e.outcome = Outcome::Broken(Broken::new(
                        BrokenKind::Build,
                        format!("digest auth: {err}"),
                    ));
                    return (e, next);
                }
            }
        }
    }
    let (resp, mut final_req) = match result {
        Ok(ok) => ok,
        Err(broken) => {
            // As Newman, the test script still runs on a request that got no response (it
            // sees an empty one); the execution stays could-not-complete.
            let nothing = NoResponse {
                shared,
                io,
                info: &info,
                send_opts: &send_opts,
            };
            next = nothing
                .run_tests(engine, step, vars, redactor, &req, &mut e)
                .or(next);
            e.outcome = Outcome::Broken(broken);
            return (e, next);
        }
    };
    redactor.learn_json(&resp.body);
    // The cookies the jar added are secrets too.
    redactor.learn_headers(&final_req.headers);
    redactor.learn_headers(&resp.headers);

    let mut asserted = Vec::new();
    if !step.test.is_empty() {
        let outcome = run_scripts(
            shared,
            io,
            engine,
            EventKind::Test,
            &step.test,
            vars,
            &mut final_req,
            Some(&resp),
            &info,
            &send_opts,
        );
        next = outcome.next_request.clone().or(next);
        learn_secrets(vars, redactor);
        asserted.extend_from_slice(&outcome.asserted_statuses);
        record(
            &mut e,
            outcome.errors_as_failed_checks(TEST_SCRIPT_ERROR_CHECK),
        );
    }
    let verdict = shared.schemas.as_ref().map(|schemas| {
        let base_path = shared
            .base_url
            .as_ref()
            .map(BaseUrl::path)
            .filter(|p| !p.is_empty());
        schemas.check_exchange(&final_req, &resp, base_path)
    });
    let expected = Expected {
        documented: verdict.as_ref().is_some_and(SchemaCheck::status_documented),
        asserted: &asserted,
    };
    e.checks.extend(status::server_error(&resp, expected));
    e.checks.extend(status::utf8(&resp));
    if let Some(verdict) = verdict {
        let unchecked = matches!(verdict, SchemaCheck::Unchecked { .. });
        if !unchecked || shared.strict || shared.report_unchecked {
            e.schema = schema_result(&verdict);
            e.checks.extend(schema_check(verdict, shared.strict));
        }
    }
    if shared.examples {
        e.checks
            .extend(crate::check::examples::check(&resp, &step.examples));
    }
    e.response_size = Some(resp.body.len());
    e.response = Some(resp);
    e.settle();
    (e, next)
}

/// Sends through the run's client; Ctrl-C abandons the request at once.
pub(super) fn send_cancellable(
    shared: &Shared,
    io: &Io,
    req: &HttpRequest,
    opts: &SendOptions,
) -> Result<(HttpResponse, HttpRequest), Broken> {
    let mut cancel = shared.cancel.clone();
    io.block_on(async {
        tokio::select! {
            result = send::send(&shared.client, req, opts) => result
                .map_err(|e| Broken::new(BrokenKind::Transport(e.kind), e.message)),
            signal = interrupted(&mut cancel) => Err(Broken::new(
                BrokenKind::Interrupted,
                format!("interrupted ({signal}) while waiting for the response"),
            )),
        }
    })
}

fn built_wrong(err: &impl std::fmt::Display) -> Outcome {
    Outcome::Broken(Broken::new(
        BrokenKind::Build,
        format!("request could not be built: {err}"),
    ))
}

/// Resolves with the signal's name once Ctrl-C, SIGTERM or SIGHUP came; never, if the run ends
/// first.
pub(super) async fn interrupted(
    cancel: &mut tokio::sync::watch::Receiver<Option<&'static str>>,
) -> &'static str {
    loop {
        if let Some(signal) = *cancel.borrow_and_update() {
            return signal;
        }
        if cancel.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Variables whose type or name marks them secret are masked from now on (a token a script
/// stored a moment ago included).
fn learn_secrets(vars: &VarStore, redactor: &mut Redactor) {
    for secret in vars.secret_values(|k| crate::secrets::is_secret_name(k, redactor.extra_names()))
    {
        redactor.add(&secret);
    }
}

/// Runs one event's scripts through the session's engine.
/// A request that got no response (not sent, or no answer), and what its test script needs.
struct NoResponse<'a> {
    shared: &'a Shared,
    io: &'a Io,
    info: &'a ScriptInfo,
    send_opts: &'a SendOptions,
}

impl NoResponse<'_> {
    /// Runs the step's test script on an empty response; returns its `setNextRequest`.
    fn run_tests(
        &self,
        engine: &mut Option<Result<ScriptEngine, String>>,
        step: &Step,
        vars: &mut VarStore,
        redactor: &mut Redactor,
        req: &HttpRequest,
        e: &mut Execution,
    ) -> Option<NextRequest> {
        if step.test.is_empty() {
            return None;
        }
        let mut sent = req.clone();
        let outcome = run_scripts(
            self.shared,
            self.io,
            engine,
            EventKind::Test,
            &step.test,
            vars,
            &mut sent,
            Some(&HttpResponse::none()),
            self.info,
            self.send_opts,
        );
        learn_secrets(vars, redactor);
        let next = outcome.next_request.clone();
        record(e, outcome.errors_as_failed_checks(TEST_SCRIPT_ERROR_CHECK));
        next
    }
}

#[allow(clippy::too_many_arguments)]
fn run_scripts(
    shared: &Shared,
    io: &Io,
    engine: &mut Option<Result<ScriptEngine, String>>,
    kind: EventKind,
    scripts: &[Script],
    vars: &mut VarStore,
    request: &mut HttpRequest,
    response: Option<&HttpResponse>,
    info: &ScriptInfo,
    send_opts: &SendOptions,
) -> EventOutcome {
    // The JS runtime starts with the first script a collection runs: collections without
    // scripts never pay its start-up.
    let engine = engine.get_or_insert_with(|| {
        let mut engine = ScriptEngine::new(shared.script_options).map_err(|e| e.to_string())?;
        engine.set_cookie_jar(shared.send.cookies.clone());
        Ok(engine)
    });
    let engine = match engine {
        Ok(engine) => engine,
        Err(why) => {
            return EventOutcome {
                errors: vec![why.clone()],
                ..EventOutcome::default()
            };
        }
    };
    let sources: Vec<ScriptSource> = scripts
        .iter()
        .map(|s| ScriptSource {
            code: s.code.clone(),
            label: s.label.clone(),
        })
        .collect();
    let mut send_fn = |mut req: HttpRequest| -> Result<HttpResponse, String> {
        crate::build::add_runtime_headers(&mut req, &shared.user_agent);
        // Bounded like the request itself, with what is left of the run at each call (a chain
        // of calls ends at the run's --timeout); Ctrl-C in send_cancellable.
        let opts = within_deadline(shared, send_opts.clone());
        if opts.timeout.is_zero() && shared.deadline.is_some() {
            return Err(format!("not sent: {}", opts.timeout_cause));
        }
        send_cancellable(shared, io, &req, &opts)
            .map(|(r, _)| r)
            .map_err(|e| e.message)
    };
    let validate = crate::check::schema::validate_value;
    let mut ctx = ScriptContext {
        vars,
        request,
        response,
        info: info.clone(),
        send: &mut send_fn,
        validate_schema: &validate,
    };
    engine.run_event(kind, &sources, &mut ctx)
}

/// Adds an event's tests (its script errors already among them) and console lines to the
/// execution.
fn record(e: &mut Execution, outcome: EventOutcome) {
    debug_assert!(outcome.errors.is_empty(), "script errors are checks by now");
    for t in outcome.tests {
        let status = match t.status {
            TestStatus::Passed => CheckStatus::Passed,
            TestStatus::Failed(m) => CheckStatus::Failed(Failure::Assertion(m)),
            TestStatus::Skipped => CheckStatus::Skipped,
        };
        e.checks.push(Check {
            name: t.name,
            status,
        });
    }
    for line in outcome.console {
        e.console
            .push(format!("{}: {}", level_name(line.level), line.text));
    }
}

fn level_name(level: ConsoleLevel) -> &'static str {
    match level {
        ConsoleLevel::Log => "log",
        ConsoleLevel::Info => "info",
        ConsoleLevel::Warn => "warn",
        ConsoleLevel::Error => "error",
    }
}

/// The schema verdict as a named check of the trial (`None`: nothing to say).
pub(crate) fn schema_check(verdict: SchemaCheck, strict: bool) -> Option<Check> {
    let name = "response matches the documented contract".to_string();
    let status = match &verdict {
        SchemaCheck::Pass { schema: Some(_) } => CheckStatus::Passed,
        SchemaCheck::Pass { schema: None } => return None,
        SchemaCheck::Unchecked { method, path } if strict => {
            CheckStatus::Failed(Failure::Contract {
                summary: format!("no documented operation matches {method} {path} (--strict)"),
            })
        }
        SchemaCheck::Unchecked { .. } => {
            return Some(Check {
                name: UNCHECKED.into(),
                status: CheckStatus::Skipped,
            });
        }
        // The diff is part of the verdict (`Execution::schema`), not of this text.
        other => CheckStatus::Failed(Failure::Contract {
            summary: other.to_string(),
        }),
    };
    Some(Check { name, status })
}

/// The verdict as report data.
pub(crate) fn schema_result(verdict: &SchemaCheck) -> Option<SchemaResult> {
    let (file, errors, diff) = match verdict {
        SchemaCheck::Pass { schema: None } => return None,
        SchemaCheck::Pass { schema } => (schema.clone(), Vec::new(), None),
        SchemaCheck::Fail {
            schema,
            errors,
            diff,
        } => (
            Some(schema.clone()),
            errors.clone(),
            diff.as_ref().map(|d| d.render_plain()),
        ),
        SchemaCheck::Unchecked { .. } => (None, Vec::new(), None),
        other => (None, vec![other.to_string()], None),
    };
    Some(SchemaResult {
        file,
        passed: !verdict.is_failure(),
        errors,
        diff,
        unchecked: matches!(verdict, SchemaCheck::Unchecked { .. }),
    })
}

/// The name of the check that says no documented operation matched (counted in the summary).
pub const UNCHECKED: &str = "response not checked: no documented operation matches";

/// What is sent forward has every secret seen so far masked. Bodies go forward as the
/// excerpt every report keeps of them (`KEPT_BODY`, the received size stays in
/// `response_size`): only that excerpt is masked, never a whole body no output shows.
pub(super) fn redact(mut e: Execution, r: &Redactor) -> Execution {
    use crate::report::hub::KEPT_BODY;
    if let Some(resp) = &e.response {
        e.response_size.get_or_insert(resp.body.len());
    }
    e.request = e.request.take().map(|q| r.request(q, KEPT_BODY));
    e.response = e.response.take().map(|q| r.response(q, KEPT_BODY));
    for c in &mut e.checks {
        c.name = r.redact(&c.name);
        if let CheckStatus::Failed(f) = &mut c.status {
            match f {
                Failure::Assertion(m)
                | Failure::Contract { summary: m }
                | Failure::Examples(m)
                | Failure::Differs(m) => *m = r.redact(m),
                Failure::ServerError { reason, .. } => *reason = r.redact(reason),
                Failure::InvalidUtf8 { .. } => {}
            }
        }
    }
    for line in &mut e.console {
        *line = r.redact(line);
    }
    if let Some(s) = &mut e.schema {
        s.errors = s.errors.iter().map(|x| r.redact(x)).collect();
        s.diff = s.diff.as_ref().map(|d| r.redact(d));
    }
    if let Outcome::Broken(cause) = &mut e.outcome {
        cause.message = r.redact(&cause.message);
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
    if step.profile.disable_cookies == Some(true) {
        o.cookies = None;
    }
    if let Some(r) = step.profile.remove_referer_header_on_redirect {
        o.referer_on_redirect = !r;
    }
    within_deadline(shared, o)
}

/// The request timeout cut to what is left of the run's `--timeout`.
fn within_deadline(shared: &Shared, mut o: SendOptions) -> SendOptions {
    if let Some(d) = shared.deadline {
        let left = d.saturating_duration_since(Instant::now());
        if left < o.timeout {
            o.timeout = left;
            o.timeout_cause = "the run's --timeout expired";
        }
    }
    o
}
