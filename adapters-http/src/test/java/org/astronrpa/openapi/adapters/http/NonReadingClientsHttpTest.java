package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Clients that send but never read cannot make the server queue without bound, nor leave ghost robots. */
class NonReadingClientsHttpTest {
    private static final String PING = "{\"channel\":\"ping\"}";
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

    @Test
    void aRobotThatPingsAndNeverReadsIsClosedAndForgottenWhileAHealthyRobotOfTheSameUserGetsWork() throws Exception {
        try (NonReadingClient flooder = new NonReadingClient(api.port(), "/ws", "X-User-Id", "alice")) {
            waitUntil(() -> api.robots.of(ALICE).size() == 1);
            try (TestSocket healthy = TestSocket.open(api, "/ws", "X-User-Id", "alice")) {
                waitUntil(() -> api.robots.of(ALICE).size() == 2);
                long sent = flooder.flood(PING, 15_000);
                assertTrue(sent >= 0, "a robot that never reads its pongs was still connected after 15 s of pings");
                // forgotten when it overflowed, before its connection was cut: only the healthy robot is listed
                assertEquals(1, api.get("/robots", as("alice")).json().at("/data/total").asInt());
                Thread.ofVirtual().start(() -> {
                    try {
                        JsonNode run = healthy.next("remote");
                        healthy.send("{\"reply_event_id\":\"" + run.get("event_id").asString()
                                + "\",\"data\":{\"code\":\"0000\",\"msg\":\"\",\"data\":{\"ok\":true}}}");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                var answer = api.post("/executions?wait=10", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"));
                assertEquals("COMPLETED", answer.json().at("/data/execution/status").asString(), answer.raw().body());
            }
        }
    }

    @Test
    void aWatcherThatNeverReadsIsUnsubscribedAtOnceAndCutOff() throws Exception {
        int others = api.events.listeners();   // the service's own listeners
        try (NonReadingClient watcher = new NonReadingClient(api.port(), "/ws/events", "X-User-Id", "alice")) {
            waitUntil(() -> api.events.listeners() == others + 1);
            String message = "x".repeat(LogLine.MAX_MESSAGE - 1);
            for (int seq = 1; seq <= 5_000 && api.events.listeners() > others; seq++) {
                api.events.logAppended(ALICE, "p-1", new LogLine(new ExecutionId("e-1"), seq, Instant.now(), "INFO", message));
            }
            assertEquals(others, api.events.listeners(), "a watcher that never reads still hears events");
            assertTrue(watcher.flood(PING, 10_000) >= 0, "the watcher's connection was not cut");
        }
    }

    @Test
    void aWatcherThatPingsAndNeverReadsIsCutOff() throws Exception {
        int others = api.events.listeners();   // the service's own listeners
        try (NonReadingClient watcher = new NonReadingClient(api.port(), "/ws/events", "X-User-Id", "alice")) {
            waitUntil(() -> api.events.listeners() == others + 1);
            assertTrue(watcher.flood(PING, 15_000) >= 0, "a watcher that never reads its pongs was still connected");
            assertEquals(others, api.events.listeners());
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
