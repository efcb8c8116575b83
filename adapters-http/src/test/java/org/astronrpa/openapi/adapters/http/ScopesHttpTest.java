package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every route × every scope (API.md §4): a key holding only scope S passes the scope check of exactly the routes that
 * need S, and every other route refuses it with 403 naming the scope it needs; a full-access key and the gateway's user
 * pass everywhere; the key routes refuse every key.
 */
class ScopesHttpTest {
    private static final String USER = "u-scopes";
    /** The contract: what each route needs. The public and token-authenticated routes need nothing. */
    static final Map<String, Scope> REQUIRED = new LinkedHashMap<>();
    static final Set<String> PUBLIC = Set.of("GET /health", "GET /health/live", "GET /metrics", "GET /openapi.json",
            "GET /docs", "GET /docs/init.js", "GET /redoc", "GET " + WebjarAssets.ROUTE, "POST /robots/enroll");
    static final Set<String> GATEWAY_ONLY = Set.of("POST /api-keys", "GET /api-keys", "PATCH /api-keys/{id}",
            "DELETE /api-keys/{id}", "GET /api-keys/get", "POST /api-keys/create", "POST /api-keys/remove");

    static {
        REQUIRED.put("POST /workflows/upsert", Scope.WORKFLOWS_WRITE);
        REQUIRED.put("GET /workflows", Scope.WORKFLOWS_READ);
        REQUIRED.put("GET /workflows/{project_id}", Scope.WORKFLOWS_READ);
        REQUIRED.put("GET /workflows/integration", Scope.WORKFLOWS_READ);
        REQUIRED.put("DELETE /workflows/{project_id}", Scope.WORKFLOWS_WRITE);
        REQUIRED.put("GET /workflows/get", Scope.WORKFLOWS_READ);
        REQUIRED.put("GET /workflows/get/{project_id}", Scope.WORKFLOWS_READ);
        REQUIRED.put("POST /workflows/execute", Scope.EXECUTIONS_RUN);
        REQUIRED.put("POST /workflows/execute-async", Scope.EXECUTIONS_RUN);
        REQUIRED.put("POST /executions", Scope.EXECUTIONS_RUN);
        REQUIRED.put("GET /executions", Scope.EXECUTIONS_READ);
        REQUIRED.put("GET /executions/{id}", Scope.EXECUTIONS_READ);
        REQUIRED.put("GET /executions/{id}/logs", Scope.EXECUTIONS_READ);
        REQUIRED.put("POST /executions/{id}/cancel", Scope.EXECUTIONS_CANCEL);
        REQUIRED.put("GET /robots", Scope.ROBOTS_READ);
        REQUIRED.put("GET /robots/{id}", Scope.ROBOTS_READ);
        REQUIRED.put("PATCH /robots/{id}", Scope.ROBOTS_MANAGE);
        REQUIRED.put("DELETE /robots/{id}", Scope.ROBOTS_MANAGE);
        REQUIRED.put("POST /robots/enrollments", Scope.ROBOTS_MANAGE);
        REQUIRED.put("POST /robots/{id}/revoke", Scope.ROBOTS_MANAGE);
        REQUIRED.put("POST /schedules", Scope.SCHEDULES_WRITE);
        REQUIRED.put("GET /schedules", Scope.SCHEDULES_READ);
        REQUIRED.put("GET /schedules/{id}", Scope.SCHEDULES_READ);
        REQUIRED.put("PATCH /schedules/{id}", Scope.SCHEDULES_WRITE);
        REQUIRED.put("DELETE /schedules/{id}", Scope.SCHEDULES_WRITE);
        REQUIRED.put("POST /schedules/{id}/pause", Scope.SCHEDULES_WRITE);
        REQUIRED.put("POST /schedules/{id}/resume", Scope.SCHEDULES_WRITE);
        REQUIRED.put("POST /schedules/{id}/trigger", Scope.SCHEDULES_WRITE);
        REQUIRED.put("POST /schedules/{id}/backfill", Scope.SCHEDULES_WRITE);
        REQUIRED.put("GET /schedules/{id}/next", Scope.SCHEDULES_READ);
        REQUIRED.put("GET /schedules/{id}/occurrences", Scope.SCHEDULES_READ);
        REQUIRED.put("GET /audit-events", Scope.AUDIT_READ);
        for (String route : List.of("POST /webhooks", "GET /webhooks", "GET /webhooks/{id}", "PATCH /webhooks/{id}",
                "DELETE /webhooks/{id}", "POST /webhooks/{id}/rotate-secret", "POST /webhooks/{id}/ping",
                "GET /webhooks/{id}/deliveries", "GET /webhooks/{id}/deliveries/{delivery}",
                "POST /webhooks/{id}/deliveries/{delivery}/redeliver", "GET /webhooks/callback-secret",
                "POST /webhooks/callback-secret")) {
            REQUIRED.put(route, Scope.WEBHOOKS_MANAGE);
        }
    }

    private static TestApi api;
    private static final Map<Scope, String> keyWith = new EnumMap<>(Scope.class);
    private static String fullAccessKey;

    @BeforeAll
    static void start() {
        api = new TestApi();
        for (Scope scope : Scope.values()) {
            keyWith.put(scope, api.keyFor(USER, "{\"name\":\"only " + scope.wire() + "\",\"scopes\":[\"" + scope.wire()
                    + "\"]}"));
        }
        // the original's route issues keys with their owner's full power, as a key issued before scopes has
        fullAccessKey = api.post("/api-keys/create", "{\"name\":\"legacy\"}", as(USER)).json().at("/data/api_key")
                .asString();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyServedRouteIsInTheTableAndTheDocumentSaysWhatTheTableSays() {
        Set<String> served = new TreeSet<>(api.routes());
        Set<String> known = new TreeSet<>(REQUIRED.keySet());
        known.addAll(PUBLIC);
        known.addAll(GATEWAY_ONLY);
        assertEquals(known, served);
        JsonNode paths = OpenApiContract.INSTANCE.document().get("paths");
        for (var route : REQUIRED.entrySet()) {
            String[] parts = route.getKey().split(" ", 2);
            JsonNode operation = paths.get(parts[1]).get(parts[0].toLowerCase(java.util.Locale.ROOT));
            assertEquals(route.getValue().wire(), operation.path("x-required-scope").asString(), route.getKey());
        }
    }

    @Test
    void aKeyPassesExactlyTheRoutesOfItsScopeAndEveryOtherAnswers403NamingTheScope() {
        List<String> wrong = new ArrayList<>();
        for (var route : REQUIRED.entrySet()) {
            boolean compat = route.getKey().contains("/workflows/get") || route.getKey().contains("/workflows/execute");
            for (Scope held : Scope.values()) {
                Answer answer = call(route.getKey(), "Authorization", "Bearer " + keyWith.get(held));
                JsonNode body = answer.json();
                boolean refused = "forbidden".equals(body.path("error").path("type").asString());
                if (held == route.getValue()) {
                    if (refused || answer.status() == 401) {
                        wrong.add(route.getKey() + " refused a key with " + held.wire() + ": " + answer.raw().body());
                    }
                } else if (!refused || answer.status() != (compat ? 200 : 403)
                        || !route.getValue().wire().equals(body.path("error").path("required_scope").asString())) {
                    wrong.add(route.getKey() + " let a key with only " + held.wire() + " through: " + answer.status()
                            + " " + answer.raw().body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aFullAccessKeyAndTheGatewaysUserPassEveryScopeCheck() {
        for (String route : REQUIRED.keySet()) {
            for (String[] who : List.of(new String[] {"X-API-Key", fullAccessKey}, as(USER))) {
                Answer answer = call(route, who);
                assertFalse("forbidden".equals(answer.json().path("error").path("type").asString()),
                        route + " " + answer.raw().body());
                assertNotEquals(401, answer.status(), route);
            }
        }
        JsonNode listed = api.get("/api-keys?pageSize=100", as(USER)).json().at("/data/records");
        JsonNode legacy = null;
        for (JsonNode key : listed) {
            if (key.get("name").asString().equals("legacy")) {
                legacy = key;
            }
        }
        assertTrue(legacy.get("full_access").booleanValue(), legacy.toString());
        assertTrue(legacy.get("scopes").isNull(), legacy.toString());
    }

    @Test
    void noKeyManagesKeysWhateverItsScopes() {
        String everything = api.keyFor(USER);
        for (String route : GATEWAY_ONLY) {
            Answer answer = call(route, "X-API-Key", everything);
            assertEquals("forbidden", answer.json().path("error").path("type").asString(), route);
        }
    }

    /** One request to {@code route} with a body good enough to reach the route's own checks. */
    private static Answer call(String route, String... headers) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("{project_id}", "scope-wf").replace("{id}", "scope-1")
                .replace("{delivery}", "scope-2");
        String body = switch (parts[0]) {
            case "POST", "PATCH" -> "{}";
            default -> null;
        };
        return api.send(api.request(parts[0], path, body, headers));
    }
}
