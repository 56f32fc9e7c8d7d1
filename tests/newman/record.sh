#!/usr/bin/env bash
# Re-records the Newman parity suite (tests/newman/recordings/*.json). Needs Node and Newman
# 6.2.2 outside the repo: `mkdir -p /work/oracle && cd /work/oracle && npm install newman@6.2.2`
# (or NEWMAN=/path/to/newman). CI never runs this: tests/it/newman_parity.rs replays the
# recordings against conform with no Node.
#
# For each tests/newman/collections/NAME.postman_collection.json (plus NAME.args, extra run
# arguments one per line), the parity server (examples/parity_server.rs, the same routes the
# Rust test uses) starts on a free loopback port, Newman runs the collection against it with
# `--env-var baseUrl=http://127.0.0.1:PORT --reporters cli,json`, and NAME.json records the
# requests the server received and each execution's assertion outcomes and script errors.
# Usage: tests/newman/record.sh [NAME...]   (default: every collection)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
newman="${NEWMAN:-/work/oracle/node_modules/.bin/newman}"
version="$("$newman" --version)"
if [ "$version" != "6.2.2" ]; then
  echo "record.sh: need Newman 6.2.2, found $version at $newman" >&2
  exit 2
fi
cd "$root"
cargo build --quiet --example parity_server
target="${CARGO_TARGET_DIR:-$root/target}"
server="$target/debug/examples/parity_server"
if [ "$#" -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in "$here"/collections/*.postman_collection.json; do
    n="$(basename "$f" .postman_collection.json)"
    names+=("$n")
  done
fi
for n in "${names[@]}"; do
  "$server" record "$here/collections/$n.postman_collection.json" \
    "$here/recordings/$n.json" "$newman" > "$here/recordings/.$n.newman.log" 2>&1 \
    || { cat "$here/recordings/.$n.newman.log" >&2; exit 1; }
  tail -n 1 "$here/recordings/.$n.newman.log"
  rm -f "$here/recordings/.$n.newman.log"
done
