package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The JSON-RPC surface of {@code POST /mcp} under malformed and mistyped messages (API.md §9, MCP "Errors of
 * messages"), through real HTTP: a table of bodies with the answer each must get, then seeded random messages —
 * wrong types for every member, huge and odd ids, missing {@code jsonrpc}, unknown methods, batches — that must
 * never get a 5xx, never show a Java class name, exception text or stack trace, and only the documented error codes.
 * {@code -Dmcp.fuzz.seed=…} replays a run; {@code -Dmcp.fuzz.cases=…} sets its length.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpJsonRpcFuzzTest {
    private static final long SEED = Long.getLong("mcp.fuzz.seed", 20_261_204L);
    private static final int CASES = Integer.getInteger("mcp.fuzz.cases", 600);
    /** The JSON-RPC error codes API.md documents for /mcp. */
    private static final Set<Integer> DOCUMENTED = Set.of(-32700, -32600, -32601, -32602, -32000);
    private static final Set<Integer> STATUSES = Set.of(200, 202, 400, 404, 413, 429);
    /** What internals look like: qualified class names, exception names, library messages, stack frames. */
    private static final Pattern INTERNALS = Pattern.compile(String.join("|",
            "\\b(?:java|javax|jakarta|tools\\.jackson|com\\.fasterxml|io\\.modelcontextprotocol|reactor|org\\.eclipse"
                    + "|org\\.astronrpa)\\.[a-z]",
            "[A-Z][A-Za-z]*(?:Exception|Error)\\b", "\\bat \\w[\\w.$]*\\(", "\\.java:\\d", "\\[Source:",
            "line: \\d", "column: \\d", "Cannot (?:deserialize|construct|invoke|coerce|map)", "Unrecognized (?:token|field)",
            "Unexpected (?:character|token|end-of-input)", "reference chain", "because \"", "is null\\b",
            "JSONRPC", "McpSchema", "LinkedHashMap", "ArrayList"));

    @TempDir
    static Path dir;
    private static McpFixture service;
    private static String key;
    private static String session;
    private static String workflowTool;

    @BeforeAll
    static void start() throws Exception {
        service = new McpFixture(dir, Map.of("MCP_WAIT_SECONDS", "0"));
        String user = McpFixture.newUser();
        key = service.key(user);
        workflowTool = service.upsert(user, """
                {"project_id": "fuzz-%s", "name": "Fuzz target", "parameters": {"type": "object",
                 "properties": {"amount": {"type": "number"}}, "required": ["amount"]}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8))).get("tool_name").asString();
        HttpResponse<String> initialized = service.post("/mcp?key=" + key, McpFixture.initializeRequest());
        assertEquals(200, initialized.statusCode(), initialized.body());
        session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        service.post("/mcp?key=" + key, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                "Mcp-Session-Id", session);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static HttpResponse<String> send(String body, String sessionId) throws Exception {
        HttpResponse<String> answer = sessionId == null ? service.post("/mcp?key=" + key, body)
                : service.post("/mcp?key=" + key, body, "Mcp-Session-Id", sessionId);
        answer.headers().firstValue("Mcp-Session-Id").ifPresent(McpJsonRpcFuzzTest::end);
        return answer;
    }

    /** Ends a session a generated {@code initialize} opened, so that a run never nears the per-key cap. */
    private static void end(String opened) {
        try {
            service.open("DELETE", "/mcp?key=" + key, java.time.Duration.ofSeconds(10), "Mcp-Session-Id", opened)
                    .body().close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON-RPC messages of an answer: its JSON body, or the data of each event of an event stream. */
    private static List<JsonNode> messages(HttpResponse<String> answer) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/event-stream")) {
            return answer.body().lines().filter(line -> line.startsWith("data:"))
                    .map(line -> E2eHttp.JSON.readTree(line.substring("data:".length()))).toList();
        }
        if (answer.body().isBlank()) {
            return List.of();
        }
        assertTrue(type.startsWith("application/json"), "not JSON: " + type + " " + answer.body());
        return List.of(E2eHttp.JSON.readTree(answer.body()));
    }

    /** What every answer must be, whatever was sent. */
    private static void assertHygienic(String sent, HttpResponse<String> answer) {
        String context = "sent " + abbreviate(sent) + "\n  got " + answer.statusCode() + " " + abbreviate(answer.body());
        assertTrue(STATUSES.contains(answer.statusCode()), "status: " + context);
        assertTrue(answer.headers().firstValue("X-Request-ID").isPresent(), "no request id: " + context);
        var leak = INTERNALS.matcher(answer.body());
        if (leak.find()) {
            fail("internals (" + leak.group() + ") in: " + context);
        }
        for (JsonNode message : messages(answer)) {
            assertEquals("2.0", message.path("jsonrpc").asString(""), "not JSON-RPC: " + context);
            if (message.has("error")) {
                int code = message.at("/error/code").asInt(0);
                assertTrue(DOCUMENTED.contains(code), "undocumented code " + code + ": " + context);
                assertTrue(message.at("/error/message").isString(), "no message: " + context);
            }
        }
        if (answer.statusCode() >= 400) {
            List<JsonNode> errors = messages(answer);
            assertTrue(errors.size() == 1 && errors.getFirst().has("error"), "a 4xx without a JSON-RPC error: "
                    + context);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + ")" : text;
    }

    private static JsonNode error(HttpResponse<String> answer) {
        List<JsonNode> messages = messages(answer);
        assertEquals(1, messages.size(), answer.body());
        return messages.getFirst().path("error");
    }

    // ------------------------------------------------------------------ the table

    private record Case(String body, boolean withSession, int status, int code) {
    }

    private static final String PING = "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"}";

    private static List<Case> table() {
        String call = "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/call\", \"params\": %s}";
        String init = "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"initialize\", \"params\": %s}";
        return List.of(
                new Case("", true, 400, -32700),
                new Case("   ", true, 400, -32700),
                new Case("{this is not json", true, 400, -32700),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"} trailing", true, 400, -32700),
                new Case("null", true, 400, -32600),
                new Case("null", false, 400, -32600),
                new Case("42", true, 400, -32600),
                new Case("\"ping\"", true, 400, -32600),
                new Case("true", false, 400, -32600),
                new Case("[]", true, 400, -32600),
                new Case("[" + PING + "]", true, 400, -32600),
                new Case("[" + PING + ", " + PING + "]", false, 400, -32600),
                new Case("{}", true, 400, -32600),
                new Case("{\"id\": 1, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": 2.0, \"id\": 1, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": null}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": null, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1.5, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1e400, \"method\": \"ping\"}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 123456789012345678901234567890, \"method\": \"ping\"}",
                        true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1}", true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {}, \"error\": {\"code\": 1, \"message\": \"x\"}}",
                        true, 400, -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": \"x\", \"message\": 5}}", true, 400,
                        -32600),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": 1}", true, 400, -32602),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": [1]}", true, 400, -32602),
                new Case("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\", \"params\": \"x\"}", true,
                        400, -32602),
                new Case(PING, false, 400, -32600),
                new Case(init.formatted("null"), false, 400, -32602),
                new Case(init.formatted("[]"), false, 400, -32602),
                new Case(init.formatted("{}"), false, 400, -32602),
                new Case(init.formatted("{\"protocolVersion\": 2025}"), false, 400, -32602),
                new Case(init.formatted("{\"protocolVersion\": \"2025-06-18\", \"capabilities\": 1}"), false, 400,
                        -32602),
                new Case(init.formatted("{\"protocolVersion\": \"2025-06-18\", \"capabilities\": {\"roots\": 1}}"),
                        false, 400, -32602),
                new Case(init.formatted("{\"protocolVersion\": \"2025-06-18\", \"clientInfo\": {\"name\": []}}"), false,
                        400, -32602),
                new Case("{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"no/such/method\"}", true, 200, -32601),
                new Case(call.formatted("null"), true, 400, -32602),
                new Case(call.formatted("{}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": 5}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": \"rpa_list_workflows\", \"arguments\": 1}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": \"rpa_list_workflows\", \"arguments\": \"x\"}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": \"rpa_list_workflows\", \"arguments\": [1, 2]}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": \"rpa_list_workflows\", \"_meta\": 1}"), true, 200, -32602),
                new Case(call.formatted("{\"name\": \"no_such_tool\", \"arguments\": {}}"), true, 200, -32602));
    }

    @Test
    void eachMalformedMessageGetsItsDocumentedStatusAndCode() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Case c : table()) {
            HttpResponse<String> answer = send(c.body(), c.withSession() ? session : null);
            assertHygienic(c.body(), answer);
            int code = error(answer).path("code").asInt(0);
            if (answer.statusCode() != c.status() || code != c.code()) {
                wrong.add(c.body() + (c.withSession() ? "" : " (no session)") + "\n    expected " + c.status() + " "
                        + c.code() + ", got " + answer.statusCode() + " " + abbreviate(answer.body()));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers:\n  " + String.join("\n  ", wrong));
    }

    @Test
    void badArgumentsOfAToolAreAnIsErrorResultNamingTheArgument() throws Exception {
        HttpResponse<String> answer = send("""
                {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "rpa_list_workflows",
                 "arguments": {"page_size": "many"}}}""", session);
        assertHygienic("page_size many", answer);
        JsonNode result = messages(answer).getFirst().path("result");
        assertTrue(result.path("isError").asBoolean(), answer.body());
        assertTrue(result.toString().contains("page_size"), answer.body());
    }

    @Test
    void aWrongAcceptOrContentTypeIsRefusedWithoutInternals() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest.Builder base = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(service.base() + "/mcp?key=" + key))
                .header("Mcp-Session-Id", session).POST(java.net.http.HttpRequest.BodyPublishers.ofString(PING));
        HttpResponse<String> accept = http.send(base.copy().header("Content-Type", "application/json")
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> type = http.send(base.copy().header("Content-Type", "text/plain")
                .header("Accept", "application/json, text/event-stream").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, accept.statusCode(), accept.body());
        assertEquals(-32600, error(accept).path("code").asInt(), accept.body());
        assertHygienic(PING + " with Accept: application/json", accept);
        assertEquals(415, type.statusCode(), type.body());
        assertTrue(!INTERNALS.matcher(type.body()).find(), type.body());
    }

    // ------------------------------------------------------------------ seeded random messages

    @Test
    void noGeneratedMessageGetsA5xxOrInternalsOrAnUndocumentedCode() throws Exception {
        Random random = new Random(SEED);
        Generator generate = new Generator(random, workflowTool);
        for (int i = 0; i < CASES; i++) {
            String body = generate.body();
            String sessionId = switch (random.nextInt(10)) {
                case 0 -> null;
                case 1 -> UUID.randomUUID().toString();
                default -> session;
            };
            HttpResponse<String> answer = send(body, sessionId);
            try {
                assertHygienic(body, answer);
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + " of seed " + SEED + " (session " + (sessionId == null ? "none"
                        : sessionId.equals(session) ? "open" : "unknown") + "): " + e.getMessage(), e);
            }
        }
        HttpResponse<String> ping = send(PING, session);
        assertEquals(200, ping.statusCode(), "the session survived the run: " + ping.body());
    }

    /** Random JSON-RPC-ish bodies: mostly one message object with members of random type, some batches and scalars. */
    private record Generator(Random random, String workflowTool) {
        private static final List<String> SCALARS = List.of("", "null", "true", "0", "-1", "1e400", "\"ping\"", "[]",
                "{", "}", "{\"jsonrpc\"", "[{]", "{} {}", "\u0000", "\"\\ud800\"", "{\"a\":}", "nul", "[[[[[[[[]]]]]]]]");
        private static final List<String> METHODS = List.of("initialize", "ping", "tools/list", "tools/call",
                "tools/call", "tools/call", "notifications/initialized", "notifications/cancelled",
                "notifications/progress", "resources/list", "prompts/get", "logging/setLevel", "completion/complete",
                "sampling/createMessage", "", "unknown/method", "tools/");
        private static final List<String> TOOLS = List.of("rpa_list_workflows", "rpa_get_workflow",
                "rpa_start_execution", "rpa_get_execution", "rpa_cancel_execution", "rpa_list_executions",
                "rpa_list_schedules", "no_such");

        String body() {
            int kind = random.nextInt(20);
            if (kind == 0) {
                return pick(SCALARS);
            }
            if (kind == 1) {
                List<Object> batch = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    batch.add(message());
                }
                return E2eHttp.JSON.writeValueAsString(batch);
            }
            return E2eHttp.JSON.writeValueAsString(message());
        }

        private Map<String, Object> message() {
            Map<String, Object> message = new LinkedHashMap<>();
            if (random.nextInt(10) > 0) {
                message.put("jsonrpc", random.nextInt(8) > 0 ? "2.0" : odd());
            }
            Object method = random.nextInt(8) > 0 ? pick(METHODS) : odd();
            if (random.nextInt(12) > 0) {
                message.put("method", method);
            }
            if (random.nextInt(4) > 0) {
                message.put("id", id());
            }
            if (random.nextInt(12) == 0) {
                message.put(random.nextBoolean() ? "result" : "error", random.nextBoolean() ? odd()
                        : map("code", random.nextBoolean() ? -32000 : odd(), "message", random.nextBoolean() ? "x" : odd()));
            }
            if (random.nextInt(6) > 0) {
                message.put("params", random.nextInt(5) == 0 ? odd() : params(String.valueOf(method)));
            }
            return message;
        }

        private Object id() {
            return switch (random.nextInt(12)) {
                case 0 -> null;
                case 1 -> "x".repeat(random.nextInt(3000));
                case 2 -> new java.math.BigInteger("9".repeat(1 + random.nextInt(60)));
                case 3 -> Long.MIN_VALUE;
                case 4 -> random.nextDouble() * 1e300;
                case 5 -> odd();
                case 6 -> "";
                default -> random.nextInt(100_000) - 10;
            };
        }

        private Map<String, Object> params(String method) {
            Map<String, Object> params = new LinkedHashMap<>();
            switch (method) {
                case "tools/call" -> {
                    if (random.nextInt(8) > 0) {
                        params.put("name", random.nextInt(6) > 0 ? (random.nextBoolean() ? workflowTool : pick(TOOLS))
                                : odd());
                    }
                    if (random.nextInt(5) > 0) {
                        params.put("arguments", random.nextInt(3) == 0 ? odd() : arguments());
                    }
                    if (random.nextInt(4) == 0) {
                        params.put("_meta", random.nextBoolean() ? odd() : map("progressToken", odd(),
                                "idempotency_key", random.nextBoolean() ? "k" + random.nextInt(5) : odd()));
                    }
                }
                case "initialize" -> {
                    if (random.nextInt(5) > 0) {
                        params.put("protocolVersion", random.nextInt(3) > 0 ? "2025-06-18" : odd());
                    }
                    if (random.nextBoolean()) {
                        params.put("capabilities", random.nextBoolean() ? map("roots", odd(), "sampling", odd()) : odd());
                    }
                    if (random.nextBoolean()) {
                        params.put("clientInfo", random.nextBoolean() ? map("name", odd(), "version", "1") : odd());
                    }
                }
                case "notifications/cancelled" -> params.put("requestId", odd());
                case "notifications/progress" -> params.put("progressToken", odd());
                default -> {
                    if (random.nextBoolean()) {
                        params.put("cursor", odd());
                    }
                }
            }
            return params;
        }

        private Map<String, Object> arguments() {
            Map<String, Object> arguments = new LinkedHashMap<>();
            List<String> names = List.of("amount", "project_id", "execution_id", "params", "page_size", "page_no",
                    "status", "q", "wait_seconds", "idempotency_key", "timeout_seconds", "unknown");
            for (int i = random.nextInt(4); i > 0; i--) {
                arguments.put(pick(names), random.nextInt(3) == 0 ? random.nextInt(200) - 50 : odd());
            }
            return arguments;
        }

        /** A value of a random JSON type, often the wrong one. */
        private Object odd() {
            return switch (random.nextInt(11)) {
                case 0 -> null;
                case 1 -> true;
                case 2 -> random.nextInt();
                case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 4 -> "";
                case 5 -> "s" + random.nextInt(1000);
                case 6 -> List.of();
                case 7 -> List.of(random.nextInt(9), "a");
                case 8 -> Map.of();
                case 9 -> Map.of("k", random.nextBoolean() ? "v" : List.of());
                default -> new java.math.BigInteger("1" + "0".repeat(random.nextInt(40)));
            };
        }

        /** A map that may hold nulls (Map.of may not). */
        private static Map<String, Object> map(Object... keysAndValues) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return map;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
