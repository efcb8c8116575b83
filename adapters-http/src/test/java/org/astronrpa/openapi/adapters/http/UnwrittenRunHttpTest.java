package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A run frame that waits in Jetty behind frames its robot has not read, and whose connection then breaks, never
 * reached the robot: the execution must not stay RUNNING until its timeout.
 */
class UnwrittenRunHttpTest {
    private static final UserId CAROL = new UserId("carol");
    private TestApi api;

    @BeforeEach
    void start() {
        // queues large enough that nothing is cut for not reading: the connection breaks on its own
        api = new TestApi(new WsQueueSettings(1_000_000, 1L << 30));
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\"}", as("carol"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aRunQueuedBehindUnreadFramesWhenTheConnectionBreaksFailsOffline() throws Exception {
        NonReadingClient robot = new NonReadingClient(api.port(), "/ws", "X-User-Id", "carol");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(CAROL).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // pongs fill every buffer on the way, then wait in Jetty; how long that takes depends on how fast this machine
        // answers pings (the server's send buffer grows to megabytes on loopback), so flood until they wait
        for (long end = System.nanoTime() + 30_000_000_000L; api.robotFramesQueued() < 100 && System.nanoTime() < end; ) {
            assertEquals(-1, robot.flood("{\"channel\":\"ping\"}", 500), "the connection was cut");
        }
        assertTrue(api.robotFramesQueued() >= 100, "pongs wait in Jetty: " + api.robotFramesQueued());
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("carol"))
                .json().at("/data/execution/id").asString();
        assertEquals("RUNNING", api.get("/executions/" + id, as("carol")).json().at("/data/execution/status").asString());
        robot.reset();
        JsonNode execution = null;
        // Jetty fails the pending writes once it sees the reset, at its next selector pass: milliseconds on a quiet
        // machine, seconds on a loaded one; the loop ends as soon as the status moves
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            execution = api.get("/executions/" + id, as("carol")).json().at("/data/execution");
            if (!"RUNNING".equals(execution.get("status").asString())) {
                break;
            }
        }
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("ROBOT_OFFLINE", execution.get("error_code").asString());
    }
}
