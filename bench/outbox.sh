#!/usr/bin/env bash
# Benchmark of issue 11: what the one change path and the transactional outbox cost. On H2 and on MariaDB/MySQL,
# this build ("current") and a baseline build of an earlier commit (BASELINE_REF, default 0811e6b: main before
# issue 11, which published events from memory after the write) run side by side, each on its own port and
# database, both warmed up, and are measured in alternating order (A B B A …) in the same run:
#  1. throughput  BenchMain roundtrip at concurrency 64: POST /executions?wait=30, one simulated robot per client
#                 replying at once; executions/s and latency, current/baseline ratio of the medians;
#  2. event lag   BenchMain event-lag: executions started open-loop at LAG_RATE a second (default 200) over 16
#                 users, each with a robot and a /ws/events watcher; lag from the service's end_time (decided,
#                 before the commit) to the watcher's receipt of the COMPLETED event: p50/p99/max, duplicates,
#                 missing. The outbox relay's own commit → publish histogram (rpa_outbox_delivery_lag_seconds) is
#                 read from /metrics of the current build afterwards.
# Usage: bench/outbox.sh [rounds=5] [seconds=5] [lag_seconds=20]
#   DATABASES (default "h2 mariadb"): the databases to measure on, e.g. DATABASES=mariadb for one of them.
#   WARMUP_SECONDS (default 90) of unmeasured roundtrip load per service before the first round: with 30 s, both
#   builds were still getting faster round by round, the current one more so (measured 2026-12-05).
#   BASELINE_PATCH (default bench/patches/h2-write-delay-0.patch; "none" for the baseline as it was): a patch applied
#   to the baseline's source before it is built. The default one gives the baseline the durability this build has
#   on H2 (commits written before the answer, 5916e97), so that the two are compared doing the same work.
# Needs: a JDK 21+ (JAVA_HOME), MariaDB (BENCH_MYSQL_URL, default jdbc:mysql://127.0.0.1:3306/ ; databases
# rpa_bench_current and rpa_bench_baseline are recreated, user root without password), git (the baseline is
# built from `git archive BASELINE_REF`, offline from ~/.m2, and cached under bench/results/).
# Prints Markdown tables; raw output goes to bench/results/outbox-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-5}
seconds=${2:-5}
lag_seconds=${3:-20}
lag_rate=${LAG_RATE:-200}
warmup_seconds=${WARMUP_SECONDS:-90}
databases=${DATABASES:-h2 mariadb}
baseline_ref=${BASELINE_REF:-0811e6b}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_base=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run outbox

# ---- the baseline jar: built once per commit from a clean export of it
baseline_sha=$(git rev-parse --verify "$baseline_ref^{commit}")
baseline_patch=${BASELINE_PATCH:-bench/patches/h2-write-delay-0.patch}
baseline_cache=bench/results/baseline-$baseline_sha.jar
if [[ $baseline_patch != none ]]; then
  baseline_cache=bench/results/baseline-$baseline_sha-$(sha256sum "$baseline_patch" | cut -c1-12).jar
fi
if [[ ! -f $baseline_cache ]]; then
  src=$(mktemp -d)
  git archive "$baseline_sha" | tar -x -C "$src"
  if [[ $baseline_patch != none ]]; then
    (cd "$src" && git apply --unidiff-zero) <"$baseline_patch"
  fi
  echo "building the baseline $baseline_sha in $src" >&2
  (cd "$src" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -o -DskipTests package -pl bootstrap -am) >&2
  cp "$src/bootstrap/target/rpa-openapi-service.jar" "$baseline_cache"
  rm -rf "$src"
fi
cp "$baseline_cache" "$results/baseline.jar"
{
  describe_run "$results/service.jar" "$results/baseline.jar" "$sim"
  echo "baseline: $baseline_sha ($(git log -1 --format=%s "$baseline_sha")), patch: $baseline_patch"
  mariadb --version 2>/dev/null || true
  echo "rounds=$rounds seconds=$seconds lag_seconds=$lag_seconds lag_rate=$lag_rate warmup_seconds=$warmup_seconds databases=$databases"
} >"$results/machine.txt"

declare -A pids ports jars
ports[current]=18093
ports[baseline]=18094
jars[current]=$results/service.jar
jars[baseline]=$results/baseline.jar

stop_all() {
  for v in current baseline; do
    if [[ -n ${pids[$v]:-} ]]; then kill "${pids[$v]}" 2>/dev/null || true; wait "${pids[$v]}" 2>/dev/null || true; pids[$v]=; fi
  done
}
trap stop_all EXIT

# start DB VARIANT: a fresh service of that build on its own port and database
start() {
  local db=$1 v=$2 dir
  dir=$(mktemp -d)
  local env=(PORT=${ports[$v]} HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789
    DISPATCH_TIMEOUT_SECONDS=3600)
  if [[ $db == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench_$v; CREATE DATABASE rpa_bench_$v CHARACTER SET utf8mb4"
    env+=(DATABASE_URL=${mysql_base}rpa_bench_$v DATABASE_USERNAME=root)
  fi
  env "${env[@]}" "$java" ${JAVA_OPTS:-} -jar "${jars[$v]}" >"$results/$db-$v-service.log" 2>&1 &
  pids[$v]=$!
  until curl -sf "http://127.0.0.1:${ports[$v]}/health/live" >/dev/null; do
    kill -0 "${pids[$v]}" 2>/dev/null || { echo "service $v died, see $results/$db-$v-service.log" >&2; exit 1; }
    sleep 0.05
  done
}

bench() { local v=$1; shift; "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@" --base "http://127.0.0.1:${ports[$v]}"; }

for db in $databases; do
  start $db current
  start $db baseline
  for v in current baseline; do
    bench $v roundtrip --concurrency 64 --seconds "$warmup_seconds" --warmup-seconds 0 --tag "$db-$v-warmup" \
      >"$results/$db-$v-warmup.txt" 2>&1
  done
  for round in $(seq 1 "$rounds"); do
    order=(current baseline)
    ((round % 2 == 0)) && order=(baseline current)
    for v in "${order[@]}"; do
      bench $v roundtrip --concurrency 64 --seconds "$seconds" --warmup-seconds 2 --tag "$db-$v-$round" \
        | tee -a "$results/$db-$v-roundtrip.txt" >&2
    done
  done
  for round in $(seq 1 3); do
    order=(current baseline)
    ((round % 2 == 0)) && order=(baseline current)
    for v in "${order[@]}"; do
      bench $v event-lag --rate "$lag_rate" --users 16 --seconds "$lag_seconds" --warmup-seconds 5 --tag "$db-$v-$round" \
        | tee -a "$results/$db-$v-lag.txt" >&2
    done
  done
  curl -sf "http://127.0.0.1:${ports[current]}/metrics" >"$results/$db-current-metrics.txt"
  stop_all
done

# relay commit → publish: the histogram's buckets, as seconds; the first bucket holding the quantile
relay_quantile() { # file quantile
  awk -v q="$2" '/^rpa_outbox_delivery_lag_seconds_bucket/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); n[++k] = $NF; b[k] = le }
    /^rpa_outbox_delivery_lag_seconds_count/ {total = $NF}
    END { if (total == 0) {print "n/a"; exit}; for (i = 1; i <= k; i++) if (n[i] >= q * total) {printf "≤ %.1f", b[i] * 1000; exit} }' "$1"
}

echo "Raw output: $results"
echo
echo "Executions at concurrency 64 (POST /executions?wait=30, robot replies at once; after ${warmup_seconds} s unmeasured load each; median of $rounds alternating runs of ${seconds} s):"
echo
echo "| database | build | executions/s | ratio to baseline | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|---|"
for db in $databases; do
  base_rate=$(field "$results/$db-baseline-roundtrip.txt" "scenario=execution " per_s | median)
  for v in baseline current; do
    f="$results/$db-$v-roundtrip.txt"
    rate=$(field "$f" "scenario=execution " per_s | median)
    ratio=$(awk -v a="$rate" -v b="$base_rate" 'BEGIN {printf "%.2f", a/b}')
    errs=$(field "$f" "scenario=execution " errors | awk '{s+=$1} END {print s+0}')
    name=$([[ $v == baseline ]] && echo "baseline ${baseline_sha:0:7}" || echo "this build")
    echo "| $db | $name | $rate | $ratio | $(field "$f" "scenario=execution " p50_ms | median) | $(field "$f" "scenario=execution " p99_ms | median) | $errs |"
  done
done
echo
echo "Event delivery lag at $lag_rate executions/s (end_time → /ws/events watcher receives COMPLETED; 16 users; median of 3 alternating runs of ${lag_seconds} s after 5 s):"
echo
echo "| database | build | achieved executions/s | events timed | lag p50 ms | lag p99 ms | lag max ms | duplicates | missing | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for db in $databases; do
  for v in baseline current; do
    f="$results/$db-$v-lag.txt"
    sum() { field "$f" "scenario=event-lag " "$1" | awk '{s+=$1} END {print s+0}'; }
    name=$([[ $v == baseline ]] && echo "baseline ${baseline_sha:0:7}" || echo "this build")
    echo "| $db | $name | $(field "$f" "scenario=event-lag " achieved_per_s | median) | $(sum events) | $(field "$f" "scenario=event-lag " p50_ms | median) | $(field "$f" "scenario=event-lag " p99_ms | median) | $(field "$f" "scenario=event-lag " max_ms | median) | $(sum duplicates) | $(sum missing) | $(sum errors) |"
  done
done
echo
echo "Outbox relay, this build (rpa_outbox_delivery_lag_seconds over the whole run, commit → handed to the bus; bucket bounds):"
echo
echo "| database | events relayed | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for db in $databases; do
  m="$results/$db-current-metrics.txt"
  echo "| $db | $(awk '/^rpa_outbox_delivery_lag_seconds_count/ {print $NF}' "$m") | $(relay_quantile "$m" 0.5) | $(relay_quantile "$m" 0.99) |"
done
