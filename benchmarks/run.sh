#!/usr/bin/env bash
# QueryLens overhead benchmarks: no agent vs QueryLens vs the OpenTelemetry Java agent, side by side.
#
#   bash benchmarks/run.sh            the measurement (about 85 minutes on 2 CPUs)
#   bash benchmarks/run.sh --quick    a smoke run of the harness (under 2 minutes; figures mean nothing)
#
# Parts, each alternating the JVM configurations round by round (one JVM per configuration per round),
# except inplace, rowsinplace and loadinplace, which switch QueryLens on and off inside one JVM:
#   statements  JMH JdbcStatementBenchmark: ns and bytes per statement (-prof gc)
#   rows        JMH ResultRowsBenchmark: ns per row of a 2,000-row result read with next() and three getters
#   cpu         StatementCpu: the same workload's thread CPU time per statement (stolen time not counted)
#   inplace     InPlaceCpu: QueryLens's own work per statement, its sink switched on and off in one JVM
#   rowsinplace InPlaceCpu rows: the same per row of the rows part's query
#   rowspooled  PooledRowsCpu: the rows part's query through a HikariCP pool, thread CPU time per row
#   startup     StartupApp: JVM start to first query
#   memory      MemoryApp: heap the agent holds after 1M statements over 100k fingerprints, then 1M unique literals
#   load        the demo under its load driver: throughput, p50/p95/p99 (skipped if the demo jar is missing);
#               a round keeps one demo JVM per configuration alive and visits them in turn, in cycles
#   loadinplace LoadInPlace: the demo and its driver in one JVM with QueryLens, its sinks switched off and on
#               in alternating phases: request-thread CPU and p50/p95/p99 with and without QueryLens's work
# Configurations: none, noop-agent (a do-nothing -javaagent: the JVM's own cost of any agent), querylens, otel
# (no export), querylens-export, otel-export (OTLP/HTTP to a local sink).
#
# It builds nothing; build first with:
#   mvn -q -DskipTests package
# The comparison is printed and written to benchmarks/target/results.md; raw results and logs stay in
# benchmarks/target/bench-results/ (RESULTS_DIR moves both: the build's smoke test writes elsewhere).
#
# Environment overrides: JAVA, RESULTS_DIR, QL_JAR, OTEL_JAR, DEMO_JAR, CONFIGS, STARTUP_CONFIGS, MEMORY_CONFIGS, LOAD_CONFIGS, PARTS, ROUNDS, JMH_WARMUP, JMH_ITERATIONS, STARTUP_ROUNDS,
# ROWS_CONFIGS, ROWS_ROUNDS, CPU_CONFIGS, CPU_ROUNDS, CPU_WARMUP, CPU_REPS, CPU_STATEMENTS, INPLACE_ROUNDS, INPLACE_PAIRS, INPLACE_STATEMENTS,
# ROWSINPLACE_ROUNDS, ROWSINPLACE_PAIRS, ROWSINPLACE_QUERIES, ROWSPOOLED_CONFIGS, ROWSPOOLED_ROUNDS, ROWSPOOLED_WARMUP,
# ROWSPOOLED_REPS, ROWSPOOLED_QUERIES,
# LOADINPLACE_WARMUP, LOADINPLACE_PHASE (seconds), LOADINPLACE_PAIRS, MEMORY_ROUNDS, MEMORY_STATEMENTS, MEMORY_FINGERPRINTS, LOAD_ROUNDS, LOAD_WARMUP, LOAD_CYCLES,
# LOAD_SOLO_WARMUP, LOAD_PHASE_WARMUP, LOAD_DURATION, LOAD_THREADS, LOAD_RATE,
# LOAD_HEAP (the heap options of the demo's and the load driver's JVMs in both load parts; default -Xms1g -Xmx1g)
# (requests per second on a fixed schedule, latency counted from each request's scheduled start; 0 = as fast as
# the clients can, which measures the saturated server's queue rather than the time a request takes).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
JAVA=${JAVA:-java}
BENCH_JAR=$here/target/benchmarks.jar
OTEL_JAR=${OTEL_JAR:-$here/target/agents/opentelemetry-javaagent.jar}
QL_JAR=${QL_JAR:-$root/agent/target/querylens-agent.jar}
DEMO_JAR=${DEMO_JAR:-$root/demo/target/querylens-demo.jar}
RESULTS_DIR=${RESULTS_DIR:-$here/target}
OUT=$RESULTS_DIR/bench-results
BUILD_COMMAND="mvn -q -DskipTests package"

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bash benchmarks/run.sh [--quick]" >&2; exit 2 ;;
esac

: "${CONFIGS:=none noop-agent querylens otel querylens-export otel-export}"
no_export=$(for c in $CONFIGS; do [[ $c == *-export ]] || echo -n "$c "; done)
# the do-nothing agent tells the JVM's own cost of an agent apart: per statement and start-up, not memory or load
agents_only=$(for c in $CONFIGS; do [[ $c == *-export || $c == noop-agent ]] || echo -n "$c "; done)
if [[ $mode == quick ]]; then
  : "${ROUNDS:=1}" "${JMH_WARMUP:=1}" "${JMH_ITERATIONS:=1}" "${STARTUP_ROUNDS:=1}" "${STARTUP_WARM_ROUND:=0}"
  : "${MEMORY_ROUNDS:=1}" "${MEMORY_STATEMENTS:=10000}" "${MEMORY_FINGERPRINTS:=1000}"
  : "${LOAD_ROUNDS:=1}" "${LOAD_WARMUP:=0}" "${LOAD_DURATION:=5s}" "${LOAD_THREADS:=2}" "${LOAD_RATE:=0}"
  : "${LOAD_CYCLES:=1}" "${LOAD_PHASE_WARMUP:=0}" "${LOAD_SOLO_WARMUP:=0}"
  # the export configurations are exercised by the per-statement part; the other parts leave them out
  : "${STARTUP_CONFIGS:=$no_export}" "${MEMORY_CONFIGS:=$agents_only}" "${LOAD_CONFIGS:=$agents_only}"
  : "${CPU_ROUNDS:=1}" "${CPU_WARMUP:=3000}" "${CPU_REPS:=2}" "${CPU_STATEMENTS:=3000}"
  : "${INPLACE_ROUNDS:=1}" "${INPLACE_PAIRS:=2}" "${INPLACE_STATEMENTS:=3000}"
  : "${ROWSINPLACE_ROUNDS:=1}" "${ROWSINPLACE_PAIRS:=2}" "${ROWSINPLACE_QUERIES:=5}"
  : "${ROWSPOOLED_ROUNDS:=1}" "${ROWSPOOLED_WARMUP:=20}" "${ROWSPOOLED_REPS:=2}" "${ROWSPOOLED_QUERIES:=5}"
  : "${ROWS_ROUNDS:=1}" "${LOADINPLACE_WARMUP:=3}" "${LOADINPLACE_PHASE:=2}" "${LOADINPLACE_PAIRS:=1}"
else
  : "${ROUNDS:=5}" "${JMH_WARMUP:=15}" "${JMH_ITERATIONS:=10}" "${STARTUP_ROUNDS:=10}" "${STARTUP_WARM_ROUND:=1}"
  : "${MEMORY_ROUNDS:=2}" "${MEMORY_STATEMENTS:=1000000}" "${MEMORY_FINGERPRINTS:=100000}"
  # a minute's warm-up: on 2 CPUs the demo's JIT still compiled 30-40 methods a second 15-45 s after its
  # start (a sixth of a CPU, with or without an agent), and ~5 a second after 60 s
  # a round takes about 3.5 minutes with three configurations: rounds, not minutes, resolve the p95 (see the
  # load part below)
  : "${LOAD_ROUNDS:=12}" "${LOAD_WARMUP:=60s}" "${LOAD_DURATION:=10s}" "${LOAD_THREADS:=4}" "${LOAD_RATE:=300}"
  : "${LOAD_CYCLES:=2}" "${LOAD_PHASE_WARMUP:=3s}"
  # the round's demos share the 2 CPUs while they warm up together, each driven at the full rate, and a
  # minute of that left every one's first measured cycle ~20% slower than its second (3 configurations):
  # each is then driven alone for LOAD_SOLO_WARMUP before anything is measured
  : "${LOAD_SOLO_WARMUP:=20s}"
  : "${CPU_ROUNDS:=5}" "${CPU_WARMUP:=600000}" "${CPU_REPS:=8}" "${CPU_STATEMENTS:=60000}"
  : "${INPLACE_ROUNDS:=5}" "${INPLACE_PAIRS:=20}" "${INPLACE_STATEMENTS:=30000}"
  # 500 queries of 2,000 rows a phase: about 40 ms; 15,000 queries of warm-up compile the per-query hooks too
  : "${ROWSINPLACE_ROUNDS:=10}" "${ROWSINPLACE_PAIRS:=20}" "${ROWSINPLACE_QUERIES:=500}"
  # 10,000 queries of warm-up (20 million rows) compile the loop and the pool's proxies; 12 rounds of 300
  : "${ROWSPOOLED_ROUNDS:=5}" "${ROWSPOOLED_WARMUP:=10000}" "${ROWSPOOLED_REPS:=12}" "${ROWSPOOLED_QUERIES:=300}"
  : "${ROWS_ROUNDS:=5}" "${LOADINPLACE_WARMUP:=60}" "${LOADINPLACE_PHASE:=10}" "${LOADINPLACE_PAIRS:=16}"
fi
: "${CPU_CONFIGS:=$no_export}" "${ROWS_CONFIGS:=$agents_only}"
: "${ROWSPOOLED_CONFIGS:=$ROWS_CONFIGS}"
# A fixed heap for the demo and its driver, as the other parts have: left to itself, G1 kept the demo at 132 MB
# and paused it for 3-6 ms every 0.7 s under this load, so about one request in a hundred waited for a
# collection, the p95 moved with each JVM's heap sizing, and each driver's own pauses were counted as latency
: "${LOAD_HEAP:=-Xms1g -Xmx1g}"
: "${STARTUP_CONFIGS:=$CONFIGS}" "${MEMORY_CONFIGS:=$agents_only}" "${LOAD_CONFIGS:=$agents_only}"
: "${PARTS:=statements rows cpu inplace rowsinplace rowspooled startup memory load loadinplace}"

# --- preconditions ---------------------------------------------------------------------------------------
missing=0
need_jar() {
  if [[ ! -f $1 ]]; then
    echo "missing $1" >&2
    missing=1
  fi
}
need_jar "$BENCH_JAR"
all_configs=" $CONFIGS $ROWS_CONFIGS $ROWSPOOLED_CONFIGS $CPU_CONFIGS $STARTUP_CONFIGS $MEMORY_CONFIGS $LOAD_CONFIGS "
[[ $all_configs == *" otel"* ]] && need_jar "$OTEL_JAR"
[[ $all_configs == *" querylens"* || " $PARTS " == *" inplace "* || " $PARTS " == *" loadinplace "* ]] && need_jar "$QL_JAR"
if [[ $missing == 1 ]]; then
  echo "build first, from $root:  $BUILD_COMMAND" >&2
  exit 1
fi
if [[ -n ${JAVA_TOOL_OPTIONS:-} || -n ${JDK_JAVA_OPTIONS:-} ]]; then
  echo "JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS would reach every JVM of the comparison; unset them" >&2
  exit 1
fi
# Every JVM gets its OpenTelemetry settings as -D properties below; inherited OTEL_*/QUERYLENS_* variables
# (a real collector's endpoint, say) would otherwise leak into some configurations.
for v in $(compgen -e | grep -E '^(OTEL_|QUERYLENS_)' || true); do
  echo "note: ignoring $v from the environment"
  unset "$v"
done

rm -rf "$OUT"
mkdir -p "$OUT/logs"
failures=()
notes=()
started=$SECONDS
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# --- configurations --------------------------------------------------------------------------------------
SINK_URL=
otel_props() { # none | otlp
  local p="-Dotel.service.name=querylens-bench -Dotel.logs.exporter=none"
  if [[ $1 == otlp ]]; then
    p+=" -Dotel.traces.exporter=otlp -Dotel.metrics.exporter=otlp -Dotel.exporter.otlp.protocol=http/protobuf"
    p+=" -Dotel.exporter.otlp.endpoint=$SINK_URL"
  else
    p+=" -Dotel.traces.exporter=none -Dotel.metrics.exporter=none"
  fi
  echo "$p"
}
agent_args() { # configuration -> JVM arguments (space separated; paths must not contain spaces)
  case $1 in
    none) echo "" ;;
    noop-agent) echo "-javaagent:$BENCH_JAR $(otel_props none)" ;;
    querylens) echo "-javaagent:$QL_JAR $(otel_props none)" ;;
    querylens-export) echo "-javaagent:$QL_JAR $(otel_props otlp)" ;;
    otel) echo "-javaagent:$OTEL_JAR $(otel_props none)" ;;
    otel-export) echo "-javaagent:$OTEL_JAR $(otel_props otlp)" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}
# The configurations of round $1, rotated so that no configuration always runs first (or right after GC-heavy
# neighbours): round 1 starts with the first, round 2 with the second, ...
rotation() {
  local -a cfgs=($2)
  local n=${#cfgs[@]} i
  for ((i = 0; i < n; i++)); do
    echo -n "${cfgs[$(( (i + $1 - 1) % n ))]} "
  done
}
failed() {
  failures+=("$1")
  echo "  FAILED: $1 (see $2)"
}

if [[ $all_configs == *"-export "* ]]; then
  "$JAVA" -cp "$BENCH_JAR" io.querylens.bench.OtlpSink > "$OUT/logs/otlp-sink.log" 2>&1 &
  SINK_PID=$!
  pids+=("$SINK_PID")
  for _ in $(seq 100); do
    SINK_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$OUT/logs/otlp-sink.log" || true)
    [[ -n $SINK_URL ]] && break
    sleep 0.1
  done
  [[ -n $SINK_URL ]] || { echo "OTLP sink did not start, see $OUT/logs/otlp-sink.log" >&2; exit 1; }
  echo "OTLP sink at $SINK_URL"
fi

echo "mode: $mode; configurations: $CONFIGS; parts: $PARTS"
echo "$("$JAVA" -cp "$BENCH_JAR" io.querylens.bench.Machine)"

# --- 1. per statement (JMH) ------------------------------------------------------------------------------
# One JMH fork of benchmark $1 in configuration $2, its JSON to $3 and its output to $4; the rest goes to JMH.
run_jmh() {
  local bench=$1 cfg=$2 json=$3 log=$4
  shift 4
  "$JAVA" -jar "$BENCH_JAR" "$bench" -f 1 -wi "$JMH_WARMUP" -w 1s -i "$JMH_ITERATIONS" -r 1s "$@" \
    -rf json -rff "$json" -jvmArgsAppend "-Xms1g -Xmx1g $(agent_args "$cfg")" > "$log" 2>&1
}
# The score of the line for $1 in JMH output $2: the field before the unit, or before "± error" when there is
# one (the Cnt and Error columns are blank for one iteration).
jmh_score() {
  awk -v b="$1" 'function score() { for (i = 3; i <= NF; i++) if ($i ~ /\/op$/) return $(i - 2) == "±" ? $(i - 3) : $(i - 1) }
    $1 == b { print score() }' "$2"
}
jmh_settings="1 fork per configuration per round, $ROUNDS round(s), warm-up ${JMH_WARMUP}×1 s, measurement ${JMH_ITERATIONS}×1 s, -Xms1g -Xmx1g"
if [[ " $PARTS " == *" statements "* ]]; then
  echo "== per statement: $jmh_settings"
  for r in $(seq 1 "$ROUNDS"); do
    for cfg in $(rotation "$r" "$CONFIGS"); do
      log=$OUT/logs/jmh-$cfg-r$r.log
      if run_jmh 'io.querylens.bench.JdbcStatementBenchmark.transaction' "$cfg" "$OUT/jmh-$cfg-r$r.json" "$log" -prof gc; then
        printf '  round %s %-17s %10s ns/statement %8s B/statement\n' "$r" "$cfg" \
          "$(jmh_score JdbcStatementBenchmark.transaction "$log")" \
          "$(jmh_score JdbcStatementBenchmark.transaction:gc.alloc.rate.norm "$log")"
      else
        rm -f "$OUT/jmh-$cfg-r$r.json"
        failed "per statement, $cfg, round $r" "$log"
      fi
    done
  done
fi

# --- 1a. per row of a large result (JMH) ------------------------------------------------------------------
rows_settings="1 fork per configuration per round, $ROWS_ROUNDS round(s), warm-up ${JMH_WARMUP}×1 s, measurement ${JMH_ITERATIONS}×1 s, -Xms1g -Xmx1g"
if [[ " $PARTS " == *" rows "* ]]; then
  echo "== per row of a large result: $rows_settings"
  for r in $(seq 1 "$ROWS_ROUNDS"); do
    for cfg in $(rotation "$r" "$ROWS_CONFIGS"); do
      log=$OUT/logs/rows-$cfg-r$r.log
      if run_jmh 'io.querylens.bench.ResultRowsBenchmark.rows' "$cfg" "$OUT/rows-$cfg-r$r.json" "$log"; then
        printf '  round %s %-17s %8s ns/row\n' "$r" "$cfg" "$(jmh_score ResultRowsBenchmark.rows "$log")"
      else
        rm -f "$OUT/rows-$cfg-r$r.json"
        failed "per row, $cfg, round $r" "$log"
      fi
    done
  done
fi

# --- 1b. thread CPU time per statement ------------------------------------------------------------------
# run_cpu PART CONFIGS ROUNDS LABEL UNIT CLASS KEY ARGS...: io.querylens.bench.CLASS ARGS in one JVM per configuration
# per round (rotated); its line "KEY=N" goes to PART.tsv as "CFG rR N"
run_cpu() {
  local part=$1 configs=$2 rounds=$3 label=$4 unit=$5 class=$6 key=$7 r cfg log ns
  shift 7
  : > "$OUT/$part.tsv"
  for r in $(seq 1 "$rounds"); do
    for cfg in $(rotation "$r" "$configs"); do
      log=$OUT/logs/$part-$cfg-r$r.log
      # shellcheck disable=SC2046
      if "$JAVA" -Xms1g -Xmx1g $(agent_args "$cfg") -cp "$BENCH_JAR" "io.querylens.bench.$class" "$@" > "$log" 2>&1; then
        ns=$(sed -n "s/^$key=\([0-9.]*\).*/\1/p" "$log")
        if [[ -n $ns ]]; then
          echo "$cfg r$r $ns" >> "$OUT/$part.tsv"
          printf '  round %s %-17s %6s %s\n' "$r" "$cfg" "$ns" "$unit"
        fi
      else
        failed "$label, $cfg, round $r" "$log"
      fi
    done
  done
}
if [[ " $PARTS " == *" cpu "* ]]; then
  echo "== thread CPU time per statement: $CPU_ROUNDS round(s), best of $CPU_REPS × $CPU_STATEMENTS statements after $CPU_WARMUP"
  run_cpu cpu "$CPU_CONFIGS" "$CPU_ROUNDS" "thread CPU time" ns/statement StatementCpu cpu_ns_per_statement \
    "$CPU_WARMUP" "$CPU_REPS" "$CPU_STATEMENTS"
fi

# --- 1c/1d. QueryLens's own work per statement and per row, switched on and off in one JVM ------------------
# run_inplace PART ROUNDS UNIT ARGS...: InPlaceCpu ARGS in ROUNDS JVMs; its line "<prefix>on_ns=N <prefix>off_ns=N
# <prefix>added_ns=N" (inplace_ or inplace_rows_) goes to PART.tsv as "querylens rR ON OFF ADDED"
run_inplace() {
  local part=$1 rounds=$2 unit=$3 r log line on off added
  shift 3
  : > "$OUT/$part.tsv"
  for r in $(seq 1 "$rounds"); do
    log=$OUT/logs/$part-r$r.log
    line=""
    # shellcheck disable=SC2046
    if "$JAVA" -Xms1g -Xmx1g $(agent_args querylens) -cp "$BENCH_JAR" io.querylens.bench.InPlaceCpu "$@" > "$log" 2>&1; then
      line=$(sed -n 's/^inplace_[a-z_]*on_ns=\([0-9.]*\) inplace_[a-z_]*off_ns=\([0-9.]*\) inplace_[a-z_]*added_ns=\(-\{0,1\}[0-9.]*\).*/\1 \2 \3/p' "$log")
    fi
    if [[ -n $line ]]; then
      echo "querylens r$r $line" >> "$OUT/$part.tsv"
      read -r on off added <<< "$line"
      printf '  round %s on %6s off %6s added %6s %s\n' "$r" "$on" "$off" "$added" "$unit"
    else
      failed "QueryLens on and off ($part), round $r" "$log"
    fi
  done
}
if [[ " $PARTS " == *" inplace "* ]]; then
  echo "== QueryLens on and off in one JVM: $INPLACE_ROUNDS JVM(s), $INPLACE_PAIRS pairs of $INPLACE_STATEMENTS statements each"
  run_inplace inplace "$INPLACE_ROUNDS" ns/statement "$INPLACE_PAIRS" "$INPLACE_STATEMENTS"
fi
if [[ " $PARTS " == *" rowsinplace "* ]]; then
  echo "== QueryLens on and off in one JVM, per row: $ROWSINPLACE_ROUNDS JVM(s), $ROWSINPLACE_PAIRS pairs of $ROWSINPLACE_QUERIES queries each"
  run_inplace rowsinplace "$ROWSINPLACE_ROUNDS" ns/row "$ROWSINPLACE_PAIRS" "$ROWSINPLACE_QUERIES" rows
fi

# --- 1e. per row through a connection pool, thread CPU time ------------------------------------------------
if [[ " $PARTS " == *" rowspooled "* ]]; then
  echo "== per row through a pool: $ROWSPOOLED_ROUNDS round(s), best of $ROWSPOOLED_REPS × $ROWSPOOLED_QUERIES queries after $ROWSPOOLED_WARMUP"
  run_cpu rowspooled "$ROWSPOOLED_CONFIGS" "$ROWSPOOLED_ROUNDS" "per row through a pool" ns/row PooledRowsCpu \
    cpu_ns_per_row "$ROWSPOOLED_WARMUP" "$ROWSPOOLED_REPS" "$ROWSPOOLED_QUERIES"
fi

# --- 2. start-up -----------------------------------------------------------------------------------------
if [[ " $PARTS " == *" startup "* ]]; then
  echo "== start-up: $STARTUP_ROUNDS round(s)$([[ $STARTUP_WARM_ROUND == 1 ]] && echo ', after an unmeasured round 0 that warms the file cache')"
  : > "$OUT/startup.tsv"
  for r in $(seq $(( 1 - STARTUP_WARM_ROUND )) "$STARTUP_ROUNDS"); do
    for cfg in $(rotation "$((r + 1))" "$STARTUP_CONFIGS"); do
      log=$OUT/logs/startup-$cfg-r$r.log
      # shellcheck disable=SC2046
      if "$JAVA" $(agent_args "$cfg") -cp "$BENCH_JAR" io.querylens.bench.StartupApp > "$log" 2>&1; then
        ms=$(sed -n 's/^first_query_ms=\([0-9]*\).*/\1/p' "$log")
        if [[ $r -gt 0 && -n $ms ]]; then
          echo "$cfg r$r $ms" >> "$OUT/startup.tsv"
          printf '  round %s %-17s %6s ms\n' "$r" "$cfg" "$ms"
        fi
      else
        failed "start-up, $cfg, round $r" "$log"
      fi
    done
  done
fi

# --- 3. memory -------------------------------------------------------------------------------------------
memory_settings="$MEMORY_STATEMENTS statements over $MEMORY_FINGERPRINTS fingerprints, then $MEMORY_STATEMENTS with unique literals, $MEMORY_ROUNDS round(s), -Xmx1g"
if [[ " $PARTS " == *" memory "* ]]; then
  echo "== memory: $memory_settings"
  : > "$OUT/memory.tsv"
  for r in $(seq 1 "$MEMORY_ROUNDS"); do
    for cfg in $(rotation "$r" "$MEMORY_CONFIGS"); do
      log=$OUT/logs/memory-$cfg-r$r.log
      # shellcheck disable=SC2046
      if "$JAVA" -Xmx1g $(agent_args "$cfg") -cp "$BENCH_JAR" io.querylens.bench.MemoryApp \
          --statements="$MEMORY_STATEMENTS" --fingerprints="$MEMORY_FINGERPRINTS" > "$log" 2>&1; then
        awk -v cfg="$cfg" -v r="r$r" '$1 == "memory" {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            print cfg, r, v["phase"], v["used_bytes"], v["querylens_class_bytes"], v["otel_class_bytes"]
          }' "$log" >> "$OUT/memory.tsv"
        awk -v cfg="$cfg" -v r="$r" '$1 == "memory" { split($2, p, "="); split($3, u, "=");
            printf "  round %s %-17s %-13s %8.1f MB used\n", r, cfg, p[2], u[2] / 1e6 }' "$log"
      else
        failed "memory, $cfg, round $r" "$log"
      fi
    done
  done
fi

# --- 4. under load ---------------------------------------------------------------------------------------
# A round is one live demo JVM per configuration, started and warmed up together (LOAD_WARMUP), then each
# alone in turn (LOAD_SOLO_WARMUP), then measured in turn: LOAD_CYCLES cycles, each visiting every demo with
# a fresh driver (LOAD_PHASE_WARMUP of its own warm-up, then LOAD_DURATION measured), the order rotating, so
# that one round's configurations are compared within a minute of each other. Two JVMs of one configuration keep an offset of several percent for as long as they
# run, so the verdict needs many rounds (pairs of JVMs) far more than long phases.
load_rate_arg=
[[ $LOAD_RATE != 0 ]] && load_rate_arg="--rate=$LOAD_RATE"
load_settings="LoadDriver --mix=clean --threads=$LOAD_THREADS${load_rate_arg:+ $load_rate_arg}; $LOAD_ROUNDS round(s) of live demo JVMs, one per configuration, warmed up together for ${LOAD_WARMUP} and then alone for ${LOAD_SOLO_WARMUP} each, then $LOAD_CYCLES cycle(s) visiting each in turn with a fresh driver (its own warm-up ${LOAD_PHASE_WARMUP}, measured ${LOAD_DURATION}); ${LOAD_HEAP:-default heap}"
load_skipped=
declare -A demo_pid demo_url
start_demo() { # cfg round: the demo's pid and URL in demo_pid/demo_url, or neither when it did not start
  local cfg=$1 r=$2 log=$OUT/logs/load-$1-r$2.log.demo url= demo
  # shellcheck disable=SC2046,SC2086
  "$JAVA" $LOAD_HEAP $(agent_args "$cfg") -cp "$DEMO_JAR" io.querylens.demo.ShopApplication --port=0 > "$log" 2>&1 &
  demo=$!
  pids+=("$demo")
  for _ in $(seq 600); do
    url=$(grep -o 'demo listening on http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | head -1 | sed 's/^demo listening on //' || true)
    [[ -n $url ]] && break
    kill -0 "$demo" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $url ]]; then
    kill "$demo" 2>/dev/null || true
    failed "load, $cfg, round $r: the demo did not start" "$log"
    return
  fi
  demo_pid[$cfg]=$demo
  demo_url[$cfg]=$url
}
stop_demo() { # cfg round
  local cfg=$1 demo=${demo_pid[$1]}
  "$JAVA" -cp "$BENCH_JAR" io.querylens.bench.HttpPost "${demo_url[$cfg]}/shutdown" >> "$OUT/logs/load-$cfg-r$2.log" 2>&1 || true
  for _ in $(seq 150); do
    kill -0 "$demo" 2>/dev/null || break
    sleep 0.1
  done
  kill "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
  unset "demo_pid[$cfg]" "demo_url[$cfg]"
}
drive() { # cfg warm-up duration [json]: one driver JVM against the demo of cfg
  # shellcheck disable=SC2086
  "$JAVA" $LOAD_HEAP -cp "$DEMO_JAR" io.querylens.demo.LoadDriver --base="${demo_url[$1]}" --warmup="$2" \
      --duration="$3" --threads="$LOAD_THREADS" $load_rate_arg --mix=clean ${4:+--json="$4"}
}
load_round() { # round
  local r=$1 c cfg log json pid warming=()
  for cfg in $LOAD_CONFIGS; do
    start_demo "$cfg" "$r"
  done
  # the demos warm up together (their JIT is busy for a minute); what is measured runs one at a time
  if [[ $LOAD_WARMUP != 0 && $LOAD_WARMUP != 0s ]]; then
    for cfg in "${!demo_url[@]}"; do
      drive "$cfg" "$LOAD_WARMUP" 1s > "$OUT/logs/load-$cfg-r$r.log.warmup" 2>&1 &
      warming+=($!)
    done
    for pid in "${warming[@]}"; do
      wait "$pid" || true
    done
  fi
  # then one at a time: what the shared warm-up left to compile, each JVM compiles on CPUs of its own
  if [[ $LOAD_SOLO_WARMUP != 0 && $LOAD_SOLO_WARMUP != 0s ]]; then
    for cfg in $(rotation "$r" "$LOAD_CONFIGS"); do
      [[ -n ${demo_url[$cfg]:-} ]] || continue
      drive "$cfg" "$LOAD_SOLO_WARMUP" 1s >> "$OUT/logs/load-$cfg-r$r.log.warmup" 2>&1 || true
    done
  fi
  for c in $(seq 1 "$LOAD_CYCLES"); do
    for cfg in $(rotation $(( r + c - 1 )) "$LOAD_CONFIGS"); do
      [[ -n ${demo_url[$cfg]:-} ]] || continue
      log=$OUT/logs/load-$cfg-r$r-c$c.log
      json=$OUT/load-$cfg-r$r-c$c.json
      if drive "$cfg" "$LOAD_PHASE_WARMUP" "$LOAD_DURATION" "$json" > "$log" 2>&1 && [[ -s $json ]]; then
        # the driver's overall line: count, errors, req/s, p50, p95, p99, max
        printf '  round %s cycle %s %-17s %s\n' "$r" "$c" "$cfg" \
          "$(awk '$1 == "overall" { printf "%s req/s, p50 %s ms, p95 %s ms, p99 %s ms", $4, $5, $6, $7 }' "$log")"
      else
        rm -f "$json"
        failed "load, $cfg, round $r, cycle $c" "$log"
      fi
    done
  done
  for cfg in "${!demo_url[@]}"; do
    stop_demo "$cfg" "$r"
  done
}
if [[ " $PARTS " == *" load "* ]]; then
  if [[ ! -f $DEMO_JAR ]]; then
    load_skipped="demo jar missing"
    echo "== under load: skipped, $DEMO_JAR is missing (build: $BUILD_COMMAND)"
  else
    echo "== under load: $load_settings"
    for r in $(seq 1 "$LOAD_ROUNDS"); do
      load_round "$r"
    done
  fi
fi

# --- 4b. under load, QueryLens on and off in one JVM -------------------------------------------------------
lip_rate=$LOAD_RATE
[[ $lip_rate == 0 ]] && lip_rate=100 # the CPU per request needs a known rate
loadinplace_settings="LoadDriver --mix=clean --threads=$LOAD_THREADS --rate=$lip_rate in the same JVM, warm-up ${LOADINPLACE_WARMUP} s, $LOADINPLACE_PAIRS pair(s) of ${LOADINPLACE_PHASE} s phases, ${LOAD_HEAP:-default heap}"
if [[ " $PARTS " == *" loadinplace "* ]]; then
  if [[ ! -f $DEMO_JAR ]]; then
    echo "== under load, QueryLens on and off in one JVM: skipped, $DEMO_JAR is missing (build: $BUILD_COMMAND)"
  else
    echo "== under load, QueryLens on and off in one JVM: $loadinplace_settings"
    : > "$OUT/loadinplace.tsv"
    log=$OUT/logs/loadinplace.log
    # LoadInPlace puts a port it found free for {port}
    driver="io.querylens.demo.LoadDriver --base=http://127.0.0.1:{port} --threads=$LOAD_THREADS --rate=$lip_rate --mix=clean"
    # shellcheck disable=SC2046,SC2086
    if "$JAVA" $LOAD_HEAP $(agent_args querylens) "-Dloadinplace.driver=$driver" -cp "$DEMO_JAR:$BENCH_JAR" \
        io.querylens.bench.LoadInPlace "$LOADINPLACE_WARMUP" "$LOADINPLACE_PHASE" "$LOADINPLACE_PAIRS" "$lip_rate" exec \
        io.querylens.demo.ShopApplication '--port={port}' > "$log" 2>&1 && grep -q '^load_inplace_on_ms=' "$log"; then
      awk '$1 ~ /^load_inplace_pair=/ {
          for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
          print "p" v["load_inplace_pair"], v["on_cpu_ms"], v["off_cpu_ms"], v["on_p50_ms"], v["on_p95_ms"], v["on_p99_ms"],
            v["off_p50_ms"], v["off_p95_ms"], v["off_p99_ms"]
        }' "$log" >> "$OUT/loadinplace.tsv"
      awk '{ printf "  pair %s: request CPU on %s ms, off %s ms; p95 on %s ms, off %s ms\n", substr($1, 2), $2, $3, $5, $8 }' \
        "$OUT/loadinplace.tsv"
      sed -n 's/^load_inplace_on_ms=/  load_inplace_on_ms=/p' "$log"
    else
      failed "under load, QueryLens on and off in one JVM" "$log"
    fi
  fi
fi

# --- summary ---------------------------------------------------------------------------------------------
if [[ -n ${SINK_PID:-} ]]; then
  kill "$SINK_PID" 2>/dev/null || true
  wait "$SINK_PID" 2>/dev/null || true
  notes+=("the OTLP sink $(grep -o 'received .*' "$OUT/logs/otlp-sink.log" || echo 'reported nothing') (requests/bytes).")
fi
# An agent that fails to start lets the application run without it: say so, or its figures would pass for
# the agent's.
not_started=$(grep -l 'agent not started' "$OUT"/logs/*querylens* 2>/dev/null | wc -l || true)
if [[ $not_started -gt 0 ]]; then
  why=$(grep -h -m1 'agent not started' "$OUT"/logs/*querylens* | head -1 | cut -c1-200)
  notes+=("**QueryLens did not start in $not_started run(s)**, so its rows measure no agent: \`$why\`.")
  echo "WARNING: QueryLens did not start in $not_started run(s): $why"
fi
if [[ ${#failures[@]} -gt 0 ]]; then
  notes+=("FAILED runs: $(IFS=';'; echo "${failures[*]}"); logs in $OUT/logs.")
fi
command="bash benchmarks/run.sh"
[[ $mode == quick ]] && command+=" --quick"
{
  echo "mode=$mode"
  echo "command=$command"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC'), $(( SECONDS - started )) s"
  echo "jmh.settings=$jmh_settings"
  echo "rows.settings=$rows_settings"
  echo "cpu.settings=$CPU_ROUNDS round(s), best of $CPU_REPS × $CPU_STATEMENTS statements after $CPU_WARMUP, -Xms1g -Xmx1g"
  echo "inplace.settings=$INPLACE_ROUNDS JVM(s), $INPLACE_PAIRS pairs of $INPLACE_STATEMENTS statements, -Xms1g -Xmx1g"
  echo "rowsinplace.settings=$ROWSINPLACE_ROUNDS JVM(s), $ROWSINPLACE_PAIRS pairs of $ROWSINPLACE_QUERIES queries of 2,000 rows, -Xms1g -Xmx1g"
  echo "rowspooled.settings=$ROWSPOOLED_ROUNDS round(s), best of $ROWSPOOLED_REPS × $ROWSPOOLED_QUERIES queries of 2,000 rows after $ROWSPOOLED_WARMUP, -Xms1g -Xmx1g"
  echo "memory.settings=$memory_settings"
  echo "memory.statements=$MEMORY_STATEMENTS"
  echo "memory.fingerprints=$MEMORY_FINGERPRINTS"
  echo "load.settings=$load_settings"
  echo "loadinplace.settings=$loadinplace_settings"
  echo "loadinplace.requests_per_phase=$(( lip_rate * LOADINPLACE_PHASE ))"
  [[ -n $load_skipped ]] && echo "load.skipped=$load_skipped"
  echo "notes=${notes[*]:-}"
} > "$OUT/meta.properties"

echo
"$JAVA" -cp "$BENCH_JAR" io.querylens.bench.Summarize "$OUT" "$RESULTS_DIR/results.md"
echo "(written to $RESULTS_DIR/results.md in $(( SECONDS - started )) s)"
[[ ${#failures[@]} -eq 0 ]]
