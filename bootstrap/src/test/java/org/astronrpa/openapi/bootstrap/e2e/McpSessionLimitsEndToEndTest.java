package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * MCP sessions are bounded (API.md §9, "Session lifetime and cap"): at most {@code MCP_MAX_SESSIONS_PER_KEY} open
 * per API key, refused clearly beyond it, and closed after {@code MCP_SESSION_IDLE_SECONDS} without use — through
 * real HTTP, with a short idle time and a small cap.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpSessionLimitsEndToEndTest {
    private static final String PING = "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"ping\"}";

    private static HttpResponse<String> initialize(McpFixture service, String key) throws Exception {
        return service.post("/mcp", McpFixture.initializeRequest(), "Authorization", "Bearer " + key);
    }

    private static String open(McpFixture service, String key) throws Exception {
        HttpResponse<String> answer = initialize(service, key);
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static HttpResponse<String> ping(McpFixture service, String key, String session) throws Exception {
        return service.post("/mcp", PING, "Authorization", "Bearer " + key, "Mcp-Session-Id", session);
    }

    private static int delete(McpFixture service, String key, String session) throws Exception {
        HttpResponse<InputStream> answer = service.open("DELETE", "/mcp", Duration.ofSeconds(10),
                "Authorization", "Bearer " + key, "Mcp-Session-Id", session);
        answer.body().close();
        return answer.statusCode();
    }

    /** The gauge of open sessions, as /metrics shows it. */
    private static int openSessions(McpFixture service) {
        String metrics = service.rest().send("metrics-reader", "GET", "/metrics", null).expect(200).body();
        return metrics.lines().filter(line -> line.startsWith("rpa_mcp_sessions "))
                .map(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no rpa_mcp_sessions in /metrics"));
    }

    @Test
    void aKeyAtItsCapIsRefusedClearlyWhileItsSessionsAndOtherKeysGoOn(@TempDir Path dir) throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_MAX_SESSIONS_PER_KEY", "3"))) {
            String user = McpFixture.newUser();
            String key = service.key(user);
            String otherKeyOfTheUser = service.key(user);
            String otherUsersKey = service.key(McpFixture.newUser());
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sessions.add(open(service, key));
            }

            HttpResponse<String> over = initialize(service, key);

            assertEquals(429, over.statusCode(), over.body());
            assertTrue(over.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session for a refused initialize");
            assertTrue(over.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode refusal = E2eHttp.JSON.readTree(over.body());
            assertEquals("2.0", refusal.path("jsonrpc").asString());
            assertEquals(1, refusal.path("id").asInt(), "the initialize's own id");
            assertEquals(-32000, refusal.at("/error/code").asInt(), over.body());
            assertTrue(refusal.at("/error/message").asString().contains("at most 3"), over.body());
            assertTrue(refusal.at("/error/message").asString().contains("DELETE"), over.body());
            for (String session : sessions) {
                assertEquals(200, ping(service, key, session).statusCode(), "open sessions go on");
            }
            open(service, otherKeyOfTheUser);
            open(service, otherUsersKey);

            assertEquals(200, delete(service, key, sessions.removeFirst()));
            sessions.add(open(service, key));
            assertEquals(429, initialize(service, key).statusCode(), "one place was freed, and it is taken again");

            // a flood from the key at its cap opens nothing: memory stays bounded
            for (int i = 0; i < 300; i++) {
                assertEquals(429, initialize(service, key).statusCode());
            }
            assertEquals(3 + 2, openSessions(service), "the key's 3, one of each other key");
        }
    }

    @Test
    void aSessionIdlePastItsTimeIsClosedAndItsIdGets404(@TempDir Path dir) throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_SESSION_IDLE_SECONDS", "2",
                "MCP_MAX_SESSIONS_PER_KEY", "2"))) {
            String key = service.key(McpFixture.newUser());
            String idle = open(service, key);
            String busy = open(service, key);
            assertEquals(429, initialize(service, key).statusCode(), "the key is at its cap");

            for (int i = 0; i < 4; i++) {             // 4 s of use, a request a second
                Thread.sleep(1000);
                assertEquals(200, ping(service, key, busy).statusCode(), "a session in use stays open");
            }

            HttpResponse<String> expired = ping(service, key, idle);
            assertEquals(404, expired.statusCode(), expired.body());
            JsonNode error = E2eHttp.JSON.readTree(expired.body());
            assertEquals(-32600, error.at("/error/code").asInt(), expired.body());
            assertTrue(error.at("/error/message").asString().startsWith("Session not found"), expired.body());
            assertEquals(404, delete(service, key, idle), "the expired id is unknown to DELETE too");
            assertEquals(1, openSessions(service));
            String fresh = open(service, key);
            assertEquals(200, ping(service, key, fresh).statusCode(), "the client initializes again");

            Thread.sleep(3500);                        // no request at all: the sweep closes both
            assertEquals(0, openSessions(service), "closed without being asked for");
            assertEquals(404, ping(service, key, busy).statusCode());
        }
    }

    @Test
    void aSessionWithAnOpenListeningStreamIsNotIdle(@TempDir Path dir) throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_SESSION_IDLE_SECONDS", "1"))) {
            String key = service.key(McpFixture.newUser());
            String session = open(service, key);
            CompletableFuture<HttpResponse<InputStream>> listening = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.open("GET", "/mcp", Duration.ofSeconds(20), "Authorization", "Bearer " + key,
                            "Mcp-Session-Id", session);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Thread.sleep(3000);

            assertEquals(200, ping(service, key, session).statusCode(), "a client that listens is still there");
            listening.cancel(true);
        }
    }
}
