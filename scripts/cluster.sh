#!/usr/bin/env bash
# Several instances of the service on this machine, without Docker: N jars on ports 8021.. sharing one
# MariaDB/MySQL database, one Redis and one API key pepper, behind a Debian nginx on port 8020 that passes
# WebSocket upgrades (the topology of docker/docker-compose.cluster.yml; README, "Running several instances").
#
#   scripts/cluster.sh start [N]      start N instances (default 2, or as many as last time) and nginx; instances
#                                     already running are kept, so "start" after "kill K" brings K back
#   scripts/cluster.sh status         pids, ports, /health of each instance and through nginx
#   scripts/cluster.sh kill K         kill -9 instance K (a crash: its robots reconnect through nginx elsewhere)
#   scripts/cluster.sh stop           stop the instances (SIGTERM, graceful) and nginx; the database stays
#   scripts/cluster.sh nginx-conf [N] print the nginx configuration it would run (.ci/lint-docker.sh tests it)
#
# Then: ./robot --url ws://127.0.0.1:8020/ws --user 42   and   curl localhost:8020/robots -H 'X-User-Id: 42'
#
# Needs: a JDK 21+ (JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), MariaDB/MySQL and Redis running,
# nginx (installed with apt-get when missing and this runs as root), curl. Builds the jar when it is missing.
# Settings (environment):
#   CLUSTER_DIR          run directory: pids, logs, data, nginx config (default tmp/cluster, git-ignored)
#   CLUSTER_PORT         nginx port (default 8020); CLUSTER_FIRST_PORT first instance port (default 8021)
#   CLUSTER_BIND         interface nginx listens on (default 127.0.0.1); instances listen on 127.0.0.1 only
#   CLUSTER_DB           database, created when missing (default rpa_cluster); CLUSTER_FRESH=1 drops it first
#                        and deletes the namespace's Redis keys (only when no instance runs)
#   CLUSTER_MYSQL_HOST / CLUSTER_MYSQL_PORT / CLUSTER_MYSQL_USER / CLUSTER_MYSQL_PASSWORD
#                        database server (default 127.0.0.1 / 3306 / root / none)
#   REDIS_URL            default redis://127.0.0.1:6379/0; REDIS_NAMESPACE default rpa-cluster: (its own, so
#                        that tests and other deployments sharing this Redis are not disturbed)
#   API_KEY_PEPPER       default: generated once into CLUSTER_DIR/api-key-pepper and reused
#   CLUSTER_JAR          the service jar (default bootstrap/target/rpa-openapi-service.jar); each start takes a
#                        private copy into CLUSTER_DIR while no instance runs, so a rebuild cannot change it
#   CLUSTER_START_TIMEOUT seconds an instance may take to answer /health/live after its start (default 120)
#   CLUSTER_NGINX_WORKERS nginx worker_processes (default auto)
#   JAVA_OPTS            extra JVM flags. Any other setting of the service (LOG_LEVEL, DISPATCH_TIMEOUT_SECONDS,
#                        RATE_LIMIT_PER_MINUTE, ...) is passed on from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

dir=${CLUSTER_DIR:-tmp/cluster}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
nginx_port=${CLUSTER_PORT:-8020}
first_port=${CLUSTER_FIRST_PORT:-8021}
bind=${CLUSTER_BIND:-127.0.0.1}
db=${CLUSTER_DB:-rpa_cluster}
db_host=${CLUSTER_MYSQL_HOST:-127.0.0.1}
db_port=${CLUSTER_MYSQL_PORT:-3306}
db_user=${CLUSTER_MYSQL_USER:-root}
db_password=${CLUSTER_MYSQL_PASSWORD:-}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/0}
namespace=${REDIS_NAMESPACE:-rpa-cluster:}
jar_source=${CLUSTER_JAR:-bootstrap/target/rpa-openapi-service.jar}
jar=$dir/service.jar

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

instance_port() { echo $((first_port + $1 - 1)); }
pid_of() { # file → pid when that process still runs, else nothing
  local pid
  [[ -f $1 ]] || return 0
  pid=$(<"$1")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}
instance_pid() { pid_of "$dir/instance-$1.pid"; }
nginx_pid() { pid_of "$dir/nginx/nginx.pid"; }
# instances this run directory knows about (pid files), numerically
known_instances() {
  local f
  for f in "$dir"/instance-*.pid; do [[ -e $f ]] && { f=${f##*/instance-}; echo "${f%.pid}"; }; done | sort -n
}
count_setting() { # N from the argument, else the last start's, else 2
  local n=${1:-}
  if [[ -z $n && -f $dir/instances ]]; then n=$(<"$dir/instances"); fi
  n=${n:-2}
  [[ $n =~ ^[1-9]$ ]] || die "the number of instances must be 1..9 (got $n)"
  echo "$n"
}

# ------------------------------------------------------------------------------------------------ nginx

# The nginx configuration for instances 1..N: a main context of its own (pid, logs and temp files in the run
# directory) around docker/nginx/rpa-openapi.conf, whose "server rpa-openapi-K:8020" lines (in each upstream)
# become this run's instances and whose "listen 8020" becomes CLUSTER_BIND:CLUSTER_PORT.
render_nginx() { # N
  local n=$1 servers="" k nofile
  # as many descriptors as allowed (robots hold two each: client side and instance side), at most 65536
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited || $nofile -gt 65536 ]] && nofile=65536
  for k in $(seq 1 "$n"); do servers+="127.0.0.1:$(instance_port "$k") "; done
  cat <<EOF
# Generated by scripts/cluster.sh from docker/nginx/rpa-openapi.conf; regenerated at each start.
worker_processes ${CLUSTER_NGINX_WORKERS:-auto};
worker_rlimit_nofile $nofile;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;

events {
    worker_connections $((nofile < 16384 ? nofile : 16384));
}

http {
    # \$request_method \$uri, not \$request: the query may hold an API key (?key=), which must never be logged
    log_format upstream '\$remote_addr [\$time_local] "\$request_method \$uri \$server_protocol" \$status \$body_bytes_sent '
                        'upstream=\$upstream_addr upstream_status=\$upstream_status '
                        'request_time=\$request_time request_id=\$upstream_http_x_request_id';
    access_log $dir/nginx/access.log upstream buffer=64k flush=1s;
    client_body_temp_path $dir/nginx/temp/body;
    proxy_temp_path $dir/nginx/temp/proxy;
    fastcgi_temp_path $dir/nginx/temp/fastcgi;
    uwsgi_temp_path $dir/nginx/temp/uwsgi;
    scgi_temp_path $dir/nginx/temp/scgi;

    server_tokens off;
    sendfile on;
    tcp_nodelay on;
    keepalive_timeout 75s;

EOF
  awk -v servers="$servers" -v listen="$bind:$nginx_port" '
    /^[[:space:]]*upstream / { done = 0; upstreams++ }
    /^[[:space:]]*server rpa-openapi-[0-9]+:8020/ {
      if (!done) {
        rendered++
        indent = $0; sub(/server.*/, "", indent)
        rest = $0; sub(/^[[:space:]]*server [^ ;]+/, "", rest)
        n = split(servers, s, " ")
        for (i = 1; i <= n; i++) print "    " indent "server " s[i] rest
        done = 1
      }
      next
    }
    /^[[:space:]]*listen 8020;/ { sub(/listen 8020;/, "listen " listen ";"); listened = 1 }
    { print ($0 == "" ? "" : "    " $0) }
    END { if (!upstreams || rendered != upstreams || !listened) { print "cluster: docker/nginx/rpa-openapi.conf changed shape (upstream servers or listen line not found)" > "/dev/stderr"; exit 1 } }
  ' "$repo/docker/nginx/rpa-openapi.conf"
  echo "}"
}

ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] && return 0
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "nginx is missing: install Debian's nginx-light (apt-get install -y nginx-light)"
  say "installing Debian's nginx-light"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y nginx-light >&2 || apt-get install -y nginx >&2 \
    || { apt-get update >&2 && apt-get install -y nginx-light >&2; } || die "could not install nginx"
}
nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

start_nginx() { # N
  local n=$1 conf=$dir/nginx/nginx.conf pid
  ensure_nginx
  mkdir -p "$dir/nginx/temp"
  render_nginx "$n" >"$conf.new"
  "$(nginx_bin)" -t -q -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$conf.new" \
    || die "nginx rejects the generated configuration ($conf.new)"
  mv "$conf.new" "$conf"
  pid=$(nginx_pid)
  if [[ -n $pid ]]; then
    say "nginx ($pid): reloading for $n instance(s)"
    "$(nginx_bin)" -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$conf" -s reload
  else
    say "nginx on $bind:$nginx_port → 127.0.0.1:$(instance_port 1)..$(instance_port "$n")"
    "$(nginx_bin)" -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$conf"
  fi
}

# ------------------------------------------------------------------------------------------------ instances

ensure_database() {
  local args=(--protocol=tcp -h "$db_host" -P "$db_port" -u "$db_user")
  [[ -n $db_password ]] && args+=("-p$db_password")
  command -v mariadb >/dev/null 2>&1 && client=mariadb || client=mysql
  if [[ ${CLUSTER_FRESH:-0} == 1 ]]; then
    say "CLUSTER_FRESH=1: dropping database $db and the Redis keys under $namespace"
    "$client" "${args[@]}" -e "DROP DATABASE IF EXISTS \`$db\`" || die "cannot reach the database server at $db_host:$db_port"
    if command -v redis-cli >/dev/null 2>&1; then
      redis-cli -u "$redis_url" --scan --pattern "$namespace*" | xargs -r -n 500 redis-cli -u "$redis_url" del >/dev/null
    fi
  fi
  "$client" "${args[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4" \
    || die "cannot create database $db on $db_host:$db_port as $db_user"
}

ensure_redis() {
  command -v redis-cli >/dev/null 2>&1 || return 0
  [[ $(redis-cli -u "$redis_url" ping 2>/dev/null) == PONG ]] || die "Redis does not answer at $redis_url"
}

pepper() {
  if [[ -n ${API_KEY_PEPPER:-} ]]; then echo "$API_KEY_PEPPER"; return; fi
  if [[ ! -s $dir/api-key-pepper ]]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/api-key-pepper")
  fi
  cat "$dir/api-key-pepper"
}

start_instance() { # K
  local k=$1 port pid idir
  port=$(instance_port "$k")
  idir=$dir/instance-$k
  mkdir -p "$idir/data" "$idir/logs"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port (instance $k) is already taken by another process"
  fi
  # The java command ./run executes (class-data sharing, one archive per instance), on the private jar copy.
  # setsid: the instances outlive this script and a Ctrl-C in its terminal.
  PORT=$port HOST=127.0.0.1 DATA_DIR=$idir/data LOG_DIR=$idir/logs \
    DATABASE_URL="jdbc:mysql://$db_host:$db_port/$db" DATABASE_USERNAME=$db_user DATABASE_PASSWORD=$db_password \
    REDIS_URL=$redis_url REDIS_NAMESPACE=$namespace API_KEY_PEPPER=$(pepper) \
    setsid "$java_bin" -XX:SharedArchiveFile="$idir/service.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off \
    -Xlog:cds+dynamic=off ${JAVA_OPTS:-} -jar "$jar" >"$dir/instance-$k.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/instance-$k.pid"
  say "instance $k: pid $pid, port $port, log $dir/instance-$k.out"
}

wait_ready() { # K
  local k=$1 port pid deadline
  port=$(instance_port "$k")
  deadline=$((SECONDS + ${CLUSTER_START_TIMEOUT:-120}))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/live"; do
    pid=$(instance_pid "$k")
    if [[ -z $pid ]]; then
      tail -n 20 "$dir/instance-$k.out" >&2 || true
      die "instance $k stopped while starting (log: $dir/instance-$k.out)"
    fi
    ((SECONDS < deadline)) || die "instance $k is not ready after ${CLUSTER_START_TIMEOUT:-120} s (log: $dir/instance-$k.out)"
    sleep 0.2
  done
}

cmd_start() {
  local n k running=() started=()
  n=$(count_setting "${1:-}")
  for k in $(known_instances); do [[ -n $(instance_pid "$k") ]] && running+=("$k"); done
  if ((${#running[@]} == 0)); then
    if [[ ! -f $jar_source ]]; then
      [[ -z ${CLUSTER_JAR:-} ]] || die "CLUSTER_JAR=$jar_source does not exist"
      say "building $jar_source"
      ./mvnw -B -q -DskipTests package
    fi
    cp "$jar_source" "$jar.new" && mv "$jar.new" "$jar"
    ensure_database
  elif [[ ${CLUSTER_FRESH:-0} == 1 ]]; then
    die "CLUSTER_FRESH=1 needs every instance stopped (running: ${running[*]})"
  fi
  ensure_redis
  echo "$n" >"$dir/instances"
  for k in $(seq 1 "$n"); do
    if [[ -n $(instance_pid "$k") ]]; then
      say "instance $k: already running (pid $(instance_pid "$k"))"
    else
      start_instance "$k"
      started+=("$k")
    fi
  done
  # instances numbered above N (from an earlier, larger start) are stopped
  for k in $(known_instances); do ((k > n)) && stop_instance "$k"; done
  for k in "${started[@]}"; do wait_ready "$k"; done
  start_nginx "$n"
  local deadline=$((SECONDS + 10))
  until curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/health/live"; do
    ((SECONDS < deadline)) || die "nginx does not answer on port $nginx_port (see $dir/nginx/error.log)"
    sleep 0.2
  done
  cmd_status
}

stop_instance() { # K
  local k=$1 pid
  pid=$(instance_pid "$k")
  if [[ -n $pid ]]; then
    say "instance $k: stopping pid $pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 450); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "instance $k: still running after 45 s, killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/instance-$k.pid"
}

cmd_stop() {
  local k pid
  for k in $(known_instances); do stop_instance "$k" & done
  wait
  pid=$(nginx_pid)
  if [[ -n $pid ]]; then
    say "nginx: stopping pid $pid"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  fi
  say "stopped; logs and data stay in $dir, the database $db stays too"
}

cmd_kill() { # K
  local k=${1:?usage: cluster.sh kill K} pid
  pid=$(instance_pid "$k")
  [[ -n $pid ]] || die "instance $k is not running"
  kill -9 "$pid"
  say "instance $k: pid $pid killed with SIGKILL; 'scripts/cluster.sh start' brings it back"
}

cmd_status() {
  local k pid port health any=0
  for k in $(known_instances); do
    any=1
    port=$(instance_port "$k")
    pid=$(instance_pid "$k")
    if [[ -n $pid ]]; then
      health=$(curl -s -m 3 "http://127.0.0.1:$port/health" || echo "no answer")
      echo "instance $k  pid $pid  port $port  $health"
    else
      echo "instance $k  not running  port $port  (log: $dir/instance-$k.out)"
    fi
  done
  ((any)) || echo "no instance started from $dir"
  pid=$(nginx_pid)
  if [[ -n $pid ]]; then
    health=$(curl -s -m 3 "http://127.0.0.1:$nginx_port/health" || echo "no answer")
    echo "nginx       pid $pid  port $nginx_port  $health"
  else
    echo "nginx       not running"
  fi
}

case ${1:-} in
  start)
    if [[ -z ${JAVA_HOME:-} && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
      export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    fi
    source scripts/java.sh
    cmd_start "${2:-}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  nginx-conf) render_nginx "$(count_setting "${2:-}")" ;;
  *) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
esac
