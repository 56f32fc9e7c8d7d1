//! Reporters: turn finished executions into what people and CI read. Reporters never run
//! anything and never see an unredacted secret.

pub mod console;
