//! Lock-step: the reference's and the candidate's session of one collection start each request
//! together, so both targets see the suite at the same pace (and a stateful API sees its
//! requests in the same order on both sides). A side whose session has ended no longer holds
//! the other back; Ctrl-C releases both.

use crate::exec::Pace;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The two sides' progress, per collection.
pub struct LockStep {
    state: Mutex<State>,
    moved: Condvar,
    /// First trial index of each collection (the run's layout), to find a trial's collection.
    offsets: Vec<usize>,
    cancel: tokio::sync::watch::Receiver<Option<&'static str>>,
}

#[derive(Default)]
struct State {
    /// Requests started, per side, per collection.
    started: [Vec<usize>; 2],
    ended: [Vec<bool>; 2],
}

impl LockStep {
    pub fn new(
        offsets: Vec<usize>,
        cancel: tokio::sync::watch::Receiver<Option<&'static str>>,
    ) -> Arc<LockStep> {
        let n = offsets.len();
        Arc::new(LockStep {
            state: Mutex::new(State {
                started: [vec![0; n], vec![0; n]],
                ended: [vec![false; n], vec![false; n]],
            }),
            moved: Condvar::new(),
            offsets,
            cancel,
        })
    }

    /// The pace of one side (0: reference, 1: candidate).
    pub fn side(self: &Arc<Self>, side: usize) -> Arc<dyn Pace> {
        Arc::new(Side {
            step: Arc::clone(self),
            side,
        })
    }

    /// Marks a side's session of `suite` as over (it sends nothing more) when dropped: also
    /// when the session panics.
    pub fn end_guard(self: &Arc<Self>, side: usize, suite: usize) -> EndGuard {
        EndGuard {
            step: Arc::clone(self),
            side,
            suite,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn suite_of(&self, trial: usize) -> usize {
        self.offsets
            .iter()
            .rposition(|&o| o <= trial)
            .unwrap_or_default()
    }

    fn before_request(&self, side: usize, trial: usize) {
        let suite = self.suite_of(trial);
        let other = 1 - side;
        let mut state = self.lock();
        state.started[side][suite] += 1;
        let mine = state.started[side][suite];
        self.moved.notify_all();
        // The other side starts its request `mine` only once it has finished the one before.
        while state.started[other][suite] < mine
            && !state.ended[other][suite]
            && self.cancel.borrow().is_none()
        {
            state = self
                .moved
                .wait_timeout(state, Duration::from_millis(50))
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }
}

struct Side {
    step: Arc<LockStep>,
    side: usize,
}

impl Pace for Side {
    fn before_request(&self, trial: usize) {
        self.step.before_request(self.side, trial);
    }
}

pub struct EndGuard {
    step: Arc<LockStep>,
    side: usize,
    suite: usize,
}

impl Drop for EndGuard {
    fn drop(&mut self) {
        let mut state = self.step.lock();
        if let Some(e) = state.ended[self.side].get_mut(self.suite) {
            *e = true;
        }
        self.step.moved.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn neither_side_gets_more_than_one_request_ahead_and_an_ended_side_frees_the_other() {
        let (_tx, rx) = tokio::sync::watch::channel(None);
        let step = LockStep::new(vec![0], rx);
        let done = [Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0))];
        let spread = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = [(0usize, 20usize), (1, 10)]
            .into_iter()
            .map(|(side, n)| {
                let pace = step.side(side);
                let guard = step.end_guard(side, 0);
                let done = done.clone();
                let spread = Arc::clone(&spread);
                std::thread::spawn(move || {
                    for t in 0..n {
                        pace.before_request(t);
                        let (a, b) = (
                            done[side].load(Ordering::SeqCst),
                            done[1 - side].load(Ordering::SeqCst),
                        );
                        // Only while both still run may neither be ahead.
                        if t < 10 {
                            spread.fetch_max(a.abs_diff(b), Ordering::SeqCst);
                        }
                        std::thread::sleep(Duration::from_millis(if side == 0 { 1 } else { 3 }));
                        done[side].fetch_add(1, Ordering::SeqCst);
                    }
                    drop(guard);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(done[0].load(Ordering::SeqCst), 20);
        assert!(spread.load(Ordering::SeqCst) <= 1);
    }
}
