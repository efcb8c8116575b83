package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Watchers on /ws/events see their own executions' status changes and log lines, and nobody else's. */
class EventsSocketHttpTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"One\"}", as("alice"));
        api.post("/workflows/upsert", "{\"project_id\":\"p-2\",\"name\":\"Two\"}", as("alice"));
        api.post("/workflows/upsert", "{\"project_id\":\"b-1\",\"name\":\"Bob's\"}", as("bob"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String startExecution(String user, String project) {
        return api.post("/executions", "{\"project_id\":\"" + project + "\"}", as(user)).json().at("/data/execution/id").asString();
    }

    @Test
    void aWatcherKeepsItsConnectionAliveWithPings() throws Exception {
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-User-Id", "alice")) {
            watcher.send("{\"channel\":\"ping\"}");
            assertEquals("{\"channel\":\"pong\"}", watcher.received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWatcherSeesItsUsersStatusChangesAndLogLines() throws Exception {
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-User-Id", "alice")) {
            Thread.sleep(200);
            startExecution("bob", "b-1");
            String id = startExecution("alice", "p-1");
            JsonNode event = watcher.next();
            assertEquals("execution.status", event.get("type").asString());
            assertEquals(id, event.at("/execution/id").asString());
            assertEquals("PENDING", event.at("/execution/status").asString());

            try (TestSocket robot = TestSocket.open(api, "/ws", "X-User-Id", "alice")) {
                JsonNode running = watcher.next();
                assertEquals("RUNNING", running.at("/execution/status").asString());
                JsonNode run = robot.next("remote");
                robot.send("{\"channel\":\"execution\",\"key\":\"log\",\"data\":{\"execution_id\":\"" + id
                        + "\",\"level\":\"WARN\",\"message\":\"careful\"}}");
                JsonNode log = watcher.next();
                assertEquals("execution.log", log.get("type").asString());
                assertEquals(1, log.get("seq").asInt());
                assertEquals("careful", log.get("message").asString());
                robot.send("{\"reply_event_id\":\"" + run.get("event_id").asString() + "\",\"data\":{\"code\":\"0000\",\"data\":5}}");
                JsonNode done = watcher.next();
                assertEquals("COMPLETED", done.at("/execution/status").asString());
                assertEquals(5, done.at("/execution/result").asInt());
            }
            assertNull(watcher.received.poll(300, TimeUnit.MILLISECONDS), "nothing of bob's reached alice's watcher");
        }
    }

    @Test
    void aWatcherNarrowedToOneExecutionSeesOnlyIt() throws Exception {
        String first = startExecution("alice", "p-1");
        try (TestSocket watcher = TestSocket.open(api, "/ws/events?execution_id=" + first, "X-User-Id", "alice");
             TestSocket byProject = TestSocket.open(api, "/ws/events?project_id=p-2", "X-User-Id", "alice")) {
            Thread.sleep(200);
            String second = startExecution("alice", "p-2");
            api.post("/executions/" + first + "/cancel", null, as("alice"));
            JsonNode event = watcher.next();
            assertEquals(first, event.at("/execution/id").asString());
            assertEquals("CANCELLED", event.at("/execution/status").asString());
            assertEquals(second, byProject.next().at("/execution/id").asString());
            assertNull(watcher.received.poll(300, TimeUnit.MILLISECONDS));
            assertNull(byProject.received.poll(300, TimeUnit.MILLISECONDS));
        }
    }
}
