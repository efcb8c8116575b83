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
 * A robot connects while its user's execution waits; the dispatch to it is slow (its database update waits as
 * behind a row lock) and the robot goes away meanwhile. The run never reached it: it must not stay RUNNING
 * on the gone connection, nor make the user's next connection busy with it.
 */
class SlowDispatchHttpTest {
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
    void aRunWhoseRobotLeftDuringASlowDispatchGoesToTheUsersNextRobot() throws Exception {
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"))
                .json().at("/data/execution/id").asString();
        api.executions.holdNextDispatch();
        TestSocket leaving = TestSocket.open(api, "/ws", "X-User-Id", "alice");
        assertTrue(api.executions.awaitHeldDispatch(), "the robot's connect did not dispatch the waiting run");
        leaving.close();   // the robot goes away while its dispatch waits on the database
        Thread.sleep(300);
        try (TestSocket next = TestSocket.open(api, "/ws", "X-User-Id", "alice")) {
            Thread.sleep(300);
            api.executions.releaseDispatch();
            JsonNode run = next.next("remote");
            assertEquals(id, run.at("/data/execution_id").asString(), "the run did not go to the user's next robot");
            next.send("{\"reply_event_id\":\"" + run.get("event_id").asString()
                    + "\",\"data\":{\"code\":\"0000\",\"msg\":\"\",\"data\":{\"ok\":true}}}");
            JsonNode done = api.get("/executions/" + id + "?wait=5", as("alice")).json().at("/data/execution");
            assertEquals("COMPLETED", done.get("status").asString());
            assertEquals(1, api.robots.of(ALICE).size());
            assertEquals(null, api.robots.of(ALICE).get(0).busyWith(), "the next robot stays busy with the run");
        }
    }
}
