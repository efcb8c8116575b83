package org.astronrpa.openapi.bootstrap.e2e;

import static org.astronrpa.openapi.bootstrap.e2e.McpFixture.call;
import static org.astronrpa.openapi.bootstrap.e2e.McpFixture.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The integration contract's fixed MCP tools served so far (API.md §6a), through the MCP Java SDK's client over real
 * HTTP: their results as the contract has them, and the same snapshot as the REST twin's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpContractToolsEndToEndTest {
    @TempDir
    static Path dir;
    private static McpFixture service;

    @BeforeAll
    static void start() {
        service = new McpFixture(dir, Map.of("DISPATCH_TIMEOUT_SECONDS", "30"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }


    /** The one text block, which must hold the same JSON as the structured content. */
    private static void sameAsText(McpSchema.CallToolResult result) {
        assertEquals(1, result.content().size(), result.toString());
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertEquals(E2eHttp.JSON.valueToTree(result.structuredContent()), E2eHttp.JSON.readTree(text));
    }

    @Test
    void theIntegrationObjectSaysWhatIsServedAndTheCallersRobots() throws Exception {
        String user = McpFixture.newUser();
        McpSyncClient client = service.client(service.key(user));

        McpSchema.CallToolResult offline = call(client, "astron_integration_get", Map.of());
        sameAsText(offline);
        assertFalse(Boolean.TRUE.equals(offline.isError()));
        Map<String, Object> integration = structured(offline);
        assertEquals(1, integration.get("contractVersion"));
        assertEquals(List.of("workflow_list", "workflow_get", "workflow_execute", "execution_get",
                "execution_cancel"), integration.get("operations"));
        assertEquals(true, integration.get("durableIdempotency"));
        assertEquals("offline", ((Map<?, ?>) integration.get("client")).get("state"));

        service.robot(user, Behaviour.neverReply());
        assertEquals("unsupported", ((Map<?, ?>) structured(call(client, "astron_integration_get", Map.of()))
                .get("client")).get("state"));

        McpSchema.CallToolResult refused = call(client, "astron_integration_get", Map.of("extra", 1));
        assertTrue(refused.isError());
        assertEquals("INVALID_ARGUMENTS", ((Map<?, ?>) structured(refused).get("error")).get("code"));
        sameAsText(refused);
    }

    @Test
    void anExecutionReadOverMcpIsTheSnapshotRestGivesAndItsCancelIsConfirmedOrRefused() throws Exception {
        String user = McpFixture.newUser();
        String project = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        service.upsert(user, "{\"project_id\": \"%s\", \"name\": \"Contract run\"}".formatted(project));
        McpSyncClient client = service.client(service.key(user));
        String queued = service.rest().send(user, "POST", "/executions", "{\"project_id\": \"%s\"}".formatted(project))
                .expect(202).json().at("/data/execution/id").asString();

        McpSchema.CallToolResult read = call(client, "astron_execution_get", Map.of("executionId", queued));
        sameAsText(read);
        JsonNode overRest = service.rest().send(user, "GET", "/executions/" + queued + "?contract=1", null)
                .expect(200).json().at("/data/snapshot");
        assertEquals(overRest, E2eHttp.JSON.valueToTree(read.structuredContent()), "the same snapshot over both");
        assertEquals("accepted", structured(read).get("status"));

        Map<String, Object> cancelled = structured(call(client, "astron_execution_cancel",
                Map.of("executionId", queued)));
        assertEquals("cancelled", cancelled.get("status"));
        assertEquals(true, cancelled.get("cancelRequested"));
        assertEquals(cancelled, structured(call(client, "astron_execution_cancel", Map.of("executionId", queued))),
                "cancelling an ended one answers it as it is");

        SimulatedRobot robot = service.robot(user, Behaviour.neverReply());
        String running = service.rest().send(user, "POST", "/executions", "{\"project_id\": \"%s\"}"
                .formatted(project)).json().at("/data/execution/id").asString();
        robot.awaitReceived(f -> "run".equals(f.key()) && running.equals(f.data().path("execution_id").asString(null)),
                Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("the robot got no run"));
        McpSchema.CallToolResult unsupported = call(client, "astron_execution_cancel", Map.of("executionId", running));
        assertTrue(unsupported.isError());
        assertEquals("CANCEL_UNSUPPORTED", ((Map<?, ?>) structured(unsupported).get("error")).get("code"));
        assertEquals("RUNNING", service.rest().execution(user, running, 0).get("status").asString(), "left as it is");

        for (Map<String, Object> bad : List.of(Map.<String, Object>of(), Map.<String, Object>of("executionId", 7),
                Map.<String, Object>of("executionId", queued, "wait", 1), Map.<String, Object>of("executionId", "x".repeat(37)))) {
            McpSchema.CallToolResult refused = call(client, "astron_execution_get", bad);
            assertTrue(refused.isError(), bad.toString());
            assertEquals("INVALID_ARGUMENTS", ((Map<?, ?>) structured(refused).get("error")).get("code"));
        }
        McpSchema.CallToolResult unknown = call(client, "astron_execution_get", Map.of("executionId", "nope-" + queued
                .substring(0, 8)));
        assertEquals("EXECUTION_NOT_FOUND", ((Map<?, ?>) structured(unknown).get("error")).get("code"));
        assertFalse(((Map<?, ?>) structured(unknown).get("error")).get("message").toString().contains("nope"),
                "the message echoes nothing of the arguments");
    }

    @Test
    void aDeclaredWorkflowIsListedProfiledAndStartedOnceForAKey() throws Exception {
        String user = McpFixture.newUser();
        String project = "declared-" + UUID.randomUUID().toString().substring(0, 8);
        service.upsert(user, """
                {"project_id": "%s", "name": "Totals", "description": "Adds up",
                 "parameters": {"type": "object", "properties": {"n": {"type": "integer"},
                   "token": {"type": "string", "writeOnly": true, "default": "hidden"}}, "additionalProperties": false},
                 "integration": {"revision": "r1", "capabilities": ["json-data"], "capabilityClass": "json-data",
                   "fileInputs": false, "fileOutputs": false, "requiresGui": false, "requiresHuman": false,
                   "exclusiveTerminal": false, "risk": "low", "executionType": "short"}}""".formatted(project));
        service.upsert(user, "{\"project_id\": \"%s-plain\", \"name\": \"Plain\"}".formatted(project));
        McpSyncClient client = service.client(service.key(user));
        List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertEquals(List.of("astron_integration_get", "astron_workflow_list", "astron_workflow_get",
                "astron_workflow_execute", "astron_execution_get", "astron_execution_cancel"), names.subList(0, 6));

        McpSchema.CallToolResult listed = call(client, "astron_workflow_list", Map.of("limit", 1));
        sameAsText(listed);
        assertEquals(1, ((List<?>) structured(listed).get("workflows")).size());
        assertEquals(1, structured(listed).get("nextOffset"));
        List<?> rest = (List<?>) structured(call(client, "astron_workflow_list", Map.of("offset", 1))).get("workflows");
        assertEquals(1, rest.size());

        McpSchema.CallToolResult got = call(client, "astron_workflow_get", Map.of("projectId", project));
        sameAsText(got);
        Map<String, Object> workflow = structured(got);
        Map<?, ?> profile = (Map<?, ?>) workflow.get("profile");
        Map<?, ?> admission = (Map<?, ?>) profile.get("admission");
        assertEquals(true, admission.get("allowed"), admission.toString());
        assertEquals(null, admission.get("reason"));
        assertTrue(admission.containsKey("reason") && admission.containsKey("enforced"));
        assertEquals("json-data", profile.get("capabilityClass"));
        assertEquals(1_048_576, ((Map<?, ?>) profile.get("jsonLimits")).get("maxBytes"));
        assertEquals("suppressed-for-secret-inputs", profile.get("resultVisibility"));
        assertFalse(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) workflow.get("inputSchema")).get("properties"))
                .get("token")).containsKey("default"), "a secret's default is not disclosed");
        String revision = (String) profile.get("revision");

        service.robot(user, Behaviour.echo(0));
        Map<String, Object> args = Map.of("projectId", project, "version", 1, "params", Map.of("n", 2),
                "idempotencyKey", "n8n:" + UUID.randomUUID(), "profileRevision", revision,
                "capabilityClass", "json-data");
        McpSchema.CallToolResult started = call(client, "astron_workflow_execute", args);
        sameAsText(started);
        assertFalse(Boolean.TRUE.equals(started.isError()), started.toString());
        String id = (String) structured(started).get("executionId");
        assertEquals(id, structured(call(client, "astron_workflow_execute", args)).get("executionId"), "replayed");

        Map<String, Object> done = structured(call(client, "astron_execution_get", Map.of("executionId", id)));
        for (int i = 0; i < 100 && !Boolean.TRUE.equals(done.get("terminal")); i++) {
            Thread.sleep(50);
            done = structured(call(client, "astron_execution_get", Map.of("executionId", id)));
        }
        assertEquals("succeeded", done.get("status"));
        assertEquals(null, done.get("result"), "secret inputs: the result is not shown");
        assertEquals("suppressed-for-secret-inputs", done.get("resultVisibility"));

        Map<String, Object> other = new java.util.HashMap<>(args);
        other.put("params", Map.of("n", 3));
        McpSchema.CallToolResult conflict = call(client, "astron_workflow_execute", other);
        assertTrue(conflict.isError());
        assertEquals("IDEMPOTENCY_CONFLICT", ((Map<?, ?>) structured(conflict).get("error")).get("code"));
        McpSchema.CallToolResult huge = call(client, "astron_workflow_execute", Map.of("projectId", project,
                "params", Map.of("n", 1), "profileRevision", "x".repeat(100), "note", "y".repeat(100_001)));
        assertEquals("JSON_LIMIT_EXCEEDED", ((Map<?, ?>) structured(huge).get("error")).get("code"));
        McpSchema.CallToolResult unknownField = call(client, "astron_workflow_execute", Map.of("projectId", project,
                "extra", true));
        assertEquals("INVALID_ARGUMENTS", ((Map<?, ?>) structured(unknownField).get("error")).get("code"));
        McpSchema.CallToolResult missing = call(client, "astron_workflow_get", Map.of("projectId", "nope"));
        assertEquals("WORKFLOW_NOT_FOUND", ((Map<?, ?>) structured(missing).get("error")).get("code"));
    }
}
