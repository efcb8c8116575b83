package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KeyRuns} must do; subclassed once per adapter, with the execution store it counts with. */
public abstract class KeyRunsContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    private static final UserId ALICE = new UserId("alice");

    private KeyRuns runs;
    private ExecutionRepository executions;

    /** The reservations of an empty store, and the store of executions they are counted with. */
    protected abstract KeyRuns emptyRuns();

    /** The executions {@link #emptyRuns()} counts with (called after it). */
    protected abstract ExecutionRepository executions();

    /** Where {@link #emptyRuns()} keeps its keys: the starts of a key are serialised on its stored record. */
    protected abstract org.astronrpa.openapi.domain.apikey.ApiKeyStore keys();

    @BeforeEach
    void setUp() {
        runs = emptyRuns();
        executions = executions();
        for (String id : List.of("k-1", "k-2")) {
            keys().insert(new org.astronrpa.openapi.domain.apikey.ApiKey(id, ALICE, "key", "rpa_" + id,
                    (id + "-hash").repeat(8).substring(0, 64), T0, null, null, null));
        }
    }

    private Execution stored(String id, Instant at) {
        Execution run = Execution.accept(new ExecutionId(id), new ProjectId("p-1"), ALICE, "{}", null,
                new ExecutionTimeout(600), Duration.ofSeconds(60), at);
        executions.insert(run);
        return run;
    }

    @Test
    void aKeyGetsNoMoreThanItsLimitOfUnfinishedRunsAndFinishedOnesFreeTheirPlace() {
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("r-1")), 2, T0));
        Execution first = stored("r-1", T0);
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("r-2")), 2, T0));
        stored("r-2", T0);
        assertFalse(runs.reserve("k-1", List.of(new ExecutionId("r-3")), 2, T0));
        assertEquals(2, runs.unfinished("k-1", T0));
        assertTrue(runs.reserve("k-2", List.of(new ExecutionId("o-1")), 1, T0), "another key has its own count");

        executions.update(first, first.cancel(T0.plusSeconds(1)));
        assertEquals(1, runs.unfinished("k-1", T0.plusSeconds(1)));
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("r-3")), 2, T0.plusSeconds(1)));
    }

    @Test
    void aBatchIsReservedWholeOrNotAtAll() {
        assertFalse(runs.reserve("k-1", List.of(new ExecutionId("b-1"), new ExecutionId("b-2"),
                new ExecutionId("b-3")), 2, T0));
        assertEquals(0, runs.unfinished("k-1", T0));
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("b-1"), new ExecutionId("b-2")), 2, T0));
        assertEquals(2, runs.unfinished("k-1", T0));
    }

    @Test
    void aReservationWithoutItsRunCountsForAMinuteOrUntilReleased() {
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("r-1")), 1, T0));
        assertFalse(runs.reserve("k-1", List.of(new ExecutionId("r-2")), 1, T0.plusSeconds(30)));
        assertTrue(runs.reserve("k-1", List.of(new ExecutionId("r-2")), 1,
                T0.plus(KeyRuns.RESERVATION_GRACE).plusSeconds(1)), "a start that never stored its run");
        runs.release(new ExecutionId("r-2"));
        assertEquals(0, runs.unfinished("k-1", T0.plus(KeyRuns.RESERVATION_GRACE).plusSeconds(2)));
    }

    @Test
    void concurrentStartsWithOneKeyAreCountedOneAfterAnother() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ExecutionId run = new ExecutionId("c-" + i);
                answers.add(pool.submit((Callable<Boolean>) () -> runs.reserve("k-1", List.of(run), 3, T0)));
            }
            int reserved = 0;
            for (Future<Boolean> answer : answers) {
                reserved += answer.get() ? 1 : 0;
            }
            assertEquals(3, reserved);
        } finally {
            pool.shutdownNow();
        }
    }
}
