#!/usr/bin/env bash
# Benchmark of issue 15: webhooks (BenchMain webhooks; docs/BENCHMARKS.md). One service on MariaDB (and on H2 with
# DATABASES="mariadb h2"), a receiver run by the load generator on 127.0.0.1 (allow-listed):
#  1. lag            executions started open loop at RATE a second (default 170: ~510 events a second — queued,
#                    started, completed — each delivered to its user's subscription to every event); delivery lag =
#                    receipt minus the event's occurred_at, over the measured window; duplicates and missing counted;
#  2. slow receiver  POST /executions?wait=30 round trips at concurrency 16, without and then with SLOW (default 4)
#                    subscriptions at a receiver that answers after 30 s (the service gives up at its 10 s timeout and
#                    retries), alternating ROUNDS (default 2) times: the ratio of the median p99s.
# Usage: bench/webhooks.sh [seconds=30]   (RATE, SLOW, ROUNDS, RT_SECONDS=15, WARMUP_SECONDS=30, RUN_WARMUP_SECONDS=30,
#   DATABASES)
# Needs a JDK 21+ (JAVA_HOME) and MariaDB (BENCH_MYSQL_URL, default jdbc:mysql://127.0.0.1:3306/rpa_bench, user root
# without password; the database is recreated). Prints a Markdown table; raw output in bench/results/webhooks-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-30}
rate=${RATE:-170}
slow=${SLOW:-4}
rounds=${ROUNDS:-2}
rt_seconds=${RT_SECONDS:-15}
warmup_seconds=${WARMUP_SECONDS:-30}
run_warmup_seconds=${RUN_WARMUP_SECONDS:-30}
databases=${DATABASES:-mariadb}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}
port=18095

jar=${BENCH_SERVICE_JAR:-bootstrap/target/rpa-openapi-service.jar}
sim=robot-simulator/target/robot-simulator.jar
prepare_run webhooks
{
  describe_run "$jar" "$sim"
  mariadb --version 2>/dev/null || true
  echo "seconds=$seconds rate=$rate slow=$slow rounds=$rounds rt_seconds=$rt_seconds warmup_seconds=$warmup_seconds run_warmup_seconds=$run_warmup_seconds databases=$databases"
} >"$results/machine.txt"
trap stop_service EXIT

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@" --base "http://127.0.0.1:$port"; }

for db in $databases; do
  start_service "$db" webhooks WEBHOOK_ALLOW_HTTP=true WEBHOOK_ALLOWED_HOSTS=127.0.0.1
  # the JIT warms up on the same load, unmeasured (its own users and subscriptions)
  bench webhooks --rate "$rate" --seconds "$warmup_seconds" --warmup-seconds 5 --rt-seconds 5 --rounds 1 --slow 0 \
    --tag "$db-warmup" >"$results/$db-warmup.txt" 2>&1 || { cat "$results/$db-warmup.txt" >&2; exit 1; }
  # the measured run's load generator is a new JVM: its first seconds (its own JIT on the two cores the service uses,
  # its users' robots connecting) are left out too, RUN_WARMUP_SECONDS of the same load before the window
  bench webhooks --rate "$rate" --seconds "$seconds" --warmup-seconds "$run_warmup_seconds" --rt-seconds "$rt_seconds" --rounds "$rounds" \
    --slow "$slow" --tag "$db" | tee "$results/$db.txt" >&2
  curl -sf "http://127.0.0.1:$port/metrics" >"$results/$db-metrics.txt"
  stop_service
done

echo "Raw output: $results"
echo
echo "| database | events/s | delivery lag p50 / p99 / max ms | duplicates | missing | round trip p99 without / with $slow slow receivers (ms) | ratio |"
echo "|---|---|---|---|---|---|---|"
for db in $databases; do
  f=$results/$db.txt
  echo "| $db | $(field "$f" "scenario=webhook-lag " events_per_s) | $(field "$f" "scenario=webhook-lag " p50_ms) / $(field "$f" "scenario=webhook-lag " p99_ms) / $(field "$f" "scenario=webhook-lag " max_ms) | $(field "$f" "scenario=webhook-lag " duplicates) | $(field "$f" "scenario=webhook-lag " missing) | $(field "$f" "scenario=webhook-slow-receiver " p99_without_ms) / $(field "$f" "scenario=webhook-slow-receiver " p99_with_ms) | $(field "$f" "scenario=webhook-slow-receiver " ratio) |"
done
