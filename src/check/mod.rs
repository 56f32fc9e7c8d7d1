//! Checks on a response that are not the collection's own scripts: today the JSON Schema
//! contract. Each check returns data (pass, fail with details, unchecked); none prints.

pub mod schema;
