//! The run's options as the program uses them, built once from the raw command line: enums
//! instead of strings, durations instead of milliseconds, and every path the run will write
//! checked before anything is sent (so exit 2 keeps meaning "nothing was sent").

use super::{Color, Format, Reporter, RunArgs, Toggle};
use crate::report::files::Targets;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot write {what} {}: {source}", path.display())]
    Unwritable {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where the run's variables go at the end (`--export-environment`, `--export-globals`).
#[derive(Clone, Debug, Default)]
pub struct Exports {
    pub environment: Option<PathBuf>,
    pub globals: Option<PathBuf>,
    /// `--export-collection`.
    pub collection: Option<PathBuf>,
    /// Write secret values as they are (`--export-secrets`).
    pub secrets: bool,
}

#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The live console in libtest's format (report::libtest).
    pub console: bool,
    /// The summary lines under the console (`--reporter-cli-no-summary` turns them off).
    pub summary: bool,
    pub files: Targets,
    pub format: Option<libtest_mimic::FormatSetting>,
    pub color: Option<libtest_mimic::ColorSetting>,
    /// Assert JSON Schema `format` keywords.
    pub formats: bool,
    pub timeout_request: Duration,
    pub timeout_script: Duration,
    pub delay_request: Duration,
    /// The whole run's budget (`--timeout`).
    pub timeout: Option<Duration>,
    pub exports: Exports,
    pub verbose: bool,
}

impl RunConfig {
    pub fn build(args: &RunArgs) -> Result<RunConfig, ConfigError> {
        let on = |r: Reporter| args.reporters.contains(&r);
        let names: Vec<String> = [
            (Reporter::Junit, "junit"),
            (Reporter::Json, "json"),
            (Reporter::Html, "html"),
        ]
        .into_iter()
        .filter(|(r, _)| on(*r))
        .map(|(_, n)| n.to_string())
        .collect();
        let files = Targets::new(
            &names,
            &args.report_dir,
            args.reporter_junit_export.clone(),
            args.reporter_json_export.clone(),
            args.reporter_html_export.clone(),
        );
        for path in [&files.junit, &files.json, &files.html]
            .into_iter()
            .flatten()
        {
            check_writable("report", path)?;
        }
        let exports = Exports {
            environment: args.export_environment.clone(),
            globals: args.export_globals.clone(),
            collection: args.export_collection.clone(),
            secrets: args.export_secrets,
        };
        for path in [&exports.environment, &exports.globals, &exports.collection]
            .into_iter()
            .flatten()
        {
            check_writable("export", path)?;
        }
        Ok(RunConfig {
            console: on(Reporter::Cli) && !args.silent && !args.reporter_cli_silent,
            summary: !args.reporter_cli_no_summary,
            files,
            format: args.format.map(|f| match f {
                Format::Pretty => libtest_mimic::FormatSetting::Pretty,
                Format::Terse => libtest_mimic::FormatSetting::Terse,
                Format::Json => libtest_mimic::FormatSetting::Json,
            }),
            color: if args.no_color {
                Some(libtest_mimic::ColorSetting::Never)
            } else {
                args.color.map(|c| match c {
                    Color::Auto => libtest_mimic::ColorSetting::Auto,
                    Color::Always => libtest_mimic::ColorSetting::Always,
                    Color::Never => libtest_mimic::ColorSetting::Never,
                })
            },
            formats: args.formats == Toggle::On,
            timeout_request: Duration::from_millis(args.timeout_request),
            timeout_script: Duration::from_millis(args.timeout_script),
            delay_request: Duration::from_millis(args.delay_request),
            timeout: args.timeout.map(Duration::from_millis),
            exports,
            verbose: args.verbose,
        })
    }

    /// The live report is libtest JSON: nothing else may go to stdout.
    pub fn json_console(&self) -> bool {
        matches!(self.format, Some(libtest_mimic::FormatSetting::Json))
    }
}

/// A file the run will write at the end: its folder exists (or is made now) and takes a new
/// file. Nothing is left behind by the check.
fn check_writable(what: &'static str, path: &Path) -> Result<(), ConfigError> {
    let fail = |source| ConfigError::Unwritable {
        what,
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(fail(std::io::Error::other("it is a folder")));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let probe = dir.join(format!(".conform-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(extra: &[&str]) -> RunArgs {
        let cli =
            crate::cli::Cli::try_parse_from(["conform", "run"].iter().chain(extra.iter()).copied())
                .unwrap();
        match cli.command {
            crate::cli::Command::Run(a) => *a,
            _ => unreachable!("parsed a run command"),
        }
    }

    #[test]
    fn options_become_typed_once() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("r");
        let c = RunConfig::build(&args(&[
            "--reporters",
            "cli,html",
            "--report-dir",
            reports.to_str().unwrap(),
            "--format",
            "terse",
            "--color",
            "off",
            "--formats",
            "off",
            "--timeout-request",
            "1500",
        ]))
        .unwrap();
        assert!(c.console);
        assert_eq!(c.files.html, Some(reports.join("report.html")));
        assert_eq!(c.files.junit, None);
        assert_eq!(c.format, Some(libtest_mimic::FormatSetting::Terse));
        assert_eq!(c.color, Some(libtest_mimic::ColorSetting::Never));
        assert!(!c.formats);
        assert_eq!(c.timeout_request, Duration::from_millis(1500));
        // The check made the folder and left nothing in it.
        assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 0);
    }

    #[test]
    fn an_unwritable_report_or_export_path_is_refused_before_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        std::fs::write(&file, b"x").unwrap();
        let under_a_file = file.join("reports");
        let err =
            RunConfig::build(&args(&["--report-dir", under_a_file.to_str().unwrap()])).unwrap_err();
        assert!(err.to_string().starts_with("cannot write report "), "{err}");
        let err = RunConfig::build(&args(&[
            "--reporters",
            "cli",
            "--export-environment",
            dir.path().to_str().unwrap(),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
    }
}
