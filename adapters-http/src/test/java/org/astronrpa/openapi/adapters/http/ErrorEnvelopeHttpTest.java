package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The error envelope and {@code X-Request-ID} of API.md §1, on every kind of answer. Also holds
 * {@link #assertProblem}, the envelope check the other HTTP tests share.
 */
class ErrorEnvelopeHttpTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /**
     * Asserts an error answer: {@code status}, code 5001, a sentence in {@code msg}, {@code data} null, the
     * {@code error.type}, every one of {@code fields} named in {@code error.fields}, and {@code request_id}
     * equal to the {@code X-Request-ID} header. Returns the body for further checks.
     */
    static JsonNode assertProblem(Answer answer, int status, String type, String... fields) {
        String body = answer.raw().body();
        assertEquals(status, answer.status(), body);
        JsonNode json = answer.json();
        List<String> named = new ArrayList<>();
        json.path("error").path("fields").forEach(field -> named.add(field.path("field").asString()));
        assertAll(body,
                () -> assertEquals("5001", json.path("code").asString()),
                () -> assertTrue(json.path("msg").isString() && !json.path("msg").asString().isBlank(), "msg"),
                () -> assertTrue(json.has("data") && json.get("data").isNull(), "data must be present and null"),
                () -> assertEquals(type, json.path("error").path("type").asString()),
                () -> assertTrue(json.path("error").path("fields").isArray(), "error.fields must be an array"),
                () -> assertTrue(named.containsAll(Arrays.asList(fields)), "named " + named),
                () -> assertNotNull(answer.header("X-Request-ID"), "X-Request-ID header"),
                () -> assertEquals(answer.header("X-Request-ID"), json.path("request_id").asString()));
        return json;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void aSafeCallerRequestIdIsEchoedOnSuccess() {
        Answer answer = api.get("/workflows", "X-User-Id", "u-echo", "X-Request-ID", "trace-42.a_b:c");

        assertEquals(200, answer.status());
        assertEquals("trace-42.a_b:c", answer.header("X-Request-ID"));
    }

    @Test
    void aSafeCallerRequestIdIsEchoedInTheErrorBody() {
        Answer answer = api.get("/workflows/absent", "X-User-Id", "u-echo", "X-Request-ID", "req-0001");

        assertEquals("req-0001", assertProblem(answer, 404, "not_found").get("request_id").asString());
    }

    @Test
    void aRequestIdOf128SafeCharactersIsEchoed() {
        String id = "a".repeat(128);

        assertEquals(id, api.get("/health", "X-Request-ID", id).header("X-Request-ID"));
    }

    @Test
    void aRequestIdOver128CharactersIsReplacedByANewUuid() {
        Answer answer = api.get("/workflows/absent", "X-User-Id", "u-echo", "X-Request-ID", "a".repeat(129));

        assertTrue(isUuid(answer.header("X-Request-ID")), answer.header("X-Request-ID"));
        assertProblem(answer, 404, "not_found");
    }

    @Test
    void aRequestIdWithMarkupIsReplacedByANewUuid() {
        Answer answer = api.get("/health", "X-Request-ID", "abc<script>");

        assertTrue(isUuid(answer.header("X-Request-ID")), answer.header("X-Request-ID"));
    }

    @Test
    void aRequestIdWithSpacesIsReplacedByANewUuid() {
        Answer answer = api.get("/health", "X-Request-ID", "two words");

        assertTrue(isUuid(answer.header("X-Request-ID")), answer.header("X-Request-ID"));
    }

    @Test
    void requestsWithoutAnIdGetDifferentUuids() {
        String first = api.get("/health").header("X-Request-ID");
        String second = api.get("/health").header("X-Request-ID");

        assertTrue(isUuid(first) && isUuid(second), first + " " + second);
        assertNotEquals(first, second);
    }

    @Test
    void everyKindOfAnswerCarriesTheCallersRequestId() {
        String big = "{\"project_id\":\"p\",\"name\":\"" + "x".repeat(HttpSettings.MAX_BODY_BYTES) + "\"}";
        Map<String, HttpRequest.Builder> requests = Map.of(
                "200", api.request("GET", "/workflows", null, as("u-every")),
                "201", api.request("POST", "/workflows/upsert", "{\"project_id\":\"every-1\",\"name\":\"n\"}", as("u-every")),
                "400", api.request("POST", "/workflows/upsert", "{", as("u-every")),
                "401", api.request("GET", "/workflows", null),
                "403", api.request("GET", "/api-keys", null, "X-API-Key", api.keyFor("u-every")),
                "404", api.request("GET", "/no/such/route", null),
                "405", api.request("PUT", "/workflows/upsert", "{}", as("u-every")),
                "413", api.request("POST", "/workflows/upsert", big, as("u-every")),
                "422", api.request("POST", "/workflows/upsert", "{\"name\":\"n\"}", as("u-every")));

        assertAll(requests.entrySet().stream().map(entry -> () -> {
            Answer answer = api.send(entry.getValue().header("X-Request-ID", "every-" + entry.getKey()));
            assertEquals(entry.getKey(), Integer.toString(answer.status()), answer.raw().body());
            assertEquals("every-" + entry.getKey(), answer.header("X-Request-ID"));
        }));
    }

    @Test
    void errorsOfEveryKindUseTheEnvelope() {
        assertAll(
                () -> assertProblem(api.post("/workflows/upsert", "{", as("u-env")), 400, "bad_request"),
                () -> assertProblem(api.get("/workflows"), 401, "unauthorized"),
                () -> assertProblem(api.get("/api-keys", "X-API-Key", api.keyFor("u-env")), 403, "forbidden"),
                () -> assertProblem(api.get("/no/such/route"), 404, "not_found"),
                () -> assertProblem(api.send(api.request("PUT", "/workflows/upsert", "{}", as("u-env"))), 405,
                        "bad_request"),
                () -> assertProblem(api.post("/workflows/upsert", "{\"name\":\"" + "x".repeat(HttpSettings.MAX_BODY_BYTES)
                        + "\"}", as("u-env")), 413, "payload_too_large"),
                () -> assertProblem(api.post("/workflows/upsert", "{\"name\":\"n\"}", as("u-env")), 422, "validation",
                        "project_id"));
    }
}
