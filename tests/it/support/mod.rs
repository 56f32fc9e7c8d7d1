//! Support code shared by conform's integration tests: an in-process HTTP/1.1 test server that
//! records requests byte-exactly and can misbehave on purpose, and TLS material made at test
//! time. Test-only: nothing here is compiled into the conform binary.

// Each test module uses a different subset of these helpers.
#![allow(dead_code)]

pub mod digest;
pub mod ntlm;
pub mod parity;
pub mod routes;
pub mod server;
pub mod tls;
mod wire;

#[cfg(test)]
mod selftest;

pub use digest::Digest;
pub use routes::{Reply, Routes};
pub use server::{Recorded, TestServer};
pub use tls::TestCert;
