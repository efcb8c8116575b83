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
        assertEquals(List.of("execution_get", "execution_cancel"), integration.get("operations"));
        assertEquals(false, integration.get("durableIdempotency"));
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
}
