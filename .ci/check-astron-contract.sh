#!/usr/bin/env bash
# Upstream astron-rpa's integration contract 1 end to end (issue 17), as its n8n node and astron-agent reach a server:
# the jar that `./mvnw -B verify` built, behind nginx terminating TLS at https://localhost:<port>/api/rpa-openapi/
# (the gateway prefix upstream deploys under), a simulated managed robot that confirms stops, and
# .ci/check-astron-contract.js driving every fixed tool with the official MCP TypeScript SDK client (protocol
# 2025-11-25, `…/mcp/`) and the REST twins with fetch — TLS verified against this run's own certificate authority.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh   # $java_bin: JAVA_HOME's, else java on PATH (21 or newer)
jar=bootstrap/target/rpa-openapi-service.jar
robot_jar=robot-simulator/target/robot-simulator.jar
port=${RPA_CHECK_CONTRACT_PORT:-18941}
tls_port=${RPA_CHECK_CONTRACT_TLS_PORT:-18943}
SDK_VERSION=1.32.2
tools="${RPA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rpa-openapi-tools}/mcp-sdk"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-astron-contract: $*" >&2; for f in "$work"/*.out "$work"/nginx-error.log; do [[ -f "$f" ]] && tail -n 40 "$f" >&2; done; exit 1; }

[[ -f "$jar" && -f "$robot_jar" ]] || fail "$jar or $robot_jar is missing (run ./mvnw -B verify first)"
for tool in nginx openssl node npm curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (.ci/run installs nginx)"
done
if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
  fail "port $port is taken by another service (set RPA_CHECK_CONTRACT_PORT)"
fi
if [[ "$(node -p "try { require('$tools/node_modules/@modelcontextprotocol/sdk/package.json').version } catch (e) { '' }")" \
      != "$SDK_VERSION" ]]; then
  npm install --no-audit --no-fund --prefix "$tools" "@modelcontextprotocol/sdk@$SDK_VERSION" >/dev/null
fi

# The service, on an embedded database of its own.
PORT=$port DATA_DIR="$work/data" LOG_DIR="$work/logs" DISPATCH_TIMEOUT_SECONDS=120 \
  "$java_bin" -jar "$jar" >"$work/service.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || fail "the service did not start"

# TLS as a client verifies it: a certificate authority of this run, and a certificate for localhost signed by it.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=rpa-openapi check CA" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$work/san.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
  -extfile "$work/san.ext" -out "$work/tls.crt" 2>/dev/null
mkdir -p "$work/nginx-temp"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  # bodies in memory and passed on as they come: the workers (nobody, when started as root) cannot write $work
  client_body_buffer_size 2m;
  client_max_body_size 4m;
  client_body_temp_path $work/nginx-temp/body;
  proxy_temp_path $work/nginx-temp/proxy;
  fastcgi_temp_path $work/nginx-temp/fastcgi;
  uwsgi_temp_path $work/nginx-temp/uwsgi;
  scgi_temp_path $work/nginx-temp/scgi;
  server {
    listen 127.0.0.1:$tls_port ssl;
    server_name localhost;
    ssl_certificate $work/tls.crt;
    ssl_certificate_key $work/tls.key;
    location /api/rpa-openapi/ {
      proxy_pass http://127.0.0.1:$port/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 120s;
    }
  }
}
EOF
nginx -c "$work/nginx.conf" -p "$work" || fail "nginx did not start"
base="https://localhost:$tls_port/api/rpa-openapi/"
for _ in $(seq 1 40); do
  curl -fsS --cacert "$work/ca.crt" "${base}health" >/dev/null 2>&1 && break
  sleep 0.25
done
curl -fsS --cacert "$work/ca.crt" "${base}health" >/dev/null || fail "nginx does not reach the service"

# A user (as the console's gateway names it), an API key of it, and two declared json-data workflows.
user=contract-check
gateway() { curl -fsS -H "X-User-Id: $user" -H 'Content-Type: application/json' "$@"; }
new_key() { # body → the new key
  gateway -X POST "http://127.0.0.1:$port/api-keys" -d "$1" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.api_key))'
}
key=$(new_key '{"name":"n8n"}')   # the default scopes: what a caller that runs workflows needs
robot_key=$(new_key '{"name":"desk-1","scopes":["robots:manage"]}')
declaration='{"revision":"r1","capabilities":["json-data"],"capabilityClass":"json-data","fileInputs":false,
  "fileOutputs":false,"requiresGui":false,"requiresHuman":false,"exclusiveTerminal":false,"risk":"low",
  "executionType":"short","sideEffects":[],"allowedTransports":["mcp","rest"]}'
gateway -X POST "http://127.0.0.1:$port/workflows/upsert" -o /dev/null -d '{"project_id":"totals","name":"Totals",
  "parameters":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false},
  "integration":'"$declaration"'}'
gateway -X POST "http://127.0.0.1:$port/workflows/upsert" -o /dev/null -d '{"project_id":"vault","name":"Vault",
  "parameters":{"type":"object","properties":{"token":{"type":"string","writeOnly":true,"default":"hidden"}}},
  "integration":'"$declaration"'}'

# The user's desktop: a managed robot that confirms stops, each run taking 2 s.
"$java_bin" -jar "$robot_jar" --url "ws://127.0.0.1:$port/ws" --key "$robot_key" --robot-id desk-1 --confirm-stops \
  --behaviour echo --delay-ms 2000 >"$work/robot.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do
  gateway "http://127.0.0.1:$port/robots" 2>/dev/null | grep -q '"desk-1"' && break
  sleep 0.25
done

CONTRACT_BASE="$base" CONTRACT_KEY="$key" NODE_EXTRA_CA_CERTS="$work/ca.crt" NODE_PATH="$tools/node_modules" \
  node .ci/check-astron-contract.js || fail "the contract's clients found a problem"
echo "check-astron-contract: OK (the MCP TypeScript SDK client and REST over TLS, through a simulated robot)"
