#!/usr/bin/env bash
# Seeds an execution history for the benchmarks of issue 12, with the database's own bulk insert (INSERT … SELECT
# over MariaDB's SEQUENCE engine or H2's SYSTEM_RANGE), in chunks of CHUNK rows (default 250,000), each its own
# statement. The schema is the service's: the jar migrates the database first.
#
# Usage: bench/seed-history.sh TARGET [executions=1000000] [lines_per_execution=5]
#   TARGET      mariadb:DATABASE (recreated; MariaDB at 127.0.0.1:3306, user root without password) or h2:DATA_DIR
#               (recreated)
#   JAR         the service jar that migrates (default bootstrap/target/rpa-openapi-service.jar)
#   SPAN_DAYS   start times spread evenly over that many days up to now (default 100: with a 90-day retention the
#               oldest tenth is due for the purge)
#   USERS       owners besides the big one (default 10,000)
#
# What it makes, deterministically (hashes of the row number, no RAND()): half of the executions belong to one user,
# "bench-big", over 50 workflows (bench-p0 … bench-p49, the first ones far more used: the share of p_k falls like
# 1/sqrt); the other half over USERS users "bench-u<k>", skewed the same way (bench-u0 busiest), each with 5
# workflows (bench-u<k>-p0 … -p4). Status: 90% COMPLETED, 7% FAILED (error code ROBOT_ERROR 60%, TIMEOUT 30%, ROBOT_OFFLINE 10%: never
# dispatched), 3% CANCELLED. Robots: 100 for the big user (robot-big-<k>), 3 for each other user. Ids are
# UUID-shaped and ordered (00000000-0000-4000-8000-<row number>); every execution has lines_per_execution log lines,
# one a second after its start. execution_counts is rebuilt from the rows at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/seed-history.sh mariadb:DATABASE|h2:DATA_DIR [executions] [lines_per_execution]}
executions=${2:-1000000}
lines=${3:-5}
chunk=${CHUNK:-250000}
span_days=${SPAN_DAYS:-100}
users=${USERS:-10000}
jar=${JAR:-bootstrap/target/rpa-openapi-service.jar}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
kind=${target%%:*}
where=${target#*:}
port=${SEED_PORT:-18099}

[[ -f $jar ]] || ./mvnw -B -q -DskipTests package
# the start times: evenly from SPAN_DAYS ago to now, in microseconds a row
now_epoch=$(date -u +%s)
base=$(date -u -d "@$((now_epoch - span_days * 86400))" '+%Y-%m-%d %H:%M:%S')
step_us=$((span_days * 86400 * 1000000 / executions))

# migrate: the service's own start, stopped once it is live
migrate() {
  local dir
  dir=$(mktemp -d)
  env PORT=$port HOST=127.0.0.1 DATA_DIR="${1:-$dir/data}" LOG_DIR="$dir/logs" API_KEY_PEPPER=bench-pepper-0123456789 \
    "${@:2}" "$java" -jar "$jar" >"$dir/service.log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/service.log" >&2; echo "seed: the service did not start" >&2; exit 1; }
    sleep 0.2
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

# integer division (MariaDB's / gives a decimal, H2 divides integers as integers): set per database below
idiv() { if [[ $kind == mariadb ]]; then echo "(($1) DIV ($2))"; else echo "(($1) / ($2))"; fi; }
# a BIGINT literal (H2 types a small one INT)
big() { if [[ $kind == mariadb ]]; then echo "$1"; else echo "CAST($1 AS BIGINT)"; fi; }
# the base time plus $1 microseconds (H2 adds an INT at most: seconds, then the milliseconds left)
at() {
  if [[ $kind == mariadb ]]; then
    echo "TIMESTAMPADD(MICROSECOND, $1, TIMESTAMP '$base')"
  else
    echo "DATEADD(SECOND, CAST(($1) / 1000000 AS INT), DATEADD(MILLISECOND, CAST(MOD(($1) / 1000, 1000) AS INT), TIMESTAMP '$base'))"
  fi
}

# the SELECT of one chunk's executions, from a row source giving `seq` ($1)
executions_select() {
  # hashes of the row number; BIGINT on H2 too, whose MOD has the divisor's type (products overflow an INT)
  local h1="MOD(r.seq * 2654435761, $(big 1000003))" h2="MOD(r.seq * 40503 + 12345, $(big 1000033))"
  # skewed picks: k in [0, n) with k/n distributed like the square of a uniform number (low k far more often)
  local project user
  project=$(idiv "50 * $h2 * $h2" "$((1000033 * 1000033))")
  user=$(idiv "$users * $h1 * $h1" "$((1000003 * 1000003))")
  cat <<SQL
SELECT CONCAT('00000000-0000-4000-8000-', LPAD(CONCAT('', r.seq), 12, '0')),
       CASE WHEN MOD(r.seq, 2) = 0 THEN CONCAT('bench-p', $project)
            ELSE CONCAT('bench-u', $user, '-p', MOD($h2, 5)) END,
       CASE WHEN MOD(r.seq, 2) = 0 THEN CONCAT('bench-p', $project)
            ELSE CONCAT('bench-u', $user, '-p', MOD($h2, 5)) END,
       CASE WHEN MOD(r.seq, 2) = 0 THEN 'bench-big' ELSE CONCAT('bench-u', $user) END,
       CASE WHEN MOD($h2, 100) < 90 THEN 'COMPLETED' WHEN MOD($h2, 100) < 97 THEN 'FAILED' ELSE 'CANCELLED' END,
       '{"invoice":"INV-0001","amount":12.5}',
       CASE WHEN MOD($h2, 100) < 90 THEN '{"booked":true}' END,
       CASE WHEN MOD($h2, 100) < 90 THEN NULL WHEN MOD($h2, 100) < 97 THEN 'seeded failure' ELSE 'cancelled by the caller' END,
       CASE WHEN MOD($h2, 100) < 90 THEN NULL
            WHEN MOD($h2, 100) < 97 THEN CASE WHEN MOD($h1, 10) < 6 THEN 'ROBOT_ERROR' WHEN MOD($h1, 10) < 9 THEN 'TIMEOUT' ELSE 'ROBOT_OFFLINE' END
            ELSE 'CANCELLED' END,
       'EXECUTOR',
       CASE WHEN MOD($h2, 100) BETWEEN 90 AND 96 AND MOD($h1, 10) = 9 THEN NULL
            WHEN MOD(r.seq, 2) = 0 THEN CONCAT('robot-big-', MOD(r.seq, 100))
            ELSE CONCAT('robot-', $user, '-', MOD(r.seq, 3)) END,
       CASE WHEN MOD($h2, 100) BETWEEN 90 AND 96 AND MOD($h1, 10) = 9 THEN NULL
            ELSE CONCAT('ev-', LPAD(CONCAT('', r.seq), 12, '0')) END,
       $(at "r.seq * $step_us"),
       CASE WHEN MOD($h2, 100) BETWEEN 90 AND 96 AND MOD($h1, 10) = 9 THEN NULL
            ELSE $(at "r.seq * $step_us + 1000000") END,
       $(at "r.seq * $step_us + 30000000"),
       3600,
       $(at "r.seq * $step_us + 60000000"),
       NULL,
       3
  FROM $1
SQL
}

insert_executions="INSERT INTO executions (id, project_id, project_key, user_id, status, params, result, error,
  error_code, exec_position, robot_id, event_id, start_time, dispatched_at, end_time, timeout_seconds,
  dispatch_deadline, deadline_at, version)"
insert_lines="INSERT INTO execution_logs (execution_id, seq, logged_at, level, message)"
lines_select() { # row source of executions ($1), of line numbers ($2)
  cat <<SQL
SELECT CONCAT('00000000-0000-4000-8000-', LPAD(CONCAT('', r.seq), 12, '0')), l.seq,
       $(at "r.seq * $step_us + l.seq * 1000000"),
       'INFO', CONCAT('step ', l.seq, ' of the seeded run: read the invoice and book it')
  FROM $1 CROSS JOIN $2
SQL
}
recount="DELETE FROM execution_counts;
INSERT INTO execution_counts (user_id, project_key, status, n)
SELECT user_id, project_key, status, COUNT(*) FROM executions GROUP BY user_id, project_key, status;"

started=$(date +%s)
case $kind in
  mariadb)
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$where\`; CREATE DATABASE \`$where\` CHARACTER SET utf8mb4"
    migrate "" DATABASE_URL="jdbc:mysql://127.0.0.1:3306/$where" DATABASE_USERNAME=root
    sql() { mariadb --protocol=tcp -h 127.0.0.1 -uroot "$where"; }
    for ((from = 1; from <= executions; from += chunk)); do
      to=$((from + chunk - 1 < executions ? from + chunk - 1 : executions))
      { echo "SET SESSION unique_checks = 0;"; echo "$insert_executions"; executions_select "seq_${from}_to_${to} r"; echo ";"
        echo "$insert_lines"; lines_select "seq_${from}_to_${to} r" "seq_1_to_${lines} l"; echo ";"; } | sql
      echo "seed: $to of $executions executions ($(( $(date +%s) - started )) s)" >&2
    done
    echo "$recount" | sql
    ;;
  h2)
    rm -rf "$where"
    migrate "$where"
    url="jdbc:h2:file:$(realpath "$where")/rpa;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;IGNORECASE=TRUE"
    script=$(mktemp)
    for ((from = 1; from <= executions; from += chunk)); do
      to=$((from + chunk - 1 < executions ? from + chunk - 1 : executions))
      { echo "$insert_executions"; executions_select "(SELECT X AS seq FROM SYSTEM_RANGE($from, $to)) r"; echo ";"
        echo "$insert_lines"; lines_select "(SELECT X AS seq FROM SYSTEM_RANGE($from, $to)) r" \
          "(SELECT X AS seq FROM SYSTEM_RANGE(1, $lines)) l"; echo ";"; } >>"$script"
    done
    echo "$recount" >>"$script"
    "$java" -cp "$jar" org.h2.tools.RunScript -url "$url" -user sa -password '' -script "$script"
    rm -f "$script"
    ;;
  *) echo "seed: TARGET is mariadb:DATABASE or h2:DATA_DIR" >&2; exit 2 ;;
esac
echo "seed: $executions executions and $((executions * lines)) log lines in $(( $(date +%s) - started )) s" >&2
