# Sourced by the bench scripts: the helpers they share.

# median of the numbers on stdin, one a line ("n/a" for none)
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# wrk latency figures are like 1.23ms / 850.00us / 1.02s: print them in ms
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f\n", v}'; }

# field FILE PATTERN KEY: the value of KEY=... on the BENCH lines of FILE matching PATTERN
field() { grep -E "$2" "$1" | sed -nE "s/.* $3=([^ ]+).*/\1/p"; }

# describe_run JAR...: the first lines of a run's machine.txt — commit, the jars' SHA-256, machine, JDK ($java)
describe_run() {
  echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (working tree has changes)')"
  sha256sum "$@"
  echo "cpus $(nproc), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
  "$java" -version 2>&1 | head -1
}

# prepare_run NAME: builds $jar and $sim when missing, makes the run's directory bench/results/NAME-<time> ($results)
# and puts private copies of both jars there: a rebuild elsewhere during the run must not change what is measured
prepare_run() {
  if [[ ! -f "$jar" || ! -f "$sim" ]]; then
    ./mvnw -B -q -DskipTests package
  fi
  results=bench/results/$1-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$results"
  cp "$jar" "$results/service.jar"
  cp "$sim" "$results/bench.jar"
}

# run_cache_flags: the JVM options and start-up cache ./run gives the JVM, for the run's private jar: on JDK 25+ the
# shipped options (bootstrap/jvm.options, copied to $results) and the AOT cache trained for them
# ($results/service.aot, by scripts/train-start-cache.sh on the first call, as ./run does once per build); before
# that the class-data-sharing archive ($results/service.jsa). Needs $java and $results.
run_cache_flags() {
  local major
  major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [[ ${major%%.*} -ge 25 ]]; then
    [[ -f "$results/jvm.options" ]] || cp bootstrap/jvm.options "$results/jvm.options"
    if [[ ! -f "$results/service.aot" ]]; then
      # shellcheck disable=SC2086
      scripts/train-start-cache.sh "$java" "$results/service.jar" "$results/service.aot" \
        "@$results/jvm.options" ${JAVA_OPTS:-} >&2
    fi
    echo "@$results/jvm.options -XX:AOTCache=$results/service.aot -Xlog:aot*=off -Xlog:cds*=off"
  else
    echo "-XX:SharedArchiveFile=$results/service.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

# The measured service, as ./run starts it (same flags, start-up cache) but on the run's private jar
# copy ($results/service.jar: ./run would rebuild when sources changed, i.e. measure whatever is being edited).
# Needs $results, $port, $java and $mysql_url; the calling script sets `trap stop_service EXIT`.
pid=
stop_service() {
  if [[ -n $pid ]]; then
    cgroup_peak
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    rmdir "/sys/fs/cgroup/memory/rpa-bench-$pid" "/sys/fs/cgroup/rpa-bench-$pid" 2>/dev/null || true
    pid=
  fi
}

# cgroup_peak: with LAUNCH_PREFIX="bench/in-cgroup.sh 512M", the service's cgroup's peak memory use (what the limit
# is checked against: RSS and the page cache it caused) and how often it hit the limit, into $results/cgroup.txt
cgroup_peak() {
  local v1=/sys/fs/cgroup/memory/rpa-bench-$pid v2=/sys/fs/cgroup/rpa-bench-$pid
  if [[ -f $v1/memory.max_usage_in_bytes ]]; then
    echo "BENCH cgroup=rpa-bench-$pid limit_mib=$(( $(cat "$v1/memory.limit_in_bytes") / 1048576 ))" \
      "peak_mib=$(( $(cat "$v1/memory.max_usage_in_bytes") / 1048576 )) limit_hits=$(cat "$v1/memory.failcnt")" \
      "oom_kills=$(awk '/oom_kill / {print $2}' "$v1/memory.oom_control")" >>"$results/cgroup.txt"
  elif [[ -f $v2/memory.peak ]]; then
    echo "BENCH cgroup=rpa-bench-$pid limit_mib=$(( $(cat "$v2/memory.max") / 1048576 ))" \
      "peak_mib=$(( $(cat "$v2/memory.peak") / 1048576 )) oom_kills=$(awk '/oom_kill / {print $2}' "$v2/memory.events")" \
      >>"$results/cgroup.txt"
  fi
}

# start_service DB LABEL [NAME=VALUE...]: a fresh service on h2 or mariadb (a new rpa_bench database), with the
# extra settings given; waits until it is live. Its log is $results/DB-LABEL-service.log.
start_service() {
  local db=$1 label=$2 dir
  shift 2
  dir=$(mktemp -d)
  local env=(PORT=$port HOST=127.0.0.1 DATA_DIR=$dir/data LOG_DIR=$dir/logs API_KEY_PEPPER=bench-pepper-0123456789
    DISPATCH_TIMEOUT_SECONDS=3600 "$@")
  if [[ $db == mariadb ]]; then
    mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS rpa_bench; CREATE DATABASE rpa_bench CHARACTER SET utf8mb4"
    env+=(DATABASE_URL=$mysql_url DATABASE_USERNAME=root)
  fi
  # shellcheck disable=SC2046
  # LAUNCH_PREFIX: e.g. "bench/in-cgroup.sh 512M", a container's memory limit
  env "${env[@]}" ${LAUNCH_PREFIX:-} "$java" $(run_cache_flags) ${JAVA_OPTS:-} -jar "$results/service.jar" \
    >"$results/$db-$label-service.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "service died, see $results/$db-$label-service.log" >&2; exit 1; }
    sleep 0.05
  done
}
