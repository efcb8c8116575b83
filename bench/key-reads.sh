#!/usr/bin/env bash
# Benchmark of issue 16: key-authenticated reads with a scoped key whose allow-list names 1,000 workflows, against a
# full-access (legacy) key of the same user, in the same run: a single-workflow read (GET /workflows/{id}) and a list
# (GET /workflows?pageSize=20, which the allow-list narrows in SQL), with wrk (64 connections), the scenarios taking
# turns in each round. Usage: bench/key-reads.sh [rounds=5] [seconds=10]
# Needs: wrk, a JDK 21+ (JAVA_HOME); for MariaDB, BENCH_MYSQL_URL (default jdbc:mysql://127.0.0.1:3306/rpa_bench, root
# without password; the database is recreated). DATABASES (default "h2 mariadb") chooses the databases.
# Prints a Markdown table; raw wrk output goes to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-5}
seconds=${2:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}
port=18091
base="http://127.0.0.1:$port"
jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install -y wrk)" >&2; exit 1; }
prepare_run key-reads
trap stop_service EXIT

# 1,000 workflows of user bench (and 200 more the scoped key does not see), a full-access key (the original's route
# issues those) and a scoped key allowed the 1,000
seed() {
  local i ids=""
  for i in $(seq 1 1200); do
    curl -sf -X POST "$base/workflows/upsert" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
      -d "{\"project_id\":\"bench-$i\",\"name\":\"Bench robot $i\"}" >/dev/null
  done
  for i in $(seq 1 1000); do ids+="${ids:+,}\"bench-$i\""; done
  legacy=$(curl -sf -X POST "$base/api-keys/create" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d '{"name":"legacy"}' | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
  scoped=$(curl -sf -X POST "$base/api-keys" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d "{\"name\":\"scoped\",\"scopes\":[\"workflows:read\",\"executions:read\",\"mcp\"],\"workflow_ids\":[$ids]}" \
    | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
  [[ $legacy == rpa_* && $scoped == rpa_* ]] || { echo "could not issue the keys" >&2; exit 1; }
  # the scoped key sees 1,000 of the 1,200; the legacy key all
  curl -sf "$base/workflows?pageSize=1" -H "Authorization: Bearer $scoped" | grep -q '"total":1000' \
    || { echo "the scoped key does not see exactly 1,000 workflows" >&2; exit 1; }
}

run_wrk() { # label path key
  local label=$1 path=$2 key=$3
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $key" "$base$path" >"$results/$db-$label-$round.txt"
  grep -q "Non-2xx" "$results/$db-$label-$round.txt" && { echo "non-2xx answers in $label" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$results/$db-$label-$round.txt" >>"$results/$db-$label.rps"
  awk '$1=="50%" {print $2}' "$results/$db-$label-$round.txt" | to_ms >>"$results/$db-$label.p50"
  awk '$1=="99%" {print $2}' "$results/$db-$label-$round.txt" | to_ms >>"$results/$db-$label.p99"
}

echo "| database | scenario | key | requests/s (median of $rounds) | scoped / legacy | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|"
for db in ${DATABASES:-h2 mariadb}; do
  start_service "$db" reads
  seed
  for key in "$legacy" "$scoped"; do   # warm-up: JIT, pools, key caches
    wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "$base/workflows/bench-500" >/dev/null
    wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "$base/workflows?pageSize=20" >/dev/null
  done
  for round in $(seq 1 "$rounds"); do
    run_wrk read-legacy /workflows/bench-500 "$legacy"
    run_wrk read-scoped /workflows/bench-500 "$scoped"
    run_wrk list-legacy "/workflows?pageSize=20" "$legacy"
    run_wrk list-scoped "/workflows?pageSize=20" "$scoped"
  done
  for scenario in read list; do
    legacy_rps=$(median <"$results/$db-$scenario-legacy.rps")
    for kind in legacy scoped; do
      rps=$(median <"$results/$db-$scenario-$kind.rps")
      ratio=$(awk -v a="$rps" -v b="$legacy_rps" 'BEGIN {printf "%.0f%%", 100*a/b}')
      what=$([[ $scenario == read ]] && echo "GET /workflows/{id}" || echo "GET /workflows?pageSize=20")
      echo "| $db | $what | $kind | $rps | $ratio | $(median <"$results/$db-$scenario-$kind.p50") | $(median <"$results/$db-$scenario-$kind.p99") |"
    done
  done
  stop_service
done
