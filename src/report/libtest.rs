//! The console in libtest's formats (pretty, terse and JSON lines, as `cargo test` and
//! libtest-mimic print them), written one trial at a time as the run goes: nothing is held per
//! trial but the failures listed at the end, and those are spooled to a temporary file past a
//! MiB. A closed stdout ends the printing, never the run.

use anstyle::{AnsiColor, Color, Style};
use libtest_mimic::{Arguments, ColorSetting, FormatSetting};
use std::io::{Read, Seek, Write};
use std::time::Instant;

/// How one trial ended, as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrialResult {
    Passed,
    Failed(String),
    Ignored(Option<String>),
}

/// Failure messages past this size go to a temporary file until the end of the run.
const SPOOL_IN_MEMORY: usize = 1 << 20;

/// Whether libtest's name filter (`conform run -- FILTER`, `--skip`, `--exact`, `--ignored`)
/// leaves out a trial of this name. No conform trial is marked ignored, so `--ignored` leaves
/// out every one, as libtest does for a crate without ignored tests.
pub fn filtered_out(args: &Arguments, name: &str) -> bool {
    let hit = |pattern: &String| {
        if args.exact {
            name == pattern
        } else {
            name.contains(pattern.as_str())
        }
    };
    args.filter.as_ref().is_some_and(|f| !hit(f)) || args.skip.iter().any(hit) || args.ignored
}

/// `--list`: each name the run would run, as libtest lists tests.
pub fn list(names: impl Iterator<Item = String>) {
    let mut out = std::io::stdout().lock();
    for name in names {
        if writeln!(out, "{name}: test").is_err() {
            return;
        }
    }
}

pub struct Console {
    out: Box<dyn Write>,
    format: FormatSetting,
    name_width: usize,
    /// `--reporter-cli-no-summary`: no `test result:` line.
    summary: bool,
    /// The output is gone (a closed pipe): nothing more is written.
    closed: bool,
    passed: u64,
    failed: u64,
    ignored: u64,
    /// `---- NAME ----` and the message of each failure, then the list of their names.
    messages: tempfile::SpooledTempFile,
    names: tempfile::SpooledTempFile,
    started: Instant,
}

impl Console {
    /// A console for `args` (format, `-q`, colour, `--logfile`) whose names are padded to
    /// `name_width` characters in the pretty format.
    pub fn new(args: &Arguments, name_width: usize, summary: bool) -> std::io::Result<Console> {
        let color = args.color.unwrap_or(ColorSetting::Auto);
        let out: Box<dyn Write> = match &args.logfile {
            Some(path) => {
                let file = std::fs::File::create(path)?;
                if color == ColorSetting::Always {
                    Box::new(anstream::AutoStream::always(file))
                } else {
                    Box::new(anstream::AutoStream::never(file))
                }
            }
            None => {
                let choice = match color {
                    ColorSetting::Auto => anstream::ColorChoice::Auto,
                    ColorSetting::Always => anstream::ColorChoice::Always,
                    ColorSetting::Never => anstream::ColorChoice::Never,
                };
                Box::new(anstream::AutoStream::new(std::io::stdout(), choice))
            }
        };
        let format = if args.quiet {
            FormatSetting::Terse
        } else {
            args.format.unwrap_or(FormatSetting::Pretty)
        };
        Ok(Console {
            out,
            format,
            name_width,
            summary,
            closed: false,
            passed: 0,
            failed: 0,
            ignored: 0,
            messages: tempfile::spooled_tempfile(SPOOL_IN_MEMORY),
            names: tempfile::spooled_tempfile(SPOOL_IN_MEMORY),
            started: Instant::now(),
        })
    }

    pub fn format(&self) -> FormatSetting {
        self.format
    }

    /// `running N tests`.
    pub fn title(&mut self, count: usize) {
        match self.format {
            FormatSetting::Pretty | FormatSetting::Terse => {
                let s = if count == 1 { "" } else { "s" };
                self.write(format_args!("\nrunning {count} test{s}\n"));
            }
            FormatSetting::Json => self.write(format_args!(
                "{{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": {count} }}\n"
            )),
        }
    }

    /// The start of a trial's line (`test NAME ... ` in the pretty format); returns that open
    /// line when there is one, for whoever must write around it while the trial runs.
    pub fn start(&mut self, name: &str) -> Option<String> {
        match self.format {
            FormatSetting::Pretty => {
                let line = format!("test {name:<width$} ... ", width = self.name_width);
                self.write(format_args!("{line}"));
                self.flush();
                Some(line)
            }
            FormatSetting::Terse => None,
            FormatSetting::Json => {
                self.write(format_args!(
                    "{{ \"type\": \"test\", \"event\": \"started\", \"name\": \"{}\" }}\n",
                    json_escape(name)
                ));
                None
            }
        }
    }

    /// How the trial named `name` ended.
    pub fn outcome(&mut self, name: &str, result: &TrialResult) {
        match result {
            TrialResult::Passed => self.passed += 1,
            TrialResult::Failed(message) => {
                self.failed += 1;
                let _ = writeln!(self.messages, "---- {name} ----\n{message}\n");
                let _ = writeln!(self.names, "    {name}");
            }
            TrialResult::Ignored(_) => self.ignored += 1,
        }
        match self.format {
            FormatSetting::Pretty => {
                self.word(result);
                self.write(format_args!("\n"));
            }
            FormatSetting::Terse => {
                let (c, style) = match result {
                    TrialResult::Passed => ('.', green()),
                    TrialResult::Failed(_) => ('F', red()),
                    TrialResult::Ignored(_) => ('i', yellow()),
                };
                self.write(format_args!("{style}{c}{style:#}"));
            }
            FormatSetting::Json => {
                let (event, stdout) = match result {
                    TrialResult::Passed => ("ok", String::new()),
                    TrialResult::Failed(message) => (
                        "failed",
                        format!(
                            ", \"stdout\": \"Error: \\\"{}\\\"\\n\"",
                            json_escape(message)
                        ),
                    ),
                    TrialResult::Ignored(_) => ("ignored", String::new()),
                };
                self.write(format_args!(
                    "{{ \"type\": \"test\", \"name\": \"{}\", \"event\": \"{event}\"{stdout} }}\n",
                    json_escape(name)
                ));
            }
        }
        self.flush();
    }

    /// The failures' messages and names, then `test result: …` (`filtered_out`: trials the
    /// name filter left out).
    pub fn finish(mut self, filtered_out: usize) {
        if self.failed > 0 && self.format != FormatSetting::Json {
            self.write(format_args!("\nfailures:\n\n"));
            let messages = std::mem::replace(&mut self.messages, tempfile::spooled_tempfile(0));
            self.copy(messages);
            self.write(format_args!("\nfailures:\n"));
            let names = std::mem::replace(&mut self.names, tempfile::spooled_tempfile(0));
            self.copy(names);
        }
        let elapsed = self.started.elapsed().as_secs_f64();
        let (passed, failed, ignored) = (self.passed, self.failed, self.ignored);
        match self.format {
            FormatSetting::Pretty | FormatSetting::Terse if self.summary => {
                self.write(format_args!("\ntest result: "));
                let result = if failed > 0 {
                    TrialResult::Failed(String::new())
                } else {
                    TrialResult::Passed
                };
                self.word(&result);
                self.write(format_args!(
                    ". {passed} passed; {failed} failed; {ignored} ignored; 0 measured; \
                     {filtered_out} filtered out; finished in {elapsed:.2}s\n\n"
                ));
            }
            FormatSetting::Pretty | FormatSetting::Terse => {
                // No summary: the terse dots still end their line.
                if self.format == FormatSetting::Terse {
                    self.write(format_args!("\n"));
                }
            }
            FormatSetting::Json => {
                let event = if failed > 0 { "failed" } else { "ok" };
                self.write(format_args!(
                    "{{ \"type\": \"suite\", \"event\": \"{event}\", \"passed\": {passed}, \
                     \"failed\": {failed}, \"ignored\": {ignored}, \"measured\": 0, \
                     \"filtered_out\": {filtered_out}, \"exec_time\": {elapsed} }}\n"
                ));
            }
        }
        self.flush();
    }

    /// `ok`, `FAILED` or `ignored (reason)`, in its colour.
    fn word(&mut self, result: &TrialResult) {
        let (word, style, reason) = match result {
            TrialResult::Passed => ("ok", green(), None),
            TrialResult::Failed(_) => ("FAILED", red(), None),
            TrialResult::Ignored(reason) => ("ignored", yellow(), reason.as_deref()),
        };
        match reason {
            Some(r) => self.write(format_args!("{style}{word} ({r}){style:#}")),
            None => self.write(format_args!("{style}{word}{style:#}")),
        }
    }

    fn copy(&mut self, mut spooled: tempfile::SpooledTempFile) {
        if self.closed || spooled.rewind().is_err() {
            return;
        }
        let mut buf = [0u8; 64 * 1024];
        loop {
            match spooled.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if self.out.write_all(&buf[..n]).is_err() {
                        self.closed = true;
                        return;
                    }
                }
            }
        }
    }

    fn write(&mut self, text: std::fmt::Arguments<'_>) {
        if !self.closed && self.out.write_fmt(text).is_err() {
            self.closed = true;
        }
    }

    fn flush(&mut self) {
        if !self.closed && self.out.flush().is_err() {
            self.closed = true;
        }
    }
}

fn green() -> Style {
    Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)))
}

fn red() -> Style {
    Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red)))
}

fn yellow() -> Style {
    Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow)))
}

/// A JSON string's contents (RFC 8259 escapes, as libtest's JSON lines have them).
fn json_escape(text: &str) -> String {
    let quoted = serde_json::Value::String(text.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A console writing into a buffer the test can read.
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn console(format: FormatSetting, width: usize, summary: bool) -> (Console, Buffer) {
        let args = Arguments {
            format: Some(format),
            color: Some(ColorSetting::Never),
            ..Arguments::default()
        };
        let mut c = Console::new(&args, width, summary).unwrap();
        let buf = Buffer::default();
        let raw: Box<dyn Write> = Box::new(buf.clone());
        c.out = Box::new(anstream::AutoStream::never(raw));
        (c, buf)
    }

    fn text(b: &Buffer) -> String {
        String::from_utf8(b.0.lock().unwrap().clone()).unwrap()
    }

    fn run(c: &mut Console) {
        c.title(3);
        for (name, r) in [
            ("a::one", TrialResult::Passed),
            ("a::two", TrialResult::Failed("GET /x\n  -> 500".into())),
            (
                "a::three",
                TrialResult::Ignored(Some("not run: bail".into())),
            ),
        ] {
            c.start(name);
            c.outcome(name, &r);
        }
    }

    #[test]
    fn the_pretty_format_is_libtests() {
        let (mut c, buf) = console(FormatSetting::Pretty, 8, true);
        run(&mut c);
        c.finish(2);
        let out = text(&buf);
        let expected = "\nrunning 3 tests\ntest a::one   ... ok\ntest a::two   ... FAILED\n\
             test a::three ... ignored (not run: bail)\n\nfailures:\n\n---- a::two ----\n\
             GET /x\n  -> 500\n\n\nfailures:\n    a::two\n\ntest result: FAILED. 1 passed; \
             1 failed; 1 ignored; 0 measured; 2 filtered out; finished in ";
        assert!(out.starts_with(expected), "{out}");
        assert!(out.ends_with("s\n\n"), "{out}");
    }

    #[test]
    fn without_the_summary_there_is_no_result_line() {
        let (mut c, buf) = console(FormatSetting::Pretty, 8, false);
        run(&mut c);
        c.finish(0);
        let out = text(&buf);
        assert!(!out.contains("test result"), "{out}");
        assert!(out.ends_with("failures:\n    a::two\n"), "{out}");
    }

    #[test]
    fn terse_and_json_formats() {
        let (mut c, buf) = console(FormatSetting::Terse, 0, true);
        run(&mut c);
        c.finish(0);
        assert!(text(&buf).starts_with("\nrunning 3 tests\n.Fi\nfailures:"));

        let (mut c, buf) = console(FormatSetting::Json, 0, true);
        run(&mut c);
        c.finish(1);
        let lines: Vec<serde_json::Value> = text(&buf)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 8);
        assert_eq!(lines[0]["test_count"], 3);
        assert_eq!(lines[1]["event"], "started");
        assert_eq!(lines[4]["stdout"], "Error: \"GET /x\n  -> 500\"\n");
        assert_eq!(lines[6]["event"], "ignored");
        assert_eq!(lines[7]["event"], "failed");
        assert_eq!(lines[7]["filtered_out"], 1);
    }

    #[test]
    fn a_closed_output_stops_the_printing_quietly() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
        }
        let (mut c, _) = console(FormatSetting::Pretty, 8, true);
        c.out = Box::new(Closed);
        run(&mut c);
        assert!(c.closed);
        c.finish(0);
    }

    #[test]
    fn many_failures_spool_and_come_back_whole() {
        let (mut c, buf) = console(FormatSetting::Terse, 0, true);
        let message = "x".repeat(10_000);
        for i in 0..300 {
            c.outcome(&format!("t{i}"), &TrialResult::Failed(message.clone()));
        }
        c.finish(0);
        let out = text(&buf);
        assert_eq!(out.matches(&message).count(), 300);
        assert!(out.contains("\n    t0\n") && out.contains("\n    t299\n"));
        assert!(out.contains("0 passed; 300 failed"));
    }

    #[test]
    fn the_name_filter_is_libtests() {
        let mut args = Arguments {
            filter: Some("User".into()),
            ..Arguments::default()
        };
        assert!(!filtered_out(&args, "IAM::User Token"));
        assert!(filtered_out(&args, "IAM::Member Token"));
        args.skip = vec!["Token".into()];
        assert!(filtered_out(&args, "IAM::User Token"));
        let exact = Arguments {
            filter: Some("IAM::User".into()),
            exact: true,
            ..Arguments::default()
        };
        assert!(filtered_out(&exact, "IAM::User Token"));
        assert!(!filtered_out(&exact, "IAM::User"));
    }
}
