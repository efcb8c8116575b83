package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.astronrpa.openapi.adapters.http.WorkflowRoutesHttpTest.WIRE_TIME;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api-keys} (API.md §4) through a real socket: issue, list masked, revoke, and the owner's boundaries. */
class ApiKeyRoutesHttpTest {
    private static final String MASK = "******************";
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode create(String user, String body) {
        Answer answer = api.post("/api-keys", body, as(user));
        assertEquals(201, answer.status(), answer.raw().body());
        return answer.json().get("data");
    }

    private static List<JsonNode> listed(String user) {
        Answer answer = api.get("/api-keys", as(user));
        assertEquals(200, answer.status(), answer.raw().body());
        List<JsonNode> records = new ArrayList<>();
        answer.json().get("data").get("records").forEach(records::add);
        return records;
    }

    private static int statusWithKey(String key) {
        return api.get("/workflows", "Authorization", "Bearer " + key).status();
    }

    @Test
    void creatingAKeyAnswers201WithTheFullKeyAndItsPrefix() {
        Answer answer = api.post("/api-keys", "{\"name\": \"ci\"}", as("u-issue"));

        assertEquals(201, answer.status(), answer.raw().body());
        JsonNode key = answer.json().get("data");
        String secret = key.get("api_key").asString();
        assertAll(
                () -> assertEquals("0000", answer.json().get("code").asString()),
                () -> assertEquals(Set.of("id", "name", "api_key", "prefix", "created_at", "expires_at", "full_access",
                        "scopes", "workflow_ids", "rate_limit_per_minute", "max_concurrent_executions", "allowed_ips"),
                        new TreeSet<>(key.propertyNames())),
                () -> assertFalse(key.get("full_access").booleanValue()),
                () -> assertEquals("[\"workflows:read\",\"executions:run\",\"executions:read\",\"executions:cancel\","
                        + "\"mcp\"]", key.get("scopes").toString(), "the default set"),
                () -> assertFalse(key.get("id").asString().isBlank()),
                () -> assertEquals("ci", key.get("name").asString()),
                () -> assertTrue(secret.length() >= 32, secret),
                () -> assertTrue(secret.matches("^rpa_[A-Za-z0-9_-]{43}$"), secret),
                () -> assertEquals(secret.substring(0, 12), key.get("prefix").asString()),
                () -> assertTrue(key.get("created_at").asString().matches(WIRE_TIME), key.toString()),
                () -> assertTrue(key.get("expires_at").isNull(), key.toString()),
                () -> assertEquals(200, statusWithKey(secret)));
    }

    @Test
    void twoKeysAreDifferentSecrets() {
        String first = create("u-issue", "{\"name\": \"one\"}").get("api_key").asString();
        String second = create("u-issue", "{\"name\": \"two\"}").get("api_key").asString();

        assertNotEquals(first, second);
    }

    @Test
    void aKeyWithAnExpiryAnswersItInWireFormat() {
        JsonNode key = create("u-expiry", "{\"name\": \"temp\", \"expires_at\": \"2099-01-31T20:00:00+08:00\"}");

        assertEquals("2099-01-31T12:00:00.000Z", key.get("expires_at").asString());
    }

    @Test
    void listedKeysAreMaskedNewestFirstAndNeverShowTheSecret() throws InterruptedException {
        JsonNode older = create("u-list-keys", "{\"name\": \"older\"}");
        Thread.sleep(3);
        JsonNode newer = create("u-list-keys", "{\"name\": \"newer\"}");

        Answer answer = api.get("/api-keys", as("u-list-keys"));

        JsonNode page = answer.json().get("data");
        List<JsonNode> records = listed("u-list-keys");
        assertAll(
                () -> assertEquals(2, page.get("total").intValue()),
                () -> assertEquals(1, page.get("pageNo").intValue()),
                () -> assertEquals(20, page.get("pageSize").intValue()),
                () -> assertEquals(List.of(newer.get("id"), older.get("id")),
                        records.stream().map(r -> r.get("id")).toList()),
                () -> assertEquals(Set.of("id", "name", "api_key", "prefix", "created_at", "last_used_at", "expires_at",
                        "full_access", "scopes", "workflow_ids", "rate_limit_per_minute", "max_concurrent_executions",
                        "allowed_ips", "revision"), new TreeSet<>(records.getFirst().propertyNames())),
                () -> assertEquals(newer.get("prefix").asString() + MASK, records.getFirst().get("api_key").asString()),
                () -> assertEquals(newer.get("prefix"), records.getFirst().get("prefix")),
                () -> assertEquals(newer.get("created_at"), records.getFirst().get("created_at")),
                () -> assertFalse(answer.raw().body().contains(newer.get("api_key").asString())),
                () -> assertFalse(answer.raw().body().contains(older.get("api_key").asString())));
    }

    @Test
    void theKeyListPagesWithTheTrueTotal() {
        for (int i = 0; i < 3; i++) {
            create("u-page-keys", "{\"name\": \"k" + i + "\"}");
        }

        JsonNode page = api.get("/api-keys?pageNo=2&pageSize=2", as("u-page-keys")).json().get("data");

        assertEquals(3, page.get("total").intValue());
        assertEquals(2, page.get("pageNo").intValue());
        assertEquals(2, page.get("pageSize").intValue());
        assertEquals(1, page.get("records").size());
    }

    @Test
    void lastUsedAtIsSetOnceTheKeyIsUsed() {
        JsonNode key = create("u-used", "{\"name\": \"used\"}");
        assertTrue(listed("u-used").getFirst().get("last_used_at").isNull());

        assertEquals(200, statusWithKey(key.get("api_key").asString()));

        String lastUsed = listed("u-used").getFirst().get("last_used_at").asString();
        assertTrue(lastUsed.matches(WIRE_TIME), lastUsed);
        assertTrue(lastUsed.compareTo(key.get("created_at").asString()) >= 0, lastUsed);
    }

    @Test
    void aRevokedKeyStopsWorkingLeavesTheListAndIsAnnounced() {
        JsonNode key = create("u-revoke", "{\"name\": \"doomed\"}");
        String id = key.get("id").asString();
        assertEquals(200, statusWithKey(key.get("api_key").asString()));

        Answer revoked = api.delete("/api-keys/" + id, as("u-revoke"));

        assertEquals(200, revoked.status(), revoked.raw().body());
        assertEquals("0000", revoked.json().get("code").asString());
        assertTrue(revoked.json().get("data").isNull());
        assertEquals(401, statusWithKey(key.get("api_key").asString()));
        assertTrue(api.revoked.contains(id), api.revoked.toString());
        assertTrue(listed("u-revoke").isEmpty());
        assertProblem(api.delete("/api-keys/" + id, as("u-revoke")), 404, "not_found");
    }

    @Test
    void revokingAnUnknownKeyIsNotFound() {
        assertProblem(api.delete("/api-keys/no-such-key", as("u-revoke")), 404, "not_found");
    }

    @Test
    void anotherUsersKeyCannotBeRevokedAndKeepsWorking() {
        JsonNode key = create("u-key-owner", "{\"name\": \"mine\"}");

        assertProblem(api.delete("/api-keys/" + key.get("id").asString(), as("u-key-intruder")), 404, "not_found");

        assertEquals(200, statusWithKey(key.get("api_key").asString()));
        assertFalse(api.revoked.contains(key.get("id").asString()));
        assertEquals(1, listed("u-key-owner").size());
    }

    @Test
    void keyListsNeverShowAnotherUsersKeys() {
        create("u-keys-a", "{\"name\": \"a\"}");
        JsonNode b = create("u-keys-b", "{\"name\": \"b\"}");

        List<JsonNode> records = listed("u-keys-b");

        assertEquals(List.of(b.get("id")), records.stream().map(r -> r.get("id")).toList());
    }

    @Test
    void aKeyActsForItsOwnerOnly() {
        String key = api.keyFor("u-acting");
        api.post("/workflows/upsert", "{\"project_id\": \"acting-1\", \"name\": \"Mine\"}", as("u-acting"));
        api.post("/workflows/upsert", "{\"project_id\": \"acting-2\", \"name\": \"Theirs\"}", as("u-other"));

        JsonNode page = api.get("/workflows", "X-API-Key", key).json().get("data");

        assertEquals(1, page.get("total").intValue());
        assertEquals("acting-1", page.get("records").get(0).get("project_id").asString());
        assertProblem(api.get("/workflows/acting-2", "X-API-Key", key), 404, "not_found");
    }

    @Test
    void aKeyWithoutANameIsRefusedNamingIt() {
        assertProblem(api.post("/api-keys", "{}", as("u-bad-key")), 422, "validation", "name");
    }

    @Test
    void aKeyWithAnOverLongNameIsRefusedNamingIt() {
        assertProblem(api.post("/api-keys", "{\"name\": \"" + "k".repeat(101) + "\"}", as("u-bad-key")), 422,
                "validation", "name");
    }

    @Test
    void aKeyExpiringInThePastIsRefusedNamingExpiresAt() {
        assertProblem(api.post("/api-keys", "{\"name\": \"old\", \"expires_at\": \"2001-01-01T00:00:00Z\"}",
                as("u-bad-key")), 422, "validation", "expires_at");
    }

    @Test
    void anUnreadableExpiryIsRefusedNamingExpiresAt() {
        assertProblem(api.post("/api-keys", "{\"name\": \"soon\", \"expires_at\": \"next tuesday\"}", as("u-bad-key")),
                422, "validation", "expires_at");
    }

    @Test
    void anExpiryOfTheWrongTypeIsRefusedNamingExpiresAt() {
        assertProblem(api.post("/api-keys", "{\"name\": \"soon\", \"expires_at\": 1893456000}", as("u-bad-key")),
                422, "validation", "expires_at");
    }

    @Test
    void aBadKeyListPageIsRefusedNamingIt() {
        assertProblem(api.get("/api-keys?pageSize=101", as("u-bad-key")), 422, "validation", "pageSize");
    }
}
