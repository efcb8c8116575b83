package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.simulator.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28's request-scoped binding on /mcp and /mcp/ (API.md §6, §9 "MCP"), by raw HTTP: one POST, one JSON
 * answer, no session; the routing headers checked against the body; the same tools and results as a session's; the
 * sessions of the older revisions unchanged beside it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpRequestScopedEndToEndTest {
    private static final String VERSION = "2026-07-28";
    private static final String ALLOWED_ORIGIN = "http://localhost:6274";

    @TempDir
    static Path dir;
    private static McpFixture service;

    @BeforeAll
    static void start() {
        service = new McpFixture(dir, Map.of("MCP_WAIT_SECONDS", "5", "DISPATCH_TIMEOUT_SECONDS", "30",
                "MCP_ALLOWED_ORIGINS", ALLOWED_ORIGIN));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A request under 2026-07-28 with {@code key} and the routing headers given (name, value, …). */
    private static HttpResponse<String> send(String key, String body, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key, "MCP-Protocol-Version", VERSION));
        all.addAll(List.of(headers));
        return service.post("/mcp/", body, all.toArray(String[]::new));
    }

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\": \"2.0\", \"id\": " + id + ", \"method\": \"" + method + "\""
                + (params == null ? "" : ", \"params\": " + params) + "}";
    }

    private static String call(int id, String tool, String arguments) {
        return request(id, "tools/call", "{\"name\": \"" + tool + "\", \"arguments\": " + arguments
                + ", \"_meta\": {\"io.modelcontextprotocol/protocolVersion\": \"" + VERSION + "\", "
                + "\"io.modelcontextprotocol/clientCapabilities\": {}}}");
    }

    /** The JSON answer of a 2026-07-28 request: a JSON body, never a session or an event stream. */
    private static JsonNode answer(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session");
        JsonNode message = E2eHttp.JSON.readTree(response.body());
        assertEquals("2.0", message.path("jsonrpc").asString());
        return message;
    }

    private static JsonNode result(HttpResponse<String> response) {
        JsonNode result = answer(response, 200).path("result");
        assertEquals("complete", result.path("resultType").asString(), response.body());
        return result;
    }

    private static void assertError(HttpResponse<String> response, int status, int code, String inMessage) {
        JsonNode error = answer(response, status).path("error");
        assertEquals(code, error.path("code").asInt(), response.body());
        assertTrue(error.path("message").asString().contains(inMessage), response.body());
    }

    private static List<String> names(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.path("name").asString()));
        return names;
    }

    @Test
    void discoverAnswersTheVersionsTheToolsCapabilityAndWhoTheServerIs() throws Exception {
        String key = service.key(McpFixture.newUser());

        JsonNode discovered = result(send(key, request(1, "server/discover", "{\"_meta\": "
                + "{\"io.modelcontextprotocol/protocolVersion\": \"2026-07-28\"}}"), "Mcp-Method", "server/discover"));

        List<String> versions = new ArrayList<>();
        discovered.path("supportedVersions").forEach(version -> versions.add(version.asString()));
        assertEquals(List.of(VERSION, "2025-11-25", "2025-06-18", "2025-03-26"), versions);
        assertEquals(List.of("tools"), List.copyOf(discovered.path("capabilities").propertyNames()));
        assertEquals("rpa-openapi", discovered.at("/serverInfo/name").asString());
        assertFalse(discovered.at("/serverInfo/version").asString().isBlank());
        assertTrue(discovered.path("instructions").asString().contains("rpa_get_execution"));
    }

    @Test
    void pingAnswersAnEmptyResultOnBothPaths() throws Exception {
        String key = service.key(McpFixture.newUser());

        JsonNode slash = result(send(key, request(7, "ping", null), "Mcp-Method", "ping"));
        JsonNode plain = result(service.post("/mcp", request(8, "ping", null), "X-API-Key", key,
                "MCP-Protocol-Version", VERSION, "Mcp-Method", "ping"));

        assertEquals(E2eHttp.JSON.readTree("{\"resultType\": \"complete\"}"), slash);
        assertEquals(slash, plain);
    }

    @Test
    void toolsListIsTheCallersToolsAsASessionListsThemContractToolsFirst() throws Exception {
        String user = McpFixture.newUser();
        String project = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        String tool = service.upsert(user, "{\"project_id\": \"%s\", \"name\": \"Scoped run\"}".formatted(project))
                .get("tool_name").asString();
        String key = service.key(user);

        HttpResponse<String> listed = send(key, request(2, "tools/list", "{}"), "Mcp-Method", "tools/list");

        List<String> names = names(result(listed).path("tools"));
        assertEquals("astron_integration_get", names.getFirst());
        assertTrue(names.contains(tool) && names.contains("rpa_list_workflows"), names.toString());
        McpSyncClient session = service.client(key);
        assertEquals(session.listTools().tools().stream().map(McpSchema.Tool::name).toList(), names,
                "the same tools as in a session");
    }

    @Test
    void toolsCallAnswersTheContractControlAndWorkflowToolsAsInASession() throws Exception {
        String user = McpFixture.newUser();
        String project = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        String tool = service.upsert(user, "{\"project_id\": \"%s\", \"name\": \"Scoped call\"}".formatted(project))
                .get("tool_name").asString();
        String key = service.key(user);

        JsonNode integration = result(send(key, call(3, "astron_integration_get", "{}"), "Mcp-Method", "tools/call",
                "Mcp-Name", "astron_integration_get"));
        assertFalse(integration.path("isError").asBoolean(false), integration.toString());
        assertEquals(1, integration.at("/structuredContent/contractVersion").asInt(), integration.toString());
        assertEquals(integration.path("structuredContent"),
                E2eHttp.JSON.readTree(integration.at("/content/0/text").asString()), "the same JSON as text");

        JsonNode workflows = result(send(key, call(4, "rpa_list_workflows", "{}"), "Mcp-Method", "tools/call",
                "Mcp-Name", "rpa_list_workflows"));
        assertTrue(workflows.path("structuredContent").toString().contains(project), workflows.toString());

        service.robot(user, Behaviour.echo(20));
        JsonNode run = result(send(key, call(5, tool, "{\"amount\": 3}"), "Mcp-Method", "tools/call",
                "Mcp-Name", tool));
        assertEquals("COMPLETED", run.at("/structuredContent/status").asString(), run.toString());
        assertEquals(3, run.at("/structuredContent/result/echo/amount").asInt(), run.toString());

        HttpResponse<String> unknown = send(key, call(6, "no_such_tool", "{}"), "Mcp-Method", "tools/call",
                "Mcp-Name", "no_such_tool");
        assertError(unknown, 400, -32602, "Unknown tool: no_such_tool");
        assertEquals(6, E2eHttp.JSON.readTree(unknown.body()).path("id").asInt(), "the request's id");
    }

    @Test
    void routingHeadersThatDoNotRepeatTheBodyAreRefusedWith32020() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> otherMethod = send(key, request(1, "ping", null), "Mcp-Method", "tools/list");
        HttpResponse<String> noMethod = send(key, request(2, "ping", null));
        HttpResponse<String> otherName = send(key, call(3, "astron_integration_get", "{}"), "Mcp-Method",
                "tools/call", "Mcp-Name", "rpa_list_workflows");
        HttpResponse<String> noName = send(key, call(4, "astron_integration_get", "{}"), "Mcp-Method", "tools/call");
        HttpResponse<String> otherMetaVersion = send(key, request(5, "ping", "{\"_meta\": "
                + "{\"io.modelcontextprotocol/protocolVersion\": \"2025-11-25\"}}"), "Mcp-Method", "ping");
        HttpResponse<String> base64Name = send(key, call(6, "astron_integration_get", "{}"), "Mcp-Method",
                "tools/call", "Mcp-Name", "=?base64?YXN0cm9uX2ludGVncmF0aW9uX2dldA==?=");

        assertError(otherMethod, 400, -32020, "Mcp-Method");
        assertEquals(1, E2eHttp.JSON.readTree(otherMethod.body()).path("id").asInt());
        assertError(noMethod, 400, -32020, "Mcp-Method header is required");
        assertError(otherName, 400, -32020, "Mcp-Name");
        assertError(noName, 400, -32020, "Mcp-Name header is required");
        assertError(otherMetaVersion, 400, -32020, "io.modelcontextprotocol/protocolVersion");
        result(base64Name);
    }

    @Test
    void anUnsupportedVersionIs32022ListingTheSupportedOnes() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> future = service.post("/mcp", request(1, "ping", null), "Authorization", "Bearer " + key,
                "MCP-Protocol-Version", "2027-01-01", "Mcp-Method", "ping");

        assertError(future, 400, -32022, "Unsupported protocol version");
        JsonNode data = E2eHttp.JSON.readTree(future.body()).at("/error/data");
        assertEquals("2027-01-01", data.path("requested").asString());
        assertEquals(VERSION, data.at("/supported/0").asString(), data.toString());
        assertTrue(data.path("supported").toString().contains("2025-11-25"), data.toString());
    }

    @Test
    void anUnknownMethodIs404AndInitializeIsUnknownUnder20260728() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> unknown = send(key, request(1, "resources/list", null), "Mcp-Method", "resources/list");
        HttpResponse<String> initialize = send(key, McpFixture.initializeRequest(), "Mcp-Method", "initialize");

        assertError(unknown, 404, -32601, "Method not found: resources/list");
        assertError(initialize, 404, -32601, "Method not found: initialize");
        assertTrue(initialize.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session opened");
    }

    @Test
    void getAndDeleteWithoutASessionAre405AndNotificationsAre202() throws Exception {
        String key = service.key(McpFixture.newUser());

        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<InputStream> answer = service.open(method, "/mcp/", Duration.ofSeconds(10),
                    "Authorization", "Bearer " + key, "MCP-Protocol-Version", VERSION);
            try (InputStream body = answer.body()) {
                assertEquals(405, answer.statusCode(), method);
                assertEquals("POST", answer.headers().firstValue("Allow").orElse(null), method);
                assertEquals(-32600, E2eHttp.JSON.readTree(body.readAllBytes()).at("/error/code").asInt(), method);
            }
        }
        HttpResponse<String> notification = send(key, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/cancelled\","
                + " \"params\": {\"requestId\": 1}}", "Mcp-Method", "notifications/cancelled");
        assertEquals(202, notification.statusCode(), notification.body());
        assertEquals("", notification.body());
    }

    @Test
    void malformedJsonIs32700AndAForeignOriginIs403() throws Exception {
        String key = service.key(McpFixture.newUser());

        assertError(send(key, "{this is not json", "Mcp-Method", "ping"), 400, -32700, "Parse error");
        HttpResponse<String> foreign = send(key, request(1, "ping", null), "Mcp-Method", "ping",
                "Origin", "http://evil.example");
        assertError(foreign, 403, -32600, "Origin");
        result(send(key, request(2, "ping", null), "Mcp-Method", "ping", "Origin", ALLOWED_ORIGIN));
    }

    @Test
    void aMissingOrBadKeyIs401BeforeAnything() throws Exception {
        HttpResponse<String> none = service.post("/mcp/", request(1, "ping", null), "MCP-Protocol-Version", VERSION,
                "Mcp-Method", "ping");
        HttpResponse<String> bad = service.post("/mcp/", request(1, "tools/list", null), "Authorization",
                "Bearer rpa_" + "A".repeat(43), "MCP-Protocol-Version", "2027-01-01");

        for (HttpResponse<String> refused : List.of(none, bad)) {
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
    }

    @Test
    void aSessionOf20251125StillWorksBesideIt() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> initialized = service.post("/mcp/", McpFixture.initializeRequest()
                .replace("2025-06-18", "2025-11-25"), "Authorization", "Bearer " + key);
        assertEquals(200, initialized.statusCode(), initialized.body());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(initialized.body().contains("\"protocolVersion\":\"2025-11-25\""), initialized.body());
        HttpResponse<String> listed = service.post("/mcp/", request(2, "tools/list", null), "Authorization",
                "Bearer " + key, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertTrue(listed.body().contains("astron_integration_get"), listed.body());
        assertNotEquals(0, service.client(key).listTools().tools().size(), "the SDK's client too");
    }
}
