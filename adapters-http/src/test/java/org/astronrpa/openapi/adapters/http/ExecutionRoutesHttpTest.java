package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Executions through REST and a robot on /ws, over real sockets. */
class ExecutionRoutesHttpTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}},\"required\":[\"amount\"]}";
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\",\"parameters\":" + SCHEMA + "}", as("alice"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private TestSocket robot(String user) throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws", "X-User-Id", user);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(new org.astronrpa.openapi.domain.shared.UserId(user)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    private static String reply(JsonNode run, String data) {
        return "{\"channel\":\"remote\",\"key\":\"run\",\"reply_event_id\":\"" + run.get("event_id").asString()
                + "\",\"event_id\":\"x\",\"need_reply\":true,\"data\":" + data + "}";
    }

    @Test
    void aRunSentToTheRobotAndItsReplyCompleteTheExecutionWithinTheWait() throws Exception {
        try (TestSocket robot = robot("alice")) {
            Thread.ofVirtual().start(() -> {
                try {
                    JsonNode run = robot.next("remote");
                    robot.send(reply(run, "{\"code\":\"0000\",\"msg\":\"\",\"data\":{\"total\":42}}"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var answer = api.post("/executions?wait=10", "{\"project_id\":\"p-1\",\"params\":{\"amount\":3.5}}", as("alice"));
            assertEquals(200, answer.status(), answer.raw().body());
            JsonNode execution = answer.json().at("/data/execution");
            assertEquals("COMPLETED", execution.get("status").asString());
            assertEquals(42, execution.at("/result/total").asInt());
            assertEquals(3.5, execution.at("/parameters/amount").asDouble());
            assertTrue(answer.header("Location").startsWith("/executions/"));
        }
    }

    @Test
    void aReplyThatMeetsAPassingDatabaseFailureIsStoredOnALaterAttemptAndTheConnectionStaysOpen() throws Exception {
        try (TestSocket robot = robot("alice")) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice")).json()
                    .at("/data/execution/id").asString();
            JsonNode run = robot.next("remote");
            api.executions.failNextEventLookups(3);
            robot.send(reply(run, "{\"code\":\"0000\",\"msg\":\"\",\"data\":7}"));
            var answer = api.get("/executions/" + id + "?wait=10", as("alice"));
            JsonNode execution = answer.json().at("/data/execution");
            assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
            assertEquals(7, execution.get("result").asInt());
            robot.send("{\"channel\":\"ping\"}");
            assertEquals("pong", robot.next("pong").get("channel").asString(), "the connection stayed open");
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIs503UnavailableNot500() throws Exception {
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice")).json()
                .at("/data/execution/id").asString();
        api.executions.failNextFindsUnreachable(1);
        var answer = api.get("/executions/" + id, as("alice"));
        assertEquals(503, answer.status(), answer.raw().body());
        assertEquals("unavailable", answer.json().at("/error/type").asString());
        assertEquals("5", answer.header("Retry-After"), "clients are told when to come back");
        assertTrue(answer.json().get("msg").asString().startsWith("the database does not answer; retry shortly"),
                answer.raw().body());
        assertEquals(200, api.get("/executions/" + id, as("alice")).status(), "and it works again once it answers");
    }

    @Test
    void aRetryAfterAFailedInsertWithTheSameIdempotencyKeyCreatesTheExecution() {
        String body = "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}";
        api.executions.failNextInsertsUnreachable(1);
        var failed = api.post("/executions", body, "X-User-Id", "alice", "Idempotency-Key", "retry-me");
        assertEquals(503, failed.status(), failed.raw().body());

        var retried = api.post("/executions", body, "X-User-Id", "alice", "Idempotency-Key", "retry-me");
        assertEquals(202, retried.status(), retried.raw().body());
        String id = retried.json().at("/data/execution/id").asString();
        assertEquals(200, api.get("/executions/" + id, as("alice")).status());
        var again = api.post("/executions", body, "X-User-Id", "alice", "Idempotency-Key", "retry-me");
        assertEquals(id, again.json().at("/data/execution/id").asString(), "the key now names the retry's execution");
        assertEquals(1, api.get("/executions", as("alice")).json().at("/data/total").asInt());
    }

    @Test
    void aStoppingServerSaysGoingAwayToItsRobots() throws Exception {
        TestSocket robot = robot("alice");
        api.close();
        assertEquals(1001, robot.closed.get(5, java.util.concurrent.TimeUnit.SECONDS),
                "robots are told the server goes away (1001), not cut off (1006)");
        api = new TestApi();   // for the common @AfterEach
    }

    @Test
    void theRunFrameIsTheRpawebsocketOne() throws Exception {
        try (TestSocket robot = robot("alice")) {
            var answer = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
            assertEquals(202, answer.status());
            JsonNode run = robot.next("remote");
            assertEquals("run", run.get("key").asString());
            assertEquals("$root$", run.get("uuid").asString());
            assertEquals("alice", run.get("send_uuid").asString());
            assertTrue(run.get("need_reply").asBoolean());
            assertTrue(run.get("event_time").isIntegralNumber());
            JsonNode data = run.get("data");
            assertEquals("p-1", data.get("project_id").asString());
            assertEquals("EXECUTOR", data.get("exec_position").asString());
            assertEquals("", data.get("jwt").asString());
            assertEquals(answer.json().at("/data/execution/id").asString(), data.get("execution_id").asString());
            JsonNode params = TestApi.JSON.readTree(data.get("run_param").asString());
            assertEquals("amount", params.get(0).get("varName").asString());
            assertEquals(1, params.get(0).get("varValue").asInt());
        }
    }

    @Test
    void withoutARobotTheExecutionIsAcceptedAndWaits() {
        var answer = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
        assertEquals(202, answer.status());
        assertEquals("PENDING", answer.json().at("/data/execution/status").asString());
        String id = answer.json().at("/data/execution/id").asString();
        assertEquals("PENDING", api.get("/executions/" + id + "?wait=1", as("alice")).json().at("/data/execution/status").asString());
        assertEquals(404, api.get("/executions/" + id, as("bob")).status());
    }

    @Test
    void errorRepliesAndErrorStringsFailTheExecution() throws Exception {
        try (TestSocket robot = robot("alice")) {
            String first = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.send(reply(robot.next("remote"), "{\"code\":\"5001\",\"msg\":\"no such project\",\"data\":null}"));
            JsonNode failed = api.get("/executions/" + first + "?wait=5", as("alice")).json().at("/data/execution");
            assertEquals("FAILED", failed.get("status").asString());
            assertEquals("ROBOT_ERROR", failed.get("error_code").asString());
            assertEquals("no such project", failed.get("error").asString());

            String second = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.send(reply(robot.next("remote"), "\"func is not exist\""));
            assertEquals("func is not exist", api.get("/executions/" + second + "?wait=5", as("alice")).json()
                    .at("/data/execution/error").asString());

            String third = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.send(reply(robot.next("remote"), "\"{\\\"code\\\":\\\"0000\\\",\\\"data\\\":[1,2]}\""));
            JsonNode done = api.get("/executions/" + third + "?wait=5", as("alice")).json().at("/data/execution");
            assertEquals("COMPLETED", done.get("status").asString(), "a JSON string holding the object counts as it");
            assertEquals(2, done.get("result").size());
        }
    }

    @Test
    void cancellingARunningExecutionTellsTheRobotToStop() throws Exception {
        try (TestSocket robot = robot("alice")) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            JsonNode run = robot.next("remote");
            var cancelled = api.post("/executions/" + id + "/cancel", null, as("alice"));
            assertEquals(200, cancelled.status());
            assertEquals("CANCELLED", cancelled.json().at("/data/execution/status").asString());
            JsonNode stop = robot.next("remote");
            assertEquals("stop", stop.get("key").asString());
            assertEquals(id, stop.at("/data/execution_id").asString());
            JsonNode stopCurrent = robot.next("remote");
            assertEquals("stop_current", stopCurrent.get("key").asString());
            assertProblem(api.post("/executions/" + id + "/cancel", null, as("alice")), 409, "conflict");

            // robots answer stops although need_reply is false: such answers are recognised, not looked up
            int lookups = api.executions.eventLookups();
            robot.send(reply(stop, "\"func is not exist: ('remote', 'stop')\""));
            robot.send(reply(stopCurrent, "{\"code\":\"0000\",\"msg\":\"停止成功\",\"data\":null}"));
            robot.send("{\"channel\":\"ping\"}");
            robot.next("pong");
            assertEquals(lookups, api.executions.eventLookups(), "answers to stops concern no execution");
            robot.send(reply(run, "{\"code\":\"0000\",\"data\":1}"));
            Thread.sleep(100);
            assertEquals("CANCELLED", api.get("/executions/" + id, as("alice")).json().at("/data/execution/status").asString(),
                    "a late reply to a terminal execution is dropped");
        }
    }

    @Test
    void logLinesStreamedByTheRobotAreReadableInOrder() throws Exception {
        try (TestSocket robot = robot("alice")) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.next("remote");
            for (int i = 1; i <= 3; i++) {
                robot.send("{\"channel\":\"execution\",\"key\":\"log\",\"data\":{\"execution_id\":\"" + id
                        + "\",\"level\":\"info\",\"message\":\"step " + i + "\"}}");
            }
            robot.send("{\"channel\":\"ping\"}");
            robot.next("pong");
            JsonNode logs = api.get("/executions/" + id + "/logs?after=1&limit=5", as("alice")).json().get("data");
            assertEquals(2, logs.get("records").size());
            assertEquals("step 2", logs.at("/records/0/message").asString());
            assertEquals(3, logs.get("next_after").asInt());
            assertProblem(api.get("/executions/" + id + "/logs?limit=0", as("alice")), 422, "validation", "limit");
        }
    }

    @Test
    void badStartsAreRefusedNamingTheField() {
        api.post("/workflows/upsert", "{\"project_id\":\"off\",\"name\":\"Off\",\"status\":0}", as("alice"));
        assertProblem(api.post("/executions", "{\"project_id\":\"nope\"}", as("alice")), 404, "not_found");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("bob")), 404, "not_found");
        assertProblem(api.post("/executions", "{\"project_id\":\"off\"}", as("alice")), 409, "conflict");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":\"x\"}}", as("alice")), 422,
                "validation", "params.amount");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice")), 422, "validation",
                "params.amount");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1},\"timeout_seconds\":0}",
                as("alice")), 422, "validation", "timeout_seconds");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1},\"timeout_seconds\":86401}",
                as("alice")), 422, "validation", "timeout_seconds");
        assertProblem(api.post("/executions?wait=301", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice")),
                422, "validation", "wait");
        assertProblem(api.post("/executions?wait=x", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice")),
                422, "validation", "wait");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":[1]}", as("alice")), 422, "validation", "params");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1},\"exec_position\":\"MOON\"}",
                as("alice")), 422, "validation", "exec_position");
        assertProblem(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":\"{broken\"}", as("alice")), 422,
                "validation", "params");
        assertProblem(api.get("/executions/unknown", as("alice")), 404, "not_found");
        assertProblem(api.post("/executions/unknown/cancel", null, as("alice")), 404, "not_found");
        assertProblem(api.get("/executions?status=DONE", as("alice")), 422, "validation", "status");
        assertEquals(0, api.executions.countByStatus().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void anIdempotencyKeyReplaysTheSameExecutionAndRefusesAnotherBody() {
        String body = "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}";
        var first = api.send(api.request("POST", "/executions", body, "X-User-Id", "alice", "Idempotency-Key", "order-7"));
        var again = api.send(api.request("POST", "/executions", body, "X-User-Id", "alice", "Idempotency-Key", "order-7"));
        assertEquals(202, first.status());
        assertEquals(202, again.status());
        assertEquals(first.json().at("/data/execution/id").asString(), again.json().at("/data/execution/id").asString());
        assertProblem(api.send(api.request("POST", "/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":2}}",
                "X-User-Id", "alice", "Idempotency-Key", "order-7")), 409, "conflict");
        assertProblem(api.send(api.request("POST", "/executions", body, "X-User-Id", "alice", "Idempotency-Key", "k".repeat(256))),
                400, "bad_request", "Idempotency-Key");
        var bobs = api.send(api.request("POST", "/executions", body, "X-User-Id", "bob", "Idempotency-Key", "order-7"));
        assertEquals(404, bobs.status(), "keys are per user: bob's request is judged on its own (his workflow is unknown)");
        assertEquals(1, api.executions.countByStatus().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void preferWaitIsHonouredLikeTheQueryParameter() throws Exception {
        try (TestSocket robot = robot("alice")) {
            Thread.ofVirtual().start(() -> {
                try {
                    robot.send(reply(robot.next("remote"), "{\"code\":\"0000\",\"data\":null}"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var answer = api.send(api.request("POST", "/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}",
                    "X-User-Id", "alice", "Prefer", "respond-async, wait=10"));
            assertEquals(200, answer.status(), answer.raw().body());
            assertTrue(answer.json().at("/data/execution/result").isNull());
        }
    }

    @Test
    void theListFiltersByProjectAndStatusAndRobotsAreListed() throws Exception {
        api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
        api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":2}}", as("alice"));
        JsonNode page = api.get("/executions?project_id=p-1&status=PENDING&pageSize=1", as("alice")).json().get("data");
        assertEquals(2, page.get("total").asInt());
        assertEquals(1, page.get("records").size());
        assertEquals(0, api.get("/executions", as("bob")).json().at("/data/total").asInt());
        try (TestSocket robot = robot("alice")) {
            robot.next("remote");
            JsonNode robots = api.get("/robots", as("alice")).json().get("data");
            assertEquals(1, robots.get("total").asInt());
            assertTrue(robots.at("/records/0/busy_execution_id").isString());
            assertEquals(0, api.get("/robots", as("bob")).json().at("/data/total").asInt());
        }
    }

    @Test
    void theListPagesByCursorToTheEndAndRefusesCursorsItDidNotGive() {
        java.util.Set<String> started = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            started.add(api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":" + i + "}}",
                    as("alice")).json().at("/data/execution/id").asString());
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        JsonNode page = api.get("/executions?pageSize=2", as("alice")).json().get("data");
        assertEquals(5, page.get("total").asInt());
        page.get("records").forEach(r -> seen.add(r.get("id").asString()));
        String firstCursor = page.get("next_cursor").asString();
        while (!page.get("next_cursor").isNull()) {
            page = api.get("/executions?pageSize=2&cursor=" + page.get("next_cursor").asString(), as("alice")).json()
                    .get("data");
            assertEquals(5, page.get("total").asInt());
            page.get("records").forEach(r -> seen.add(r.get("id").asString()));
        }
        assertEquals(5, seen.size(), "each once: " + seen);
        assertEquals(started, new java.util.HashSet<>(seen));

        assertProblem(api.get("/executions?cursor=abc", as("alice")), 422, "validation", "cursor");
        int middle = firstCursor.length() / 2;
        String changed = firstCursor.substring(0, middle) + (firstCursor.charAt(middle) == 'A' ? 'B' : 'A')
                + firstCursor.substring(middle + 1);
        assertProblem(api.get("/executions?cursor=" + changed, as("alice")), 422, "validation", "cursor");
        assertProblem(api.get("/executions?cursor=" + firstCursor, as("bob")), 422, "validation", "cursor");
        assertProblem(api.get("/executions?pageNo=2&cursor=" + firstCursor, as("alice")), 422, "validation", "cursor");
        assertProblem(api.get("/executions?cursor=" + "x".repeat(500), as("alice")), 422, "validation", "cursor");
    }

    @Test
    void theWorkflowListPagesByCursorTooAndACursorOfTheExecutionListIsNotOneOfIts() {
        for (int i = 2; i <= 4; i++) {
            api.post("/workflows/upsert", "{\"project_id\":\"p-" + i + "\",\"name\":\"Invoice " + i + "\"}", as("alice"));
        }
        api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
        api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":2}}", as("alice"));
        JsonNode first = api.get("/workflows?pageSize=3", as("alice")).json().get("data");
        assertEquals(4, first.get("total").asInt());
        String cursor = first.get("next_cursor").asString();
        JsonNode second = api.get("/workflows?pageSize=3&cursor=" + cursor, as("alice")).json().get("data");
        assertEquals(1, second.get("records").size());
        assertTrue(second.get("next_cursor").isNull());
        String executionCursor = api.get("/executions?pageSize=1", as("alice")).json().at("/data/next_cursor").asString();
        assertProblem(api.get("/workflows?cursor=" + executionCursor, as("alice")), 422, "validation", "cursor");
        assertProblem(api.get("/executions?cursor=" + cursor, as("alice")), 422, "validation", "cursor");
        assertProblem(api.get("/workflows?pageNo=1&cursor=" + cursor, as("alice")), 422, "validation", "cursor");
    }

    @Test
    void deepPagesByNumberAreRefusedTowardTheCursorAndFilterCombinationsWithoutAnIndexToo() {
        api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
        assertEquals(200, api.get("/executions?pageNo=100&pageSize=20", as("alice")).status(), "row 2,000 is the last");
        assertEquals(200, api.get("/executions?pageNo=20&pageSize=100", as("alice")).status());
        assertProblem(api.get("/executions?pageNo=101&pageSize=20", as("alice")), 422, "validation", "pageNo");
        assertProblem(api.get("/executions?pageNo=21&pageSize=100", as("alice")), 422, "validation", "pageNo");
        assertProblem(api.get("/executions?robot_id=r-1&project_id=p-1", as("alice")), 422, "validation", "robot_id");
        assertProblem(api.get("/executions?error_code=TIMEOUT&project_id=p-1", as("alice")), 422, "validation",
                "error_code");
        assertProblem(api.get("/executions?status=FAILED&robot_id=r-1", as("alice")), 422, "validation", "status");
        assertProblem(api.get("/executions?error_code=NOPE", as("alice")), 422, "validation", "error_code");
        assertProblem(api.get("/executions?started_after=yesterday", as("alice")), 422, "validation", "started_after");
        assertProblem(api.get("/executions?started_after=2030-01-02T00:00:00Z&started_before=2030-01-01T00:00:00Z",
                as("alice")), 422, "validation", "started_before");
        assertProblem(api.get("/executions?status=PENDING,DONE", as("alice")), 422, "validation", "status");
        assertProblem(api.get("/executions?robot_id=" + "r".repeat(129), as("alice")), 422, "validation", "robot_id");

        JsonNode several = api.get("/executions?status=pending,cancelled&status=RUNNING", as("alice")).json().get("data");
        assertEquals(1, several.get("total").asInt());
        JsonNode byRobot = api.get("/executions?robot_id=r-1", as("alice")).json().get("data");
        assertTrue(byRobot.get("total").isNull(), "a robot's executions are not counted: " + byRobot);
        assertTrue(byRobot.get("next_cursor").isNull());
        JsonNode inRange = api.get("/executions?started_after=2000-01-01T00:00:00%2B08:00&error_code=timeout",
                as("alice")).json().get("data");
        assertEquals(0, inRange.get("records").size());
    }

    @Test
    void unlawfulRobotFramesEndTheConnectionWithExitAnd1008() throws Exception {
        for (String bad : new String[] {"not json", "[1,2]", "{\"data\":1}"}) {
            try (TestSocket robot = robot("alice")) {
                robot.send(bad);
                assertEquals("exit", robot.next("exit").get("channel").asString());
                assertEquals(1008, robot.closed.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void anUnauthenticatedRobotIsRefusedBeforeTheUpgrade() {
        assertThrows401(() -> TestSocket.open(api, "/ws"));
        assertThrows401(() -> TestSocket.open(api, "/ws", "Authorization", "Bearer rpa_nope"));
    }

    private static void assertThrows401(org.junit.jupiter.api.function.Executable open) {
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, open);
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("401") || String.valueOf(failure.getMessage()).contains("401"),
                failure.toString());
    }

    @Test
    void theCompatibilityExecuteRoutesKeepTheirShapes() throws Exception {
        try (TestSocket robot = robot("alice")) {
            Thread.ofVirtual().start(() -> {
                try {
                    robot.send(reply(robot.next("remote"), "{\"code\":\"0000\",\"data\":{\"ok\":1}}"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var sync = api.post("/workflows/execute", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
            assertEquals(200, sync.status(), sync.raw().body());
            assertEquals("COMPLETED", sync.json().at("/data/execution/status").asString());
        }
        var async = api.post("/workflows/execute-async", "{\"project_id\":\"p-1\",\"params\":{\"amount\":1}}", as("alice"));
        assertEquals(200, async.status());
        assertTrue(async.json().at("/data/executionId").isString());
        var missing = api.post("/workflows/execute-async", "{\"project_id\":\"nope\"}", as("alice"));
        assertEquals(200, missing.status());
        assertEquals("5001", missing.json().get("code").asString());
    }
}
