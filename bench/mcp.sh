#!/usr/bin/env bash
# Benchmark of issue 5: MCP. On H2, one instance, the load generator (McpBench, MCP Java SDK client) on the
# same machine:
#  1. tools-list    tools/list for one user with 1,000 active workflows (each with a parameter schema): through
#                   the SDK client (what an agent host sees) and as raw HTTP (one POST, the whole answer read);
#  2. call-vs-rest  a workflow tool call (tools/call, the robot replies at once) against the same execution
#                   through REST (POST /executions?wait=30 with X-API-Key), each client alternating the two, so
#                   that both run under the same load in the same run; concurrency 1 and 16 (one user, robot,
#                   API key and MCP session per client). Target: MCP p50 <= 1.5 x REST p50.
# Usage: bench/mcp.sh [rounds=3] [seconds=10] [workflows=1000]
#   WARMUP_SECONDS (default 30) of call-vs-rest load at concurrency 16, not measured, before anything else.
# Needs a JDK 21+ (JAVA_HOME). Prints Markdown tables; raw output goes to bench/results/mcp-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}
seconds=${2:-10}
workflows=${3:-1000}
warmup_seconds=${WARMUP_SECONDS:-30}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
port=18095

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run mcp
{
  describe_run "$jar" "$sim"
  echo "rounds=$rounds seconds=$seconds workflows=$workflows warmup_seconds=$warmup_seconds"
} >"$results/machine.txt"


pid=
stop_service() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi
}
trap stop_service EXIT

dir=$(mktemp -d)
# the java command ./run executes (same flags, start-up cache), on the private copy of the jar
# shellcheck disable=SC2046
env PORT=$port HOST=127.0.0.1 DATA_DIR="$dir/data" LOG_DIR="$dir/logs" API_KEY_PEPPER=bench-pepper-0123456789 \
  DISPATCH_TIMEOUT_SECONDS=3600 LOG_LEVEL=WARN \
  "$java" $(run_cache_flags) ${JAVA_OPTS:-} -jar "$results/service.jar" >"$results/service.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "service died, see $results/service.log" >&2; exit 1; }
  sleep 0.05
done

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.McpBench "$@" --base "http://127.0.0.1:$port"; }

# JIT warm-up: the first minute of a fresh JVM is not what a running service does
bench call-vs-rest --concurrency 16 --seconds "$warmup_seconds" --warmup-seconds 0 >"$results/warmup.txt" 2>&1
bench tools-list --workflows "$workflows" --iterations 200 --warmup 50 | tee "$results/tools-list.txt" >&2
for round in $(seq 1 "$rounds"); do
  bench call-vs-rest --concurrency 1,16 --seconds "$seconds" --warmup-seconds 2 | tee -a "$results/call-vs-rest.txt" >&2
done
stop_service

echo "Raw output: $results"
echo
f="$results/tools-list.txt"
echo "tools/list for one user with $(field "$f" "scenario=mcp-tools-list-raw" workflows) workflows (+ 6 control tools; 200 sequential lists after 50 unmeasured; answer $(field "$f" "scenario=mcp-tools-list-raw" bytes) bytes):"
echo
echo "| measured at | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|"
for s in sdk raw; do
  name=$([[ $s == sdk ]] && echo "MCP Java SDK client (listTools)" || echo "raw HTTP POST tools/list")
  echo "| $name | $(field "$f" "scenario=mcp-tools-list-$s " p50_ms) | $(field "$f" "scenario=mcp-tools-list-$s " p99_ms) | $(field "$f" "scenario=mcp-tools-list-$s " max_ms) |"
done
echo
echo "Workflow tool call against the same execution through REST (after ${warmup_seconds} s of unmeasured load; median of $rounds runs of ${seconds} s after a 2 s warm-up; each client alternates the two):"
echo
echo "| concurrency | MCP calls/s | MCP p50 ms | MCP p99 ms | REST calls/s | REST p50 ms | REST p99 ms | MCP p50 / REST p50 | target ≤ 1.5× |"
echo "|---|---|---|---|---|---|---|---|---|"
f="$results/call-vs-rest.txt"
for c in 1 16; do
  mr=$(field "$f" "scenario=mcp-call concurrency=$c " per_s | median)
  m50=$(field "$f" "scenario=mcp-call concurrency=$c " p50_ms | median)
  m99=$(field "$f" "scenario=mcp-call concurrency=$c " p99_ms | median)
  rr=$(field "$f" "scenario=rest-call concurrency=$c " per_s | median)
  r50=$(field "$f" "scenario=rest-call concurrency=$c " p50_ms | median)
  r99=$(field "$f" "scenario=rest-call concurrency=$c " p99_ms | median)
  errs=$(field "$f" "concurrency=$c " errors | awk '{s+=$1} END {print s+0}')
  ratio=$(awk -v a="$m50" -v b="$r50" 'BEGIN {printf "%.2f", a/b}')
  met=$(awk -v r="$ratio" 'BEGIN {print (r <= 1.5 ? "met" : "not met")}')
  echo "| $c | $mr | $m50 | $m99 | $rr | $r50 | $r99 | $ratio | $met |$( ((errs > 0)) && echo " $errs errors" )"
done
