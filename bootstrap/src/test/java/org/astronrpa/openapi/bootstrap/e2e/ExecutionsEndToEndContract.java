package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.Frame;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Executions end to end (API.md §3, §5): the whole service as production wires it, started in-process on a free
 * port, and {@link SimulatedRobot}s — the stand-in for the astron-rpa desktop robot — on real sockets. Each test
 * has a user and a workflow of its own, so that on MySQL (one database for the class) tests never see each
 * other's queues. Timeouts are short so that the class stays fast.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ExecutionsEndToEndContract {
    private static final String PARAMS = "{\"amount\": 12.5, \"customer\": \"张三\", \"lines\": [1, 2, 3]}";

    @TempDir
    Path dir;

    private final String user = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String project = "p-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<E2eService> services = new ArrayList<>();
    private final AtomicInteger robotNumbers = new AtomicInteger();

    /** The environment that selects the database under test (empty for embedded H2). */
    protected abstract Map<String, String> databaseEnvironment();

    private E2eService start(Map<String, String> overrides) {
        Map<String, String> env = E2eService.environment(dir, 0);
        env.putAll(databaseEnvironment());
        env.putAll(overrides);
        return start(env, true);
    }

    private E2eService start(Map<String, String> env, boolean createWorkflow) {
        E2eService service = E2eService.start(dir, env);
        services.add(service);
        if (createWorkflow) {
            service.http().upsertWorkflow(user, project);
        }
        return service;
    }

    /** The same service (same data directory, database and environment) started again; on another port. */
    private E2eService restart(E2eService before) {
        before.stop();
        services.remove(before);
        return start(before.env(), false);
    }

    @AfterEach
    void stopEverything() {
        Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort: the next one still closes
            }
        }
        services.forEach(E2eService::stop);
    }

    // ------------------------------------------------------------------ robots and watchers

    private SimulatedRobot robot(E2eService service, Behaviour behaviour) throws InterruptedException {
        return robot(service, behaviour, Duration.ofSeconds(2));
    }

    private SimulatedRobot robot(E2eService service, Behaviour behaviour, Duration pingInterval) throws InterruptedException {
        return robot(service, behaviour, pingInterval, Duration.ofMillis(200));
    }

    private SimulatedRobot robot(E2eService service, Behaviour behaviour, Duration pingInterval, Duration reconnectDelay)
            throws InterruptedException {
        SimulatedRobot robot = SimulatedRobot.builder(service.robotUrl())
                .name("robot-" + robotNumbers.incrementAndGet())
                .userId(user)
                .behaviour(behaviour)
                .pingInterval(pingInterval)
                .reconnectDelay(reconnectDelay)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        closeables.add(robot);
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(5)), robot + " did not connect");
        return robot;
    }

    /** Waits until the service lists {@code count} robots of the user (its registry saw the connections). */
    private void awaitRobots(E2eService service, int count) {
        awaitTrue(() -> robotCount(service) == count, Duration.ofSeconds(5),
                () -> "the service does not list " + count + " robot(s) of " + user);
    }

    private int robotCount(E2eService service) {
        return service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt();
    }

    private Set<String> robotIds(E2eService service) {
        Set<String> ids = new HashSet<>();
        service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/records")
                .forEach(r -> ids.add(r.get("connection_id").asString()));
        return ids;
    }

    private EventWatcher watcher(E2eService service, String watcherUser) throws Exception {
        EventWatcher watcher = EventWatcher.connect(service.client(), service.port(), watcherUser, null);
        closeables.add(watcher);
        return watcher;
    }

    private static Frame awaitRun(SimulatedRobot robot, String executionId) throws InterruptedException {
        return robot.awaitReceived(f -> isRun(f) && executionId.equals(f.data().path("execution_id").asString(null)),
                Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError(robot + " got no run frame for " + executionId));
    }

    private static Frame awaitStop(SimulatedRobot robot, String executionId) throws InterruptedException {
        return robot.awaitReceived(f -> "remote".equals(f.channel()) && "stop".equals(f.key())
                        && executionId.equals(f.data().path("execution_id").asString(null)), Duration.ofSeconds(3))
                .orElseThrow(() -> new AssertionError(robot + " got no stop frame for " + executionId));
    }

    private static boolean isRun(Frame frame) {
        return "remote".equals(frame.channel()) && "run".equals(frame.key()) && frame.replyEventId() == null;
    }

    private static List<String> runExecutionIds(SimulatedRobot robot) {
        return robot.receivedFrames().stream().filter(ExecutionsEndToEndContract::isRun)
                .map(f -> f.data().path("execution_id").asString(null)).toList();
    }

    /**
     * Pings and waits for the pong: the server handles a connection's frames in order, so everything the robot
     * sent before (a reply, log lines) has been processed when this returns.
     */
    private static void roundTrip(SimulatedRobot robot) throws InterruptedException {
        int connection = robot.connectionCount();
        long pongs = pongs(robot, connection);
        robot.raw(SimulatedRobot.PING);
        awaitTrue(() -> pongs(robot, connection) > pongs, Duration.ofSeconds(3), () -> robot + " got no pong");
    }

    private static long pongs(SimulatedRobot robot, int connection) {
        return robot.receivedFrames().stream().filter(f -> f.connection() == connection && "pong".equals(f.channel())).count();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static void assertEcho(JsonNode execution, String projectId) {
        JsonNode result = execution.get("result");
        assertEquals(E2eHttp.JSON.readTree(PARAMS), result.get("echo"), execution.toString());
        assertEquals(projectId, result.get("project_id").asString(), execution.toString());
    }

    private static Instant instant(JsonNode execution, String field) {
        JsonNode value = execution.get(field);
        assertNotNull(value, field + " missing in " + execution);
        assertTrue(value.isString(), field + " is not set in " + execution);
        return Instant.parse(value.asString());
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ------------------------------------------------------------------ results of a run

    @Test
    void quickStartEchoRobotCompletesTheExecutionWithinTheWaitAndReturnsTheEchoedParams() throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot robot = robot(service, Behaviour.echo(50));
        awaitRobots(service, 1);

        E2eHttp.Answer answer = service.http().start(user, project, PARAMS, 10, null).expect(200);
        JsonNode execution = answer.execution();
        String id = execution.get("id").asString();
        assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
        assertEcho(execution, project);
        assertEquals(E2eHttp.JSON.readTree(PARAMS), execution.get("parameters"));
        assertTrue(execution.get("error").isNull(), execution.toString());
        assertTrue(execution.get("error_code").isNull(), execution.toString());
        assertEquals(user, execution.get("user_id").asString());
        assertEquals("EXECUTOR", execution.get("exec_position").asString());
        assertTrue(robotIds(service).contains(execution.get("robot_id").asString()), execution.toString());
        assertFalse(instant(execution, "dispatched_at").isBefore(instant(execution, "start_time")));
        assertFalse(instant(execution, "end_time").isBefore(instant(execution, "dispatched_at")));
        assertEquals("/executions/" + id, answer.raw().headers().firstValue("Location").orElse(null));
        assertEquals(execution, service.http().execution(user, id, 0), "GET shows what POST answered");

        // the run frame is the one the desktop client understands (API.md §5.1)
        Frame run = awaitRun(robot, id);
        JsonNode frame = run.json();
        assertEquals("$root$", frame.get("uuid").asString());
        assertEquals(user, frame.get("send_uuid").asString());
        assertTrue(frame.get("need_reply").asBoolean());
        assertNotNull(run.eventId());
        assertTrue(frame.get("event_time").isIntegralNumber(), run.text());
        assertTrue(frame.at("/data/project_id").isString(), "project_id must be a JSON string: " + run.text());
        assertEquals(project, frame.at("/data/project_id").asString());
        assertEquals("EXECUTOR", frame.at("/data/exec_position").asString());
        assertEquals("", frame.at("/data/jwt").asString());
        assertTrue(frame.at("/data/run_param").isString(), run.text());
        assertEquals(E2eHttp.JSON.readTree(PARAMS), E2eHttp.JSON.valueToTree(SimulatedRobot.runParams(frame)));
        assertEquals(List.of(), robot.rejectedFrames(), "frames the desktop client would drop");
    }

    @Test
    void errorCodeReplyFailsTheExecutionWithRobotErrorAndTheRobotsMessage() throws Exception {
        E2eService service = start(Map.of());
        robot(service, Behaviour.errorCode("5001", "流程执行失败: element not found"));
        awaitRobots(service, 1);

        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("ROBOT_ERROR", execution.get("error_code").asString());
        assertEquals("流程执行失败: element not found", execution.get("error").asString());
        assertTrue(execution.get("result").isNull(), execution.toString());
        assertTrue(execution.get("end_time").isString(), execution.toString());
    }

    @Test
    void errorStringReplyFailsTheExecutionWithThatString() throws Exception {
        E2eService service = start(Map.of());
        String text = "func is not exist: ('remote', 'run')";
        robot(service, Behaviour.errorString(text));
        awaitRobots(service, 1);

        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("ROBOT_ERROR", execution.get("error_code").asString());
        assertEquals(text, execution.get("error").asString());
    }

    @Test
    void jsonStringReplyCompletesTheExecutionWithTheDataItHolds() throws Exception {
        E2eService service = start(Map.of());
        robot(service, Behaviour.jsonString(0));
        awaitRobots(service, 1);

        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
        assertEcho(execution, project);
    }

    // ------------------------------------------------------------------ deadlines

    @Test
    void neverReplyingRobotTimesOutAfterTheExecutionTimeoutAndIsToldToStop() throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot robot = robot(service, Behaviour.neverReply());
        awaitRobots(service, 1);

        long started = System.nanoTime();
        JsonNode accepted = service.http().start(user, project, PARAMS, 0, "\"timeout_seconds\": 2").expect(202).execution();
        String id = accepted.get("id").asString();
        assertEquals(2, accepted.get("timeout_seconds").asInt());
        awaitRun(robot, id);

        JsonNode execution = service.http().execution(user, id, 8);
        double seconds = secondsSince(started);
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("TIMEOUT", execution.get("error_code").asString());
        assertTrue(execution.get("error").asString().contains("unknown"), execution.toString());
        assertTrue(seconds >= 1.9 && seconds < 4.8, "timed out after " + seconds + " s");

        awaitStop(robot, id);
        assertTrue(robot.awaitIdle(Duration.ofSeconds(2)), "the stop ended the run on the robot");
        assertEquals(List.of(), robot.rejectedFrames(), "frames the desktop client would drop");
    }

    @Test
    void withoutARobotTheExecutionFailsRobotOfflineAfterTheDispatchTimeout() {
        E2eService service = start(Map.of("DISPATCH_TIMEOUT_SECONDS", "1"));

        long started = System.nanoTime();
        JsonNode accepted = service.http().start(user, project, PARAMS, 0, null).expect(202).execution();
        assertEquals("PENDING", accepted.get("status").asString());
        JsonNode execution = service.http().execution(user, accepted.get("id").asString(), 6);
        double seconds = secondsSince(started);
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("ROBOT_OFFLINE", execution.get("error_code").asString());
        assertTrue(execution.get("dispatched_at").isNull() && execution.get("robot_id").isNull(), execution.toString());
        assertTrue(seconds >= 0.9 && seconds < 3.5, "failed after " + seconds + " s");
    }

    @Test
    void withADispatchTimeoutOfZeroTheExecutionFailsAtOnceWithoutARobotAndRunsWithOne() throws Exception {
        E2eService service = start(Map.of("DISPATCH_TIMEOUT_SECONDS", "0"));

        long started = System.nanoTime();
        JsonNode execution = service.http().start(user, project, PARAMS, null, null).expect(200).execution();
        double seconds = secondsSince(started);
        assertEquals("FAILED", execution.get("status").asString(), execution.toString());
        assertEquals("ROBOT_OFFLINE", execution.get("error_code").asString());
        assertTrue(seconds < 2, "answered after " + seconds + " s");

        robot(service, Behaviour.echo(0));
        awaitRobots(service, 1);
        JsonNode ran = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", ran.get("status").asString(), ran.toString());
    }

    // ------------------------------------------------------------------ queueing and dispatch

    @Test
    void executionsQueuedWithoutARobotRunInArrivalOrderOnceOneConnects() throws Exception {
        E2eService service = start(Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode accepted = service.http().start(user, project, PARAMS, 0, null).expect(202).execution();
            assertEquals("PENDING", accepted.get("status").asString());
            ids.add(accepted.get("id").asString());
        }

        SimulatedRobot robot = robot(service, Behaviour.echo(20));
        List<Instant> dispatched = new ArrayList<>();
        for (String id : ids) {
            JsonNode execution = service.http().execution(user, id, 10);
            assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
            dispatched.add(instant(execution, "dispatched_at"));
        }
        for (int i = 1; i < dispatched.size(); i++) {
            assertTrue(dispatched.get(i).isAfter(dispatched.get(i - 1)), "FIFO by dispatched_at: " + dispatched);
        }
        assertEquals(ids, runExecutionIds(robot), "the robot got the runs in arrival order");
    }

    @Test
    void twoRobotsShareAHundredQueuedExecutionsEachRunningOnceAndOneAtATime() throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot first = robot(service, Behaviour.echo(5));
        SimulatedRobot second = robot(service, Behaviour.echo(5));
        awaitRobots(service, 2);

        int count = 100;
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(callers.submit(() -> {
                    E2eHttp.Answer answer = service.http().start(user, project, PARAMS, 0, null);
                    assertTrue(answer.status() == 202 || answer.status() == 200, answer.body());
                    ids.add(answer.execution().get("id").asString());
                }));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }

        Map<String, Integer> byRobotId = new HashMap<>();
        for (String id : ids) {
            JsonNode execution = service.http().execution(user, id, 20);
            assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
            byRobotId.merge(execution.get("robot_id").asString(), 1, Integer::sum);
        }

        List<String> runs = Stream.concat(runExecutionIds(first).stream(), runExecutionIds(second).stream()).toList();
        assertEquals(count, runs.size(), "run frames received, over both robots");
        assertEquals(Set.copyOf(ids), Set.copyOf(runs), "every execution ran, exactly once");
        assertEquals(count, Set.copyOf(ids).size());
        for (SimulatedRobot robot : List.of(first, second)) {
            assertTrue(robot.sentFrames().stream().noneMatch(f -> SimulatedRobot.BUSY_MESSAGE.equals(f.data().path("msg").asString(null))),
                    robot + " was sent a run while busy");
            assertFalse(runExecutionIds(robot).isEmpty(), robot + " got no work");
        }
        assertEquals(2, byRobotId.size(), "executions per robot connection: " + byRobotId);
    }

    // ------------------------------------------------------------------ logs and watchers

    @Test
    void streamedLogLinesAreStoredInOrderAndWatchersSeeStatusAndLogEvents() throws Exception {
        E2eService service = start(Map.of());
        EventWatcher watcher = watcher(service, user);
        EventWatcher stranger = watcher(service, "someone-else-" + user);
        robot(service, Behaviour.streamLogs(5, 20));
        awaitRobots(service, 1);

        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        String id = execution.get("id").asString();
        assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());

        // lines are stored behind the robot's connection, the reply that follows them is not: they may land just after
        JsonNode logs = service.http().send(user, "GET", "/executions/" + id + "/logs", null).expect(200).json().get("data");
        for (long deadline = System.nanoTime() + 5_000_000_000L;
             logs.get("records").size() < 5 && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
            logs = service.http().send(user, "GET", "/executions/" + id + "/logs", null).expect(200).json().get("data");
        }
        List<String> messages = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        logs.get("records").forEach(r -> {
            messages.add(r.get("message").asString());
            seqs.add(r.get("seq").asLong());
            assertEquals("INFO", r.get("level").asString());
            assertTrue(r.get("time").isString());
        });
        assertEquals(List.of("line 1", "line 2", "line 3", "line 4", "line 5"), messages);
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "seq increases: " + seqs);
        }
        assertEquals(seqs.get(4), logs.get("next_after").asLong());
        JsonNode page = service.http().send(user, "GET", "/executions/" + id + "/logs?after=" + seqs.get(1) + "&limit=2", null)
                .expect(200).json().get("data");
        List<String> paged = new ArrayList<>();
        page.get("records").forEach(r -> paged.add(r.get("message").asString()));
        assertEquals(List.of("line 3", "line 4"), paged);

        assertTrue(watcher.await(e -> "execution.status".equals(e.path("type").asString(null))
                && id.equals(e.at("/execution/id").asString(null))
                && "COMPLETED".equals(e.at("/execution/status").asString(null)), Duration.ofSeconds(5)),
                "the watcher saw the end: " + watcher.events());
        assertTrue(watcher.await(e -> "execution.log".equals(e.path("type").asString(null))
                && id.equals(e.path("execution_id").asString(null))
                && "line 5".equals(e.path("message").asString(null)), Duration.ofSeconds(5)),
                "the watcher saw the last line: " + watcher.events());
        List<JsonNode> mine = watcher.events().stream()
                .filter(e -> id.equals(e.at("/execution/id").asString(null)) || id.equals(e.path("execution_id").asString(null)))
                .toList();
        List<String> statuses = mine.stream().filter(e -> "execution.status".equals(e.get("type").asString()))
                .map(e -> e.at("/execution/status").asString()).toList();
        assertEquals(List.of("PENDING", "RUNNING", "COMPLETED"), statuses, "status events: " + mine);
        List<String> logEvents = mine.stream().filter(e -> "execution.log".equals(e.get("type").asString()))
                .map(e -> e.get("message").asString()).toList();
        assertEquals(messages, logEvents, "log events: " + mine);
        assertEquals("RUNNING", mine.get(1).at("/execution/status").asString(), "the lines come after the dispatch: " + mine);
        assertEquals(seqs.get(0), mine.stream().filter(e -> "execution.log".equals(e.get("type").asString()))
                .findFirst().orElseThrow().get("seq").asLong());

        Thread.sleep(200);
        assertEquals(List.of(), stranger.events(), "another user's watcher sees nothing of this user's executions");
    }

    // ------------------------------------------------------------------ connections coming and going

    @Test
    void robotThatDisconnectsMidRunLeavesTheExecutionRunningAndCompletesItFromItsNewConnection() throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot robot = robot(service, Behaviour.disconnectMidRun(1500, 800));
        awaitRobots(service, 1);

        String id = service.http().start(user, project, PARAMS, 0, null).execution().get("id").asString();
        Frame run = awaitRun(robot, id);
        assertEquals(1, run.connection());
        String firstConnection = service.http().execution(user, id, 0).get("robot_id").asString();
        // queued while the desktop is still busy with the first run: it must wait for that run's reply
        String next = service.http().start(user, project, PARAMS, 0, null).execution().get("id").asString();

        awaitTrue(() -> !robotIds(service).contains(firstConnection), Duration.ofSeconds(3),
                () -> "the service did not notice the dropped connection " + firstConnection);
        JsonNode meanwhile = service.http().execution(user, id, 0);
        assertEquals("RUNNING", meanwhile.get("status").asString(), "a disconnect does not end a run: " + meanwhile);

        assertTrue(robot.awaitConnectionCount(2, Duration.ofSeconds(5)), robot + " did not reconnect");
        JsonNode execution = service.http().execution(user, id, 10);
        assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
        assertEcho(execution, project);
        Frame reply = robot.awaitReply(run.eventId(), Duration.ofSeconds(2)).orElseThrow();
        assertEquals(2, reply.connection(), "the reply came on the new connection");

        JsonNode queued = service.http().execution(user, next, 10);
        assertEquals("COMPLETED", queued.get("status").asString(),
                "the reconnected desktop got the queued run only after its reply: " + queued);
        assertTrue(instant(queued, "dispatched_at").compareTo(instant(execution, "end_time")) >= 0, queued.toString());
        assertEquals(List.of(), robot.sentFrames().stream()
                .filter(f -> SimulatedRobot.BUSY_MESSAGE.equals(f.data().path("msg").asString(null))).toList(),
                "the desktop was never handed a run while busy");
    }

    @Test
    void cancellingARunningExecutionStopsItOnTheRobotDropsTheLateReplyAndRefusesASecondCancel() throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot robot = robot(service, Behaviour.ignoreStop(1000));
        awaitRobots(service, 1);

        String id = service.http().start(user, project, PARAMS, 0, null).execution().get("id").asString();
        Frame run = awaitRun(robot, id);
        assertEquals("RUNNING", service.http().execution(user, id, 0).get("status").asString());

        JsonNode cancelled = service.http().cancel(user, id).expect(200).execution();
        assertEquals("CANCELLED", cancelled.get("status").asString(), cancelled.toString());
        assertEquals("CANCELLED", cancelled.get("error_code").asString());
        Frame stop = awaitStop(robot, id);
        assertEquals(project, stop.data().path("project_id").asString(null));
        assertEquals(List.of(), robot.rejectedFrames(), "frames the desktop client would drop");

        // the robot ignores the stop and replies anyway: the reply is dropped
        assertTrue(robot.awaitReply(run.eventId(), Duration.ofSeconds(5)).isPresent(), "the robot's late reply");
        roundTrip(robot);
        JsonNode after = service.http().execution(user, id, 0);
        assertEquals("CANCELLED", after.get("status").asString(), after.toString());
        assertTrue(after.get("result").isNull(), after.toString());
        assertEquals(cancelled.get("end_time"), after.get("end_time"));

        assertEquals(409, service.http().cancel(user, id).status());
    }

    @Test
    void robotSilentPastThePingTimeoutIsClosedWhileAPingingOneStays() throws Exception {
        E2eService service = start(Map.of("WS_PING_TIMEOUT_SECONDS", "5"));
        SimulatedRobot silent = robot(service, Behaviour.echo(0), Duration.ofSeconds(60));
        SimulatedRobot pinging = robot(service, Behaviour.echo(0), Duration.ofSeconds(1));

        long started = System.nanoTime();
        assertTrue(silent.awaitConnectionCount(2, Duration.ofSeconds(8)), silent + " was not closed");
        double seconds = secondsSince(started);
        assertTrue(seconds >= 4, "closed after " + seconds + " s");
        assertEquals(1, pinging.connectionCount(), pinging + " was closed although it pinged");
        assertTrue(pinging.receivedFrames().stream().anyMatch(f -> "pong".equals(f.channel())), "pings get pongs");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not json at all", "[{\"channel\": \"ping\"}]", "{\"data\": 1}"})
    void unlawfulFrameMakesTheServerSendAnExitFrameAndCloseTheConnection(String frame) throws Exception {
        E2eService service = start(Map.of());
        SimulatedRobot robot = robot(service, Behaviour.echo(0));
        awaitRobots(service, 1);

        robot.raw(frame);
        Frame exit = robot.awaitReceived(f -> "exit".equals(f.channel()), Duration.ofSeconds(3))
                .orElseThrow(() -> new AssertionError("no exit frame: " + robot.receivedFrames()));
        assertEquals(1, exit.connection());
        assertTrue(exit.data().path("error").isString(), exit.text());
        assertTrue(robot.awaitConnectionCount(2, Duration.ofSeconds(3)), robot + " was not closed");

        // the reconnected robot works
        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", execution.get("status").asString(), execution.toString());
    }

    // ------------------------------------------------------------------ retries

    @Test
    void sameIdempotencyKeyAndBodyReplayOneExecutionAlsoAfterARestartWhileAnotherBodyConflicts() throws Exception {
        E2eService service = start(Map.of());
        String key = "retry-" + UUID.randomUUID();
        E2eHttp.Answer first = service.http().start(user, project, PARAMS, 0, null, "Idempotency-Key", key).expect(202);
        String id = first.execution().get("id").asString();

        E2eHttp.Answer retry = service.http().start(user, project, PARAMS, 0, null, "Idempotency-Key", key).expect(202);
        assertEquals(id, retry.execution().get("id").asString(), "a retry gets the first request's execution");
        assertEquals(409, service.http().start(user, project, "{\"amount\": 1}", 0, null, "Idempotency-Key", key).status(),
                "the same key with another body");
        String other = service.http().start(user, project, PARAMS, 0, null, "Idempotency-Key", key + "-2").expect(202)
                .execution().get("id").asString();
        assertNotEquals(id, other, "another key is another execution");

        E2eService after = restart(service);
        robot(after, Behaviour.echo(0));
        assertEquals("COMPLETED", after.http().execution(user, id, 10).get("status").asString());
        E2eHttp.Answer late = after.http().start(user, project, PARAMS, 10, null, "Idempotency-Key", key).expect(200);
        assertEquals(id, late.execution().get("id").asString(), "the key survives a restart");
        assertEquals("COMPLETED", late.execution().get("status").asString());
        assertEcho(late.execution(), project);
        assertEquals(2, after.http().send(user, "GET", "/executions?project_id=" + project, null).expect(200)
                .json().at("/data/total").asInt(), "no execution was started twice");
    }

    // ------------------------------------------------------------------ restart

    @Test
    void afterARestartAPendingExecutionIsDispatchedAndARunningOneCompletesByTheReplyOnANewConnection() throws Exception {
        E2eService before = start(Map.of());
        // it must not find the new instance by chance (should the port come round again) and take the queued run
        SimulatedRobot busy = robot(before, Behaviour.neverReply(), Duration.ofSeconds(2), Duration.ofSeconds(60));
        awaitRobots(before, 1);
        String running = before.http().start(user, project, PARAMS, 0, "\"timeout_seconds\": 60").execution().get("id").asString();
        String runEventId = awaitRun(busy, running).eventId();
        String pending = before.http().start(user, project, PARAMS, 0, null).execution().get("id").asString();
        assertEquals("RUNNING", before.http().execution(user, running, 0).get("status").asString());
        assertEquals("PENDING", before.http().execution(user, pending, 0).get("status").asString());

        E2eService after = restart(before);
        busy.close();
        assertEquals("RUNNING", after.http().execution(user, running, 0).get("status").asString());
        assertEquals("PENDING", after.http().execution(user, pending, 0).get("status").asString());

        // the desktop that ran the other one reconnects first: it is presumed busy with that run, so the queued
        // one waits for a second, fresh robot
        SimulatedRobot reconnected = robot(after, Behaviour.neverReply());
        awaitRobots(after, 1);
        assertEquals(running, after.http().send(user, "GET", "/robots", null).expect(200).json()
                .at("/data/records/0/busy_execution_id").asString(null));
        SimulatedRobot fresh = robot(after, Behaviour.echo(0));
        JsonNode dispatched = after.http().execution(user, pending, 10);
        assertEquals("COMPLETED", dispatched.get("status").asString(), dispatched.toString());
        assertEquals(List.of(pending), runExecutionIds(fresh));
        assertEquals(List.of(), runExecutionIds(reconnected));

        // and delivers its outcome on the new instance
        reconnected.raw("{\"reply_event_id\": \"" + runEventId + "\", \"event_id\": \"" + UUID.randomUUID()
                + "\", \"event_time\": " + Instant.now().getEpochSecond() + ", \"channel\": \"remote\", \"key\": \"run\", "
                + "\"uuid\": \"" + user + "\", \"send_uuid\": \"$root$\", \"need_reply\": true, "
                + "\"data\": {\"code\": \"0000\", \"msg\": \"运行成功\", \"data\": {\"after\": \"restart\"}}}");
        JsonNode completed = after.http().execution(user, running, 10);
        assertEquals("COMPLETED", completed.get("status").asString(), completed.toString());
        assertEquals(E2eHttp.JSON.readTree("{\"after\": \"restart\"}"), completed.get("result"));
    }
}
