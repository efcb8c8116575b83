#!/usr/bin/env bash
# Benchmark of issue 4: several instances. MariaDB + Redis, in the topology of scripts/cluster.sh (jars on
# this machine behind a Debian nginx that passes WebSocket upgrades):
#  1. throughput      the roundtrip scenario (POST /executions?wait=30, one simulated robot per client replying at
#                     once, ws ping→pong baseline) at concurrency 64 through nginx — the robots connect through
#                     nginx too — first with one instance behind nginx, then with two (least_conn upstream);
#  2. cross-instance  two instances A and B; every robot connected to A; at concurrency 1 and 16 each client
#                     starts executions alternately on A (same instance) and on B (which routes the run to A and
#                     hears its end back through Redis): both series in the same run.
# Usage: bench/cluster.sh [rounds=3] [seconds=5]
#   seconds = measured seconds per point (after a 2 s warm-up); WARMUP_SECONDS (default 30) of unmeasured load at
#   concurrency 64 through nginx before each configuration's first round (so each instance is warmed up).
# Needs: a JDK 21+ (JAVA_HOME), MariaDB (BENCH_MYSQL_HOST/PORT, default 127.0.0.1:3306, root without password;
# database rpa_bench_cluster, recreated), Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/0; keys under
# the namespace rpa-bench-cluster: are deleted first), nginx (scripts/cluster.sh installs Debian's when missing).
# BENCH_SERVICE_JAR / BENCH_SIM_JAR measure other jars than bootstrap/target's and robot-simulator/target's (e.g.
# built from a clean export of a commit while the working tree has changes of others); machine.txt has their SHA-256.
# Prints Markdown tables; raw output goes to bench/results/cluster-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}
seconds=${2:-5}
warmup_seconds=${WARMUP_SECONDS:-30}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

jar=${BENCH_SERVICE_JAR:-bootstrap/target/rpa-openapi-service.jar}
sim=${BENCH_SIM_JAR:-robot-simulator/target/robot-simulator.jar}
prepare_run cluster

# the cluster: scripts/cluster.sh on the private jar, its run directory inside the results
export CLUSTER_DIR=$results/cluster CLUSTER_JAR=$results/service.jar CLUSTER_DB=rpa_bench_cluster \
  CLUSTER_PORT=18090 CLUSTER_FIRST_PORT=18091 CLUSTER_MYSQL_HOST=${BENCH_MYSQL_HOST:-127.0.0.1} \
  CLUSTER_MYSQL_PORT=${BENCH_MYSQL_PORT:-3306} REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0} \
  REDIS_NAMESPACE=rpa-bench-cluster: API_KEY_PEPPER=bench-pepper-0123456789 DISPATCH_TIMEOUT_SECONDS=3600
nginx=http://127.0.0.1:$CLUSTER_PORT
a=http://127.0.0.1:$CLUSTER_FIRST_PORT
b=http://127.0.0.1:$((CLUSTER_FIRST_PORT + 1))

{
  describe_run "$jar" "$sim"
  [[ -n ${BENCH_SERVICE_JAR:-}${BENCH_SIM_JAR:-} ]] && echo "jars given: BENCH_SERVICE_JAR=${BENCH_SERVICE_JAR:-} BENCH_SIM_JAR=${BENCH_SIM_JAR:-}"
  mariadb --version 2>/dev/null || true
  redis-server --version 2>/dev/null || true
  { command -v nginx >/dev/null && nginx -v 2>&1; } || echo "nginx: installed by scripts/cluster.sh"
  echo "ulimit -n $(ulimit -n); rounds=$rounds seconds=$seconds warmup_seconds=$warmup_seconds"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "other java processes at start:"
  pgrep -a java | cut -c1-200 || true
} >"$results/machine.txt"


cleanup() { scripts/cluster.sh stop >>"$results/cluster.log" 2>&1 || true; }
trap cleanup EXIT

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@"; }
# POSTs of /executions per instance in nginx's access log since line $1 (nginx flushes it every second)
upstream_split() {
  sleep 1.5
  tail -n +"$(($1 + 1))" "$CLUSTER_DIR/nginx/access.log" | awk '/"POST \/executions/ {
      u = $0; sub(/.*upstream=/, "", u); sub(/ .*/, "", u); n[u]++ }
    END { s = ""; for (k in n) s = s (s == "" ? "" : ",") k "=" n[k]; print (s == "" ? "none" : s) }'
}
log_lines() { wc -l <"$CLUSTER_DIR/nginx/access.log" 2>/dev/null || echo 0; }

# ---- 1. one instance behind nginx
CLUSTER_FRESH=1 scripts/cluster.sh start 1 >>"$results/cluster.log" 2>&1 \
  || { tail -n 20 "$results/cluster.log" >&2; exit 1; }
bench roundtrip --base "$nginx" --concurrency 64 --seconds "$warmup_seconds" --warmup-seconds 0 --tag one-warmup \
  >"$results/one-warmup.txt" 2>&1
from=$(log_lines)
for round in $(seq 1 "$rounds"); do
  bench roundtrip --base "$nginx" --concurrency 64 --seconds "$seconds" --warmup-seconds 2 --tag "one-$round" \
    | tee -a "$results/throughput.txt" >&2
done
echo "one instance: POST /executions by upstream: $(upstream_split "$from")" | tee -a "$results/upstreams.txt" >&2

# ---- 2. two instances behind nginx (the second started now, warmed up through nginx like the first)
scripts/cluster.sh start 2 >>"$results/cluster.log" 2>&1 || { tail -n 20 "$results/cluster.log" >&2; exit 1; }
bench roundtrip --base "$nginx" --concurrency 64 --seconds "$warmup_seconds" --warmup-seconds 0 --tag two-warmup \
  >"$results/two-warmup.txt" 2>&1
from=$(log_lines)
for round in $(seq 1 "$rounds"); do
  bench roundtrip --base "$nginx" --concurrency 64 --seconds "$seconds" --warmup-seconds 2 --tag "two-$round" \
    | tee -a "$results/throughput.txt" >&2
done
echo "two instances: POST /executions by upstream: $(upstream_split "$from")" | tee -a "$results/upstreams.txt" >&2

# ---- 3. cross-instance vs same-instance, directly on the two instances
for round in $(seq 1 "$rounds"); do
  bench cross-instance --base "$a" --other "$b" --concurrency 1,16 --seconds "$seconds" --warmup-seconds 2 \
    --tag "cross-$round" | tee -a "$results/cross.txt" >&2
done
scripts/cluster.sh status >"$results/status-at-end.txt" 2>&1 || true
# checks over the whole run, warm-ups included: every execution should have ended COMPLETED, every
# POST /executions?wait=30 answered 200
mariadb --protocol=tcp -h "$CLUSTER_MYSQL_HOST" -P "$CLUSTER_MYSQL_PORT" -uroot -N "$CLUSTER_DB" \
  -e "SELECT status, COUNT(*) FROM executions GROUP BY status" 2>/dev/null | tr '\t' '=' | paste -sd' ' >"$results/statuses.txt" || true
mariadb --protocol=tcp -h "$CLUSTER_MYSQL_HOST" -P "$CLUSTER_MYSQL_PORT" -uroot "$CLUSTER_DB" \
  -e "SELECT id, user_id, status, robot_id, start_time, dispatched_at FROM executions WHERE status <> 'COMPLETED' ORDER BY start_time" \
  >"$results/not-completed.txt" 2>/dev/null || true
grep -h "http.access - POST /executions?wait=30 -> " "$CLUSTER_DIR"/instance-*.out | sed -E 's/.* -> ([0-9]+) .*/\1/' \
  | sort | uniq -c | awk '{printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1} END {print ""}' >"$results/answers.txt" || true

echo "Raw output: $results"
echo
echo "Checks over the whole run (warm-ups included): executions by final status: $(cat "$results/statuses.txt"); POST /executions?wait=30 answers by HTTP status: $(cat "$results/answers.txt") (details: not-completed.txt, instance-*.out)"
echo
echo "Execution round trip on two instances (A holds every robot), same run: POST /executions?wait=30 alternately on A and on B (median of $rounds runs of ${seconds} s after a 2 s warm-up):"
echo
echo "| concurrency | same instance: executions/s | p50 ms | p99 ms | cross-instance: executions/s | p50 ms | p99 ms | p50 ratio cross / same | p99 ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
f="$results/cross.txt"
for c in 1 16; do
  row="| $c"
  for s in cross-same cross-remote; do
    row+=" | $(field "$f" "scenario=$s .* concurrency=$c " per_s | median) | $(field "$f" "scenario=$s .* concurrency=$c " p50_ms | median) | $(field "$f" "scenario=$s .* concurrency=$c " p99_ms | median)"
  done
  errs=$(field "$f" "scenario=cross-(same|remote) .* concurrency=$c " errors | awk '{s+=$1} END {print s+0}')
  row+=" | $(field "$f" "scenario=cross-ratio .* concurrency=$c " p50_ratio | median) ($(field "$f" "scenario=cross-ratio .* concurrency=$c " p50_ratio | paste -sd/)) | $(field "$f" "scenario=cross-ratio .* concurrency=$c " p99_ratio | median) |"
  echo "$row$( ((errs > 0)) && echo " $errs errors" )"
done
echo
echo "Through nginx at concurrency 64 (robots connect through nginx; median of $rounds runs of ${seconds} s after a 2 s warm-up, after ${warmup_seconds} s of unmeasured load per configuration):"
echo
echo "| behind nginx | ws ping→pong/s | ping p50 ms | executions/s (rounds) | ratio to one instance | execution p50 ms | execution p99 ms | robots per instance | POST /executions per instance |"
echo "|---|---|---|---|---|---|---|---|---|"
f="$results/throughput.txt"
one=$(field "$f" "scenario=execution tag=one-" per_s | median)
for cfg in one two; do
  er=$(field "$f" "scenario=execution tag=$cfg-" per_s | median)
  errs=$(field "$f" "scenario=(execution|ws-ping) tag=$cfg-" errors | awk '{s+=$1} END {print s+0}')
  ratio=$(awk -v x="$er" -v y="$one" 'BEGIN {printf "%.2f", x/y}')
  spread=$(field "$f" "scenario=robot-instances tag=$cfg-" robots_by_instance | sed -E 's/[^=,{}]+=//g; s/[{}]//g; s/,/\//g' | paste -sd' ')
  echo "| $cfg instance$([[ $cfg == two ]] && echo s) | $(field "$f" "scenario=ws-ping tag=$cfg-" per_s | median) | $(field "$f" "scenario=ws-ping tag=$cfg-" p50_ms | median) | $er ($(field "$f" "scenario=execution tag=$cfg-" per_s | paste -sd/)) | $ratio | $(field "$f" "scenario=execution tag=$cfg-" p50_ms | median) | $(field "$f" "scenario=execution tag=$cfg-" p99_ms | median) | $spread | $(grep "^$cfg inst" "$results/upstreams.txt" | sed 's/.*upstream: //') |$( ((errs > 0)) && echo " $errs errors" )"
done
