package org.astronrpa.openapi.bootstrap.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.application.events.OutboxDomainEvents;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database, each appending events in its own transactions and nudging its own relay after
 * each commit, both relays also passing periodically: every event reaches the bus exactly once, and the events
 * of each aggregate in order.
 */
abstract class OutboxRelayClusterContract {
    private static final int EVENTS = 1_000;
    private static final int WRITERS = 4;
    private static final int AGGREGATES_PER_WRITER = 10;
    private static final UserId ALICE = new UserId("alice");

    /** The database both instances use, empty. */
    protected abstract PersistenceConfig database();

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final List<String> outOfOrder = new ArrayList<>();

    /** The bus: counts each event id, and checks each aggregate's order. */
    private final DomainEvents bus = events -> {
        for (DomainEvent event : events) {
            deliveries.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
            synchronized (lastSequence) {
                Long before = lastSequence.put(event.aggregateId(), event.sequence());
                if (before != null && before >= event.sequence()) {
                    outOfOrder.add(event.aggregateId() + "#" + event.sequence() + " after #" + before);
                }
            }
        }
    };

    @Test
    void twoRelaysOnOneDatabaseRelayEachOfAThousandEventsExactlyOnce() throws Exception {
        relayAThousandEvents(false);
    }

    /**
     * As the use cases record them: appended leased to the writer's relay and handed over after the commit; an
     * aggregate's revisions alternate between the instances, so that each one's later revision waits (unleased, for
     * a claim) while the other relay has not yet published the earlier one.
     */
    @Test
    void handedOverEventsAreRelayedExactlyOnceAndInOrderWhenAggregatesMoveBetweenInstances() throws Exception {
        relayAThousandEvents(true);
    }

    private void relayAThousandEvents(boolean handOver) throws Exception {
        PersistenceConfig config = database();
        ExecutorService nudgesOne = Executors.newSingleThreadExecutor();
        ExecutorService nudgesTwo = Executors.newSingleThreadExecutor();
        ScheduledExecutorService periodic = Executors.newScheduledThreadPool(2);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        AtomicInteger byOne = new AtomicInteger();
        AtomicInteger byTwo = new AtomicInteger();
        try (Database one = Database.open(config); Database two = Database.open(config)) {
            OutboxRelay relayOne = relay(one, "instance-1", nudgesOne, byOne);
            OutboxRelay relayTwo = relay(two, "instance-2", nudgesTwo, byTwo);
            for (OutboxRelay relay : List.of(relayOne, relayTwo)) {
                periodic.scheduleWithFixedDelay(() -> {
                    try {
                        relay.pass();
                    } catch (RuntimeException e) {
                        // the next pass tries again
                    }
                }, 20, 20, TimeUnit.MILLISECONDS);
            }

            OutboxDomainEvents recorderOne = new OutboxDomainEvents(one.outbox(), one.transactions(), relayOne);
            OutboxDomainEvents recorderTwo = new OutboxDomainEvents(two.outbox(), two.transactions(), relayTwo);
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writing.add(writers.submit(() -> {
                    for (int i = 0; i < EVENTS / WRITERS; i++) {
                        // each aggregate belongs to one writer, so its revisions are appended in order; each
                        // revision on the other instance than the one before
                        long revision = i / AGGREGATES_PER_WRITER + 1;
                        boolean onOne = revision % 2 == 0;
                        Database instance = onOne ? one : two;
                        DomainEvent event = revision("w" + writer + "-a" + (i % AGGREGATES_PER_WRITER), revision,
                                "w" + writer + "-e" + i);
                        if (handOver) {
                            OutboxDomainEvents recorder = onOne ? recorderOne : recorderTwo;
                            instance.transactions().atomically(() -> {
                                recorder.record(List.of(event));
                                return null;
                            });
                        } else {
                            instance.transactions().atomically(() -> {
                                instance.outbox().append(List.of(event));
                                return null;
                            });
                            (onOne ? relayOne : relayTwo).nudge();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writing) {
                writer.get(2, TimeUnit.MINUTES);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deliveries.size() < EVENTS && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            periodic.shutdown();
            assertTrue(periodic.awaitTermination(30, TimeUnit.SECONDS));
            nudgesOne.shutdown();
            nudgesTwo.shutdown();
            assertTrue(nudgesOne.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(nudgesTwo.awaitTermination(30, TimeUnit.SECONDS));
            relayOne.pass();
            relayTwo.pass();

            assertEquals(EVENTS, deliveries.size(), "every event delivered");
            List<String> twice = deliveries.entrySet().stream().filter(e -> e.getValue().get() != 1)
                    .map(e -> e.getKey() + " x" + e.getValue().get()).toList();
            assertEquals(List.of(), twice, "no event delivered twice");
            synchronized (lastSequence) {
                assertEquals(List.of(), outOfOrder);
            }
            assertEquals(EVENTS, byOne.get() + byTwo.get());
            assertTrue(byOne.get() > 0 && byTwo.get() > 0,
                    "both relays took part: " + byOne.get() + " and " + byTwo.get());
            assertEquals(0, one.outbox().backlog().depth());
            assertEquals(0, relayOne.held() + relayTwo.held());
        } finally {
            writers.shutdownNow();
            periodic.shutdownNow();
            nudgesOne.shutdownNow();
            nudgesTwo.shutdownNow();
        }
    }

    private OutboxRelay relay(Database database, String id, ExecutorService nudges, AtomicInteger published) {
        return new OutboxRelay(database.outbox(), bus, () -> Instant.now(), nudges,
                new OutboxRelay.Settings(id, 50, Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofMinutes(10)),
                (event, lag) -> published.incrementAndGet());
    }

    private static DomainEvent revision(String project, long revision, String eventId) {
        Instant now = Instant.now();
        Workflow w = new Workflow(new ProjectId(project), ALICE, project, null, null, "1", WorkflowStatus.ACTIVE, null,
                new ToolName(project), revision, now, now);
        return new WorkflowEvent.Upserted(eventId, w, now);
    }
}
