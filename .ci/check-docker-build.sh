#!/usr/bin/env bash
# Keeps the image build honest without a Docker engine: replays docker/Dockerfile's build stage on this machine —
# the dependency layer (docker/warm-maven-cache.sh on the pom-only tree, into an empty local repository), then the
# sources built OFFLINE from that repository alone. If the dependency layer missed anything, the offline build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/poms" "$work/src" "$work/m2"

# Stage "poms": every pom.xml of the reactor at its path, as the Dockerfile collects them.
find . -name pom.xml -not -path '*/target/*' -not -path './.git/*' -exec cp --parents '{}' "$work/poms/" ';'
cp -r mvnw .mvn "$work/poms/"
(cd "$work/poms" && sh "$OLDPWD/docker/warm-maven-cache.sh" -Dmaven.repo.local="$work/m2")
echo "check-docker-build: dependency layer: $(du -sh "$work/m2" | cut -f1) fetched"

# Stage "build": the build context as docker/Dockerfile.dockerignore filters it (files git does not ignore, then
# the .dockerignore patterns in order, "!" re-including), packaged offline.
git ls-files -z --cached --others --exclude-standard | python3 -c '
import fnmatch, sys
patterns = [l.strip() for l in open("docker/Dockerfile.dockerignore") if l.strip() and not l.startswith("#")]
def hit(path, pattern):
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    pattern = pattern.lstrip("/")
    return any(fnmatch.fnmatch(p, pattern) or (pattern.startswith("**/") and fnmatch.fnmatch(p, pattern[3:]))
               for p in prefixes)
for path in sys.stdin.read().split("\0"):
    if not path:
        continue
    excluded = False
    for pattern in patterns:
        if pattern.startswith("!"):
            if excluded and hit(path, pattern[1:]):
                excluded = False
        elif hit(path, pattern):
            excluded = True
    if not excluded:
        sys.stdout.write(path + "\0")
' | xargs -0 cp --parents -t "$work/src"
for needed in .env.default docker/warm-maven-cache.sh bootstrap/jvm.options scripts/train-start-cache.sh; do
  [[ -f "$work/src/$needed" ]] || { echo "check-docker-build: the build context lacks $needed" >&2; exit 1; }
done
if ! (cd "$work/src" && ./mvnw -B -q -o -Dmaven.repo.local="$work/m2" -DskipTests package); then
  echo "check-docker-build: the offline build needed something the dependency layer did not fetch" >&2
  exit 1
fi
test -f "$work/src/bootstrap/target/rpa-openapi-service.jar"
echo "check-docker-build: the sources build offline from the dependency layer"
# Stage "runtime": /app as the Dockerfile lays it out, the AOT cache trained by the step it runs (needs a JDK 25:
# JAVA_HOME), then the ENTRYPOINT itself (read from the Dockerfile, /app mapped here) with -XX:AOTMode=on, under
# which a JVM that cannot use the cache refuses to start instead of starting slowly: the image's cache works.
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] \
   && "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders -XX:AOTMode=auto -version >/dev/null 2>&1; then
  app="$work/app"
  mkdir -p "$app"
  cp "$work/src/bootstrap/target/rpa-openapi-service.jar" "$app/"
  cp "$work/src/bootstrap/jvm.options" "$app/jvm.options"
  train_args=$(sed -nE '/train-start-cache java/,/^ *&& chmod/p' docker/Dockerfile | tr -d '\\\n' \
    | sed -E 's/.*train-start-cache java //; s/ *&& chmod.*//; s/ +/ /g')
  [[ -n $train_args ]] || { echo "check-docker-build: no train-start-cache step found in docker/Dockerfile" >&2; exit 1; }
  # shellcheck disable=SC2086
  PATH="$JAVA_HOME/bin:$PATH" bash "$work/src/scripts/train-start-cache.sh" "$JAVA_HOME/bin/java" ${train_args//\/app\//$app/}
  mapfile -t entry < <(python3 -c '
import json, re, sys
text = open("docker/Dockerfile").read()
line = re.search(r"^ENTRYPOINT (\[.*\])$", text, re.M).group(1)
for arg in json.loads(line):
    print(arg.replace("/app/", sys.argv[1] + "/"))
' "$app")
  port=18939
  (cd "$app" && exec env PORT=$port HOST=127.0.0.1 DATA_DIR="$app/data" LOG_DIR="$app/logs" MALLOC_ARENA_MAX=2 \
     "$JAVA_HOME/bin/java" -XX:AOTMode=on "${entry[@]:1}") >"$work/entrypoint.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "check-docker-build: the ENTRYPOINT did not start:" >&2; cat "$work/entrypoint.log" >&2; exit 1; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live"
  kill "$pid"; wait "$pid" || true
  echo "check-docker-build: the runtime stage's AOT cache ($(( $(stat -c %s "$app/rpa-openapi-service.aot") / 1048576 )) MiB) is used by the ENTRYPOINT"
elif [[ "${RPA_TEST_REQUIRE_SERVICES:-}" == true ]]; then
  echo "check-docker-build: the runtime stage needs a JDK 25 (JAVA_HOME) to be checked" >&2
  exit 1
else
  echo "check-docker-build: runtime stage not checked: no JDK 25 at JAVA_HOME"
fi
echo "check-docker-build: OK"
