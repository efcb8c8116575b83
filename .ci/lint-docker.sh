#!/usr/bin/env bash
# Lints the Docker packaging: docker/Dockerfile with dockerfilelint, the
# compose files with dclint, and the nginx configuration of the cluster
# (docker/nginx/) with "nginx -t" — as the container would load it, with the
# instances' host names replaced by addresses, and as scripts/cluster.sh
# renders it. Needs node + npm (no Docker engine) and nginx; Debian's
# nginx-light is installed when missing and this runs as root with apt-get,
# else the nginx check is skipped (a failure with RPA_TEST_REQUIRE_SERVICES=true).
# The linters are installed once into a cache dir outside the repo
# (override with RPA_LINT_DIR) and reused on later runs.
set -euo pipefail

DOCKERFILELINT_VERSION=1.8.0
DCLINT_VERSION=3.1.0

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

lint_dir="${RPA_LINT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rpa-lint}"
bin_dir="$lint_dir/node_modules/.bin"

# Prints the installed version of an npm package in $lint_dir, or nothing.
installed_version() {
  local pkg_json="$lint_dir/node_modules/$1/package.json"
  [[ -f "$pkg_json" ]] || return 0
  node -p "require(process.argv[1]).version" "$pkg_json" 2>/dev/null || true
}

if [[ "$(installed_version dockerfilelint)" != "$DOCKERFILELINT_VERSION" \
   || "$(installed_version dclint)" != "$DCLINT_VERSION" \
   || ! -x "$bin_dir/dockerfilelint" || ! -x "$bin_dir/dclint" ]]; then
  echo "lint-docker: installing dockerfilelint@$DOCKERFILELINT_VERSION dclint@$DCLINT_VERSION into $lint_dir"
  mkdir -p "$lint_dir"
  npm install --no-audit --no-fund --prefix "$lint_dir" \
    "dockerfilelint@$DOCKERFILELINT_VERSION" "dclint@$DCLINT_VERSION"
else
  echo "lint-docker: using cached linters in $lint_dir"
fi

status=0

echo "lint-docker: dockerfilelint docker/Dockerfile"
# dockerfilelint reads docker/.dockerfilelintrc (next to the Dockerfile);
# its exit code is the number of issues found.
"$bin_dir/dockerfilelint" docker/Dockerfile || status=1

echo "lint-docker: dclint docker/docker-compose.yml docker/docker-compose.test.yml docker/docker-compose.cluster.yml"
# Default rule set; warnings fail the run as well.
"$bin_dir/dclint" --max-warnings 0 --no-color \
  docker/docker-compose.yml docker/docker-compose.test.yml docker/docker-compose.cluster.yml || status=1

echo "lint-docker: compose policy (memory limits, no privilege gain, read-only service, secrets from files)"
NODE_PATH="$lint_dir/node_modules" node .ci/check-compose-policy.js \
  docker/docker-compose.yml docker/docker-compose.cluster.yml || status=1

nginx_bin=$(command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true)
if [[ -z $nginx_bin && $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "lint-docker: installing Debian's nginx-light for nginx -t"
  DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light >/dev/null; } || true
  nginx_bin=$(command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true)
fi
if [[ -z $nginx_bin ]]; then
  echo "lint-docker: nginx -t skipped: nginx is not installed"
  [[ ${RPA_TEST_REQUIRE_SERVICES:-} == true ]] && status=1
else
  nginx_dir=$(mktemp -d)
  trap 'rm -rf "$nginx_dir"' EXIT
  # Temp files under the scratch dir, so the check needs no write access to nginx's own directories.
  temp_paths="client_body_temp_path $nginx_dir/body; proxy_temp_path $nginx_dir/proxy; fastcgi_temp_path $nginx_dir/fastcgi; uwsgi_temp_path $nginx_dir/uwsgi; scgi_temp_path $nginx_dir/scgi;"
  nginx_test() { # config file: nginx -t with pid and error log in the scratch dir
    "$nginx_bin" -t -q -p "$nginx_dir" -e "$nginx_dir/error.log" -c "$1" "${@:2}"
  }

  echo "lint-docker: nginx -t docker/nginx/nginx.conf + rpa-openapi.conf ($("$nginx_bin" -v 2>&1 | sed 's/.*: //'))"
  # The container's files, with the compose services' names (unknown here) replaced by loopback addresses:
  # rpa-openapi-1 -> 127.0.0.1, rpa-openapi-2 -> 127.0.0.2.
  sed -E 's/rpa-openapi-([0-9]+):8020/127.0.0.\1:8020/' docker/nginx/rpa-openapi.conf >"$nginx_dir/rpa-openapi.conf"
  sed -e "s#/etc/nginx/conf.d/rpa-openapi.conf#$nginx_dir/rpa-openapi.conf#" -e "s#^http {#http { $temp_paths#" \
    docker/nginx/nginx.conf >"$nginx_dir/nginx.conf"
  if grep -q 'rpa-openapi-[0-9]' "$nginx_dir/rpa-openapi.conf" || ! grep -q "$nginx_dir/rpa-openapi.conf" "$nginx_dir/nginx.conf"; then
    echo "lint-docker: docker/nginx/ changed shape: the check cannot render it" >&2
    status=1
  fi
  nginx_test "$nginx_dir/nginx.conf" -g "pid $nginx_dir/nginx.pid;" || status=1

  echo "lint-docker: nginx -t of scripts/cluster.sh nginx-conf 3"
  CLUSTER_DIR="$nginx_dir/cluster" scripts/cluster.sh nginx-conf 3 >"$nginx_dir/cluster.conf" || status=1
  mkdir -p "$nginx_dir/cluster/nginx/temp"
  nginx_test "$nginx_dir/cluster.conf" || status=1
fi

if [[ $status -ne 0 ]]; then
  echo "lint-docker: FAILED" >&2
else
  echo "lint-docker: OK"
fi
exit "$status"
