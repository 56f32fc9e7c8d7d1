//! Which report files a run writes and where, and writing them atomically (a reader sees the
//! previous file or the complete new one, never a torn one).

use crate::outcome::RunReport;
use std::path::{Path, PathBuf};

type Render = fn(&RunReport) -> String;

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

    /// Renders and writes every selected report; returns the paths written.
    pub fn write(&self, report: &RunReport) -> Result<Vec<PathBuf>, String> {
        let mut written = Vec::new();
        let renderers: [(&Option<PathBuf>, Render); 3] = [
            (&self.junit, super::junit::render),
            (&self.json, super::json::render),
            (&self.html, super::html::render),
        ];
        for (path, render) in renderers {
            if let Some(path) = path {
                crate::fsutil::write_atomic(path, render(report).as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written.push(path.clone());
            }
        }
        Ok(written)
    }
}
