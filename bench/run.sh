#!/usr/bin/env bash
# bench/run.sh: how fast and how lean `conform run` is next to Newman, Hurl and a bare reqwest loop.
#
# A benchmark, not a test: nothing in CI runs it. It:
#   1. builds conform (`cargo build --release` in the repository root) and, under bench/target,
#      the two helper programs: bench/server (the fixed-answer token server, std only) and
#      bench/reqwest-loop (the floor: the same reqwest 0.12 + rustls/ring as conform);
#   2. writes into a temporary folder a Postman v2.1 collection of N (default 1000) copies of the
#      Sahamati user token call (urlencoded POST {{host}}/iam/v1/user/token/generate with
#      username/password, and its test script that checks 200 and stores user_token), the same
#      with one request (startup time), an environment, and an equivalent .hurl file;
#   3. starts bench/server on 127.0.0.1 (any free port) pinned to CPU 1, then pins itself, and so
#      every client, to CPU 0 (unpinned, a fast client swings 4x between runs on 2 cores);
#   4. for each client: one untimed warm-up, then RUNS (default 5) timed runs of the N-request
#      collection under /usr/bin/time -v (wall time from bash's clock, peak RSS from time), then
#      RUNS runs of the one-request collection without the time wrapper (startup time).
#      Every run must exit 0 and the server must have counted exactly the expected well-formed
#      token calls, or the script stops: a fast run that sent nothing measures nothing;
#   5. prints the medians, the ratios and the issue's targets (PASS/MISS) as Markdown tables.
# Clients run inside the temporary folder, so conform finds no schemas/ folder and does the same
# work as Newman and Hurl; one extra informational row runs conform with --schemas pointing at
# the repository's schemas/ (response validation on), when that folder exists.
#
# Clients: conform (release build), Newman 6 (npm-installed into $NEWMAN_DIR, default
# ${TMPDIR:-/tmp}/conform-bench-newman, reused), Hurl (if `hurl` is on PATH; `--with-hurl`
# installs 8.0.1 with apt + cargo, about 4 minutes), reqwest-loop.
#
# Usage: bench/run.sh [--with-hurl] [--no-newman] [--runs N] [--requests N] [--conform BIN] [--keep]
#   --with-hurl    install hurl 8.0.1 first if `hurl` is missing (apt-get install -y
#                  libcurl4-openssl-dev libxml2-dev libclang-dev pkg-config; cargo install hurl@8.0.1 --locked)
#   --no-newman    skip Newman (quick iterations on conform itself)
#   --runs N       timed runs per client and measurement (1..50, default 5); the median is reported
#   --requests N   requests in the big collection (1..100000, default 1000)
#   --conform BIN  measure this binary instead of building target/release/conform
#   --keep         keep the temporary folder (collections, client outputs, time -v reports)
# Needs: cargo, node + npm (Newman), taskset (util-linux), /usr/bin/time (GNU; installed with
# apt-get if missing), curl (reads the server's counters). Talks to 127.0.0.1 only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUNS=5
REQUESTS=1000
WITH_HURL=0
NO_NEWMAN=0
KEEP=0
CONFORM=""
HURL_VERSION=8.0.1
NEWMAN_DIR=${NEWMAN_DIR:-${TMPDIR:-/tmp}/conform-bench-newman}
# Fake credentials: the server only checks that both fields are present.
USERNAME=bench@example.org
PASSWORD=bench-not-a-secret

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "== $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --with-hurl) WITH_HURL=1 ;;
        --no-newman) NO_NEWMAN=1 ;;
        --keep) KEEP=1 ;;
        --runs) RUNS=${2:-}; shift ;;
        --requests) REQUESTS=${2:-}; shift ;;
        --conform) CONFORM=${2:-}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 50 )) || die "--runs must be 1..50"
[[ "$REQUESTS" =~ ^[0-9]+$ ]] && (( REQUESTS >= 1 && REQUESTS <= 100000 )) || die "--requests must be 1..100000"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/conform-bench.XXXXXX")
SERVER_PID=""
cleanup() {
    local rc=$?
    cd /
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if (( KEEP )); then note "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
# Bash runs these once the running client returns (each run is bounded); Ctrl-C in a terminal
# also reaches the client, so it stops at once.
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- tools
command -v taskset >/dev/null || die "taskset not found (util-linux)"
command -v curl >/dev/null || die "curl not found (reads the server's counters)"
command -v node >/dev/null || die "node not found"
if [[ ! -x /usr/bin/time ]]; then
    note "installing GNU time (peak RSS)"
    apt-get install -y time >/dev/null || die "could not install GNU time"
fi
CPUS=$(nproc)
if (( CPUS >= 2 )); then CLIENT_CPU=0; SERVER_CPU=1; else CLIENT_CPU=0; SERVER_CPU=0; note "1 CPU: server and clients share it"; fi

if (( WITH_HURL )) && ! command -v hurl >/dev/null && [[ ! -x "$HOME/.cargo/bin/hurl" ]]; then
    note "installing hurl $HURL_VERSION (apt build dependencies, then cargo install; about 4 minutes)"
    apt-get update >/dev/null
    apt-get install -y libcurl4-openssl-dev libxml2-dev libclang-dev pkg-config >/dev/null
    cargo install "hurl@$HURL_VERSION" --locked
fi
# cargo install puts hurl in ~/.cargo/bin, which a non-login shell may not have on PATH.
[[ -x "$HOME/.cargo/bin/hurl" ]] && PATH="$PATH:$HOME/.cargo/bin"
HAVE_HURL=0
if command -v hurl >/dev/null; then HAVE_HURL=1; fi

# ---------------------------------------------------------------- builds
if [[ -z "$CONFORM" ]]; then
    note "building conform (release)"
    (cd "$ROOT" && cargo build --release --quiet)
    CONFORM="$ROOT/target/release/conform"
fi
[[ -x "$CONFORM" ]] || die "no conform binary at $CONFORM"
CONFORM=$(realpath "$CONFORM")
note "building bench/server and bench/reqwest-loop (release, bench/target)"
export CARGO_TARGET_DIR="$BENCH_DIR/target"
cargo build --release --quiet --manifest-path "$BENCH_DIR/server/Cargo.toml"
cargo build --release --quiet --manifest-path "$BENCH_DIR/reqwest-loop/Cargo.toml"
unset CARGO_TARGET_DIR
SERVER_BIN="$BENCH_DIR/target/release/bench-server"
LOOP_BIN="$BENCH_DIR/target/release/reqwest-loop"

if (( ! NO_NEWMAN )); then
    if [[ ! -x "$NEWMAN_DIR/node_modules/.bin/newman" ]]; then
        note "installing newman@6 into $NEWMAN_DIR"
        mkdir -p "$NEWMAN_DIR"
        (cd "$NEWMAN_DIR" && npm install --silent --no-audit --no-fund newman@6 >/dev/null)
    fi
    NEWMAN_JS="$NEWMAN_DIR/node_modules/newman/bin/newman.js"
    [[ -f "$NEWMAN_JS" ]] || die "newman did not install into $NEWMAN_DIR"
fi

# ---------------------------------------------------------------- server
note "starting bench/server on 127.0.0.1, CPU $SERVER_CPU"
taskset -c "$SERVER_CPU" "$SERVER_BIN" 0 >"$WORK/server.port" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do
    [[ -s "$WORK/server.port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(cat "$WORK/server.err")"
    sleep 0.05
done
PORT=$(head -n1 "$WORK/server.port")
[[ "$PORT" =~ ^[0-9]+$ ]] || die "server did not report its port"
HOST="http://127.0.0.1:$PORT"

# Everything started from here on (clients, time, node) inherits CPU $CLIENT_CPU.
taskset -cp "$CLIENT_CPU" $$ >/dev/null

# ---------------------------------------------------------------- inputs
cat >"$WORK/gen.js" <<'JS'
// Writes the N-request collection, the one-request collection, the environment and the .hurl file.
const fs = require("fs");
const [n, dir, host, username, password] = process.argv.slice(2);
const test = [
  'pm.test("Token generate - Success", function() {',
  "    pm.response.to.have.status(200);",
  "});",
  "",
  "if (pm.response.code == 200) {",
  '    pm.environment.set("user_token", pm.response.json().accessToken);',
  "}",
];
const item = (i) => ({
  name: `User Token ${String(i).padStart(5, "0")}`,
  event: [{ listen: "test", script: { type: "text/javascript", exec: test } }],
  request: {
    method: "POST",
    header: [{ key: "Content-Type", value: "application/x-www-form-urlencoded" }],
    body: {
      mode: "urlencoded",
      urlencoded: [
        { key: "username", value: "{{username}}", type: "text" },
        { key: "password", value: "{{password}}", type: "text" },
      ],
    },
    url: "{{host}}/iam/v1/user/token/generate",
  },
  response: [],
});
const collection = (count, name) => ({
  info: {
    name,
    schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
  },
  item: Array.from({ length: count }, (_, i) => item(i + 1)),
});
fs.writeFileSync(`${dir}/tokens.postman_collection.json`, JSON.stringify(collection(+n, "bench tokens")));
fs.writeFileSync(`${dir}/one.postman_collection.json`, JSON.stringify(collection(1, "bench one")));
fs.writeFileSync(`${dir}/bench.postman_environment.json`, JSON.stringify({
  name: "bench",
  values: [
    { key: "host", value: host, type: "default", enabled: true },
    { key: "username", value: username, type: "default", enabled: true },
    { key: "password", value: password, type: "secret", enabled: true },
    { key: "user_token", value: "", type: "secret", enabled: true },
  ],
}));
const entry = [
  "POST {{host}}/iam/v1/user/token/generate",
  "[FormParams]",
  "username: {{username}}",
  "password: {{password}}",
  "HTTP 200",
  "[Captures]",
  'user_token: jsonpath "$.accessToken"',
  "",
].join("\n");
fs.writeFileSync(`${dir}/tokens.hurl`, Array(+n).fill(entry).join("\n"));
fs.writeFileSync(`${dir}/one.hurl`, entry);
JS
node "$WORK/gen.js" "$REQUESTS" "$WORK" "$HOST" "$USERNAME" "$PASSWORD"

# ---------------------------------------------------------------- clients
# Each client is a function reading the collection stem ("tokens" or "one") and the request
# count from STEM and COUNT; the measuring code adds /usr/bin/time in front where it wants RSS.
# Clients run in $WORK, so conform does not pick up a schemas/ folder from the caller's
# directory: the main rows do the same work as Newman and Hurl (status check + token capture).
cd "$WORK"
# --reporters cli: Newman's default reporter is its console alone; conform's default also writes
# junit.xml and report.json, which is work the other clients do not do.
run_conform() { "$@" "$CONFORM" run "$WORK/$STEM.postman_collection.json" -e "$WORK/bench.postman_environment.json" --reporters cli; }
# Informational: the same run checking every response against the repository's derived schemas.
run_conform_schemas() { "$@" "$CONFORM" run "$WORK/$STEM.postman_collection.json" -e "$WORK/bench.postman_environment.json" --schemas "$ROOT/schemas" --reporters cli; }
run_newman() { "$@" node "$NEWMAN_JS" run "$WORK/$STEM.postman_collection.json" -e "$WORK/bench.postman_environment.json" --color off; }
run_hurl() { "$@" hurl --test --no-color --variable "host=$HOST" --variable "username=$USERNAME" --variable "password=$PASSWORD" "$WORK/$STEM.hurl"; }
run_loop() { "$@" "$LOOP_BIN" "$HOST/iam/v1/user/token/generate" "$COUNT" "$USERNAME" "$PASSWORD"; }

stats() { curl -s --max-time 5 "$HOST/__stats"; }
ok_count() { stats | sed -n 's/^ok=\([0-9]*\) bad=.*/\1/p'; }
bad_count() { stats | sed -n 's/.* bad=\([0-9]*\)$/\1/p'; }
now_us() { local t=${EPOCHREALTIME/./}; echo "$((10#$t))"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }

# one CLIENT STEM COUNT TIMED TAG: one run; checks exit status and the server's counters;
# prints the wall time in ms (and, if TIMED, leaves the time -v report in $WORK/TAG.time).
one() {
    local client=$1 tag=$5 before after bad_before t0 t1 rc=0
    STEM=$2 COUNT=$3
    before=$(ok_count); bad_before=$(bad_count)
    t0=$(now_us)
    if (( $4 )); then
        "run_$client" /usr/bin/time -v -o "$WORK/$tag.time" >"$WORK/$tag.out" 2>&1 || rc=$?
    else
        "run_$client" >"$WORK/$tag.out" 2>&1 || rc=$?
    fi
    t1=$(now_us)
    after=$(ok_count)
    if (( rc != 0 )); then
        tail -n 5 "$WORK/$tag.out" >&2
        die "$client ($tag) exited $rc; its output is $WORK/$tag.out (kept only with --keep)"
    fi
    (( after - before == COUNT )) || die "$client ($tag): server answered $((after - before)) token calls, expected $COUNT"
    (( $(bad_count) == bad_before )) || die "$client ($tag): server saw malformed requests"
    awk -v d=$((t1 - t0)) 'BEGIN {printf "%.2f\n", d / 1000}'
}

declare -A WALL RSS START WALLS CPU
measure() {
    local client=$1 i walls="" rss="" starts="" cpu=""
    note "$client: warm-up, $RUNS x $REQUESTS requests, $RUNS x 1 request"
    one "$client" one 1 0 "$client-warm" >/dev/null
    for i in $(seq 1 "$RUNS"); do
        walls+="$(one "$client" tokens "$REQUESTS" 1 "$client-$i") "
        rss+="$(awk '/Maximum resident set size/ {print $NF}' "$WORK/$client-$i.time") "
        cpu+="$(awk '/User time|System time/ {s += $NF} END {printf "%.0f", s * 1000}' "$WORK/$client-$i.time") "
    done
    for i in $(seq 1 "$RUNS"); do
        starts+="$(one "$client" one 1 0 "$client-one-$i") "
    done
    WALLS[$client]=$walls
    WALL[$client]=$(tr ' ' '\n' <<<"$walls" | grep . | median)
    RSS[$client]=$(tr ' ' '\n' <<<"$rss" | grep . | median)
    CPU[$client]=$(tr ' ' '\n' <<<"$cpu" | grep . | median)
    START[$client]=$(tr ' ' '\n' <<<"$starts" | grep . | median)
    note "$client: wall ms [${walls% }], median ${WALL[$client]} ms; peak RSS median $(awk -v k="${RSS[$client]}" 'BEGIN {printf "%.1f", k/1024}') MiB; 1-request median ${START[$client]} ms"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CLIENTS=(conform)
[[ -f "$ROOT/schemas/sahamati-iam/index.json" ]] && CLIENTS+=(conform_schemas)
(( NO_NEWMAN )) || CLIENTS+=(newman)
(( HAVE_HURL )) && CLIENTS+=(hurl)
CLIENTS+=(loop)
for c in "${CLIENTS[@]}"; do measure "$c"; done

# ---------------------------------------------------------------- report
version() {
    case $1 in
        conform) echo "conform $("$CONFORM" --version 2>/dev/null | awk '{print $2}')" ;;
        conform_schemas) echo "conform, --schemas schemas/ (info)" ;;
        newman) echo "newman $(node "$NEWMAN_JS" --version)" ;;
        hurl) hurl --version | head -n1 | awk '{print $1, $2}' ;;
        loop) echo "reqwest-loop (reqwest $(grep -A1 '^name = "reqwest"$' "$BENCH_DIR/reqwest-loop/Cargo.lock" | sed -n 's/version = "\(.*\)"/\1/p'))" ;;
    esac
}
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}'; }
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=" ? v >= t : op == ">" ? v > t : op == "<=" ? v <= t : v < t); print ok ? "PASS" : "MISS"}'; }

echo
echo "conform benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $CPUS CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
echo "server bench/server (Rust, std only) on CPU $SERVER_CPU, clients on CPU $CLIENT_CPU; $REQUESTS sequential token POSTs; median of $RUNS runs"
echo
echo "load average before the runs: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| client | $REQUESTS requests, wall (median) | per request | CPU user+sys (median) | peak RSS (median) | 1-request run (median) |"
echo "|---|---:|---:|---:|---:|---:|"
for c in "${CLIENTS[@]}"; do
    per=$(awk -v w="${WALL[$c]}" -v n="$REQUESTS" 'BEGIN {printf "%.1f", w * 1000 / n}')
    echo "| $(version "$c") | ${WALL[$c]} ms | $per µs | ${CPU[$c]} ms | $(mib "${RSS[$c]}") MiB | ${START[$c]} ms |"
done
echo
echo "| measure | value (wall) | target | | same ratio on CPU user+sys |"
echo "|---|---:|---|---|---:|"
if (( ! NO_NEWMAN )); then
    r=$(ratio "${WALL[newman]}" "${WALL[conform]}")
    echo "| Newman / conform | ${r}× | ≥ 100× | $(verdict "$r" ">=" 100) | $(ratio "${CPU[newman]}" "${CPU[conform]}")× |"
else
    echo "| Newman / conform | not run (--no-newman) | ≥ 100× | | |"
fi
if (( HAVE_HURL )); then
    r=$(ratio "${WALL[hurl]}" "${WALL[conform]}")
    echo "| Hurl / conform | ${r}× | > 1× (conform faster) | $(verdict "$r" ">" 1) | $(ratio "${CPU[hurl]}" "${CPU[conform]}")× |"
else
    echo "| Hurl / conform | not run (no hurl on PATH; --with-hurl installs it) | > 1× | | |"
fi
r=$(ratio "${WALL[conform]}" "${WALL[loop]}")
echo "| conform / reqwest-loop | ${r}× | ≤ 1.5× | $(verdict "$r" "<=" 1.5) | $(ratio "${CPU[conform]}" "${CPU[loop]}")× |"
m=$(mib "${RSS[conform]}")
echo "| conform peak RSS ($REQUESTS requests) | $m MiB | < 20 MiB | $(verdict "$m" "<" 20) | |"
echo "| conform 1-request collection | ${START[conform]} ms | < 10 ms | $(verdict "${START[conform]}" "<" 10) | |"
