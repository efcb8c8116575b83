package org.astronrpa.openapi.bootstrap.e2e;

import static org.astronrpa.openapi.bootstrap.TestKeys.ALL_SCOPES;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.astronrpa.openapi.bootstrap.AppConfig;
import org.astronrpa.openapi.bootstrap.Launcher;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import tools.jackson.databind.JsonNode;

/**
 * The wired service started in-process for MCP tests, with what they need around it: users with API keys,
 * workflows registered over REST, simulated robots, MCP Java SDK clients over real HTTP, raw HTTP for what a
 * client library would hide.
 */
final class McpFixture implements AutoCloseable {
    /** Where a client puts its API key. */
    enum KeyPlacement { QUERY, BEARER, HEADER }

    private final Launcher launcher;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final E2eHttp rest;
    private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());

    McpFixture(Path dir, Map<String, String> overrides) {
        Map<String, String> env = E2eService.environment(dir, 0);
        env.putAll(overrides);
        this.launcher = new Launcher(AppConfig.load(dir, env)).start();
        this.rest = new E2eHttp(http, launcher.port());
    }

    int port() {
        return launcher.port();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    E2eHttp rest() {
        return rest;
    }

    static String newUser() {
        return "mcp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new API key of {@code user} with every scope (issued through the gateway's user header, as the console does). */
    String key(String user) {
        return key(user, ALL_SCOPES);
    }

    /** A new API key of {@code user} holding {@code scopes} (a JSON array). */
    String key(String user, String scopes) {
        return rest.send(user, "POST", "/api-keys", "{\"name\": \"mcp\", \"scopes\": " + scopes + "}").expect(201)
                .json().at("/data/api_key").asString();
    }

    /** Registers (or updates) a workflow of {@code user}; returns the workflow resource. */
    JsonNode upsert(String user, String workflowJson) {
        E2eHttp.Answer answer = rest.send(user, "POST", "/workflows/upsert", workflowJson);
        assertTrue(answer.status() == 200 || answer.status() == 201, answer.body());
        return answer.json().at("/data/workflow");
    }

    /** The executions of {@code user}, newest first, as REST lists them. */
    JsonNode executions(String user) {
        return rest.send(user, "GET", "/executions?pageSize=100", null).expect(200).json().at("/data");
    }

    SimulatedRobot robot(String user, Behaviour behaviour) throws InterruptedException {
        SimulatedRobot robot = SimulatedRobot.builder("ws://127.0.0.1:" + port() + "/ws")
                .name("robot-" + user).userId(user).behaviour(behaviour)
                .pingInterval(Duration.ofSeconds(2)).reconnectDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(3)).build();
        closeables.add(robot);
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(5)), robot + " did not connect");
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (rest.send(user, "GET", "/robots", null).json().at("/data/total").asInt() < 1) {
            assertTrue(System.nanoTime() < end, "the service does not list the robot of " + user);
            Thread.sleep(20);
        }
        return robot;
    }

    /** An initialized MCP client with {@code key}, and whatever else {@code customize} adds. */
    McpSyncClient client(String key, KeyPlacement placement, UnaryOperator<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(base());
        switch (placement) {
            case QUERY -> transport.endpoint("/mcp?key=" + key);
            case BEARER -> transport.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key));
            case HEADER -> transport.requestBuilder(HttpRequest.newBuilder().header("X-API-Key", key));
        }
        McpSyncClient client = customize.apply(McpClient.sync(transport.build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(10))).build();
        closeables.add(client::close);
        client.initialize();
        return client;
    }

    McpSyncClient client(String key) {
        return client(key, KeyPlacement.QUERY, spec -> spec);
    }

    /** A raw POST to /mcp with a JSON-RPC body and extra headers (name, value, …). */
    HttpResponse<String> post(String pathAndQuery, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A raw request to /mcp with any method, answered as soon as the status and headers arrive (an event stream's
     * body may go on); the caller closes the body. Throws {@link java.net.http.HttpTimeoutException} when no status
     * came within {@code timeout}.
     */
    HttpResponse<InputStream> open(String method, String pathAndQuery, Duration timeout, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json, text/event-stream")
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A {@code tools/call} of {@code tool} through {@code client}. */
    static io.modelcontextprotocol.spec.McpSchema.CallToolResult call(
            io.modelcontextprotocol.client.McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(io.modelcontextprotocol.spec.McpSchema.CallToolRequest.builder(tool)
                .arguments(arguments).build());
    }

    /** The structured content of a tool's result, which it must have. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
        org.junit.jupiter.api.Assertions.assertNotNull(result.structuredContent(),
                () -> "no structured content: " + result);
        return (Map<String, Object>) result.structuredContent();
    }

    static String initializeRequest() {
        return """
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                 "capabilities": {}, "clientInfo": {"name": "raw-test", "version": "1"}}}""";
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>(closeables);
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort: the next one still closes
            }
        }
        http.shutdownNow();
        launcher.stop();
    }
}
