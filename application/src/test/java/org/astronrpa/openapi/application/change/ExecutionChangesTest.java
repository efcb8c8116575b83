package org.astronrpa.openapi.application.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.application.TestClock;
import org.junit.jupiter.api.Test;

class ExecutionChangesTest {
    private final TestClock clock = new TestClock();
    private final InMemoryExecutionRepository stored = new InMemoryExecutionRepository();
    private final List<DomainEvent> recorded = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Before each update, this many times, another writer changes the execution first. */
    private final AtomicInteger racesToLose = new AtomicInteger();

    private final ExecutionRepository racing = (ExecutionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ExecutionRepository.class}, (proxy, method, args) -> {
                if (method.getName().equals("update") && racesToLose.getAndDecrement() > 0) {
                    Execution mine = (Execution) args[1];
                    Execution theirs = stored.find(mine.id()).orElseThrow();
                    stored.update(theirs, theirs.postponeDispatchDeadline(theirs.dispatchDeadline().plusSeconds(1)));
                }
                try {
                    return method.invoke(stored, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final ExecutionChanges changes = new ExecutionChanges(racing, Transactions.NONE, recorded::addAll,
            () -> "event-" + ids.incrementAndGet(), clock);

    private Execution accepted() {
        Execution e = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), clock.now());
        changes.accept(e);
        return e;
    }

    @Test
    void acceptingRecordsThatTheExecutionWasQueued() {
        Execution e = accepted();
        ExecutionEvent.Queued queued = assertInstanceOf(ExecutionEvent.Queued.class, recorded.getFirst());
        assertEquals(e, queued.execution());
        assertEquals("event-1", queued.eventId());
        assertEquals(1, queued.sequence());
        assertEquals(clock.now(), queued.occurredAt());
    }

    @Test
    void acceptingAnExecutionDispatchedAtOnceStoresItOnceAndRecordsBothEventsInOrder() {
        Execution e = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), clock.now());
        Execution running = e.dispatch("robot", "run-1", clock.now());
        changes.accept(e, running);
        assertEquals(running, stored.find(e.id()).orElseThrow());
        assertEquals(2, recorded.size());
        assertEquals(e, assertInstanceOf(ExecutionEvent.Queued.class, recorded.get(0)).execution());
        assertEquals(running, assertInstanceOf(ExecutionEvent.Dispatched.class, recorded.get(1)).execution());
        assertEquals(List.of(1L, 2L), recorded.stream().map(DomainEvent::sequence).toList());
    }

    @Test
    void acceptingAsAnythingButTheNextVersionIsRefusedAndStoresNothing() {
        Execution e = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"), "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), clock.now());
        Execution twoAhead = e.dispatch("robot", "run-1", clock.now()).cancel(clock.now());
        Execution other = Execution.accept(new ExecutionId("e-2"), new ProjectId("p-1"), new UserId("alice"), "{}",
                null, new ExecutionTimeout(60), Duration.ofSeconds(30), clock.now()).dispatch("r", "run-2", clock.now());
        assertThrows(IllegalArgumentException.class, () -> changes.accept(e, twoAhead));
        assertThrows(IllegalArgumentException.class, () -> changes.accept(e, other));
        assertTrue(stored.find(e.id()).isEmpty());
        assertTrue(stored.find(other.id()).isEmpty());
        assertTrue(recorded.isEmpty());
    }

    @Test
    void aLostRaceIsDecidedAgainOnTheStoredExecutionAndRecordsOneEvent() {
        Execution e = accepted();
        racesToLose.set(2);
        var outcome = changes.change(e, (current, now) -> current.dispatch("robot", "run-1", now));
        var changed = assertInstanceOf(ExecutionChanges.Outcome.Changed.class, outcome);
        assertEquals(4, changed.after().version());   // two postponements by the other writer came first
        assertEquals(changed.after(), stored.find(e.id()).orElseThrow());
        assertEquals(2, recorded.size());
        ExecutionEvent.Dispatched dispatched = assertInstanceOf(ExecutionEvent.Dispatched.class, recorded.get(1));
        assertEquals(4, dispatched.sequence());
    }

    @Test
    void whatMustHoldBeforeAChangeIsHeardRunsOnceWithTheStoredVersionBeforeItsEventIsRecorded() {
        Execution e = accepted();
        racesToLose.set(1);
        List<String> seen = new ArrayList<>();
        var outcome = changes.change(e, (current, now) -> current.dispatch("robot", "run-1", now),
                stored -> seen.add("v" + stored.version() + " after " + recorded.size() + " event(s)"));
        var changed = assertInstanceOf(ExecutionChanges.Outcome.Changed.class, outcome);
        assertEquals(List.of("v" + changed.after().version() + " after 1 event(s)"), seen);
        assertEquals(2, recorded.size());
    }

    @Test
    void aChangeThatLosesEveryAttemptReportsTheConflictAndRecordsNothing() {
        Execution e = accepted();
        racesToLose.set(LostRaces.ATTEMPTS);
        assertThrows(ConcurrentUpdate.class, () -> changes.change(e.id(), (current, now) -> current.cancel(now)));
        assertEquals(ExecutionStatus.PENDING, stored.find(e.id()).orElseThrow().status());
        assertEquals(1, recorded.size());
    }

    @Test
    void aDecisionToStayAsItIsWritesAndRecordsNothing() {
        Execution e = accepted();
        var outcome = changes.change(e.id(), (current, now) -> current);
        assertEquals(new ExecutionChanges.Outcome.Unchanged(e), outcome);
        assertEquals(1, recorded.size());
        assertEquals(new ExecutionChanges.Outcome.Missing(new ExecutionId("nope")),
                changes.change(new ExecutionId("nope"), (current, now) -> current.cancel(now)));
    }

    @Test
    void aRunWithoutAReplyInTimeIsRecordedAsTimedOutAndOtherFailuresAsFailed() {
        Execution e = accepted();
        changes.change(e.id(), (current, now) -> current.dispatch("robot", "run-1", now));
        changes.change(e.id(), (current, now) -> current.fail(ErrorCode.TIMEOUT, "no reply", now));
        assertInstanceOf(ExecutionEvent.TimedOut.class, recorded.getLast());

        Execution other = Execution.accept(new ExecutionId("e-2"), new ProjectId("p-1"), new UserId("alice"), "{}",
                null, new ExecutionTimeout(60), Duration.ofSeconds(30), clock.now());
        changes.accept(other);
        changes.change(other.id(), (current, now) -> current.fail(ErrorCode.ROBOT_OFFLINE, "no robot", now));
        assertInstanceOf(ExecutionEvent.Failed.class, recorded.getLast());
        assertTrue(recorded.stream().map(DomainEvent::eventId).distinct().count() == recorded.size());
    }
}
