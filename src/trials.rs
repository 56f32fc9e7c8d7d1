//! The trials of a run, one per collection, iteration and request: their numbering, names and
//! selection. Names are built from the collections' steps when asked for, not held per trial: a
//! data-driven run plans a trial per request and iteration, and a name kept for each would make
//! memory grow with the run (issue 17). Per trial only two bits are kept.

use std::ops::Range;
use std::sync::Arc;

/// What is known of one trial before it runs (to report it as not run if need be).
#[derive(Clone, Debug)]
pub struct TrialInfo {
    pub name: String,
    pub suite: usize,
    pub suite_name: Arc<str>,
    pub path: Arc<[String]>,
    pub iteration: usize,
    /// Chosen by `--folder`, `--shard` and the name filter: a session will report it.
    pub selected: bool,
}

/// A collection's part of the trial list.
#[derive(Debug)]
struct SuiteTrials {
    /// Index of its first trial (iteration 0, step 0).
    first: usize,
    name: Arc<str>,
    /// Each step's folder path and the name it gives its trials (`collection::folder::request`).
    steps: Vec<(Arc<[String]>, String)>,
}

#[derive(Debug)]
pub struct Trials {
    suites: Vec<SuiteTrials>,
    iterations: usize,
    len: usize,
    /// `--folder` and `--shard` keep it: the console counts it (run, or filtered out by name).
    kept: Vec<bool>,
    /// Kept and matched by the name filter: a session runs and reports it.
    selected: Vec<bool>,
}

impl Trials {
    /// Every iteration of every collection's steps, in run order, all kept and selected.
    /// `suites` gives each collection's name and each step's folder path.
    pub fn new(suites: Vec<(String, Vec<Vec<String>>)>, iterations: usize) -> Trials {
        let mut first = 0;
        let suites: Vec<SuiteTrials> = suites
            .into_iter()
            .map(|(name, paths)| {
                let steps: Vec<(Arc<[String]>, String)> = paths
                    .into_iter()
                    .map(|path| {
                        // Names come from the collection: no terminal control reaches the console.
                        let shown =
                            crate::text::printable_line(&format!("{name}::{}", path.join("::")))
                                .into_owned();
                        (Arc::from(path), shown)
                    })
                    .collect();
                let suite = SuiteTrials {
                    first,
                    name: Arc::from(name),
                    steps,
                };
                first += suite.steps.len() * iterations;
                suite
            })
            .collect();
        Trials {
            suites,
            iterations,
            len: first,
            kept: vec![true; first],
            selected: vec![true; first],
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iterations(&self) -> usize {
        self.iterations
    }

    pub fn suite_count(&self) -> usize {
        self.suites.len()
    }

    /// The trials of collection `s`, every iteration.
    pub fn of_suite(&self, s: usize) -> Range<usize> {
        let suite = &self.suites[s];
        suite.first..suite.first + suite.steps.len() * self.iterations
    }

    /// The trial of collection `s`, iteration `it`, step `j`.
    pub fn index(&self, s: usize, it: usize, j: usize) -> usize {
        let suite = &self.suites[s];
        suite.first + it * suite.steps.len() + j
    }

    /// The trial of collection `s`, iteration `it`, step `j`, if it is selected.
    pub fn selected_at(&self, s: usize, it: usize, j: usize) -> Option<usize> {
        let i = self.index(s, it, j);
        self.selected[i].then_some(i)
    }

    /// Collection, iteration and step of trial `i`.
    fn locate(&self, i: usize) -> (usize, usize, usize) {
        let s = self.suites.partition_point(|t| t.first <= i) - 1;
        let steps = self.suites[s].steps.len();
        let offset = i - self.suites[s].first;
        (s, offset / steps, offset % steps)
    }

    /// The trial's name as reports give it: `collection::folder::request`, with the iteration
    /// when there are several.
    pub fn name(&self, i: usize) -> String {
        let (s, it, j) = self.locate(i);
        let base = &self.suites[s].steps[j].1;
        if self.iterations > 1 {
            format!("{base} (iteration {}/{})", it + 1, self.iterations)
        } else {
            base.clone()
        }
    }

    pub fn info(&self, i: usize) -> TrialInfo {
        let (s, it, j) = self.locate(i);
        TrialInfo {
            name: self.name(i),
            suite: s,
            suite_name: Arc::clone(&self.suites[s].name),
            path: Arc::clone(&self.suites[s].steps[j].0),
            iteration: it,
            selected: self.selected[i],
        }
    }

    pub fn suite_name(&self, s: usize) -> &str {
        &self.suites[s].name
    }

    pub fn kept(&self, i: usize) -> bool {
        self.kept[i]
    }

    pub fn selected(&self, i: usize) -> bool {
        self.selected[i]
    }

    /// `--folder` or `--shard` leaves trial `i` out (it is not selected either).
    pub fn drop(&mut self, i: usize) {
        self.kept[i] = false;
        self.selected[i] = false;
    }

    /// The name filter leaves trial `i` out (the console counts it as filtered out).
    pub fn filter_out(&mut self, i: usize) {
        self.selected[i] = false;
    }

    /// Whether step `j` of collection `s` runs in some iteration.
    pub fn step_selected(&self, s: usize, j: usize) -> bool {
        (0..self.iterations).any(|it| self.selected[self.index(s, it, j)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_collections(iterations: usize) -> Trials {
        Trials::new(
            vec![
                (
                    "A".into(),
                    vec![vec!["f".into(), "one".into()], vec!["two".into()]],
                ),
                ("B\x1b]0;x".into(), vec![vec!["only".into()]]),
            ],
            iterations,
        )
    }

    #[test]
    fn trials_are_numbered_in_run_order_and_named_on_demand() {
        let t = two_collections(3);
        assert_eq!(t.len(), 9);
        assert_eq!(t.of_suite(0), 0..6);
        assert_eq!(t.of_suite(1), 6..9);
        assert_eq!(t.index(0, 2, 1), 5);
        assert_eq!(t.name(0), "A::f::one (iteration 1/3)");
        assert_eq!(t.name(5), "A::two (iteration 3/3)");
        // Control characters from the collection are shown, not sent to the terminal.
        assert_eq!(t.name(7), "B\\u{1b}]0;x::only (iteration 2/3)");
        let info = t.info(3);
        assert_eq!((info.suite, info.iteration, &*info.suite_name), (0, 1, "A"));
        assert_eq!(&*info.path, ["two".to_string()]);
        assert_eq!(two_collections(1).name(1), "A::two");
    }

    #[test]
    fn dropped_and_filtered_trials_are_not_selected() {
        let mut t = two_collections(2);
        t.drop(1);
        t.filter_out(2);
        assert!(!t.kept(1) && !t.selected(1));
        assert!(t.kept(2) && !t.selected(2));
        assert_eq!(t.selected_at(0, 0, 1), None);
        assert_eq!(t.selected_at(0, 1, 1), Some(3));
        assert!(t.step_selected(0, 1));
        t.filter_out(3);
        assert!(!t.step_selected(0, 1));
        assert!(t.step_selected(0, 0));
    }

    #[test]
    fn a_collection_without_requests_has_no_trials() {
        let t = Trials::new(
            vec![
                ("empty".into(), vec![]),
                ("one".into(), vec![vec!["r".into()]]),
            ],
            2,
        );
        assert_eq!(t.of_suite(0), 0..0);
        assert_eq!(t.name(1), "one::r (iteration 2/2)");
    }
}
