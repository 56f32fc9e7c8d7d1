//! `conform run`: loads the inputs, builds the run's configuration, plans the trials, starts one
//! session per collection and lets the reporter hub take their events in (feeding the
//! libtest-mimic console), then hands the finished report to the outputs and computes the exit
//! code from the results. Setup failures (exit 2) happen here, before anything is sent.

use crate::cli::RunArgs;
use crate::cli::config::RunConfig;
use crate::exec::event::run_session;
use crate::exec::run_suite;
use crate::exit::Exit;
use crate::postman::LoadError;
use crate::report::hub::{self, Hub};
use libtest_mimic::{Arguments, Trial};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

pub(crate) mod client;
mod collection_export;
pub(crate) mod context;
pub(crate) mod inputs;
pub(crate) mod layout;
mod preflight;
mod remote;
pub(crate) mod signals;

use inputs::Inputs;
use layout::{Layout, preflight_variables};
use signals::interrupt_on_signals;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Cookies(#[from] crate::cookies::CookieFileError),
    #[error(transparent)]
    Fetch(#[from] remote::FetchError),
    #[error(transparent)]
    ClientKey(#[from] client::KeyError),
    #[error(transparent)]
    Files(#[from] preflight::UnreadableFiles),
}

pub fn run(mut args: RunArgs) -> Result<Exit, SetupError> {
    quiet_broken_pipes();
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
    // Built first: inputs given as URLs are fetched through it, with the run's TLS settings.
    let client = client::http_client(&args)?;
    let (timeout, limit) = (
        Duration::from_millis(args.timeout_request),
        args.max_response_size,
    );
    let fetched = remote::Fetched::localize(&mut args, &client.reqwest, &runtime, timeout, limit)?;
    let mut inputs = Inputs::load(&args).map_err(|e| match e {
        SetupError::Load(e) => SetupError::Load(fetched.rename(e)),
        other => other,
    })?;
    for suite in &mut inputs.suites {
        if let Some(name) = fetched.original(&suite.source) {
            suite.source = PathBuf::from(name);
        }
    }
    let config = RunConfig::build(&args).map_err(|e| SetupError::Usage(e.to_string()))?;
    if config.exports.collection.is_some() && inputs.suites.len() != 1 {
        return Err(SetupError::Usage(format!(
            "--export-collection writes one collection; this run has {}",
            inputs.suites.len()
        )));
    }
    let harness = harness_args(&args, &config)?;
    let mut layout = Layout::new(&inputs, &args)?;

    // The console shows names elided to a readable length; reports keep the whole name.
    let ascii = args.disable_unicode;
    // On a terminal, names are elided to fit its width with room for the progress line; not
    // with a name filter, which matches the names as they are (libtest filters the console).
    let terminal = {
        use std::io::IsTerminal;
        std::io::stdout().is_terminal() && std::io::stderr().is_terminal()
    };
    let width = crate::report::progress::terminal_width().filter(|_| terminal);
    let fit = width.filter(|_| harness.filter.is_none() && harness.skip.is_empty());
    let mut display: Vec<String> = layout
        .names
        .iter()
        .map(|n| {
            let shown = hub::display_name(n);
            let shown = match fit {
                Some(w) => {
                    crate::report::progress::elide(&shown, crate::report::progress::name_room(w))
                }
                None => shown,
            };
            plain(shown, ascii)
        })
        .collect();
    // One throw-away trial at a time: a list of them all would stay for the whole run.
    let selected: Vec<bool> = display
        .iter()
        .zip(&layout.kept)
        .map(|(n, by_folder)| {
            *by_folder && !harness.is_filtered_out(&Trial::test(n.clone(), || Ok(())))
        })
        .collect();
    if harness.list {
        let listed: Vec<Trial> = display
            .into_iter()
            .zip(&layout.kept)
            .filter(|(_, s)| **s)
            .map(|(n, _)| Trial::test(n, || Ok(())))
            .collect();
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            libtest_mimic::run(&harness, listed)
        }));
        return Ok(Exit::Success);
    }

    preflight_variables(&inputs, &layout, &selected, args.strict_variables)?;
    let working_dir = args
        .working_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("."));
    let insecure_file_read = args.insecure_file_read && !args.no_insecure_file_read;
    preflight::body_files(
        &inputs,
        &layout,
        &selected,
        &crate::build::files::FileAccess {
            working_dir: working_dir.clone(),
            insecure: insecure_file_read,
        },
    )?;
    let (schemas, report_unchecked) = load_schemas(&args, &config)?;
    let schemas = schemas.map(Arc::new);
    let started_at =
        crate::vars::dynamic::generate("$isoTimestamp", &mut rand::rng(), SystemTime::now())
            .unwrap_or_default();
    let started = Instant::now();
    let (events, received) = crate::exec::event::channel();
    let cancel = interrupt_on_signals(&runtime, events.clone());
    let common = context::Common {
        runtime: runtime.handle().clone(),
        schemas: schemas.clone(),
        report_unchecked,
        cancel,
    };
    let shared = context::shared(&args, &config, &inputs, client, &common, None)?;

    // Each execution goes to the report files as it finishes (report::stream); their spools
    // are opened before anything is sent.
    let recorder = recorder(&config, &inputs, layout.iterations)?;
    let mut sessions = Vec::new();
    for (s, suite) in inputs.suites.iter().enumerate() {
        let plan = layout.suite_plan(s, suite.clone(), &inputs, &selected);
        let shared = Arc::clone(&shared);
        let events = events.clone();
        sessions.push(std::thread::spawn(move || {
            run_session(s, events, |events| run_suite(plan, &shared, events));
        }));
    }
    drop(events);

    let infos = layout.trial_infos(&inputs, &selected);
    let kept: Vec<usize> = (0..layout.names.len())
        .filter(|i| layout.kept[*i])
        .collect();
    let pretty = config.console
        && matches!(
            harness
                .format
                .unwrap_or(libtest_mimic::FormatSetting::Pretty),
            libtest_mimic::FormatSetting::Pretty
        )
        && !harness.quiet;
    let shown: Vec<&str> = kept
        .iter()
        .filter(|&&i| selected[i])
        .map(|&i| display[i].as_str())
        .collect();
    let console_layout = hub::ConsoleLayout::new(pretty, &shown);
    // The progress line lives after libtest's open `test NAME ... `: only in its pretty
    // format on a terminal (not -q, not --format json or terse, not into a pipe).
    let progress = match width {
        Some(w) if console_layout.pretty_on_terminal => {
            let used = "test ".len() + console_layout.name_width + " ... ".len();
            crate::report::progress::Progress::new(shown.len(), w.saturating_sub(used + 1))
        }
        _ => crate::report::progress::Progress::off(),
    };
    let hub = Hub::new(
        received,
        infos,
        inputs.suites.len(),
        config.verbose,
        console_layout,
        recorder,
    )
    .with_progress(progress);
    let hub = Arc::new(Mutex::new(if config.console {
        hub.feeding_console()
    } else {
        hub
    }));
    if config.console {
        let nocapture = args.nocapture;
        let live: Vec<Trial> = kept
            .iter()
            .map(|&i| {
                let hub = Arc::clone(&hub);
                let selected = selected[i];
                // Each trial owns its name; the console holds nothing else per request.
                Trial::ignorable_test(std::mem::take(&mut display[i]), move || {
                    if !selected {
                        return Ok(libtest_mimic::Completion::ignored_with("filtered out"));
                    }
                    let executions = lock(&hub).wait_for(i);
                    crate::report::console::trial_result(&executions, nocapture).map_err(|f| {
                        libtest_mimic::Failed::from(plain(
                            f.message().unwrap_or_default().to_string(),
                            ascii,
                        ))
                    })
                })
            })
            .collect();
        // The conclusion's own exit code (101) is not ours: the code comes from the executions.
        // A console whose stdout was closed stops printing; the run goes on to its reports.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            libtest_mimic::run(&harness, live)
        }));
    }
    let mut hub = Arc::try_unwrap(hub)
        .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
        .unwrap_or_else(|shared_hub| {
            // A console trial still holds it: only possible if libtest kept a closure alive.
            std::mem::replace(
                &mut *lock(&shared_hub),
                Hub::new(
                    crate::exec::event::channel().1,
                    Vec::new(),
                    0,
                    false,
                    hub::ConsoleLayout::default(),
                    crate::report::stream::Recorder::without_files(),
                ),
            )
        });
    hub.drain();
    for s in sessions {
        // Each session reported its own end, also when it panicked.
        let _ = s.join();
    }
    let interrupted = hub.interrupted();
    let (recorder, final_vars) = hub.into_results();
    let (digest, files) = recorder.into_parts();
    let coverage = schemas.as_ref().map(|s| coverage(s, &digest));
    let info = crate::outcome::RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started: started_at,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        base_url: inputs.base_url.as_ref().map(|b| b.to_string()),
        environment: inputs.environment.as_ref().map(|e| e.name.clone()),
        suites: suite_infos(&inputs, layout.iterations),
        ended_early: ended_early(interrupted, &digest),
        coverage,
    };
    let outputs = crate::report::conclude::Outputs {
        console: config.console && config.summary,
        json_console: config.json_console(),
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from),
    };
    let mut written = crate::report::conclude::conclude(&info, &digest, files, &outputs);
    // With several collections, the last one in run order has the final say, as if chained.
    if let Some(last) = final_vars.iter().rev().flatten().next() {
        let originals = crate::report::export::Originals {
            environment: inputs.environment.as_ref(),
            globals: inputs.globals.as_ref(),
        };
        let learned = shared
            .learned_secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let secrets = crate::report::export::Secrets {
            names: &args.redact,
            learned: &learned,
        };
        if let Err(e) = crate::report::export::write(&config.exports, last, originals, secrets) {
            eprintln!("error: {e}");
            written = false;
        }
    }
    if let (Some(path), Some((s, vars))) = (
        &config.exports.collection,
        final_vars
            .iter()
            .enumerate()
            .find_map(|(s, v)| v.as_ref().map(|v| (s, v))),
    ) {
        let learned = shared
            .learned_secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let masking = collection_export::Masking {
            redact: &args.redact,
            learned: &learned,
            keep_secrets: args.export_secrets,
        };
        let named = &inputs.suites[s].source;
        let source = fetched.local(named).unwrap_or(named);
        if let Err(e) = collection_export::write(path, source, vars, masking) {
            eprintln!("error: {e}");
            written = false;
        }
    }
    if let (Some(path), Some(jar)) = (&args.export_cookie_jar, &shared.send.cookies) {
        let masked =
            |name: &str| !args.export_secrets && crate::secrets::is_secret_name(name, &args.redact);
        if let Err(e) = jar.export(path, masked) {
            eprintln!("error: {e}");
            written = false;
        }
    }
    drop(runtime);
    let exit = digest.exit.after_outputs(written);
    // `-x`: the run says what happened; the exit code stays 0 (Newman's --suppress-exit-code).
    Ok(if args.suppress_exit_code {
        Exit::Success
    } else {
        exit
    })
}

/// libtest-mimic writes its console with `unwrap`: when stdout is a closed pipe (`| head -1`)
/// it panics. That panic is caught where the console runs and the run goes on to its reports;
/// this keeps it from printing a backtrace over the user's terminal. Other panics print as usual.
pub(crate) fn quiet_broken_pipes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if payload.contains("Broken pipe") || payload.contains("BrokenPipe") {
            return;
        }
        default(info);
    }));
}

/// `--disable-unicode`: conform's own ellipsis in ASCII (what the collection says is its own).
fn plain(text: String, ascii: bool) -> String {
    if ascii && text.contains('…') {
        text.replace('…', "...")
    } else {
        text
    }
}

fn lock(hub: &Mutex<Hub>) -> std::sync::MutexGuard<'_, Hub> {
    // Poisoned only if a console trial panicked while waiting; the hub's data is still whole.
    hub.lock().unwrap_or_else(|p| p.into_inner())
}

/// `--mock`: the reference mock on an ephemeral loopback port; every request goes there.
pub(crate) fn start_mock(
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

/// The run's response contracts: `--schemas DIR` (default `./schemas` when present) and every
/// `--openapi SPEC`, then the built-in contracts for the APIs those did not give, each schema
/// compiled once. Also says whether the user asked for contracts (then a response no contract
/// documents is reported as unchecked; with only the built-in ones it is not their business).
pub(crate) fn load_schemas(
    args: &RunArgs,
    config: &RunConfig,
) -> Result<(Option<crate::schema::SchemaSet>, bool), SetupError> {
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
    let user_given = args.schemas.is_some() || !dirs.is_empty() || !args.openapi.is_empty();
    let options = crate::schema::LoadOptions {
        formats: config.formats,
    };
    let mut set = crate::schema::SchemaSet::load(&dirs, &args.openapi, options)
        .map_err(|e| SetupError::Usage(e.to_string()))?;
    if !args.no_builtin_schemas {
        set.add_builtin()
            .map_err(|e| SetupError::Usage(e.to_string()))?;
    }
    if set.is_empty() && !user_given {
        return Ok((None, false));
    }
    Ok((Some(set), user_given))
}

/// Which contracts applied, which documented responses the run reached, and which it never did.
pub(crate) fn coverage(
    schemas: &crate::schema::SchemaSet,
    digest: &crate::report::stream::Digest,
) -> crate::outcome::CoverageInfo {
    let line = |i: &crate::schema::CoverageItem| format!("{} {} {}", i.method, i.path, i.status);
    let cov = schemas.coverage();
    crate::outcome::CoverageInfo {
        contracts: schemas
            .contracts_used()
            .into_iter()
            .map(|c| crate::outcome::ContractInfo {
                name: c.name,
                origin: c.origin,
                responses: c.responses,
            })
            .collect(),
        responses: digest.responses,
        exercised: cov.exercised.iter().map(line).collect(),
        never_reached: cov.never_reached.iter().map(line).collect(),
        unchecked: digest.tally.unchecked,
    }
}

/// The report files' recorder (their spools open next to each file, so a folder that cannot
/// be written is found before anything is sent), with GitHub annotations when under Actions.
pub(crate) fn recorder(
    config: &RunConfig,
    inputs: &Inputs,
    iterations: usize,
) -> Result<crate::report::stream::Recorder, SetupError> {
    crate::report::stream::Recorder::new(
        &config.files,
        std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true"),
        inputs
            .suites
            .iter()
            .map(|s| (s.name.clone(), iterations))
            .collect(),
    )
    .map_err(|e| SetupError::Usage(e.to_string()))
}

/// The collections of a run, as reports name them.
pub(crate) fn suite_infos(inputs: &Inputs, iterations: usize) -> Vec<crate::outcome::SuiteInfo> {
    inputs
        .suites
        .iter()
        .map(|s| crate::outcome::SuiteInfo {
            name: s.name.clone(),
            source: s.source.display().to_string(),
            iterations,
        })
        .collect()
}

/// Why the run stopped before everything ran, if it did.
pub(crate) fn ended_early(
    interrupted: Option<&'static str>,
    digest: &crate::report::stream::Digest,
) -> Option<String> {
    use crate::outcome::NotRun;
    if let Some(signal) = interrupted {
        return Some(format!("the run was interrupted ({signal})"));
    }
    let reasons = [
        NotRun::Interrupted,
        NotRun::SessionFailed,
        NotRun::Deadline,
        NotRun::Bail,
    ];
    reasons
        .into_iter()
        .find(|r| digest.not_run.contains(r))
        .map(|r| r.to_string().trim_start_matches("not run: ").to_string())
}

/// libtest's own options: those after `--`, then the ones given directly.
pub(crate) fn harness_args(args: &RunArgs, config: &RunConfig) -> Result<Arguments, SetupError> {
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
    h.format = config.format.or(h.format);
    h.color = config.color.or(h.color);
    Ok(h)
}
