package org.astronrpa.openapi.bootstrap.e2e;

import static org.astronrpa.openapi.bootstrap.TestKeys.ALL_SCOPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.PrivateRedis;
import org.astronrpa.openapi.adapters.redis.TcpProxy;
import org.astronrpa.openapi.adapters.redis.TestRedis;
import org.astronrpa.openapi.bootstrap.Launcher;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.Frame;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Several instances of the wired service in one JVM, on different ports, sharing one MySQL database and one
 * Redis (a namespace per test): routing to another instance's robot, events and revocations everywhere, shared
 * rate limits, exactly-once dispatch, and a Redis outage during traffic.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterEndToEndTest {
    private static final String PARAMS = "{\"n\": 1, \"who\": \"李四\"}";
    private static MySqlTestDatabase database;

    @TempDir
    Path dir;

    private final String namespace = "rpa-e2e-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final String user = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    private final String project = "p-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Instance> instances = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger robotNumbers = new AtomicInteger();

    record Instance(String name, Launcher launcher, HttpClient client, E2eHttp http, int port) {
        String robotUrl() {
            return "ws://127.0.0.1:" + port + "/ws";
        }
    }

    @BeforeAll
    static void openDatabase() {
        database = TestDatabases.mysql();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @AfterEach
    void stopAll() {
        Collections.reverse(closeables);
        closeables.forEach(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        });
        instances.forEach(i -> {
            i.client().shutdownNow();
            i.launcher().stop();
        });
        TestRedis.forget(TestRedis.url(), namespace);
    }

    private Instance start(String name, Map<String, String> overrides) {
        Map<String, String> env = E2eService.environment(dir.resolve(name), 0);
        env.putAll(ClusterEnvironment.of(database, namespace));
        env.putAll(overrides);
        E2eService service = E2eService.start(dir, env);
        Instance instance = new Instance(name, service.launcher(), service.client(), service.http(), service.port());
        instances.add(instance);
        return instance;
    }

    private Instance start(String name) {
        return start(name, Map.of());
    }

    private SimulatedRobot robot(String url, Behaviour behaviour) throws InterruptedException {
        SimulatedRobot robot = SimulatedRobot.builder(url).name("robot-" + robotNumbers.incrementAndGet()).userId(user)
                .behaviour(behaviour).pingInterval(Duration.ofSeconds(2)).reconnectDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(3)).build();
        closeables.add(robot);
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(5)), robot + " did not connect");
        return robot;
    }

    private void awaitRobots(Instance instance, int count) {
        awaitTrue(() -> instance.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == count,
                Duration.ofSeconds(5), "the instance does not list " + count + " robot(s)");
    }

    // ------------------------------------------------------------------------------------------------- robots

    private SimulatedRobot managedRobot(String url, String robotId, Map<String, String> labels, Behaviour behaviour)
            throws InterruptedException {
        SimulatedRobot robot = SimulatedRobot.builder(url).name(robotId + "-" + robotNumbers.incrementAndGet())
                .userId(user).robotId(robotId).labels(labels).behaviour(behaviour)
                .pingInterval(Duration.ofSeconds(2)).reconnectDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(3)).build();
        closeables.add(robot);
        robot.start();
        assertTrue(robot.awaitConnected(Duration.ofSeconds(5)), robot + " did not connect");
        return robot;
    }

    /** The robot as {@code instance} lists it; a missing node while its record is not stored yet (it registers after
     * its upgrade). */
    private JsonNode robotSeenBy(Instance instance, String robotId) {
        var answer = instance.http().send(user, "GET", "/robots/" + robotId, null);
        return answer.status() == 404 ? tools.jackson.databind.node.MissingNode.getInstance()
                : answer.expect(200).json().at("/data/robot");
    }

    @Test
    void workTargetedOnBReachesTheManagedRobotOnAAndAnUnnamedRobotOnBGetsOnlyUntargetedWork() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        a.http().upsertWorkflow(user, project);
        SimulatedRobot desk = managedRobot(a.robotUrl(), "desk-1", Map.of("os", "windows"), Behaviour.echo(0));
        SimulatedRobot unnamed = robot(b.robotUrl(), Behaviour.echo(0));
        awaitTrue(() -> "ONLINE".equals(robotSeenBy(b, "desk-1").path("status").asString()), Duration.ofSeconds(5),
                "b sees desk-1 online on a");
        assertEquals(robotSeenBy(a, "desk-1").get("instance").asString(), robotSeenBy(b, "desk-1").get("instance").asString(),
                "b names a as the instance holding it");

        JsonNode byId = b.http().start(user, project, PARAMS, 10, "\"target\": {\"robot_id\": \"desk-1\"}").expect(200)
                .execution();
        assertEquals("COMPLETED", byId.get("status").asString(), byId.toString());
        JsonNode byLabels = b.http().start(user, project, PARAMS, 10, "\"target\": {\"labels\": {\"os\": \"windows\"}}")
                .expect(200).execution();
        assertEquals("COMPLETED", byLabels.get("status").asString(), byLabels.toString());
        assertEquals(2, desk.runsReceived(), "both targeted runs went to desk-1 on a");
        assertEquals(0, unnamed.runsReceived(), "the unnamed robot on b took none of them");
        b.http().start(user, project, PARAMS, 0, "\"target\": {\"robot_id\": \"nobody\"}").expect(422);
    }

    @Test
    void drainingARobotOnBStopsItTakingWorkOnAUntilItIsLetAgain() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        a.http().upsertWorkflow(user, project);
        SimulatedRobot desk = managedRobot(a.robotUrl(), "desk-1", Map.of(), Behaviour.echo(0));
        awaitTrue(() -> "ONLINE".equals(robotSeenBy(b, "desk-1").path("status").asString()), Duration.ofSeconds(5),
                "b sees desk-1 online");
        b.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": true}").expect(200);
        awaitTrue(() -> "DRAINING".equals(robotSeenBy(a, "desk-1").path("status").asString()), Duration.ofSeconds(5),
                "a took the change made on b");
        String id = b.http().start(user, project, PARAMS, 0, "\"target\": {\"robot_id\": \"desk-1\"}").expect(202)
                .execution().get("id").asString();
        Thread.sleep(500);
        assertEquals("PENDING", b.http().execution(user, id, 0).get("status").asString(), "a draining robot takes no run");
        assertEquals(0, desk.runsReceived());

        b.http().send(user, "PATCH", "/robots/desk-1", "{\"draining\": false}").expect(200);
        assertEquals("COMPLETED", b.http().execution(user, id, 10).get("status").asString(), "let again, it runs it");
    }

    @Test
    void aRobotThatConnectsToBReplacesItsConnectionOnA() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        SimulatedRobot first = managedRobot(a.robotUrl(), "desk-1", Map.of(), Behaviour.echo(0));
        awaitTrue(() -> "ONLINE".equals(robotSeenBy(b, "desk-1").path("status").asString()), Duration.ofSeconds(5),
                "desk-1 online");
        String onA = robotSeenBy(a, "desk-1").get("instance").asString();
        managedRobot(b.robotUrl(), "desk-1", Map.of(), Behaviour.echo(0));
        awaitTrue(() -> first.state() == SimulatedRobot.State.CLOSED, Duration.ofSeconds(5),
                "the older connection on a was closed (4001) and did not come back");
        awaitTrue(() -> {
            String seen = robotSeenBy(a, "desk-1").path("instance").asString(null);
            return seen != null && !seen.equals(onA);
        }, Duration.ofSeconds(5), "a lists desk-1 on b");
        assertEquals(1, a.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt());
    }

    @Test
    void aRobotEnrolledOnAAndRevokedOnBIsClosedOnAAtOnceAndItsRunFails() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        a.http().upsertWorkflow(user, project);
        String token = a.http().send(user, "POST", "/robots/enrollments", "{\"robot_id\": \"desk-1\"}").expect(201).json()
                .at("/data/token").asString();
        String credential = b.http().send("nobody", "POST", "/robots/enroll", "{\"token\": \"" + token + "\"}").expect(201)
                .json().at("/data/credential").asString();
        b.http().send("nobody", "POST", "/robots/enroll", "{\"token\": \"" + token + "\"}").expect(401);
        SimulatedRobot desk = SimulatedRobot.builder(a.robotUrl()).name("desk-1").apiKey(credential)
                .behaviour(Behaviour.neverReply()).pingInterval(Duration.ofSeconds(2)).reconnectDelay(Duration.ofMillis(200))
                .connectTimeout(Duration.ofSeconds(3)).build();
        closeables.add(desk);
        desk.start();
        assertTrue(desk.awaitConnected(Duration.ofSeconds(5)));
        awaitTrue(() -> "ONLINE".equals(robotSeenBy(b, "desk-1").path("status").asString()), Duration.ofSeconds(5),
                "b sees desk-1 online on a");
        String id = b.http().start(user, project, PARAMS, 0, "\"target\": {\"robot_id\": \"desk-1\"}").execution()
                .get("id").asString();
        desk.awaitReceived(f -> "run".equals(f.key()) && f.replyEventId() == null, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("no run frame"));

        b.http().send(user, "POST", "/robots/desk-1/revoke", null).expect(200);
        awaitTrue(() -> desk.state() == SimulatedRobot.State.CLOSED, Duration.ofSeconds(2),
                "the robot on a was closed (4003) within moments of the revocation on b");
        JsonNode failed = b.http().execution(user, id, 5);
        assertEquals("FAILED", failed.get("status").asString(), failed.toString());
        assertEquals("ROBOT_OFFLINE", failed.get("error_code").asString());
    }

    // ------------------------------------------------------------------------------------------------- routing

    @Test
    void anExecutionRequestedOnBRunsOnTheRobotHeldByAAndAWatcherOnCSeesEveryEvent() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        Instance c = start("c");
        a.http().upsertWorkflow(user, project);
        SimulatedRobot robot = robot(a.robotUrl(), Behaviour.streamLogs(3, 20));
        awaitRobots(a, 1);
        EventWatcher watcher = EventWatcher.connect(c.client(), c.port(), user, null);
        closeables.add(watcher);

        awaitTrue(() -> b.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == 1,
                Duration.ofSeconds(5), "b lists the robot a holds");
        JsonNode done = b.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", done.get("status").asString(), done.toString());
        String id = done.get("id").asString();
        assertEquals(1, robot.receivedFrames().stream().filter(f -> "run".equals(f.key()) && f.replyEventId() == null).count());

        assertTrue(watcher.await(e -> "execution.status".equals(e.path("type").asString(null))
                && "COMPLETED".equals(e.at("/execution/status").asString(null)), Duration.ofSeconds(5)), watcher.events().toString());
        // log lines are stored off the reply's path (a reply never waits behind them): the last may follow the end
        java.util.function.Supplier<List<JsonNode>> ofThisRun = () -> watcher.events().stream()
                .filter(e -> id.equals(e.at("/execution/id").asString(null)) || id.equals(e.path("execution_id").asString(null)))
                .toList();
        awaitTrue(() -> ofThisRun.get().stream().filter(e -> "execution.log".equals(e.get("type").asString())).count() == 3,
                Duration.ofSeconds(5), "c sees the run's three log lines");
        List<JsonNode> mine = ofThisRun.get();
        assertEquals(List.of("PENDING", "RUNNING", "COMPLETED"), mine.stream()
                .filter(e -> "execution.status".equals(e.get("type").asString()))
                .map(e -> e.at("/execution/status").asString()).toList(), "status events seen on c: " + mine);
        assertEquals(3, mine.stream().filter(e -> "execution.log".equals(e.get("type").asString())).count(), mine.toString());
        assertEquals(3, c.http().send(user, "GET", "/executions/" + id + "/logs", null).expect(200).json()
                .at("/data/records").size(), "the logs are in the shared database");
    }

    @Test
    void cancellingOnBStopsTheRunOnTheRobotHeldByA() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        a.http().upsertWorkflow(user, project);
        SimulatedRobot robot = robot(a.robotUrl(), Behaviour.neverReply());
        awaitRobots(a, 1);
        awaitTrue(() -> b.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == 1,
                Duration.ofSeconds(5), "b lists the robot a holds");
        String id = b.http().start(user, project, PARAMS, 0, null).execution().get("id").asString();
        Frame run = robot.awaitReceived(f -> "run".equals(f.key()) && f.replyEventId() == null, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("no run frame"));
        assertEquals(id, run.data().path("execution_id").asString(null));
        assertEquals("CANCELLED", b.http().cancel(user, id).expect(200).execution().get("status").asString());
        assertTrue(robot.awaitReceived(f -> "stop".equals(f.key()), Duration.ofSeconds(5)).isPresent(),
                "the robot on a was told to stop");
    }

    @Test
    void aHundredExecutionsSpreadOverThreeInstancesAndThreeRobotsEachRunExactlyOnce() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        Instance c = start("c");
        a.http().upsertWorkflow(user, project);
        List<SimulatedRobot> robots = List.of(robot(a.robotUrl(), Behaviour.echo(5)), robot(b.robotUrl(), Behaviour.echo(5)),
                robot(c.robotUrl(), Behaviour.echo(5)));
        awaitTrue(() -> a.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == 3,
                Duration.ofSeconds(5), "every instance's robots are listed");
        List<Instance> all = List.of(a, b, c);
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Instance via = all.get(i % 3);
                started.add(pool.submit(() -> via.http().start(user, project, PARAMS, 0, null).execution().get("id").asString()));
            }
            for (Future<String> f : started) {
                ids.add(f.get(30, TimeUnit.SECONDS));
            }
        }
        for (String id : ids) {
            JsonNode e = all.get(Math.abs(id.hashCode()) % 3).http().execution(user, id, 30);
            assertEquals("COMPLETED", e.get("status").asString(), e.toString());
        }
        List<String> ran = new ArrayList<>();
        for (SimulatedRobot robot : robots) {
            robot.receivedFrames().stream().filter(f -> "run".equals(f.key()) && f.replyEventId() == null)
                    .forEach(f -> ran.add(f.data().path("execution_id").asString()));
            assertEquals(List.of(), robot.sentFrames().stream()
                    .filter(f -> SimulatedRobot.BUSY_MESSAGE.equals(f.data().path("msg").asString(null))).toList(),
                    robot + " was never handed two runs at once");
        }
        assertEquals(100, ran.size(), "each execution was sent once: " + ran.size());
        assertEquals(new HashSet<>(ids), new HashSet<>(ran));
        assertTrue(robots.stream().allMatch(r -> r.receivedFrames().stream().anyMatch(f -> "run".equals(f.key()))),
                "work spread over every instance's robot");
    }

    @Test
    void aWorkflowSavedOnAIsAnnouncedToTheUsersMcpSessionOnB() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        String key = a.http().send(user, "POST", "/api-keys", "{\"name\": \"agent\", \"scopes\": "
                + ALL_SCOPES + "}").expect(201).json()
                .at("/data/api_key").asString();
        java.util.concurrent.BlockingQueue<List<String>> announced = new java.util.concurrent.LinkedBlockingQueue<>();
        io.modelcontextprotocol.client.McpSyncClient agent = io.modelcontextprotocol.client.McpClient.sync(
                        io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport
                                .builder("http://127.0.0.1:" + b.port())
                                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                                .build())
                .requestTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(tools -> announced.add(tools.stream()
                        .map(io.modelcontextprotocol.spec.McpSchema.Tool::name).toList()))
                .build();
        closeables.add(agent::close);
        agent.initialize();
        assertTrue(agent.listTools().tools().stream().noneMatch(t -> t.name().equals("Saved_on_a")));

        a.http().send(user, "POST", "/workflows/upsert",
                "{\"project_id\": \"" + project + "\", \"name\": \"Saved on a\"}").expect(201);
        List<String> pushed = announced.poll(10, TimeUnit.SECONDS);
        assertNotNull(pushed, "the session on b heard nothing of the workflow saved on a");
        assertTrue(pushed.contains("Saved_on_a"), pushed.toString());
    }

    // ------------------------------------------------------------------------------------------ keys and limits

    @Test
    void aKeyRevokedOnAStopsWorkingOnBWithinOneSecond() {
        Instance a = start("a", Map.of("API_KEY_CACHE_SECONDS", "300"));
        Instance b = start("b", Map.of("API_KEY_CACHE_SECONDS", "300"));
        JsonNode created = a.http().send(user, "POST", "/api-keys", "{\"name\": \"cluster\", \"scopes\": "
                + ALL_SCOPES + "}").expect(201).json();
        String key = created.at("/data/api_key").asString(null);
        String keyId = created.at("/data/id").asString(null);
        assertNotNull(key, created.toString());
        assertEquals(200, withKey(b, "/workflows", key),
                "b knows the key (and caches it for 300 s)");
        a.http().send(user, "DELETE", "/api-keys/" + keyId, null).expect(200);
        long revoked = System.nanoTime();
        awaitTrue(() -> withKey(b, "/workflows", key) == 401,
                Duration.ofSeconds(1), "b still accepted the revoked key after 1 s");
        System.out.printf("revocation reached the other instance after %.0f ms%n", (System.nanoTime() - revoked) / 1e6);
    }

    @Test
    void aKeyChangedOnAIsNarrowedOnBWithinOneSecondAndItsWatcherThereIsClosed() throws Exception {
        Instance a = start("a", Map.of("API_KEY_CACHE_SECONDS", "300"));
        Instance b = start("b", Map.of("API_KEY_CACHE_SECONDS", "300"));
        JsonNode created = a.http().send(user, "POST", "/api-keys", "{\"name\": \"narrowed\", \"scopes\": "
                + "[\"workflows:read\", \"executions:read\"]}").expect(201).json();
        String key = created.at("/data/api_key").asString(null);
        assertEquals(200, withKey(b, "/workflows", key), "b knows the key (and caches it for 300 s)");
        java.util.concurrent.CompletableFuture<String> watcherClosed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket watcher = keySocket(b, "/ws/events", key, watcherClosed);
        try {
            a.http().send(user, "PATCH", "/api-keys/" + created.at("/data/id").asString(null),
                    "{\"scopes\": [\"executions:read\"]}").expect(200);
            long changed = System.nanoTime();
            awaitTrue(() -> withKey(b, "/workflows", key) == 403, Duration.ofSeconds(1),
                    "b still let the key read workflows 1 s after the scope was taken away");
            assertEquals("1008 API key changed", watcherClosed.get(1, TimeUnit.SECONDS));
            System.out.printf("the change reached the other instance after %.0f ms%n",
                    (System.nanoTime() - changed) / 1e6);
            assertEquals(200, withKey(b, "/executions", key), "what the key still holds still works");
        } finally {
            watcher.abort();
        }
    }

    @Test
    void aKeyRevokedOnAClosesTheRobotAndWatcherItOpenedOnBWithinOneSecond() throws Exception {
        Instance a = start("a");
        Instance b = start("b");
        JsonNode created = a.http().send(user, "POST", "/api-keys", "{\"name\": \"robot\", \"scopes\": "
                + ALL_SCOPES + "}").expect(201).json();
        String key = created.at("/data/api_key").asString(null);
        java.util.concurrent.CompletableFuture<String> robotClosed = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> watcherClosed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket robot = keySocket(b, "/ws", key, robotClosed);
        java.net.http.WebSocket watcher = keySocket(b, "/ws/events", key, watcherClosed);
        try {
            awaitRobots(a, 1);

            a.http().send(user, "DELETE", "/api-keys/" + created.at("/data/id").asString(null), null).expect(200);
            long revoked = System.nanoTime();
            assertEquals("1008 API key revoked", robotClosed.get(1, TimeUnit.SECONDS));
            assertEquals("1008 API key revoked", watcherClosed.get(1, TimeUnit.SECONDS));
            System.out.printf("revocation closed the sockets on the other instance after %.0f ms%n",
                    (System.nanoTime() - revoked) / 1e6);
            awaitRobots(a, 0);
            awaitRobots(b, 0);
        } finally {
            robot.abort();
            watcher.abort();
        }
    }

    /** The announcement is lost while B cannot reach Redis: B's periodic check of its sockets' keys finds it. */
    @Test
    void aKeyRevokedWhileTheOtherInstanceIsCutOffFromRedisClosesItsSocketsThereAtTheNextKeyCheck() throws Exception {
        try (TcpProxy redisOfB = TcpProxy.to(TestRedis.url())) {
            Instance a = start("a");
            Instance b = start("b", Map.of("REDIS_URL", redisOfB.url()));
            JsonNode created = a.http().send(user, "POST", "/api-keys", "{\"name\": \"robot\", \"scopes\": "
                + ALL_SCOPES + "}").expect(201).json();
            String key = created.at("/data/api_key").asString(null);
            java.util.concurrent.CompletableFuture<String> robotClosed = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<String> watcherClosed = new java.util.concurrent.CompletableFuture<>();
            java.net.http.WebSocket robot = keySocket(b, "/ws", key, robotClosed);
            java.net.http.WebSocket watcher = keySocket(b, "/ws/events", key, watcherClosed);
            try {
                awaitRobots(b, 1);
                redisOfB.cut();
                a.http().send(user, "DELETE", "/api-keys/" + created.at("/data/id").asString(null), null).expect(200);
                long revoked = System.nanoTime();
                Thread.sleep(500);
                assertTrue(!robotClosed.isDone(), "the announcement did not reach b (it is cut off from Redis)");
                int limit = Launcher.KEY_CHECK_SECONDS + 2;
                assertEquals("1008 API key revoked", robotClosed.get(limit, TimeUnit.SECONDS));
                assertEquals("1008 API key revoked", watcherClosed.get(1, TimeUnit.SECONDS));
                System.out.printf("the key check closed the sockets on the cut-off instance after %.0f ms%n",
                        (System.nanoTime() - revoked) / 1e6);
            } finally {
                redisOfB.restore();
                robot.abort();
                watcher.abort();
            }
        }
    }

    /** A WebSocket opened on {@code instance} with {@code key}; {@code closed} gets the server's code and reason. */
    private static java.net.http.WebSocket keySocket(Instance instance, String path, String key,
                                                     java.util.concurrent.CompletableFuture<String> closed) throws Exception {
        return instance.client().newWebSocketBuilder().header("X-API-Key", key).connectTimeout(Duration.ofSeconds(5))
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + instance.port() + path), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theRateLimitIsSharedByTheInstances() {
        Map<String, String> limited = Map.of("RATE_LIMIT_PER_MINUTE", "6", "RATE_LIMIT_BURST", "4");
        Instance a = start("a", limited);
        Instance b = start("b", limited);
        E2eHttp.Answer first = a.http().send(user, "GET", "/workflows", null).expect(200);
        assertEquals("6", first.raw().headers().firstValue("RateLimit-Limit").orElse(null));
        assertEquals("3", first.raw().headers().firstValue("RateLimit-Remaining").orElse(null));
        b.http().send(user, "GET", "/workflows", null).expect(200);
        a.http().send(user, "GET", "/workflows", null).expect(200);
        b.http().send(user, "GET", "/workflows", null).expect(200);
        E2eHttp.Answer refused = a.http().send(user, "GET", "/workflows", null);
        assertEquals(429, refused.status(), refused.body());
        assertEquals("rate_limited", E2eHttp.JSON.readTree(refused.body()).at("/error/type").asString(null), refused.body());
        long retryAfter = Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertEquals(429, b.http().send(user, "GET", "/workflows", null).status(), "the other instance counts the same budget");
        assertEquals(200, b.http().send("someone-else", "GET", "/workflows", null).status(), "budgets are per user");
    }

    // -------------------------------------------------------------------------------------------------- faults

    @Test
    void aRedisOutageDuringTrafficLosesAndDuplicatesNoExecutionAndAnswersNo500() throws Exception {
        try (TcpProxy redis = TcpProxy.to(TestRedis.url())) {
            trafficThrough(redis.url(), redis.url(), () -> {
                redis.cut();
                TestRedis.forget(TestRedis.url(), namespace);   // and it comes back empty
            }, redis::restore, 3000, true);
        }
    }

    @Test
    void aRedisRestartDuringTrafficLosesAndDuplicatesNoExecutionAndAnswersNo500() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(dir)) {
            trafficThrough(redis.url(), redis.url(), redis::kill, redis::startAgain, 3000, true);
        }
    }

    /**
     * Only the instance holding the robot loses Redis, for longer than the heartbeat TTL: the other one takes it
     * for lost and cleans up after it while it goes on serving its robot. Nothing may be sent twice, and once
     * back it is known again (its robots announced anew).
     */
    @Test
    void anInstanceCutOffFromRedisLongerThanItsHeartbeatIsCleanedUpAfterWithoutAnyRunSentTwice() throws Exception {
        try (TcpProxy redisOfA = TcpProxy.to(TestRedis.url())) {
            trafficThrough(redisOfA.url(), TestRedis.url(), redisOfA::cut, redisOfA::restore, 7000, false);
        }
    }

    /** An action of a fault scenario. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Two instances (each on the Redis at its URL), a robot on a, executions started alternately on a and b (with a
     * read each time) for 8 s or until 1 s after {@code up}; 2 s in, {@code down}; {@code downMillis} later,
     * {@code up}. Every execution must complete, each sent to the robot exactly once, and no request may fail.
     */
    private void trafficThrough(String redisOfA, String redisOfB, Step down, Step up, long downMillis,
                                boolean bSeesItDown) throws Exception {
        Instance a = start("a", Map.of("REDIS_URL", redisOfA));
        Instance b = start("b", Map.of("REDIS_URL", redisOfB));
        a.http().upsertWorkflow(user, project);
        SimulatedRobot robot = robot(a.robotUrl(), Behaviour.echo(10));
        awaitRobots(a, 1);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean redisDown = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger startedWhileDown = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> traffic = pool.submit(() -> {
                long end = System.nanoTime() + Math.max(8_000, 3_000 + downMillis) * 1_000_000L;
                while (System.nanoTime() < end) {
                    Instance via = sent.getAndIncrement() % 2 == 0 ? a : b;
                    E2eHttp.Answer answer = via.http().start(user, project, PARAMS, 0, null);
                    if (answer.status() >= 500) {
                        problems.add(via.name() + " answered " + answer.status() + ": " + answer.body());
                    } else {
                        ids.add(answer.expect(202).execution().get("id").asString());
                        if (redisDown.get()) {
                            startedWhileDown.incrementAndGet();
                        }
                    }
                    E2eHttp.Answer read = via.http().send(user, "GET", "/workflows/" + project, null);
                    if (read.status() != 200) {
                        problems.add("read on " + via.name() + " answered " + read.status());
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread.sleep(2000);
            down.run();
            redisDown.set(true);
            E2eHttp.Answer health = (bSeesItDown ? b : a).http().send(user, "GET", "/health", null);
            assertEquals(200, health.status(), "REST keeps working without Redis: " + health.body());
            assertEquals("DOWN", E2eHttp.JSON.readTree(health.body()).at("/checks/redis").asString(null), health.body());
            Thread.sleep(downMillis);
            redisDown.set(false);
            up.run();
            traffic.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), problems);
        assertTrue(startedWhileDown.get() > 5, "executions were started while Redis was down: " + startedWhileDown
                + " of " + ids.size());
        for (String id : ids) {
            JsonNode e = b.http().execution(user, id, 30);
            assertEquals("COMPLETED", e.get("status").asString(), e.toString());
        }
        List<String> ran = robot.receivedFrames().stream().filter(f -> "run".equals(f.key()) && f.replyEventId() == null)
                .map(f -> f.data().path("execution_id").asString()).toList();
        assertEquals(ids.size(), ran.size(), "no execution was sent twice");
        assertEquals(new HashSet<>(ids), new HashSet<>(ran));
        for (Instance instance : List.of(a, b)) {
            awaitTrue(() -> "UP".equals(E2eHttp.JSON.readTree(instance.http().send(user, "GET", "/health", null).body())
                    .at("/checks/redis").asString(null)), Duration.ofSeconds(5), "redis UP again on " + instance.name());
        }
        // afterwards the instances know each other's robots again: a run requested on b reaches a's robot
        awaitTrue(() -> b.http().send(user, "GET", "/robots", null).expect(200).json().at("/data/total").asInt() == 1,
                Duration.ofSeconds(5), "b lists a's robot again");
        JsonNode after = b.http().start(user, project, PARAMS, 10, null).expect(200).execution();
        assertEquals("COMPLETED", after.get("status").asString(), after.toString());
    }

    /** A request with an API key and no user header; returns the status. */
    private static int withKey(Instance instance, String path, String key) {
        try {
            return instance.client().send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + instance.port() + path))
                            .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String message) {
        long end = System.nanoTime() + timeout.toNanos();
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
}
