#!/usr/bin/env bash
# Starts simulated desktop robots (robot-simulator) against a running service, e.g.
#   ./robot --user 42 --behaviour echo          (--help lists every option)
# Builds the simulator jar when it is missing. Needs a JDK 21+ (JAVA_HOME, or java on PATH).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java.sh
jar=robot-simulator/target/robot-simulator.jar
if [[ ! -f "$jar" ]]; then
  echo "robot: building $jar" >&2
  ./mvnw -B -q -DskipTests -pl robot-simulator -am package
fi
exec "$java_bin" ${JAVA_OPTS:-} -jar "$jar" "$@"
