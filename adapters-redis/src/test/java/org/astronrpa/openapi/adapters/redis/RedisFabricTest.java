package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis adapters of the cluster ports, between several fabrics (instances) on one real Redis server. */
class RedisFabricTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private final String namespace = TestRedis.namespace();
    private final List<RedisFabric> fabrics = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fabrics.forEach(fabric -> {
            try {
                fabric.close();
            } catch (RuntimeException ignored) {
                // abandoned already
            }
        });
        TestRedis.forget(TestRedis.url(), namespace);
    }

    private RedisFabric fabric(String instance) {
        return fabric(TestRedis.settings(namespace, instance));
    }

    private RedisFabric fabric(RedisSettings settings) {
        RedisFabric fabric = RedisFabric.connect(settings);
        fabrics.add(fabric);
        return fabric;
    }

    private static void beat(RedisFabric... all) {
        for (RedisFabric fabric : all) {
            fabric.membership().heartbeat();
        }
    }

    @Test
    void presenceTellsOtherInstancesWhoHoldsARobotAndWhichRunItHas() {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        beat(a, b);
        assertEquals(Set.of(), b.presence().otherInstancesWithRobotsOf(ALICE));

        a.presence().connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        a.presence().running("c-1", new ExecutionId("e-1"));
        awaitTrue(() -> b.presence().instanceRunning(new ExecutionId("e-1")).isPresent(), "run announced");
        assertEquals(Set.of("a"), b.presence().otherInstancesWithRobotsOf(ALICE));
        assertEquals(Set.of(), a.presence().otherInstancesWithRobotsOf(ALICE), "an instance is not 'another' to itself");
        assertEquals(Optional.of("a"), b.presence().instanceRunning(new ExecutionId("e-1")));
        assertEquals(List.of(new RobotPresence.PresentRobot("c-1", "a", T0, "/10.0.0.7:5000", new ExecutionId("e-1"))),
                b.presence().elsewhere(ALICE));

        a.presence().idle("c-1");
        awaitTrue(() -> b.presence().instanceRunning(new ExecutionId("e-1")).isEmpty(), "idle announced");
        a.presence().disconnected("c-1");
        awaitTrue(() -> b.presence().otherInstancesWithRobotsOf(ALICE).isEmpty(), "disconnect announced");
    }

    @Test
    void requestsReachTheAddressedInstanceOnly() throws Exception {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        LinkedBlockingQueue<String> atA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
        a.messages().receive(recorder(atA));
        b.messages().receive(recorder(atB));
        InstanceMessages fromB = b.messages();
        fromB.requestStop("a", new ExecutionId("e-6"));
        fromB.requestStop("a", new ExecutionId("e-7"));
        // requests are handled concurrently, each on a virtual thread of its own: no order between them
        assertEquals(Set.of("stop e-6", "stop e-7"), Set.of(atA.poll(2, TimeUnit.SECONDS), atA.poll(2, TimeUnit.SECONDS)));
        assertEquals(null, atB.poll(200, TimeUnit.MILLISECONDS));
    }

    private static InstanceMessages.Receiver recorder(LinkedBlockingQueue<String> into) {
        return new InstanceMessages.Receiver() {
            @Override
            public void stop(ExecutionId execution) {
                into.add("stop " + execution.value());
            }
        };
    }

    @Test
    void executionEventsReachEveryInstanceOnceWithEveryField() throws Exception {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        ExecutionEvents eventsA = a.events(atA);
        b.events(atB);

        Execution done = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), ALICE, "{\"名\":\"值\"}", null,
                        new ExecutionTimeout(60), Duration.ofSeconds(30), T0)
                .dispatch("robot-1", "ev-1", T0.plusSeconds(1))
                .finish(new RobotReply.ObjectReply("0000", "ok", "{\"x\":[1,null]}"), T0.plusSeconds(2));
        LogLine line = new LogLine(new ExecutionId("e-1"), 3, T0, "warn", "line\nwith \"quotes\"");
        ExecutionEvent completed = new ExecutionEvent.Completed("ev-completed", done, T0.plusSeconds(2));
        eventsA.publish(completed);
        eventsA.logAppended(ALICE, "p-1", line);

        awaitTrue(() -> atB.statuses.size() == 1 && atB.logs.size() == 1, "events reached b");
        assertEquals(completed, atB.statuses.get(0), "the event, its id and the execution's every field");
        assertEquals(line, atB.logs.get(0));
        Thread.sleep(200);
        assertEquals(List.of(completed), atA.statuses, "the instance that changed it hears it once");
        assertEquals(1, atA.logs.size());
    }

    @Test
    void anEventPublishedAgainReachesEachInstancesListenersOnceAndRedisOnce() {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        Recorder atA = new Recorder();   // fan-outs that drop nothing themselves: the Redis bus must drop repeats
        Recorder atB = new Recorder();
        ExecutionEvents eventsA = a.events(atA);
        ExecutionEvents eventsB = b.events(atB);
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisPubSubConnection<String, String> spy = client.connectPubSub()) {
            List<String> onTheChannel = new CopyOnWriteArrayList<>();
            spy.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onTheChannel.add(message);
                }
            });
            spy.sync().subscribe(namespace + "events");
            ExecutionEvent queued = new ExecutionEvent.Queued("ev-queued",
                    Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), ALICE, "{}", null,
                            new ExecutionTimeout(60), Duration.ofSeconds(30), T0), T0);

            eventsA.publish(queued);
            awaitTrue(() -> atB.statuses.size() == 1, "b heard the event");
            eventsA.publish(queued);   // a's relay again
            eventsB.publish(queued);   // b's relay, after a's lease
            // one more event from each: once they arrived, so did the repeats published before them
            ExecutionEvent lastOfA = new ExecutionEvent.Queued("ev-last-a", queued.execution(), T0);
            ExecutionEvent lastOfB = new ExecutionEvent.Queued("ev-last-b", queued.execution(), T0);
            eventsA.publish(lastOfA);
            eventsB.publish(lastOfB);

            awaitTrue(() -> atA.statuses.contains(lastOfB) && atB.statuses.contains(lastOfA)
                    && onTheChannel.stream().anyMatch(message -> message.contains("ev-last-b"))
                    && onTheChannel.stream().anyMatch(message -> message.contains("ev-last-a")), "the last events arrived");
            assertEquals(List.of(queued, lastOfA, lastOfB), atA.statuses);
            assertEquals(3, atB.statuses.size(), atB.statuses.toString());   // b's own last may come before a's
            assertEquals(Set.of(queued, lastOfA, lastOfB), Set.copyOf(atB.statuses));
            assertEquals(1, onTheChannel.stream().filter(message -> message.contains("ev-queued")).count(),
                    "a repeat heard already is not published again");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aMessageThatCannotBeReadIsIgnoredAndTheNextOneHeard() {
        RedisFabric a = fabric("a");
        Recorder events = new Recorder();
        a.events(events);
        List<String> revoked = new CopyOnWriteArrayList<>();
        a.keyRevocations().listen(revoked::add);
        List<UserId> changed = new CopyOnWriteArrayList<>();
        a.workflowChanges().listen(changed::add);
        RedisFabric b = fabric("b");
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> raw = client.connect()) {
            var redis = raw.sync();
            redis.publish(namespace + "events", "not json");
            redis.publish(namespace + "events",   // an instance of an older version: no domain event id
                    EventCodec.status("old", new ExecutionEvent.Queued("ev-1", Execution.accept(new ExecutionId("e-1"),
                            new ProjectId("p-1"), ALICE, "{}", null, new ExecutionTimeout(60), Duration.ofSeconds(30),
                            T0), T0)).replace("\"domain_event\"", "\"other\""));
            for (String channel : List.of("keys-revoked", "workflows-changed")) {
                redis.publish(namespace + channel, "old key-9");   // the plain text of an older version
                redis.publish(namespace + channel, "{\"from\":\"old\",\"text\":\"key-9\"}");
                redis.publish(namespace + channel, "{\"from\":\"old\",\"event_id\":7,\"text\":\"key-9\"}");
            }
        } finally {
            client.shutdown();
        }
        Execution pending = Execution.accept(new ExecutionId("e-2"), new ProjectId("p-1"), ALICE, "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
        b.events(new Recorder()).publish(new ExecutionEvent.Queued("ev-2", pending, T0));
        b.keyRevocations().announce(new ApiKeyEvent.Revoked("ev-3", "key-1", ALICE, T0));
        b.workflowChanges().announce(new WorkflowEvent.Deleted("ev-4", new ProjectId("p-1"), ALICE, 2, T0));

        awaitTrue(() -> events.statuses.size() == 1 && revoked.size() == 1 && changed.size() == 1,
                "the readable messages were heard");
        assertEquals("ev-2", events.statuses.get(0).eventId());
        assertEquals(List.of("key-1"), revoked);
        assertEquals(List.of(ALICE), changed);
    }

    @Test
    void aRevocationReachesEveryInstanceAndItsOwnAtOnce() {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        KeyRevocationFeed feedA = a.keyRevocations();
        KeyRevocationFeed feedB = b.keyRevocations();
        List<String> heardA = new CopyOnWriteArrayList<>();
        List<String> heardB = new CopyOnWriteArrayList<>();
        feedA.listen(heardA::add);
        feedB.listen(heardB::add);
        feedA.announce(new ApiKeyEvent.Revoked("ev-1", "key-1", ALICE, T0));
        assertEquals(List.of("key-1"), heardA, "at once, before Redis answers");
        awaitTrue(() -> heardB.equals(List.of("key-1")), "b heard the revocation");
        assertEquals(List.of("key-1"), heardA);
    }

    @Test
    void aWorkflowChangeReachesEveryInstanceAndItsOwnAtOnce() {
        var feedA = fabric("a").workflowChanges();
        var feedB = fabric("b").workflowChanges();
        List<UserId> heardA = new CopyOnWriteArrayList<>();
        List<UserId> heardB = new CopyOnWriteArrayList<>();
        feedA.listen(heardA::add);
        feedB.listen(heardB::add);
        feedB.announce(new WorkflowEvent.Deleted("ev-1", new ProjectId("p-1"), ALICE, 2, T0));
        assertEquals(List.of(ALICE), heardB, "at once, before Redis answers");
        awaitTrue(() -> heardA.equals(List.of(ALICE)), "a heard of alice's change");
        assertEquals(List.of(ALICE), heardB, "b does not hear its own announcement twice");
    }

    @Test
    void rateLimitBucketsAreSharedAndTakenAllOrNone() {
        RateLimiter a = fabric("a").rateLimiter();
        RateLimiter b = fabric("b").rateLimiter();
        RateLimiter.Limit limit = new RateLimiter.Limit(60, 3);
        assertTrue(a.acquire(List.of("user:alice", "key:k1"), limit).allowed());
        assertTrue(b.acquire(List.of("user:alice", "key:k1"), limit).allowed());
        RateLimiter.Decision third = a.acquire(List.of("user:alice"), limit);
        assertTrue(third.allowed());
        assertEquals(0, third.remaining());
        RateLimiter.Decision refused = b.acquire(List.of("user:alice", "key:k2"), limit);
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0
                && refused.retryAfter().compareTo(Duration.ofSeconds(1)) <= 0, refused.toString());
        assertEquals(2, a.acquire(List.of("key:k2"), limit).remaining(),
                "a refused request took nothing from the buckets it named");
    }

    @Test
    void oneInstanceLeadsATaskUntilItLeaves() {
        RedisFabric a = fabric("a");
        RedisFabric b = fabric("b");
        assertTrue(a.membership().lead("sweep", Duration.ofSeconds(5)));
        assertTrue(a.membership().lead("sweep", Duration.ofSeconds(5)), "the leader renews");
        assertFalse(b.membership().lead("sweep", Duration.ofSeconds(5)));
        a.close();
        assertTrue(b.membership().lead("sweep", Duration.ofSeconds(5)), "leaving hands the lease over at once");
    }

    @Test
    void anInstanceThatStopsBeatingIsLostWithItsConnectionsAndRunsUntilForgotten() {
        RedisFabric survivor = fabric("survivor");
        RedisFabric doomed = fabric(TestRedis.settings(namespace, "doomed").withHeartbeatTtl(Duration.ofMillis(300)));
        doomed.presence().connected("c-1", ALICE, T0, "/10.0.0.7:5000");
        doomed.presence().connected("c-2", ALICE, T0, "/10.0.0.7:5000");
        doomed.presence().running("c-1", new ExecutionId("e-1"));
        beat(doomed, survivor);
        awaitTrue(() -> survivor.presence().instanceRunning(new ExecutionId("e-1")).isPresent(), "announced");
        assertEquals(List.of(), survivor.membership().lost());

        doomed.abandon();   // killed: no goodbye
        awaitTrue(() -> !survivor.membership().lost().isEmpty(), "the silent instance counts as lost");
        beat(survivor);
        ClusterMembership.LostInstance lost = survivor.membership().lost().get(0);
        assertEquals("doomed", lost.instance());
        assertEquals(Set.of(new ClusterMembership.LostConnection("c-1", "alice", new ExecutionId("e-1")),
                new ClusterMembership.LostConnection("c-2", "alice", null)), Set.copyOf(lost.connections()));
        assertEquals(Optional.empty(), survivor.presence().instanceRunning(new ExecutionId("e-1")),
                "a lost instance runs nothing");
        assertEquals(Set.of(), survivor.presence().otherInstancesWithRobotsOf(ALICE));

        assertTrue(lost.lastBeat() != null, "the last beat is known");
        assertTrue(survivor.membership().forget(lost));
        assertEquals(List.of(), survivor.membership().lost());
    }

    @Test
    void withRedisUnreachableEveryPortGoesOnWithoutItAndResumesWhenItReturns() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(TestRedis.url())) {
            RedisFabric a = fabric(new RedisSettings(proxy.url(), "a", namespace, Duration.ofMillis(500), Duration.ofSeconds(5)));
            RedisFabric b = fabric("b");
            a.presence().connected("c-1", ALICE, T0, "/10.0.0.7:5000");
            beat(a, b);
            awaitTrue(() -> b.presence().otherInstancesWithRobotsOf(ALICE).equals(Set.of("a")), "announced");
            LinkedBlockingQueue<String> atA = new LinkedBlockingQueue<>();
            a.messages().receive(recorder(atA));
            Recorder eventsAtA = new Recorder();
            ExecutionEvents eventsA = a.events(eventsAtA);

            proxy.cut();
            TestRedis.forget(TestRedis.url(), namespace);   // and Redis forgot everything, as after a restart
            long start = System.nanoTime();
            a.presence().connected("c-2", ALICE, T0, "/10.0.0.7:5000");
            a.presence().running("c-2", new ExecutionId("e-2"));
            assertEquals(Set.of(), a.presence().otherInstancesWithRobotsOf(ALICE));
            assertEquals(Optional.empty(), a.presence().instanceRunning(new ExecutionId("e-2")));
            assertTrue(a.rateLimiter().acquire(List.of("user:alice"), new RateLimiter.Limit(1, 1)).allowed(),
                    "without Redis requests are allowed");
            assertTrue(a.membership().lead("sweep", Duration.ofSeconds(5)),
                    "without Redis everybody leads: deadlines are still enforced");
            assertEquals(List.of(), a.membership().lost(), "but nobody is declared lost");
            a.membership().heartbeat();
            Execution pending = Execution.accept(new ExecutionId("e-3"), new ProjectId("p-1"), ALICE, "{}", null,
                    new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
            ExecutionEvent queued = new ExecutionEvent.Queued("ev-queued", pending, T0);
            eventsA.publish(queued);
            assertEquals(List.of(queued), eventsAtA.statuses, "events still reach this instance's own listeners");
            assertFalse(a.probe().isUp());
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "nothing waited long for Redis");

            proxy.restore();
            awaitTrue(() -> a.probe().isUp(), "reconnected");
            awaitTrue(() -> {
                a.membership().heartbeat();
                b.membership().heartbeat();
                return b.presence().instanceRunning(new ExecutionId("e-2")).equals(Optional.of("a"));
            }, "the first beat after the outage announced the robots again");
            assertEquals(Set.of("a"), b.presence().otherInstancesWithRobotsOf(ALICE));
            awaitTrue(() -> {
                b.messages().requestStop("a", new ExecutionId("e-9"));
                try {
                    return "stop e-9".equals(atA.poll(200, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "a subscribed again after the reconnect");
        }
    }

    @Test
    void aServerThatDoesNotAnswerStopsStartUpWithTheReason() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> RedisFabric.connect(
                new RedisSettings("redis://127.0.0.1:1", "x", namespace, Duration.ofMillis(300), Duration.ofSeconds(5))));
        assertTrue(String.valueOf(refused.getMessage()).contains("127.0.0.1"), refused.toString());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 5 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Local listeners of one instance (that drop no repeat themselves). */
    static final class Recorder implements ExecutionEvents {
        final List<ExecutionEvent> statuses = new CopyOnWriteArrayList<>();
        final List<LogLine> logs = new CopyOnWriteArrayList<>();

        @Override
        public void publish(ExecutionEvent event) {
            statuses.add(event);
        }

        @Override
        public void logAppended(UserId owner, String projectId, LogLine line) {
            logs.add(line);
        }

        @Override
        public Subscription subscribe(Listener listener) {
            return () -> { };
        }
    }
}
