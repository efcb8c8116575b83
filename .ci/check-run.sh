#!/usr/bin/env bash
# Checks the README's `./run` on the jar that `./mvnw -B verify` built: it starts and answers /health, stops
# on SIGTERM, and keeps its start-up cache (JDK 25+: the AOT cache; before: the class-data-sharing archive) usable
# after the jar is rebuilt (a stale cache is refused by the JVM and never rewritten, which doubled every later start); while it runs, `promtool check metrics` (Debian's
# prometheus package) must find nothing to say about /metrics, and /docs and /redoc must render in Debian's headless
# Chromium from this server alone (.ci/check-docs-pages.js).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh   # $major, as ./run reads it
jar=bootstrap/target/rpa-openapi-service.jar
jsa="${jar%.jar}.$([[ ${major%%.*} -ge 25 ]] && echo aot || echo jsa)"
port=${RPA_CHECK_RUN_PORT:-18931}
work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
  echo "check-run: port $port is taken by another service (set RPA_CHECK_RUN_PORT)" >&2
  exit 1
fi

start_and_stop() { # label [command to run while it is up]
  PORT=$port DATA_DIR="$work/data" LOG_DIR="$work/logs" ./run >"$work/$1.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "check-run: ./run exited early ($1)" >&2; cat "$work/$1.out" >&2; exit 1; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "check-run: not ready ($1)" >&2; exit 1; }
  if [[ $# -gt 1 ]]; then "${@:2}"; fi
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

[[ -f "$jar" ]] || { echo "check-run: $jar is missing (run ./mvnw -B verify first)" >&2; exit 1; }
lint_metrics() { # what Prometheus users run on an exposition: no warnings allowed
  curl -fsS "http://127.0.0.1:$port/metrics" >"$work/metrics.txt"
  if ! promtool check metrics <"$work/metrics.txt"; then
    echo "check-run: promtool check metrics found problems in /metrics" >&2
    exit 1
  fi
  echo "check-run: promtool check metrics: clean ($(grep -vc '^#' "$work/metrics.txt") series)"
}

docs_pages() { # /docs and /redoc in headless Chromium: rendered, nothing from another host, nothing missing
  NODE_PATH="$pages_tools/node_modules" node .ci/check-docs-pages.js "http://127.0.0.1:$port"
}
while_up() { lint_metrics; docs_pages; }

PLAYWRIGHT_VERSION=1.57.0
pages_tools="${RPA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rpa-openapi-tools}/pages"
if [[ ! -f "$pages_tools/node_modules/playwright-core/package.json" ]] \
   || [[ "$(node -p "require('$pages_tools/node_modules/playwright-core/package.json').version")" != "$PLAYWRIGHT_VERSION" ]]; then
  npm install --no-audit --no-fund --prefix "$pages_tools" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi

rm -f "$jsa"
start_and_stop first while_up
[[ -f "$jsa" ]] || { echo "check-run: no start-up cache ($jsa) after the first stop" >&2; exit 1; }
sleep 1
touch "$jar"   # what a rebuild does to the archive's view of the jar
start_and_stop after-rebuild
if [[ ! "$jsa" -nt "$jar" ]]; then
  echo "check-run: the start-up cache ($jsa) was not rewritten after the jar changed" >&2
  exit 1
fi
echo "check-run: OK (./run starts, stops and keeps its start-up cache $(basename "$jsa") fresh)"
