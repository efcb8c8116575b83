package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A database outage gives the same answer on every protocol (API.md §1, §9): the wired service on MariaDB through a
 * TCP proxy that the test cuts, REST answering 503 {@code unavailable} with {@code Retry-After}, and an MCP tool call
 * an {@code isError} result with the code {@code UNAVAILABLE} — not an internal error.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DatabaseOutageEndToEndTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    static Path dir;
    private static MySqlTestDatabase database;
    private static TcpProxy proxy;
    private static McpFixture service;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.mysql();
        URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        proxy = TcpProxy.to("redis://" + server.getHost() + ":" + server.getPort());
        Map<String, String> env = new HashMap<>(database.environment());
        env.put("DATABASE_URL", "jdbc:mysql://127.0.0.1:" + proxy.port() + server.getRawPath()
                + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery()));
        env.put("MCP_WAIT_SECONDS", "2");
        service = new McpFixture(dir, env);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aDatabaseOutageIsUnavailableOnRestWithRetryAfterAndAnUnavailableToolErrorOnMcp() throws Exception {
        String user = McpFixture.newUser();
        String tool = service.upsert(user, """
                {"project_id": "outage-%s", "name": "Outage", "english_name": "outage check",
                 "parameters": {"type": "object", "properties": {"amount": {"type": "number"}}}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8))).get("tool_name").asString();
        String key = service.key(user);
        HttpResponse<String> initialized = service.post("/mcp?key=" + key, McpFixture.initializeRequest());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        service.post("/mcp?key=" + key, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                "Mcp-Session-Id", session);

        // no robot: the execution stays PENDING, and the call reads it again when its 2 s wait ends
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return service.post("/mcp?key=" + key, """
                        {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                         "params": {"name": "%s", "arguments": {"amount": 1}}}""".formatted(tool),
                        "Mcp-Session-Id", session);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        String id = awaitExecutionOf(user);
        proxy.cut();
        try {
            E2eHttp.Answer rest = service.rest().send(user, "GET", "/executions/" + id, null);
            assertEquals(503, rest.status(), rest.body());
            assertEquals("unavailable", rest.json().at("/error/type").asString(), rest.body());
            assertTrue(rest.json().at("/msg").asString().startsWith("the database does not answer; retry shortly"),
                    rest.body());
            assertEquals("5", rest.raw().headers().firstValue("Retry-After").orElse(null), "REST says when to retry");

            HttpResponse<String> answered = call.get(30, TimeUnit.SECONDS);
            JsonNode result = rpcAnswer(answered.body()).path("result");
            assertTrue(result.path("isError").asBoolean(), answered.body());
            assertEquals("UNAVAILABLE", result.at("/_meta/error_code").asString(), answered.body());
            assertTrue(result.at("/content/0/text").asString().startsWith("the database does not answer; retry shortly"),
                    answered.body());
        } finally {
            proxy.restore();
        }
        E2eHttp.Answer again = awaitStatus(user, "/executions/" + id, 200);
        assertEquals(id, again.json().at("/data/execution/id").asString(), "it works again once the database answers");
    }

    /** The JSON-RPC answer of a POST, sent as JSON or as the data of its one server-sent event. */
    private static JsonNode rpcAnswer(String body) {
        String json = body.strip().startsWith("{") ? body : body.lines().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).strip()).reduce((first, last) -> last).orElse("{}");
        return MAPPER.readTree(json);
    }

    private static String awaitExecutionOf(String user) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            var records = service.executions(user).at("/records");
            if (records.size() == 1) {
                return records.get(0).get("id").asString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the tool call started no execution");
    }

    private static E2eHttp.Answer awaitStatus(String user, String path, int status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        E2eHttp.Answer answer;
        do {
            answer = service.rest().send(user, "GET", path, null);
            if (answer.status() == status) {
                return answer;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError("still " + answer.status() + ": " + answer.body());
    }
}
