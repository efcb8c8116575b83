# Sourced by ./run and ./robot: picks the java to use ($JAVA_HOME/bin/java, else java on PATH) into $java_bin
# and stops with one line when it is older than 21. Reads the JDK's release file, so no JVM is started.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
release="$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin" || echo /nonexistent)")")")/release"
if [[ -f "$release" ]]; then
  major=$(sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$release")
else
  major=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
fi
if [[ -z "$major" || "${major%%.*}" -lt 21 ]]; then
  echo "$(basename "$0"): needs a JDK 21 or newer (found ${major:-none} at $java_bin); set JAVA_HOME to one" >&2
  exit 1
fi
# JDK 23+ warns about Maven's own use of sun.misc.Unsafe when the wrapper builds; that flag exists only there.
if [[ "${major%%.*}" -ge 23 && -z "${MAVEN_OPTS:-}" ]]; then
  export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
fi
