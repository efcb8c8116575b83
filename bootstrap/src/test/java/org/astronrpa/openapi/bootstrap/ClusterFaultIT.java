package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.TcpProxy;
import org.astronrpa.openapi.adapters.redis.TestRedis;
import org.astronrpa.openapi.bootstrap.e2e.ClusterEnvironment;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.Frame;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Losing an instance for real: two packaged jars as processes on MySQL and Redis, a robot behind a fail-over
 * proxy (the load balancer), and SIGKILL to the instance holding the robot in the middle of its run.
 */
class ClusterFaultIT {
    @TempDir
    Path dir;

    @Test
    void killingTheInstanceThatHoldsTheRobotMidRunStillCompletesTheExecutionThroughTheOther() throws Exception {
        String namespace = TestRedis.namespace();
        String user = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        try (MySqlTestDatabase database = TestDatabases.mysql()) {
            Map<String, String> env = ClusterEnvironment.of(database, namespace);
            Files.createDirectories(dir.resolve("a"));
            Files.createDirectories(dir.resolve("b"));
            try (JarProcess a = JarProcess.start(dir.resolve("a"), env);
                 JarProcess b = JarProcess.start(dir.resolve("b"), env)) {
                a.awaitReady(Duration.ofSeconds(60));
                b.awaitReady(Duration.ofSeconds(60));
                TestHttp viaB = new TestHttp(b.port);
                assertEquals(201, viaB.send("POST", "/workflows/upsert", "{\"project_id\": \"p-fault\", \"name\": \"fault\"}",
                        "X-User-Id", user, "Content-Type", "application/json").status());
                try (TcpProxy balancer = TcpProxy.failover(List.of(a.port, b.port));
                     SimulatedRobot robot = SimulatedRobot.builder("ws://127.0.0.1:" + balancer.port() + "/ws")
                             .name("fault-robot").userId(user).behaviour(Behaviour.echo(8000))
                             // the JDK WebSocket client notices a vanished peer only when a send fails, so it
                             // pings often; the run outlasts that (the real client notices at once)
                             .pingInterval(Duration.ofSeconds(1)).reconnectDelay(Duration.ofMillis(300)).build()) {
                    robot.start();
                    assertTrue(robot.awaitConnected(Duration.ofSeconds(10)));
                    awaitRobotListed(viaB, user);

                    JsonNode started = viaB.send("POST", "/executions", "{\"project_id\": \"p-fault\", \"params\": {\"k\": \"v\"}}",
                            "X-User-Id", user, "Content-Type", "application/json").json().get("data");
                    String id = started.at("/execution/id").asString();
                    Frame run = robot.awaitReceived(f -> "run".equals(f.key()) && f.replyEventId() == null, Duration.ofSeconds(10))
                            .orElseThrow(() -> new AssertionError("the robot on a got no run"));
                    assertEquals(1, run.connection(), "the run came through a (first behind the balancer)");

                    a.kill();
                    assertTrue(robot.awaitConnectionCount(2, Duration.ofSeconds(10)), "the robot reconnected (to b)");
                    JsonNode done = viaB.send("GET", "/executions/" + id + "?wait=15", null, "X-User-Id", user).json()
                            .at("/data/execution");
                    assertEquals("COMPLETED", done.get("status").asString(), done.toString());
                    assertEquals("v", done.at("/result/echo/k").asString(null), done.toString());
                    Frame reply = robot.awaitReply(run.eventId(), Duration.ofSeconds(2)).orElseThrow();
                    assertEquals(2, reply.connection(), "the reply went over the new connection, to b");
                    // b's clean-up after a (5 s after its last beat) must not send the run a second time
                    Thread.sleep(7000);
                    assertEquals(1, robot.receivedFrames().stream()
                            .filter(f -> "run".equals(f.key()) && f.replyEventId() == null).count(),
                            "the execution was sent exactly once");
                    assertEquals("COMPLETED", viaB.send("GET", "/executions/" + id, null, "X-User-Id", user).json()
                            .at("/data/execution/status").asString());
                }
            } finally {
                TestRedis.forget(TestRedis.url(), namespace);
            }
        }
    }

    private static void awaitRobotListed(TestHttp http, String user) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (http.send("GET", "/robots", null, "X-User-Id", user).json().at("/data/total").asInt() == 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("b never listed the robot a holds");
    }
}
