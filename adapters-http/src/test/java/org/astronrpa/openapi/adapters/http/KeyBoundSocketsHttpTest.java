package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A key that stops working stops working for the robot and watcher sockets it opened too (API.md §4, §5). */
class KeyBoundSocketsHttpTest {
    private static final UserId ALICE = new UserId("alice");
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\"}", as("alice"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode key(String expiresAt) {
        var answer = api.post("/api-keys", "{\"name\":\"robot\",\"scopes\":" + TestApi.ALL_SCOPES
                + ",\"expires_at\":" + expiresAt + "}", as("alice"));
        assertEquals(201, answer.status(), answer.raw().body());
        return answer.json().at("/data");
    }

    private TestSocket robot(String... headers) throws Exception {
        int before = api.robots.of(ALICE).size();
        TestSocket robot = TestSocket.open(api, "/ws", headers);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(ALICE).size() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    @Test
    void revokingAKeyClosesItsRobotAndWatcherWithin1sAndTheNextRunGoesElsewhere() throws Exception {
        JsonNode key = key("null");
        String secret = key.get("api_key").asString();
        try (TestSocket keyRobot = robot("Authorization", "Bearer " + secret);
             TestSocket watcher = TestSocket.open(api, "/ws/events", "X-API-Key", secret);
             TestSocket consoleRobot = robot("X-User-Id", "alice")) {
            assertEquals(2, api.robots.of(ALICE).size());

            long revokedAt = System.nanoTime();
            assertEquals(200, api.delete("/api-keys/" + key.get("id").asString(), as("alice")).status());

            assertEquals(1, api.robots.of(ALICE).size(), "the key's robot is forgotten before the answer");
            assertEquals(1008, keyRobot.closed.get(1, TimeUnit.SECONDS));
            assertEquals("API key revoked", keyRobot.closeReason.get());
            assertEquals(1008, watcher.closed.get(1, TimeUnit.SECONDS));
            assertEquals("API key revoked", watcher.closeReason.get());
            assertTrue(System.nanoTime() - revokedAt < 1_000_000_000L);

            var started = api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice"));
            assertEquals(202, started.status(), started.raw().body());
            assertEquals(started.json().at("/data/execution/id").asString(),
                    consoleRobot.next("remote").at("/data/execution_id").asString());
            assertFalse(consoleRobot.closed.isDone(), "sockets opened without the key stay open");
            assertTrue(keyRobot.received.stream().noneMatch(frame -> frame.contains("\"remote\"")), keyRobot.received.toString());
            assertTrue(watcher.received.isEmpty(), watcher.received.toString());
        }
    }

    @Test
    void aKeyThatExpiresClosesItsRobotAndWatcherAtItsExpiry() throws Exception {
        Instant expiresAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        String secret = key("\"" + expiresAt + "\"").get("api_key").asString();
        try (TestSocket keyRobot = robot("X-API-Key", secret);
             TestSocket watcher = TestSocket.open(api, "/ws/events?key=" + secret)) {
            assertEquals(1, api.robots.of(ALICE).size());
            assertNull(keyRobot.closed.getNow(null), "open until the key expires");

            assertEquals(1008, keyRobot.closed.get(3, TimeUnit.SECONDS));
            assertEquals(1008, watcher.closed.get(1, TimeUnit.SECONDS));
            long lateMillis = Instant.now().toEpochMilli() - expiresAt.toEpochMilli();
            assertTrue(lateMillis >= 0 && lateMillis < 1000, "closed " + lateMillis + " ms after the expiry");
            assertEquals("API key expired", keyRobot.closeReason.get());
            assertEquals("API key expired", watcher.closeReason.get());
            assertTrue(api.robots.of(ALICE).isEmpty());
        }
    }
}
