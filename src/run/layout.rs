//! How a run's trials are planned: what `--folder` and `--shard` keep of every collection's
//! steps and iterations; each session's plan and starting variables; the variables checked
//! before anything is sent.

use super::SetupError;
use super::inputs::Inputs;
use crate::cli::RunArgs;
use crate::exec::SuitePlan;
use crate::plan::Suite;
use crate::trials::Trials;
use crate::vars::{Scope, VarStore};
use serde_json::Value;
use std::sync::Arc;

/// The trial list of a run: every collection's steps for every iteration, with what `--folder`
/// and `--shard` leave out dropped (the name filter is applied by the caller, which knows the
/// console's names).
pub(crate) fn plan_trials(inputs: &Inputs, args: &RunArgs) -> Result<Trials, SetupError> {
    let iterations = args.iterations.unwrap_or(inputs.data.len().max(1));
    if iterations == 0 {
        return Err(SetupError::Usage("--iterations must be at least 1".into()));
    }
    let mut trials = Trials::new(
        inputs
            .suites
            .iter()
            .map(|suite| {
                let paths = suite.steps.iter().map(|st| st.path.clone()).collect();
                (suite.name.clone(), paths)
            })
            .collect(),
        iterations,
    );
    let mut matched = vec![false; args.folders.len()];
    for (s, suite) in inputs.suites.iter().enumerate() {
        for (j, step) in suite.steps.iter().enumerate() {
            let keep = args.folders.is_empty()
                || args.folders.iter().enumerate().any(|(f, folder)| {
                    let hit = step.path.iter().any(|p| p == folder);
                    if hit {
                        matched[f] = true;
                    }
                    hit
                });
            if !keep {
                for it in 0..iterations {
                    trials.drop(trials.index(s, it, j));
                }
            }
        }
    }
    if let Some((k, n)) = args.shard {
        // The unit is one collection's iteration (its requests depend on each other); `units`
        // holds each unit's first trial and trial count, in run order.
        let units: Vec<(usize, usize)> = inputs
            .suites
            .iter()
            .enumerate()
            .flat_map(|(s, suite)| {
                let trials = &trials;
                (0..iterations).map(move |it| (trials.index(s, it, 0), suite.steps.len()))
            })
            .collect();
        let sizes: Vec<usize> = units
            .iter()
            .map(|&(first, len)| (first..first + len).filter(|&i| trials.kept(i)).count())
            .collect();
        let mine = shard_units(&sizes, n)
            .into_iter()
            .nth(k - 1)
            .unwrap_or_default();
        for (u, &(first, len)) in units.iter().enumerate() {
            if !mine.contains(&u) {
                (first..first + len).for_each(|i| trials.drop(i));
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
    Ok(trials)
}

/// Collection `s`'s session: its steps, starting variables and data rows, and the run's trials
/// (to know which of its steps run and the trial each reports to).
pub(crate) fn suite_plan(
    trials: &Arc<Trials>,
    s: usize,
    suite: Suite,
    inputs: &Inputs,
) -> SuitePlan {
    let vars = starting_vars(&suite, inputs);
    SuitePlan {
        suite,
        vars,
        data: inputs.data.clone(),
        index: s,
        trials: Arc::clone(trials),
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
    trials: &Trials,
    strict: bool,
) -> Result<(), SetupError> {
    let findings = crate::vars::preflight::analyse(
        &inputs.suites,
        |s| starting_vars(&inputs.suites[s], inputs),
        &inputs.data,
        |s, j| trials.step_selected(s, j),
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
