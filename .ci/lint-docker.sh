#!/usr/bin/env bash
# Lints the Docker packaging: docker/Dockerfile with dockerfilelint and the
# compose files with dclint. Needs node + npm (no Docker engine).
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

echo "lint-docker: dclint docker/docker-compose.yml docker/docker-compose.test.yml"
# Default rule set; warnings fail the run as well.
"$bin_dir/dclint" --max-warnings 0 --no-color \
  docker/docker-compose.yml docker/docker-compose.test.yml || status=1

if [[ $status -ne 0 ]]; then
  echo "lint-docker: FAILED" >&2
else
  echo "lint-docker: OK"
fi
exit "$status"
