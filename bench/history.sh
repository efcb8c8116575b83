#!/usr/bin/env bash
# Benchmark of issue 12: execution lists, throughput and the retention purge with a long history present.
#  1. seed       bench/seed-history.sh: EXECUTIONS executions (half of them one user's, "bench-big"), LINES log lines
#                each, start times over 100 days; database size afterwards (SEED=0 reuses the seeded database);
#  2. lists      wrk -c16 on each list variant as bench-big (and a small user's first page): p50/p99 ms, requests/s;
#  3. throughput BenchMain roundtrip at concurrency 64 (POST /executions?wait=30, robots reply at once) on the service
#                over the history and on one over an empty database, alternating rounds, after a warm-up each;
#  4. purge      the service over the history restarted with EXECUTION_RETENTION_DAYS=90 (the oldest tenth is due:
#                EXECUTIONS/10 executions and their lines) purging from its first second: roundtrip rounds shaped as
#                step 3's (SECONDS each after 2 s of warm-up, a new load generator each round) while it purges (the
#                first, the service's JIT warm-up, not counted) against step 3's rounds over the history; how long
#                the purge took, the database size after.
# Usage: bench/history.sh [executions=1000000] [lines=5] [seconds=10] [rounds=3]
#   DATABASES (default "mariadb"; "h2" for the embedded database), SEED=0 to reuse the last seeded database,
#   WARMUP_SECONDS (default 30) of roundtrip load per service before the first round; BUFFER_POOL_MB below;
#   STEPS (default "lists throughput purge") the steps to run after the seed; PURGE_SECONDS (default 0: until it is
#   done) stops watching the purge after that long (its rate and the throughput beside it are then what was measured);
#   PURGE_DUTY the purge's RETENTION_PURGE_DUTY_PERCENT (default: the service's).
# Needs: wrk (installed with apt-get when missing), a JDK 21+ (JAVA_HOME), MariaDB at 127.0.0.1:3306 (root, no
# password) for mariadb: the database rpa_bench_history (seeded) and rpa_bench_empty are recreated.
# Prints Markdown tables; raw output goes to bench/results/history-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
executions=${1:-1000000}
lines=${2:-5}
seconds=${3:-10}
rounds=${4:-3}
databases=${DATABASES:-mariadb}
warmup_seconds=${WARMUP_SECONDS:-30}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

# a history of millions of rows is served from memory on a real server: MariaDB's default 128 MiB buffer pool would
# measure the disk. BUFFER_POOL_MB (default 4096; 0 leaves it) is set with SET GLOBAL (online; a restart undoes it)
buffer_pool_mb=${BUFFER_POOL_MB:-4096}
if [[ $databases == *mariadb* && $buffer_pool_mb != 0 ]]; then
  mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "SET GLOBAL innodb_buffer_pool_size = $((buffer_pool_mb * 1048576))"
fi

jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run history
h2_history=bench/results/h2-history
{
  describe_run "$results/service.jar" "$results/bench.jar"
  mariadb --version 2>/dev/null || true
  mariadb --protocol=tcp -h 127.0.0.1 -uroot -N -e "SELECT CONCAT('innodb_buffer_pool_size ', @@innodb_buffer_pool_size)" 2>/dev/null || true
  wrk --version 2>&1 | head -1 || true
  echo "executions=$executions lines=$lines seconds=$seconds rounds=$rounds databases=$databases warmup_seconds=$warmup_seconds"
} >"$results/machine.txt"

declare -A pids ports
ports[history]=18094
ports[empty]=18095
stop() { local v=$1; if [[ -n ${pids[$v]:-} ]]; then kill "${pids[$v]}" 2>/dev/null || true; wait "${pids[$v]}" 2>/dev/null || true; pids[$v]=; fi; }
trap 'stop history; stop empty' EXIT

# start DB VARIANT LABEL [NAME=VALUE...]: the service on the seeded database (history) or a new empty one (empty)
start() {
  local db=$1 v=$2 label=$3 dir
  shift 3
  dir=$(mktemp -d)
  local env=(PORT=${ports[$v]} HOST=127.0.0.1 LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789
    DISPATCH_TIMEOUT_SECONDS=3600 EXECUTION_RETENTION_DAYS=0 EXECUTION_LOG_RETENTION_DAYS=0 "$@")
  if [[ $db == mariadb ]]; then
    if [[ $v == empty ]]; then
      mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench_empty; CREATE DATABASE rpa_bench_empty CHARACTER SET utf8mb4"
    fi
    env+=(DATABASE_URL=jdbc:mysql://127.0.0.1:3306/rpa_bench_$v DATABASE_USERNAME=root DATA_DIR=$dir/data)
  else
    env+=(DATA_DIR=$([[ $v == history ]] && echo "$h2_history" || echo "$dir/data"))
  fi
  env "${env[@]}" "$java" ${JAVA_OPTS:-} -jar "$results/service.jar" >"$results/$db-$v-$label-service.log" 2>&1 &
  pids[$v]=$!
  until curl -sf "http://127.0.0.1:${ports[$v]}/health/live" >/dev/null; do
    kill -0 "${pids[$v]}" 2>/dev/null || { echo "service $v died, see $results/$db-$v-$label-service.log" >&2; exit 1; }
    sleep 0.1
  done
}

bench() { local v=$1; shift; "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain "$@" --base "http://127.0.0.1:${ports[$v]}"; }
# measured_round VARIANT TAG: one measured round of executions, the shape every ratio here compares (step 3 and step 4 alike)
measured_round() { bench "$1" roundtrip --concurrency 64 --seconds "$seconds" --warmup-seconds 2 --tag "$2"; }

size() { # DB: the executions and log tables' size in MiB (data and indexes), or the H2 file's
  if [[ $1 == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -N -e "SELECT ROUND(SUM(data_length + index_length) / 1048576)
      FROM information_schema.tables WHERE table_schema = 'rpa_bench_history' AND table_name IN ('executions', 'execution_logs')"
  else
    echo $(( $(stat -c %s "$h2_history/rpa.mv.db") / 1048576 ))
  fi
}

iso() { date -u -d "$1" '+%Y-%m-%dT%H:%M:%SZ'; }

for db in $databases; do
  if [[ ${SEED:-1} != 0 ]]; then
    target=$([[ $db == mariadb ]] && echo mariadb:rpa_bench_history || echo "h2:$h2_history")
    JAR="$results/service.jar" bench/seed-history.sh "$target" "$executions" "$lines" 2>&1 | tee "$results/$db-seed.txt" >&2
  fi
  echo "$(size $db)" >"$results/$db-size-before.txt"
  if [[ $db == mariadb ]]; then
    # the plans of the list reads as ExecutionListQuery writes them (the columns cut to id), with Connector/J's
    # connection collation
    cols="SELECT id, start_time FROM executions"
    page="ORDER BY start_time DESC, id DESC LIMIT 21"
    mariadb --protocol=tcp -h 127.0.0.1 -uroot rpa_bench_history >"$results/mariadb-plans.txt" <<SQL
SET NAMES utf8mb4 COLLATE utf8mb4_general_ci;
EXPLAIN $cols FORCE INDEX (ix_executions_user_start) WHERE user_id = 'bench-big' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_status_start) WHERE user_id = 'bench-big' AND status = 'FAILED' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_project_key_start) WHERE user_id = 'bench-big' AND project_key = 'bench-p7' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_project_status_start) WHERE user_id = 'bench-big' AND project_key = 'bench-p7' AND status = 'CANCELLED' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_robot_start) WHERE user_id = 'bench-big' AND robot_id = 'robot-big-42' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_error_start) WHERE user_id = 'bench-big' AND error_code = 'TIMEOUT' $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_start) WHERE user_id = 'bench-big' AND start_time >= NOW() - INTERVAL 40 DAY AND start_time < NOW() - INTERVAL 39 DAY $page;
EXPLAIN $cols FORCE INDEX (ix_executions_user_start) WHERE user_id = 'bench-big' AND start_time <= NOW() - INTERVAL 95 DAY AND (start_time < NOW() - INTERVAL 95 DAY OR id < 'x') $page;
EXPLAIN SELECT COALESCE(SUM(n), 0) AS total FROM execution_counts WHERE user_id = 'bench-big' AND status IN ('CANCELLED', 'FAILED');
EXPLAIN SELECT id FROM executions WHERE end_time < NOW() - INTERVAL 90 DAY AND start_time < NOW() - INTERVAL 25 HOUR ORDER BY end_time LIMIT 500;
EXPLAIN SELECT id, user_id, project_key, status FROM executions WHERE id IN ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002') AND end_time < NOW() - INTERVAL 90 DAY AND start_time < NOW() - INTERVAL 25 HOUR FOR UPDATE;
EXPLAIN DELETE FROM execution_logs WHERE logged_at < NOW() - INTERVAL 30 DAY LIMIT 5000;
SQL
  fi

  steps=${STEPS:-lists throughput purge}
  # ---- 2. lists
  if [[ $steps == *lists* ]]; then
  start $db history lists
  base="http://127.0.0.1:${ports[history]}"
  deep=$(curl -sf "$base/executions?pageSize=1&started_before=$(iso '95 days ago')" -H 'X-User-Id: bench-big' \
    | sed -nE 's/.*"next_cursor":"([^"]+)".*/\1/p')
  [[ -n $deep ]] || { echo "no deep cursor: is the history seeded?" >&2; exit 1; }
  variants=(
    "first page|/executions?pageSize=20"
    "status|/executions?status=FAILED"
    "two statuses|/executions?status=FAILED,CANCELLED"
    "project|/executions?project_id=bench-p7"
    "project + status|/executions?project_id=bench-p7&status=CANCELLED"
    "robot|/executions?robot_id=robot-big-42"
    "error code|/executions?error_code=TIMEOUT"
    "time range (a day, 40 days back)|/executions?started_after=$(iso '40 days ago')&started_before=$(iso '39 days ago')"
    "cursor deep in the history|/executions?cursor=$deep"
    "pageno 100 (the deepest by number)|/executions?pageNo=100&pageSize=20"
    "small user, first page|/executions?pageSize=20|bench-u5000"
  )
  for pass in 1 2; do   # the JIT's warm-up: every variant for a while, twice, before any is measured
    for variant in "${variants[@]}"; do
      IFS='|' read -r name path user <<<"$variant"
      status=$(curl -s -o /dev/null -w '%{http_code}' "$base$path" -H "X-User-Id: ${user:-bench-big}")
      [[ $status == 200 ]] || { echo "$name: $path answered $status" >&2; exit 1; }
      wrk -t2 -c16 -d2s -H "X-User-Id: ${user:-bench-big}" "$base$path" >/dev/null
    done
  done
  for variant in "${variants[@]}"; do
    IFS='|' read -r name path user <<<"$variant"
    user=${user:-bench-big}
    wrk -t2 -c16 -d2s -H "X-User-Id: $user" "$base$path" >/dev/null   # warm-up
    wrk -t2 -c16 -d"${seconds}s" --latency -H "X-User-Id: $user" "$base$path" >"$results/$db-list-$(echo "$name" | tr -c 'a-z0-9' '-').txt"
  done
  stop history
  fi

  # ---- 3. throughput: over the history and over an empty database, alternating
  if [[ $steps == *throughput* ]]; then
  start $db history roundtrip
  start $db empty roundtrip
  for v in history empty; do
    bench $v roundtrip --concurrency 64 --seconds "$warmup_seconds" --warmup-seconds 0 --tag "$db-$v-warmup" >"$results/$db-$v-warmup.txt" 2>&1
  done
  for round in $(seq 1 "$rounds"); do
    order=(history empty)
    ((round % 2 == 0)) && order=(empty history)
    for v in "${order[@]}"; do
      measured_round $v "$db-$v-$round" \
        | tee -a "$results/$db-$v-roundtrip.txt" >&2
    done
  done
  stop empty
  stop history
  fi

  # ---- 4. the purge, while executions flow: a new start with the retention on, purging from its first second;
  # its first round (the JIT's warm-up) is not counted, the rounds of step 3 over the history are the baseline; the
  # rounds have step 3's shape: shorter ones without a warm-up counted the load generator's own JIT start (a new JVM
  # a round) against the service, which made the purge look dearer than it is
  if [[ $steps == *purge* ]]; then
  start $db history purge EXECUTION_RETENTION_DAYS=90 RETENTION_PURGE_INTERVAL_SECONDS=1 \
    ${PURGE_DUTY:+RETENTION_PURGE_DUTY_PERCENT=$PURGE_DUTY}
  purge_started=$(date +%s.%N)
  round=0
  while ! grep -q 'retention purge:.*deleted$' "$results/$db-history-purge-service.log"; do
    round=$((round + 1))
    out=$results/$db-during-purge.txt
    ((round == 1)) && out=$results/$db-during-purge-warmup.txt
    measured_round history "$db-during-purge-$round" \
      | tee -a "$out" >&2
    ((round < 400)) || { echo "the purge did not end" >&2; break; }
    if [[ ${PURGE_SECONDS:-0} != 0 ]] && (( $(date +%s) - ${purge_started%.*} >= PURGE_SECONDS )); then
      echo "stopped watching the purge after $PURGE_SECONDS s" >&2
      break
    fi
  done
  purge_ended=$(date +%s.%N)
  curl -sf "http://127.0.0.1:${ports[history]}/metrics" >"$results/$db-purge-metrics.txt"
  stop history
  echo "$(size $db)" >"$results/$db-size-after.txt"
  echo "$purge_started $purge_ended" >"$results/$db-purge-window.txt"
  fi
done

echo "Raw output: $results"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b}'; }
for db in $databases; do
  echo
  echo "**$db**, $executions executions and $((executions * lines)) log lines; tables $(cat "$results/$db-size-before.txt") MiB before the purge$([[ -f $results/$db-size-after.txt ]] && echo ", $(cat "$results/$db-size-after.txt") MiB after")."
  if compgen -G "$results/$db-list-*.txt" >/dev/null; then
    echo
    echo "Lists at concurrency 16 (wrk, ${seconds} s each after 2 s of warm-up; every variant warmed up 2 × 2 s first):"
    echo
    echo "| list | p50 ms | p99 ms | requests/s |"
    echo "|---|---|---|---|"
    for f in "$results/$db"-list-*.txt; do
      name=$(basename "$f" .txt); name=${name#"$db-list-"}
      p50=$(awk '/^ +50%/ {print $2}' "$f" | to_ms)
      p99=$(awk '/^ +99%/ {print $2}' "$f" | to_ms)
      rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
      echo "| ${name//-/ } | $p50 | $p99 | $rps |"
    done
  fi
  h=
  if [[ -f $results/$db-history-roundtrip.txt ]]; then
    h=$(field "$results/$db-history-roundtrip.txt" 'scenario=execution' per_s | median)
    e=$(field "$results/$db-empty-roundtrip.txt" 'scenario=execution' per_s | median)
    echo
    echo "Executions/s at concurrency 64 (median of $rounds alternating rounds of ${seconds} s): over the history $h, over an empty database $e, ratio $(ratio "$h" "$e")."
  fi
  if [[ -f $results/$db-purge-window.txt ]]; then
    during=$({ [[ -f $results/$db-during-purge.txt ]] && field "$results/$db-during-purge.txt" 'scenario=execution' per_s || true; } | median)
    read -r s0 s1 <"$results/$db-purge-window.txt"
    purged=$(awk '/^rpa_retention_purged_rows_total.*kind="executions"/ {print $NF}' "$results/$db-purge-metrics.txt")
    purged_lines=$(awk '/^rpa_retention_purged_rows_total.*kind="log_lines"/ {print $NF}' "$results/$db-purge-metrics.txt")
    echo
    echo "Purge (duty ${PURGE_DUTY:-default}): $purged executions and $purged_lines log lines ($(awk -v a="$purged" -v b="$purged_lines" 'BEGIN {printf "%d", a + b}') rows) in about $(awk -v a="$s0" -v b="$s1" 'BEGIN {printf "%.0f", b - a}') s watched; executions/s meanwhile $during (median of the ${seconds} s rounds after the first) against ${h:-n/a} over the history without a purge, ratio $(ratio "$during" "$h")."
  fi
done
