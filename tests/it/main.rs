//! conform's integration tests: one binary, a module per area. Every test talks to real servers
//! on 127.0.0.1 (tests/it/support) and most run the real `conform` binary as a process.
#![recursion_limit = "256"]

mod common;
mod support;

mod action;
mod auth_ntlm;
mod auth_signed;
mod bodies;
mod build_auth;
mod build_bodies;
mod build_inputs;
mod build_newman_items;
mod build_urls_vars;
mod compare;
mod compare_record;
mod contracts;
mod fuzz_inputs;
mod fuzz_redactor;
mod fuzz_v3;
mod hardening_audit;
mod hardening_io;
mod hardening_secrets;
mod newman_flags;
mod newman_inputs;
mod newman_parity;
mod pipeline;
mod postman_v3;
mod progress_line;
mod readme;
mod reports;
mod roundtrip;
mod run_controls;
mod run_cookies;
mod run_faults;
mod run_proxy;
mod run_tls;
mod run_wire;
mod saved_examples;
mod schemas_shipped;
mod scripts;
mod scripts_libraries;
mod shards;
mod suites_mock;
mod user_folder;
