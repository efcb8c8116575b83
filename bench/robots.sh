#!/usr/bin/env bash
# Benchmark of issue 13: robots. On H2 and on MariaDB/MySQL, one fresh instance each:
#   the user's answering robot (bench-target, labels pool=target,site=s0,os=windows) runs sequential executions
#   aimed at it by robot_id and by labels, first alone and then with COUNT more managed robots of the same user
#   connected (each with 3 labels: pool=p<i%1000>, site=s<i%50>, os=windows|linux); untargeted executions of another
#   user with a robot of its own are the baseline, measured before and with the crowd in the same run. Heap and RSS
#   before and after the crowd connects give the memory of a connected managed robot (record, connection, presence).
#   DRAIN=1 then also runs, on another fresh instance a database, QUEUED executions (default 100,000) of one user aimed
#   at the labels of one of DRAIN_ROBOTS (default 1,000) answering managed robots each (pool=p<i>: as many label sets as
#   robots), queued while the robots drain and then drained by them: enqueue rate, drain time, and the server's
#   dispatch decisions (rpa_dispatch_decision_seconds: the histogram bucket holding p50 and p99, of the decisions
#   that handed an execution to a robot and of those that found nothing an idle robot may take).
# Usage: bench/robots.sh [count=10000] [dispatches=200]
#   ONLY=h2 or ONLY=mariadb runs one database.
# Needs: a JDK 21+ (JAVA_HOME), MariaDB for the second half (BENCH_MYSQL_URL, default
# jdbc:mysql://127.0.0.1:3306/rpa_bench, user root without password; the database is recreated).
# Prints a Markdown table; raw output goes to bench/results/robots-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
count=${1:-10000}
dispatches=${2:-200}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
mysql_url=${BENCH_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/rpa_bench}
port=18093
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run robots
{
  describe_run "$jar" "$sim"
  mariadb --version 2>/dev/null || true
  echo "ulimit -n $(ulimit -n); count=$count dispatches=$dispatches"
} >"$results/machine.txt"
trap stop_service EXIT

bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@" --base "http://127.0.0.1:$port"; }

dbs=(h2 mariadb)
[[ -n ${ONLY:-} ]] && dbs=("$ONLY")
for db in "${dbs[@]}"; do
  start_service $db robots
  bench robots --count "$count" --dispatches "$dispatches" --warmup-dispatches 300 --pid "$pid" \
    | tee "$results/$db-robots.txt" >&2
  stop_service
  if [[ ${DRAIN:-0} == 1 ]]; then
    start_service $db drain
    bench drain --robots "${DRAIN_ROBOTS:-1000}" --queued "${QUEUED:-100000}" --concurrency 16 \
      | tee "$results/$db-drain.txt" >&2
    stop_service
  fi
done

echo "Raw output: $results"
echo
echo "Sequential executions (POST /executions?wait=30, the robot answers at once), $dispatches each, ms; crowd = $count managed robots of the target's user, 3 labels each:"
echo
echo "| database | what | alone p50 | alone p99 | with crowd p50 | with crowd p99 | errors |"
echo "|---|---|---|---|---|---|---|"
for db in "${dbs[@]}"; do
  f="$results/$db-robots.txt"
  for what in untargeted targeted-id targeted-labels; do
    a50=$(field "$f" "scenario=robots-$what-alone " p50_ms)
    a99=$(field "$f" "scenario=robots-$what-alone " p99_ms)
    c50=$(field "$f" "scenario=robots-$what-crowd " p50_ms)
    c99=$(field "$f" "scenario=robots-$what-crowd " p99_ms)
    errs=$(field "$f" "scenario=robots-$what-(alone|crowd) " errors | awk '{s+=$1} END {print s+0}')
    echo "| $db | $what | $a50 | $a99 | $c50 | $c99 | $errs |"
  done
done
if [[ ${DRAIN:-0} == 1 ]]; then
  echo
  echo "| database | queued | label sets | enqueue /s | drain s | drained /s | decisions handed | p50 ≤ ms | p99 ≤ ms | decisions finding none | p50 ≤ ms | p99 ≤ ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for db in "${dbs[@]}"; do
    f="$results/$db-drain.txt"
    echo "| $db | $(field "$f" "scenario=drain " queued) | ${DRAIN_ROBOTS:-1000} | $(field "$f" "scenario=drain-enqueue " per_s) | $(field "$f" "scenario=drain " seconds) | $(field "$f" "scenario=drain " per_s) | $(field "$f" "scenario=drain " decisions_handed) | $(field "$f" "scenario=drain " decision_p50_le_ms) | $(field "$f" "scenario=drain " decision_p99_le_ms) | $(field "$f" "scenario=drain " decisions_none) | $(field "$f" "scenario=drain " decision_none_p50_le_ms) | $(field "$f" "scenario=drain " decision_none_p99_le_ms) |"
  done
fi
echo
echo "| database | robots connected | connect s | records all written after s | heap before MiB | heap connected MiB | RSS before MiB | RSS connected MiB | KiB heap / robot | KiB RSS / robot |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for db in "${dbs[@]}"; do
  f="$results/$db-robots.txt"
  reg=$(field "$f" "scenario=robots-registered " seconds)
  n=$(field "$f" "scenario=robots-connect " connected)
  secs=$(field "$f" "scenario=robots-connect " seconds)
  hb=$(field "$f" "scenario=robots-before " heap_used_mib)
  hc=$(field "$f" "scenario=robots-connected " heap_used_mib)
  rb=$(field "$f" "scenario=robots-before " rss_mib)
  rc=$(field "$f" "scenario=robots-connected " rss_mib)
  awk -v db="$db" -v n="$n" -v s="$secs" -v reg="$reg" -v hb="$hb" -v hc="$hc" -v rb="$rb" -v rc="$rc" 'BEGIN {
    printf "| %s | %d | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", db, n, s, reg, hb, hc, rb, rc, (hc-hb)*1024/n, (rc-rb)*1024/n }'
done
