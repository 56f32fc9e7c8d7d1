//! Executions streamed to the report files as they finish, so a run's memory does not grow
//! with its requests: each execution's part of every report file is rendered when it arrives
//! and appended to that report's spool (`report::spool`); what the end of the run needs (the
//! totals, the exit code, the annotations) is counted in a `Digest`; per execution only a small
//! `Entry` stays. `ReportFiles::finish` then writes each file as `render` would have, atomically.

use crate::exit::Exit;
use crate::outcome::{Execution, NotRun, Outcome, RunInfo};
use crate::report::files::{ReportError, Targets};
use crate::report::spool::{Parts, Spool};
use crate::report::tally::Tally;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An execution's outcome, without its details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Passed,
    Failed,
    Broken,
    NotRun,
}

impl Kind {
    pub fn of(outcome: &Outcome) -> Kind {
        match outcome {
            Outcome::Passed => Kind::Passed,
            Outcome::Failed => Kind::Failed,
            Outcome::Broken(_) => Kind::Broken,
            Outcome::NotRun(_) => Kind::NotRun,
        }
    }

    /// The HTML report's class for it.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Passed => "passed",
            Kind::Failed => "failed",
            Kind::Broken => "broken",
            Kind::NotRun => "not-run",
        }
    }
}

/// What the report files need of one execution once its parts are written: where it goes.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub trial: u32,
    /// Index into the recorder's collection names.
    pub suite: u32,
    pub iteration: u32,
    pub kind: Kind,
    /// The response time, for the JUnit suite's total.
    pub time_ms: f64,
}

/// The run's results without the executions: everything the end of the run prints or decides.
#[derive(Clone, Debug)]
pub struct Digest {
    pub tally: Tally,
    /// Executions that got a response.
    pub responses: usize,
    pub exit: Exit,
    /// Each reason something was not run, once, in the order first seen.
    pub not_run: Vec<NotRun>,
    /// GitHub `::error` lines, when annotations are wanted.
    pub annotations: Option<String>,
}

impl Digest {
    fn new(annotations: bool) -> Digest {
        Digest {
            tally: Tally::default(),
            responses: 0,
            exit: Exit::Success,
            not_run: Vec::new(),
            annotations: annotations.then(String::new),
        }
    }

    fn count(&mut self, e: &Execution) {
        self.tally.add(e);
        self.responses += usize::from(e.response.is_some());
        self.exit = match (self.exit, Exit::of_run([e])) {
            (Exit::Incomplete, _) | (_, Exit::Incomplete) => Exit::Incomplete,
            (Exit::ChecksFailed, _) | (_, Exit::ChecksFailed) => Exit::ChecksFailed,
            (exit, _) => exit,
        };
        if let Outcome::NotRun(why) = &e.outcome {
            if !self.not_run.contains(why) {
                self.not_run.push(why.clone());
            }
        }
        if let Some(text) = &mut self.annotations {
            text.push_str(&crate::report::github::annotations(std::slice::from_ref(e)));
        }
    }
}

/// One report file being written: its target and its spool.
struct Stream {
    path: PathBuf,
    spool: Spool,
}

/// Takes every finished execution in, in arrival order, and keeps only what the end needs.
pub struct Recorder {
    digest: Digest,
    files: ReportFiles,
    /// Iterations of each collection, for the HTML page's "iteration i/n".
    counts: HashMap<String, usize>,
}

/// The report files' spools and entries, finished after the run (`finish`).
pub struct ReportFiles {
    junit: Option<Stream>,
    json: Option<Stream>,
    html: Option<Stream>,
    entries: Vec<Entry>,
    suites: Vec<String>,
    /// A spool that could not be written: that file is not written, and the end says why.
    failed: Option<ReportError>,
}

impl Recorder {
    /// Opens a spool next to each report file. `counts`: the iterations of each collection, as
    /// planned (every execution's iteration is below its collection's count, so the HTML page's
    /// "iteration i/n" is written when the execution arrives).
    pub fn new(
        targets: &Targets,
        annotations: bool,
        counts: HashMap<String, usize>,
    ) -> Result<Recorder, ReportError> {
        let open = |path: &Option<PathBuf>| -> Result<Option<Stream>, ReportError> {
            let Some(path) = path else { return Ok(None) };
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Spool::new(dir)
                .map(|spool| {
                    Some(Stream {
                        path: path.clone(),
                        spool,
                    })
                })
                .map_err(|source| ReportError::new(path, source))
        };
        Ok(Recorder {
            digest: Digest::new(annotations),
            files: ReportFiles {
                junit: open(&targets.junit)?,
                json: open(&targets.json)?,
                html: open(&targets.html)?,
                entries: Vec::new(),
                suites: Vec::new(),
                failed: None,
            },
            counts,
        })
    }

    /// Counts executions and writes no file.
    pub fn without_files() -> Recorder {
        Recorder {
            digest: Digest::new(false),
            files: ReportFiles {
                junit: None,
                json: None,
                html: None,
                entries: Vec::new(),
                suites: Vec::new(),
                failed: None,
            },
            counts: HashMap::new(),
        }
    }

    /// One finished execution of `trial`; the caller may drop it afterwards.
    pub fn record(&mut self, trial: usize, e: &Execution) {
        self.digest.count(e);
        let f = &mut self.files;
        if f.junit.is_none() && f.json.is_none() && f.html.is_none() {
            return;
        }
        let suite = match f.suites.iter().position(|s| *s == e.suite) {
            Some(at) => at,
            None => {
                f.suites.push(e.suite.clone());
                f.suites.len() - 1
            }
        };
        f.entries.push(Entry {
            trial: u32::try_from(trial).unwrap_or(u32::MAX),
            suite: u32::try_from(suite).unwrap_or(u32::MAX),
            iteration: u32::try_from(e.iteration).unwrap_or(u32::MAX),
            kind: Kind::of(&e.outcome),
            time_ms: crate::report::junit::elapsed_ms(e),
        });
        let counts = &self.counts;
        let parts: [(&mut Option<Stream>, &dyn Fn() -> String); 3] = [
            (&mut f.junit, &|| crate::report::junit::part(e)),
            (&mut f.json, &|| crate::report::json::part(e)),
            (&mut f.html, &|| {
                let n = counts.get(&e.suite).copied().unwrap_or(1).max(1);
                crate::report::html::part(n, e)
            }),
        ];
        for (stream, render) in parts {
            let Some(s) = stream else { continue };
            if let Err(source) = s.spool.push(render().as_bytes()) {
                f.failed.get_or_insert(ReportError::new(&s.path, source));
                *stream = None;
            }
        }
    }

    pub fn digest(&self) -> &Digest {
        &self.digest
    }

    pub fn into_parts(self) -> (Digest, ReportFiles) {
        (self.digest, self.files)
    }
}

impl ReportFiles {
    /// Writes every report file atomically, as `render` would have from the same executions;
    /// returns the paths written, or the first error (the other files are still written).
    pub fn finish(self, info: &RunInfo, tally: &Tally) -> Result<Vec<PathBuf>, ReportError> {
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        // Trial order; a trial's executions (a setNextRequest loop) in the order they came.
        order.sort_by_key(|&i| self.entries[i as usize].trial);
        let mut written = Vec::new();
        let mut error = self.failed;
        let (entries, suites) = (&self.entries, &self.suites);
        let files: [(Option<Stream>, Assemble<'_>); 3] = [
            (self.junit, &|parts, out| {
                crate::report::junit::assemble(info, tally, entries, &order, suites, parts, out)
            }),
            (self.json, &|parts, out| {
                crate::report::json::assemble(info, tally, &order, parts, out)
            }),
            (self.html, &|parts, out| {
                crate::report::html::assemble(info, tally, entries, &order, parts, out)
            }),
        ];
        for (stream, assemble) in files {
            let Some(Stream { path, spool }) = stream else {
                continue;
            };
            let result = spool.into_parts().and_then(|mut parts| {
                crate::fsutil::write_atomic_with(&path, |out| assemble(&mut parts, out))
            });
            match result {
                Ok(()) => written.push(path),
                Err(source) => {
                    error.get_or_insert(ReportError::new(&path, source));
                }
            }
        }
        match error {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }
}

type Assemble<'a> = &'a dyn Fn(&mut Parts, &mut dyn Write) -> std::io::Result<()>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Failure, RunReport};
    use crate::report::sample;

    /// Streams `arrivals` (trial, execution) through a recorder writing every report, and
    /// returns the three files' bytes.
    fn streamed(info: &RunInfo, arrivals: &[(usize, Execution)]) -> [String; 3] {
        let dir = tempfile::tempdir().unwrap();
        let targets = Targets {
            junit: Some(dir.path().join("junit.xml")),
            json: Some(dir.path().join("out/report.json")),
            html: Some(dir.path().join("report.html")),
        };
        // As the run plans them: every collection an execution comes from, with its iterations.
        let mut counts: HashMap<String, usize> = info
            .suites
            .iter()
            .map(|s| (s.name.clone(), s.iterations))
            .collect();
        for (_, e) in arrivals {
            let n = counts.entry(e.suite.clone()).or_insert(0);
            *n = (*n).max(e.iteration + 1);
        }
        let mut recorder = Recorder::new(&targets, false, counts).unwrap();
        for (trial, e) in arrivals {
            recorder.record(*trial, e);
        }
        let (digest, files) = recorder.into_parts();
        let written = files.finish(info, &digest.tally).unwrap();
        assert_eq!(written.len(), 3);
        // Only the reports are left: the spools and temporary files are gone.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(left, ["junit.xml", "out", "report.html"]);
        [&targets.junit, &targets.json, &targets.html]
            .map(|p| std::fs::read_to_string(p.as_ref().unwrap()).unwrap())
    }

    /// The same executions rendered at the end, in trial order (arrival order within a trial).
    fn rendered(info: &RunInfo, arrivals: &[(usize, Execution)]) -> [String; 3] {
        let mut sorted: Vec<&(usize, Execution)> = arrivals.iter().collect();
        sorted.sort_by_key(|(trial, _)| *trial);
        let report = RunReport {
            info: info.clone(),
            executions: sorted.into_iter().map(|(_, e)| e.clone()).collect(),
        };
        [
            crate::report::junit::render(&report),
            crate::report::json::render(&report),
            crate::report::html::render(&report),
        ]
    }

    fn assert_same(info: &RunInfo, arrivals: &[(usize, Execution)]) {
        let [junit, json, html] = streamed(info, arrivals);
        let [junit_end, json_end, html_end] = rendered(info, arrivals);
        for (name, streamed, end) in [
            ("junit", junit, junit_end),
            ("json", json, json_end),
            ("html", html, html_end),
        ] {
            let at = streamed
                .bytes()
                .zip(end.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(streamed.len().min(end.len()));
            assert!(
                streamed == end,
                "{name} differs at byte {at}: streamed {:?}, rendered {:?}",
                streamed.get(at.saturating_sub(80)..(at + 80).min(streamed.len())),
                end.get(at.saturating_sub(80)..(at + 80).min(end.len()))
            );
        }
    }

    fn in_order(report: &RunReport) -> Vec<(usize, Execution)> {
        report.executions.iter().cloned().enumerate().collect()
    }

    #[test]
    fn reports_written_as_executions_arrive_are_those_rendered_at_the_end() {
        let report = sample::report();
        assert_same(&report.info, &in_order(&report));
        let empty = sample::empty();
        assert_same(&empty.info, &[]);
        // Sessions interleave and a crashed one is closed last: arrival is not trial order.
        let mut shuffled = in_order(&report);
        shuffled.reverse();
        shuffled.swap(1, 5);
        assert_same(&report.info, &shuffled);
        let [_, json, _] = streamed(&report.info, &shuffled);
        assert_eq!(json, rendered(&report.info, &in_order(&report))[1]);
    }

    #[test]
    fn loops_undeclared_collections_and_many_failures_stream_the_same() {
        let report = sample::report();
        let mut arrivals = in_order(&report);
        // A setNextRequest loop: trial 0 again, after later trials.
        let mut again = report.executions[1].clone();
        again.console = vec!["second pass".into()];
        arrivals.push((0, again));
        // A collection the run did not declare, and one declared twice under the same name.
        let mut ghost = report.executions[0].clone();
        ghost.suite = "Ghost".into();
        ghost.iteration = 1;
        arrivals.insert(2, (40, ghost));
        let mut info = report.info.clone();
        info.suites.push(crate::outcome::SuiteInfo {
            name: sample::HEALTH.into(),
            source: "collections/health-2.json".into(),
            iterations: 3,
        });
        let mut twin = report.executions[6].clone();
        twin.iteration = 2;
        arrivals.push((30, twin));
        assert_same(&info, &arrivals);
        // More failures than start open on the HTML page.
        let mut many = in_order(&report);
        for k in 0..25 {
            let mut e = report.executions[1].clone();
            e.checks[0].status =
                crate::outcome::CheckStatus::Failed(Failure::Assertion(format!("failure {k}")));
            many.push((100 + k, e));
        }
        let [_, _, html] = streamed(&report.info, &many);
        assert!(!html.contains(" open>"));
        assert_same(&report.info, &many);
    }

    #[test]
    fn the_digest_counts_what_the_end_of_the_run_needs() {
        let report = sample::report();
        let mut recorder = Recorder::new(&Targets::default(), true, HashMap::new()).unwrap();
        for (trial, e) in in_order(&report) {
            recorder.record(trial, &e);
        }
        let d = recorder.digest();
        assert_eq!(d.tally, Tally::of(&report.executions));
        assert_eq!(d.exit, Exit::of_run(&report.executions));
        assert_eq!(d.responses, 5);
        assert_eq!(d.not_run, [NotRun::Bail, NotRun::Skipped]);
        assert_eq!(
            d.annotations.as_deref(),
            Some(crate::report::github::annotations(&report.executions).as_str())
        );
        // No file reporter: nothing is kept per execution.
        assert!(recorder.files.entries.is_empty());
    }
}
