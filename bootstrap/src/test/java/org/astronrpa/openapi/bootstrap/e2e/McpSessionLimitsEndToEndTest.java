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
 * per API key — one more initialize takes the place of the key's least recently used idle session, and is refused
 * clearly only when all of them are busy — and closed after {@code MCP_SESSION_IDLE_SECONDS} without use — through
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

    /**
     * The listening GET stream of a session, given time to reach it (its status line comes with its first event only);
     * the caller cancels it.
     */
    private static CompletableFuture<HttpResponse<InputStream>> listen(McpFixture service, String key, String session)
            throws InterruptedException {
        CompletableFuture<HttpResponse<InputStream>> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return service.open("GET", "/mcp", Duration.ofSeconds(30), "Authorization", "Bearer " + key,
                        "Mcp-Session-Id", session);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        return stream;
    }

    /** The gauge of open sessions, as /metrics shows it. */
    private static int openSessions(McpFixture service) {
        String metrics = service.rest().send("metrics-reader", "GET", "/metrics", null).expect(200).body();
        return metrics.lines().filter(line -> line.startsWith("rpa_mcp_sessions "))
                .map(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no rpa_mcp_sessions in /metrics"));
    }

    @Test
    void aClientThatNeverEndsItsSessionsKeepsOpeningNewOnesInPlaceOfItsOldestIdleOnes(@TempDir Path dir)
            throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_MAX_SESSIONS_PER_KEY", "3"))) {
            String key = service.key(McpFixture.newUser());
            String listened = open(service, key);
            CompletableFuture<HttpResponse<InputStream>> stream = listen(service, key, listened);
            List<String> sessions = new ArrayList<>();

            for (int i = 0; i < 3 + 5; i++) {    // as upstream's n8n node: initialize, a call, no DELETE
                String session = open(service, key);
                assertEquals(200, ping(service, key, session).statusCode());
                sessions.add(session);
            }

            for (String evicted : sessions.subList(0, 6)) {
                HttpResponse<String> gone = ping(service, key, evicted);
                assertEquals(404, gone.statusCode(), gone.body());
                JsonNode error = E2eHttp.JSON.readTree(gone.body());
                assertEquals(-32600, error.at("/error/code").asInt(), gone.body());
                assertTrue(error.at("/error/message").asString().startsWith("Session not found"), gone.body());
            }
            for (String kept : sessions.subList(6, 8)) {
                assertEquals(200, ping(service, key, kept).statusCode(), "the two most recently used");
            }
            assertEquals(200, ping(service, key, listened).statusCode(), "the oldest, but its client listens");
            assertEquals(3, openSessions(service));
            stream.cancel(true);
        }
    }

    @Test
    void aKeyAtItsCapWithEverySessionBusyIsRefusedClearlyWhileItsSessionsAndOtherKeysGoOn(@TempDir Path dir)
            throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_MAX_SESSIONS_PER_KEY", "3"))) {
            String user = McpFixture.newUser();
            String key = service.key(user);
            String otherKeyOfTheUser = service.key(user);
            String otherUsersKey = service.key(McpFixture.newUser());
            List<String> sessions = new ArrayList<>();
            List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sessions.add(open(service, key));
                streams.add(listen(service, key, sessions.getLast()));
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

            // a flood from the key at its cap opens nothing: memory stays bounded
            for (int i = 0; i < 300; i++) {
                assertEquals(429, initialize(service, key).statusCode());
            }
            assertEquals(3 + 2, openSessions(service), "the key's 3, one of each other key");

            assertEquals(200, delete(service, key, sessions.removeFirst()));
            assertEquals(200, ping(service, key, open(service, key)).statusCode(), "one place was freed");
            streams.forEach(stream -> stream.cancel(true));
        }
    }

    @Test
    void aSessionIdlePastItsTimeIsClosedAndItsIdGets404(@TempDir Path dir) throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_SESSION_IDLE_SECONDS", "2",
                "MCP_MAX_SESSIONS_PER_KEY", "2"))) {
            String key = service.key(McpFixture.newUser());
            String idle = open(service, key);
            String busy = open(service, key);

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
