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
pub(crate) struct Layout {
    pub(crate) names: Vec<String>,
    pub(crate) kept: Vec<bool>,
    /// First trial index of each suite.
    pub(crate) offsets: Vec<usize>,
    pub(crate) iterations: usize,
}

impl Layout {
    pub(crate) fn new(inputs: &Inputs, args: &RunArgs) -> Result<Layout, SetupError> {
        let iterations = args.iterations.unwrap_or(inputs.data.len().max(1));
        if iterations == 0 {
            return Err(SetupError::Usage("--iterations must be at least 1".into()));
        }
        let mut names = Vec::new();
        let mut kept = Vec::new();
        let mut offsets = Vec::new();
        let mut matched = vec![false; args.folders.len()];
        // `--shard K/N`: the unit is one collection's iteration (its requests depend on each
        // other); `units` holds each unit's first trial and trial count, in run order.
        let mut units: Vec<(usize, usize)> = Vec::new();
        for suite in &inputs.suites {
            offsets.push(names.len());
            for it in 0..iterations {
                units.push((names.len(), suite.steps.len()));
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
                    kept.push(keep);
                }
            }
        }
        if let Some((k, n)) = args.shard {
            let sizes: Vec<usize> = units
                .iter()
                .map(|&(first, len)| kept[first..first + len].iter().filter(|k| **k).count())
                .collect();
            let mine = shard_units(&sizes, n)
                .into_iter()
                .nth(k - 1)
                .unwrap_or_default();
            for (u, &(first, len)) in units.iter().enumerate() {
                if !mine.contains(&u) {
                    kept[first..first + len].iter_mut().for_each(|k| *k = false);
                }
            }
            if mine.is_empty() {
                let work = sizes.iter().filter(|s| **s > 0).count();
                eprintln!(
                    "shard {k}/{n} has nothing to run: the run has {work} unit(s) of work (one \
                     per collection and iteration) for {n} shards; raise -n or use fewer shards"
                );
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

    /// What the hub needs to know of each trial, in trial order. The names move to the hub
    /// (the sessions have their own copies by then): a long run keeps one copy less.
    pub(crate) fn trial_infos(
        &mut self,
        inputs: &Inputs,
        selected: &[bool],
    ) -> Vec<hub::TrialInfo> {
        let mut infos = Vec::with_capacity(self.names.len());
        for (s, suite) in inputs.suites.iter().enumerate() {
            // Shared by every iteration's trials: one copy per collection and per step.
            let suite_name: std::sync::Arc<str> = suite.name.as_str().into();
            let paths: Vec<std::sync::Arc<[String]>> = suite
                .steps
                .iter()
                .map(|st| st.path.as_slice().into())
                .collect();
            for it in 0..self.iterations {
                for (j, path) in paths.iter().enumerate() {
                    let i = self.offsets[s] + it * suite.steps.len() + j;
                    infos.push(hub::TrialInfo {
                        name: std::mem::take(&mut self.names[i]),
                        suite: s,
                        suite_name: std::sync::Arc::clone(&suite_name),
                        path: std::sync::Arc::clone(path),
                        iteration: it,
                        selected: selected[i],
                    });
                }
            }
        }
        infos
    }

    /// Whether step `j` of suite `s` runs in some iteration.
    pub(crate) fn step_selected(&self, s: usize, j: usize, selected: &[bool]) -> bool {
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

    pub(crate) fn suite_plan(
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

/// Deals units of work (their sizes: requests to run) to `n` shards: largest first, each to
/// the shard with the least work so far (ties to the lowest shard, then run order), so every
/// job computes the same deal and the shards end up within one unit of each other. Each
/// shard's units come back in run order; units with nothing to run go nowhere.
pub(super) fn shard_units(sizes: &[usize], n: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..sizes.len()).filter(|u| sizes[*u] > 0).collect();
    order.sort_by(|a, b| sizes[*b].cmp(&sizes[*a]).then(a.cmp(b)));
    let mut load = vec![0usize; n];
    let mut shards: Vec<Vec<usize>> = vec![Vec::new(); n];
    for u in order {
        let lightest = (0..n).min_by_key(|s| (load[*s], *s)).unwrap_or(0);
        load[lightest] += sizes[u];
        shards[lightest].push(u);
    }
    for s in &mut shards {
        s.sort_unstable();
    }
    shards
}

/// Variables checked before sending (src/vars/preflight.rs): a warning, or with
/// `--strict-variables` a refusal before anything is sent.
pub(crate) fn preflight_variables(
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

#[cfg(test)]
mod tests {
    use super::shard_units;

    #[test]
    fn shards_balance_by_size_and_cover_every_unit_once() {
        // The shipped suites' shape: one big collection and two small ones.
        let deal = shard_units(&[23, 2, 1], 2);
        assert_eq!(deal, vec![vec![0], vec![1, 2]]);
        // One collection with -n 10 splits evenly.
        let deal = shard_units(&[4; 10], 3);
        let sizes: Vec<usize> = deal.iter().map(|s| s.len() * 4).collect();
        assert_eq!(sizes, vec![16, 12, 12]);
        let mut all: Vec<usize> = deal.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        // Nothing to run is dealt to nobody; more shards than units leaves some empty.
        assert_eq!(shard_units(&[0, 5], 2), vec![vec![1], vec![]]);
    }
}
