package org.astronrpa.openapi.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.memory.InMemoryExecutionLogStore;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.application.memory.InMemoryJobLeases;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

class PurgeHistoryTest {
    private static final UserId ALICE = new UserId("alice");
    private final TestClock clock = new TestClock();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InMemoryExecutionLogStore logs = new InMemoryExecutionLogStore();
    private final InMemoryJobLeases leases = new InMemoryJobLeases();
    /** Waits by moving the test's clock; never stops. */
    private final PurgeHistory.Pacer PACE = pause -> {
        clock.advance(pause);
        return true;
    };

    private PurgeHistory purge(PurgeHistory.Retention retention, String holder) {
        return new PurgeHistory(executions, logs, Transactions.NONE, leases, clock, retention, holder);
    }

    private static PurgeHistory.Retention days(int executionDays, int logDays, int batch, Duration budget) {
        return new PurgeHistory.Retention(executionDays == 0 ? null : Duration.ofDays(executionDays),
                logDays == 0 ? null : Duration.ofDays(logDays), batch, batch * 2, budget, 100);
    }

    private Execution started(String id) {
        Execution e = Execution.accept(new ExecutionId(id), new ProjectId("p"), ALICE, "{}", null,
                new ExecutionTimeout(600), Duration.ofSeconds(60), clock.now());
        executions.insert(e);
        logs.append(e.id(), clock.now(), "INFO", "started");
        return e;
    }

    private Execution cancelled(String id) {
        Execution e = started(id);
        Execution done = e.cancel(clock.now());
        executions.update(e, done);
        return done;
    }

    private boolean stored(String id) {
        return executions.find(new ExecutionId(id)).isPresent();
    }

    @Test
    void finishedExecutionsPastTheirRetentionGoWithTheirLinesAndNothingElseDoes() {
        cancelled("old-1");
        cancelled("old-2");
        Execution pending = started("pending");
        Execution running = started("running");
        executions.update(running, running.dispatch("robot", "ev", clock.now()));
        clock.advance(Duration.ofDays(8));
        cancelled("recent");
        clock.advance(Duration.ofHours(2));
        PurgeHistory.Report report = purge(days(7, 0, 500, Duration.ofSeconds(20)), "i-1").purge(PACE);

        assertTrue(report.ran());
        assertEquals(2, report.executions());
        assertEquals(2, report.logLines(), "the purged executions' lines");
        assertFalse(report.moreDue());
        assertFalse(stored("old-1") || stored("old-2"));
        assertTrue(stored("pending") && stored("running") && stored("recent"));
        assertEquals(1, logs.after(pending.id(), 0, 10).size());
        assertEquals(Optional.of(clock.now().minus(Duration.ofHours(2))), report.oldestExecution());
    }

    @Test
    void anExecutionThatAnIdempotencyKeyMayStillReturnIsKeptWhateverTheRetention() {
        cancelled("just-started");
        clock.advance(StartExecution.IDEMPOTENCY_WINDOW);
        PurgeHistory.Report report = purge(new PurgeHistory.Retention(Duration.ofMinutes(1), null, 10, 10,
                Duration.ofSeconds(20), 100), "i-1").purge(PACE);
        assertEquals(0, report.executions());
        assertTrue(stored("just-started"), "the key's window and an hour for the clocks");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals(1, purge(new PurgeHistory.Retention(Duration.ofMinutes(1), null, 10, 10, Duration.ofSeconds(20), 100),
                "i-1").purge(PACE).executions());
    }

    @Test
    void logLinesPastTheirOwnRetentionGoFromExecutionsThatStay() {
        Execution e = cancelled("kept");
        clock.advance(Duration.ofDays(31));
        logs.append(e.id(), clock.now(), "INFO", "a late line");
        PurgeHistory.Report report = purge(days(90, 30, 500, Duration.ofSeconds(20)), "i-1").purge(PACE);
        assertEquals(0, report.executions());
        assertEquals(1, report.logLines());
        assertEquals(List.of("a late line"), logs.after(e.id(), 0, 10).stream().map(l -> l.message()).toList());
        assertTrue(stored("kept"));
    }

    @Test
    void oneInstanceAtATimeRunsItAndItGivesTheJobUpAfterARun() {
        cancelled("old");
        clock.advance(Duration.ofDays(100));
        assertTrue(leases.hold(PurgeHistory.JOB, "i-2", clock.now(), PurgeHistory.LEASE));
        PurgeHistory.Report report = purge(PurgeHistory.Retention.days(90, 30, 20), "i-1").purge(PACE);
        assertFalse(report.ran(), "i-2 holds the job");
        assertTrue(stored("old"));
        leases.release(PurgeHistory.JOB, "i-2");
        assertTrue(purge(PurgeHistory.Retention.days(90, 30, 20), "i-1").purge(PACE).ran());
        assertFalse(stored("old"));
        assertTrue(leases.hold(PurgeHistory.JOB, "i-2", clock.now(), PurgeHistory.LEASE), "i-1 gave it up");
    }

    @Test
    void aRunStopsAtItsBudgetWithMoreDueAndTheNextGoesOn() {
        for (int i = 0; i < 5; i++) {
            cancelled("old-" + i);
        }
        clock.advance(Duration.ofDays(10));
        PurgeHistory.Retention tight = days(7, 0, 2, Duration.ZERO);
        PurgeHistory.Report first = purge(tight, "i-1").purge(PACE);
        assertEquals(2, first.executions());
        assertTrue(first.moreDue());
        assertEquals(2, purge(tight, "i-1").purge(PACE).executions());
        PurgeHistory.Report last = purge(tight, "i-1").purge(PACE);
        assertEquals(1, last.executions());
        assertFalse(last.moreDue());
        assertEquals(Optional.empty(), last.oldestExecution());
    }

    @Test
    void keptForeverNothingGoes() {
        cancelled("old");
        clock.advance(Duration.ofDays(10_000));
        PurgeHistory.Report report = purge(PurgeHistory.Retention.days(0, 0, 20), "i-1").purge(PACE);
        assertTrue(report.ran());
        assertEquals(0, report.executions() + report.logLines());
        assertTrue(stored("old"));
    }

    /** Transactions that take {@code took} of the test's clock each: a batch's time. */
    private Transactions taking(Duration took) {
        return new Transactions() {
            @Override
            public <T> T atomically(java.util.function.Supplier<T> work) {
                clock.advance(took);
                return work.get();
            }
        };
    }

    /**
     * Purges {@code old} cancelled executions, ten days old, with batches of 2 that each take {@code took}, at the
     * duty given within the budget given; returns the pauses asked for (each moves the clock).
     */
    private List<Duration> pausesOf(int old, Duration took, int duty, Duration budget) {
        for (int i = 0; i < old; i++) {
            cancelled("old-" + i);
        }
        clock.advance(Duration.ofDays(10));
        List<Duration> pauses = new java.util.ArrayList<>();
        PurgeHistory.Report report = new PurgeHistory(executions, logs, taking(took), leases, clock,
                new PurgeHistory.Retention(Duration.ofDays(7), null, 2, 4, budget, duty), "i-1").purge(pause -> {
                    pauses.add(pause);
                    clock.advance(pause);
                    return true;
                });
        assertTrue(report.executions() > 0);
        return pauses;
    }

    @Test
    void afterEachBatchItWaitsSoThatDeletingHasItsDutyOfTheTime() {
        List<Duration> pauses = pausesOf(7, Duration.ofMillis(200), 20, Duration.ofMinutes(1));
        assertFalse(stored("old-6"), "all seven went");
        assertEquals(List.of(Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofMillis(800)), pauses,
                "three full batches of 200 ms, each followed by 4 × as long: 20 % of the time deleting; none after "
                        + "the last, which found less than a batch");
    }

    @Test
    void aLongBatchIsFollowedByTheLongestPauseAtMost() {
        assertEquals(List.of(PurgeHistory.LONGEST_PAUSE),
                pausesOf(3, Duration.ofSeconds(20), 10, Duration.ofHours(1)));
    }

    @Test
    void whenTheServiceStopsTheRunEndsAfterItsBatchWithMoreDue() {
        for (int i = 0; i < 6; i++) {
            cancelled("old-" + i);
        }
        clock.advance(Duration.ofDays(10));
        PurgeHistory.Report report = purge(new PurgeHistory.Retention(Duration.ofDays(7), Duration.ofDays(7), 2, 4,
                Duration.ofHours(1), 50), "i-1").purge(pause -> false);
        assertEquals(2, report.executions(), "one batch, then the stop");
        assertTrue(report.moreDue());
        assertEquals(4, executions.countByStatus().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(leases.hold(PurgeHistory.JOB, "i-2", clock.now(), PurgeHistory.LEASE), "the job is given up");
    }

    @Test
    void theDutyIsAPercentage() {
        for (int duty : new int[] {0, 101, -5}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> PurgeHistory.Retention.days(90, 30, duty));
            assertTrue(e.getMessage().contains(String.valueOf(duty)), e.getMessage());
        }
        assertEquals(Duration.ZERO, PurgeHistory.Retention.days(90, 30, 100).pauseAfter(Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(3), PurgeHistory.Retention.days(90, 30, 50).pauseAfter(Duration.ofSeconds(3)));
    }

    /** A proxy of {@code port} over {@code target} that notes the names of the calls it passes on. */
    @SuppressWarnings("unchecked")
    private static <T> T noting(Class<T> port, T target, List<String> calls) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * In a batch the lines go before the executions: the executions' delete moves the count rows a start of the same
     * workflow moves too, so it comes last in the transaction, not before the (five times larger) delete of lines.
     */
    @Test
    void aBatchDeletesTheLinesFirstAndTheExecutionsWithTheirCountsLast() {
        cancelled("old-1");
        cancelled("old-2");
        cancelled("old-3");
        clock.advance(Duration.ofDays(8));
        List<String> calls = new java.util.ArrayList<>();
        PurgeHistory purge = new PurgeHistory(
                noting(org.astronrpa.openapi.domain.execution.ExecutionRepository.class, executions, calls),
                noting(org.astronrpa.openapi.domain.execution.ExecutionLogStore.class, logs, calls),
                Transactions.NONE, leases, clock, days(7, 0, 2, Duration.ofSeconds(20)), "i-1");
        PurgeHistory.Report report = purge.purge(PACE);

        assertEquals(3, report.executions());
        assertEquals(3, report.logLines());
        assertEquals(List.of("dueForPurge", "deleteOf", "purge", "dueForPurge", "deleteOf", "purge"),
                calls.stream().filter(List.of("dueForPurge", "deleteOf", "purge")::contains).toList());
    }
}
