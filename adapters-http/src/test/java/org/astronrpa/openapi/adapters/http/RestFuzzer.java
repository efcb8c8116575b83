package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes every REST operation of openapi.json — read from the document, so that a new route is covered without a
 * change here — with generated valid and invalid path and query parameters, headers, credentials and bodies,
 * through real sockets against a started server on {@code port}. Every answer must come within 10 s, be below 500,
 * carry an {@code X-Request-ID}, be the error envelope with that id when it is an error, and match what
 * openapi.json documents for it; HEAD must answer what GET does, without a body. Used by jqwik properties against
 * the HTTP adapter alone and against the whole service on each database.
 */
public final class RestFuzzer implements AutoCloseable {
    private static final String OWNER = "fuzz-owner";
    private static final String OTHER = "fuzz-other";
    private static final OpenApiContract CONTRACT = OpenApiContract.INSTANCE;
    /** Writes every non-ASCII character as a {@code \\u} escape, so that unpaired surrogates reach the server. */
    private static final tools.jackson.databind.ObjectMapper ESCAPING = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentSkipListMap<>();
    /** The last calls, named when one gets no answer (it may be a previous one that broke the connection). */
    private final List<String> recent = new ArrayList<>();
    private final List<String> executions = new ArrayList<>();
    private final List<String> keyIds = new ArrayList<>();
    private final SchemaValues values;
    private final String ownerKey;

    /** One generated request. */
    public record Call(String method, String template, String path, String query, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " headers=" + headers
                    + (body == null ? "" : " body=" + new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Creates, through the API, the workflows, executions and keys that valid requests refer to. */
    public RestFuzzer(int port) {
        this.port = port;
        this.values = new SchemaValues(CONTRACT::resolve, Map.of("project_id", List.of("fuzz-1", "fuzz-typed"), "id", keyIds));
        fixture("POST", "/workflows/upsert", "{\"project_id\":\"fuzz-1\",\"name\":\"Fuzz one\"}");
        fixture("POST", "/workflows/upsert", "{\"project_id\":\"fuzz-typed\",\"name\":\"Fuzz typed\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}},\"required\":[\"amount\"]}}");
        for (int i = 0; i < 3; i++) {
            executions.add(fixture("POST", "/executions", "{\"project_id\":\"fuzz-1\"}").at("/data/execution/id").asString());
        }
        JsonNode key = fixture("POST", "/api-keys", "{\"name\":\"fuzz\"}").get("data");
        ownerKey = key.get("api_key").asString();
        keyIds.add(key.get("id").asString());
        for (int i = 0; i < 3; i++) {
            keyIds.add(fixture("POST", "/api-keys", "{\"name\":\"spare\"}").at("/data/id").asString());
        }
    }

    private JsonNode fixture(String method, String path, String body) {
        HttpResponse<String> response = send(new Call(method, path, path, "",
                Map.of("X-User-Id", OWNER, "Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return TestApi.JSON.readTree(response.body());
    }

    /** How many answers of each status each operation got. */
    public String report() {
        StringBuilder seen = new StringBuilder("answers by operation and status:\n");
        statuses.forEach((operation, counts) -> seen.append("  ").append(operation).append(' ')
                .append(new TreeMap<>(counts)).append('\n'));
        return seen.toString();
    }

    /** The operations of openapi.json that no call reached. */
    public List<String> unfuzzed() {
        List<String> missing = new ArrayList<>(CONTRACT.operations());
        missing.removeAll(statuses.keySet());
        return missing;
    }

    /**
     * Checks {@code perOperation} drawn calls of each operation that the random run did not reach, so that every
     * operation is fuzzed whatever the draw: with some fifty operations and a few hundred tries, one of them goes
     * unreached in about one run of a hundred and fifty.
     */
    public void sweepUnfuzzed(int perOperation) {
        for (String operation : unfuzzed()) {
            Arbitrary<Call> calls = callsOf(operation);
            for (int i = 0; i < perOperation; i++) {
                check(calls.sample());
            }
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** Sends {@code call} and fails unless the answer is what every answer must be. */
    public void check(Call call) {
        long started = System.nanoTime();
        HttpResponse<String> response = send(call);
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        recent.add(call + " -> " + status);
        if (recent.size() > 3) {
            recent.remove(0);
        }
        statuses.computeIfAbsent(call.method() + " " + call.template(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        String context = call + "\n -> " + status + " " + response.body();
        assertTrue(status < 500, "5xx: " + context);
        assertTrue(millis < 10_000, "answered after " + millis + " ms (waits are at most 1 s): " + context);
        Optional<String> requestId = response.headers().firstValue(RequestIds.HEADER);
        assertTrue(requestId.isPresent() && !requestId.get().isBlank(), "no X-Request-ID: " + context);
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (status >= 400 || response.body().startsWith("{\"code\":\"5001\"")) {
            assertTrue(contentType != null && contentType.startsWith("application/json"), "error not JSON: " + context);
            CONTRACT.checkError(response.body());
            assertEquals(requestId.get(), TestApi.JSON.readTree(response.body()).get("request_id").asString(), context);
        }
        try {
            CONTRACT.check(call.method(), call.path(), status, contentType, response.body());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nrequest: " + call, e);
        }
        if (call.method().equals("GET")) {
            HttpResponse<String> head = send(new Call("HEAD", call.template(), call.path(), call.query(), call.headers(), null));
            assertEquals(status, head.statusCode(), "HEAD answered otherwise than GET: " + context);
            assertTrue(head.body().isEmpty(), "HEAD answered a body: " + call);
        }
    }

    private HttpResponse<String> send(Call call) {
        String target = call.path() + (call.query().isEmpty() ? "" : "?" + call.query());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(20))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer (" + e + "): " + call + "\nafter:\n" + String.join("\n", recent), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests to every operation of openapi.json. */
    public Arbitrary<Call> calls() {
        return Arbitraries.of(CONTRACT.operations()).flatMap(this::callsOf);
    }

    private Arbitrary<Call> callsOf(String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String template = operation.substring(operation.indexOf(' ') + 1);
        List<JsonNode> parameters = CONTRACT.parameters(operation);
        List<Arbitrary<Optional<String[]>>> values = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            values.add(parameterValue(template, parameter));
        }
        Arbitrary<List<Optional<String[]>>> chosen = values.isEmpty() ? Arbitraries.just(List.of())
                : Combinators.combine(values).as(list -> list);
        JsonNode body = CONTRACT.document().at("/paths/" + template.replace("~", "~0").replace("/", "~1") + "/"
                + method.toLowerCase(Locale.ROOT) + "/requestBody/content/application~1json/schema");
        return Combinators.combine(chosen, credentials(), body.isMissingNode() ? Arbitraries.just(Optional.<Body>empty())
                        : body(body).map(Optional::of))
                .as((params, credentials, payload) -> assemble(method, template, parameters, params, credentials, payload));
    }

    /** A request body and the Content-Type it is sent with (null: none). */
    record Body(byte[] bytes, String contentType) {
    }

    private static Call assemble(String method, String template, List<JsonNode> parameters, List<Optional<String[]>> values,
                                 Map<String, String> credentials, Optional<Body> body) {
        String path = template;
        List<String> query = new ArrayList<>();
        Map<String, String> headers = new TreeMap<>(credentials);
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String name = parameter.get("name").asString();
            Optional<String[]> value = values.get(i);
            if (value.isEmpty()) {
                continue;
            }
            switch (parameter.get("in").asString()) {
                case "path" -> path = path.replace("{" + name + "}", value.get()[0]);
                case "query" -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + value.get()[0]);
                case "header" -> headers.put(name, value.get()[0]);
                default -> { }
            }
        }
        if (credentials.containsKey("?key")) {
            headers.remove("?key");
            query.add("key=" + credentials.get("?key"));
        }
        byte[] bytes = null;
        if (body.isPresent()) {
            bytes = body.get().bytes();
            if (body.get().contentType() != null) {
                headers.put("Content-Type", body.get().contentType());
            }
        }
        return new Call(method, template, path, String.join("&", query), headers, bytes);
    }

    /** Who calls: no one, the owner by gateway header or key (in each place), another user, a made-up key. */
    private Arbitrary<Map<String, String>> credentials() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Map.<String, String>of())),
                Tuple.of(6, Arbitraries.just(Map.of("X-User-Id", OWNER))),
                Tuple.of(2, Arbitraries.just(Map.of("Authorization", "Bearer " + ownerKey))),
                Tuple.of(1, Arbitraries.just(Map.of("X-API-Key", ownerKey))),
                Tuple.of(1, Arbitraries.just(Map.of("?key", ownerKey))),
                Tuple.of(1, Arbitraries.just(Map.of("user_id", OTHER))),
                Tuple.of(1, Arbitraries.of("Bearer rpa_" + "A".repeat(43), "Bearer ", "Basic Zm9vOmJhcg==", "Bearer rpa_x")
                        .map(value -> Map.of("Authorization", value))),
                Tuple.of(1, printableAscii(0, 40).map(user -> Map.of("X-User-Id", user))));
    }

    /** A parameter's value as sent (already encoded for a path or query), or absent. */
    private Arbitrary<Optional<String[]>> parameterValue(String template, JsonNode parameter) {
        String name = parameter.get("name").asString();
        String in = parameter.get("in").asString();
        JsonNode schema = parameter.get("schema");
        Arbitrary<String> valid = validParameter(template, name, in, schema);
        Arbitrary<String> invalid = invalidParameter(in, schema);
        Arbitrary<String> chosen = Arbitraries.frequencyOf(Tuple.of(4, valid), Tuple.of(1, invalid));
        if (name.equals("wait") && CONTRACT.resolve(schema).path("default").asInt(0) > 1) {
            return chosen.map(value -> Optional.of(new String[] {value}));   // never the long default wait
        }
        boolean required = parameter.path("required").asBoolean(false);
        Arbitrary<Optional<String[]>> present = chosen.map(value -> new String[] {value}).map(Optional::of);
        return required ? present : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Optional.empty())), Tuple.of(1, present));
    }

    private Arbitrary<String> validParameter(String template, String name, String in, JsonNode schema) {
        if (name.equals("wait")) {
            return Arbitraries.of("0", "1");   // valid up to 300 s, but the run must stay short
        }
        if (name.equals("Prefer")) {
            return Arbitraries.of("wait=0", "respond-async, wait=1", "return=minimal");
        }
        if (in.equals("path")) {
            List<String> known = template.startsWith("/api-keys") ? keyIds
                    : template.startsWith("/executions") ? executions : List.of("fuzz-1", "fuzz-typed");
            return Arbitraries.oneOf(Arbitraries.of(known),
                    values.valid(schema).map(value -> encode(value.asString())).filter(value -> !value.isEmpty()));
        }
        if (name.equals("project_id")) {
            return Arbitraries.oneOf(Arbitraries.of("fuzz-1", "fuzz-typed"), values.valid(schema).map(v -> encode(v.asString())));
        }
        if (in.equals("header")) {
            return values.valid(schema).map(JsonNode::asString).map(RestFuzzer::headerSafe)
                    .filter(value -> !value.isEmpty() || CONTRACT.resolve(schema).path("minLength").asInt(0) == 0);
        }
        return values.valid(schema).map(value -> encode(value.isString() ? value.asString() : value.toString()));
    }

    private Arbitrary<String> invalidParameter(String in, JsonNode schema) {
        if (in.equals("header")) {
            return Arbitraries.oneOf(printableAscii(0, 300), Arbitraries.just(" "), Arbitraries.just("x".repeat(300)));
        }
        Arbitrary<String> broken = values.invalid(schema)
                .map(value -> encode(value.isString() ? value.asString() : value.toString()));
        Arbitrary<String> raw = Arbitraries.of("%00", "%C3%28", "%ED%A0%80", "%F0%9F", "%2F..%2F", "%25", "+", "%20%0D%0A",
                "-1", "9999999999999999999999", "1e3", "0x10", "", "null", "%5B%5D");
        return in.equals("path") ? Arbitraries.oneOf(broken.filter(value -> !value.isEmpty()), raw.filter(v -> !v.isEmpty()))
                : Arbitraries.oneOf(broken, raw);
    }

    private Arbitrary<Body> body(JsonNode schema) {
        Arbitrary<tools.jackson.databind.ObjectMapper> writer = Arbitraries.of(TestApi.JSON, ESCAPING);
        Arbitrary<String> json = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(values.valid(schema), writer).as((node, w) -> w.writeValueAsString(node))),
                Tuple.of(4, Combinators.combine(values.invalid(schema), writer).as((node, w) -> w.writeValueAsString(node))),
                Tuple.of(1, Arbitraries.of("", " ", "{", "{\"project_id\":", "[]", "null", "42", "\"x\"", "{}",
                        "{\"name\":\"a\",\"name\":\"b\"}", "{\"project_id\":\"fuzz-1\"} trailing", "{\"a\":\"\\ud800\"}",
                        "{\"project_id\":\"fuzz-1\",\"params\":{\"amount\":\"NaN\"}}")));
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(
                Tuple.of(20, json.map(text -> text.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'})));
        Arbitrary<String> type = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.just("application/json")),
                Tuple.of(1, Arbitraries.of("application/json; charset=utf-8", "application/problem+json")),
                Tuple.of(1, Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/json; charset=latin1", "")),
                Tuple.of(1, Arbitraries.just((String) null)));
        return Combinators.combine(bytes, type).as(Body::new);
    }

    private static Arbitrary<String> printableAscii(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(min).ofMaxLength(max);
    }

    /** Percent-encodes for a path segment or query value (a space as %20, which both read as a space). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What an HTTP client can put in a header: visible ASCII and spaces, not at the ends. */
    private static String headerSafe(String value) {
        return value.replaceAll("[^\\x20-\\x7E]", "").strip();
    }
}
