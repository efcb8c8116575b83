#!/usr/bin/env bash
# Benchmark of issue 14: the scheduler.
#  1. fire lag   COUNT schedules (100 users, cron '* * * * *', overlap allow) all due at each whole minute; no robot
#                is connected, so every occurrence queues an execution that waits. For MINUTES minutes the services'
#                rpa_schedule_occurrences_total is read every 20 ms (/metrics?name[]=rpa_schedule_occurrences): how long after the minute half, 99 % and all of
#                the occurrences were decided and committed. In one run: one instance on MariaDB + Redis, then two
#                instances on MariaDB + Redis (scripts/cluster.sh, fresh database each time), then one on H2 (the
#                default, no server). On MariaDB the stored fired_at - scheduled_at of those minutes is read too.
#  2. idle CPU   one instance (H2, then MariaDB): its CPU over IDLE_SECONDS with no schedule, then with IDLE_COUNT
#                schedules none of which is due (cron '0 0 1 1 *').
# Usage: bench/schedules.sh [minutes=3] [count=10000] [idle_count=100000]
#   IDLE_SECONDS (default 60); SKIP_IDLE=1 or SKIP_FIRE=1 leave a part out; SETUPS="h2-1" (say) runs only those of
#   the fire setups mariadb-1, mariadb-2, h2-1.
# Needs: a JDK 21+ (JAVA_HOME), MariaDB (root without password on 127.0.0.1:3306; databases rpa_bench_sched and
# rpa_bench, recreated), Redis (redis://127.0.0.1:6379/0; namespace rpa-bench-sched: deleted first), nginx
# (scripts/cluster.sh installs Debian's when missing). Prints Markdown tables; raw output in bench/results/schedules-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
minutes=${1:-3}
count=${2:-10000}
idle_count=${3:-100000}
idle_seconds=${IDLE_SECONDS:-60}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
port=18097
mysql_url="jdbc:mysql://127.0.0.1:3306/rpa_bench"
jar=${BENCH_SERVICE_JAR:-bootstrap/target/rpa-openapi-service.jar}
sim=${BENCH_SIM_JAR:-robot-simulator/target/robot-simulator.jar}
prepare_run schedules
{
  describe_run "$jar" "$sim"
  mariadb --version 2>/dev/null || true
  redis-server --version 2>/dev/null || true
  echo "minutes=$minutes count=$count idle_count=$idle_count idle_seconds=$idle_seconds"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "other java processes at start:"
  pgrep -a java | cut -c1-200 || true
} >"$results/machine.txt"

# the instances on MariaDB + Redis (scripts/cluster.sh); its settings are given to it alone: the H2 service must not
# inherit REDIS_URL
cluster() {
  CLUSTER_DIR=$results/cluster CLUSTER_JAR=$results/service.jar CLUSTER_DB=rpa_bench_sched CLUSTER_PORT=18190 \
    CLUSTER_FIRST_PORT=18191 REDIS_URL=redis://127.0.0.1:6379/0 REDIS_NAMESPACE=rpa-bench-sched: \
    API_KEY_PEPPER=bench-pepper-0123456789 DISPATCH_TIMEOUT_SECONDS=3600 scripts/cluster.sh "$@"
}
a=http://127.0.0.1:18191
b=http://127.0.0.1:18192
cleanup() { cluster stop >>"$results/cluster.log" 2>&1 || true; stop_service; }
trap cleanup EXIT
bench() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@"; }
sql() { mariadb --protocol=tcp -h 127.0.0.1 -uroot -N "$@"; }

# stored lag (ms) of the fired occurrences of the measured minutes on MariaDB: p50 p99 max
stored_lag() {
  sql rpa_bench_sched -e "SELECT TIMESTAMPDIFF(MICROSECOND, scheduled_at, fired_at) DIV 1000 FROM schedule_occurrences
      WHERE outcome = 'fired' AND scheduled_at >= '$1' ORDER BY 1" \
    | awk '{a[NR]=$1} END {if (NR == 0) {print "n/a n/a n/a 0"; exit}
             p50 = a[int(NR * 0.50 + 0.999)]; p99 = a[int(NR * 0.99 + 0.999)]; print p50, p99, a[NR], NR}'
}

setups=${SETUPS:-mariadb-1 mariadb-2 h2-1}
if [[ -z ${SKIP_FIRE:-} ]]; then
  for n in 1 2; do
    [[ " $setups " == *" mariadb-$n "* ]] || continue
    CLUSTER_FRESH=1 cluster start "$n" >>"$results/cluster.log" 2>&1 \
      || { tail -n 20 "$results/cluster.log" >&2; exit 1; }
    bases=$a; ((n == 2)) && bases=$a,$b
    bench schedules-fire --base "$bases" --count "$count" --minutes "$((minutes + 1))" --tag "mariadb-$n" \
      | tee "$results/fire-mariadb-$n.txt" >&2
    # the first minute measured is left out of the stored figures as it is of the table (warm-up)
    from=$(grep 'scenario=schedules-fire' "$results/fire-mariadb-$n.txt" | sed -n 2p | sed -nE 's/.* minute=([^ ]+)Z .*/\1/p' | tr T ' ')
    echo "stored $(stored_lag "$from")" >>"$results/fire-mariadb-$n.txt"
    sql rpa_bench_sched -e "SELECT outcome, COUNT(*) FROM schedule_occurrences GROUP BY outcome" | tr '\t' '=' | paste -sd' ' \
      >"$results/outcomes-mariadb-$n.txt"
    sql rpa_bench_sched -e "SELECT COUNT(*) FROM (SELECT schedule_id, scheduled_at FROM schedule_occurrences
        GROUP BY schedule_id, scheduled_at HAVING COUNT(*) > 1) d" >"$results/duplicates-mariadb-$n.txt"
    cluster stop >>"$results/cluster.log" 2>&1
  done
  if [[ " $setups " == *" h2-1 "* ]]; then
    start_service h2 fire
    bench schedules-fire --base "http://127.0.0.1:$port" --count "$count" --minutes "$((minutes + 1))" --tag h2-1 \
      | tee "$results/fire-h2-1.txt" >&2
    stop_service
  fi
fi

if [[ -z ${SKIP_IDLE:-} ]]; then
  for db in h2 mariadb; do
    start_service "$db" idle
    bench schedules-idle --base "http://127.0.0.1:$port" --pid "$pid" --count "$idle_count" --seconds "$idle_seconds" \
      --tag "$db" | tee "$results/idle-$db.txt" >&2
    stop_service
  done
fi

echo "Raw output: $results"
echo
if [[ -z ${SKIP_FIRE:-} ]]; then
  echo "Fire lag: $count schedules due at each whole minute (overlap allow, no robot: every execution queued), ms after the minute by which the occurrences were decided and committed, read from rpa_schedule_occurrences_total every 20 ms (median of $minutes minutes after a first, unmeasured one; per minute in brackets):"
  echo
  echo "| setup | created/s | p50 ms | p99 ms | all ms | stored fired_at − scheduled_at p50 / p99 / max ms | outcomes | duplicates |"
  echo "|---|---|---|---|---|---|---|---|"
  for setup in $setups; do
    f=$results/fire-$setup.txt
    row="| $setup | $(field "$f" 'scenario=schedules-created' per_s)"
    for k in p50_ms p99_ms max_ms; do
      vals=$(field "$f" 'scenario=schedules-fire' "$k" | tail -n +2)
      row+=" | $(echo "$vals" | median) ($(echo "$vals" | paste -sd/))"
    done
    if [[ $setup == mariadb-* ]]; then
      row+=" | $(sed -n 's/^stored //p' "$f" | awk '{print $1 " / " $2 " / " $3 " (" $4 " occurrences)"}') | $(cat "$results/outcomes-$setup.txt") | $(cat "$results/duplicates-$setup.txt") |"
    else
      row+=" | – | – | – |"
    fi
    echo "$row"
  done
fi
if [[ -z ${SKIP_IDLE:-} ]]; then
  echo
  echo "Idle: the service's CPU over $idle_seconds s with nothing due:"
  echo
  echo "| database | no schedule: CPU ms/s | $idle_count schedules: CPU ms/s | created/s |"
  echo "|---|---|---|---|"
  for db in h2 mariadb; do
    f=$results/idle-$db.txt
    echo "| $db | $(field "$f" 'with=none' cpu_ms_per_s) | $(field "$f" 'with=all' cpu_ms_per_s) | $(field "$f" 'scenario=schedules-created' per_s) |"
  done
fi
