#!/usr/bin/env bash
# bench/body.sh: what one large response body costs conform, next to curl (issue 17, target 3).
#
# A benchmark, not a test: nothing in CI runs it. It:
#   1. builds conform (`cargo build --release`) unless --conform BIN is given;
#   2. writes a dense JSON body of SIZE MiB (an array of 7-field account records, no
#      secret-named field) and a 2-byte one into a temporary folder, and serves that folder
#      with Python's http.server on a free 127.0.0.1 port, pinned to CPU 1 (the clients run on
#      CPU 0);
#   3. runs, RUNS times each, measuring user+sys CPU and peak RSS (the child's rusage):
#        curl -o /dev/null                     the big body and the tiny one
#        conform, no script, no schema         the big body and the tiny one (-r cli)
#        conform, status-only test script and a schema check of the body (an OpenAPI spec
#        documenting the array of records)    the big body (its peak RSS against the body)
#      every conform run must exit 0;
#   4. prints medians: CPU per MiB as (big - tiny) / SIZE for each client and the ratio
#      conform / curl, and the peak RSS of the script + schema run as a multiple of the body,
#      with `uptime` before and after (other processes share the machine).
#
# Usage: bench/body.sh [--size MIB] [--runs N] [--conform BIN] [--keep]
#   --size MIB     body size in MiB (default 100; the run's --max-response-size follows it)
#   --runs N       runs per row (default 5); medians are shown
#   --conform BIN  measure this binary instead of building target/release/conform
#   --keep         keep the temporary folder
# Talks to 127.0.0.1 only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
SIZE=100
RUNS=5
CONFORM=""
KEEP=0

die() { echo "body.sh: $*" >&2; exit 1; }
note() { echo "== $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE=${2:?}; shift ;;
        --runs) RUNS=${2:?}; shift ;;
        --conform) CONFORM=${2:?}; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[[ "$SIZE" =~ ^[0-9]+$ && "$SIZE" -ge 1 && "$SIZE" -le 1024 ]] || die "--size must be 1..1024"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || die "--runs must be a positive number"
for tool in curl python3 taskset; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    if [[ $KEEP -eq 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "$CONFORM" ]]; then
    note "building conform (release)"
    (cd "$ROOT" && cargo build --release --quiet --bin conform)
    CONFORM="${CARGO_TARGET_DIR:-$ROOT/target}/release/conform"
fi
[[ -x "$CONFORM" ]] || die "no conform binary at $CONFORM"

mkdir -p "$WORK/www" "$WORK/run"
python3 - "$WORK" "$SIZE" <<'EOF'
import json, sys
work, size = sys.argv[1], int(sys.argv[2]) << 20
with open(f"{work}/www/big.json", "w") as f:
    f.write("[")
    written, i = 1, 0
    while written < size:
        rec = json.dumps({"id": i, "name": f"Account holder {i}", "status": "ACTIVE",
                          "balance": i * 7 % 100000, "currency": "INR",
                          "createdAt": "2024-10-10T10:33:56.177Z",
                          "note": "an ordinary field of a dense JSON response"},
                         separators=(",", ":"))
        if i:
            f.write(","); written += 1
        f.write(rec); written += len(rec); i += 1
    f.write("]")
with open(f"{work}/www/tiny.json", "w") as f:
    f.write("[]")
record = {"type": "object", "required": ["id", "name", "status", "balance", "currency"],
          "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                         "status": {"type": "string", "enum": ["ACTIVE", "CLOSED"]},
                         "balance": {"type": "integer", "minimum": 0},
                         "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                         "createdAt": {"type": "string", "format": "date-time"},
                         "note": {"type": "string"}}}
spec = {"openapi": "3.0.0", "info": {"title": "body bench", "version": "1"},
        "paths": {"/big.json": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"schema": {"type": "array", "items": record}}}}}}}}}
json.dump(spec, open(f"{work}/run/spec.json", "w"))
def collection(path, test):
    item = {"name": path, "request": {"method": "GET", "url": "{{host}}/" + path}}
    if test:
        item["event"] = [{"listen": "test", "script": {"exec": [
            "pm.test('status', () => pm.response.to.have.status(200));"]}}]
    return {"info": {"name": "body", "schema":
            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [item]}
for name, path, test in [("big", "big.json", False), ("tiny", "tiny.json", False),
                         ("big-script", "big.json", True)]:
    json.dump(collection(path, test), open(f"{work}/run/{name}.json", "w"))
EOF
BYTES=$(stat -c %s "$WORK/www/big.json")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$WORK/www" && exec taskset -c 1 python3 -m http.server "$PORT" --bind 127.0.0.1 \
    >"$WORK/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/tiny.json" && break
    sleep 0.1
done
taskset -cp 0 $$ >/dev/null
HOST="http://127.0.0.1:$PORT"

# One timed run: prints "cpu_ms rss_kib" (user+sys CPU to the microsecond and peak RSS, from
# the child's rusage: /usr/bin/time rounds CPU to 10 ms, as much as curl spends on 30 MiB);
# fails the benchmark if the command fails.
timed() {
    python3 - "$WORK/cmd.out" "$@" <<'PY' || { [[ -n "${MAY_FAIL:-}" ]] || { cat "$WORK/cmd.out" >&2; die "failed: $*"; }; }
import os, subprocess, sys
# The child's own rusage (wait4), not RUSAGE_CHILDREN: a pyenv shim's helpers ran before.
with open(sys.argv[1], "wb") as out:
    child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
    _, status, r = os.wait4(child.pid, 0)
code = os.waitstatus_to_exitcode(status)
print(f"{(r.ru_utime + r.ru_stime) * 1000:.1f} {r.ru_maxrss} {code}")
sys.exit(code)
PY
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# conform on one collection of $WORK/run, as a script so /usr/bin/time can run it.
RUNNER="$WORK/conform-run"
{
    echo '#!/usr/bin/env bash'
    printf 'cd %q || exit 1\n' "$WORK/run"
    printf 'name=$1; shift\n'
    printf 'exec %q run "$name.json" --env-var %q -r cli --max-response-size %q --no-builtin-schemas "$@"\n' \
        "$CONFORM" "host=$HOST" "$((SIZE * 2 + 1))M"
} >"$RUNNER"
chmod +x "$RUNNER"

declare -A CPU RSS EXIT
row() {
    local key=$1; shift
    local cpus="" rsss=""
    "$@" >/dev/null 2>&1 || [[ -n "${MAY_FAIL:-}" ]] || die "failed: $*"  # warm-up: page cache
    for _ in $(seq "$RUNS"); do
        read -r c r x < <(timed "$@")
        cpus+="$c"$'\n'; rsss+="$r"$'\n'
        EXIT[$key]=$x
    done
    CPU[$key]=$(printf '%s' "$cpus" | median)
    RSS[$key]=$(printf '%s' "$rsss" | median)
    note "$key: CPU ${CPU[$key]} ms, peak RSS ${RSS[$key]} KiB, exit ${EXIT[$key]}"
    [[ "${EXIT[$key]}" == 0 ]] || { note "$key failed; its output:"; tail -5 "$WORK/cmd.out" >&2; }
}

note "uptime before: $(uptime)"
note "body: $BYTES bytes; conform: $CONFORM"
row curl-big curl -s -o /dev/null "$HOST/big.json"
row curl-tiny curl -s -o /dev/null "$HOST/tiny.json"
row conform-big "$RUNNER" big
row conform-tiny "$RUNNER" tiny
# Before --script-memory's limit followed the body this run failed (heap out of memory):
# measured all the same, its exit status shown.
MAY_FAIL=1 row conform-script-schema "$RUNNER" big-script --openapi spec.json
note "uptime after: $(uptime)"

awk -v size="$SIZE" -v bytes="$BYTES" \
    -v cb="${CPU[curl-big]}" -v ct="${CPU[curl-tiny]}" \
    -v fb="${CPU[conform-big]}" -v ft="${CPU[conform-tiny]}" \
    -v fs="${CPU[conform-script-schema]}" -v rs="${RSS[conform-script-schema]}" \
    -v rb="${RSS[conform-big]}" -v rc="${RSS[curl-big]}" -v xs="${EXIT[conform-script-schema]}" 'BEGIN {
    mib = bytes / 1048576
    curl = (cb - ct) / mib; conf = (fb - ft) / mib
    printf "| measure (median of runs, %.0f MiB dense JSON body) | curl | conform |\n", mib
    printf "|---|---:|---:|\n"
    printf "| CPU, big body / tiny body | %.1f / %.1f ms | %.1f / %.1f ms |\n", cb, ct, fb, ft
    printf "| CPU per MiB ((big - tiny) / MiB) | %.2f ms | %.2f ms |\n", curl, conf
    printf "| conform / curl, CPU per MiB | | %.2fx (target <= 2x) |\n", (curl > 0 ? conf / curl : 0)
    printf "| peak RSS, no script | %.1f MiB | %.1f MiB (%.2fx the body) |\n", rc / 1024, rb / 1024, rb * 1024 / bytes
    printf "| status-only script + schema check: CPU, peak RSS, exit | | %.1f ms, %.1f MiB (%.2fx the body; target <= 2.5x), exit %d |\n", fs, rs / 1024, rs * 1024 / bytes, xs
}'
