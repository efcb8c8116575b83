package org.astronrpa.openapi.simulator.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator of the MCP benchmarks (docs/BENCHMARKS.md, "Issue 5 — MCP"); run by {@code bench/mcp.sh}.
 * Prints one line per measurement, {@code BENCH scenario=… key=value …}, on stdout.
 *
 * <pre>
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.McpBench tools-list --base http://127.0.0.1:8020 [--workflows 1000] [--iterations 200] [--warmup 50]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.McpBench call-vs-rest --base … [--concurrency 1,16] [--seconds 10] [--warmup-seconds 3]
 * </pre>
 *
 * {@code tools-list}: one user with {@code workflows} active workflows (each with a parameter schema); the latency
 * of {@code tools/list} through the MCP Java SDK client (what an agent host sees: request, event stream, parsing
 * every tool) and as raw HTTP (the server's part: one POST, the whole answer read).
 * {@code call-vs-rest}: per client one user, one workflow, one simulated robot replying at once, one API key;
 * each client alternates a workflow tool call (SDK client, {@code tools/call}) and the same execution through REST
 * ({@code POST /executions?wait=30} with {@code X-API-Key}), so both series run under the same load at the same time.
 */
public final class McpBench {
    /** Every scope of API.md §4: the bench key may do what the bench does. */
    private static final String ALL_SCOPES = "[\"workflows:read\",\"workflows:write\",\"executions:run\",\"executions:read\","
            + "\"executions:cancel\",\"robots:read\",\"robots:manage\",\"schedules:read\",\"schedules:write\","
            + "\"webhooks:manage\",\"mcp\",\"audit:read\"]";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SCHEMA = "{\"type\": \"object\", \"properties\": {\"amount\": {\"type\": \"number\"},"
            + " \"customer\": {\"type\": \"string\"}}, \"required\": [\"amount\"]}";

    private final Map<String, String> opts;
    private final String base;
    private final HttpClient http;

    private McpBench(Map<String, String> opts) {
        this.opts = opts;
        this.base = opts.getOrDefault("base", "http://127.0.0.1:8020");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args,
                "McpBench tools-list|call-vs-rest --base URL [options] (see the class comment)");
        McpBench bench = new McpBench(opts);
        switch (args[0]) {
            case "tools-list" -> bench.toolsList();
            case "call-vs-rest" -> bench.callVsRest();
            default -> {
                System.err.println("unknown subcommand " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------ tools-list

    private void toolsList() throws Exception {
        int workflows = Integer.parseInt(opts.getOrDefault("workflows", "1000"));
        int iterations = Integer.parseInt(opts.getOrDefault("iterations", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "50"));
        String user = "bench-mcp-list";
        long created = System.nanoTime();
        createWorkflows(user, workflows);
        System.out.printf(Locale.ROOT, "BENCH scenario=mcp-setup workflows=%d seconds=%.1f%n", workflows,
                (System.nanoTime() - created) / 1e9);
        String key = apiKey(user);

        McpSyncClient client = client(key);
        try {
            // the workflows' tools, besides the built-in rpa_ tools and the integration contract's astron_ tools
            long listed = client.listTools().tools().stream()
                    .filter(t -> !t.name().startsWith("rpa_") && !t.name().startsWith("astron_")).count();
            if (listed != workflows) {
                throw new IllegalStateException("tools/list shows " + listed + " workflow tools, expected " + workflows);
            }
            Samples sdk = new Samples();
            for (int i = 0; i < warmup + iterations; i++) {
                long t0 = System.nanoTime();
                client.listTools();
                if (i >= warmup) {
                    sdk.add(System.nanoTime() - t0);
                }
            }
            emit("mcp-tools-list-sdk", "workflows=" + workflows + " ops=" + iterations + " " + sdk.summary());
        } finally {
            client.closeGracefully();
        }

        String session = rawSession(key);
        Samples raw = new Samples();
        long bytes = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = rawPost(key, session, "{\"jsonrpc\": \"2.0\", \"id\": " + (i + 2)
                    + ", \"method\": \"tools/list\"}");
            if (r.statusCode() != 200 || !r.body().contains("\"tools\"")) {
                throw new IllegalStateException("raw tools/list: HTTP " + r.statusCode());
            }
            if (i >= warmup) {
                raw.add(System.nanoTime() - t0);
            }
            bytes = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        emit("mcp-tools-list-raw", "workflows=" + workflows + " ops=" + iterations + " bytes=" + bytes + " "
                + raw.summary());
    }

    private void createWorkflows(String user, int count) throws Exception {
        Semaphore parallel = new Semaphore(8);
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            parallel.acquire();
            Thread.ofVirtual().start(() -> {
                try {
                    upsert(user, "bench-mcp-list-" + n, "发票录入 " + n, n % 2 == 0 ? "Invoice entry " + n : null);
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                } finally {
                    parallel.release();
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("creating workflows failed: " + failure.get());
        }
    }

    // ------------------------------------------------------------------------------------------ call-vs-rest

    private void callVsRest() throws Exception {
        List<Integer> levels = new ArrayList<>();
        for (String c : opts.getOrDefault("concurrency", "1,16").split(",")) {
            levels.add(Integer.parseInt(c.strip()));
        }
        int max = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "10"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup-seconds", "3"));

        List<Client> clients = new ArrayList<>();
        List<SimulatedRobot> robots = new ArrayList<>();
        try {
            for (int i = 1; i <= max; i++) {
                String user = "bench-mcp-call-" + i;
                String project = "bench-mcp-call-" + i;
                String tool = upsert(user, project, "Bench call " + i, "Bench call " + i);
                SimulatedRobot robot = SimulatedRobot.builder(URI.create(base.replaceFirst("^http", "ws") + "/ws"))
                        .name("bench-mcp-robot-" + i).userId(user).behaviour(Behaviour.echo(0)).frameLogLimit(0)
                        .reconnectDelay(Duration.ofSeconds(1)).httpClient(http).start();
                robots.add(robot);
                if (!robot.awaitConnected(Duration.ofSeconds(30))) {
                    throw new IllegalStateException(robot + " did not connect");
                }
                String key = apiKey(user);
                clients.add(new Client(project, tool, key, client(key)));
            }
            for (int c : levels) {
                // each client alternates an MCP call (series 0) and a REST call (series 1)
                BenchSupport.Result[] series = BenchSupport.runSeries(c, 2, warmup, seconds, (i, s, k) -> {
                    if (s == 0) {
                        mcpCall(clients.get(i), k);
                    } else {
                        restCall(clients.get(i), k);
                    }
                });
                for (int s = 0; s < series.length; s++) {
                    BenchSupport.Result r = series[s];
                    emit(s == 0 ? "mcp-call" : "rest-call", String.format(Locale.ROOT,
                            "concurrency=%d ops=%d seconds=%.2f per_s=%.1f %s errors=%d%s", c, r.samples().size(), seconds,
                            r.samples().size() / seconds, r.samples().summary(), r.errors().get(),
                            r.firstError().get() == null ? "" : " first_error=\"" + r.firstError().get().replace('"', '\'') + "\""));
                }
            }
        } finally {
            clients.forEach(c -> c.mcp().closeGracefully());
            robots.forEach(SimulatedRobot::close);
        }
    }

    private record Client(String project, String tool, String key, McpSyncClient mcp) {
    }

    private static void mcpCall(Client client, long k) {
        McpSchema.CallToolResult result = client.mcp().callTool(McpSchema.CallToolRequest.builder(client.tool())
                .arguments(Map.of("amount", k, "customer", "张三")).build());
        Object status = result.structuredContent() instanceof Map<?, ?> content ? content.get("status") : null;
        if (Boolean.TRUE.equals(result.isError()) || !"COMPLETED".equals(status)) {
            throw new IllegalStateException("tools/call: " + result.content());
        }
    }

    private void restCall(Client client, long k) throws Exception {
        String body = "{\"project_id\": \"" + client.project() + "\", \"params\": {\"amount\": " + k
                + ", \"customer\": \"张三\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/executions?wait=30"))
                .header("X-API-Key", client.key()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(40)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !"COMPLETED".equals(JSON.readTree(r.body()).at("/data/execution/status").asString(""))) {
            throw new IllegalStateException("REST: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private McpSyncClient client(String key) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .requestBuilder(HttpRequest.newBuilder().header("X-API-Key", key)).build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    /** Creates or updates a workflow with the bench schema; returns its tool name. */
    private String upsert(String user, String project, String name, String englishName) throws Exception {
        String body = "{\"project_id\": \"" + project + "\", \"name\": \"" + name + "\""
                + (englishName == null ? "" : ", \"english_name\": \"" + englishName + "\"")
                + ", \"description\": \"Benchmark workflow\", \"parameters\": " + SCHEMA + "}";
        HttpResponse<String> r = send("POST", "/workflows/upsert", user, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("upsert " + project + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).at("/data/workflow/tool_name").asString();
    }

    private String apiKey(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/api-keys", user, "{\"name\": \"bench\", \"scopes\": "
                + ALL_SCOPES + "}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /api-keys: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).at("/data/api_key").asString();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-User-Id", user)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String rawSession(String key) throws Exception {
        HttpResponse<String> r = rawPost(key, null, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\","
                + " \"params\": {\"protocolVersion\": \"2025-06-18\", \"capabilities\": {}, \"clientInfo\": {\"name\":"
                + " \"bench\", \"version\": \"1\"}}}");
        String session = r.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IllegalStateException("initialize: HTTP " + r.statusCode()));
        rawPost(key, session, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}");
        return session;
    }

    private HttpResponse<String> rawPost(String key, String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void emit(String scenario, String rest) {
        System.out.println("BENCH scenario=" + scenario + " " + rest);
        System.out.flush();
    }
}
