//! `conform run`: loads the inputs, builds the run's configuration, plans the trials, starts one
//! session per collection and lets the reporter hub take their events in (feeding the
//! libtest-format console, report::libtest), then hands the finished report to the outputs and computes the exit
//! code from the results. Setup failures (exit 2) happen here, before anything is sent.

use crate::cli::RunArgs;
use crate::cli::config::RunConfig;
use crate::exec::event::run_session;
use crate::exec::run_suite;
use crate::exit::Exit;
use crate::postman::LoadError;
use crate::report::hub::{self, Hub};
use crate::trials::Trials;
use libtest_mimic::Arguments;
use std::path::PathBuf;
use std::sync::Arc;
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
use layout::{plan_trials, preflight_variables};
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
    let mut trials = plan_trials(&inputs, &args)?;
    let ascii = args.disable_unicode;
    // The name filter matches the names the console shows before they are fitted to the
    // terminal: elided only past a readable length, in ASCII with --disable-unicode.
    let filtered = apply_name_filter(&mut trials, &harness, ascii);
    if harness.list {
        list_trials(&trials, ascii);
        return Ok(Exit::Success);
    }

    preflight_variables(&inputs, &trials, args.strict_variables)?;
    let working_dir = args
        .working_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("."));
    let insecure_file_read = args.insecure_file_read && !args.no_insecure_file_read;
    preflight::body_files(
        &inputs,
        &trials,
        &crate::build::files::FileAccess {
            working_dir: working_dir.clone(),
            insecure: insecure_file_read,
        },
    )?;
    let console = open_console(&config, &trials, &harness, ascii)?;
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
    let recorder = recorder(&config, &inputs, trials.iterations())?;
    let trials = Arc::new(trials);
    let mut sessions = Vec::new();
    for (s, suite) in inputs.suites.iter().enumerate() {
        let plan = layout::suite_plan(&trials, s, suite.clone(), &inputs);
        let shared = Arc::clone(&shared);
        let events = events.clone();
        sessions.push(std::thread::spawn(move || {
            run_session(s, events, |events| run_suite(plan, &shared, events));
        }));
    }
    drop(events);

    let hub = Hub::new(
        received,
        Arc::clone(&trials),
        inputs.suites.len(),
        config.verbose,
        recorder,
    );
    let mut hub = match console {
        Some((mut console, view)) => {
            let mut hub = hub.feeding_console().with_progress(view.progress());
            let nocapture = args.nocapture;
            console.title(view.count);
            for i in (0..trials.len()).filter(|&i| trials.selected(i)) {
                let name = view.shown(&trials, i);
                let open = console.start(&name).filter(|_| view.on_terminal);
                let executions = hub.wait_for(i, open);
                let result = match crate::report::console::trial_result(&executions, nocapture) {
                    crate::report::libtest::TrialResult::Failed(m) => {
                        crate::report::libtest::TrialResult::Failed(plain(m, ascii))
                    }
                    other => other,
                };
                console.outcome(&name, &result);
            }
            console.finish(filtered);
            hub
        }
        None => hub,
    };
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
        suites: suite_infos(&inputs, trials.iterations()),
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
        // As --export-environment: a secret-named cookie, and any cookie whose value the run
        // learned as a secret (a session id from Set-Cookie), unless --export-secrets.
        let learned = shared
            .learned_secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let masked = |name: &str, value: &str| {
            !args.export_secrets
                && (crate::secrets::is_secret_name(name, &args.redact)
                    || (!value.is_empty() && learned.iter().any(|l| l == value)))
        };
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

/// Our own writers ignore a closed stdout (`| head -1`), but a library's `println!` panics on
/// it; this keeps such a panic from printing a backtrace over the user's terminal. Other panics
/// print as usual.
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

/// The name the console shows for trial `i` (and the name filter matches): elided in the
/// middle past a readable length, in ASCII with `--disable-unicode`.
pub(crate) fn console_name(trials: &Trials, i: usize, ascii: bool) -> String {
    plain(hub::display_name(&trials.name(i)), ascii)
}

/// `--list`: the selected trials' names, as libtest lists tests.
pub(crate) fn list_trials(trials: &Trials, ascii: bool) {
    crate::report::libtest::list(
        (0..trials.len())
            .filter(|&i| trials.selected(i))
            .map(|i| console_name(trials, i, ascii)),
    );
}

/// The live console, when the run has one (`--logfile` is opened here, before anything is sent).
pub(crate) fn open_console(
    config: &RunConfig,
    trials: &Trials,
    harness: &Arguments,
    ascii: bool,
) -> Result<Option<(crate::report::libtest::Console, ConsoleView)>, SetupError> {
    if !config.console {
        return Ok(None);
    }
    let view = ConsoleView::new(trials, harness, ascii);
    let console = crate::report::libtest::Console::new(harness, view.name_width, config.summary)
        .map_err(|e| SetupError::Usage(format!("--logfile: {e}")))?;
    Ok(Some((console, view)))
}

/// Leaves out the trials libtest's name filter (`-- FILTER`, `--skip`, `--exact`) does not
/// match; returns how many it left out, for the console's `filtered out`.
pub(crate) fn apply_name_filter(trials: &mut Trials, harness: &Arguments, ascii: bool) -> usize {
    if harness.filter.is_none() && harness.skip.is_empty() && !harness.ignored {
        return 0;
    }
    let mut filtered = 0;
    for i in 0..trials.len() {
        if trials.kept(i)
            && crate::report::libtest::filtered_out(harness, &console_name(trials, i, ascii))
        {
            trials.filter_out(i);
            filtered += 1;
        }
    }
    filtered
}

/// How the live console shows the selected trials: their count, the width names are padded
/// to, and on a terminal names fitted to its width with room for the progress line.
pub(crate) struct ConsoleView {
    pub(crate) count: usize,
    pub(crate) name_width: usize,
    /// The pretty format on a terminal: the trial's open line is taken down and put back
    /// around other output, and the progress line follows it.
    pub(crate) on_terminal: bool,
    /// The terminal's width, when names are fitted to it.
    fit: Option<usize>,
    ascii: bool,
}

impl ConsoleView {
    pub(crate) fn new(trials: &Trials, harness: &Arguments, ascii: bool) -> ConsoleView {
        use std::io::IsTerminal;
        let terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        let fit = crate::report::progress::terminal_width().filter(|_| terminal);
        let pretty = !harness.quiet
            && matches!(
                harness
                    .format
                    .unwrap_or(libtest_mimic::FormatSetting::Pretty),
                libtest_mimic::FormatSetting::Pretty
            );
        let mut view = ConsoleView {
            count: 0,
            name_width: 0,
            on_terminal: pretty && terminal,
            fit,
            ascii,
        };
        // One pass, one name at a time: nothing is kept per trial. Only the pretty format pads
        // names, so only it needs their width.
        for i in (0..trials.len()).filter(|&i| trials.selected(i)) {
            view.count += 1;
            if pretty {
                view.name_width = view.name_width.max(view.shown(trials, i).chars().count());
            }
        }
        view
    }

    /// Trial `i`'s name as this console shows it.
    pub(crate) fn shown(&self, trials: &Trials, i: usize) -> String {
        let name = console_name(trials, i, self.ascii);
        match self.fit {
            Some(w) => plain(
                crate::report::progress::elide(&name, crate::report::progress::name_room(w)),
                self.ascii,
            ),
            None => name,
        }
    }

    /// The live progress line: after the open `test NAME ... ` line, in the pretty format on
    /// a terminal only (not -q, not --format json or terse, not into a pipe).
    pub(crate) fn progress(&self) -> crate::report::progress::Progress {
        match self.fit {
            Some(w) if self.on_terminal => {
                let used = "test ".len() + self.name_width + " ... ".len();
                crate::report::progress::Progress::new(self.count, w.saturating_sub(used + 1))
            }
            _ => crate::report::progress::Progress::off(),
        }
    }
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
