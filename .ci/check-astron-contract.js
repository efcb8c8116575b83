// Upstream astron-rpa's integration contract 1 end to end, as its own clients drive it (issue 17): the official MCP
// TypeScript SDK client at protocol 2025-11-25 against <base>mcp/ (the trailing slash upstream's n8n node always adds),
// and the REST twins with plain fetch, both refusing redirects and verifying TLS as the node does.
// Run by .ci/check-astron-contract.sh, which starts the service, nginx terminating TLS and a simulated robot.
// Env: CONTRACT_BASE (https://…/api/rpa-openapi/), CONTRACT_KEY (an API key of the user), NODE_PATH (the SDK).
'use strict';
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const base = process.env.CONTRACT_BASE;
const key = process.env.CONTRACT_KEY;
const SNAPSHOT_KEYS = ['executionId', 'projectId', 'version', 'status', 'terminal', 'acceptedAt', 'startedAt',
  'finishedAt', 'clientId', 'runId', 'cancelRequested', 'result', 'error', 'supportsCancel', 'resultVisibility'];
const FIXED = ['astron_integration_get', 'astron_workflow_list', 'astron_workflow_get', 'astron_workflow_execute',
  'astron_execution_get', 'astron_execution_cancel'];
const LIMITS = { maxBytes: 1048576, maxDepth: 12, maxObjectProperties: 200, maxArrayItems: 1000, maxStringLength: 100000 };
const checked = [];

function step(what) {
  checked.push(what);
  console.log(`contract: ${what}`);
}

async function connect(apiKey) {
  const transport = new StreamableHTTPClientTransport(new URL(base + 'mcp/'), {
    requestInit: { headers: { Authorization: `Bearer ${apiKey}` }, redirect: 'error' },
  });
  const client = new Client({ name: 'n8n-nodes-astron-rpa', version: '0.1.0-dev.2' });
  await client.connect(transport);
  assert.equal(transport.protocolVersion, '2025-11-25', 'the node requires exactly 2025-11-25');
  return { client, transport };
}

/** A fixed tool's call: structuredContent, and exactly one text block holding the same JSON. */
async function tool(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.content.length, 1, `${name}: one content block`);
  assert.equal(result.content[0].type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, `${name}: text = structured`);
  if (result.isError) {
    assert.match(result.structuredContent.error.code, /^[A-Z_]{3,64}$/);
    return { error: result.structuredContent.error };
  }
  return { data: result.structuredContent };
}

async function rest(method, path, body, apiKey = key) {
  const response = await fetch(base + path, {
    method,
    redirect: 'error',
    headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

function isSnapshot(s, what) {
  assert.deepEqual(Object.keys(s).sort(), [...SNAPSHOT_KEYS].sort(), `${what}: exactly the snapshot's keys`);
  assert.match(s.executionId, /^[a-f0-9-]{36}$/i);
  assert.equal(s.terminal, ['succeeded', 'failed', 'cancelled', 'timeout'].includes(s.status));
  return s;
}

async function until(client, id, done, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const { data } = await tool(client, 'astron_execution_get', { executionId: id });
    isSnapshot(data, what);
    if (done(data)) {
      return data;
    }
    assert.ok(Date.now() < deadline, `${what}: still ${data.status} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function idempotencyKey(...parts) {
  return 'n8n:' + crypto.createHash('sha256').update(parts.join('|')).digest('hex');
}

async function main() {
  const { client } = await connect(key);
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.deepEqual(names.slice(0, 6), FIXED, 'the fixed tools first, in the contract order');
  step('initialize at 2025-11-25 over https://…/mcp/, tools/list starts with the six fixed tools');

  const integration = (await tool(client, 'astron_integration_get', {})).data;
  assert.equal(integration.contractVersion, 1);
  assert.equal(integration.profileSchemaVersion, 1);
  assert.equal(integration.requiredClientProtocol, 1);
  assert.equal(integration.durableIdempotency, true);
  for (const op of ['workflow_list', 'workflow_get', 'workflow_execute', 'execution_get', 'execution_cancel']) {
    assert.ok(integration.operations.includes(op), op);
  }
  assert.deepEqual(integration.jsonLimits, LIMITS);
  assert.equal(integration.client.state, 'ready', 'the robot confirms stops');
  const overRest = await rest('GET', 'workflows/integration');
  assert.equal(overRest.status, 200);
  assert.deepEqual(overRest.json.data, integration, 'the same integration object over REST');
  step('astron_integration_get = GET workflows/integration: contract 1, durable keys, five operations, client ready');

  const listed = (await tool(client, 'astron_workflow_list', { limit: 100 })).data;
  const ids = listed.workflows.map((w) => w.projectId);
  assert.ok(ids.includes('totals') && ids.includes('vault'), JSON.stringify(ids));
  assert.equal(listed.nextOffset, null);
  const page = (await tool(client, 'astron_workflow_list', { offset: 0, limit: 1 })).data;
  assert.equal(page.workflows.length, 1);
  assert.equal(page.nextOffset, 1);
  step('astron_workflow_list pages with nextOffset');

  const totals = (await tool(client, 'astron_workflow_get', { projectId: 'totals' })).data;
  const profile = totals.profile;
  assert.equal(profile.schemaVersion, 1);
  assert.equal(profile.projectId, 'totals');
  assert.equal(profile.version, totals.version);
  assert.equal(profile.admission.allowed, true, JSON.stringify(profile.admission));
  assert.equal(typeof profile.revision, 'string');
  assert.ok(profile.capabilities.includes('json-data'));
  assert.deepEqual(profile.jsonLimits, LIMITS);
  assert.equal(totals.supportsCancel, true);
  assert.equal(totals.inputSchema.type, 'object');
  const vault = (await tool(client, 'astron_workflow_get', { projectId: 'vault' })).data;
  assert.equal(vault.profile.resultVisibility, 'suppressed-for-secret-inputs');
  assert.equal(vault.inputSchema.properties.token.default, undefined, "a secret's default is not disclosed");
  step("astron_workflow_get: admitted json-data profile with the contract's limits; secrets hidden");

  const start = (projectId, params, k) => tool(client, 'astron_workflow_execute', {
    projectId, version: (projectId === 'totals' ? totals : vault).version, params, idempotencyKey: k,
    profileRevision: (projectId === 'totals' ? profile : vault.profile).revision, capabilityClass: 'json-data',
    executionTimeout: 600,
  });
  const firstKey = idempotencyKey('instance', 'execution-1', 'node', 0, 0);
  const first = isSnapshot((await start('totals', { n: 2 }, firstKey)).data, 'execute');
  assert.equal(first.projectId, 'totals');
  assert.equal(first.version, totals.version);
  const again = (await start('totals', { n: 2 }, firstKey)).data;
  assert.equal(again.executionId, first.executionId, 'the same key and request: the same execution');
  const conflict = await start('totals', { n: 3 }, firstKey);
  assert.equal(conflict.error.code, 'IDEMPOTENCY_CONFLICT');
  step('astron_workflow_execute: accepted; the same key replays it; other params → IDEMPOTENCY_CONFLICT');

  const succeeded = await until(client, first.executionId, (s) => s.terminal, 'a run to its end');
  assert.equal(succeeded.status, 'succeeded', JSON.stringify(succeeded));
  assert.equal(succeeded.result.echo.n, 2);
  assert.equal(succeeded.resultVisibility, 'json');
  const restRead = await rest('GET', `executions/${first.executionId}?contract=1`);
  assert.equal(restRead.status, 200);
  assert.equal(restRead.json.code, '0000');
  assert.deepEqual(restRead.json.data.snapshot, succeeded, 'the same snapshot over MCP and REST');
  step('astron_execution_get until terminal: succeeded with its result; equal to GET executions/{id}?contract=1');

  const long = (await start('totals', { n: 9 }, idempotencyKey('instance', 'execution-2', 'node', 0, 0))).data;
  const running = await until(client, long.executionId, (s) => s.status === 'running', 'the long run starting');
  assert.equal(running.supportsCancel, true);
  const asked = (await tool(client, 'astron_execution_cancel', { executionId: long.executionId })).data;
  isSnapshot(asked, 'cancel');
  assert.equal(asked.cancelRequested, true);
  assert.ok(['running', 'cancelled'].includes(asked.status), asked.status);
  const cancelled = await until(client, long.executionId, (s) => s.terminal, 'the cancel confirmed');
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancelRequested, true);
  assert.notEqual(cancelled.finishedAt, null);
  step('astron_execution_cancel of a long run: cancelRequested, then cancelled once the robot confirmed the stop');

  const restStart = await rest('POST', 'workflows/execute-async?contract=1', {
    project_id: 'totals', params: { n: 4 }, idempotency_key: 'rest-1', profile_revision: profile.revision,
    capability_class: 'json-data',
  });
  assert.equal(restStart.status, 202, JSON.stringify(restStart.json));
  assert.equal(restStart.json.code, '0000');
  isSnapshot(restStart.json.data.snapshot, 'REST start');
  const restAgain = await rest('POST', 'workflows/execute-async?contract=1', {
    project_id: 'totals', params: { n: 4 }, idempotency_key: 'rest-1', profile_revision: profile.revision,
    capability_class: 'json-data',
  });
  assert.equal(restAgain.json.data.executionId, restStart.json.data.executionId);
  const restCancel = await rest('POST', `executions/${restStart.json.data.executionId}/cancel`);
  assert.equal(restCancel.status, 200, JSON.stringify(restCancel.json));
  assert.equal(restCancel.json.data.snapshot.cancelRequested, true);
  await until(client, restStart.json.data.executionId, (s) => s.terminal, 'the REST start cancelled');
  step('REST execute-async?contract=1 → 202 {executionId, snapshot}, replayed by key; POST executions/{id}/cancel → data.snapshot');

  const secret = (await start('vault', { token: 'do-not-show' }, idempotencyKey('vault', 1))).data;
  const hidden = await until(client, secret.executionId, (s) => s.terminal, 'the secret run');
  assert.equal(hidden.status, 'succeeded');
  assert.equal(hidden.result, null);
  assert.equal(hidden.resultVisibility, 'suppressed-for-secret-inputs');
  step('a secret input: succeeded, result null, suppressed-for-secret-inputs');

  const limit = await tool(client, 'astron_workflow_execute', { projectId: 'totals', params: { n: 1, note: 'x'.repeat(100001) } });
  assert.equal(limit.error.code, 'JSON_LIMIT_EXCEEDED');
  assert.ok(!limit.error.message.includes('xxxx'), 'the message echoes nothing');
  const invalid = await tool(client, 'astron_workflow_execute', { projectId: 'totals', extra: 1 });
  assert.equal(invalid.error.code, 'INVALID_ARGUMENTS');
  step('JSON limits → JSON_LIMIT_EXCEEDED; an unknown argument → INVALID_ARGUMENTS');

  const unknownId = crypto.randomUUID();
  const unknown = await tool(client, 'astron_execution_get', { executionId: unknownId });
  assert.equal(unknown.error.code, 'EXECUTION_NOT_FOUND');
  const unknownRest = await rest('GET', `executions/${unknownId}?contract=1`);
  assert.equal(unknownRest.status, 404);
  assert.equal(unknownRest.json.detail.code, 'EXECUTION_NOT_FOUND');
  const unknownCancel = await rest('POST', `executions/${unknownId}/cancel?contract=1`);
  assert.equal(unknownCancel.status, 404);
  const unknownWorkflow = await rest('POST', 'workflows/execute-async?contract=1', { project_id: 'nope' });
  assert.equal(unknownWorkflow.status, 404);
  assert.equal(unknownWorkflow.json.detail.code, 'WORKFLOW_NOT_FOUND');
  step('an unknown id → EXECUTION_NOT_FOUND (MCP isError, REST 404 detail.code); an unknown workflow → 404 WORKFLOW_NOT_FOUND');

  const badKey = 'rpa_' + 'x'.repeat(40);
  await assert.rejects(connect(badKey), (e) => String(e.code ?? e.message).includes('401'), 'MCP with a bad key');
  assert.equal((await rest('GET', 'workflows/integration', undefined, badKey)).status, 401);
  assert.equal((await rest('GET', `executions/${first.executionId}?contract=1`, undefined, badKey)).status, 401);
  const redirected = await fetch(base + 'mcp/', { method: 'POST', redirect: 'error', headers: {
    Authorization: `Bearer ${badKey}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
  body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  assert.equal(redirected.status, 401, 'answered at /mcp/ itself, not redirected');
  step('a bad key → 401 over MCP and REST');

  await client.close();
  console.log(`contract: OK (${checked.length} checks)`);
}

main().catch((e) => {
  console.error('contract: FAILED', e);
  process.exit(1);
});
