package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The promise, end to end: "a robot built on the astron-rpa rpawebsocket client protocol (ping,
 * {@code remote}/{@code run} handler returning the scheduler's {@code {"code": "0000", "data": ...}}) completes
 * executions unchanged". The robot is {@code robot-simulator/python/astron_robot.py}: the client library's
 * behaviour (docs/ROBOT-PROTOCOL-NOTES.md §1–2) in Python on the same transport library as the desktop,
 * {@code websocket-client} (Debian's python3-websocket), run as a separate process against the whole service
 * started in-process on H2, as {@link ExecutionsEndToEndContract} starts it. Unlike the Java
 * {@code SimulatedRobot}, it parses frames exactly as the real client does ({@code BaseMsg(**json)}): a frame with
 * a field the client does not know is dropped, and the robot prints it as {@code DROPPED}; every test checks
 * that the service sent none.
 *
 * <p>Without {@code /usr/bin/python3} and its {@code websocket} module the tests are skipped with the reason, or
 * fail when {@code RPA_TEST_REQUIRE_SERVICES=true}. Each robot's output goes to
 * {@code target/astron-robot/<test>-robot-<n>.out} (and {@code .err}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AstronPythonRobotEndToEndTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Surefire runs in the module directory and names it in {@code basedir}. */
    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();
    private static final Path SCRIPT = MODULE_DIR.resolve("../robot-simulator/python/astron_robot.py").normalize();
    private static final Path OUTPUT_DIR = MODULE_DIR.resolve("target/astron-robot");

    private static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "amount": {"type": "number"},
               "customer": {"type": "string"},
               "address": {"type": "object", "properties": {"city": {"type": "string"}, "lines": {"type": "array"}},
                           "required": ["city"]},
               "urgent": {"type": "boolean"},
               "note": {"type": ["string", "null"]}},
             "required": ["amount", "customer", "address"]}""";
    /** Chinese text, a character outside the BMP (a surrogate pair once escaped), quotes, a nested object, nulls. */
    private static final String PARAMS = """
            {"amount": 12.5, "customer": "张三 · \\"发票\\" 🤖", "address": {"city": "合肥",
             "lines": ["望江西路 666 号", {"floor": 3}], "zip": null}, "urgent": true, "note": null}""";
    private static final String OTHER_PARAMS = """
            {"amount": 1, "customer": "李四", "address": {"city": "北京"}}""";
    private static final String PING = "{\"channel\": \"ping\"}";

    @TempDir
    Path dir;

    private final String user = "py-" + UUID.randomUUID().toString().substring(0, 8);
    private final String project = "py-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<PythonRobot> robots = new ArrayList<>();
    private final List<E2eService> services = new ArrayList<>();
    private String testName = "test";

    // ------------------------------------------------------------------ availability

    /** Whether the availability check ran, and what it found (null: the Python robot can run here). */
    private static boolean checked;
    private static String unavailable;

    /**
     * Skips each test with the reason when the Python robot cannot run here (checked before each test, not once
     * for the class, so that the report lists every skipped test with the reason), or fails it when
     * {@code RPA_TEST_REQUIRE_SERVICES=true}, as the MySQL tests do.
     */
    @BeforeEach
    void pythonRobotAvailable(TestInfo info) {
        testName = info.getTestMethod().map(Method::getName).orElse("test");
        assertTrue(Files.isRegularFile(SCRIPT), "the robot script is missing: " + SCRIPT);
        String problem = unavailable();
        if (problem == null) {
            return;
        }
        if (TestDatabases.servicesRequired()) {
            fail(problem + " (" + TestDatabases.REQUIRE_VARIABLE + "=true)");
        }
        Assumptions.abort(problem);
    }

    private static synchronized String unavailable() {
        if (!checked) {
            unavailable = pythonProblem();
            checked = true;
        }
        return unavailable;
    }

    /** Why the Python robot cannot run here, or null. */
    private static String pythonProblem() {
        String install = "; install Debian's python3-websocket (apt-get install -y python3-websocket)";
        if (!Files.isExecutable(PYTHON)) {
            return "no " + PYTHON + " for the astron-rpa Python robot test" + install;
        }
        try {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import websocket; websocket.WebSocketApp; print(websocket.__version__)")
                    .redirectErrorStream(true).start();
            check.getOutputStream().close();
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return PYTHON + " did not answer within 30 s";
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (check.exitValue() != 0) {
                String[] lines = output.split("\n");
                return PYTHON + " cannot use the websocket module (" + lines[lines.length - 1] + ")" + install;
            }
            return null;
        } catch (IOException e) {
            return "cannot start " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ------------------------------------------------------------------ service, robots

    @AfterEach
    void stopEverything() {
        Collections.reverse(robots);
        robots.forEach(PythonRobot::close);
        services.forEach(E2eService::stop);
    }

    /** The service on H2 in this test's directory; {@code port} 0 for any free one. */
    private E2eService start(int port) {
        return start(E2eService.environment(dir, port));
    }

    private E2eService start(Map<String, String> env) {
        E2eService service = E2eService.start(dir, env);
        services.add(service);
        return service;
    }

    private void createWorkflow(E2eService service) {
        service.http().send(user, "POST", "/workflows/upsert", "{\"project_id\": \"" + project
                + "\", \"name\": \"发票录入 " + project + "\", \"english_name\": \"Invoice entry\", \"parameters\": "
                + SCHEMA + "}").expect(201);
    }

    /**
     * Starts {@code astron_robot.py} for the test's user and waits until it is connected. {@code --header} gives
     * the handshake the gateway's trusted {@code user_id} header; pings every second, reconnects after one.
     */
    private PythonRobot robot(String url, String... options) throws IOException, InterruptedException {
        Files.createDirectories(OUTPUT_DIR);
        String name = testName + "-robot-" + (robots.size() + 1);
        Path out = OUTPUT_DIR.resolve(name + ".out");
        Path err = OUTPUT_DIR.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), "--url", url,
                "--header", "user_id: " + user, "--ping-interval", "1", "--reconnect-interval", "1"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(MODULE_DIR.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        PythonRobot robot = new PythonRobot(name, builder.start(), out, err);
        robots.add(robot);
        robot.awaitLine("OPEN"::equals, Duration.ofSeconds(15), "did not connect");
        return robot;
    }

    private void awaitRobots(E2eService service, int count) {
        awaitTrue(() -> service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == count,
                Duration.ofSeconds(5), () -> "the service does not list " + count + " robot(s) of " + user);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Predicate<JsonNode> run(String executionId) {
        return f -> "remote".equals(f.path("channel").asString(null)) && "run".equals(f.path("key").asString(null))
                && f.get("reply_event_id") == null && executionId.equals(f.at("/data/execution_id").asString(null));
    }

    private static Predicate<JsonNode> replyTo(JsonNode request) {
        String eventId = request.get("event_id").asString();
        return f -> eventId.equals(f.path("reply_event_id").asString(null));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /**
     * What every test checks at its end: the robot stops on SIGTERM, printing its summary, and dropped nothing —
     * every frame the service sent it was a frame the real client accepts — and lost no frame for want of a
     * connection.
     */
    private static void assertNothingDropped(PythonRobot robot) throws InterruptedException {
        JsonNode summary = robot.stop();
        assertEquals(List.of(), robot.lines("DROPPED"), robot.diagnostics("dropped frames the real client drops"));
        assertEquals(0, summary.get("dropped").asInt(), robot.diagnostics("dropped frames"));
        assertTrue(summary.get("received").asInt() > 0, robot.diagnostics("received nothing"));
        assertEquals(List.of(), robot.lines("SEND-FAILED"), robot.diagnostics("frames lost"));
        assertEquals(List.of(), robot.lines("INVALID"), robot.diagnostics("run frames the scheduler refuses"));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aRunCompletesWithTheSchedulersOutputVariablesAndEveryPingIsAnswered() throws Exception {
        E2eService service = start(0);
        createWorkflow(service);
        PythonRobot robot = robot(service.robotUrl(), "--run-ms", "300", "--poll-ms", "50");
        awaitRobots(service, 1);

        // params that fail the workflow's schema never reach the robot
        service.http().start(user, project, "{\"amount\": \"a lot\"}", 0, null).expect(422);

        JsonNode execution = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        String id = execution.get("id").asString();
        assertEquals("COMPLETED", execution.get("status").asString(), robot.diagnostics(execution.toString()));
        assertEquals(E2eHttp.JSON.readTree(PARAMS), execution.get("result"),
                "the result is the reply's data member: the run's output variables");
        assertEquals(E2eHttp.JSON.readTree(PARAMS), execution.get("parameters"));
        assertTrue(execution.get("error").isNull(), execution.toString());
        assertTrue(execution.get("error_code").isNull(), execution.toString());

        // on the wire: one run frame, accepted by the scheduler, answered with the scheduler's success
        JsonNode run = robot.awaitFrame("RECV", run(id), Duration.ofSeconds(2), "got no run frame for " + id);
        assertEquals(1, robot.frames("RECV").stream().filter(run(id)).count(), robot.diagnostics("run frames for " + id));
        JsonNode reply = robot.awaitFrame("SEND", replyTo(run), Duration.ofSeconds(2), "sent no reply to the run");
        assertEquals("0000", reply.at("/data/code").asString(), reply.toString());
        assertEquals("运行成功", reply.at("/data/msg").asString(), reply.toString());

        // pings are answered with exactly {"channel": "pong"}, on the one connection the robot opened
        awaitTrue(() -> robot.frames("RECV").stream().filter(f -> "pong".equals(f.path("channel").asString(null))).count() >= 2,
                Duration.ofSeconds(5), () -> robot.diagnostics("got no pongs"));
        assertTrue(robot.lines("SEND").contains(PING), robot.diagnostics("sent no ping"));
        robot.frames("RECV").stream().filter(f -> "pong".equals(f.path("channel").asString(null)))
                .forEach(pong -> assertEquals(E2eHttp.JSON.readTree("{\"channel\": \"pong\"}"), pong));
        assertEquals(1, robot.lines("OPEN").size(), robot.diagnostics("reconnected"));
        assertEquals(List.of(), robot.lines("CLOSE"), robot.diagnostics("was closed"));

        assertNothingDropped(robot);
    }

    @Test
    void besideAManagedRobotTheUnmodifiedClientStaysAnUnnamedRobotThatGetsUntargetedWorkOnly() throws Exception {
        E2eService service = start(0);
        createWorkflow(service);
        PythonRobot astron = robot(service.robotUrl(), "--run-ms", "50", "--poll-ms", "20");
        org.astronrpa.openapi.simulator.SimulatedRobot managed = org.astronrpa.openapi.simulator.SimulatedRobot
                .builder(service.robotUrl()).name("desk-1").userId(user).robotId("desk-1")
                .behaviour(org.astronrpa.openapi.simulator.Behaviour.echo(0)).build();
        try {
            managed.start();
            awaitRobots(service, 2);
            JsonNode targeted = service.http().start(user, project, PARAMS, 10, "\"target\": {\"robot_id\": \"desk-1\"}")
                    .expect(200).execution();
            assertEquals("COMPLETED", targeted.get("status").asString(), targeted.toString());
            assertEquals(1, managed.runsReceived());
            // the managed robot drains: untargeted work goes to the astron client, which is listed by connection
            service.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": true}").expect(200);
            JsonNode untargeted = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
            assertEquals("COMPLETED", untargeted.get("status").asString(), astron.diagnostics(untargeted.toString()));
            assertEquals(1, managed.runsReceived(), "the draining robot took nothing more");
            astron.awaitFrame("RECV", run(untargeted.get("id").asString()), Duration.ofSeconds(2),
                    "the astron robot got no run frame");
            assertEquals(0, astron.frames("RECV").stream().filter(run(targeted.get("id").asString())).count(),
                    astron.diagnostics("the targeted run reached the unnamed robot"));
            JsonNode list = service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/records");
            assertTrue(list.get(1).get("robot_id").isNull(), list.toString());
            assertNothingDropped(astron);
        } finally {
            managed.close();
        }
    }

    @Test
    void cancellingARunStopsItOnTheRobotWhoseLateReplyIsDroppedAndFreesTheRobot() throws Exception {
        E2eService service = start(0);
        createWorkflow(service);
        // the imitated scheduler notices the stop at its next once-a-second look, as the real one does
        PythonRobot robot = robot(service.robotUrl(), "--run-ms", "60000", "--poll-ms", "1000");
        awaitRobots(service, 1);

        String id = service.http().start(user, project, PARAMS, 0, null).expect(202).execution().get("id").asString();
        JsonNode run = robot.awaitFrame("RECV", run(id), Duration.ofSeconds(5), "got no run frame for " + id);
        robot.awaitLine(l -> l.startsWith("RUN-START"), Duration.ofSeconds(5), "did not start the run");
        assertEquals("RUNNING", service.http().execution(user, id, 0).get("status").asString());

        JsonNode cancelled = service.http().cancel(user, id).expect(200).execution();
        assertEquals("CANCELLED", cancelled.get("status").asString(), cancelled.toString());
        assertEquals("CANCELLED", cancelled.get("error_code").asString(), cancelled.toString());
        // queued at once: it may reach the desktop only after the stopped run has answered
        String next = service.http().start(user, project, OTHER_PARAMS, 0, null).expect(202).execution().get("id").asString();

        JsonNode stopCurrent = robot.awaitFrame("RECV", f -> "remote".equals(f.path("channel").asString(null))
                        && "stop_current".equals(f.path("key").asString(null)) && id.equals(f.at("/data/execution_id").asString(null)),
                Duration.ofSeconds(5), "got no stop_current frame for " + id);
        JsonNode stopped = robot.awaitFrame("SEND", replyTo(stopCurrent), Duration.ofSeconds(5), "did not answer stop_current");
        assertEquals("0000", stopped.at("/data/code").asString(), stopped.toString());
        JsonNode late = robot.awaitFrame("SEND", replyTo(run), Duration.ofSeconds(5), "sent no late reply to the stopped run");
        assertEquals("5001", late.at("/data/code").asString(), late.toString());

        // the late reply is dropped — the execution stays as the cancel left it — and frees the desktop at once
        JsonNode nextRun = robot.awaitFrame("RECV", run(next), Duration.ofSeconds(10),
                "got no run frame for the queued " + next + " after its late reply");
        assertTrue(robot.lineOf("SEND", replyTo(run)) < robot.lineOf("RECV", run(next)),
                robot.diagnostics("was handed the next run before the stopped one had answered"));
        JsonNode after = service.http().execution(user, id, 0);
        assertEquals("CANCELLED", after.get("status").asString(), after.toString());
        assertTrue(after.get("result").isNull(), after.toString());
        assertEquals(cancelled.get("error"), after.get("error"), after.toString());
        assertEquals(cancelled.get("end_time"), after.get("end_time"), after.toString());
        assertEquals("RUNNING", service.http().execution(user, next, 0).get("status").asString());

        // the second run is cancelled the same way; its late reply is processed (a pong follows it) and dropped
        service.http().cancel(user, next).expect(200);
        JsonNode secondLate = robot.awaitFrame("SEND", replyTo(nextRun), Duration.ofSeconds(5), "sent no late reply");
        assertEquals("5001", secondLate.at("/data/code").asString(), secondLate.toString());
        robot.awaitRoundTripAfter(robot.lineOf("SEND", replyTo(nextRun)), Duration.ofSeconds(5));
        assertEquals("CANCELLED", service.http().execution(user, next, 0).get("status").asString());
        assertEquals(1, robot.lines("OPEN").size(), robot.diagnostics("reconnected"));
        assertEquals(List.of(), robot.lines("CLOSE"), robot.diagnostics("was closed"));

        assertNothingDropped(robot);
    }

    @Test
    void aRunOutlivesAServiceRestartAndItsReplyOnTheRobotsNewConnectionCompletesTheExecution() throws Exception {
        int port = freePort();
        E2eService before = start(port);
        createWorkflow(before);
        // the run lasts until the test says `finish` on the robot's standard input
        PythonRobot robot = robot(before.robotUrl(), "--run-ms", "-1", "--poll-ms", "50", "--stdin-control");
        awaitRobots(before, 1);
        String id = before.http().start(user, project, PARAMS, 0, "\"timeout_seconds\": 120").expect(202)
                .execution().get("id").asString();
        JsonNode run = robot.awaitFrame("RECV", run(id), Duration.ofSeconds(5), "got no run frame for " + id);
        robot.awaitLine(l -> l.startsWith("RUN-START"), Duration.ofSeconds(5), "did not start the run");

        before.stop();
        services.remove(before);
        robot.awaitLine(l -> l.startsWith("CLOSE"), Duration.ofSeconds(10), "did not see the connection close");
        E2eService after = start(before.env());
        assertEquals(port, after.port());
        awaitTrue(() -> robot.lines("OPEN").size() >= 2, Duration.ofSeconds(15), () -> robot.diagnostics("did not reconnect"));
        awaitRobots(after, 1);
        JsonNode listed = after.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/records/0");
        assertEquals(id, listed.path("busy_execution_id").asString(null), "presumed busy with its run: " + listed);
        assertEquals("RUNNING", after.http().execution(user, id, 0).get("status").asString());

        robot.finishRun();
        JsonNode execution = after.http().execution(user, id, 10);
        assertEquals("COMPLETED", execution.get("status").asString(), robot.diagnostics(execution.toString()));
        assertEquals(E2eHttp.JSON.readTree(PARAMS), execution.get("result"));
        int secondOpen = robot.lineIndexes("OPEN").get(1);
        assertTrue(robot.lineOf("SEND", replyTo(run)) > secondOpen, robot.diagnostics("replied before reconnecting"));

        assertNothingDropped(robot);
    }

    // ------------------------------------------------------------------ the robot process

    /** One {@code astron_robot.py} process and its output file, read as it grows. */
    private static final class PythonRobot {
        private final String name;
        private final Process process;
        private final Path out;
        private final Path err;

        PythonRobot(String name, Process process, Path out, Path err) {
            this.name = name;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Complete output lines so far (a line still being written is left out). */
        List<String> allLines() {
            String text;
            try {
                text = Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        }

        /** The rest of each line whose first word is {@code word} (the whole line when that is all it is). */
        List<String> lines(String word) {
            return allLines().stream().filter(l -> l.equals(word) || l.startsWith(word + " "))
                    .map(l -> l.length() == word.length() ? l : l.substring(word.length() + 1)).toList();
        }

        List<Integer> lineIndexes(String word) {
            List<String> all = allLines();
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).equals(word) || all.get(i).startsWith(word + " ")) {
                    indexes.add(i);
                }
            }
            return indexes;
        }

        /** The JSON frames of the {@code RECV} or {@code SEND} lines. */
        List<JsonNode> frames(String word) {
            List<JsonNode> frames = new ArrayList<>();
            for (String line : lines(word)) {
                parse(line).ifPresent(frames::add);
            }
            return frames;
        }

        private static Optional<JsonNode> parse(String text) {
            try {
                JsonNode node = E2eHttp.JSON.readTree(text);
                return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty(); // a frame that is not JSON: the robot reports it as DROPPED
            }
        }

        /** The index among all lines of the first {@code word} frame matching, or -1. */
        int lineOf(String word, Predicate<JsonNode> matches) {
            List<String> all = allLines();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).startsWith(word + " ")
                        && parse(all.get(i).substring(word.length() + 1)).filter(matches).isPresent()) {
                    return i;
                }
            }
            return -1;
        }

        void awaitLine(Predicate<String> matches, Duration timeout, String failure) {
            awaitTrue(() -> allLines().stream().anyMatch(matches), timeout, () -> diagnostics(failure));
        }

        JsonNode awaitFrame(String word, Predicate<JsonNode> matches, Duration timeout, String failure) {
            awaitTrue(() -> frames(word).stream().anyMatch(matches), timeout, () -> diagnostics(failure));
            return frames(word).stream().filter(matches).findFirst().orElseThrow();
        }

        /**
         * Waits for a ping sent after line {@code index} and the pong to it: the service handles a connection's
         * frames in order, so everything the robot sent before that ping has been processed.
         */
        void awaitRoundTripAfter(int index, Duration timeout) {
            assertTrue(index >= 0, diagnostics("no such line"));
            awaitTrue(() -> {
                List<String> all = allLines();
                int ping = -1;
                for (int i = index + 1; i < all.size(); i++) {
                    if (ping < 0 && all.get(i).equals("SEND " + PING)) {
                        ping = i;
                    } else if (ping >= 0 && all.get(i).startsWith("RECV ")
                            && parse(all.get(i).substring(5)).filter(f -> "pong".equals(f.path("channel").asString(null))).isPresent()) {
                        return true;
                    }
                }
                return false;
            }, timeout, () -> diagnostics("no ping and pong after line " + index));
        }

        /** Ends the current run successfully ({@code --stdin-control}). */
        void finishRun() throws IOException {
            OutputStream stdin = process.getOutputStream();
            stdin.write("finish\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** SIGTERM, then its exit and the summary it prints on the way out. */
        JsonNode stop() throws InterruptedException {
            process.destroy();
            boolean exited = process.waitFor(15, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            assertTrue(exited, diagnostics("did not exit on SIGTERM"));
            assertEquals(0, process.exitValue(), diagnostics("exit status"));
            List<String> summaries = lines("SUMMARY");
            assertEquals(1, summaries.size(), diagnostics("summary"));
            JsonNode summary = E2eHttp.JSON.readTree(summaries.get(0));
            assertNotNull(summary.get("dropped"), summary.toString());
            return summary;
        }

        /** Best effort, for @AfterEach: SIGTERM, then SIGKILL. */
        void close() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        /** The message of a failed assertion: what failed, and the end of the robot's output. */
        String diagnostics(String failure) {
            return name + " " + failure + "\n--- " + out + " (last lines)\n" + tail(out) + "\n--- " + err + "\n" + tail(err);
        }

        private static String tail(Path file) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
