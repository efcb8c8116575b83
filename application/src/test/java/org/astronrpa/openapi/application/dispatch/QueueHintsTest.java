package org.astronrpa.openapi.application.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.domain.contract.Await;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.NeverSent;
import org.astronrpa.openapi.domain.execution.Requeue;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/**
 * Queued work reaches the robots of other instances through the execution bus: two instances share the
 * executions and one bus (as Redis joins them), each with its own robots and dispatcher following the bus.
 */
class QueueHintsTest {
    private static final UserId ALICE = new UserId("alice");

    private final TestClock clock = new TestClock();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InProcessExecutionEvents bus = new InProcessExecutionEvents();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutionChanges changes = new ExecutionChanges(executions, Transactions.NONE,
            new PublishingDomainEvents(bus), () -> "e-" + ids.incrementAndGet(), clock);
    private final Instance a = new Instance();
    private final Instance b = new Instance();

    private final class Instance {
        final RobotRegistry robots = new RobotRegistry();
        final Dispatcher dispatcher = new Dispatcher(executions, changes, robots, () -> "ev-" + ids.incrementAndGet(),
                clock);
        final List<RunOrder> sent = new CopyOnWriteArrayList<>();

        Instance() {
            dispatcher.followQueues(bus);
        }

        void robot(String connectionId) {
            robots.connected(new RobotRegistry.Robot(connectionId, ALICE, clock.now(), "127.0.0.1", new RobotChannel() {
                @Override
                public boolean sendRun(RunOrder order) {
                    sent.add(order);
                    return true;
                }

                @Override
                public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
                }
            }));
        }
    }

    @Test
    void workQueuedOnAnInstanceWithoutARobotGoesToTheIdleRobotOfAnotherThatHearsItOnTheBus() {
        b.robot("b-1");
        Execution queued = accept("x-1");

        Await.until(() -> b.sent.size() == 1, "the robot on the other instance was sent the run");
        assertEquals("x-1", b.sent.get(0).executionId().value());
        assertEquals(ExecutionStatus.RUNNING, stored(queued).status());
        assertEquals("b-1", stored(queued).robotId());
        assertEquals(List.of(), a.sent);
    }

    @Test
    void workPutBackInTheQueueReachesAnIdleRobotElsewhereToo() {
        a.robot("a-1");
        Execution queued = accept("x-2");
        Await.until(() -> a.sent.size() == 1, "sent to the robot on a");
        // a's robot vanished before the run reached it: the run goes back to the queue, which b hears
        b.robot("b-1");
        String run = stored(queued).eventId();
        changes.change(stored(queued).id(), (current, now) ->
                switch (current.requeueIfNeverSent(run, new NeverSent.SendRefused(), now, Duration.ofSeconds(30))) {
                    case Requeue.Requeued(Execution next) -> next;
                    case Requeue.MaybeSent(Execution unchanged) -> unchanged;
                    case Requeue.NotThatRun(Execution unchanged) -> unchanged;
                });

        Await.until(() -> b.sent.size() == 1, "the requeued run went to b's robot");
        assertEquals("b-1", stored(queued).robotId());
    }

    @Test
    void anExecutionThisInstanceIsStartingIsLeftToTheStartingRequestsOwnDispatch() throws Exception {
        a.robot("a-1");
        Execution queued;
        try (Dispatcher.StartingHere starting = a.dispatcher.startingHere(new ExecutionId("x-3"))) {
            queued = accept("x-3");
            Thread.sleep(200);   // time enough for a hint, were it (wrongly) acted on
            assertEquals(List.of(), a.sent, "not dispatched behind the starting request's back");
            List<Execution> dispatched = a.dispatcher.queued(ALICE);
            assertEquals(List.of("x-3"), dispatched.stream().map(e -> e.id().value()).toList(),
                    "the starting request's own dispatch took it");
        }
        assertEquals(1, a.sent.size());
        assertEquals(ExecutionStatus.RUNNING, stored(queued).status());
    }

    @Test
    void aHintForAnOwnerWithoutAnIdleRobotHereDoesNothing() throws Exception {
        Execution queued = accept("x-4");
        Thread.sleep(200);
        assertEquals(ExecutionStatus.PENDING, stored(queued).status());
        assertEquals(List.of(), a.sent);
        assertEquals(List.of(), b.sent);
    }

    private Execution accept(String id) {
        Execution execution = Execution.accept(new ExecutionId(id), new ProjectId("p"), ALICE, "{}", null,
                new ExecutionTimeout(600), Duration.ofSeconds(30), clock.now());
        changes.accept(execution);
        return execution;
    }

    private Execution stored(Execution execution) {
        return executions.find(execution.id()).orElseThrow();
    }
}
