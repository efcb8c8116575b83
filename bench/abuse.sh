#!/usr/bin/env bash
# Benchmarks of issue 9 (clients that do not behave):
#  1. flood       on H2: the service's heap live after a full GC idle, every 30 s during, and after CLIENTS robots
#                 flood {"channel":"ping"} for SECONDS without ever reading (one cut off reconnects at once),
#                 while a healthy robot (of another user) runs an execution a second;
#  2. log-append  on H2 and on MariaDB: a robot fills one execution's log with LINES lines (unmeasured, also the
#                 JIT's warm-up); then batches of 500 lines on a fresh execution (lines 1-4,000) alternate with
#                 batches on the full one (lines LINES+1 ... LINES+4,000): the cost per line of each, and their ratio.
# Usage: bench/abuse.sh [clients=100] [seconds=300] [lines=50000]
#   ONLY=flood or ONLY=logs runs one part. JAVA_OPTS (default -Xmx1g: the heap of the issue's attack run).
# Needs: a JDK 21+ (JAVA_HOME) with jcmd, MariaDB for the log part (BENCH_MYSQL_URL, default
# jdbc:mysql://127.0.0.1:3306/rpa_bench, user root without password; the database is recreated).
# Prints Markdown tables; raw output goes to bench/results/abuse-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
clients=${1:-100}
seconds=${2:-300}
lines=${3:-50000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}
port=18093
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run abuse
{
  describe_run "$jar" "$sim"
  mariadb --version 2>/dev/null || true
  echo "clients=$clients seconds=$seconds lines=$lines JAVA_OPTS=$JAVA_OPTS"
} >"$results/machine.txt"

trap stop_service EXIT

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.SocketAbuseBench "$@" --base "http://127.0.0.1:$port"; }

if [[ ${ONLY:-flood} == flood ]]; then
  start_service h2 flood EXECUTION_LOG_MAX_LINES=$((lines + 10000))
  bench flood --clients "$clients" --seconds "$seconds" --sample-seconds "${SAMPLE_SECONDS:-30}" --pid "$pid" | tee "$results/h2-flood.txt" >&2
  stop_service
fi
if [[ ${ONLY:-logs} == logs ]]; then
  for db in h2 mariadb; do
    start_service $db logs EXECUTION_LOG_MAX_LINES=$((lines + 10000))
    bench log-append --lines "$lines" --batch 500 --pairs 8 | tee "$results/$db-logs.txt" >/dev/null
    stop_service
  done
fi

echo "Raw output: $results"
if [[ -f $results/h2-flood.txt ]]; then
  f=$results/h2-flood.txt
  idle=$(field "$f" "scenario=flood-idle " live_after_gc_mib)
  echo
  echo "Heap live after a full GC (jvm_gc_live_data_size_bytes), and in use when read just after it (the flood's new"
  echo "garbage included), $clients robots flooding pings without reading for $seconds s (H2, $JAVA_OPTS):"
  echo
  echo "| moment | live after GC MiB | over idle MiB | in use MiB | pings sent so far | connections cut so far |"
  echo "|---|---|---|---|---|---|"
  echo "| idle, before the flood | $idle | 0 | $(field "$f" "scenario=flood-idle " heap_used_mib) | | |"
  grep "scenario=flood-during" "$f" | while read -r line; do
    l=$(sed -nE 's/.* live_after_gc_mib=([^ ]+).*/\1/p' <<<"$line")
    echo "| during, at $(sed -nE 's/.* at_s=([^ ]+).*/\1/p' <<<"$line") s | $l | $(awk -v a="$l" -v b="$idle" 'BEGIN {printf "%.1f", a-b}') | $(sed -nE 's/.* heap_used_mib=([^ ]+).*/\1/p' <<<"$line") | $(sed -nE 's/.* pings=([^ ]+).*/\1/p' <<<"$line") | $(sed -nE 's/.* cuts=([^ ]+).*/\1/p' <<<"$line") |"
  done
  l=$(field "$f" "scenario=flood-after " live_after_gc_mib)
  echo "| after the flood | $l | $(awk -v a="$l" -v b="$idle" 'BEGIN {printf "%.1f", a-b}') | $(field "$f" "scenario=flood-after " heap_used_mib) | $(field "$f" "scenario=flood-after " pings) | $(field "$f" "scenario=flood-after " cuts) |"
  echo
  echo "Executions of the healthy robot during the flood: $(field "$f" "scenario=flood-after " executions_ok) completed, $(field "$f" "scenario=flood-after " executions_failed) failed (first failure: $(field "$f" "scenario=flood-after " first_failure)); robots listed after: healthy user $(field "$f" "scenario=flood-after " robots_listed), flooding user $(field "$f" "scenario=flood-after " flood_robots_listed)"
fi
if [[ -f $results/h2-logs.txt ]]; then
  echo
  echo "Log append, ms per line (median of 8 batches of 500 each, the two kinds alternating in one run):"
  echo
  echo "| database | lines 1–4,000 of a fresh execution | lines $((lines + 1))–$((lines + 4000)) of one with $lines | ratio long/short |"
  echo "|---|---|---|---|"
  for db in h2 mariadb; do
    f=$results/$db-logs.txt
    [[ -f $f ]] || continue
    first=$(field "$f" "scenario=log-append log=short " ms_per_line | median)
    last=$(field "$f" "scenario=log-append log=long " ms_per_line | median)
    echo "| $db | $first | $last | $(awk -v a="$last" -v b="$first" 'BEGIN {printf "%.2f", a/b}') |"
  done
fi
