package org.astronrpa.openapi.application.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/** Clean-up after a lost instance, and the periodic rescan of queues. */
class RecoveryAndRescanTest {
    private static final UserId ALICE = new UserId("alice");

    private final TestClock clock = new TestClock();
    private final Instant t0 = clock.now();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InProcessExecutionEvents events = new InProcessExecutionEvents();
    private final RobotRegistry robots = new RobotRegistry();
    private final AtomicInteger eventIds = new AtomicInteger();
    private final org.astronrpa.openapi.application.change.ExecutionChanges changes = new org.astronrpa.openapi.application.change.ExecutionChanges(executions,
            org.astronrpa.openapi.domain.shared.Transactions.NONE, new org.astronrpa.openapi.application.events.PublishingDomainEvents(events),
            () -> "e-" + eventIds.incrementAndGet(), clock);
    private final Dispatcher dispatcher = new Dispatcher(executions, changes, robots, () -> "ev-" + eventIds.incrementAndGet(),
            clock);

    /** A membership that reports one lost instance, and can be told the instance came back. */
    private static final class FakeMembership implements ClusterMembership {
        final List<LostInstance> lost = new ArrayList<>();
        boolean leading = true;
        boolean cameBack;
        final List<String> forgotten = new ArrayList<>();

        @Override
        public String self() {
            return "survivor";
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public boolean lead(String task, Duration lease) {
            return leading;
        }

        @Override
        public List<LostInstance> lost() {
            return List.copyOf(lost);
        }

        @Override
        public boolean forget(LostInstance instance) {
            if (cameBack) {
                return false;
            }
            forgotten.add(instance.instance());
            lost.remove(instance);
            return true;
        }

        @Override
        public void leave() {
        }
    }

    private Execution running(String id, UserId owner, String connection, Instant dispatchedAt) {
        Execution pending = Execution.accept(new ExecutionId(id), new ProjectId("p"), owner, "{}", null,
                new ExecutionTimeout(600), Duration.ofSeconds(30), t0);
        executions.insert(pending);
        Execution running = pending.dispatch(connection, "ev-" + id, dispatchedAt);
        executions.update(pending, running);
        return running;
    }

    private Execution stored(String id) {
        return executions.find(new ExecutionId(id)).orElseThrow();
    }

    private RecoverLostInstances recovery(FakeMembership membership) {
        return new RecoverLostInstances(executions, changes, dispatcher, membership, clock, Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    @Test
    void onlyRunsTheLostInstanceCertainlyNeverSentReturnToTheQueue() {
        Instant lastBeat = t0.plusSeconds(5);
        running("unmarked-before-beat", ALICE, "a-1", t0.plusSeconds(1));
        running("marked", ALICE, "a-2", t0.plusSeconds(2));
        running("unmarked-after-beat", ALICE, "a-3", t0.plusSeconds(6));
        running("elsewhere", ALICE, "b-1", t0.plusSeconds(1));
        FakeMembership membership = new FakeMembership();
        membership.lost.add(new ClusterMembership.LostInstance("a", List.of(
                new ClusterMembership.LostConnection("a-1", "alice", null),
                new ClusterMembership.LostConnection("a-2", "alice", new ExecutionId("marked")),
                new ClusterMembership.LostConnection("a-3", "alice", null)), lastBeat));
        List<Execution> heard = new CopyOnWriteArrayList<>();
        events.subscribe(new org.astronrpa.openapi.domain.execution.ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                heard.add(execution);
            }

            @Override
            public void logAppended(UserId owner, String projectId, org.astronrpa.openapi.domain.execution.LogLine line) {
            }
        });

        clock.advance(Duration.ofSeconds(20));
        assertEquals(1, recovery(membership).recover());

        Execution back = stored("unmarked-before-beat");
        assertEquals(ExecutionStatus.PENDING, back.status());
        assertNull(back.eventId(), "a late reply to the lost claim's event finds nothing");
        assertEquals(List.of(back), heard);
        assertEquals(ExecutionStatus.RUNNING, stored("marked").status(), "it was sent: reply or timeout ends it");
        assertEquals(ExecutionStatus.RUNNING, stored("unmarked-after-beat").status(),
                "claimed after the last beat, it may have been sent while cut off");
        assertEquals(ExecutionStatus.RUNNING, stored("elsewhere").status());
        assertEquals(List.of("a"), membership.forgotten);
        assertEquals(0, recovery(membership).recover(), "forgotten: nothing more to do");
    }

    @Test
    void aRequeuedRunGoesToAnIdleRobotOfItsOwnerAtOnce() {
        running("unmarked", ALICE, "a-1", t0.plusSeconds(1));
        List<RunOrder> sent = new CopyOnWriteArrayList<>();
        robots.connected(new RobotRegistry.Robot("here-1", ALICE, t0, "127.0.0.1", channel(sent)));
        FakeMembership membership = new FakeMembership();
        membership.lost.add(new ClusterMembership.LostInstance("a",
                List.of(new ClusterMembership.LostConnection("a-1", "alice", null)), t0.plusSeconds(5)));
        recovery(membership).recover();
        assertEquals(List.of("unmarked"), sent.stream().map(o -> o.executionId().value()).toList());
        assertEquals(ExecutionStatus.RUNNING, stored("unmarked").status());
        assertEquals("here-1", stored("unmarked").robotId());
    }

    @Test
    void nothingHappensWhenTheInstanceBeatAgainNoBeatIsKnownOrAnotherInstanceLeads() {
        running("unmarked", ALICE, "a-1", t0.plusSeconds(1));
        FakeMembership cameBack = new FakeMembership();
        cameBack.cameBack = true;
        cameBack.lost.add(new ClusterMembership.LostInstance("a",
                List.of(new ClusterMembership.LostConnection("a-1", "alice", null)), t0.plusSeconds(5)));
        assertEquals(0, recovery(cameBack).recover());

        FakeMembership noBeat = new FakeMembership();
        noBeat.lost.add(new ClusterMembership.LostInstance("a",
                List.of(new ClusterMembership.LostConnection("a-1", "alice", null)), null));
        assertEquals(0, recovery(noBeat).recover(), "without a recorded beat nothing is certain");

        FakeMembership follower = new FakeMembership();
        follower.leading = false;
        follower.lost.add(new ClusterMembership.LostInstance("a",
                List.of(new ClusterMembership.LostConnection("a-1", "alice", null)), t0.plusSeconds(5)));
        assertEquals(0, recovery(follower).recover());
        assertEquals(List.of(), follower.forgotten);
        assertEquals(ExecutionStatus.RUNNING, stored("unmarked").status());
    }

    @Test
    void theRescanPagesThroughEveryOwnerWithQueuedWorkAndDispatchesToIdleRobotsHere() {
        for (String owner : List.of("u1", "u2", "u3", "u4", "u5")) {
            executions.insert(Execution.accept(new ExecutionId("q-" + owner), new ProjectId("p"), new UserId(owner), "{}",
                    null, new ExecutionTimeout(600), Duration.ofSeconds(30), t0));
        }
        List<RunOrder> sent = new CopyOnWriteArrayList<>();
        // robots registered without a dispatch, as if the request that should have woken them was lost
        robots.connected(new RobotRegistry.Robot("r-1", new UserId("u1"), t0, "x", channel(sent)));
        robots.connected(new RobotRegistry.Robot("r-5", new UserId("u5"), t0, "x", channel(sent)));
        RescanQueues rescan = new RescanQueues(executions, robots, dispatcher, 2);
        int dispatched = 0;
        for (int pass = 0; pass < 3; pass++) {
            dispatched += rescan.rescan();
        }
        assertEquals(2, dispatched, "u5 comes round although each pass reads two owners");
        assertEquals(List.of("q-u1", "q-u5"), sent.stream().map(o -> o.executionId().value()).sorted().toList());
        assertEquals(ExecutionStatus.PENDING, stored("q-u2").status(), "no robot of u2 here");
    }

    private static RobotChannel channel(List<RunOrder> sent) {
        return new RobotChannel() {
            @Override
            public boolean sendRun(RunOrder order) {
                sent.add(order);
                return true;
            }

            @Override
            public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
            }
        };
    }
}
