package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.Frame;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Managed robots end to end (issue 13), the wired service on a real database over real sockets: robots known by id
 * across reconnects and restarts, work aimed at a robot or at labels, draining, a second connection of one robot,
 * robot credentials and their revocation mid-run, and nothing of another user's robots.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class RobotsEndToEndContract {
    private static final String PARAMS = "{\"n\": 1}";

    @TempDir
    Path dir;

    private final String user = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = "e2e-other-" + UUID.randomUUID().toString().substring(0, 8);
    private final String project = "p-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<E2eService> services = new ArrayList<>();

    /** The environment that selects the database under test (empty for embedded H2). */
    protected abstract Map<String, String> databaseEnvironment();

    private E2eService start() {
        Map<String, String> env = E2eService.environment(dir, 0);
        env.putAll(databaseEnvironment());
        E2eService service = E2eService.start(dir, env);
        services.add(service);
        service.http().upsertWorkflow(user, project);
        return service;
    }

    @AfterEach
    void stopEverything() {
        Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort
            }
        }
        services.forEach(E2eService::stop);
    }

    private SimulatedRobot robot(E2eService service, SimulatedRobot.Builder builder) throws InterruptedException {
        SimulatedRobot robot = builder.pingInterval(Duration.ofSeconds(2)).reconnectDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(3)).build();
        closeables.add(robot);
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(5)), robot + " did not connect");
        return robot;
    }

    private SimulatedRobot managed(E2eService service, String robotId, Map<String, String> labels, Behaviour behaviour)
            throws InterruptedException {
        SimulatedRobot robot = robot(service, SimulatedRobot.builder(service.robotUrl()).name(robotId).userId(user)
                .robotId(robotId).labels(labels).behaviour(behaviour));
        awaitTrue(() -> "ONLINE".equals(robotOf(service, user, robotId).path("status").asString(null))
                || "BUSY".equals(robotOf(service, user, robotId).path("status").asString(null)),
                "robot " + robotId + " is listed online");
        return robot;
    }

    private SimulatedRobot unnamed(E2eService service, Behaviour behaviour) throws InterruptedException {
        int before = service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt();
        SimulatedRobot robot = robot(service, SimulatedRobot.builder(service.robotUrl()).name("unnamed").userId(user)
                .behaviour(behaviour));
        awaitTrue(() -> service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt()
                > before, "the unnamed robot is listed");
        return robot;
    }

    private static JsonNode robotOf(E2eService service, String owner, String robotId) {
        var answer = service.http().send(owner, "GET", "/robots/" + robotId, null);
        return answer.status() == 404 ? MissingNode.getInstance() : answer.expect(200).json().at("/data/robot");
    }

    private static String target(String json) {
        return "\"target\": " + json;
    }

    private static Frame awaitRun(SimulatedRobot robot) throws InterruptedException {
        return robot.awaitReceived(f -> "run".equals(f.key()) && f.replyEventId() == null, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError(robot + " got no run"));
    }

    private static void awaitTrue(BooleanSupplier condition, String message) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Test
    void workGoesToTheRobotItNamesOrWhoseLabelsItSelectsAndTheUnnamedAstronRobotGetsTheRest() throws Exception {
        E2eService service = start();
        SimulatedRobot windows = managed(service, "desk-1", Map.of("os", "windows", "site", "paris"), Behaviour.echo(0));
        SimulatedRobot linux = managed(service, "desk-2", Map.of("os", "linux"), Behaviour.echo(0));
        SimulatedRobot astron = unnamed(service, Behaviour.echo(0));

        JsonNode byId = service.http().start(user, project, PARAMS, 10, target("{\"robot_id\": \"desk-2\"}"))
                .expect(200).execution();
        assertEquals("COMPLETED", byId.get("status").asString(), byId.toString());
        JsonNode byLabels = service.http().start(user, project, PARAMS, 10,
                target("{\"labels\": {\"site\": \"paris\", \"os\": \"windows\"}}")).expect(200).execution();
        assertEquals("COMPLETED", byLabels.get("status").asString(), byLabels.toString());
        assertEquals(1, linux.runsReceived());
        assertEquals(1, windows.runsReceived());
        assertEquals(0, astron.runsReceived(), "targeted work never reaches an unnamed robot");

        // with the managed robots draining, untargeted work reaches the unnamed one
        service.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": true}").expect(200);
        service.http().send(user, "PATCH", "/robots/desk-2", "{\"draining\": true}").expect(200);
        JsonNode any = service.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", any.get("status").asString(), any.toString());
        assertEquals(1, astron.runsReceived(), "the astron robot took the untargeted run");
        assertTrue(any.get("target").isNull());
    }

    @Test
    void aDrainingRobotFinishesItsRunTakesNoNewOneAndOnceLetAgainTakesWhatWaited() throws Exception {
        E2eService service = start();
        SimulatedRobot desk = managed(service, "desk-1", Map.of(), Behaviour.echo(300));
        String first = service.http().start(user, project, PARAMS, 0, target("{\"robot_id\": \"desk-1\"}"))
                .execution().get("id").asString();
        awaitRun(desk);
        service.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": true}").expect(200);
        String second = service.http().start(user, project, PARAMS, 0, target("{\"robot_id\": \"desk-1\"}"))
                .execution().get("id").asString();
        assertEquals("COMPLETED", service.http().execution(user, first, 10).get("status").asString(),
                "the run it had finished");
        Thread.sleep(300);
        assertEquals("PENDING", service.http().execution(user, second, 0).get("status").asString());
        assertEquals("DRAINING", robotOf(service, user, "desk-1").get("status").asString());

        service.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": false}").expect(200);
        assertEquals("COMPLETED", service.http().execution(user, second, 10).get("status").asString());
    }

    @Test
    void aSecondConnectionOfARobotReplacesTheFirstAndTheRunInFlightStillCompletes() throws Exception {
        E2eService service = start();
        SimulatedRobot older = managed(service, "desk-1", Map.of(), Behaviour.neverReply());
        String id = service.http().start(user, project, PARAMS, 0, target("{\"robot_id\": \"desk-1\"}"))
                .execution().get("id").asString();
        Frame run = awaitRun(older);
        SimulatedRobot newer = robot(service, SimulatedRobot.builder(service.robotUrl()).name("desk-1-again")
                .userId(user).robotId("desk-1").behaviour(Behaviour.neverReply()));
        awaitTrue(() -> older.state() == SimulatedRobot.State.CLOSED, "the older connection was closed (4001)");
        awaitTrue(() -> id.equals(robotOf(service, user, "desk-1").path("busy_execution_id").asString(null)),
                "the newer connection holds the run in flight");
        newer.raw("{\"channel\": \"remote\", \"key\": \"run\", \"reply_event_id\": \"" + run.eventId()
                + "\", \"need_reply\": true, \"data\": {\"code\": \"0000\", \"msg\": \"\", \"data\": {\"ok\": true}}}");
        assertEquals("COMPLETED", service.http().execution(user, id, 10).get("status").asString());
        assertEquals(1, service.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt());
    }

    @Test
    void anEnrolledRobotRevokedMidRunIsClosedItsRunFailsAndItsCredentialLetsNobodyIn() throws Exception {
        E2eService service = start();
        String token = service.http().send(user, "POST", "/robots/enrollments",
                "{\"robot_id\": \"desk-1\", \"labels\": {\"os\": \"windows\"}}").expect(201).json().at("/data/token").asString();
        String credential = service.http().send(user, "POST", "/robots/enroll", "{\"token\": \"" + token + "\"}")
                .expect(201).json().at("/data/credential").asString();
        service.http().send(user, "POST", "/robots/enroll", "{\"token\": \"" + token + "\"}").expect(401);
        SimulatedRobot desk = robot(service, SimulatedRobot.builder(service.robotUrl()).name("desk-1").apiKey(credential)
                .behaviour(Behaviour.neverReply()));
        awaitTrue(() -> "ONLINE".equals(robotOf(service, user, "desk-1").path("status").asString(null)),
                "the enrolled robot is online");
        String id = service.http().start(user, project, PARAMS, 0, target("{\"labels\": {\"os\": \"windows\"}}"))
                .execution().get("id").asString();
        awaitRun(desk);

        service.http().send(user, "POST", "/robots/desk-1/revoke", null).expect(200);
        awaitTrue(() -> desk.state() == SimulatedRobot.State.CLOSED, "the revoked robot was closed (4003)");
        JsonNode failed = service.http().execution(user, id, 5);
        assertEquals("FAILED", failed.get("status").asString(), failed.toString());
        assertEquals("ROBOT_OFFLINE", failed.get("error_code").asString());
        assertEquals("OFFLINE", robotOf(service, user, "desk-1").get("status").asString());
    }

    @Test
    void anotherUsersRobotIsInvisibleAndCannotBeTargetedAndARobotOutlivesARestart() throws Exception {
        E2eService service = start();
        managed(service, "desk-1", Map.of("os", "windows"), Behaviour.echo(0));
        String firstSeen = robotOf(service, user, "desk-1").get("first_seen").asString();
        String othersProject = project + "-other";   // project ids are unique across users
        service.http().upsertWorkflow(other, othersProject);
        assertEquals(404, service.http().send(other, "GET", "/robots/desk-1", null).status());
        assertEquals(0, service.http().send(other, "GET", "/robots", null).expect(200).json().at("/data/total").asInt());
        service.http().start(other, othersProject, PARAMS, 0, target("{\"robot_id\": \"desk-1\"}")).expect(422);
        service.http().start(other, othersProject, PARAMS, 0, target("{\"labels\": {\"os\": \"windows\"}}"))
                .expect(422);
        assertEquals(404, service.http().send(other, "PATCH", "/robots/desk-1", "{\"draining\": true}").status());
        assertEquals(404, service.http().send(other, "POST", "/robots/desk-1/revoke", null).status());

        closeables.forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                // closing
            }
        });
        closeables.clear();
        service.stop();
        services.remove(service);
        E2eService again = E2eService.start(dir, service.env());
        services.add(again);
        JsonNode known = robotOf(again, user, "desk-1");
        assertEquals("OFFLINE", known.get("status").asString(), "known by id after a restart, not connected");
        assertEquals(firstSeen, known.get("first_seen").asString());
        assertEquals("windows", known.at("/labels/os").asString());
    }
}
