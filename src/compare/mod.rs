//! `conform compare`: one suite run against two targets, a reference (UAT, the built-in mock, or
//! a recording of either) and a candidate (a mock), each with its own variables, cookie jar and
//! script runtime, in lock-step or one after the other; per request a verdict (does the
//! candidate answer like the reference?) as a libtest trial, the run's reports, and a summary.
//! Setup failures are exit 2 before anything is sent; the exit code comes from `exit.rs`.

mod pace;
mod record;
mod shape;
mod side;
mod verdict;

use crate::cli::compare::CompareArgs;
use crate::cli::config::RunConfig;
use crate::exit::Exit;
use crate::outcome::Execution;
use crate::report::hub::Hub;
use crate::run::SetupError;
use crate::run::inputs::Inputs;
use crate::run::layout::preflight_variables;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

pub use record::ReplayError;
use verdict::Tally;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Replay(#[from] ReplayError),
    #[error("{0}")]
    Usage(String),
}

/// Where the reference's executions come from.
enum Reference {
    Live(Arc<Mutex<Side>>),
    Replayed(Vec<Vec<Execution>>),
}

impl Reference {
    fn executions(&self, trial: usize) -> Vec<Execution> {
        match self {
            Reference::Live(side) => lock(side).executions(trial),
            Reference::Replayed(list) => list.get(trial).cloned().unwrap_or_default(),
        }
    }
}

/// One live side's hub, and the executions the console already took from it: compare reads
/// each trial twice (the console's verdict, then the reports at the end), while the hub hands a
/// trial's executions over once.
struct Side {
    hub: Hub,
    taken: std::collections::HashMap<usize, Vec<Execution>>,
}

impl Side {
    fn executions(&mut self, trial: usize) -> Vec<Execution> {
        if let Some(list) = self.taken.get(&trial) {
            return list.clone();
        }
        let list = self.hub.wait_for(trial, None);
        self.taken.insert(trial, list.clone());
        list
    }
}

pub fn compare(mut args: CompareArgs) -> Result<Exit, CompareError> {
    refuse_run_only_flags(&args)?;
    crate::run::quiet_broken_pipes();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| CompareError::Usage(format!("cannot start the async runtime: {e}")))?;
    let _mock = if args.run.mock {
        Some(crate::run::start_mock(&runtime, &mut args.run)?)
    } else {
        None
    };
    // Checked here so the message names the flag the user wrote.
    crate::build::BaseUrl::parse(&args.against)
        .map_err(|e| CompareError::Usage(format!("--against: {e}")))?;
    let candidate_args = {
        let mut a = args.run.clone();
        a.base_url = Some(args.against.clone());
        if let Some(env) = &args.against_env {
            a.environment = Some(env.clone());
        }
        a
    };
    let inputs = Inputs::load(&args.run)?;
    let candidate_inputs = Inputs::load(&candidate_args)?;
    let config = RunConfig::build(&args.run).map_err(|e| CompareError::Usage(e.to_string()))?;
    let harness = crate::run::harness_args(&args.run, &config)?;
    let mut trials = crate::run::layout::plan_trials(&inputs, &args.run)?;
    let ascii = args.run.disable_unicode;
    let filtered = crate::run::apply_name_filter(&mut trials, &harness, ascii);
    if harness.list {
        crate::run::list_trials(&trials, ascii);
        return Ok(Exit::Success);
    }
    // A comparison keeps both sides' executions until its verdicts are in: its names and
    // trial descriptions are kept too (recordings name every trial).
    let names: Vec<String> = (0..trials.len()).map(|i| trials.name(i)).collect();
    let infos: Vec<crate::trials::TrialInfo> = (0..trials.len()).map(|i| trials.info(i)).collect();
    let collections: Vec<String> = inputs.suites.iter().map(|s| s.name.clone()).collect();
    let replayed = match &args.replay {
        Some(dir) => Some(record::replay(dir, &names, &collections, &infos)?),
        None => None,
    };
    if replayed.is_none() {
        preflight_variables(&inputs, &trials, args.run.strict_variables)?;
    }
    preflight_variables(&candidate_inputs, &trials, args.run.strict_variables)?;
    let console = crate::run::open_console(&config, &trials, &harness, ascii)?;
    if let Some(dir) = &args.record {
        // Refused now, not after the run: exit 2 means nothing was sent.
        std::fs::create_dir_all(dir).map_err(|e| {
            CompareError::Usage(format!("--record {}: cannot create: {e}", dir.display()))
        })?;
    }
    let (schemas, report_unchecked) = crate::run::load_schemas(&args.run, &config)?;
    let schemas = schemas.map(Arc::new);
    let mut replayed = replayed;
    if let (Some(list), Some(set)) = (&mut replayed, &schemas) {
        record::check_contracts(list, set, args.run.strict, report_unchecked);
    }
    let started_at =
        crate::vars::dynamic::generate("$isoTimestamp", &mut rand::rng(), SystemTime::now())
            .unwrap_or_default();
    let started = Instant::now();
    let (reference_tx, reference_rx) = crate::exec::event::unbounded_channel();
    let (candidate_tx, candidate_rx) = crate::exec::event::unbounded_channel();
    let cancel = crate::run::signals::interrupt_on_signals(&runtime, candidate_tx.clone());
    let common = side::Common {
        runtime: runtime.handle().clone(),
        schemas: schemas.clone(),
        report_unchecked,
        cancel: cancel.clone(),
    };
    let live = replayed.is_none();
    let lockstep = (live && !args.sequential).then(|| {
        let firsts = (0..trials.suite_count())
            .map(|s| trials.of_suite(s).start)
            .collect();
        pace::LockStep::new(firsts, cancel.clone())
    });
    let reference_shared = side::shared(
        &args.run,
        &config,
        &inputs,
        &common,
        lockstep.as_ref().map(|l| l.side(0)),
    )?;
    let candidate_shared = side::shared(
        &candidate_args,
        &config,
        &candidate_inputs,
        &common,
        lockstep.as_ref().map(|l| l.side(1)),
    )?;
    let guards = |side: usize| {
        let lockstep = lockstep.clone();
        move |suite: usize| lockstep.as_ref().map(|l| l.end_guard(side, suite))
    };
    let trials = Arc::new(trials);
    let candidate_plans = side::plans(&candidate_inputs, &trials);
    let mut threads = Vec::new();
    if live {
        let reference_sessions = side::start(
            side::plans(&inputs, &trials),
            &reference_shared,
            &reference_tx,
            &guards(0),
        );
        if args.sequential {
            let shared = Arc::clone(&candidate_shared);
            let events = candidate_tx.clone();
            let ended = guards(1);
            threads.push(std::thread::spawn(move || {
                for s in reference_sessions {
                    let _ = s.join();
                }
                for s in side::start(candidate_plans, &shared, &events, &ended) {
                    let _ = s.join();
                }
            }));
        } else {
            threads.extend(reference_sessions);
            threads.extend(side::start(
                candidate_plans,
                &candidate_shared,
                &candidate_tx,
                &guards(1),
            ));
        }
    } else {
        threads.extend(side::start(
            candidate_plans,
            &candidate_shared,
            &candidate_tx,
            &guards(1),
        ));
    }
    drop((reference_tx, candidate_tx));

    let sessions = inputs.suites.len();
    let new_hub = |rx| {
        let hub = Hub::new(
            rx,
            Arc::clone(&trials),
            sessions,
            config.verbose,
            crate::report::stream::Recorder::without_files(),
        );
        Arc::new(Mutex::new(Side {
            hub: hub.feeding_console(),
            taken: std::collections::HashMap::new(),
        }))
    };
    let reference = Arc::new(match replayed {
        Some(list) => Reference::Replayed(list),
        None => Reference::Live(new_hub(reference_rx)),
    });
    let candidate = new_hub(candidate_rx);
    let rules = shape::Rules {
        headers: args.compare_headers.clone(),
        values: args.compare_values.clone(),
    };
    if let Some((mut console, view)) = console {
        let nocapture = args.run.nocapture;
        console.title(view.count);
        for i in (0..trials.len()).filter(|&i| trials.selected(i)) {
            let name = view.shown(&trials, i);
            console.start(&name);
            let r = reference.executions(i);
            let c = lock(&candidate).executions(i);
            let (merged, _) = verdict::judge(&r, &c, &rules, &mut false);
            let result = crate::report::console::trial_result(&[merged], nocapture);
            console.outcome(&name, &result);
        }
        // The exit code comes from the verdicts; a closed stdout only stops the console.
        console.finish(filtered);
    }
    if let Reference::Live(side) = &*reference {
        lock(side).hub.drain();
    }
    lock(&candidate).hub.drain();
    for t in threads {
        // Each session reported its own end, also when it panicked.
        let _ = t.join();
    }
    let mut tally = Tally::default();
    let mut merged = Vec::new();
    let mut reference_all = Vec::new();
    let mut candidate_all = Vec::new();
    for i in (0..trials.len()).filter(|&i| trials.selected(i)) {
        let r = reference.executions(i);
        let c = lock(&candidate).executions(i);
        let mut unshaped = false;
        let (m, v) = verdict::judge(&r, &c, &rules, &mut unshaped);
        tally.add(v);
        tally.unshaped += usize::from(unshaped);
        merged.push((i, m));
        reference_all.extend(r);
        candidate_all.extend(c);
    }
    let interrupted = match &*reference {
        Reference::Live(side) => lock(side).hub.interrupted(),
        Reference::Replayed(_) => None,
    }
    .or(lock(&candidate).hub.interrupted());
    // Both sides' responses were checked against the one set of contracts.
    let mut both = crate::report::stream::Recorder::without_files();
    for e in reference_all.iter().chain(&candidate_all) {
        both.record(0, e);
    }
    let coverage = schemas
        .as_ref()
        .map(|s| crate::run::coverage(s, both.digest()));
    // The merged verdicts are the report: one execution per trial, written as `run` writes.
    let mut recorder = crate::run::recorder(&config, &inputs, trials.iterations())?;
    for (i, m) in &merged {
        recorder.record(*i, m);
    }
    let (digest, files) = recorder.into_parts();
    let reference_url = match &args.replay {
        Some(dir) => format!("recording {}", dir.display()),
        None => args
            .run
            .base_url
            .clone()
            .unwrap_or_else(|| "the collections' URLs".into()),
    };
    let info = crate::outcome::RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started: started_at,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        base_url: Some(format!(
            "{} (candidate) against {reference_url} (reference)",
            args.against
        )),
        environment: inputs.environment.as_ref().map(|e| e.name.clone()),
        suites: crate::run::suite_infos(&inputs, trials.iterations()),
        ended_early: crate::run::ended_early(interrupted, &digest),
        coverage,
    };
    let outputs = crate::report::conclude::Outputs {
        console: config.console,
        json_console: config.json_console(),
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from),
    };
    let mut written = crate::report::conclude::conclude(&info, &digest, files, &outputs);
    let mut summary = format!("{}\n", tally.line());
    if let Some(line) = verdict::contract_line(&reference_all, &candidate_all) {
        summary.push_str(&line);
        summary.push('\n');
    }
    // Under the console; on stderr when stdout is libtest JSON or there is no console (CI
    // logs still get the one line); --silent means silent.
    if config.console && !config.json_console() {
        // A closed stdout (`| head`) only loses the summary: the reports are still written.
        let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.as_bytes());
    } else if !args.run.silent {
        eprint!("{summary}");
    }
    if let Some(dir) = &args.record {
        let mut redactor = crate::secrets::Redactor::new(args.run.redact.clone());
        for v in lock_vec(&reference_shared.learned_secrets).iter() {
            redactor.add(v);
        }
        let base_path = args
            .run
            .base_url
            .as_deref()
            .and_then(|b| url::Url::parse(b).ok())
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        let rec = record::recording(&names, collections, &reference_all, &base_path, &redactor);
        let cut = reference_all.iter().filter(|e| verdict::was_cut(e)).count();
        if cut > 0 {
            eprintln!(
                "warning: --record: {cut} response body(s) over {} KiB were recorded cut short",
                crate::report::hub::KEPT_BODY / 1024
            );
        }
        if let Err(e) = rec.write(dir) {
            eprintln!("error: {e}");
            written = false;
        }
    }
    drop(runtime);
    let exit = digest.exit.after_outputs(written);
    Ok(if args.run.suppress_exit_code {
        Exit::Success
    } else {
        exit
    })
}

/// `run` flags that write a run's final state have no single meaning with two targets.
fn refuse_run_only_flags(args: &CompareArgs) -> Result<(), CompareError> {
    let r = &args.run;
    let refused = [
        ("--export-environment", r.export_environment.is_some()),
        ("--export-globals", r.export_globals.is_some()),
        ("--export-cookie-jar", r.export_cookie_jar.is_some()),
    ];
    match refused.iter().find(|(_, given)| *given) {
        Some((flag, _)) => Err(CompareError::Usage(format!(
            "{flag} is a `conform run` flag: compare runs two targets, each with its own state"
        ))),
        None => Ok(()),
    }
}

fn lock(side: &Mutex<Side>) -> std::sync::MutexGuard<'_, Side> {
    // Poisoned only if a console trial panicked while waiting; the hub's data is still whole.
    side.lock().unwrap_or_else(|p| p.into_inner())
}

fn lock_vec(v: &Mutex<Vec<String>>) -> std::sync::MutexGuard<'_, Vec<String>> {
    v.lock().unwrap_or_else(|p| p.into_inner())
}
