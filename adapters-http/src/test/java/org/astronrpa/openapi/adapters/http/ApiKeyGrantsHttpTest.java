package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Creating, reading and changing what a key may do (API.md §4), and the limits a grant sets on every request. */
class ApiKeyGrantsHttpTest {
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

    private static void assertRefused(Answer answer, int status, String... fields) {
        assertEquals(status, answer.status(), answer.raw().body());
        JsonNode named = answer.json().at("/error/fields");
        for (int i = 0; i < fields.length; i++) {
            assertEquals(fields[i], named.get(i).get("field").asString(), answer.raw().body());
        }
        assertEquals(fields.length, named.size(), answer.raw().body());
    }

    @Test
    void aKeyIsCreatedWithTheGrantAskedForAndListedWithIt() {
        JsonNode key = create("u-grant", """
                {"name": "agent", "scopes": ["executions:run", "mcp"],
                 "rate_limit_per_minute": 30, "allowed_ips": ["127.0.0.1", "10.1.2.3/8"]}
                """);
        assertEquals("[\"executions:run\",\"mcp\"]", key.get("scopes").toString());
        assertTrue(key.get("workflow_ids").isNull());
        assertEquals("[\"127.0.0.1\",\"10.0.0.0/8\"]", key.get("allowed_ips").toString(), "blocks as networks");
        JsonNode listed = api.get("/api-keys", as("u-grant")).json().at("/data/records/0");
        assertEquals(key.get("scopes"), listed.get("scopes"));
        assertEquals(30, listed.get("rate_limit_per_minute").intValue());
        assertTrue(listed.get("max_concurrent_executions").isNull());
        assertEquals(1, listed.get("revision").intValue());
        assertFalse(listed.get("full_access").booleanValue());
    }

    @Test
    void badGrantsAre422NamingEachFieldAndCreateNothing() {
        assertRefused(api.post("/api-keys", """
                {"name": "bad", "scopes": ["executions:run", "root"],
                 "rate_limit_per_minute": 0, "allowed_ips": ["10.0.0.0/40"]}""",
                as("u-bad-grant")), 422, "scopes[1]", "rate_limit_per_minute", "allowed_ips[0]");
        assertRefused(api.post("/api-keys", "{\"name\": \"many\", \"max_concurrent_executions\": 0}",
                as("u-bad-grant")), 422, "max_concurrent_executions");
        assertRefused(api.post("/api-keys", "{\"name\": \"wide\", \"workflow_ids\": [\"a\"], \"scopes\": "
                + "[\"executions:run\", \"schedules:read\", \"robots:manage\"]}", as("u-bad-grant")), 422,
                "scopes[1]", "scopes[2]");
        assertRefused(api.post("/api-keys", "{\"name\": \"none\", \"workflow_ids\": []}", as("u-bad-grant")),
                422, "workflow_ids");
        assertRefused(api.post("/api-keys", "{\"name\": \"bad\", \"scopes\": []}", as("u-bad-grant")), 422,
                "scopes");
        assertRefused(api.post("/api-keys", "{\"name\": \"bad\", \"scopes\": \"mcp\"}", as("u-bad-grant")), 422,
                "scopes");
        assertRefused(api.post("/api-keys", "{\"name\": \"bad\", \"allowed_ips\": [7]}", as("u-bad-grant")), 422,
                "allowed_ips[0]");
        assertEquals(0, api.get("/api-keys", as("u-bad-grant")).json().at("/data/total").intValue());
    }

    @Test
    void aChangeAppliesAtOnceAndKeepsTheSecret() {
        JsonNode key = create("u-change", "{\"name\": \"ci\", \"scopes\": [\"workflows:read\"]}");
        String secret = key.get("api_key").asString();
        String id = key.get("id").asString();
        assertEquals(200, api.get("/workflows", "X-API-Key", secret).status());
        assertEquals(403, api.get("/executions", "X-API-Key", secret).status());

        Answer changed = api.patch("/api-keys/" + id, "{\"scopes\": [\"executions:read\"], \"name\": \"reader\"}",
                as("u-change"));
        assertEquals(200, changed.status(), changed.raw().body());
        assertEquals("reader", changed.json().at("/data/name").asString());
        assertEquals(2, changed.json().at("/data/revision").intValue());
        assertEquals(403, api.get("/workflows", "X-API-Key", secret).status(), "the old scope is gone at once");
        assertEquals(200, api.get("/executions", "X-API-Key", secret).status());

        Answer limited = api.patch("/api-keys/" + id, "{\"rate_limit_per_minute\": 1}", as("u-change"));
        assertEquals("[\"executions:read\"]", limited.json().at("/data/scopes").toString(), "fields not sent stay");
        Answer cleared = api.patch("/api-keys/" + id, "{\"rate_limit_per_minute\": null}", as("u-change"));
        assertTrue(cleared.json().at("/data/rate_limit_per_minute").isNull(), cleared.raw().body());
    }

    @Test
    void aBadChangeIs422AndAnotherUsersOrARevokedKeyIs404() {
        JsonNode key = create("u-change-bad", "{\"name\": \"ci\"}");
        String path = "/api-keys/" + key.get("id").asString();
        assertRefused(api.patch(path, "{}", as("u-change-bad")), 422, "body");
        assertRefused(api.patch(path, "{\"scopes\": null}", as("u-change-bad")), 422, "scopes");
        assertRefused(api.patch(path, "{\"name\": null}", as("u-change-bad")), 422, "name");
        assertRefused(api.patch(path, "{\"expires_at\": \"2001-01-01T00:00:00Z\"}", as("u-change-bad")), 422,
                "expires_at");
        assertRefused(api.patch(path, "{\"scopes\": [\"everything\"]}", as("u-change-bad")), 422, "scopes[0]");
        assertEquals(404, api.patch(path, "{\"name\": \"mine\"}", as("u-someone-else")).status());
        assertEquals(404, api.patch("/api-keys/nope", "{\"name\": \"x\"}", as("u-change-bad")).status());
        assertEquals(403, api.patch(path, "{\"name\": \"x\"}", "X-API-Key", key.get("api_key").asString())
                .status(), "a key never changes keys");
        assertEquals(200, api.delete(path, as("u-change-bad")).status());
        assertEquals(404, api.patch(path, "{\"name\": \"late\"}", as("u-change-bad")).status());
        assertEquals(0, api.get("/api-keys", as("u-change-bad")).json().at("/data/total").intValue(),
                "the revoked key left the list; nothing else was made");
    }

    @Test
    void aKeyIsUsableOnlyFromItsAllowedAddresses() {
        String here = create("u-ips", "{\"name\": \"here\", \"allowed_ips\": [\"127.0.0.0/8\", \"::1\"]}")
                .get("api_key").asString();
        String elsewhere = create("u-ips", "{\"name\": \"there\", \"allowed_ips\": [\"203.0.113.0/24\"]}")
                .get("api_key").asString();
        assertEquals(200, api.get("/workflows", "X-API-Key", here).status());
        Answer refused = api.get("/workflows", "X-API-Key", elsewhere);
        assertEquals(403, refused.status());
        assertEquals("forbidden", refused.json().at("/error/type").asString());
        assertTrue(refused.json().at("/msg").asString().contains("allowed_ips"), refused.raw().body());
        assertEquals(403, api.get("/workflows", "X-API-Key", elsewhere, "X-Forwarded-For", "203.0.113.9").status(),
                "a forwarded address counts only from a trusted proxy, and none is trusted here");
    }

    @Test
    void aKeysOwnBudgetIsCountedEvenWithNoServiceWideLimit() {
        String key = create("u-budget", "{\"name\": \"slow\", \"rate_limit_per_minute\": 2}").get("api_key")
                .asString();
        String other = create("u-budget", "{\"name\": \"free\"}").get("api_key").asString();
        Answer first = api.get("/workflows", "X-API-Key", key);
        assertEquals("2", first.header("RateLimit-Limit"));
        assertEquals(200, api.get("/workflows", "X-API-Key", key).status());
        Answer third = api.get("/workflows", "X-API-Key", key);
        assertEquals(429, third.status(), third.raw().body());
        assertEquals("rate_limited", third.json().at("/error/type").asString());
        assertTrue(Integer.parseInt(third.header("Retry-After")) >= 1);
        assertEquals(200, api.get("/workflows", "X-API-Key", other).status(), "another key of the user is not held");
        assertEquals(null, api.get("/workflows", "X-API-Key", other).header("RateLimit-Limit"));
        assertEquals(200, api.get("/workflows", as("u-budget")).status(), "nor is the user");
    }

    @Test
    void aKeyAtItsLimitOfUnfinishedRunsIs429UntilOneEnds() {
        assertEquals(201, api.post("/workflows/upsert", "{\"project_id\":\"conc-1\",\"name\":\"Conc\"}",
                as("u-conc")).status());
        String key = create("u-conc", "{\"name\": \"one at a time\", \"max_concurrent_executions\": 1}")
                .get("api_key").asString();
        Answer first = api.post("/executions", "{\"project_id\":\"conc-1\"}", "X-API-Key", key);
        assertEquals(202, first.status(), first.raw().body());
        Answer second = api.post("/executions", "{\"project_id\":\"conc-1\"}", "X-API-Key", key);
        assertEquals(429, second.status(), second.raw().body());
        assertEquals("rate_limited", second.json().at("/error/type").asString());
        assertTrue(second.json().at("/msg").asString().contains("max_concurrent_executions"), second.raw().body());
        Answer compat = api.post("/workflows/execute-async", "{\"project_id\":\"conc-1\"}", "X-API-Key", key);
        assertEquals(429, compat.status(), "also on the compatibility route: " + compat.raw().body());
        assertEquals(202, api.post("/executions", "{\"project_id\":\"conc-1\"}", as("u-conc")).status(),
                "the user and the user's other keys are not held by this key's limit");
        assertEquals(2, api.get("/executions?project_id=conc-1&status=PENDING", as("u-conc")).json()
                .at("/data/total").intValue(), "the key's one and the user's one: the refused starts stored nothing");

        String firstId = first.json().at("/data/execution/id").asString();
        assertEquals(200, api.post("/executions/" + firstId + "/cancel", null, "X-API-Key", key).status());
        assertEquals(202, api.post("/executions", "{\"project_id\":\"conc-1\"}", "X-API-Key", key).status(),
                "an ended run frees its place");
    }

    @Test
    void watchersNeedExecutionsReadAndRobotsNeedRobotsManage() throws Exception {
        String reader = create("u-ws", "{\"name\": \"w\", \"scopes\": [\"workflows:read\"]}").get("api_key")
                .asString();
        assertUpgradeRefused("/ws/events", reader);
        assertUpgradeRefused("/ws", reader);
        String watcherKey = create("u-ws", "{\"name\": \"w2\", \"scopes\": [\"executions:read\"]}")
                .get("api_key").asString();
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-API-Key", watcherKey)) {
            assertFalse(watcher.closed.isDone());
        }
    }

    @Test
    void aChangedKeysWatchersAreClosedToConnectAgainUnderTheNewGrant() throws Exception {
        // many times: the change may come while the upgrade's grant is read and before the socket is watched
        for (int round = 0; round < 20; round++) {
            JsonNode key = create("u-ws-change", "{\"name\": \"w\", \"scopes\": [\"executions:read\"]}");
            try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-API-Key", key.get("api_key").asString())) {
                assertEquals(200, api.patch("/api-keys/" + key.get("id").asString(), "{\"name\": \"renamed\"}",
                        as("u-ws-change")).status());
                assertEquals(1008, watcher.closed.get(1, TimeUnit.SECONDS), "round " + round);
                assertEquals("API key changed", watcher.closeReason.get());
            }
        }
    }

    private static void assertUpgradeRefused(String path, String key) throws Exception {
        try (TestSocket socket = TestSocket.open(api, path, "X-API-Key", key)) {
            throw new AssertionError(path + " let a key in without the scope");
        } catch (ExecutionException refused) {
            assertTrue(refused.getCause().toString().contains("403") || refused.getCause() instanceof
                    java.net.http.WebSocketHandshakeException, refused.toString());
        }
    }
}
