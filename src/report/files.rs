//! Which report files a run writes and where (`report::stream` writes them, atomically: a
//! reader sees the previous file or the complete new one, never a torn one).

use std::path::{Path, PathBuf};

/// A report file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct ReportError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl ReportError {
    pub fn new(path: &Path, source: std::io::Error) -> ReportError {
        ReportError {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The file reporters of a run and their paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub junit: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
}

impl Targets {
    /// `--reporters` names (cli is the console, not a file), `--report-dir`, and the
    /// per-reporter `--reporter-*-export` paths, which also switch their reporter on.
    pub fn new(
        names: &[String],
        dir: &Path,
        junit: Option<PathBuf>,
        json: Option<PathBuf>,
        html: Option<PathBuf>,
    ) -> Targets {
        let on = |n: &str| names.iter().any(|x| x == n);
        Targets {
            junit: junit.or_else(|| on("junit").then(|| dir.join("junit.xml"))),
            json: json.or_else(|| on("json").then(|| dir.join("report.json"))),
            html: html.or_else(|| on("html").then(|| dir.join("report.html"))),
        }
    }
}
