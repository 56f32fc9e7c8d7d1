#!/usr/bin/env bash
# bench/mock_load.sh: the reference mock's login throughput on a fresh mock and after 100 000
# logins (issue 16, point 13). A benchmark, not a test: loopback only, bounded in count and time
# (see examples/mock_load.rs). Release build; thin LTO is enough for a before/after comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo build --quiet --release --example mock_load
target/release/examples/mock_load
