#!/usr/bin/env bash
# Benchmark of issue 3: executions. On H2 and on MariaDB/MySQL:
#  1. roundtrip   POST /executions?wait=30 with simulated robots replying at once, at concurrency 1, 16, 64
#                 (one user and one robot per client), next to the baseline: a {"channel":"ping"} ->
#                 {"channel":"pong"} round trip on robot connections, measured in the same run;
#  2. waiters     wrk on GET /workflows/{id} (X-User-Id) for WRK_SECONDS, without and then with 2,000
#                 GET /executions/{id}?wait=60 outstanding (executions of a user without a robot);
#  3. idle-robots 10,000 idle robot connections on a fresh instance: heap (from /metrics) and RSS before and
#                 after, ping -> pong on a sample, 200 sequential executions for one robot among them (and,
#                 as the baseline, for that robot alone before the others connect, after 300 unmeasured).
# Usage: bench/executions.sh [rounds=3] [seconds=5] [idle_robots=10000] [waiters=2000]
#   seconds = measured seconds per roundtrip point (after a 2 s warm-up); WRK_SECONDS (default 10) for wrk;
#   WARMUP_SECONDS (default 30) of roundtrip load at concurrency 64, not measured, before the first round.
#   IDLE_ON_MARIADB=0 skips the idle-robots scenario on MariaDB; ONLY=idle runs nothing but it (both databases).
# Needs: wrk, a JDK 21+ (JAVA_HOME), MariaDB for the second half (BENCH_MYSQL_URL, default
# jdbc:mysql://127.0.0.1:3306/rpa_bench, user root without password; the database is recreated).
# Prints Markdown tables; raw output goes to bench/results/executions-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}
seconds=${2:-5}
idle_robots=${3:-10000}
waiters=${4:-2000}
wrk_seconds=${WRK_SECONDS:-10}
warmup_seconds=${WARMUP_SECONDS:-30}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}
port=18092
# 10,000 robots need 10,000+ descriptors in the service and in the load generator
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run executions
{
  describe_run "$jar" "$sim"
  mariadb --version 2>/dev/null || true
  wrk --version 2>&1 | head -1 || true
  echo "ulimit -n $(ulimit -n); rounds=$rounds seconds=$seconds idle_robots=$idle_robots waiters=$waiters wrk_seconds=$wrk_seconds"
} >"$results/machine.txt"


trap stop_service EXIT

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@" --base "http://127.0.0.1:$port"; }

run_wrk() { # out-label
  local out="$results/$db-$1-$round.txt"
  wrk -t2 -c64 -d"${wrk_seconds}s" --latency -H 'X-User-Id: bench-read' "http://127.0.0.1:$port/workflows/bp-bench-read" >"$out"
  grep -q "Non-2xx" "$out" && { echo "non-2xx answers in $out" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$out" >>"$results/$db-$1.rps"
  awk '$1=="50%" {print $2}' "$out" | to_ms >>"$results/$db-$1.p50"
  awk '$1=="99%" {print $2}' "$out" | to_ms >>"$results/$db-$1.p99"
}

for db in h2 mariadb; do
  if [[ ${ONLY:-} == idle ]]; then
    start_service $db idle
    bench idle-robots --count "$idle_robots" --dispatches 200 --warmup-dispatches 300 --pid "$pid" | tee "$results/$db-idle.txt" >&2
    stop_service
    continue
  fi
  # ---- roundtrip and waiters on one instance
  start_service $db main
  # JIT warm-up: the first minute of a fresh JVM is not what a running service does
  bench roundtrip --concurrency 64 --seconds "$warmup_seconds" --warmup-seconds 0 --tag "$db-warmup" \
    >"$results/$db-warmup.txt" 2>&1
  for round in $(seq 1 "$rounds"); do
    bench roundtrip --concurrency 1,16,64 --seconds "$seconds" --warmup-seconds 2 --tag "$db-$round" \
      | tee -a "$results/$db-roundtrip.txt" >&2
  done
  curl -sf -X POST "http://127.0.0.1:$port/workflows/upsert" -H 'X-User-Id: bench-read' -H 'Content-Type: application/json' \
    -d '{"project_id":"bp-bench-read","name":"Bench read","parameters":{"type":"object"}}' >/dev/null
  wrk -t2 -c64 -d5s -H 'X-User-Id: bench-read' "http://127.0.0.1:$port/workflows/bp-bench-read" >/dev/null # warm-up
  for round in $(seq 1 "$rounds"); do
    run_wrk read-baseline
    rm -f "$results/ready" "$results/release"
    bench waiters --count "$waiters" --wait 60 --ready-file "$results/ready" --release-file "$results/release" \
      >>"$results/$db-waiters.txt" 2>&1 &
    wpid=$!
    until [[ -f $results/ready ]]; do
      kill -0 $wpid 2>/dev/null || { echo "waiters failed, see $results/$db-waiters.txt" >&2; exit 1; }
      sleep 0.1
    done
    echo "round $round established connections to the service before wrk: $(ss -Htn state established "( sport = :$port )" | wc -l)" \
      >>"$results/$db-waiters.txt"
    run_wrk read-with-waiters
    touch "$results/release"
    wait $wpid
  done
  tail -n +1 "$results/$db-waiters.txt" >&2
  stop_service
  # ---- idle robots on a fresh instance
  if [[ $db == h2 || ${IDLE_ON_MARIADB:-1} == 1 ]]; then
    start_service $db idle
    bench idle-robots --count "$idle_robots" --dispatches 200 --warmup-dispatches 300 --pid "$pid" | tee "$results/$db-idle.txt" >&2
    stop_service
  fi
done

echo "Raw output: $results"
echo
if [[ ${ONLY:-} != idle ]]; then
echo "Execution round trip (after ${warmup_seconds} s of unmeasured load; median of $rounds runs of ${seconds} s each after a 2 s warm-up; baseline = ws ping→pong on robot connections, same run):"
echo
echo "| database | concurrency | ws ping→pong/s | ping p50 ms | ping p99 ms | executions/s | execution p50 ms | execution p99 ms | execution p50 − ping p50 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
for db in h2 mariadb; do
  f="$results/$db-roundtrip.txt"
  for c in 1 16 64; do
    pr=$(field "$f" "scenario=ws-ping .* concurrency=$c " per_s | median)
    p50=$(field "$f" "scenario=ws-ping .* concurrency=$c " p50_ms | median)
    p99=$(field "$f" "scenario=ws-ping .* concurrency=$c " p99_ms | median)
    er=$(field "$f" "scenario=execution .* concurrency=$c " per_s | median)
    e50=$(field "$f" "scenario=execution .* concurrency=$c " p50_ms | median)
    e99=$(field "$f" "scenario=execution .* concurrency=$c " p99_ms | median)
    errs=$(field "$f" "scenario=(execution|ws-ping) .* concurrency=$c " errors | awk '{s+=$1} END {print s+0}')
    diff=$(awk -v a="$e50" -v b="$p50" 'BEGIN {printf "%.2f", a-b}')
    echo "| $db | $c | $pr | $p50 | $p99 | $er | $e50 | $e99 | $diff |$( ((errs > 0)) && echo " $errs errors" )"
  done
done
echo
echo "Reads while executions are long-polled (wrk -t2 -c64 ${wrk_seconds} s on GET /workflows/{id} with X-User-Id; median of $rounds):"
echo
echo "| database | scenario | requests/s | ratio to baseline | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|"
for db in h2 mariadb; do
  base=$(median <"$results/$db-read-baseline.rps")
  for label in read-baseline read-with-waiters; do
    rps=$(median <"$results/$db-$label.rps")
    ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.0f%%", 100*a/b}')
    name=$([[ $label == read-baseline ]] && echo "no waits outstanding (baseline)" || echo "$waiters waits outstanding")
    echo "| $db | $name | $rps | $ratio | $(median <"$results/$db-$label.p50") | $(median <"$results/$db-$label.p99") |"
  done
  w="$results/$db-waiters.txt"
  echo "| $db | check: waits returned before release (all rounds) / outcomes after cancel | $(field "$w" "scenario=waiters-done" returned_before_release | paste -sd/) | | $(field "$w" "scenario=waiters-done" outcomes | paste -sd' ') | |"
done
fi
echo
echo "Idle robot connections (one run per database, fresh instance):"
echo
echo "| database | robots connected (metric) | heap used MiB before → with robots → after dispatches | RSS MiB before → with robots → after | ping→pong answered, p50 / max ms | 200 sequential executions p50 / p99 ms, errors: robot alone (baseline) | same, among the idle robots |"
echo "|---|---|---|---|---|---|---|"
for db in h2 mariadb; do
  f="$results/$db-idle.txt"
  [[ -f $f ]] || continue
  g() { field "$f" "scenario=$1 " "$2"; }
  echo "| $db | $(g idle-connected robots_connected_metric) of $(g idle-connect requested) | $(g idle-before heap_used_mib) → $(g idle-connected heap_used_mib) → $(g idle-after heap_used_mib) | $(g idle-before rss_mib) → $(g idle-connected rss_mib) → $(g idle-after rss_mib) | $(g idle-ping answered)/$(g idle-ping asked), $(g idle-ping p50_ms) / $(g idle-ping max_ms) | $(g idle-dispatch-alone p50_ms) / $(g idle-dispatch-alone p99_ms), $(g idle-dispatch-alone errors) | $(g idle-dispatch p50_ms) / $(g idle-dispatch p99_ms), $(g idle-dispatch errors) |"
done
