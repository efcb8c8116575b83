#!/usr/bin/env bash
# Benchmark of issue 18 (footprint), first part: start to first 200 and idle RSS of the built jar, side by side for the
# JVM settings under study, all in one run on the same machine: plain `java -jar` (what a container runs today), the
# class-data-sharing archive `./run` keeps, JDK 25's AOT cache (JEP 483/514: a training run writes it, later starts
# map it), compact object headers, and a container-like memory limit (-XX:MaxRAM=512m). Each start is on a data
# directory (or MariaDB database) that exists already, as every start but the first; the service's own log gives where
# the time went: JVM to the first log line (JVM, logging, configuration), to "database ready" (pool, Flyway's
# validation), to "ready" (wiring, Jetty, MCP), to the first 200.
# Usage: bench/footprint.sh [starts=5]    (MariaDB too when BENCH_MYSQL_URL is set, e.g. jdbc:mysql://127.0.0.1:3306/rpa_bench)
# Needs a JDK 25 (JAVA_HOME) for the AOT and compact-header variants. Prints a Markdown table; logs in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
starts=${1:-5}
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
variants=(plain cds aot aot-coh aot-coh-512m)

flags() { # variant → the JVM flags of it
  case $1 in
    plain) echo "" ;;
    cds) echo "-XX:SharedArchiveFile=$results/service.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off" ;;
    aot) echo "-XX:AOTCache=$results/service.aot" ;;
    aot-coh) echo "-XX:AOTCache=$results/service-coh.aot -XX:+UseCompactObjectHeaders" ;;
    aot-coh-512m) echo "-XX:AOTCache=$results/service-coh.aot -XX:+UseCompactObjectHeaders -XX:MaxRAM=512m" ;;
  esac
}

launch() { # db data-dir log flags...
  local db=$1 dir=$2 log=$3
  shift 3
  local env=(PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789)
  [[ $db == mariadb ]] && env+=(DATABASE_URL=$BENCH_MYSQL_URL DATABASE_USERNAME=root)
  env "${env[@]}" "$java" "$@" -jar "$results/service.jar" >"$log" 2>&1 &
  pid=$!
}

wait_live() { # log → ms from now until the first 200 of /health/live
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
  # the first start migrates the schema; then a training start for each AOT cache and the CDS archive (each writes
  # its file when it stops), requests made as a client would
  for training in "" "-XX:AOTCacheOutput=$results/service.aot" \
      "-XX:AOTCacheOutput=$results/service-coh.aot -XX:+UseCompactObjectHeaders" "$(flags cds)"; do
    [[ $db != h2 && -n $training ]] && continue   # the files depend on the jar and flags, not the database
    # shellcheck disable=SC2086
    launch "$db" "$dir" "$results/$db-training.log" $training
    wait_live "$(date +%s%N)" "$results/$db-training.log" >/dev/null
    curl -s -o /dev/null "http://127.0.0.1:$port/health"
    curl -s -o /dev/null -H 'X-User-Id: bench' "http://127.0.0.1:$port/workflows"
    stop
  done
  for variant in "${variants[@]}"; do
    for i in $(seq 1 "$starts"); do
      log="$results/$db-$variant-$i.log"
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      launch "$db" "$dir" "$log" $(flags "$variant")
      live=$(wait_live "$t0" "$log")
      sleep 3
      rss=$(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 ))
      stop
      start_ms=$(( t0 / 1000000 ))
      first=$(( $(ms_of "$(grep -m1 -oE '^[0-9]{4}-[0-9T:.-]+Z' "$log")") - start_ms ))
      db_ready=$(( $(ms_of "$(grep -m1 'database ready' "$log" | grep -oE '^[0-9T:.-]+Z')") - start_ms ))
      ready=$(( $(ms_of "$(grep -m1 'service ready on port' "$log" | grep -oE '^[0-9T:.-]+Z')") - start_ms ))
      echo "BENCH db=$db variant=$variant start=$i live_ms=$live first_log_ms=$first db_ready_ms=$db_ready ready_ms=$ready idle_rss_mib=$rss" \
        | tee -a "$results/starts.txt"
    done
  done
done

echo
echo "| db | JVM settings | start → first 200 (median of $starts) | JVM → first log line | → database ready | → ready | idle RSS |"
echo "|---|---|---|---|---|---|---|"
for db in "${dbs[@]}"; do
  for variant in "${variants[@]}"; do
    m() { field "$results/starts.txt" "db=$db variant=$variant " "$1" | median; }
    echo "| $db | $variant | $(m live_ms) ms | $(m first_log_ms) ms | $(m db_ready_ms) ms | $(m ready_ms) ms | $(m idle_rss_mib) MiB |"
  done
done | tee "$results/table.md"
