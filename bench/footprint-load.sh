#!/usr/bin/env bash
# Benchmark of issue 18 (footprint), second part: memory and latency under load for the JVM settings under study,
# side by side in one run on the same machine. For each variant a fresh service (its own AOT cache, trained with the
# variant's flags by scripts/train-start-cache.sh, as ./run and the image do) gets bench/http-read.sh's load — wrk,
# 2 threads, 64 connections: /health/live, a workflow read with the user header, the same read with an API key —
# after the same warm-up, then the same routes at 16 connections for the latency figures. Reported: idle RSS
# (IDLE_SECONDS, default 20, after seeding), peak RSS (VmHWM, over the whole run), requests/s at 64 connections
# (median of ROUNDS), and p50 / p99 at 16 connections (median of ROUNDS) with p99/p50.
# Usage: bench/footprint-load.sh [rounds=3] [seconds=5]
#   VARIANTS="before shipped shipped-512m g1-512m parallel-512m" (default: all), DBS="h2 mariadb" (MariaDB needs
#   BENCH_MYSQL_URL, e.g. jdbc:mysql://127.0.0.1:3306/rpa_bench; the database is recreated for each variant).
# Needs wrk and a JDK 25 (JAVA_HOME). Prints a Markdown table; raw output in bench/results/footprint-load-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}
seconds=${2:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
port=18098
read -r -a variants <<<"${VARIANTS:-before shipped shipped-512m g1-512m parallel-512m}"
read -r -a dbs <<<"${DBS:-h2${BENCH_MYSQL_URL:+ mariadb}}"
prepare_run footprint-load
cp bootstrap/jvm.options "$results/jvm.options"
describe_run "$results/service.jar" >"$results/machine.txt"
pid=
trap 'if [[ -n $pid ]]; then kill $pid 2>/dev/null || true; fi' EXIT

# the shipped options without the collector line, for the variants that choose another one
grep -v -- '-XX:+UseSerialGC' "$results/jvm.options" >"$results/jvm-any-gc.options"
flags() { # variant → its JVM flags (the AOT cache added by the caller)
  case $1 in
    before) echo "" ;;                                             # ./run before issue 18: the JVM sizes itself to the host
    shipped) echo "@$results/jvm.options" ;;                      # ./run now, on this host
    shipped-512m) echo "@$results/jvm.options -XX:MaxRAM=512m" ;; # the image in a 512 MiB container
    g1-512m) echo "@$results/jvm-any-gc.options -XX:+UseG1GC -XX:MaxRAM=512m" ;;
    parallel-512m) echo "@$results/jvm-any-gc.options -XX:+UseParallelGC -XX:MaxRAM=512m" ;;
    *) echo "unknown variant $1" >&2; exit 1 ;;
  esac
}

start() { # db variant
  local db=$1 variant=$2 dir
  dir=$(mktemp -d)
  local env=(PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789)
  if [[ $db == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench; CREATE DATABASE rpa_bench CHARACTER SET utf8mb4"
    env+=(DATABASE_URL=$BENCH_MYSQL_URL DATABASE_USERNAME=root)
  fi
  # shellcheck disable=SC2046
  [[ $variant == before ]] || env+=(MALLOC_ARENA_MAX=2)   # as ./run and the image set it
  env "${env[@]}" "$java" $(flags "$variant") -XX:AOTCache="$results/$variant.aot" -Xlog:aot*=off -Xlog:cds*=off \
    -jar "$results/service.jar" >"$results/$db-$variant-service.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "service died, see $results/$db-$variant-service.log" >&2; exit 1; }
    sleep 0.05
  done
}

seed() {
  curl -sf -X POST "http://127.0.0.1:$port/workflows/upsert" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d '{"project_id":"bench-1","name":"Bench robot","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}' >/dev/null
  key=$(curl -sf -X POST "http://127.0.0.1:$port/api-keys" -H 'X-User-Id: bench' -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
}

run_wrk() { # connections label path [header]
  local c=$1 label=$2 path=$3 out
  shift 3
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  out="$results/$db-$variant-c$c-$label-$round.txt"
  wrk -t2 -c"$c" -d"${seconds}s" --latency "${args[@]}" "http://127.0.0.1:$port$path" >"$out"
  if grep -q "Non-2xx" "$out"; then echo "non-2xx answers in $out" >&2; exit 1; fi
  echo "BENCH db=$db variant=$variant c=$c label=$label round=$round rps=$(awk '/Requests\/sec/ {print $2}' "$out")" \
    "p50_ms=$(awk '$1=="50%" {print $2}' "$out" | to_ms) p99_ms=$(awk '$1=="99%" {print $2}' "$out" | to_ms)" \
    >>"$results/load.txt"
}

for variant in "${variants[@]}"; do
  # shellcheck disable=SC2046
  scripts/train-start-cache.sh "$java" "$results/service.jar" "$results/$variant.aot" $(flags "$variant") >/dev/null
done
for db in "${dbs[@]}"; do
  for variant in "${variants[@]}"; do
    start "$db" "$variant"
    seed
    sleep "${IDLE_SECONDS:-20}"   # the JIT compiler's buffers of the first seconds are given back by then
    idle=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
    # warm-up (JIT, pools), as bench/http-read.sh
    wrk -t2 -c64 -d5s -H 'X-User-Id: bench' "http://127.0.0.1:$port/workflows/bench-1" >/dev/null
    wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/workflows/bench-1" >/dev/null
    wrk -t2 -c64 -d5s "http://127.0.0.1:$port/health/live" >/dev/null
    for round in $(seq 1 "$rounds"); do
      run_wrk 64 live /health/live
      run_wrk 64 user /workflows/bench-1 'X-User-Id: bench'
      run_wrk 64 key /workflows/bench-1 "Authorization: Bearer $key"
      run_wrk 16 live /health/live
      run_wrk 16 key /workflows/bench-1 "Authorization: Bearer $key"
    done
    peak=$(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 ))
    echo "BENCH db=$db variant=$variant idle_rss_mib=$idle peak_rss_mib=$peak" >>"$results/load.txt"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done

m() { field "$results/load.txt" "$1" "$2" | median; }
echo
echo "| db | JVM settings | idle RSS | peak RSS | req/s c64 /health/live | req/s c64 user read | req/s c64 key read | c16 /health/live p50 / p99 (ratio) | c16 key read p50 / p99 (ratio) |"
echo "|---|---|---|---|---|---|---|---|---|"
for db in "${dbs[@]}"; do
  for variant in "${variants[@]}"; do
    v="db=$db variant=$variant "
    lat() { # label → "p50 / p99 (×ratio)"
      local p50 p99
      p50=$(m "${v}c=16 label=$1 " p50_ms); p99=$(m "${v}c=16 label=$1 " p99_ms)
      echo "$p50 / $p99 ms ($(awk -v a="$p99" -v b="$p50" 'BEGIN {printf "%.1f", a/b}')×)"
    }
    echo "| $db | $variant | $(m "$v" idle_rss_mib) MiB | $(m "$v" peak_rss_mib) MiB | $(m "${v}c=64 label=live " rps) | $(m "${v}c=64 label=user " rps) | $(m "${v}c=64 label=key " rps) | $(lat live) | $(lat key) |"
  done
done | tee "$results/table.md"
