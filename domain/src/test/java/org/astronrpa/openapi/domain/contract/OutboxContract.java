package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Outbox.Entry;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Outbox} must do; subclassed once per adapter. */
public abstract class OutboxContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00.125Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private Outbox outbox;
    private int ids;

    /** An outbox with nothing in it. */
    protected abstract Outbox emptyOutbox();

    /** The transactions of the store the outbox writes to. */
    protected abstract Transactions transactions();

    @BeforeEach
    void setUp() {
        outbox = emptyOutbox();
    }

    private String nextId() {
        return "ev-" + (++ids);
    }

    private WorkflowEvent.Upserted revision(String project, long revision) {
        Workflow w = new Workflow(new ProjectId(project), ALICE, "发票 " + project, "invoice", null, "1.0",
                WorkflowStatus.ACTIVE, new ParametersSchema("{\"type\":\"object\"}"), new ToolName("invoice_" + project),
                revision, T0, T0.plusSeconds(revision));
        return new WorkflowEvent.Upserted(nextId(), w, T0.plusSeconds(revision));
    }

    private static List<DomainEvent> events(List<Entry> entries) {
        return entries.stream().map(Entry::event).toList();
    }

    private static final org.astronrpa.openapi.domain.robot.Robot DESK = org.astronrpa.openapi.domain.robot.Robot.newlySeen(
            ALICE, new org.astronrpa.openapi.domain.robot.RobotIdentity(new org.astronrpa.openapi.domain.robot.RobotId("Desk-1"),
                    "前台", "PC-01", "sim", "2.1", List.of("excel", "browser"),
                    org.astronrpa.openapi.domain.robot.RobotLabels.of("labels", java.util.Map.of("os", "windows",
                            "site", "paris"))), T0);
    private static final org.astronrpa.openapi.domain.robot.Robot BARE = org.astronrpa.openapi.domain.robot.Robot.newlySeen(
            ALICE, new org.astronrpa.openapi.domain.robot.RobotIdentity(new org.astronrpa.openapi.domain.robot.RobotId("d2"),
                    null, null, null, null, List.of(), null), T0);

    @Test
    void everyKindOfEventComesBackAsItWasAppended() {
        // (robots below: one that said everything of itself, one that said nothing but its id)
        Execution queued = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), ALICE, "{\"n\":1}", null,
                new ExecutionTimeout(600), Duration.ofSeconds(60), T0,
                org.astronrpa.openapi.domain.robot.RobotTarget.robot(new org.astronrpa.openapi.domain.robot.RobotId("Desk-1")))
                .inBatch("batch-1").forRevision(4);
        Execution running = queued.dispatch("robot-1", "run-1", T0.plusMillis(1500));
        Execution done = running.finish(new RobotReply.ObjectReply("0000", "", "{\"rows\":[1,\"二\"]}"), T0.plusSeconds(3));
        Execution failed = Execution.accept(new ExecutionId("e-2"), new ProjectId("p-1"), ALICE, "{}", "EDITOR",
                new ExecutionTimeout(1), Duration.ZERO, T0).fail(ErrorCode.ROBOT_OFFLINE, "no robot", T0);
        Execution timedOut = Execution.accept(new ExecutionId("e-3"), new ProjectId("p-1"), ALICE, "{}", null,
                new ExecutionTimeout(1), Duration.ZERO, T0).dispatch("r", "run-3", T0).fail(ErrorCode.TIMEOUT, "late",
                T0.plusSeconds(2));
        Execution cancelled = Execution.accept(new ExecutionId("e-4"), new ProjectId("p-1"), ALICE, "{}", null,
                new ExecutionTimeout(1), Duration.ZERO, T0).cancel(T0.plusNanos(123_456_789));
        Workflow workflow = revision("p-1", 1).workflow();
        List<DomainEvent> appended = List.of(
                new ExecutionEvent.Queued(nextId(), queued, T0),
                new ExecutionEvent.Dispatched(nextId(), running, T0.plusMillis(1500)),
                new ExecutionEvent.Completed(nextId(), done, T0.plusSeconds(3)),
                new ExecutionEvent.Failed(nextId(), failed, T0),
                new ExecutionEvent.TimedOut(nextId(), timedOut, T0.plusSeconds(2)),
                new ExecutionEvent.Cancelled(nextId(), cancelled, T0.plusNanos(123_456_789)),
                new WorkflowEvent.Upserted(nextId(), workflow, T0),
                new WorkflowEvent.Upserted(nextId(), new Workflow(new ProjectId("p-2"), ALICE, "n", null, null, "1",
                        WorkflowStatus.INACTIVE, null, new ToolName("n"), 3, T0, T0), T0),
                WorkflowEvent.Deleted.of(nextId(), workflow, T0.plusSeconds(5)),
                new ApiKeyEvent.Created(nextId(), "key-1", ALICE, T0),
                new ApiKeyEvent.Revoked(nextId(), "key-1", ALICE, T0.plusSeconds(9)),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Online(nextId(), DESK, "robot-c1", "rpa-1", T0, T0),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Offline(nextId(), DESK.seen(T0.plusSeconds(1)),
                        "robot-c1", T0.plusSeconds(1)),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Changed(nextId(), BARE, T0),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Drained(nextId(), DESK, T0),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Revoked(nextId(), BARE, T0),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Deleted(nextId(), DESK, T0.plusSeconds(2)),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Fired(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-1"), ALICE, "p-1", 2,
                        T0.minusSeconds(1), new ExecutionId("e-9"), T0),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.NotFired(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-1"), ALICE, "p-1", 3, T0,
                        org.astronrpa.openapi.domain.schedule.Occurrence.Outcome.SKIPPED, "the previous run is active",
                        T0.plusSeconds(1)),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.NotFired(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-1"), ALICE, "p-1", 4, T0,
                        org.astronrpa.openapi.domain.schedule.Occurrence.Outcome.MISSED, null, T0.plusSeconds(1)),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.NotFired(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-1"), ALICE, "p-1", 5, T0,
                        org.astronrpa.openapi.domain.schedule.Occurrence.Outcome.FAILED_TO_FIRE, "the workflow is gone",
                        T0.plusSeconds(1)),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Paused(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-1"), ALICE, "p-1", 6,
                        "the workflow p-1 was deleted", T0.plusSeconds(2)),
                new org.astronrpa.openapi.domain.webhook.WebhookEvent.Disabled(nextId(),
                        new org.astronrpa.openapi.domain.webhook.WebhookId("w-1"), ALICE, 7,
                        "https://hooks.example.com/rpa?x=1", "the receiver answered 410 Gone", T0.plusSeconds(3)),
                new org.astronrpa.openapi.domain.robot.RobotEvent.Enrolled(nextId(), DESK, T0),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-2"), ALICE, "p-1", 1,
                        org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed.Change.CREATED, T0),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-2"), ALICE, "p-1", 2,
                        org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed.Change.UPDATED, T0),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-2"), ALICE, "p-1", 3,
                        org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed.Change.RESUMED, T0),
                new org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.schedule.ScheduleId("s-2"), ALICE, "p-1", 4,
                        org.astronrpa.openapi.domain.schedule.ScheduleEvent.Changed.Change.DELETED, T0),
                new org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.webhook.WebhookId("w-2"), ALICE, 1,
                        org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed.Change.CREATED, T0),
                new org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.webhook.WebhookId("w-2"), ALICE, 2,
                        org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed.Change.UPDATED, T0),
                new org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.webhook.WebhookId("w-2"), ALICE, 3,
                        org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed.Change.SECRET_ROTATED, T0),
                new org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed(nextId(),
                        new org.astronrpa.openapi.domain.webhook.WebhookId("w-2"), ALICE, 4,
                        org.astronrpa.openapi.domain.webhook.WebhookEvent.Changed.Change.DELETED, T0));
        outbox.append(appended);

        List<Entry> claimed = outbox.claim("relay-a", 100, T0, LEASE);

        assertEquals(appended, events(claimed));
        for (int i = 1; i < claimed.size(); i++) {
            assertTrue(claimed.get(i).position() > claimed.get(i - 1).position(), "positions grow");
        }
    }

    @Test
    void aClaimGivesAtMostTheLimitOldestFirstAndAPublishedEntryIsNotGivenAgain() {
        List<DomainEvent> appended = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            appended.add(revision("p-" + i, 1));
        }
        outbox.append(appended);

        List<Entry> first = outbox.claim("relay-a", 2, T0, LEASE);
        assertEquals(appended.subList(0, 2), events(first));
        outbox.published(first, T0);
        assertEquals(appended.subList(2, 5), events(outbox.claim("relay-a", 10, T0, LEASE)));
        // what a relay holds it has in hand: not given again, not even to it, while its lease lives
        assertEquals(List.of(), events(outbox.claim("relay-a", 10, T0, LEASE)));
        assertEquals(appended.subList(2, 5), events(outbox.claim("relay-a", 10, T0.plus(LEASE).plusMillis(1), LEASE)));
    }

    @Test
    void aLeasedAppendIsThatRelaysAloneUntilItsLeaseRunsOut() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted y1 = revision("y", 1);

        List<Entry> leased = outbox.append(List.of(x1, y1), new Outbox.Lease("relay-a", T0.plus(LEASE)));

        assertEquals(List.of(x1, y1), events(leased));
        assertTrue(leased.get(1).position() > leased.get(0).position(), "positions grow");
        assertEquals(2, outbox.backlog().depth(), "unpublished until the relay marks them");
        assertEquals(List.of(), outbox.claim("relay-b", 10, T0, LEASE));
        assertEquals(List.of(), outbox.claim("relay-a", 10, T0, LEASE), "the relay has them in hand");
        List<Entry> afterLease = outbox.claim("relay-b", 10, T0.plus(LEASE).plusMillis(1), LEASE);
        assertEquals(leased, afterLease, "a relay that died leaves them to the next claim, same positions");
        outbox.published(leased, T0);
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void aLeasedAppendBehindARowHeldElsewhereIsAppendedUnleasedAndClaimedAfterIt() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted x2 = revision("x", 2);
        WorkflowEvent.Upserted y1 = revision("y", 1);
        outbox.append(List.of(x1));
        List<Entry> held = outbox.claim("relay-b", 10, T0, LEASE);

        List<Entry> leased = outbox.append(List.of(x2, y1), new Outbox.Lease("relay-a", T0.plus(LEASE)));

        assertEquals(List.of(y1), events(leased), "x2 waits behind x1, which relay-b holds");
        assertEquals(List.of(), outbox.claim("relay-c", 10, T0, LEASE));
        outbox.published(held, T0);
        assertEquals(List.of(x2), events(outbox.claim("relay-c", 10, T0, LEASE)));
    }

    @Test
    void aLeasedAppendBehindAnUnclaimedRowIsUnleasedAndBehindItsOwnRelaysRowOrAPublishedOneIsLeased() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted x2 = revision("x", 2);
        Outbox.Lease toA = new Outbox.Lease("relay-a", T0.plus(LEASE));
        outbox.append(List.of(x1));
        assertEquals(List.of(), outbox.append(List.of(x2), toA), "x1 waits for a claim: x2 must follow it");
        assertEquals(List.of(x1, x2), events(outbox.claim("relay-b", 10, T0, LEASE)));

        WorkflowEvent.Upserted y1 = revision("y", 1);
        WorkflowEvent.Upserted y2 = revision("y", 2);
        assertEquals(List.of(y1), events(outbox.append(List.of(y1), toA)));
        assertEquals(List.of(y2), events(outbox.append(List.of(y2), toA)), "relay-a publishes its own in order");

        WorkflowEvent.Upserted z1 = revision("z", 1);
        WorkflowEvent.Upserted z2 = revision("z", 2);
        outbox.append(List.of(z1));
        outbox.published(outbox.claim("relay-b", 10, T0, LEASE), T0);
        assertEquals(List.of(z2), events(outbox.append(List.of(z2), toA)), "z1 is published: nothing to wait for");
    }

    @Test
    void aLeaseAloneLeasesWithoutLookingForEarlierRows() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted x2 = revision("x", 2);
        outbox.append(List.of(x1));

        List<Entry> leased = outbox.append(List.of(x2), new Outbox.Lease("relay-a", T0.plus(LEASE), true));

        assertEquals(List.of(x2), events(leased), "the caller vouched that nothing is held elsewhere");
        assertEquals(List.of(x1), events(outbox.claim("relay-b", 10, T0, LEASE)));
    }

    @Test
    void aLeasedAppendRollsBackWithItsTransactionAndEachEndRunsItsOwnActions() {
        Outbox.Lease toA = new Outbox.Lease("relay-a", T0.plus(LEASE));
        List<String> ran = new ArrayList<>();
        try {
            transactions().atomically(() -> {
                assertEquals(1, outbox.append(List.of(revision("y", 1)), toA).size());
                transactions().afterCommit(() -> ran.add("commit 1"));
                transactions().afterRollback(() -> ran.add("rollback 1"));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        WorkflowEvent.Upserted kept = revision("x", 1);
        List<Entry> leased = transactions().atomically(() -> {
            List<Entry> appended = outbox.append(List.of(kept), toA);
            transactions().afterCommit(() -> ran.add("commit 2"));
            transactions().afterRollback(() -> ran.add("rollback 2"));
            return appended;
        });

        assertEquals(List.of("rollback 1", "commit 2"), ran);
        assertEquals(List.of(kept), events(leased));
        assertEquals(1, outbox.backlog().depth());
        assertEquals(leased, outbox.claim("relay-b", 10, T0.plus(LEASE).plusMillis(1), LEASE));
    }

    @Test
    void anotherRelayGetsNoEventOfAnAggregateWhileAnEarlierOneIsHeldElsewhere() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted y1 = revision("y", 1);
        WorkflowEvent.Upserted x2 = revision("x", 2);
        WorkflowEvent.Upserted y2 = revision("y", 2);
        outbox.append(List.of(x1, y1));
        outbox.append(List.of(x2, y2));

        List<Entry> a = outbox.claim("relay-a", 1, T0, LEASE);
        assertEquals(List.of(x1), events(a));
        // x2 waits for x1; y1 and y2 are free
        assertEquals(List.of(y1, y2), events(outbox.claim("relay-b", 10, T0, LEASE)));
        assertEquals(List.of(), events(outbox.claim("relay-c", 10, T0, LEASE)));
        outbox.published(a, T0);
        assertEquals(List.of(x2), events(outbox.claim("relay-c", 10, T0, LEASE)));
    }

    @Test
    void idsThatDifferOnlyInCaseAreDifferentEventsAndDifferentAggregates() {
        ApiKeyEvent lower = new ApiKeyEvent.Created("ev-a", "key-a", ALICE, T0);
        ApiKeyEvent upper = new ApiKeyEvent.Created("EV-A", "KEY-A", ALICE, T0);
        outbox.append(List.of(lower, upper));

        assertEquals(List.of(lower), events(outbox.claim("relay-a", 1, T0, LEASE)));
        assertEquals(List.of(upper), events(outbox.claim("relay-b", 1, T0, LEASE)), "KEY-A does not wait for key-a");
    }

    @Test
    void rowsOfARelayWhoseLeaseLapsedAreClaimedAgain() {
        outbox.append(List.of(revision("x", 1), revision("y", 1)));
        List<Entry> a = outbox.claim("relay-a", 10, T0, LEASE);
        assertEquals(2, a.size());

        assertEquals(List.of(), outbox.claim("relay-b", 10, T0.plus(LEASE).minusMillis(1), LEASE));
        List<Entry> b = outbox.claim("relay-b", 10, T0.plus(LEASE).plusMillis(1), LEASE);

        assertEquals(events(a), events(b));
        assertEquals(List.of(), outbox.claim("relay-a", 10, T0.plus(LEASE).plusMillis(2), LEASE));
    }

    @Test
    void theBacklogCountsTheUnpublishedAndTellsTheOldest() {
        assertEquals(new Outbox.Backlog(0, Optional.empty()), outbox.backlog());
        outbox.append(List.of(revision("x", 1), revision("x", 2), revision("y", 5)));
        outbox.published(outbox.claim("relay-a", 1, T0, LEASE), T0);

        Outbox.Backlog backlog = outbox.backlog();

        assertEquals(2, backlog.depth());
        assertEquals(Optional.of(T0.plusSeconds(2)), backlog.oldest());
        assertEquals(Duration.ofSeconds(8), backlog.lag(T0.plusSeconds(10)));
        assertEquals(0, backlog.quarantined(), "every event appended here can be read back");
    }

    @Test
    void aPurgeDeletesOnlyEntriesPublishedBeforeTheCutoff() {
        outbox.append(List.of(revision("x", 1), revision("y", 1), revision("z", 1), revision("w", 1)));
        outbox.published(outbox.claim("relay-a", 2, T0, LEASE), T0);
        outbox.published(outbox.claim("relay-a", 1, T0, LEASE), T0.plusSeconds(10));

        assertEquals(2, outbox.purgePublishedBefore(T0.plusSeconds(5)));

        assertEquals(1, outbox.backlog().depth());
        assertEquals(1, outbox.claim("relay-b", 10, T0.plus(LEASE).plusSeconds(1), LEASE).size());
        assertEquals(1, outbox.purgePublishedBefore(T0.plus(Duration.ofDays(1))));
        assertEquals(1, outbox.backlog().depth(), "an unpublished entry stays, however old");
    }

    @Test
    void anAppendRollsBackWithItsTransactionAndCommitsWithIt() {
        WorkflowEvent.Upserted kept = revision("x", 1);
        try {
            transactions().atomically(() -> {
                outbox.append(List.of(revision("y", 1)));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        transactions().atomically(() -> {
            outbox.append(List.of(kept));
            return null;
        });

        assertEquals(1, outbox.backlog().depth());
        assertEquals(List.of(kept), events(outbox.claim("relay-a", 10, T0, LEASE)));
    }

    @Test
    void concurrentRelaysNeverGetTheSameEntryAndPublishEachAggregateInOrder() throws Exception {
        int aggregates = 20;
        int perAggregate = 10;
        for (int revision = 1; revision <= perAggregate; revision++) {
            List<DomainEvent> change = new ArrayList<>();
            for (int a = 0; a < aggregates; a++) {
                change.add(revision("agg-" + a, revision));
            }
            outbox.append(change);
        }
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        Map<Long, String> claimedBy = new HashMap<>();
        List<String> twice = Collections.synchronizedList(new ArrayList<>());
        int relays = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(relays);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < relays; r++) {
                String relay = "relay-" + r;
                running.add(pool.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (outbox.backlog().depth() > 0 && System.nanoTime() < deadline) {
                        List<Entry> batch = outbox.claim(relay, 7, T0, LEASE);
                        for (Entry entry : batch) {
                            synchronized (claimedBy) {
                                String earlier = claimedBy.put(entry.position(), relay);
                                if (earlier != null && !earlier.equals(relay)) {
                                    twice.add(entry.position() + " by " + earlier + " and " + relay);
                                }
                            }
                            published.add(entry.event().aggregateId() + "#" + entry.event().sequence());
                        }
                        outbox.published(batch, T0);
                        if (batch.isEmpty()) {
                            Thread.sleep(1);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> relay : running) {
                relay.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(0, twice.size(), () -> "entries claimed twice: " + twice.subList(0, Math.min(10, twice.size())));
        assertEquals(aggregates * perAggregate, claimedBy.size());
        assertEquals(aggregates * perAggregate, new HashSet<>(published).size());
        Map<String, Long> last = new HashMap<>();
        Set<String> outOfOrder = new HashSet<>();
        for (String event : List.copyOf(published)) {
            String aggregate = event.substring(0, event.indexOf('#'));
            long sequence = Long.parseLong(event.substring(event.indexOf('#') + 1));
            Long before = last.put(aggregate, sequence);
            if (before != null && before >= sequence) {
                outOfOrder.add(event + " after #" + before);
            }
        }
        assertEquals(Set.of(), outOfOrder);
    }
}
