#!/usr/bin/env bash
# Benchmark of issue 18 (footprint), first part: start to first 200 and idle RSS, side by side in one run on the same
# machine, for the ways the service is started:
#   plain      `java -jar` with nothing else: no start-up cache, the JVM's defaults (what a bare launch gets);
#   before     the JVM flags ./run used before issue 18's memory work: an AOT cache, the JVM's defaults otherwise;
#   ./run      the README's command itself (shipped options, bootstrap/jvm.options, and the AOT cache it trains);
#   image      the image's layout and command — `java @jvm.options -XX:AOTCache=… -jar` in a directory of its own —
#              with the memory a 512 MiB container shows the JVM (-XX:MaxRAM=512m).
# Caches are trained before the measured starts (scripts/train-start-cache.sh, as ./run and the image build do; the
# `before` cache recorded by a first start, as ./run did). Every measured start is on a data directory (or MariaDB
# database) that exists already, as every start but the very first. "Start → first 200" is from launching to the
# first 200 of /health/live (curl every 10 ms); idle RSS is read IDLE_SECONDS (default 20) after the first 200 on
# the first RSS_STARTS (default 3) starts of each — the JIT compiler's buffers of the first seconds are given back by
# then. The service's log gives where the time went: to "database ready", to "ready".
# Usage: bench/footprint.sh [starts=5]    (MariaDB too when BENCH_MYSQL_URL is set, e.g. jdbc:mysql://127.0.0.1:3306/rpa_bench)
# Needs a JDK 25 (JAVA_HOME) and curl. Prints a Markdown table; logs in bench/results/footprint-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
starts=${1:-5}
idle_seconds=${IDLE_SECONDS:-20}
rss_starts=${RSS_STARTS:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
port=18096
prepare_run footprint
describe_run "$results/service.jar" >"$results/machine.txt"
pid=
trap 'if [[ -n $pid ]]; then kill $pid 2>/dev/null || true; fi' EXIT

dbs=(h2)
[[ -n "${BENCH_MYSQL_URL:-}" ]] && dbs+=(mariadb)
variants=(plain before ./run image)

# the image's layout: the jar, the options and the cache in a directory of their own
image=$results/app
mkdir -p "$image"
cp "$results/service.jar" "$image/rpa-openapi-service.jar"
cp bootstrap/jvm.options "$image/jvm.options"
scripts/train-start-cache.sh "$java" "$image/rpa-openapi-service.jar" "$image/rpa-openapi-service.aot" \
  "@$image/jvm.options" -XX:MaxRAM=512m >"$results/train-image.txt"
# ./run: its own cache file for this run (it trains it now, and builds the jar first if the sources changed)
export JAVA_CACHE_FILE=$results/run.aot
PORT=$port DATA_DIR=$(mktemp -d) ./run >"$results/run-training.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "./run died, see $results/run-training.log" >&2; exit 1; }
  sleep 0.1
done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

launch() { # db data-dir log variant
  local db=$1 dir=$2 log=$3 variant=$4
  local env=(PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789)
  [[ $db == mariadb ]] && env+=(DATABASE_URL=$BENCH_MYSQL_URL DATABASE_USERNAME=root)
  case $variant in
    plain) env "${env[@]}" "$java" -jar "$results/service.jar" >"$log" 2>&1 & ;;
    before) env "${env[@]}" "$java" -XX:AOTCache="$results/before.aot" -Xlog:aot*=off -Xlog:cds*=off \
              -jar "$results/service.jar" >"$log" 2>&1 & ;;
    ./run) env "${env[@]}" ./run >"$log" 2>&1 & ;;
    image) (cd "$image" && exec env "${env[@]}" MALLOC_ARENA_MAX=2 "$java" @jvm.options -XX:AOTCache=rpa-openapi-service.aot \
              -XX:MaxRAM=512m -jar rpa-openapi-service.jar) >"$log" 2>&1 & ;;
  esac
  pid=$!
}

wait_live() { # t0 log → ms from t0 until the first 200 of /health/live
  local t0=$1 log=$2
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "service died, see $log" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

ms_of() { date -u -d "$1" +%s%3N; }   # a log line's ISO time → epoch ms

for db in "${dbs[@]}"; do
  dir=$(mktemp -d)
  if [[ $db == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench; CREATE DATABASE rpa_bench CHARACTER SET utf8mb4"
  fi
  # the first start creates the schema; on H2 a second one records the `before` cache, as ./run did until now
  launch "$db" "$dir" "$results/$db-first.log" plain
  wait_live "$(date +%s%N)" "$results/$db-first.log" >/dev/null
  stop
  if [[ ! -f "$results/before.aot" ]]; then
    env PORT=$port HOST=127.0.0.1 DATA_DIR="$dir/data" LOG_DIR="$dir/logs" API_KEY_PEPPER=bench-pepper-0123456789 \
      "$java" -XX:AOTCacheOutput="$results/before.aot" -Xlog:aot*=off -jar "$results/service.jar" \
      >"$results/before-training.log" 2>&1 &
    pid=$!
    wait_live "$(date +%s%N)" "$results/before-training.log" >/dev/null
    curl -s -o /dev/null "http://127.0.0.1:$port/health"
    curl -s -o /dev/null -H 'X-User-Id: bench' "http://127.0.0.1:$port/workflows"
    stop
  fi
  for variant in "${variants[@]}"; do
    for i in $(seq 1 "$starts"); do
      log="$results/$db-${variant#./}-$i.log"
      t0=$(date +%s%N)
      launch "$db" "$dir" "$log" "$variant"
      live=$(wait_live "$t0" "$log")
      rss=
      if [[ $i -le $rss_starts ]]; then
        curl -s -o /dev/null "http://127.0.0.1:$port/health"
        curl -s -o /dev/null -H 'X-User-Id: bench' "http://127.0.0.1:$port/workflows"
        sleep "$idle_seconds"
        java_pid=$(pgrep -P "$pid" java || echo "$pid")   # ./run execs java: the same pid
        rss=" idle_rss_mib=$(( $(awk '/VmRSS/{print $2}' "/proc/$java_pid/status") / 1024 ))"
      fi
      stop
      start_ms=$(( t0 / 1000000 ))
      db_ready=$(( $(ms_of "$(grep -m1 'database ready' "$log" | grep -oE '^[0-9T:.-]+Z')") - start_ms ))
      ready=$(( $(ms_of "$(grep -m1 'service ready on port' "$log" | grep -oE '^[0-9T:.-]+Z')") - start_ms ))
      echo "BENCH db=$db variant=$variant start=$i live_ms=$live db_ready_ms=$db_ready ready_ms=$ready$rss" \
        | tee -a "$results/starts.txt"
    done
  done
done

echo
echo "| db | started as | start → first 200 (median of $starts) | → database ready | → ready | idle RSS (median of $rss_starts, ${idle_seconds} s after) |"
echo "|---|---|---|---|---|---|"
for db in "${dbs[@]}"; do
  for variant in "${variants[@]}"; do
    m() { field "$results/starts.txt" "db=$db variant=$variant " "$1" | median; }
    echo "| $db | $variant | $(m live_ms) ms | $(m db_ready_ms) ms | $(m ready_ms) ms | $(m idle_rss_mib) MiB |"
  done
done | tee "$results/table.md"
