//! Running collections: one session per collection (its own thread, its variables, its script
//! runtime), requests strictly in order, all sharing one HTTP client. Results go to the board
//! as data; this module never prints.

pub mod board;
mod io;
pub mod send;
mod session;
mod step;

pub use session::{Shared, SuitePlan, run_suite};
pub use step::UNCHECKED;
