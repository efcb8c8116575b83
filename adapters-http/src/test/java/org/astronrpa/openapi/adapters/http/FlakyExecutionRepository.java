package org.astronrpa.openapi.adapters.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Unavailable;
import org.astronrpa.openapi.domain.shared.UserId;

/** The in-memory repository, whose reply lookups are counted and can be made to fail like an overloaded database's. */
final class FlakyExecutionRepository implements ExecutionRepository {
    private final InMemoryExecutionRepository store = new InMemoryExecutionRepository();
    private final AtomicInteger failingEventLookups = new AtomicInteger();
    private final AtomicInteger eventLookups = new AtomicInteger();

    /** How many lookups by event id were made. */
    int eventLookups() {
        return eventLookups.get();
    }

    private final AtomicInteger unreachableFinds = new AtomicInteger();

    /** The next {@code n} reads by id throw as the persistence adapter does when the pool cannot give a connection. */
    void failNextFindsUnreachable(int n) {
        unreachableFinds.set(n);
    }

    /** The next {@code n} lookups by event id throw, as the persistence adapter does when its pool timed out. */
    void failNextEventLookups(int n) {
        failingEventLookups.set(n);
    }

    /** What the persistence adapter throws when the pool cannot give a connection in time. */
    private static Unavailable unreachable() {
        return new Unavailable("database", java.time.Duration.ofSeconds(5),
                new java.sql.SQLTransientConnectionException("rpa-mysql - Connection is not available, request timed out"));
    }

    @Override
    public Optional<Execution> findByEventId(String eventId) {
        eventLookups.incrementAndGet();
        if (failingEventLookups.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw unreachable();
        }
        return store.findByEventId(eventId);
    }

    private final AtomicInteger unreachableInserts = new AtomicInteger();

    /** The next {@code n} inserts throw as the persistence adapter does when the pool cannot give a connection. */
    void failNextInsertsUnreachable(int n) {
        unreachableInserts.set(n);
    }

    @Override
    public void insert(Execution execution) {
        if (unreachableInserts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw unreachable();
        }
        store.insert(execution);
    }

    @Override
    public Optional<Execution> find(ExecutionId id) {
        if (unreachableFinds.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw unreachable();
        }
        return store.find(id);
    }

    private volatile java.util.concurrent.CountDownLatch dispatchHeld;
    private final java.util.concurrent.CountDownLatch dispatchReleased = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch dispatchWaiting = new java.util.concurrent.CountDownLatch(1);

    /** The next update to RUNNING waits (as behind a row lock) until {@link #releaseDispatch}. */
    void holdNextDispatch() {
        dispatchHeld = dispatchReleased;
    }

    /** Waits until a dispatch is held. */
    boolean awaitHeldDispatch() throws InterruptedException {
        return dispatchWaiting.await(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    void releaseDispatch() {
        dispatchReleased.countDown();
    }

    @Override
    public void update(Execution current, Execution execution) {
        java.util.concurrent.CountDownLatch held = dispatchHeld;
        if (held != null && execution.status() == ExecutionStatus.RUNNING) {
            dispatchHeld = null;
            dispatchWaiting.countDown();
            try {
                held.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.update(current, execution);
    }

    @Override
    public List<ExecutionId> dueForPurge(java.time.Instant endedBefore, java.time.Instant startedBefore, int limit) {
        return store.dueForPurge(endedBefore, startedBefore, limit);
    }

    @Override
    public List<ExecutionId> purge(List<ExecutionId> due, java.time.Instant endedBefore,
            java.time.Instant startedBefore) {
        return store.purge(due, endedBefore, startedBefore);
    }

    @Override
    public Optional<java.time.Instant> oldestFinished() {
        return store.oldestFinished();
    }

    @Override
    public Page<Execution> page(UserId owner, ExecutionFilter filter, PageRequest page) {
        return store.page(owner, filter, page);
    }

    @Override
    public Optional<Execution> oldestPending(UserId owner) {
        return store.oldestPending(owner);
    }

    @Override
    public java.util.Map<org.astronrpa.openapi.domain.robot.RobotTarget, Long> pendingByTarget(UserId owner) {
        return store.pendingByTarget(owner);
    }

    @Override
    public List<TargetDepth> deepestTargets(int limit) {
        return store.deepestTargets(limit);
    }

    @Override
    public List<QueuedTarget> pendingTargets(UserId owner, int limit) {
        return store.pendingTargets(owner, limit);
    }

    @Override
    public Optional<Execution> oldestPending(UserId owner, org.astronrpa.openapi.domain.robot.RobotTarget target) {
        return store.oldestPending(owner, target);
    }

    @Override
    public List<Execution> running(UserId owner, int limit) {
        return store.running(owner, limit);
    }

    @Override
    public List<UserId> ownersWithPending(UserId after, int limit) {
        return store.ownersWithPending(after, limit);
    }

    @Override
    public List<Execution> overdue(Instant now, int limit) {
        return store.overdue(now, limit);
    }

    @Override
    public Map<ExecutionStatus, Long> countByStatus() {
        return store.countByStatus();
    }
}
