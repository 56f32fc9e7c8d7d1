//! Checks on responses: the documented contract (`schema`), the request's saved examples
//! (`examples`) and the rules every response must meet (`status`). Each judges and returns
//! data; none prints or decides exit codes.

pub mod examples;
pub(crate) mod fast;
pub mod schema;
pub mod status;
