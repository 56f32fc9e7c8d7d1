//! The trial list of a run: for each collection, iteration and step, its name and whether
//! `--folder`, `--shard` and the name filter select it; each session's plan and starting
//! variables; the variables checked before anything is sent.

use super::SetupError;
use super::inputs::Inputs;
use crate::cli::RunArgs;
use crate::exec::SuitePlan;
use crate::plan::Suite;
use crate::report::hub;
use crate::vars::{Scope, VarStore};
use serde_json::Value;

/// The trial list: for each suite, iteration and step, a name and whether `--folder` keeps it.
pub(super) struct Layout {
    pub(super) names: Vec<String>,
    pub(super) kept: Vec<bool>,
    /// First trial index of each suite.
    pub(super) offsets: Vec<usize>,
    pub(super) iterations: usize,
}

impl Layout {
    pub(super) fn new(inputs: &Inputs, args: &RunArgs) -> Result<Layout, SetupError> {
        let iterations = args.iterations.unwrap_or(inputs.data.len().max(1));
        if iterations == 0 {
            return Err(SetupError::Usage("--iterations must be at least 1".into()));
        }
        let mut names = Vec::new();
        let mut kept = Vec::new();
        let mut offsets = Vec::new();
        let mut matched = vec![false; args.folders.len()];
        // `--shard K/N`: the (collection, iteration) units in run order, dealt round-robin.
        let mut unit = 0usize;
        for suite in &inputs.suites {
            offsets.push(names.len());
            for it in 0..iterations {
                let in_shard = args.shard.is_none_or(|(k, n)| unit % n == k - 1);
                unit += 1;
                for step in &suite.steps {
                    // Names come from the collection: no terminal control reaches the console.
                    let mut name = crate::text::printable_line(&format!(
                        "{}::{}",
                        suite.name,
                        step.display_path()
                    ))
                    .into_owned();
                    if iterations > 1 {
                        name.push_str(&format!(" (iteration {}/{iterations})", it + 1));
                    }
                    names.push(name);
                    let keep = args.folders.is_empty()
                        || args.folders.iter().enumerate().any(|(f, folder)| {
                            let hit = step.path.iter().any(|p| p == folder);
                            if hit {
                                matched[f] = true;
                            }
                            hit
                        });
                    kept.push(keep && in_shard);
                }
            }
        }
        if let Some(f) = matched.iter().position(|m| !m) {
            return Err(SetupError::Usage(format!(
                "--folder '{}': no folder or request of that name in the collections",
                args.folders[f]
            )));
        }
        Ok(Layout {
            names,
            kept,
            offsets,
            iterations,
        })
    }

    /// What the hub needs to know of each trial, in trial order.
    pub(super) fn trial_infos(&self, inputs: &Inputs, selected: &[bool]) -> Vec<hub::TrialInfo> {
        let mut infos = Vec::with_capacity(self.names.len());
        for (s, suite) in inputs.suites.iter().enumerate() {
            for it in 0..self.iterations {
                for (j, step) in suite.steps.iter().enumerate() {
                    let i = self.offsets[s] + it * suite.steps.len() + j;
                    infos.push(hub::TrialInfo {
                        name: self.names[i].clone(),
                        suite: s,
                        suite_name: suite.name.clone(),
                        path: step.path.clone(),
                        iteration: it,
                        selected: selected[i],
                    });
                }
            }
        }
        infos
    }

    /// Whether step `j` of suite `s` runs in some iteration.
    pub(super) fn step_selected(&self, s: usize, j: usize, selected: &[bool]) -> bool {
        let steps = self
            .offsets
            .get(s + 1)
            .copied()
            .unwrap_or(self.names.len())
            .saturating_sub(self.offsets[s])
            / self.iterations.max(1);
        (0..self.iterations).any(|it| {
            selected
                .get(self.offsets[s] + it * steps + j)
                .copied()
                .unwrap_or(false)
        })
    }

    pub(super) fn suite_plan(
        &self,
        s: usize,
        suite: Suite,
        inputs: &Inputs,
        selected: &[bool],
    ) -> SuitePlan {
        let steps = suite.steps.len();
        let mut trials = Vec::new();
        let mut trial_names = Vec::new();
        for it in 0..self.iterations {
            let base = self.offsets[s] + it * steps;
            trials.push(
                (0..steps)
                    .map(|j| selected[base + j].then_some(base + j))
                    .collect(),
            );
            trial_names.push((0..steps).map(|j| self.names[base + j].clone()).collect());
        }
        let vars = starting_vars(&suite, inputs);
        SuitePlan {
            suite,
            vars,
            data: inputs.data.clone(),
            iterations: self.iterations,
            trials,
            trial_names,
        }
    }
}

/// Variables checked before sending (src/vars/preflight.rs): a warning, or with
/// `--strict-variables` a refusal before anything is sent.
pub(super) fn preflight_variables(
    inputs: &Inputs,
    layout: &Layout,
    selected: &[bool],
    strict: bool,
) -> Result<(), SetupError> {
    let findings = crate::vars::preflight::analyse(
        &inputs.suites,
        |s| starting_vars(&inputs.suites[s], inputs),
        &inputs.data,
        |s, j| layout.step_selected(s, j, selected),
    );
    if findings.is_empty() {
        Ok(())
    } else if strict {
        Err(SetupError::Usage(
            crate::vars::preflight::Refused(findings).to_string(),
        ))
    } else {
        eprintln!(
            "warning: {}\n  (sent as written, as Newman does; --strict-variables refuses such a run)",
            crate::vars::preflight::render(&findings)
        );
        Ok(())
    }
}

/// Globals, collection variables and environment as the files give them, then the command
/// line's `--global-var` / `--env-var` over them.
pub(super) fn starting_vars(suite: &Suite, inputs: &Inputs) -> VarStore {
    let mut vars = VarStore::new();
    if let Some(g) = &inputs.globals {
        for v in g.values.iter().filter(|v| v.enabled) {
            vars.set_typed(Scope::Global, &v.key, v.value.clone(), v.is_secret());
        }
    }
    for v in suite.collection.variables.iter().filter(|v| v.enabled) {
        vars.set_typed(Scope::Collection, &v.key, v.value.clone(), v.is_secret());
    }
    if let Some(e) = &inputs.environment {
        for v in e.values.iter().filter(|v| v.enabled) {
            vars.set_typed(Scope::Environment, &v.key, v.value.clone(), v.is_secret());
        }
    }
    for (k, v) in &inputs.global_vars {
        let secret = vars.is_secret(Scope::Global, k);
        vars.set_typed(Scope::Global, k, Value::String(v.clone()), secret);
    }
    for (k, v) in &inputs.env_vars {
        let secret = vars.is_secret(Scope::Environment, k);
        vars.set_typed(Scope::Environment, k, Value::String(v.clone()), secret);
    }
    vars
}
