#!/usr/bin/env bash
# bench/schema.sh: how long one response check takes (parse + JSON Schema validation) for a
# 1 MiB body, against a Sahamati-size schema and a 200-property schema. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --example schema_bench
