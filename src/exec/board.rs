//! Where sessions post executions and console trials wait for them: one slot per trial, filled
//! by the collection's session thread, read in trial order by libtest-mimic.

use crate::outcome::Execution;
use std::sync::{Condvar, Mutex};

#[derive(Default)]
struct Slot {
    executions: Vec<Execution>,
    done: bool,
}

#[derive(Default)]
pub struct Board {
    slots: Mutex<Vec<Slot>>,
    changed: Condvar,
}

impl Board {
    pub fn new(trials: usize) -> Board {
        Board {
            slots: Mutex::new((0..trials).map(|_| Slot::default()).collect()),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        // A poisoned lock only means another thread panicked while holding it; the data is
        // still a list of finished executions.
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records an execution and marks its trial finished (one lock, one wake-up). A
    /// `setNextRequest` loop that comes back to a finished trial adds to it: the reports show
    /// every execution, the console the first.
    pub fn finish(&self, trial: usize, execution: Execution) {
        if let Some(slot) = self.lock().get_mut(trial) {
            slot.executions.push(execution);
            slot.done = true;
        }
        self.changed.notify_all();
    }

    /// Blocks until the trial is closed, then returns its executions.
    pub fn wait(&self, trial: usize) -> Vec<Execution> {
        let mut slots = self.lock();
        loop {
            match slots.get(trial) {
                None => return Vec::new(),
                Some(s) if s.done => return s.executions.clone(),
                Some(_) => {
                    slots = self.changed.wait(slots).unwrap_or_else(|p| p.into_inner());
                }
            }
        }
    }

    /// Every execution, in trial order, moved out of the board (the run is over).
    pub fn take_all(&self) -> Vec<Execution> {
        self.lock()
            .iter_mut()
            .flat_map(|s| std::mem::take(&mut s.executions))
            .collect()
    }
}
