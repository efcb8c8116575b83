package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.TestRedis;
import org.astronrpa.openapi.bootstrap.e2e.ClusterEnvironment;
import org.astronrpa.openapi.bootstrap.e2e.EventWatcher;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIGKILL between a state change and its publication, for real: packaged jars as processes, a simulated robot
 * that completes the execution, {@code /ws/events} watchers and long-poll waiters over real sockets. The relay of
 * the instance that recorded the Completed event is stopped exactly after claiming it, or after publishing it and
 * before marking it ({@code -Drpa.test.outbox-stall}, test fault injection), and the process is killed. The event
 * must still reach watchers and waiters — through the restarted instance (H2) or the surviving one (MariaDB and
 * Redis) once the dead relay's lease is over — and reach each watcher exactly once.
 */
class KilledRelayIT {
    private static final Duration READY = Duration.ofSeconds(60);
    /** What {@link OutboxStall} logs once it has stopped the relay. */
    private static final String STALLED = "TEST FAULT INJECTION: the outbox relay stalls";
    /** Long enough for a restart of the killed instance and a watcher's connection before the lease ends. */
    private static final int RESTART_LEASE_SECONDS = 25;
    private static final int CLUSTER_LEASE_SECONDS = 4;

    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void anEventClaimedByAnInstanceKilledBeforePublishingItIsDeliveredOnceByItsRestartOnH2() throws Exception {
        String user = "killed-h2";
        Map<String, String> env = Map.of("DATA_DIR", dir.resolve("data").toString(),
                "OUTBOX_LEASE_SECONDS", Integer.toString(RESTART_LEASE_SECONDS));
        String id;
        long stalledAt;
        try (JarProcess first = JarProcess.start(workDir("first"), env, List.of(stall("after-claim")))) {
            first.awaitReady(READY);
            TestHttp http = new TestHttp(first.port);
            upsertWorkflow(http, user);
            try (EventWatcher watcher = EventWatcher.connect(client, first.port, user, null);
                 SimulatedRobot robot = robot(first.port, user)) {
                id = start(http, user);
                assertTrue(first.awaitOutput(STALLED, Duration.ofSeconds(20)), "the relay never stalled");
                stalledAt = System.nanoTime();
                assertEquals("COMPLETED", status(http, user, id), "the change itself is committed");
                assertTrue(watcher.await(status(id, "RUNNING"), Duration.ofSeconds(5)),
                        "the events before it were delivered: " + watcher.events());
                Thread.sleep(500);
                assertEquals(0, count(watcher, id, "COMPLETED"), "the stalled event went out: " + watcher.events());
                first.kill();
            }
        }

        try (JarProcess second = JarProcess.start(workDir("second"), Map.of("DATA_DIR", dir.resolve("data").toString()))) {
            second.awaitReady(READY);
            try (EventWatcher watcher = EventWatcher.connect(client, second.port, user, "execution_id=" + id)) {
                long restartedIn = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stalledAt);
                TestHttp http = new TestHttp(second.port);
                // the one event waiting is the stalled one: the restarted relay must not have published it before
                // the watcher was there, or the test cannot tell a late watcher from a lost event
                assertEquals(0, relayed(http), "the restart took " + restartedIn + " s: the dead relay's lease ("
                        + RESTART_LEASE_SECONDS + " s) was over before the watcher connected (a machine this slow "
                        + "needs a longer lease in this test)");
                CompletableFuture<JsonNode> waiter = CompletableFuture.supplyAsync(() -> http.send("GET",
                        "/executions/" + id + "?wait=" + (RESTART_LEASE_SECONDS + 10), null, "X-User-Id", user).json());

                assertTrue(watcher.await(status(id, "COMPLETED"), Duration.ofSeconds(RESTART_LEASE_SECONDS + 10)),
                        "the restarted instance delivered the event the killed one had claimed: " + watcher.events());
                Thread.sleep(3000);   // three more passes of the relay
                assertEquals(1, count(watcher, id, "COMPLETED"), "delivered exactly once: " + watcher.events());
                assertEquals(0, outboxDepth(http), "nothing waits in the outbox");
                assertEquals("COMPLETED", waiter.get(10, TimeUnit.SECONDS).at("/data/execution/status").asString());
                assertEquals("v", http.send("GET", "/executions/" + id, null, "X-User-Id", user).json()
                        .at("/data/execution/result/echo/k").asString(null));
            }
        }
    }

    @Test
    void anEventClaimedByAnInstanceKilledBeforePublishingItIsDeliveredOnceByTheOtherInstance() throws Exception {
        killedInTheCluster("after-claim", (watcherOnB, id) -> assertEquals(0, count(watcherOnB, id, "COMPLETED"),
                "the stalled event went out before the kill: " + watcherOnB.events()));
    }

    /**
     * The relay dies after publishing (b heard it through Redis) and before marking: b publishes it again after the
     * lease, and b's watcher must still hear it once — consumers deduplicate by event id.
     */
    @Test
    void anEventPublishedByAnInstanceKilledBeforeMarkingItIsHeardOnceByTheOtherInstancesWatchers() throws Exception {
        killedInTheCluster("after-publish", (watcherOnB, id) -> assertTrue(
                watcherOnB.await(status(id, "COMPLETED"), Duration.ofSeconds(5)),
                "published to b through Redis before the kill: " + watcherOnB.events()));
    }

    /** What b's watcher has heard of the Completed event once a's relay is stalled, before a is killed. */
    @FunctionalInterface
    private interface BeforeTheKill {
        void check(EventWatcher watcherOnB, String id) throws Exception;
    }

    /**
     * Two instances on MariaDB and Redis; the robot on a completes an execution started through b, a's relay
     * stalls at {@code point} with its Completed event, a is killed, and b's relay publishes the event after a's
     * lease: b's watcher hears the end exactly once and b's waiter answers COMPLETED.
     */
    private void killedInTheCluster(String point, BeforeTheKill beforeTheKill) throws Exception {
        String namespace = TestRedis.namespace();
        String user = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        try (MySqlTestDatabase database = TestDatabases.mysql();
             Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            Map<String, String> env = new HashMap<>(ClusterEnvironment.of(database, namespace));
            env.put("OUTBOX_LEASE_SECONDS", Integer.toString(CLUSTER_LEASE_SECONDS));
            try (JarProcess a = JarProcess.start(workDir("a"), env, List.of(stall(point)));
                 JarProcess b = JarProcess.start(workDir("b"), env)) {
                a.awaitReady(READY);
                b.awaitReady(READY);
                TestHttp viaB = new TestHttp(b.port);
                upsertWorkflow(viaB, user);
                try (SimulatedRobot robot = robot(a.port, user);
                     EventWatcher watcherOnB = EventWatcher.connect(client, b.port, user, null)) {
                    awaitRobotListed(viaB, user);
                    String id = completeWhileAsRelayStalls(a, viaB, watcherOnB, user);
                    CompletableFuture<JsonNode> waiterOnB = CompletableFuture.supplyAsync(() -> viaB.send("GET",
                            "/executions/" + id + "?wait=30", null, "X-User-Id", user).json());
                    String stalledClaimant = completedRow(sql, id).claimedBy();
                    assertNotNull(stalledClaimant, "a's relay holds the row");
                    assertNull(completedRow(sql, id).publishedAt(), "and has not marked it published");
                    beforeTheKill.check(watcherOnB, id);

                    a.kill();
                    assertTrue(watcherOnB.await(status(id, "COMPLETED"), Duration.ofSeconds(CLUSTER_LEASE_SECONDS + 10)),
                            "b delivered the event after a's lease: " + watcherOnB.events());
                    awaitRepublished(sql, id, stalledClaimant);
                    Thread.sleep(2000);   // what b's relay published has reached the watcher, and two more passes ran
                    assertEquals(1, count(watcherOnB, id, "COMPLETED"),
                            "b's watcher heard the end exactly once: " + watcherOnB.events());
                    assertEquals("COMPLETED", waiterOnB.get(30, TimeUnit.SECONDS).at("/data/execution/status").asString());
                }
            } finally {
                TestRedis.forget(TestRedis.url(), namespace);
            }
        }
    }

    /**
     * Starts an execution through b that the robot on a completes, until a's relay is the one that claims its
     * Completed event: b's periodic pass may, rarely, claim it in the moment between a's commit and a's own pass.
     */
    private static String completeWhileAsRelayStalls(JarProcess a, TestHttp viaB, EventWatcher watcherOnB, String user)
            throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String id = start(viaB, user);
            if (a.awaitOutput(STALLED, Duration.ofSeconds(10))) {
                assertTrue(watcherOnB.await(status(id, "RUNNING"), Duration.ofSeconds(5)),
                        "the events before it were delivered: " + watcherOnB.events());
                return id;
            }
            assertEquals("COMPLETED", status(viaB, user, id), "the robot on a never completed " + id);
        }
        throw new AssertionError("b's relay published a's Completed event three times in a row");
    }

    private record OutboxRow(String claimedBy, Object publishedAt) {
    }

    private static OutboxRow completedRow(Connection sql, String id) throws Exception {
        try (PreparedStatement query = sql.prepareStatement(
                "SELECT claimed_by, published_at FROM outbox WHERE aggregate_id = ? AND event_type = 'execution.completed'")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "the Completed event is in the outbox");
                OutboxRow row = new OutboxRow(rows.getString(1), rows.getObject(2));
                assertTrue(!rows.next(), "one Completed event");
                return row;
            }
        }
    }

    /** Waits until another relay than the dead one has marked the row published. */
    private static void awaitRepublished(Connection sql, String id, String deadClaimant) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLUSTER_LEASE_SECONDS + 10);
        OutboxRow row = completedRow(sql, id);
        while (row.publishedAt() == null && System.nanoTime() < end) {
            Thread.sleep(100);
            row = completedRow(sql, id);
        }
        assertNotNull(row.publishedAt(), "b's relay marked the row published");
        assertNotEquals(deadClaimant, row.claimedBy(), "b's relay, not a's, published it");
    }

    private static String stall(String point) {
        return "-D" + OutboxStall.PROPERTY + "=" + point + ":Completed";
    }

    private Path workDir(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    private static SimulatedRobot robot(int port, String user) throws Exception {
        SimulatedRobot robot = SimulatedRobot.builder("ws://127.0.0.1:" + port + "/ws").name("robot-" + user)
                .userId(user).behaviour(Behaviour.echo(300)).reconnectDelay(Duration.ofMillis(500)).build();
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(10)), "the robot connected");
        return robot;
    }

    private static void upsertWorkflow(TestHttp http, String user) {
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"p-killed\", \"name\": \"killed\"}",
                "X-User-Id", user).status());
    }

    private static String start(TestHttp http, String user) {
        TestHttp.Answer started = http.send("POST", "/executions", "{\"project_id\": \"p-killed\", \"params\": {\"k\": \"v\"}}",
                "X-User-Id", user);
        assertEquals(202, started.status(), started.body());
        return started.json().at("/data/execution/id").asString();
    }

    private static String status(TestHttp http, String user, String id) {
        return http.send("GET", "/executions/" + id, null, "X-User-Id", user).json().at("/data/execution/status").asString();
    }

    private static Predicate<JsonNode> status(String id, String status) {
        return event -> "execution.status".equals(event.path("type").asString(null))
                && id.equals(event.at("/execution/id").asString(null))
                && status.equals(event.at("/execution/status").asString(null));
    }

    private static long count(EventWatcher watcher, String id, String status) {
        return watcher.events().stream().filter(status(id, status)).count();
    }

    /** How many events this instance's relay has published (the delivery lag histogram's count). */
    private static double relayed(TestHttp http) {
        return http.send("GET", "/metrics", null).body().lines()
                .filter(line -> line.startsWith("rpa_outbox_delivery_lag_seconds_count "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no rpa_outbox_delivery_lag_seconds_count on /metrics"));
    }

    private static double outboxDepth(TestHttp http) {
        return http.send("GET", "/metrics", null).body().lines().filter(line -> line.startsWith("rpa_outbox_depth "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no rpa_outbox_depth on /metrics"));
    }

    private static void awaitRobotListed(TestHttp http, String user) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (http.send("GET", "/robots", null, "X-User-Id", user).json().at("/data/total").asInt() == 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("b never listed the robot a holds");
    }
}
