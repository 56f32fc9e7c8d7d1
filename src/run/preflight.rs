//! The files a run's requests name, checked before anything is sent (issue 13.4): `file` bodies
//! and `formdata` file parts of every selected request that would carry a body. A file that is
//! missing, unreadable, outside `--working-dir` or not a regular file is an input error (exit 2)
//! naming the request and the path, found here rather than half-way through the run. A path
//! still holding a `{{variable}}` after the starting variables and the data rows are applied is
//! left to the request (a script may set it).

use super::inputs::Inputs;
use super::layout::starting_vars;
use crate::build::files::FileAccess;
use crate::postman::{BodySpec, FormPart};
use crate::trials::Trials;
use crate::vars::Scope;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error(
    "{} body file(s) cannot be read (nothing was sent):{}",
    .0.len(),
    .0.iter().map(|p| format!("\n  {p}")).collect::<String>()
)]
pub struct UnreadableFiles(pub Vec<String>);

pub(super) fn body_files(
    inputs: &Inputs,
    trials: &Trials,
    access: &FileAccess,
) -> Result<(), UnreadableFiles> {
    let mut problems = Vec::new();
    for (s, suite) in inputs.suites.iter().enumerate() {
        let base = starting_vars(suite, inputs);
        // One variable set per data row (or just the starting ones): each row may name a file.
        let mut sets = Vec::new();
        if inputs.data.is_empty() {
            sets.push(base);
        } else {
            for row in &inputs.data {
                let mut vars = base.clone();
                for (k, v) in row {
                    vars.set(Scope::Data, k, v.clone());
                }
                sets.push(vars);
            }
        }
        for (j, step) in suite.steps.iter().enumerate() {
            if !trials.step_selected(s, j) {
                continue;
            }
            let Ok(spec) = &step.request else { continue };
            let method = spec.method.to_ascii_uppercase();
            let pruned = crate::build::METHODS_WITHOUT_BODY.contains(&method.as_str())
                && step.profile.disable_body_pruning != Some(true);
            if pruned {
                continue;
            }
            let sources: Vec<&str> = match &spec.body {
                Some(BodySpec::File { src: Some(src) }) => vec![src.as_str()],
                Some(BodySpec::FormData(parts)) => parts
                    .iter()
                    .filter_map(|p| match p {
                        FormPart::File { src, .. } => Some(src.iter().map(String::as_str)),
                        FormPart::Text { .. } => None,
                    })
                    .flatten()
                    .collect(),
                _ => Vec::new(),
            };
            for src in sources.into_iter().filter(|s| !s.is_empty()) {
                let mut seen: Vec<String> = Vec::new();
                for vars in &sets {
                    let path = vars.replace_in(src);
                    if path.contains("{{") || seen.contains(&path) {
                        continue;
                    }
                    let full = if Path::new(&path).is_absolute() {
                        Path::new(&path).to_path_buf()
                    } else {
                        access.working_dir.join(&path)
                    };
                    if let Err(e) = access.check(&full) {
                        problems.push(format!(
                            "{}::{}: body file {path}: {e}",
                            suite.name,
                            step.display_path()
                        ));
                    }
                    seen.push(path);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(UnreadableFiles(problems))
    }
}
