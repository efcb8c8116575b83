package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Log lines a robot streams over /ws: stored behind its reader, capped per execution, refused after the end. */
class RobotLogsHttpTest {
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

    private TestSocket robot() throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws", "X-User-Id", "alice");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(ALICE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    private static String log(String executionId, String message) {
        return "{\"channel\":\"execution\",\"key\":\"log\",\"data\":{\"execution_id\":\"" + executionId
                + "\",\"level\":\"info\",\"message\":\"" + message + "\"}}";
    }

    private static String reply(JsonNode run) {
        return "{\"reply_event_id\":\"" + run.get("event_id").asString()
                + "\",\"data\":{\"code\":\"0000\",\"msg\":\"\",\"data\":{\"ok\":true}}}";
    }

    private int storedLines(String id) {
        return api.logs.after(new ExecutionId(id), 0, 100_000).size();
    }

    @Test
    void aReplyDoesNotWaitBehindTheRobotsLogBacklogAndTheLinesSentBeforeItAreKept() throws Exception {
        try (TestSocket robot = robot()) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            JsonNode run = robot.next("remote");
            api.logs.appendMillis = 20;   // 200 lines: 4 s of storing
            for (int i = 0; i < 200; i++) {
                robot.send(log(id, "step " + i));
            }
            long sent = System.nanoTime();
            robot.send(reply(run));
            JsonNode done = api.get("/executions/" + id + "?wait=10", as("alice")).json().at("/data/execution");
            long tookMs = (System.nanoTime() - sent) / 1_000_000;
            assertEquals("COMPLETED", done.get("status").asString());
            assertTrue(tookMs < 2_000, "the reply waited " + tookMs + " ms behind 4 s of log lines");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (storedLines(id) < 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(200, storedLines(id), "lines sent before the reply are kept although stored after it");
        }
    }

    @Test
    void linesThatArriveAfterTheEndAreRefusedAndTheRobotStaysConnected() throws Exception {
        try (TestSocket robot = robot()) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.send(log(id, "during"));
            robot.send(reply(robot.next("remote")));
            assertEquals("COMPLETED", api.get("/executions/" + id + "?wait=5", as("alice")).json()
                    .at("/data/execution/status").asString());
            Thread.sleep(5);
            robot.send(log(id, "after the end"));
            robot.send("{\"channel\":\"ping\"}");
            robot.next("pong");   // the frames before the pong were read; the socket is open
            Thread.sleep(200);
            JsonNode lines = api.get("/executions/" + id + "/logs", as("alice")).json().at("/data/records");
            assertEquals(1, lines.size());
            assertEquals("during", lines.get(0).get("message").asString());
            assertEquals(1, api.robots.of(ALICE).size());
        }
    }

    @Test
    void anExecutionKeepsItsLineLimitThenOneTruncatedLine() throws Exception {
        try (TestSocket robot = robot()) {
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"))
                    .json().at("/data/execution/id").asString();
            robot.next("remote");
            int max = AppendRobotLog.DEFAULT_MAX_LINES;
            for (int i = 1; i <= max + 20; i++) {
                robot.send(log(id, "step " + i));
                if (i % 500 == 0) {
                    Thread.sleep(20);   // keep the backlog below its bound
                }
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (storedLines(id) < max + 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertEquals(max + 1, storedLines(id));
            JsonNode last = api.get("/executions/" + id + "/logs?after=" + (max - 1), as("alice")).json().at("/data/records");
            assertEquals("step " + max, last.get(0).get("message").asString());
            assertTrue(last.get(1).get("message").asString().startsWith("log truncated"), last.toString());
            assertEquals(2, last.size());
        }
    }

    @Test
    void theLogBacklogOfAGoneRobotIsDropped() throws Exception {
        TestSocket robot = robot();
        String id = api.post("/executions", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"))
                .json().at("/data/execution/id").asString();
        robot.next("remote");
        api.logs.appendMillis = 50;   // 100 lines: 5 s of storing
        for (int i = 0; i < 100; i++) {
            robot.send(log(id, "step " + i));
        }
        robot.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!api.robots.of(ALICE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int atClose = storedLines(id);
        Thread.sleep(1_000);
        assertTrue(storedLines(id) <= atClose + 1, "lines of a gone robot kept being stored: " + atClose + " at its "
                + "close, " + storedLines(id) + " a second later");
        assertTrue(storedLines(id) < 100);
    }
}
