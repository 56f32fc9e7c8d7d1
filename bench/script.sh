#!/usr/bin/env bash
# bench/script.sh: script time per request (one engine, scripts compiled once, one test event per
# response), for the Sahamati token test script and a few variants. A benchmark, not a test.
# Pinned to one CPU like bench/run.sh's clients; pass a number of events to change the default.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --example script_bench
taskset -c 0 target/release/examples/script_bench "$@"
