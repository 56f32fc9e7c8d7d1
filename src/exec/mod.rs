//! Running collections: one session per collection (its own thread, its variables, its script
//! runtime), requests strictly in order, all sharing one HTTP client. Results go forward as
//! events (`event::RunEvent`) to the reporter hub; this module never prints.

pub mod event;
mod io;
pub mod send;
mod session;
mod shared;
pub(crate) mod step;

pub use session::{SuitePlan, run_suite};
pub use shared::{Pace, Shared};
pub use step::UNCHECKED;
