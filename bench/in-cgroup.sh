#!/usr/bin/env bash
# Runs a command under a memory limit, as a container runs: in a cgroup of its own (the v1 memory controller, or v2)
# with LIMIT as its memory limit (and memory+swap limit, so it cannot swap instead), which the JVM reads as the
# container's memory. Needs root (writable /sys/fs/cgroup). The cgroup is named rpa-bench-<pid of this script>; the
# caller removes it when the command has ended (rmdir, see bench/lib.sh's stop_service).
# Usage: bench/in-cgroup.sh LIMIT COMMAND [ARGS...]    e.g. bench/in-cgroup.sh 512M java -jar …
set -euo pipefail
limit=$1
shift
name=rpa-bench-$$
if [[ -d /sys/fs/cgroup/memory && -w /sys/fs/cgroup/memory ]]; then
  dir=/sys/fs/cgroup/memory/$name
  mkdir "$dir"
  echo "$limit" >"$dir/memory.limit_in_bytes"
  if [[ -f "$dir/memory.memsw.limit_in_bytes" ]]; then echo "$limit" >"$dir/memory.memsw.limit_in_bytes"; fi
elif [[ -f /sys/fs/cgroup/cgroup.controllers && -w /sys/fs/cgroup ]]; then
  dir=/sys/fs/cgroup/$name
  mkdir "$dir"
  echo "$limit" >"$dir/memory.max"
  echo 0 >"$dir/memory.swap.max" 2>/dev/null || true
else
  echo "in-cgroup: no writable cgroup file system here (needs root)" >&2
  exit 1
fi
echo $$ >"$dir/cgroup.procs"
exec "$@"
