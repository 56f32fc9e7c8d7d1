//! Reporters: turn finished executions into what people and CI read. Reporters never run
//! anything and never see an unredacted secret.

pub mod conclude;
pub mod console;
pub mod export;
pub mod files;
pub mod github;
pub mod html;
pub mod hub;
pub mod json;
pub mod junit;
pub mod libtest;
pub mod merge;
pub mod progress;
#[cfg(test)]
mod sample;
pub mod spool;
pub mod stream;
pub mod tally;
pub mod verbose;
