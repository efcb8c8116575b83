package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The /mcp endpoint as HTTP (API.md §6): authentication before any MCP processing, Origin and Host checks,
 * transport errors without stack traces, sessions bound to the user who initialized them, rate limits, and a stop
 * that open event streams do not hold up. Raw HTTP where a client library would hide the answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpTransportEndToEndTest {
    private static final String ALLOWED_ORIGIN = "http://localhost:6274";

    @TempDir
    static Path dir;
    private static McpFixture service;

    @BeforeAll
    static void start() {
        service = new McpFixture(dir, Map.of("MCP_ALLOWED_ORIGINS", ALLOWED_ORIGIN + ", https://agents.example.com"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void assertNoStackTrace(String body) {
        assertFalse(body.contains("stackTrace") || body.contains("\tat ") || body.contains(".java:")
                || body.contains("Exception"), "a stack trace or exception leaked: " + body);
    }

    /** Opens a session with {@code key} by raw HTTP; returns its id. */
    private static String openSession(String key) throws Exception {
        HttpResponse<String> initialized = service.post("/mcp?key=" + key, McpFixture.initializeRequest());
        assertEquals(200, initialized.statusCode(), initialized.body());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        service.post("/mcp?key=" + key, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                "Mcp-Session-Id", session);
        return session;
    }

    /** The JSON-RPC message in an event-stream answer. */
    private static JsonNode message(HttpResponse<String> response) {
        String data = response.body().lines().filter(line -> line.startsWith("data:")).findFirst()
                .orElseThrow(() -> new AssertionError("no event in " + response.body()));
        return E2eHttp.JSON.readTree(data.substring("data:".length()));
    }

    private static HttpResponse<String> listTools(String key, String session) throws Exception {
        return service.post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}",
                "Authorization", "Bearer " + key, "Mcp-Session-Id", session);
    }

    @Test
    void aMissingOrBadKeyIs401BeforeAnyMcpProcessing() throws Exception {
        String user = McpFixture.newUser();
        String key = service.key(user);
        String session = openSession(key);

        HttpResponse<String> none = service.post("/mcp", McpFixture.initializeRequest());
        HttpResponse<String> unknown = service.post("/mcp?key=rpa_" + "A".repeat(43), McpFixture.initializeRequest());
        HttpResponse<String> malformed = service.post("/mcp", McpFixture.initializeRequest(), "Authorization", "Basic eDp5");
        HttpResponse<String> badKeyOnASession = service.post("/mcp", "{}", "X-API-Key", "not-a-key",
                "Mcp-Session-Id", session);

        for (HttpResponse<String> refused : List.of(none, unknown, malformed, badKeyOnASession)) {
            assertEquals(401, refused.statusCode(), refused.body());
            String challenge = refused.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.startsWith("Bearer realm=\"rpa-openapi\", error=\"invalid_token\", "
                    + "error_description=\""), challenge);
            assertTrue(challenge.contains("API keys only, no OAuth"), "what a client shows: " + challenge);
            assertTrue(challenge.matches("[\\x20-\\x7e]+") && challenge.chars().filter(c -> c == '"').count() == 6,
                    "an RFC 6750 quoted-string: " + challenge);
            assertFalse(challenge.contains("resource_metadata"), "nothing to discover: " + challenge);
            assertTrue(E2eHttp.JSON.readTree(refused.body()).path("msg").asString().contains("API keys only"));
            assertTrue(refused.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session for a refused request");
            assertEquals("unauthorized", E2eHttp.JSON.readTree(refused.body()).at("/error/type").asString(), refused.body());
            assertNoStackTrace(refused.body());
        }
        assertTrue(unknown.headers().firstValue("WWW-Authenticate").orElseThrow().contains("the API key is not valid"));
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().contains("an API key is required"));
        for (String wellKnown : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            assertEquals(404, service.rest().send("anyone", "GET", wellKnown, null).status(),
                    "no protected-resource metadata while there is no OAuth: " + wellKnown);
        }
        assertEquals(200, listTools(key, session).statusCode(), "the session is untouched by refused requests");
        assertThrows(RuntimeException.class, () -> service.client("rpa_" + "B".repeat(43)));
    }

    @Test
    void theEndpointWithATrailingSlashIsAnsweredItselfNotRedirected() throws Exception {
        String key = service.key(McpFixture.newUser());
        // upstream's n8n node always calls <base>/mcp/ and refuses redirects
        HttpResponse<String> initialized = service.post("/mcp/", McpFixture.initializeRequest(),
                "Authorization", "Bearer " + key);
        assertEquals(200, initialized.statusCode(), initialized.body());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertEquals("rpa-openapi", E2eHttp.JSON.readTree(initialized.body()).at("/result/serverInfo/name").asString());
        HttpResponse<String> listed = service.post("/mcp/", "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}",
                "Authorization", "Bearer " + key, "Mcp-Session-Id", session);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(message(listed).get("result").get("tools").isArray(), listed.body());
        assertEquals(200, listTools(key, session).statusCode(), "the same session at /mcp");
        assertEquals(401, service.post("/mcp/", McpFixture.initializeRequest()).statusCode(), "authenticated as /mcp");
        assertEquals(404, service.post("/mcp//", McpFixture.initializeRequest(), "Authorization", "Bearer " + key)
                .statusCode(), "only the one slash");
        assertEquals(404, service.post("/mcp/x", McpFixture.initializeRequest(), "Authorization", "Bearer " + key)
                .statusCode());
    }

    @Test
    void mcpRequestsAreTimedInTheHttpRequestMetricsWithTheirStatus() throws Exception {
        String key = service.key(McpFixture.newUser());
        String session = openSession(key);
        assertEquals(200, listTools(key, session).statusCode());
        assertEquals(401, service.post("/mcp", McpFixture.initializeRequest()).statusCode());
        String metrics = service.rest().send("metrics-reader", "GET", "/metrics", null).expect(200).body();
        List<String> mcp = metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")
                && l.contains("route=\"/mcp\"")).toList();
        assertTrue(mcp.stream().anyMatch(l -> l.contains("method=\"POST\"") && l.contains("status=\"200\"")), mcp.toString());
        assertTrue(mcp.stream().anyMatch(l -> l.contains("status=\"401\"")), "refusals are timed too: " + mcp);
    }

    @Test
    void aForeignOriginIsRefusedAndAConfiguredOneAccepted() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> foreign = service.post("/mcp?key=" + key, McpFixture.initializeRequest(),
                "Origin", "http://evil.example");
        HttpResponse<String> allowed = service.post("/mcp?key=" + key, McpFixture.initializeRequest(),
                "Origin", ALLOWED_ORIGIN);

        assertEquals(403, foreign.statusCode(), foreign.body());
        assertTrue(foreign.headers().firstValue("Mcp-Session-Id").isEmpty());
        assertNoStackTrace(foreign.body());
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertTrue(allowed.headers().firstValue("Mcp-Session-Id").isPresent());
    }

    @Test
    void transportErrorsCarryNoStackTrace() throws Exception {
        String key = service.key(McpFixture.newUser());

        HttpResponse<String> noSession = service.post("/mcp?key=" + key,
                "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}");
        HttpResponse<String> notJson = service.post("/mcp?key=" + key, "{this is not json");
        HttpResponse<String> unknownSession = listTools(key, "no-such-session");
        HttpResponse<String> tooLarge = service.post("/mcp?key=" + key,
                "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"ping\", \"params\": {\"pad\": \""
                        + "x".repeat(1024 * 1024) + "\"}}");

        assertEquals(400, noSession.statusCode(), noSession.body());
        assertEquals(-32600, E2eHttp.JSON.readTree(noSession.body()).at("/error/code").asInt(), noSession.body());
        assertEquals(400, notJson.statusCode(), notJson.body());
        assertEquals(404, unknownSession.statusCode(), unknownSession.body());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        for (HttpResponse<String> answer : List.of(noSession, notJson, unknownSession, tooLarge)) {
            assertNoStackTrace(answer.body());
            assertNotNull(answer.headers().firstValue("X-Request-ID").orElse(null));
        }
    }

    @Test
    void aSessionBelongsToTheKeyThatInitializedItAndAnotherUsersKeyIsToldItDoesNotExist() throws Exception {
        String alice = McpFixture.newUser();
        String aliceKey = service.key(alice);
        String bobKey = service.key(McpFixture.newUser());
        String alices = openSession(aliceKey);           // no tools/* yet: the session is alice's from initialize on
        String unknown = UUID.randomUUID().toString();

        // POST: the answer to an unknown session, word for word (but the id), so bob cannot tell that it exists
        HttpResponse<String> bobsList = listTools(bobKey, alices);
        HttpResponse<String> unknownList = listTools(bobKey, unknown);
        assertEquals(404, bobsList.statusCode(), bobsList.body());
        assertEquals(unknownList.body().replace(unknown, "<id>"), bobsList.body().replace(alices, "<id>"));
        assertEquals(unknownList.headers().firstValue("Content-Type"), bobsList.headers().firstValue("Content-Type"));
        HttpResponse<String> bobsNotification = service.post("/mcp", "{\"jsonrpc\": \"2.0\", \"method\": "
                + "\"notifications/initialized\"}", "X-API-Key", bobKey, "Mcp-Session-Id", alices);
        assertEquals(404, bobsNotification.statusCode(), bobsNotification.body());

        // GET: no listening on alice's stream; DELETE: no ending her session
        Answer bobsListen = rawAnswer("GET", "/mcp?key=" + bobKey, alices);
        Answer unknownListen = rawAnswer("GET", "/mcp?key=" + bobKey, unknown);
        Answer bobsDelete = rawAnswer("DELETE", "/mcp", alices, "Authorization", "Bearer " + bobKey);
        Answer unknownDelete = rawAnswer("DELETE", "/mcp", unknown, "Authorization", "Bearer " + bobKey);
        assertEquals(new Answer(404, unknownListen.body()), bobsListen, "bob's GET on alice's session");
        assertEquals(new Answer(404, unknownDelete.body()), bobsDelete, "bob's DELETE of alice's session");
        for (Answer answer : List.of(bobsListen, bobsDelete)) {
            assertNoStackTrace(answer.body());
        }

        // alice's session is untouched: her listening stream opens and hears that her tool list changed, her
        // tools/list answers, her DELETE ends the session
        // (the status line may come with the first event only: the GET is sent first, the change made meanwhile)
        CompletableFuture<HttpResponse<InputStream>> listening = CompletableFuture.supplyAsync(() -> {
            try {
                return service.open("GET", "/mcp?key=" + aliceKey, Duration.ofSeconds(15), "Mcp-Session-Id", alices);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // for the GET to reach the session
        service.rest().upsertWorkflow(alice, "p-" + UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<InputStream> stream = listening.get(15, TimeUnit.SECONDS);
        try (InputStream events = stream.body()) {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            String event = CompletableFuture.supplyAsync(() -> firstEvent(events)).get(10, TimeUnit.SECONDS);
            assertTrue(event.contains("notifications/tools/list_changed"), event);
        }
        assertTrue(message(listTools(aliceKey, alices)).has("result"), "alice's session survived bob's requests");
        assertEquals(200, rawAnswer("DELETE", "/mcp", alices, "X-API-Key", aliceKey).status());
        assertEquals(404, listTools(aliceKey, alices).statusCode(), "alice's DELETE ended her session");
    }

    /**
     * A request with {@code Mcp-Session-Id: session}; its status and body (without the request id an error envelope
     * carries, which differs from request to request), or a failure when no status came.
     */
    private static Answer rawAnswer(String method, String path, String session, String... headers) throws Exception {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Mcp-Session-Id";
        all[headers.length + 1] = session;
        HttpResponse<InputStream> response;
        try {
            response = service.open(method, path, Duration.ofSeconds(3), all);
        } catch (HttpTimeoutException e) {
            throw new AssertionError(method + " got no answer: the service took it as the session's own", e);
        }
        try (InputStream body = response.body()) {
            return new Answer(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\"request_id\":\"[^\"]*\"", "\"request_id\":\"…\""));
        }
    }

    private record Answer(int status, String body) {
    }

    /** The data line of the first event with data on an event stream. */
    private static String firstEvent(InputStream stream) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "(the stream ended without an event)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rateLimitsAndAllowedHostsApplyToMcpRequests(@TempDir Path own) throws Exception {
        try (McpFixture strict = new McpFixture(own, Map.of("RATE_LIMIT_PER_MINUTE", "1", "RATE_LIMIT_BURST", "4",
                "MCP_ALLOWED_HOSTS", "127.0.0.1:*"))) {
            String key = strict.key(McpFixture.newUser());                                      // 1st request

            String foreignHost = rawPost(strict.port(), "/mcp?key=" + key, "evil.example", McpFixture.initializeRequest());
            HttpResponse<String> second = strict.post("/mcp?key=" + key, McpFixture.initializeRequest());   // 3rd
            HttpResponse<String> third = strict.post("/mcp?key=" + key, McpFixture.initializeRequest());    // 4th
            HttpResponse<String> over = strict.post("/mcp?key=" + key, McpFixture.initializeRequest());     // 5th

            assertTrue(foreignHost.startsWith("HTTP/1.1 421"), foreignHost);
            assertEquals(200, second.statusCode(), second.body());
            assertEquals(200, third.statusCode(), third.body());
            assertEquals("1", third.headers().firstValue("RateLimit-Limit").orElse(null));
            assertEquals(429, over.statusCode(), over.body());
            assertTrue(over.headers().firstValue("Retry-After").isPresent());
            assertEquals("rate_limited", E2eHttp.JSON.readTree(over.body()).at("/error/type").asString());
        }
    }

    @Test
    void anOpenEventStreamDoesNotHoldUpAStop(@TempDir Path own) throws Exception {
        McpFixture stopping = new McpFixture(own, Map.of("SHUTDOWN_TIMEOUT_SECONDS", "10"));
        McpSyncClient client = stopping.client(stopping.key(McpFixture.newUser()));
        client.listTools();
        Thread.sleep(300); // the client opens its GET event stream right after initialize

        long begin = System.nanoTime();
        stopping.close();
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertTrue(seconds < 5, "the stop waited " + seconds + " s for an idle event stream");
    }

    /** A POST with a Host header of our choosing (java.net.http sets its own), over a plain socket. */
    private static String rawPost(int port, String path, String host, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
