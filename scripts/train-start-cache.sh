#!/usr/bin/env bash
# Writes the JVM's ahead-of-time cache (JDK 25+, JEP 483/514/515: classes loaded and linked, method profiles) for a
# service jar by a training run: the jar starts on an embedded H2 database of its own in a temporary directory (never
# the configured database or Redis: the environment is not passed on), answers the requests a client's first minute
# makes — health, metrics, the API document, workflows, an execution, an API key and its use, an MCP session — and is
# stopped; the JVM writes the cache as it exits. ./run and the Docker image use it; later starts map it
# (-XX:AOTCache), which halves their start-up (docs/BENCHMARKS.md, issue 18).
# Usage: scripts/train-start-cache.sh JAVA JAR CACHE [JVM flags of the starts that will use the cache...]
#   The flags that decide the cache's layout (compact object headers, the collector) must be those of the later
#   starts; the JVM refuses a cache made with others (and says so in -Xlog:aot).
set -euo pipefail
java=$1 jar=$2 cache=$3
shift 3
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
case $cache in /*) ;; *) cache=$PWD/$cache ;; esac
flags=()
for flag in "$@"; do   # an argument file named relative to here (@dir/jvm.options) is read from the scratch directory
  case $flag in @/*) flags+=("$flag") ;; @*) flags+=("@$PWD/${flag#@}") ;; *) flags+=("$flag") ;; esac
done
set -- "${flags[@]}"
work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
rm -f "$cache"
launch() { # [JVM flags...]: the service in the background ($pid), its port in $port once it is ready
  (
    cd "$work"   # no .env files of a checkout: the jar's own defaults, the settings below
    exec env -i PATH="$PATH" HOME="$work" PORT=0 HOST=127.0.0.1 DATA_DIR="$work/data" LOG_DIR="$work/logs" \
      API_KEY_PEPPER=training-pepper-not-a-secret AUTH_TRUST_USER_HEADER=true LOG_LEVEL=INFO \
      "$java" "$@" -jar "$jar"
  ) >"$work/service.log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 1 600); do
    port=$(sed -nE 's/.*service ready on port ([0-9]+).*/\1/p' "$work/service.log" | head -1)
    [[ -n $port ]] && return
    kill -0 "$pid" 2>/dev/null || { echo "train-start-cache: the service did not start:" >&2; cat "$work/service.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "train-start-cache: the service was not ready within 60 s" >&2
  exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=; }
# a first start creates the schema, so that the recorded start is one like every later one: the schema current, no
# migration run (Flyway's classes are not in the cache, so later starts do not load them for nothing)
launch "$@"
stop
launch "$@" -XX:AOTCacheOutput="$cache" -Xlog:aot*=warning -Xlog:cds*=warning
base="http://127.0.0.1:$port"
user=(-H 'X-User-Id: training')
json=(-H 'Content-Type: application/json')
get() { curl -fsS -o /dev/null "$@"; }
post() { curl -fsS "${json[@]}" "$@"; }
for _ in 1 2 3; do
  get "$base/health/live"
  get "$base/health"
  post "${user[@]}" "$base/workflows/upsert" -d '{"project_id":"training","name":"Training"}' >/dev/null
  get "${user[@]}" "$base/workflows"
  get "${user[@]}" "$base/workflows/training"
  key=$(post "${user[@]}" "$base/api-keys" -d '{"name":"training"}' | sed -nE 's/.*"api_key":"([^"]+)".*/\1/p')
  get -H "Authorization: Bearer $key" "$base/workflows"
  get -H "Authorization: Bearer $key" "$base/workflows/training"
done
stop
if [[ ! -s "$cache" ]]; then
  echo "train-start-cache: the JVM wrote no cache ($cache):" >&2
  cat "$work/service.log" >&2
  exit 1
fi
echo "train-start-cache: $cache ($(( $(stat -c %s "$cache") / 1048576 )) MiB)"
