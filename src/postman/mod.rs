//! The Postman collection and environment formats: typed values, file loading and format
//! errors. Owns reading and understanding files; must not resolve variables or send anything.

mod convert;
mod csv;
pub mod examples;
pub mod export;
mod load;
mod model;
mod stream;
mod v1;
pub mod v3;
mod yaml;

pub use load::{LoadError, load_collection, load_environment, load_iteration_data};
pub use model::*;
