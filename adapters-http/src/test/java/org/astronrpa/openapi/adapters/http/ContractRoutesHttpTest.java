package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Upstream astron-rpa's integration contract 1 over REST (issue 17): {@code GET /executions/{id}?contract=1}. */
class ContractRoutesHttpTest {
    private static final List<String> SNAPSHOT_KEYS = List.of("executionId", "projectId", "version", "status",
            "terminal", "acceptedAt", "startedAt", "finishedAt", "clientId", "runId", "cancelRequested", "result",
            "error", "supportsCancel", "resultVisibility");
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

    private JsonNode snapshot(String id) {
        var answer = api.get("/executions/" + id + "?contract=1", as("alice"));
        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("0000", answer.json().get("code").asString());
        return answer.json().at("/data/snapshot");
    }

    @Test
    void aQueuedExecutionIsAcceptedWithExactlyTheContractsKeys() {
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")).json()
                .at("/data/execution/id").asString();

        JsonNode s = snapshot(id);

        List<String> keys = new ArrayList<>();
        s.propertyNames().forEach(keys::add);
        assertEquals(SNAPSHOT_KEYS, keys);
        assertEquals(id, s.get("executionId").asString());
        assertEquals("p-1", s.get("projectId").asString());
        assertEquals(1, s.get("version").asInt());
        assertEquals("accepted", s.get("status").asString());
        assertFalse(s.get("terminal").asBoolean());
        assertTrue(s.get("acceptedAt").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"),
                s.get("acceptedAt").asString());
        assertTrue(s.get("startedAt").isNull());
        assertTrue(s.get("result").isNull());
        assertTrue(s.get("error").isNull());
        assertTrue(s.get("supportsCancel").asBoolean(), "no robot has it: a cancel is certain");
        assertEquals("json", s.get("resultVisibility").asString());
    }

    @Test
    void aFailedExecutionCarriesTheContractsCodeAndTheWorkflowsVersionItRan() {
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"description\":\"changed\"}", as("alice"));
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")).json()
                .at("/data/execution/id").asString();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"description\":\"changed again\"}", as("alice"));
        api.post("/executions/" + id + "/cancel", null, as("alice"));

        JsonNode s = snapshot(id);

        assertEquals(2, s.get("version").asInt(), "the revision it was started for, not the one after");
        assertEquals("cancelled", s.get("status").asString());
        assertTrue(s.get("terminal").asBoolean());
        assertTrue(s.get("cancelRequested").asBoolean());
        assertFalse(s.get("finishedAt").isNull());
    }

    @Test
    void anUnknownOrHiddenExecutionIs404WithTheContractsCodeBesideOurError() {
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")).json()
                .at("/data/execution/id").asString();

        var unknown = api.get("/executions/nope?contract=1", as("alice"));
        var bobs = api.get("/executions/" + id + "?contract=1", as("bob"));
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"status\":0}", as("alice"));
        var inactive = api.get("/executions/" + id + "?contract=1", as("alice"));

        for (var answer : List.of(unknown, bobs, inactive)) {
            assertEquals(404, answer.status(), answer.raw().body());
            assertEquals("EXECUTION_NOT_FOUND", answer.json().at("/detail/code").asString());
            assertFalse(answer.json().at("/detail/message").asString().contains("nope"), "echoes nothing");
            assertEquals("not_found", answer.json().at("/error/type").asString(), "our envelope too");
        }
        assertEquals(200, api.get("/executions/" + id, as("alice")).status(), "our own read still shows it");
        assertTrue(api.get("/executions/nope", as("alice")).json().path("detail").isMissingNode(),
                "no detail on our own routes");
    }

    @Test
    void anotherContractOrAWaitIsRefusedNamingTheParameter() {
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")).json()
                .at("/data/execution/id").asString();

        var two = api.get("/executions/" + id + "?contract=2", as("alice"));
        var waiting = api.get("/executions/" + id + "?contract=1&wait=1", as("alice"));

        assertEquals(422, two.status());
        assertEquals("contract", two.json().at("/error/fields/0/field").asString());
        assertEquals(422, waiting.status());
        assertEquals("wait", waiting.json().at("/error/fields/0/field").asString());
        assertEquals("INVALID_ARGUMENTS", waiting.json().at("/detail/code").asString());
    }

    private String started() {
        return api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")).json()
                .at("/data/execution/id").asString();
    }

    private TestSocket robot() throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws", "X-User-Id", "alice");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(new org.astronrpa.openapi.domain.shared.UserId("alice")).isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    @Test
    void ourCancelAnswersTheExecutionAndItsSnapshotOrNullWhereTheContractDoesNotShowIt() {
        String queued = started();
        var cancelled = api.post("/executions/" + queued + "/cancel", null, as("alice"));
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("CANCELLED", cancelled.json().at("/data/execution/status").asString());
        assertEquals("cancelled", cancelled.json().at("/data/snapshot/status").asString());
        assertTrue(cancelled.json().at("/data/snapshot/cancelRequested").asBoolean());

        String hidden = started();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"status\":0}", as("alice"));
        var ofInactive = api.post("/executions/" + hidden + "/cancel", null, as("alice"));
        assertEquals(200, ofInactive.status(), ofInactive.raw().body());
        assertTrue(ofInactive.json().at("/data/snapshot").isNull());
    }

    @Test
    void theContractsCancelCancelsAQueuedRunAnswersAnEndedOneAsItIsAndRefusesAnUnconfirmableOne()
            throws Exception {
        String queued = started();
        var cancelled = api.post("/executions/" + queued + "/cancel?contract=1", null, as("alice"));
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("cancelled", cancelled.json().at("/data/snapshot/status").asString());
        assertTrue(cancelled.json().at("/data/execution").isMissingNode(), "the snapshot alone");

        var again = api.post("/executions/" + queued + "/cancel?contract=1", null, as("alice"));
        assertEquals(200, again.status(), "an ended one as it is, not 409: " + again.raw().body());
        assertEquals(cancelled.json().at("/data/snapshot"), again.json().at("/data/snapshot"));
        assertEquals(409, api.post("/executions/" + queued + "/cancel", null, as("alice")).status(), "ours: 409");

        try (TestSocket robot = robot()) {
            String running = started();
            robot.next("remote");
            var refused = api.post("/executions/" + running + "/cancel?contract=1", null, as("alice"));
            assertEquals(403, refused.status(), refused.raw().body());
            assertEquals("CANCEL_UNSUPPORTED", refused.json().at("/detail/code").asString());
            assertEquals("running", snapshot(running).get("status").asString(), "left as it is");
            assertFalse(snapshot(running).get("supportsCancel").asBoolean());
        }
        assertEquals(404, api.post("/executions/nope/cancel?contract=1", null, as("alice")).status());
    }

    /** A managed robot that says it confirms stops (API.md §5.1). */
    private TestSocket confirmingRobot() throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws", "X-User-Id", "alice", "X-Robot-Id", "desk-1",
                "X-Robot-Capabilities", "stop-confirm");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(new org.astronrpa.openapi.domain.shared.UserId("alice")).isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    private JsonNode awaitStatus(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode s = snapshot(id);
        while (!s.get("status").asString().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = snapshot(id);
        }
        assertEquals(status, s.get("status").asString(), s.toString());
        return s;
    }

    @Test
    void aRunOnARobotThatConfirmsStopsIsCancelledOnceItsRobotConfirmsTheStop() throws Exception {
        try (TestSocket robot = confirmingRobot()) {
            assertEquals("ready", api.get("/workflows/integration", as("alice")).json().at("/data/client/state")
                    .asString());
            String running = started();
            JsonNode run = robot.next("remote");
            assertEquals(running, run.at("/data/execution_id").asString());
            assertTrue(snapshot(running).get("supportsCancel").asBoolean(), "its robot confirms stops");

            var cancel = api.post("/executions/" + running + "/cancel?contract=1", null, as("alice"));
            assertEquals(200, cancel.status(), cancel.raw().body());
            JsonNode asked = cancel.json().at("/data/snapshot");
            assertEquals("running", asked.get("status").asString(), "asked to stop, not yet confirmed");
            assertTrue(asked.get("cancelRequested").asBoolean());
            assertTrue(asked.get("finishedAt").isNull());
            JsonNode stop = robot.next("remote");
            assertEquals("stop", stop.get("key").asString());
            assertEquals(running, stop.at("/data/execution_id").asString());

            robot.send("{\"channel\":\"execution\",\"key\":\"stopped\",\"data\":{\"execution_id\":\""
                    + running + "\"}}");

            JsonNode cancelled = awaitStatus(running, "cancelled");
            assertTrue(cancelled.get("terminal").asBoolean());
            assertTrue(cancelled.get("cancelRequested").asBoolean());
            assertFalse(cancelled.get("finishedAt").isNull(), "ended when the robot confirmed it");
            assertTrue(cancelled.get("error").isNull());

            String next = started();
            JsonNode frame = robot.next("remote");
            while (!frame.get("key").asString().equals("run")) {
                frame = robot.next("remote");   // the stop_current that follows the stop
            }
            assertEquals(next, frame.at("/data/execution_id").asString(), "the robot is free for the next run at once");
        }
    }

    @Test
    void aStopConfirmationOfNothingToConfirmChangesNothing() throws Exception {
        try (TestSocket robot = confirmingRobot()) {
            String running = started();
            robot.next("remote");
            robot.send("{\"channel\":\"execution\",\"key\":\"stopped\",\"data\":{\"execution_id\":\""
                    + running + "\"}}");
            robot.send("{\"channel\":\"execution\",\"key\":\"stopped\",\"data\":{\"execution_id\":\"nope\"}}");
            robot.send("{\"channel\":\"execution\",\"key\":\"stopped\",\"data\":{}}");
            robot.send("{\"channel\":\"ping\"}");
            assertEquals("pong", robot.next("pong").get("channel").asString(), "the connection stays open");

            JsonNode s = snapshot(running);
            assertEquals("running", s.get("status").asString(), "a run not stopped here is not ended by it");
            assertEquals(running, api.robots.runnerOf(new org.astronrpa.openapi.domain.execution.ExecutionId(running))
                    .map(r -> running).orElse(null), "its robot still holds it");
        }
    }

    @Test
    void theIntegrationObjectClaimsOnlyWhatIsServedAndTheCallersRobotsAsItsClient() throws Exception {
        var offline = api.get("/workflows/integration", as("alice"));
        assertEquals(200, offline.status(), offline.raw().body());
        JsonNode data = offline.json().get("data");
        assertEquals(1, data.get("contractVersion").asInt());
        assertEquals(1, data.get("profileSchemaVersion").asInt());
        assertEquals(1, data.get("requiredClientProtocol").asInt());
        assertTrue(data.get("durableIdempotency").asBoolean(), "contract starts keep their keys for good");
        assertEquals("[\"workflow_list\",\"workflow_get\",\"workflow_execute\",\"execution_get\",\"execution_cancel\"]",
                data.get("operations").toString());
        assertEquals("[\"json-data\"]", data.get("capabilityClasses").toString());
        assertEquals(1_048_576, data.at("/jsonLimits/maxBytes").asInt());
        assertEquals(100_000, data.at("/jsonLimits/maxStringLength").asInt());
        assertEquals("offline", data.at("/client/state").asString());
        assertTrue(data.at("/client/protocol").isNull());

        try (TestSocket robot = robot()) {
            JsonNode connected = api.get("/workflows/integration", as("alice")).json().get("data");
            assertEquals("unsupported", connected.at("/client/state").asString(), "robots that cannot confirm stops");
            assertFalse(connected.at("/client/supportsCancel").asBoolean());
            assertEquals("offline", api.get("/workflows/integration", as("bob")).json().at("/data/client/state")
                    .asString(), "another user's robots are not bob's");
        }
    }

    @Test
    void integrationIsNoWorkflowsIdAndCannotBecomeOne() {
        var refused = api.post("/workflows/upsert", "{\"project_id\":\"Integration\",\"name\":\"x\"}", as("alice"));
        assertEquals(422, refused.status(), refused.raw().body());
        assertEquals("project_id", refused.json().at("/error/fields/0/field").asString());
        assertEquals(200, api.get("/workflows/p-1", as("alice")).status(), "other ids read as before");
    }
}
