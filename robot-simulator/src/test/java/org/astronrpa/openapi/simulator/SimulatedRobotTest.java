package org.astronrpa.openapi.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class SimulatedRobotTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** How long "nothing arrives" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(300);

    private TestWsServer server;
    private final List<SimulatedRobot> robots = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestWsServer();
    }

    @AfterEach
    void stop() throws Exception {
        robots.forEach(SimulatedRobot::close);
        server.close();
    }

    private SimulatedRobot.Builder robotBuilder(Behaviour behaviour) {
        return SimulatedRobot.builder(server.uri()).name("test-robot").userId("42").behaviour(behaviour)
                .reconnectDelay(Duration.ofMillis(200));
    }

    private SimulatedRobot start(SimulatedRobot.Builder builder) {
        SimulatedRobot robot = builder.start();
        robots.add(robot);
        return robot;
    }

    private SimulatedRobot start(Behaviour behaviour) {
        return start(robotBuilder(behaviour));
    }

    // ------------------------------------------------------------------ connecting and pinging

    @Test
    void connectsWithTheUserHeaderSendsNothingOnOpenThenPingsExactlyAsTheDesktopClient() throws Exception {
        SimulatedRobot robot = start(robotBuilder(Behaviour.echo(0)).pingInterval(Duration.ofMillis(100)));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        assertEquals("/ws", c.target());
        assertEquals("42", c.header("user_id"));
        assertNull(c.header("Authorization"));
        assertTrue(robot.awaitConnected(WAIT));
        assertTrue(c.awaitText(t -> c.count(SimulatedRobot.PING::equals) >= 3, WAIT).isPresent(), "three pings");
        assertTrue(c.texts().stream().allMatch("{\"channel\": \"ping\"}"::equals), c.texts().toString());
        // the server's pongs are received and ignored
        assertTrue(robot.awaitReceived(f -> "pong".equals(f.channel()), WAIT).isPresent());
        assertTrue(robot.sentFrames().stream().allMatch(f -> f.text().equals(SimulatedRobot.PING)));
        assertEquals(SimulatedRobot.State.CONNECTED, robot.state());
        assertEquals(1, robot.connectionCount());
    }

    @Test
    void authenticatesWithAnApiKeyAsBearerOrInTheQueryOrWithXUserId() throws Exception {
        start(SimulatedRobot.builder(server.uri()).apiKey("rpa_k/+1"));
        TestWsServer.Connection bearer = server.awaitConnection(WAIT);
        assertEquals("Bearer rpa_k/+1", bearer.header("Authorization"));
        assertNull(bearer.header("user_id"));

        start(SimulatedRobot.builder(server.uri()).apiKey("rpa_k/+1").keyPlacement(SimulatedRobot.KeyPlacement.QUERY));
        TestWsServer.Connection query = server.awaitConnection(WAIT);
        assertEquals("/ws?key=rpa_k%2F%2B1", query.target());
        assertNull(query.header("Authorization"));

        start(SimulatedRobot.builder(server.uri()).userId("7").userHeader("X-User-Id"));
        assertEquals("7", server.awaitConnection(WAIT).header("X-User-Id"));
    }

    @Test
    void reconnectsAfterTheServerClosesAndRetriesARefusedHandshake() throws Exception {
        server.refuseNext(2);
        SimulatedRobot robot = start(Behaviour.echo(0));
        TestWsServer.Connection first = server.awaitConnection(WAIT);
        assertEquals(3, server.handshakes(), "two refused handshakes, retried");
        assertTrue(robot.awaitConnected(WAIT));

        first.close(1008);
        assertTrue(first.awaitClosed(WAIT));
        assertEquals(1008, first.closeCode(), "the client answers the close frame");
        TestWsServer.Connection second = server.awaitConnection(WAIT);
        assertTrue(robot.awaitConnectionCount(2, WAIT));

        second.abort();
        server.awaitConnection(WAIT);
        assertTrue(robot.awaitConnectionCount(3, WAIT));
    }

    @Test
    void aManagedRobotSaysWhoItIsAndStopsWhenANewerConnectionOfItReplacesIt() throws Exception {
        SimulatedRobot robot = SimulatedRobot.builder(server.uri()).userId("42").robotId("desk-1").robotName("Front desk")
                .labels(new java.util.LinkedHashMap<>(java.util.Map.of("os", "windows"))).reconnectDelay(Duration.ZERO)
                .build().start();
        try {
            TestWsServer.Connection c = server.awaitConnection(WAIT);
            assertEquals("desk-1", c.header("X-Robot-Id"));
            assertEquals("Front desk", c.header("X-Robot-Name"));
            assertEquals("os=windows", c.header("X-Robot-Labels"));
            assertTrue(robot.awaitConnected(WAIT));

            c.close(SimulatedRobot.REPLACED);
            assertTrue(c.awaitClosed(WAIT));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (robot.state() != SimulatedRobot.State.CLOSED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(SimulatedRobot.State.CLOSED, robot.state());
            assertTrue(server.pollConnection(Duration.ofMillis(500)).isEmpty(), "a replaced robot does not come back");
        } finally {
            robot.close();
        }
    }

    @Test
    void closeSaysGoodbyeAndNeverReconnects() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);
        assertTrue(robot.awaitConnected(WAIT));

        robot.close();

        assertTrue(c.awaitClosed(WAIT));
        assertEquals(1000, c.closeCode());
        assertEquals(SimulatedRobot.State.CLOSED, robot.state());
        assertTrue(server.pollConnection(Duration.ofMillis(500)).isEmpty());
        assertThrows(IllegalStateException.class, () -> robot.raw("x"));
    }

    // ------------------------------------------------------------------ replies

    @Test
    void echoRepliesWithACopyOfTheRunFrameAsTheDesktopClientDoes() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);
        long before = Instant.now().getEpochSecond();

        String eventId = sendRun(c, "exec-1", "p-1", Map.of("name", "发票", "amount", 12.5));
        JsonNode reply = awaitReply(c, eventId);

        assertTrue(SimulatedRobot.FRAME_FIELDS.containsAll(reply.propertyNames()), reply.toString());
        assertEquals(eventId, reply.get("reply_event_id").asString());
        assertNotEquals(eventId, reply.get("event_id").asString());
        UUID.fromString(reply.get("event_id").asString());
        long time = reply.get("event_time").asLong();
        assertTrue(time >= before && time <= Instant.now().getEpochSecond(), "event_time in epoch seconds");
        assertEquals("remote", reply.get("channel").asString());
        assertEquals("run", reply.get("key").asString());
        assertEquals("42", reply.get("uuid").asString(), "uuid and send_uuid swapped");
        assertEquals("$root$", reply.get("send_uuid").asString());
        assertTrue(reply.get("need_reply").asBoolean());
        assertFalse(reply.has("need_ack"), "absent in the run, absent in the reply");
        assertEquals(Json.parse("""
                {"code": "0000", "msg": "", "data": {"echo": {"name": "发票", "amount": 12.5}, "project_id": "p-1"}}"""),
                reply.get("data"));

        String text = c.awaitText(t -> t.contains(eventId), WAIT).orElseThrow();
        assertTrue(text.contains("\"code\": \"0000\"") && text.contains("\\u53d1\\u7968"),
                "written as Python's json.dumps(ensure_ascii=True): " + text);
        assertEquals(eventId, robot.awaitReply(eventId, WAIT).orElseThrow().replyEventId());
        assertEquals(1, robot.runsReceived());
        assertTrue(eventually(() -> robot.repliesSent() == 1), "counted once sent");
        assertTrue(robot.receivedFrames().stream().anyMatch(f -> eventId.equals(f.eventId())));
        assertTrue(robot.awaitIdle(WAIT));
    }

    @Test
    void errorCodeRepliesTheFailureEnvelope() throws Exception {
        start(Behaviour.errorCode("5001", "流程失败"));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        JsonNode data = awaitReply(c, sendRun(c, "exec-1", "p-1", Map.of())).get("data");

        assertEquals(Json.parse("{\"code\": \"5001\", \"msg\": \"流程失败\", \"data\": null}"), data);
    }

    @Test
    void errorStringRepliesAPlainString() throws Exception {
        start(Behaviour.errorString("'code'"));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        JsonNode data = awaitReply(c, sendRun(c, "exec-1", "p-1", Map.of())).get("data");

        assertTrue(data.isString());
        assertEquals("'code'", data.asString());
    }

    @Test
    void jsonStringRepliesTheSuccessObjectInsideAString() throws Exception {
        start(Behaviour.jsonString(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        JsonNode data = awaitReply(c, sendRun(c, "exec-1", "p-1", Map.of("k", 1))).get("data");

        assertTrue(data.isString(), data.toString());
        assertEquals(Json.parse("{\"code\": \"0000\", \"msg\": \"\", \"data\": {\"echo\": {\"k\": 1}, \"project_id\": \"p-1\"}}"),
                Json.parse(data.asString()));
    }

    @Test
    void neverReplyStaysBusyUntilStoppedAndABehaviourChangeAppliesToTheNextRun() throws Exception {
        SimulatedRobot robot = start(Behaviour.neverReply());
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String first = sendRun(c, "exec-1", "p-1", Map.of());
        assertTrue(c.awaitText(t -> t.contains(first), QUIET).isEmpty(), "no reply");
        assertTrue(robot.isBusy());

        robot.behaviour(Behaviour.echo(0));
        sendStop(c, "stop_current");
        assertTrue(robot.awaitIdle(WAIT));
        assertTrue(c.awaitText(t -> t.contains(first), QUIET).isEmpty(), "a stopped run does not reply");

        String second = sendRun(c, "exec-2", "p-1", Map.of());
        assertEquals("0000", awaitReply(c, second).get("data").get("code").asString());
        assertTrue(c.texts().stream().noneMatch(t -> t.contains(first)));
    }

    @Test
    void streamLogsSendsLogFramesThenReplies() throws Exception {
        start(Behaviour.streamLogs(3, 20));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String eventId = sendRun(c, "exec-9", "p-1", Map.of());
        awaitReply(c, eventId);

        List<JsonNode> frames = c.texts().stream().filter(t -> !t.equals(SimulatedRobot.PING)).map(Json::parse).toList();
        assertEquals(4, frames.size(), frames.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode log = frames.get(i);
            assertEquals("execution", log.get("channel").asString());
            assertEquals("log", log.get("key").asString());
            assertEquals(Json.parse("{\"execution_id\": \"exec-9\", \"level\": \"INFO\", \"message\": \"line " + (i + 1) + "\"}"),
                    log.get("data"));
            assertTrue(SimulatedRobot.FRAME_FIELDS.containsAll(log.propertyNames()));
        }
        assertEquals(eventId, frames.get(3).get("reply_event_id").asString(), "the reply comes last");
    }

    @Test
    void aRunWhileBusyIsAnsweredBusyAtOnceAndTheFirstRunStillReplies() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(1500));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String first = sendRun(c, "exec-1", "p-1", Map.of());
        assertTrue(c.awaitText(t -> t.contains(first), QUIET).isEmpty(), "echo waits for its delay");
        String second = sendRun(c, "exec-2", "p-2", Map.of());

        JsonNode busy = awaitReply(c, second);
        assertEquals(Json.parse("{\"code\": \"5001\", \"msg\": \"有任务在运行中\", \"data\": null}"), busy.get("data"));
        assertTrue(c.texts().stream().noneMatch(t -> t.contains("\"reply_event_id\": \"" + first)),
                "the busy answer comes before the first run's reply");
        assertTrue(c.awaitText(t -> t.contains(second), WAIT).orElseThrow().contains("\\u6709\\u4efb\\u52a1"));

        assertEquals("0000", awaitReply(c, first).get("data").get("code").asString());
        assertEquals(2, robot.runsReceived());
        assertTrue(eventually(() -> robot.repliesSent() == 2), "counted once sent");
    }

    @Test
    void disconnectMidRunRepliesOnTheNextConnection() throws Exception {
        SimulatedRobot robot = start(Behaviour.disconnectMidRun(100, 50));
        TestWsServer.Connection first = server.awaitConnection(WAIT);

        String eventId = sendRun(first, "exec-1", "p-1", Map.of("a", "b"));

        assertTrue(first.awaitClosed(WAIT), "the robot drops the connection");
        assertEquals(-1, first.closeCode(), "abruptly, without a close frame");
        TestWsServer.Connection second = server.awaitConnection(WAIT);
        JsonNode reply = awaitReply(second, eventId);
        assertEquals("b", reply.get("data").get("data").get("echo").get("a").asString());
        assertTrue(first.texts().stream().noneMatch(t -> t.contains("reply_event_id")));
        assertEquals(2, robot.connectionCount());
        assertEquals(2, robot.awaitReply(eventId, WAIT).orElseThrow().connection());
    }

    @Test
    void anHonouredStopEndsTheRunWithoutAnyReply() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(10_000));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String eventId = sendRun(c, "exec-1", "p-1", Map.of());
        assertTrue(eventually(robot::isBusy));
        String stopId = sendStop(c, "stop");

        assertTrue(robot.awaitIdle(WAIT));
        assertTrue(c.awaitText(t -> t.contains(eventId) || t.contains(stopId), QUIET).isEmpty(),
                "neither the run nor the stop is answered");
    }

    @Test
    void replyOnStopAnswersTheStoppedRunAsTheNewerRobot() throws Exception {
        start(robotBuilder(Behaviour.streamLogs(1000, 50)).replyOnStop(true));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String eventId = sendRun(c, "exec-1", "p-1", Map.of());
        c.awaitText(t -> t.contains("\"line 1\""), WAIT).orElseThrow();
        sendStop(c, "stop_current");

        assertEquals(Json.parse("{\"code\": \"5001\", \"msg\": \"任务已停止\", \"data\": null}"),
                awaitReply(c, eventId).get("data"));
    }

    @Test
    void aRobotThatConfirmsStopsSaysSoOnConnectingAndConfirmsAStoppedRun() throws Exception {
        SimulatedRobot robot = start(robotBuilder(Behaviour.neverReply()).robotId("desk-1").confirmStops(true));
        TestWsServer.Connection c = server.awaitConnection(WAIT);
        assertEquals("stop-confirm", c.header("X-Robot-Capabilities"));

        sendRun(c, "exec-1", "p-1", Map.of());
        assertTrue(eventually(robot::isBusy));
        sendStop(c, "stop");

        JsonNode confirmation = Json.parse(c.awaitText(t -> t.contains("\"stopped\""), WAIT).orElseThrow());
        assertEquals("execution", confirmation.get("channel").asString());
        assertEquals("exec-1", confirmation.at("/data/execution_id").asString());
        assertTrue(robot.awaitIdle(WAIT));
    }

    @Test
    void ignoreStopKeepsRunningAndRepliesAnyway() throws Exception {
        SimulatedRobot robot = start(Behaviour.ignoreStop(400));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String eventId = sendRun(c, "exec-1", "p-1", Map.of());
        sendStop(c, "stop");
        sendStop(c, "stop_current");
        assertTrue(c.awaitText(t -> t.contains(eventId), Duration.ofMillis(200)).isEmpty());
        assertTrue(robot.isBusy());

        assertEquals("0000", awaitReply(c, eventId).get("data").get("code").asString());
    }

    // ------------------------------------------------------------------ frames the robot does not run

    @Test
    void dropsFramesTheDesktopClientCannotParseAndIgnoresPongExitAndReplies() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        ObjectNode extraField = run(UUID.randomUUID().toString(), "exec-1", "p-1", Map.of());
        extraField.put("execution_id", "exec-1");
        c.send(extraField.toString());
        c.send("not json");
        c.send("[1, 2]");
        c.send("{\"channel\": \"pong\"}");
        c.send("{\"channel\": \"exit\", \"data\": {\"error\": \"bad frame\"}}");
        c.send("{\"reply_event_id\": \"x\", \"channel\": \"remote\", \"key\": \"run\", \"data\": {}}");

        assertTrue(robot.awaitReceived(f -> f.replyEventId() != null, WAIT).isPresent());
        assertEquals(3, robot.rejectedFrames().size(), robot.rejectedFrames().toString());
        assertEquals(6, robot.receivedFrames().size());
        assertEquals(0, robot.runsReceived());
        String next = sendRun(c, "exec-2", "p-1", Map.of());
        awaitReply(c, next);
        assertEquals(1, c.count(t -> t.contains("reply_event_id")), "only the valid run was answered");
    }

    @Test
    void answersAnUnknownRequestWithTheClientLibrarysErrorString() throws Exception {
        start(Behaviour.echo(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);

        String eventId = UUID.randomUUID().toString();
        c.send("{\"event_id\": \"" + eventId + "\", \"channel\": \"remote\", \"key\": \"pause\", \"need_reply\": false}");

        JsonNode reply = awaitReply(c, eventId);
        assertEquals("func is not exist: ('remote', 'pause')", reply.get("data").asString());
        assertFalse(reply.get("need_reply").asBoolean());
    }

    @Test
    void rawSendsTheTextAsItIs() throws Exception {
        SimulatedRobot robot = start(Behaviour.echo(0));
        TestWsServer.Connection c = server.awaitConnection(WAIT);
        assertTrue(robot.awaitConnected(WAIT));

        robot.raw("{not json");
        robot.raw("{\"channel\": \"execution\", \"key\": \"status\", \"data\": {\"execution_id\": \"e\", \"status\": \"RUNNING\"}}");

        assertTrue(c.awaitText("{not json"::equals, WAIT).isPresent());
        assertTrue(c.awaitText(t -> t.contains("RUNNING"), WAIT).isPresent());
        assertEquals(2, robot.sentFrames().size());
    }

    // ------------------------------------------------------------------ pieces

    @Test
    void runParamsAreReadFromTheRunParamStringLikeTheDesktopExecutor() {
        JsonNode frame = run("e", "x", "p", Map.of("n", 1, "s", "v"));
        assertEquals(Map.of("n", Json.parse("1"), "s", Json.parse("\"v\"")), SimulatedRobot.runParams(frame));

        assertEquals(Map.of(), SimulatedRobot.runParams(Json.parse("{\"data\": {\"run_param\": \"not json\"}}")));
        assertEquals(Map.of(), SimulatedRobot.runParams(Json.parse("{\"data\": {\"run_param\": [{\"varName\": \"a\"}]}}")));
        assertEquals(Map.of(), SimulatedRobot.runParams(Json.parse("{\"channel\": \"remote\"}")));
        assertEquals(Map.of("a", Json.parse("null")), SimulatedRobot.runParams(
                Json.parse("{\"data\": {\"run_param\": \"[{\\\"varName\\\": \\\"a\\\"}, 3]\"}}")));
    }

    @Test
    void framesAreWrittenAsPythonsJsonDumpsWritesThem() {
        assertEquals("{\"a\": [1, 2], \"b\": {}, \"c\": [], \"d\": null, \"e\": \"\\u6709 \\ud83d\\ude00 /\"}",
                Json.python(Json.parse("{\"a\":[1,2],\"b\":{},\"c\":[],\"d\":null,\"e\":\"有 😀 /\"}")));
    }

    @Test
    void behavioursRejectNegativeTimes() {
        assertThrows(IllegalArgumentException.class, () -> Behaviour.echo(-1));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.streamLogs(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.disconnectMidRun(0, -5));
        assertThrows(IllegalArgumentException.class, () -> SimulatedRobot.builder("http://x/ws"));
        assertFalse(Behaviour.ignoreStop(0).honoursStop());
        assertTrue(Behaviour.neverReply().honoursStop());
    }

    // ------------------------------------------------------------------ helpers

    /** A dispatch frame as API.md §5.1 writes it. */
    private static ObjectNode run(String eventId, String executionId, String projectId, Map<String, Object> params) {
        ArrayNode runParam = Json.MAPPER.createArrayNode();
        params.forEach((k, v) -> runParam.addObject().put("varName", k).set("varValue", Json.MAPPER.valueToTree(v)));
        ObjectNode frame = Json.MAPPER.createObjectNode();
        frame.put("channel", "remote").put("key", "run").put("uuid", "$root$").put("send_uuid", "42")
                .put("need_reply", true).put("event_id", eventId).put("event_time", Instant.now().getEpochSecond());
        frame.putObject("data").put("project_id", projectId).put("exec_position", "EXECUTOR").put("jwt", "")
                .put("run_param", runParam.toString()).put("execution_id", executionId);
        return frame;
    }

    private static String sendRun(TestWsServer.Connection c, String executionId, String projectId,
                                  Map<String, Object> params) throws Exception {
        String eventId = UUID.randomUUID().toString();
        c.send(run(eventId, executionId, projectId, params).toString());
        return eventId;
    }

    private static String sendStop(TestWsServer.Connection c, String key) throws Exception {
        String eventId = UUID.randomUUID().toString();
        c.send("{\"channel\": \"remote\", \"key\": \"" + key + "\", \"need_reply\": false, \"event_id\": \"" + eventId
                + "\", \"data\": {\"execution_id\": \"exec-1\", \"project_id\": \"p-1\"}}");
        return eventId;
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static JsonNode awaitReply(TestWsServer.Connection c, String runEventId) throws Exception {
        Optional<String> text = c.awaitText(t -> {
            JsonNode node = Json.parse(t);
            return node != null && runEventId.equals(node.path("reply_event_id").asString(null));
        }, WAIT);
        return Json.parse(text.orElseThrow(() -> new AssertionError("no reply to " + runEventId + " in " + c.texts())));
    }
}
