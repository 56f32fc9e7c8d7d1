//! Checks on responses: the documented contract (`schema`) and the rules every response must
//! meet (`status`). Each judges and returns data; none prints or decides exit codes.

pub mod schema;
pub mod status;
