#!/usr/bin/env bash
# Service CPU and disk writes per execution, builds side by side on H2: each jar runs alone (its own port-18099
# service and fresh H2 directory), takes WARMUP_SECONDS (default 50) of unmeasured BenchMain roundtrip load at
# concurrency 64, then one measured run of SECONDS; the service's CPU time (utime+stime from /proc/<pid>/stat) and
# its read_bytes/write_bytes (/proc/<pid>/io: what reached the storage layer — the database file and the logs) over
# the measured run are divided by the executions completed in it. Rounds alternate the order of the jars.
# Usage: bench/cpu.sh [rounds=2] [seconds=30] LABEL=JAR...   e.g. bench/cpu.sh 2 30 baseline=old.jar current=new.jar
# Prints a Markdown table; raw output goes to bench/results/cpu-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-2}
seconds=${2:-30}
shift 2 || true
(($# > 0)) || { echo "usage: bench/cpu.sh [rounds] [seconds] LABEL=JAR..." >&2; exit 2; }
warmup_seconds=${WARMUP_SECONDS:-50}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
port=18099
jar=bootstrap/target/rpa-openapi-service.jar
sim=robot-simulator/target/robot-simulator.jar
prepare_run cpu
labels=()
jars=()
for pair in "$@"; do
  label=${pair%%=*}
  cp "${pair#*=}" "$results/$label.jar"
  labels+=("$label")
  jars+=("$results/$label.jar")
done
{
  describe_run "${jars[@]}"
  echo "rounds=$rounds seconds=$seconds warmup_seconds=$warmup_seconds"
} >"$results/machine.txt"

pid=
dir=
stop() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi
  if [[ -n $dir ]]; then rm -rf "$dir"; dir=; fi
}
trap stop EXIT
load() { "$java" -cp "$results/bench.jar" org.astronrpa.openapi.simulator.bench.BenchMain roundtrip --concurrency 64 \
  --warmup-seconds 0 --base "http://127.0.0.1:$port" "$@"; }
counters() { echo "$(awk '{print $14 + $15}' "/proc/$pid/stat") $(awk '/^read_bytes/ {print $2}' "/proc/$pid/io") $(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")"; }

for round in $(seq 1 "$rounds"); do
  order=("${labels[@]}")
  if ((round % 2 == 0)); then order=(); for ((i = ${#labels[@]} - 1; i >= 0; i--)); do order+=("${labels[$i]}"); done; fi
  for label in "${order[@]}"; do
    dir=$(mktemp -d)
    env PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789 \
      DISPATCH_TIMEOUT_SECONDS=3600 "$java" ${JAVA_OPTS:-} -jar "$results/$label.jar" >"$results/$label-$round-service.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "service $label died, see $results/$label-$round-service.log" >&2; exit 1; }
      sleep 0.1
    done
    load --seconds "$warmup_seconds" --tag "$label-$round-warmup" >"$results/$label-$round-warmup.txt" 2>&1
    read -r cpu0 read0 written0 < <(counters)
    load --seconds "$seconds" --tag "$label-$round" >"$results/$label-$round.txt" 2>&1
    read -r cpu1 read1 written1 < <(counters)
    ops=$(field "$results/$label-$round.txt" 'scenario=execution' ops)
    rate=$(field "$results/$label-$round.txt" 'scenario=execution' per_s)
    awk -v l="$label" -v r="$round" -v rate="$rate" -v ops="$ops" -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" \
      -v rb=$((read1 - read0)) -v wb=$((written1 - written0)) \
      'BEGIN {printf "%s %s %.1f %.3f %.1f %.1f\n", l, r, rate, t * 1000 / hz / ops, rb / 1024 / ops, wb / 1024 / ops}' \
      | tee -a "$results/figures.txt" >&2
    stop
  done
done

echo "| build | executions/s (per round) | service CPU ms / execution | read KB / execution | written KB / execution |"
echo "|---|---|---|---|---|"
for label in "${labels[@]}"; do
  awk -v l="$label" '$1 == l {r = r s $3; c = c s $4; rd = rd s $5; w = w s $6; s = ", "}
    END {printf "| %s | %s | %s | %s | %s |\n", l, r, c, rd, w}' "$results/figures.txt"
done
