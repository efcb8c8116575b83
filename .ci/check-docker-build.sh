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
for needed in .env.default docker/warm-maven-cache.sh; do
  [[ -f "$work/src/$needed" ]] || { echo "check-docker-build: the build context lacks $needed" >&2; exit 1; }
done
if ! (cd "$work/src" && ./mvnw -B -q -o -Dmaven.repo.local="$work/m2" -DskipTests package); then
  echo "check-docker-build: the offline build needed something the dependency layer did not fetch" >&2
  exit 1
fi
test -f "$work/src/bootstrap/target/rpa-openapi-service.jar"
echo "check-docker-build: OK (the sources build offline from the dependency layer)"
