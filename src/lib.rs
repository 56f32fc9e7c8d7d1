//! conform: runs Postman collections against a base URL and proves the API does what its docs
//! say. The library holds everything; `main.rs` only parses the command line and exits.

pub mod auth;
pub mod build;
pub mod check;
pub mod cli;
pub mod compare;
pub mod convert_cmd;
pub mod cookies;
pub mod diff;
pub mod exec;
pub mod exit;
pub mod fsutil;
pub mod hex;
pub mod mock;
pub mod mock_cmd;
pub mod outcome;
pub mod plan;
pub mod postman;
pub mod report;
pub mod request;
pub mod run;
pub mod schema;
pub mod schema_cmd;
pub mod script;
pub mod secrets;
pub mod text;
pub mod trials;
pub mod urlparts;
pub mod vars;
pub mod wire;
