#!/usr/bin/env bash
# What API users do with openapi.json, done in CI: lint it with Redocly's CLI (recommended rules, no warnings
# allowed), generate openapi-generator's Java (native) and TypeScript (fetch) clients and compile them, and
# generate openapi-typescript types and type-check them — all without extra flags. Nothing generated is committed.
# Tools come from Maven Central and npm into a cache outside the repository (RPA_TOOLS_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
spec="$PWD/adapters-http/src/main/resources/openapi/openapi.json"
GENERATOR_VERSION=7.23.0
REDOCLY_VERSION=2.77.0
TYPESCRIPT_VERSION=5.9.3
OPENAPI_TYPESCRIPT_VERSION=7.13.0
tools="${RPA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rpa-openapi-tools}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools"

generator="$tools/openapi-generator-cli-$GENERATOR_VERSION.jar"
if [[ ! -f "$generator" ]]; then
  ./mvnw -B -q dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:$GENERATOR_VERSION" \
    -DoutputDirectory="$tools" -Dmdep.stripVersion=false
fi
npm_tools="$tools/npm"
if [[ ! -x "$npm_tools/node_modules/.bin/redocly" || ! -x "$npm_tools/node_modules/.bin/tsc" \
   || ! -x "$npm_tools/node_modules/.bin/openapi-typescript" ]]; then
  npm install --no-audit --no-fund --prefix "$npm_tools" "@redocly/cli@$REDOCLY_VERSION" \
    "typescript@$TYPESCRIPT_VERSION" "openapi-typescript@$OPENAPI_TYPESCRIPT_VERSION" >/dev/null
fi
bin="$npm_tools/node_modules/.bin"
status=0

echo "check-openapi: redocly lint (recommended rules, .ci/redocly.yaml; a warning fails too)"
if ! (cd "$work" && "$bin/redocly" lint --config "$OLDPWD/.ci/redocly.yaml" --format=stylish "$spec") >"$work/lint.log" 2>&1 \
   || grep -qE '(warning|error) ' "$work/lint.log"; then
  grep -E '(warning|error) ' "$work/lint.log" || cat "$work/lint.log"
  status=1
fi

echo "check-openapi: openapi-generator $GENERATOR_VERSION java (native) client, compiled"
java -jar "$generator" generate -g java --library native -i "$spec" -o "$work/java" \
  --additional-properties=hideGenerationTimestamp=true >"$work/java-gen.log" 2>&1 \
  || { cat "$work/java-gen.log"; status=1; }
if ! ./mvnw -B -q -f "$work/java/pom.xml" -DskipTests compile >"$work/java-compile.log" 2>&1; then
  grep -E '^\[ERROR\].*\.java' "$work/java-compile.log" | head -20 || true
  echo "check-openapi: the generated Java client does not compile" >&2
  status=1
fi

echo "check-openapi: openapi-generator $GENERATOR_VERSION typescript-fetch client, compiled"
java -jar "$generator" generate -g typescript-fetch -i "$spec" -o "$work/ts" \
  --additional-properties=npmName=rpa-openapi-client,npmVersion=0.0.0 >"$work/ts-gen.log" 2>&1 \
  || { cat "$work/ts-gen.log"; status=1; }
# with the package's own tsconfig.json, as its users build it
if ! (cd "$work/ts" && "$bin/tsc" -p . --noEmit) >"$work/ts-compile.log" 2>&1; then
  head -20 "$work/ts-compile.log"
  echo "check-openapi: the generated TypeScript client does not compile" >&2
  status=1
fi

echo "check-openapi: openapi-typescript $OPENAPI_TYPESCRIPT_VERSION types, used by a strict TypeScript client"
# what a client writes with the types: envelope data present, free-form params and schemas, optional defaults
cat >"$work/usage.ts" <<'TS'
import type { components } from "./schema";
type S = components["schemas"];
declare const started: S["ExecutionEnvelope"];
export const id: string = started.data.execution.id;
export const start: S["ExecutionStart"] = { project_id: "p-1", params: { amount: 12.5, items: ["a"] } };
export const upsert: S["WorkflowUpsert"] = { project_id: "p-1", name: "Invoices", parameters: { type: "object" } };
declare const workflow: S["WorkflowEnvelope"];
export const parameters: { [key: string]: unknown } | null = workflow.data.workflow.parameters;
declare const failed: S["ErrorEnvelope"];
export const field: string | undefined = failed.error.fields?.[0]?.field;
declare const page: S["ExecutionPageEnvelope"];
export const total: number | null = page.data.total;
export const next: string | null = page.data.next_cursor;
TS
if ! "$bin/openapi-typescript" "$spec" -o "$work/schema.d.ts" >"$work/oat.log" 2>&1 \
   || ! (cd "$work" && "$bin/tsc" --noEmit --strict usage.ts) >>"$work/oat.log" 2>&1; then
  head -20 "$work/oat.log"
  echo "check-openapi: openapi-typescript's output does not type-check" >&2
  status=1
fi

if [[ $status -ne 0 ]]; then
  echo "check-openapi: FAILED" >&2
else
  echo "check-openapi: OK"
fi
exit "$status"
