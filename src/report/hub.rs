//! The reporter hub: the one place a run's results reach the terminal. Sessions send
//! `RunEvent`s forward over a channel; the hub, on the main thread, takes them in, prints the
//! `--verbose` exchange and notices, hands each finished execution to the report files
//! (`report::stream`) as it arrives, and keeps a trial's executions only until the
//! console (report::libtest) has asked for them. It never runs anything and never sees an
//! unredacted secret.

use crate::exec::event::RunEvent;
use crate::outcome::{Execution, NotRun, Outcome};
use crate::report::stream::Recorder;
use crate::trials::Trials;
use crate::vars::VarStore;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

pub struct Hub {
    events: Receiver<RunEvent>,
    trials: Arc<Trials>,
    /// Every execution goes to the report files and the run's digest as it arrives.
    recorder: Recorder,
    /// Executions of trials the console has not shown yet (only while it runs).
    pending: HashMap<usize, Vec<Execution>>,
    feeds_console: bool,
    /// The console has shown the trial: later executions (a loop) go to the reports only.
    shown: Vec<bool>,
    done: Vec<bool>,
    sessions: usize,
    ended: Vec<bool>,
    vars: Vec<Option<VarStore>>,
    verbose: bool,
    /// The console line left open (`test NAME ... `), while the hub waits for NAME.
    open_line: Option<String>,
    interrupted: Option<&'static str>,
    /// The live progress line (report::progress); off unless the run turns it on.
    progress: crate::report::progress::Progress,
    /// Events taken so far.
    taken: usize,
}

impl Hub {
    pub fn new(
        events: Receiver<RunEvent>,
        trials: Arc<Trials>,
        sessions: usize,
        verbose: bool,
        recorder: Recorder,
    ) -> Hub {
        Hub {
            events,
            recorder,
            pending: HashMap::new(),
            feeds_console: false,
            shown: vec![false; trials.len()],
            done: (0..trials.len()).map(|i| !trials.selected(i)).collect(),
            trials,
            sessions,
            ended: vec![false; sessions],
            vars: (0..sessions).map(|_| None).collect(),
            verbose,
            open_line: None,
            interrupted: None,
            progress: crate::report::progress::Progress::off(),
            taken: 0,
        }
    }

    /// The live console will ask for each trial's executions (`wait_for`): keep them until then.
    pub fn feeding_console(mut self) -> Hub {
        self.feeds_console = true;
        self
    }

    /// Draws the live progress line while the console waits (a terminal, pretty format).
    pub fn with_progress(mut self, progress: crate::report::progress::Progress) -> Hub {
        self.progress = progress;
        self
    }

    /// Takes events in until `trial` has finished, then hands over its executions (the console
    /// shows them while the rest of the run goes on). `open_line`: the console's line for the
    /// trial, left open on a terminal, which the hub's own output takes down and puts back.
    pub fn wait_for(&mut self, trial: usize, open_line: Option<String>) -> Vec<Execution> {
        self.open_line = open_line;
        if self.open_line.is_some() {
            self.progress.draw();
        }
        while !self.done.get(trial).copied().unwrap_or(true) {
            if !self.take_one() {
                break;
            }
        }
        self.progress.clear();
        self.open_line = None;
        if let Some(shown) = self.shown.get_mut(trial) {
            *shown = true;
        }
        self.pending.remove(&trial).unwrap_or_default()
    }

    /// Takes every remaining event in: the run is over when every session has ended.
    pub fn drain(&mut self) {
        while self.take_one() {}
    }

    /// What the run recorded (its digest and report files), and each session's final
    /// variables (`None`: it failed).
    pub fn into_results(self) -> (Recorder, Vec<Option<VarStore>>) {
        (self.recorder, self.vars)
    }

    /// The signal that interrupted the run, if one did.
    pub fn interrupted(&self) -> Option<&'static str> {
        self.interrupted
    }

    /// Handles one event; false when no session is left to send one.
    fn take_one(&mut self) -> bool {
        if self.ended.iter().all(|e| *e) {
            return false;
        }
        let next = if self.progress.is_on() && self.open_line.is_some() {
            // The elapsed time moves while a request is in flight.
            match self.events.recv_timeout(crate::report::progress::TICK) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    self.progress.draw();
                    return true;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    Err(std::sync::mpsc::RecvError)
                }
                Ok(event) => Ok(event),
            }
        } else {
            match self.events.try_recv() {
                Ok(event) => Ok(event),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(std::sync::mpsc::RecvError),
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    // Nothing waiting: in a long run, let a few more executions finish before
                    // waking again. Woken for every one, this thread cost a context switch per
                    // request (a tenth of a fast run's CPU); a batch per BATCH_WAIT keeps the
                    // console at most that far behind. A short run is not made to wait.
                    if self.taken > BATCH_AFTER {
                        std::thread::sleep(BATCH_WAIT);
                    }
                    self.events.recv()
                }
            }
        };
        match next {
            Ok(event) => {
                self.taken += 1;
                self.handle(event);
                if self.open_line.is_some() {
                    self.progress.draw();
                }
                true
            }
            // Every sender is gone without saying goodbye: nothing more will come.
            Err(_) => {
                for s in 0..self.sessions {
                    if !self.ended[s] {
                        self.end_session(s, None);
                    }
                }
                false
            }
        }
    }

    fn handle(&mut self, event: RunEvent) {
        match event {
            RunEvent::Finished { trial, execution } => {
                if self.verbose {
                    let dump = crate::report::verbose::dump(&execution);
                    self.stderr(&dump);
                }
                if let Some(first) = self.done.get(trial).map(|d| !d) {
                    self.progress.record(&execution.outcome, first);
                }
                if trial < self.done.len() {
                    self.done[trial] = true;
                    self.finished(trial, *execution);
                }
            }
            RunEvent::SessionEnded { suite, vars } => self.end_session(suite, vars.map(|v| *v)),
            RunEvent::Interrupted { signal } => {
                if self.interrupted.is_none() {
                    self.interrupted = Some(signal);
                    self.stderr(&format!(
                        "interrupted ({signal}): writing what ran so far ({signal} again stops at once)\n"
                    ));
                }
            }
        }
    }

    /// A session is over; what it did not report is closed here: not run because it failed, or
    /// (a session that ended normally has already reported everything) skipped.
    fn end_session(&mut self, suite: usize, vars: Option<VarStore>) {
        let Some(ended) = self.ended.get_mut(suite) else {
            return;
        };
        *ended = true;
        let failed = vars.is_none();
        self.vars[suite] = vars;
        let reason = if failed {
            NotRun::SessionFailed
        } else {
            NotRun::Skipped
        };
        let mut missed = Vec::new();
        for i in self.trials.of_suite(suite) {
            if !self.done[i] {
                let t = self.trials.info(i);
                missed.push((
                    i,
                    Execution::new(
                        t.name,
                        t.suite_name.to_string(),
                        t.path.to_vec(),
                        t.iteration,
                        Outcome::NotRun(reason.clone()),
                    ),
                ));
            }
        }
        let missed_count = missed.len();
        for (i, e) in missed {
            self.done[i] = true;
            self.finished(i, e);
        }
        if failed {
            let name = self.trials.suite_name(suite);
            self.stderr(&format!(
                "error: the session of collection '{name}' stopped on an internal error; {missed_count} request(s) reported as not run\n"
            ));
        }
    }

    /// An execution of `trial` is final: to the reports now, and to the console if it has not
    /// shown that trial yet.
    fn finished(&mut self, trial: usize, mut execution: Execution) {
        // What every report shows of the bodies, the same whether streamed or kept.
        keep_excerpts(&mut execution);
        self.recorder.record(trial, &execution);
        if self.feeds_console && !self.shown[trial] {
            self.pending.entry(trial).or_default().push(execution);
        }
    }

    /// Writes to stderr without splitting the console's open `test NAME ... ` line (on a
    /// terminal it is taken down and put back); a closed stderr is ignored.
    fn stderr(&self, text: &str) {
        let mut out = std::io::stdout();
        if self.open_line.is_some() {
            let _ = out.write_all(b"\r\x1b[2K");
            let _ = out.flush();
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
        if let Some(line) = &self.open_line {
            let _ = out.write_all(line.as_bytes());
            let _ = out.flush();
        }
    }
}

/// How long the hub lets executions gather when none is waiting (see `take_one`).
const BATCH_WAIT: std::time::Duration = std::time::Duration::from_millis(2);
/// Events taken before the hub starts to batch: a short run never waits.
const BATCH_AFTER: usize = 100;

/// How much of a body reporters get once the exchange has been shown live (`-v`): every report
/// shows at most a few KiB of it (the console 2 KiB, the HTML page 4 KiB; the JSON report none),
/// and the console, which may lag behind, keeps no more than this per execution it has yet to
/// show (issue 16.9). The received size stays in `Execution::response_size`.
pub const KEPT_BODY: usize = 64 * 1024;

fn keep_excerpts(e: &mut Execution) {
    if let Some(resp) = &mut e.response {
        e.response_size.get_or_insert(resp.body.len());
        cut_body(&mut resp.body);
    }
    if let Some(body) = e.request.as_mut().and_then(|r| r.body.as_mut()) {
        cut_body(body);
    }
}

/// Cuts at `KEPT_BODY`, never inside a UTF-8 character.
fn cut_body(body: &mut Vec<u8>) {
    if body.len() <= KEPT_BODY {
        return;
    }
    let end = match std::str::from_utf8(&body[..KEPT_BODY]) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => KEPT_BODY,
    };
    body.truncate(end);
    body.shrink_to_fit();
}

/// Trial names longer than this are elided in the middle for the console (libtest cannot pad
/// beyond 65 535 columns, and nobody reads such a line); reports keep the whole name.
pub const MAX_DISPLAY_NAME: usize = 200;

/// The name the console shows for a trial.
pub fn display_name(name: &str) -> String {
    let count = name.chars().count();
    if count <= MAX_DISPLAY_NAME {
        return name.to_string();
    }
    let keep = (MAX_DISPLAY_NAME - 1) / 2;
    let head: String = name.chars().take(keep).collect();
    let tail: String = name.chars().skip(count - keep).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::event::channel;
    use crate::exec::event::{RunEvent, run_session};

    /// One iteration of each collection (`suite0`, `suite1`, …) with requests of these names.
    fn trials(suites: &[&[&str]]) -> Trials {
        Trials::new(
            suites
                .iter()
                .enumerate()
                .map(|(s, names)| {
                    let paths = names.iter().map(|n| vec![n.to_string()]).collect();
                    (format!("suite{s}"), paths)
                })
                .collect(),
            1,
        )
    }

    /// A recorder writing the JSON report into `dir`, and the report's path.
    fn json_recorder(dir: &std::path::Path) -> (Recorder, std::path::PathBuf) {
        let path = dir.join("report.json");
        let targets = crate::report::files::Targets {
            json: Some(path.clone()),
            ..Default::default()
        };
        let recorder = Recorder::new(&targets, false, HashMap::new()).unwrap();
        (recorder, path)
    }

    /// Writes the recorded JSON report and returns its executions' outcomes, in report order.
    fn outcomes(recorder: Recorder, path: &std::path::Path) -> Vec<String> {
        let (digest, files) = recorder.into_parts();
        let info = crate::report::sample::empty().info;
        files.finish(&info, &digest.tally).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["executions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    e["name"].as_str().unwrap(),
                    e["outcome"].as_str().unwrap()
                )
            })
            .collect()
    }

    fn passed(name: &str) -> Box<Execution> {
        Box::new(Execution::new(
            name.into(),
            "suite0".into(),
            vec![name.into()],
            0,
            Outcome::Passed,
        ))
    }

    #[test]
    fn a_panicking_session_ends_the_run_with_its_rest_reported_as_not_run() {
        let (tx, rx) = channel();
        let trials = Arc::new(trials(&[&["a", "b", "c"], &["x"]]));
        let dir = tempfile::tempdir().unwrap();
        let (recorder, path) = json_recorder(dir.path());
        let mut hub = Hub::new(rx, trials, 2, false, recorder).feeding_console();
        let t0 = tx.clone();
        let crashing = std::thread::spawn(move || {
            run_session(0, t0, |events| {
                let _ = events.send(RunEvent::Finished {
                    trial: 0,
                    execution: passed("a"),
                });
                panic!("a bug in the session");
            })
        });
        let healthy = std::thread::spawn(move || {
            run_session(1, tx, |events| {
                let _ = events.send(RunEvent::Finished {
                    trial: 3,
                    execution: passed("x"),
                });
                VarStore::new()
            })
        });
        assert_eq!(hub.wait_for(0, None)[0].outcome, Outcome::Passed);
        let b = hub.wait_for(1, None);
        assert_eq!(b[0].outcome, Outcome::NotRun(NotRun::SessionFailed));
        hub.drain();
        let _ = crashing.join();
        healthy.join().unwrap();
        let (recorder, vars) = hub.into_results();
        assert!(vars[0].is_none() && vars[1].is_some());
        assert_eq!(recorder.digest().exit, crate::exit::Exit::Incomplete);
        assert_eq!(recorder.digest().not_run, vec![NotRun::SessionFailed]);
        // The crashed session's rest was reported after "x" arrived: reports keep trial order.
        assert_eq!(
            outcomes(recorder, &path),
            [
                "a:passed",
                "suite0::b:not_run",
                "suite0::c:not_run",
                "x:passed"
            ]
        );
    }

    #[test]
    fn trials_not_selected_are_never_waited_for_and_loops_keep_every_execution() {
        let (tx, rx) = channel();
        let mut both = trials(&[&["a", "b"]]);
        both.filter_out(1);
        let dir = tempfile::tempdir().unwrap();
        let (recorder, path) = json_recorder(dir.path());
        let mut hub = Hub::new(rx, Arc::new(both), 1, false, recorder).feeding_console();
        for _ in 0..2 {
            tx.send(RunEvent::Finished {
                trial: 0,
                execution: passed("a"),
            })
            .unwrap();
        }
        tx.send(RunEvent::SessionEnded {
            suite: 0,
            vars: Some(Box::new(VarStore::new())),
        })
        .unwrap();
        hub.drain();
        assert!(hub.wait_for(1, None).is_empty());
        let (recorder, _) = hub.into_results();
        assert_eq!(recorder.digest().tally.requests, 2);
        assert_eq!(outcomes(recorder, &path), ["a:passed", "a:passed"]);
    }

    #[test]
    fn the_hub_keeps_excerpts_of_bodies_and_their_received_size() {
        let (tx, rx) = channel();
        let mut hub = Hub::new(
            rx,
            Arc::new(trials(&[&["a"]])),
            1,
            false,
            Recorder::without_files(),
        )
        .feeding_console();
        let mut e = passed("a");
        // 'é' straddles the cut: the kept text stays valid UTF-8.
        let mut body = vec![b'x'; KEPT_BODY - 1];
        body.extend("é".as_bytes());
        body.extend(vec![b'y'; 1 << 20]);
        let size = body.len();
        e.response = Some(crate::request::HttpResponse {
            status: 200,
            reason: "OK".into(),
            headers: Vec::new(),
            body,
            time_ms: 1.0,
        });
        tx.send(RunEvent::Finished {
            trial: 0,
            execution: e,
        })
        .unwrap();
        let kept = hub.wait_for(0, None);
        let resp = kept[0].response.as_ref().unwrap();
        assert_eq!(resp.body.len(), KEPT_BODY - 1);
        assert!(std::str::from_utf8(&resp.body).is_ok());
        assert_eq!(kept[0].received_bytes(), Some(size));
    }

    #[test]
    fn executions_are_not_kept_once_reported_and_shown() {
        let (tx, rx) = channel();
        let trials = Arc::new(trials(&[&["a", "b"]]));
        let dir = tempfile::tempdir().unwrap();
        let (recorder, path) = json_recorder(dir.path());
        let mut hub = Hub::new(rx, Arc::clone(&trials), 1, false, recorder).feeding_console();
        tx.send(RunEvent::Finished {
            trial: 0,
            execution: passed("a"),
        })
        .unwrap();
        assert_eq!(hub.wait_for(0, None).len(), 1);
        assert!(hub.pending.is_empty());
        // A loop comes back to "a" after the console showed it: the reports get it, nobody keeps it.
        for (trial, name) in [(1, "b"), (0, "a")] {
            tx.send(RunEvent::Finished {
                trial,
                execution: passed(name),
            })
            .unwrap();
        }
        tx.send(RunEvent::SessionEnded {
            suite: 0,
            vars: Some(Box::new(VarStore::new())),
        })
        .unwrap();
        hub.drain();
        assert_eq!(hub.pending.keys().collect::<Vec<_>>(), [&1]);
        let (recorder, _) = hub.into_results();
        assert_eq!(
            outcomes(recorder, &path),
            ["a:passed", "a:passed", "b:passed"]
        );

        // Without the console nothing waits to be shown.
        let (tx, rx) = channel();
        let mut hub = Hub::new(rx, trials, 1, false, Recorder::without_files());
        for (trial, name) in [(0, "a"), (1, "b")] {
            tx.send(RunEvent::Finished {
                trial,
                execution: passed(name),
            })
            .unwrap();
        }
        drop(tx);
        hub.drain();
        assert!(hub.pending.is_empty());
        assert_eq!(hub.into_results().0.digest().tally.passed, 2);
    }

    #[test]
    fn a_session_waits_when_the_hub_is_a_backlog_behind() {
        let (tx, rx) = channel();
        let n = crate::exec::event::BACKLOG + 10;
        let names: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let trials = Arc::new(trials(&[&names]));
        let mut hub = Hub::new(rx, trials, 1, false, Recorder::without_files());
        let session = std::thread::spawn(move || {
            run_session(0, tx, |events| {
                for trial in 0..n {
                    let _ = events.send(RunEvent::Finished {
                        trial,
                        execution: passed("t"),
                    });
                }
                VarStore::new()
            })
        });
        // Nobody reads yet: the session cannot get further than the backlog.
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!session.is_finished());
        hub.drain();
        session.join().unwrap();
        assert_eq!(hub.into_results().0.digest().tally.passed, n);
    }

    #[test]
    fn long_names_are_elided_in_the_middle() {
        let long = format!("c::{}::end", "x".repeat(65_535));
        let shown = display_name(&long);
        assert_eq!(shown.chars().count(), MAX_DISPLAY_NAME - 1);
        assert!(shown.starts_with("c::x") && shown.ends_with("x::end") && shown.contains('…'));
        assert_eq!(display_name("short"), "short");
    }
}
