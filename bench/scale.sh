#!/usr/bin/env bash
# bench/scale.sh: time and peak RSS of `conform run` as the number of requests grows (10 to
# 100 000), with the console alone and with the default reporters (cli,junit,json), next to
# Newman 6.2.2 (up to 10 000 requests). Issue 17: memory must not grow with the requests.
#
# A benchmark, not a test: nothing in CI runs it. It:
#   1. builds conform (`cargo build --release`) unless --conform BIN is given;
#   2. starts `conform mock` as its own process on a free 127.0.0.1 port (so only the client's
#      memory is measured) and writes a one-request collection into a temporary folder: a GET to
#      a path the mock does not route (it answers a JSON 404 and keeps no state, so the server
#      does not change as the run grows) with a test script checking the 404;
#   3. for each size N: runs `conform run COLLECTION -n N` RUNS times with `-r cli`, RUNS times
#      with the default reporters, and Newman (`newman run COLLECTION -n N`, its default cli
#      reporter) NEWMAN_RUNS times while N <= NEWMAN_MAX, each under /usr/bin/time (wall time,
#      user+sys CPU, peak RSS); every run must exit 0 and report N passed requests;
#   4. prints a Markdown table of medians and ratios, with `uptime` before and after (other
#      processes share the machine: read the load with the numbers).
#
# Usage: bench/scale.sh [--runs N] [--newman-runs N] [--sizes "10 100 1000"] [--newman-max N]
#                       [--conform BIN] [--no-newman] [--keep]
#   --runs N          conform runs per size and reporter set (default 5); the median is shown
#   --newman-runs N   Newman runs per size (default 5; 1 is enough to see its slope)
#   --sizes LIST      request counts (default "10 100 1000 10000 100000", each at most 100000)
#   --newman-max N    largest size Newman runs (default 10000)
#   --conform BIN     measure this binary instead of building target/release/conform
#   --newman BIN      Newman to run (default /work/oracle/node_modules/.bin/newman, else
#                     `newman` on PATH)
#   --no-newman       conform only
#   --keep            keep the temporary folder (collection, reports, time outputs)
# Talks to 127.0.0.1 only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUNS=5
NEWMAN_RUNS=5
SIZES="10 100 1000 10000 100000"
NEWMAN_MAX=10000
CONFORM=""
NEWMAN=""
NO_NEWMAN=0
KEEP=0

die() { echo "scale.sh: $*" >&2; exit 1; }
note() { echo "== $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS=${2:?}; shift ;;
        --newman-runs) NEWMAN_RUNS=${2:?}; shift ;;
        --sizes) SIZES=${2:?}; shift ;;
        --newman-max) NEWMAN_MAX=${2:?}; shift ;;
        --conform) CONFORM=${2:?}; shift ;;
        --newman) NEWMAN=${2:?}; shift ;;
        --no-newman) NO_NEWMAN=1 ;;
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 && $RUNS -le 50 ]] || die "--runs must be 1..50"
[[ $NEWMAN_RUNS =~ ^[0-9]+$ && $NEWMAN_RUNS -ge 1 && $NEWMAN_RUNS -le 50 ]] || die "--newman-runs must be 1..50"
for n in $SIZES; do
    [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 100000 ]] || die "sizes must be 1..100000 (got $n)"
done
[[ -x /usr/bin/time ]] || die "needs GNU /usr/bin/time (apt-get install -y time)"

if [[ -z $CONFORM ]]; then
    note "building conform (release)"
    (cd "$ROOT" && cargo build --release --quiet)
    CONFORM="${CARGO_TARGET_DIR:-$ROOT/target}/release/conform"
fi
[[ -x $CONFORM ]] || die "no conform binary at $CONFORM"
if [[ $NO_NEWMAN -eq 0 ]]; then
    if [[ -z $NEWMAN ]]; then
        if [[ -x /work/oracle/node_modules/.bin/newman ]]; then
            NEWMAN=/work/oracle/node_modules/.bin/newman
        else
            NEWMAN=$(command -v newman) || die "no newman: npm install newman@6.2.2 in a folder outside the repository, then --newman PATH"
        fi
    fi
fi

WORK=$(mktemp -d)
MOCK_PID=""
cleanup() {
    if [[ -n $MOCK_PID ]]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi
    if [[ $KEEP -eq 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CONFORM" mock --addr "127.0.0.1:$PORT" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/" || die "the mock did not start (see $WORK/mock.log)"

cat >"$WORK/scale.postman_collection.json" <<EOF
{
  "info": {"name": "Scale", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [{
    "name": "Unrouted path",
    "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": [
      "pm.test('the mock says 404', function () { pm.response.to.have.status(404); });"
    ]}}],
    "request": {"method": "GET", "url": "http://127.0.0.1:$PORT/iam/v1/not/routed"}
  }]
}
EOF

# One timed run: prints "wall_s cpu_s rss_kib"; fails unless the client exits 0 and says
# it ran N requests that passed.
measure() {
    local n=$1; shift
    local out="$WORK/out.txt" timing="$WORK/time.txt"
    (cd "$WORK" && /usr/bin/time -o "$timing" -f "%e %U %S %M" "$@" >"$out" 2>&1) ||
        die "failed ($*): $(tail -5 "$out")"
    case "$1" in
        *newman*) grep -Eq "^\| +requests \| +$n \| +0 \|" "$out" && grep -Eq "^\| +assertions \| +$n \| +0 \|" "$out" || die "newman did not run $n requests: $(tail -20 "$out")" ;;
        *) grep -q "^requests: $n passed; 0 failed" "$out" || die "conform did not pass $n requests: $(tail -5 "$out")" ;;
    esac
    awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}' "$timing"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Runs a client R times at size N; prints "wall cpu rss" medians.
series() {
    local runs=$1 n=$2; shift 2
    local rows=()
    for _ in $(seq "$runs"); do rows+=("$(measure "$n" "$@")"); done
    local wall cpu rss
    wall=$(printf '%s\n' "${rows[@]}" | awk '{print $1}' | median)
    cpu=$(printf '%s\n' "${rows[@]}" | awk '{print $2}' | median)
    rss=$(printf '%s\n' "${rows[@]}" | awk '{print $3}' | median)
    echo "$wall $cpu $rss"
}

LOAD_BEFORE=$(uptime)
note "load before: $LOAD_BEFORE"
declare -A R
for n in $SIZES; do
    note "n=$n conform -r cli ($RUNS runs)"
    R[cli,$n]=$(series "$RUNS" "$n" "$CONFORM" run scale.postman_collection.json -n "$n" -r cli --report-dir reports)
    note "n=$n conform default reporters ($RUNS runs)"
    R[def,$n]=$(series "$RUNS" "$n" "$CONFORM" run scale.postman_collection.json -n "$n" --report-dir reports)
    if [[ $NO_NEWMAN -eq 0 && $n -le $NEWMAN_MAX ]]; then
        note "n=$n newman ($NEWMAN_RUNS runs)"
        R[nm,$n]=$(series "$NEWMAN_RUNS" "$n" "$NEWMAN" run scale.postman_collection.json -n "$n" --disable-unicode)
    fi
done
LOAD_AFTER=$(uptime)

mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
ms() { awk -v s="$1" 'BEGIN {printf "%.0f", s * 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f×", a / b; else print "–"}'; }

echo
echo "conform $("$CONFORM" --version 2>/dev/null | head -1), one GET per iteration against \`conform mock\` (own process), medians of $RUNS (Newman: $NEWMAN_RUNS)"
echo "load before: ${LOAD_BEFORE#*load average: }; after: ${LOAD_AFTER#*load average: }"
echo
echo "| requests | conform -r cli: wall / CPU / peak RSS | conform default reporters: wall / CPU / peak RSS | Newman: wall / CPU / peak RSS | Newman / conform (default), wall | RSS |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    read -r cw cc cr <<<"${R[cli,$n]}"
    read -r dw dc dr <<<"${R[def,$n]}"
    row="| $n | $(ms "$cw") ms / $(ms "$cc") ms / $(mib "$cr") MiB | $(ms "$dw") ms / $(ms "$dc") ms / $(mib "$dr") MiB"
    if [[ -n ${R[nm,$n]:-} ]]; then
        read -r nw nc nr <<<"${R[nm,$n]}"
        row+=" | $(ms "$nw") ms / $(ms "$nc") ms / $(mib "$nr") MiB | $(ratio "$nw" "$dw") | $(ratio "$nr" "$dr") |"
    else
        row+=" | – | – | – |"
    fi
    echo "$row"
done
