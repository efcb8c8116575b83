#!/usr/bin/env bash
# Benchmark of issue 2: authenticated single-workflow reads vs the /health/live baseline, on H2 and on
# MariaDB/MySQL, with wrk (64 connections); plus time from start to ready and idle RSS.
# Usage: bench/http-read.sh [rounds=3] [seconds=10]
# Needs: wrk (Debian package), a JDK 21+ (JAVA_HOME), and for the MySQL part BENCH_MYSQL_URL
# (default jdbc:mysql://127.0.0.1:3306/rpa_bench, user root without password; the database is recreated).
# Prints a Markdown table; raw wrk output goes to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}
seconds=${2:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=bootstrap/target/rpa-openapi-service.jar
results=bench/results/http-read-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
[[ -f "$jar" ]] || ./mvnw -B -q -DskipTests package
port=18090
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}



start_service() { # db label
  local db=$1 dir
  dir=$(mktemp -d)
  local env=(PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789)
  if [[ $db == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench; CREATE DATABASE rpa_bench CHARACTER SET utf8mb4"
    env+=(DATABASE_URL=$mysql_url DATABASE_USERNAME=root)
  fi
  local t0 t1
  t0=$(date +%s%N)
  # started as ./run starts it (same JVM flags, class-data-sharing archive)
  env "${env[@]}" ./run >"$results/$db-service.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "service died, see $results/$db-service.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  ready_ms=$(( (t1 - t0) / 1000000 ))
}

seed() {
  curl -sf -X POST "http://127.0.0.1:$port/workflows/upsert" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d '{"project_id":"bench-1","name":"Bench robot","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}' >/dev/null
  key=$(curl -sf -X POST "http://127.0.0.1:$port/api-keys" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
}

run_wrk() { # label path header...
  local label=$1 path=$2; shift 2
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  wrk -t2 -c64 -d"${seconds}s" --latency "${args[@]}" "http://127.0.0.1:$port$path" >"$results/$db-$label-$round.txt"
  grep -q "Non-2xx" "$results/$db-$label-$round.txt" && { echo "non-2xx answers in $label" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$results/$db-$label-$round.txt" >>"$results/$db-$label.rps"
  awk '$1=="50%" {print $2}' "$results/$db-$label-$round.txt" | to_ms >>"$results/$db-$label.p50"
  awk '$1=="99%" {print $2}' "$results/$db-$label-$round.txt" | to_ms >>"$results/$db-$label.p99"
}

# A first start without a class-data-sharing archive, stopped at once: the JVM writes the archive on exit.
rm -f "${jar%.jar}.jsa"
db=cold
start_service h2
cold_ms=$ready_ms
kill $pid; wait $pid 2>/dev/null || true

echo "| database | scenario | requests/s (median of $rounds) | ratio to baseline | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|"
for db in h2 mariadb; do
  # start-up: the median of three starts on an otherwise idle machine, each stopped once ready
  : >"$results/$db-ready.ms"
  for _ in 1 2 3; do
    start_service $db
    echo "$ready_ms" >>"$results/$db-ready.ms"
    kill $pid; wait $pid 2>/dev/null || true
  done
  start_service $db
  seed
  sleep 3
  rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  # warm-up: JIT and pools
  wrk -t2 -c64 -d5s -H 'X-User-Id: bench' "http://127.0.0.1:$port/workflows/bench-1" >/dev/null
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/workflows/bench-1" >/dev/null
  wrk -t2 -c64 -d5s "http://127.0.0.1:$port/health/live" >/dev/null
  for round in $(seq 1 "$rounds"); do
    run_wrk baseline /health/live
    run_wrk user-header /workflows/bench-1 'X-User-Id: bench'
    run_wrk api-key /workflows/bench-1 "Authorization: Bearer $key"
  done
  base=$(median <"$results/$db-baseline.rps")
  for label in baseline user-header api-key; do
    rps=$(median <"$results/$db-$label.rps")
    ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.0f%%", 100*a/b}')
    echo "| $db | $label | $rps | $ratio | $(median <"$results/$db-$label.p50") | $(median <"$results/$db-$label.p99") |"
  done
  echo "| $db | start to ready, median of 3 starts (with the CDS archive) | $(median <"$results/$db-ready.ms") ms | | | |"
  echo "| $db | idle RSS after start | $((rss_kib / 1024)) MiB | | | |"
  kill $pid; wait $pid 2>/dev/null || true
done
echo "| h2 | the very first start, before the CDS archive exists | ${cold_ms} ms | | | |"
