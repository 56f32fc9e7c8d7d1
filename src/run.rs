//! `conform run`: loads the inputs, plans the trials, starts one session per collection and hands
//! the trials to libtest-mimic, then writes exports and computes the exit code from the results.
//! Setup failures (exit 2) happen here, before anything is sent.

use crate::build::BaseUrl;
use crate::cli::RunArgs;
use crate::exec::board::Board;
use crate::exec::send::SendOptions;
use crate::exec::{Shared, SuitePlan, run_suite};
use crate::exit::Exit;
use crate::plan::{self, Suite};
use crate::postman::{self, Environment, LoadError};
use crate::vars::{Scope, VarStore};
use libtest_mimic::{Arguments, Trial};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Cookies(#[from] crate::cookies::CookieFileError),
}

pub fn run(mut args: RunArgs) -> Result<Exit, SetupError> {
    // One worker drives every connection: requests of a collection are sequential, and fewer
    // threads mean fewer hand-offs (and malloc arenas) per request.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| SetupError::Usage(format!("cannot start the async runtime: {e}")))?;
    // The mock lives as long as this handle: until the run is over.
    let _mock = if args.mock {
        Some(start_mock(&runtime, &mut args)?)
    } else {
        None
    };
    let inputs = Inputs::load(&args)?;
    let harness = harness_args(&args)?;
    let layout = Layout::new(&inputs, &args)?;

    let trials: Vec<Trial> = layout
        .names
        .iter()
        .map(|n| Trial::test(n.clone(), || Ok(())))
        .collect();
    let selected: Vec<bool> = trials
        .iter()
        .zip(&layout.kept)
        .map(|(t, by_folder)| *by_folder && !harness.is_filtered_out(t))
        .collect();
    if harness.list {
        let listed: Vec<Trial> = trials
            .into_iter()
            .zip(&layout.kept)
            .filter(|(_, s)| **s)
            .map(|(t, _)| t)
            .collect();
        let _ = libtest_mimic::run(&harness, listed);
        return Ok(Exit::Success);
    }

    let targets = crate::report::files::Targets::new(
        &args.reporters,
        &args.report_dir,
        args.reporter_junit_export.clone(),
        args.reporter_json_export.clone(),
        args.reporter_html_export.clone(),
    );
    let client = http_client(&args)?;
    let cookie_jar = match &args.cookie_jar {
        Some(p) => crate::cookies::CookieJar::load(p)?,
        None => crate::cookies::CookieJar::new(),
    };
    let schemas = load_schemas(&args)?.map(Arc::new);
    let started_at =
        crate::vars::dynamic::generate("$isoTimestamp", &mut rand::rng(), SystemTime::now())
            .unwrap_or_default();
    let started = Instant::now();
    let cancel = interrupt_on_ctrl_c(&runtime);
    let shared = Arc::new(Shared {
        client,
        runtime: runtime.handle().clone(),
        sessions: inputs.suites.len(),
        base_url: inputs.base_url.clone(),
        working_dir: args
            .working_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(".")),
        allow_unresolved: args.allow_unresolved,
        bail: args.bail,
        bailed: AtomicBool::new(false),
        delay: Duration::from_millis(args.delay_request),
        deadline: args
            .timeout
            .map(|ms| Instant::now() + Duration::from_millis(ms)),
        send: SendOptions {
            timeout: Duration::from_millis(args.timeout_request),
            max_response_size: args.max_response_size,
            follow_redirects: !args.ignore_redirects,
            max_redirects: 10,
            follow_original_method: false,
            follow_authorization_header: false,
            timeout_cause: "--timeout-request",
            cookies: Some(Arc::new(cookie_jar)),
        },
        user_agent: format!("conform/{}", env!("CARGO_PKG_VERSION")),
        board: Board::new(layout.names.len()),
        final_vars: Mutex::new(vec![None; inputs.suites.len()]),
        redact_names: args.redact.clone(),
        schemas: schemas.clone(),
        strict: args.strict,
        script_options: crate::script::ScriptOptions {
            timeout: Duration::from_millis(args.timeout_script),
            ..crate::script::ScriptOptions::default()
        },
        cancel,
        verbose: args.verbose,
    });

    let mut sessions = Vec::new();
    for (s, suite) in inputs.suites.iter().enumerate() {
        let plan = layout.suite_plan(s, suite.clone(), &inputs, &selected);
        let shared = Arc::clone(&shared);
        sessions.push(std::thread::spawn(move || {
            let vars = run_suite(plan, Arc::clone(&shared));
            if let Some(slot) = shared
                .final_vars
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get_mut(s)
            {
                *slot = Some(vars);
            }
        }));
    }

    let nocapture = args.nocapture;
    let kept: Vec<usize> = (0..layout.names.len())
        .filter(|i| layout.kept[*i])
        .collect();
    if args.reporters.iter().any(|r| r == "cli") {
        let live: Vec<Trial> = kept
            .iter()
            .map(|&i| {
                let shared = Arc::clone(&shared);
                let selected = selected[i];
                Trial::ignorable_test(layout.names[i].clone(), move || {
                    if !selected {
                        return Ok(libtest_mimic::Completion::ignored_with("filtered out"));
                    }
                    crate::report::console::trial_result(&shared.board.wait(i), nocapture)
                })
            })
            .collect();
        // The conclusion's own exit code (101) is not ours: the code comes from the executions.
        let _ = libtest_mimic::run(&harness, live);
    } else {
        // No console reporter: wait for the run in silence.
        for &i in kept.iter().filter(|&&i| selected[i]) {
            shared.board.wait(i);
        }
    }
    for s in sessions {
        // A session thread that panicked has posted what it ran; the exit code reflects the rest.
        let _ = s.join();
    }
    let executions = shared.board.take_all();
    let coverage = schemas.as_ref().map(|s| coverage(s, &executions));
    if let Some(c) = &coverage {
        if args.reporters.iter().any(|r| r == "cli") {
            print_coverage(c, harness.format);
        }
    }
    let report = crate::outcome::RunReport {
        info: crate::outcome::RunInfo {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            started: started_at,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
            base_url: inputs.base_url.as_ref().map(|b| b.to_string()),
            environment: inputs.environment.as_ref().map(|e| e.name.clone()),
            suites: inputs
                .suites
                .iter()
                .map(|s| crate::outcome::SuiteInfo {
                    name: s.name.clone(),
                    source: s.source.display().to_string(),
                    iterations: layout.iterations,
                })
                .collect(),
            ended_early: ended_early(&shared, &executions),
            coverage,
        },
        executions,
    };
    if let Err(e) = targets.write(&report) {
        eprintln!("error: {e}");
        return Ok(Exit::Usage);
    }
    if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
        print!("{}", crate::report::github::annotations(&report.executions));
    }
    let executions = report.executions;
    export(&args, &inputs, &shared)?;
    if let (Some(path), Some(jar)) = (&args.export_cookie_jar, &shared.send.cookies) {
        let masked =
            |name: &str| !args.export_secrets && crate::secrets::is_secret_name(name, &args.redact);
        jar.export(path, masked)?;
    }
    drop(runtime);
    Ok(Exit::of_run(&executions))
}

/// `--mock`: the reference mock on an ephemeral loopback port; every request goes there.
fn start_mock(
    runtime: &tokio::runtime::Runtime,
    args: &mut RunArgs,
) -> Result<crate::mock::MockHandle, SetupError> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let handle = runtime
        .block_on(crate::mock::start(
            addr,
            crate::mock::MockConfig::default(),
            args.mock_drift,
        ))
        .map_err(|e| SetupError::Usage(format!("cannot start the reference mock: {e}")))?;
    args.base_url = Some(format!("http://{}", handle.addr));
    let env = PathBuf::from("environments/mock.postman_environment.json");
    if args.environment.is_none() && env.is_file() {
        args.environment = Some(env);
    }
    Ok(handle)
}

/// The run's response contracts: `--schemas DIR` (default `schemas/` when present) and every
/// `--openapi SPEC`, each schema compiled once.
fn load_schemas(args: &RunArgs) -> Result<Option<crate::schema::SchemaSet>, SetupError> {
    let default = PathBuf::from("schemas");
    let dirs: Vec<PathBuf> = match &args.schemas {
        Some(d) if !d.is_dir() => {
            return Err(SetupError::Usage(format!(
                "--schemas {}: no such folder",
                d.display()
            )));
        }
        Some(d) => vec![d.clone()],
        None if default.is_dir() => vec![default],
        None => Vec::new(),
    };
    let dirs: Vec<PathBuf> = dirs
        .into_iter()
        .flat_map(|d| {
            // A schemas folder holds one sub-folder per API; a folder with index.json is one API.
            if d.join(crate::schema::INDEX_FILE).is_file() {
                vec![d]
            } else {
                let mut subs: Vec<PathBuf> = std::fs::read_dir(&d)
                    .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default();
                subs.retain(|s| s.join(crate::schema::INDEX_FILE).is_file());
                subs.sort();
                subs
            }
        })
        .collect();
    if dirs.is_empty() && args.openapi.is_empty() {
        return Ok(None);
    }
    let options = crate::schema::LoadOptions {
        formats: args.formats == "on",
    };
    crate::schema::SchemaSet::load(&dirs, &args.openapi, options)
        .map(Some)
        .map_err(|e| SetupError::Usage(e.to_string()))
}

/// Which documented responses the run reached, and which it never did.
fn coverage(
    schemas: &crate::schema::SchemaSet,
    executions: &[crate::outcome::Execution],
) -> crate::outcome::CoverageInfo {
    let line = |i: &crate::schema::CoverageItem| format!("{} {} {}", i.method, i.path, i.status);
    let cov = schemas.coverage();
    crate::outcome::CoverageInfo {
        exercised: cov.exercised.iter().map(line).collect(),
        never_reached: cov.never_reached.iter().map(line).collect(),
        unchecked: executions
            .iter()
            .filter(|e| e.schema.as_ref().is_some_and(|s| s.unchecked))
            .count(),
    }
}

/// The coverage summary under the live report (on stderr when stdout is libtest JSON).
fn print_coverage(c: &crate::outcome::CoverageInfo, format: Option<libtest_mimic::FormatSetting>) {
    let total = c.exercised.len() + c.never_reached.len();
    let mut text = format!(
        "schema coverage: {} of {total} documented responses exercised; {} response(s) unchecked (no documented operation)\n",
        c.exercised.len(),
        c.unchecked
    );
    for item in &c.never_reached {
        text.push_str(&format!("  never reached: {item}\n"));
    }
    if matches!(format, Some(libtest_mimic::FormatSetting::Json)) {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

/// Why the run stopped before everything ran, if it did.
fn ended_early(shared: &Shared, executions: &[crate::outcome::Execution]) -> Option<String> {
    use crate::outcome::{NotRun, Outcome};
    let reasons = [NotRun::Interrupted, NotRun::Deadline, NotRun::Bail];
    reasons
        .into_iter()
        .find(|r| {
            executions
                .iter()
                .any(|e| e.outcome == Outcome::NotRun(r.clone()))
        })
        .map(|r| r.to_string().trim_start_matches("not run: ").to_string())
        .or_else(|| (*shared.cancel.borrow()).then(|| "the run was interrupted (Ctrl-C)".into()))
}

/// Ctrl-C once: stop sending, finish the reports. Twice: stop at once.
fn interrupt_on_ctrl_c(runtime: &tokio::runtime::Runtime) -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = tx.send(true);
            eprintln!("interrupted: writing what ran so far (Ctrl-C again stops at once)");
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(Exit::Incomplete.code()));
            }
        }
    });
    rx
}

/// Everything read from disk before the run.
struct Inputs {
    suites: Vec<Suite>,
    environment: Option<Environment>,
    globals: Option<Environment>,
    data: Vec<Map<String, Value>>,
    base_url: Option<BaseUrl>,
    env_vars: Vec<(String, String)>,
    global_vars: Vec<(String, String)>,
}

impl Inputs {
    fn load(args: &RunArgs) -> Result<Inputs, SetupError> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from("collections")]
        } else {
            args.paths.clone()
        };
        let mut files = Vec::new();
        for p in &paths {
            files.extend(collection_files(p)?);
        }
        let mut suites = Vec::new();
        for f in files {
            let collection = postman::load_collection(&f)?;
            for w in &collection.warnings {
                eprintln!("warning: {}: {w}", f.display());
            }
            suites.push(plan::suite(collection, f));
        }
        let environment = args
            .environment
            .as_deref()
            .map(postman::load_environment)
            .transpose()?;
        let globals = args
            .globals
            .as_deref()
            .map(postman::load_environment)
            .transpose()?;
        let data = match &args.iteration_data {
            Some(p) => postman::load_iteration_data(p)?,
            None => Vec::new(),
        };
        let base_url = args
            .base_url
            .as_deref()
            .map(BaseUrl::parse)
            .transpose()
            .map_err(|e| SetupError::Usage(format!("--base-url: {e}")))?;
        Ok(Inputs {
            suites,
            environment,
            globals,
            data,
            base_url,
            env_vars: args.env_vars.clone(),
            global_vars: args.global_vars.clone(),
        })
    }
}

fn collection_files(p: &Path) -> Result<Vec<PathBuf>, SetupError> {
    let meta = std::fs::metadata(p).map_err(|source| LoadError::Read {
        path: p.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let entries = std::fs::read_dir(p).map_err(|source| LoadError::Read {
        path: p.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".postman_collection.json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(SetupError::Usage(format!(
            "{}: no *.postman_collection.json files in this folder",
            p.display()
        )));
    }
    Ok(files)
}

/// The trial list: for each suite, iteration and step, a name and whether `--folder` keeps it.
struct Layout {
    names: Vec<String>,
    kept: Vec<bool>,
    /// First trial index of each suite.
    offsets: Vec<usize>,
    iterations: usize,
}

impl Layout {
    fn new(inputs: &Inputs, args: &RunArgs) -> Result<Layout, SetupError> {
        let iterations = args.iterations.unwrap_or(inputs.data.len().max(1));
        if iterations == 0 {
            return Err(SetupError::Usage("--iterations must be at least 1".into()));
        }
        let mut names = Vec::new();
        let mut kept = Vec::new();
        let mut offsets = Vec::new();
        let mut matched = vec![false; args.folders.len()];
        // `--shard K/N`: the (collection, iteration) units in run order, dealt round-robin.
        let mut unit = 0usize;
        for suite in &inputs.suites {
            offsets.push(names.len());
            for it in 0..iterations {
                let in_shard = args.shard.is_none_or(|(k, n)| unit % n == k - 1);
                unit += 1;
                for step in &suite.steps {
                    let mut name = format!("{}::{}", suite.name, step.display_path());
                    if iterations > 1 {
                        name.push_str(&format!(" (iteration {}/{iterations})", it + 1));
                    }
                    names.push(name);
                    let keep = args.folders.is_empty()
                        || args.folders.iter().enumerate().any(|(f, folder)| {
                            let hit = step.path.iter().any(|p| p == folder);
                            if hit {
                                matched[f] = true;
                            }
                            hit
                        });
                    kept.push(keep && in_shard);
                }
            }
        }
        if let Some(f) = matched.iter().position(|m| !m) {
            return Err(SetupError::Usage(format!(
                "--folder '{}': no folder or request of that name in the collections",
                args.folders[f]
            )));
        }
        Ok(Layout {
            names,
            kept,
            offsets,
            iterations,
        })
    }

    fn suite_plan(&self, s: usize, suite: Suite, inputs: &Inputs, selected: &[bool]) -> SuitePlan {
        let steps = suite.steps.len();
        let mut trials = Vec::new();
        let mut trial_names = Vec::new();
        for it in 0..self.iterations {
            let base = self.offsets[s] + it * steps;
            trials.push(
                (0..steps)
                    .map(|j| selected[base + j].then_some(base + j))
                    .collect(),
            );
            trial_names.push((0..steps).map(|j| self.names[base + j].clone()).collect());
        }
        let vars = starting_vars(&suite, inputs);
        SuitePlan {
            suite,
            vars,
            data: inputs.data.clone(),
            iterations: self.iterations,
            trials,
            trial_names,
        }
    }
}

/// Globals, collection variables and environment as the files give them, then the command
/// line's `--global-var` / `--env-var` over them.
fn starting_vars(suite: &Suite, inputs: &Inputs) -> VarStore {
    let mut vars = VarStore::new();
    if let Some(g) = &inputs.globals {
        for v in g.values.iter().filter(|v| v.enabled) {
            vars.set_typed(Scope::Global, &v.key, v.value.clone(), v.is_secret());
        }
    }
    for v in suite.collection.variables.iter().filter(|v| v.enabled) {
        vars.set_typed(Scope::Collection, &v.key, v.value.clone(), v.is_secret());
    }
    if let Some(e) = &inputs.environment {
        for v in e.values.iter().filter(|v| v.enabled) {
            vars.set_typed(Scope::Environment, &v.key, v.value.clone(), v.is_secret());
        }
    }
    for (k, v) in &inputs.global_vars {
        let secret = vars.is_secret(Scope::Global, k);
        vars.set_typed(Scope::Global, k, Value::String(v.clone()), secret);
    }
    for (k, v) in &inputs.env_vars {
        let secret = vars.is_secret(Scope::Environment, k);
        vars.set_typed(Scope::Environment, k, Value::String(v.clone()), secret);
    }
    vars
}

/// libtest's own options: those after `--`, then the ones given directly.
fn harness_args(args: &RunArgs) -> Result<Arguments, SetupError> {
    use clap::Parser;
    let argv = std::iter::once("conform run --".to_string()).chain(args.harness.iter().cloned());
    let mut h = Arguments::try_parse_from(argv)
        .map_err(|e| SetupError::Usage(format!("harness arguments after --: {e}")))?;
    h.list |= args.list;
    h.exact |= args.exact;
    h.quiet |= args.quiet;
    h.nocapture |= args.nocapture;
    h.skip.extend(args.skip.iter().cloned());
    h.test_threads = Some(1);
    if let Some(f) = &args.format {
        h.format = Some(match f.as_str() {
            "pretty" => libtest_mimic::FormatSetting::Pretty,
            "terse" => libtest_mimic::FormatSetting::Terse,
            "json" => libtest_mimic::FormatSetting::Json,
            other => {
                return Err(SetupError::Usage(format!(
                    "--format '{other}': expected pretty, terse or json"
                )));
            }
        });
    }
    if let Some(c) = &args.color {
        h.color = Some(match c.as_str() {
            "auto" => libtest_mimic::ColorSetting::Auto,
            "always" => libtest_mimic::ColorSetting::Always,
            "never" => libtest_mimic::ColorSetting::Never,
            other => {
                return Err(SetupError::Usage(format!(
                    "--color '{other}': expected auto, always or never"
                )));
            }
        });
    }
    Ok(h)
}

/// The run's one HTTP client: keep-alive pool, rustls, decompression, proxies from the
/// environment, redirects handled by the sender.
fn http_client(args: &RunArgs) -> Result<reqwest::Client, SetupError> {
    let mut b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .http1_title_case_headers()
        .danger_accept_invalid_certs(args.insecure)
        .connect_timeout(Duration::from_millis(args.timeout_request));
    if let Some(p) = &args.ca_cert {
        let pem = read(p)?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            SetupError::Usage(format!("{}: not a PEM certificate: {e}", p.display()))
        })?;
        if certs.is_empty() {
            return Err(SetupError::Usage(format!(
                "{}: no certificate in this PEM file",
                p.display()
            )));
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    if let (Some(cert), Some(key)) = (&args.ssl_client_cert, &args.ssl_client_key) {
        let mut pem = read(cert)?;
        pem.push(b'\n');
        pem.extend(read(key)?);
        let id = reqwest::Identity::from_pem(&pem).map_err(|e| {
            SetupError::Usage(format!(
                "{} / {}: not a usable client certificate and key: {e}",
                cert.display(),
                key.display()
            ))
        })?;
        b = b.identity(id);
    }
    b.build()
        .map_err(|e| SetupError::Usage(format!("cannot set up the HTTP client: {e}")))
}

fn read(p: &Path) -> Result<Vec<u8>, SetupError> {
    std::fs::read(p).map_err(|source| {
        SetupError::Load(LoadError::Read {
            path: p.to_path_buf(),
            source,
        })
    })
}

/// `--export-environment` / `--export-globals`: the variables as they stand at the end, in
/// Postman's format, secrets masked unless `--export-secrets`.
fn export(args: &RunArgs, inputs: &Inputs, shared: &Shared) -> Result<(), SetupError> {
    let finals = shared.final_vars.lock().unwrap_or_else(|p| p.into_inner());
    // With several collections, the last one in run order has the final say, as if chained.
    let Some(last) = finals.iter().rev().flatten().next() else {
        return Ok(());
    };
    let targets = [
        (
            &args.export_environment,
            Scope::Environment,
            "environment",
            inputs.environment.as_ref(),
        ),
        (
            &args.export_globals,
            Scope::Global,
            "globals",
            inputs.globals.as_ref(),
        ),
    ];
    for (path, scope, kind, original) in targets {
        let Some(path) = path else { continue };
        let values: Vec<Value> = last
            .to_object(scope)
            .into_iter()
            .map(|(k, v)| {
                let secret =
                    last.is_secret(scope, &k) || crate::secrets::is_secret_name(&k, &args.redact);
                let v = if secret && !args.export_secrets {
                    Value::String(crate::secrets::MASK.into())
                } else {
                    v
                };
                serde_json::json!({
                    "key": k,
                    "value": v,
                    "type": if last.is_secret(scope, &k) { "secret" } else { "default" },
                    "enabled": true
                })
            })
            .collect();
        let doc = serde_json::json!({
            "id": original.and_then(|o| o.id.clone()).unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            "name": original.map(|o| o.name.clone()).unwrap_or_else(|| kind.to_string()),
            "values": values,
            "_postman_variable_scope": kind,
            "_postman_exported_using": format!("conform/{}", env!("CARGO_PKG_VERSION")),
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        crate::fsutil::write_atomic(path, text.as_bytes())
            .map_err(|e| SetupError::Usage(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}
