//! Checks on a response that are not the collection's own scripts: the JSON Schema contract
//! and the request's saved examples. Each check returns data (pass, fail with details, unchecked); none prints.

pub mod examples;
pub mod schema;
