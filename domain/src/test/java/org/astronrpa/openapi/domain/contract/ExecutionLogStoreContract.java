package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutionLogStore} must do; subclassed once per adapter. */
public abstract class ExecutionLogStoreContract {
    private static final ExecutionId E1 = new ExecutionId("e-1");
    private static final ExecutionId E2 = new ExecutionId("e-2");
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00.500Z");

    private ExecutionLogStore store;

    /** A store with no lines in it. */
    protected abstract ExecutionLogStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void linesAreNumberedPerExecutionFromOne() {
        assertEquals(1, store.append(E1, T0, "info", "start").seq());
        assertEquals(2, store.append(E1, T0, "INFO", "步骤 2").seq());
        assertEquals(1, store.append(E2, T0, "WARN", "other").seq());
        List<LogLine> lines = store.after(E1, 0, 10);
        assertEquals(List.of(new LogLine(E1, 1, T0, "INFO", "start"), new LogLine(E1, 2, T0, "INFO", "步骤 2")), lines);
    }

    @Test
    void readingResumesAfterASequenceNumberWithALimit() {
        for (int i = 1; i <= 5; i++) {
            store.append(E1, T0.plusSeconds(i), "INFO", "line " + i);
        }
        assertEquals(List.of(3L, 4L), store.after(E1, 2, 2).stream().map(LogLine::seq).toList());
        assertEquals(List.of(), store.after(E1, 5, 10));
        assertEquals(List.of(), store.after(E2, 0, 10));
    }

    @Test
    void aFullLogTakesNoMoreLinesButALargerBoundTakesOneMore() {
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, store.appendIfBelow(E1, T0, "INFO", "line " + i, 3).orElseThrow().seq());
        }
        assertEquals(java.util.Optional.empty(), store.appendIfBelow(E1, T0, "INFO", "line 4", 3));
        assertEquals(4, store.appendIfBelow(E1, T0, "WARN", "truncated", 4).orElseThrow().seq());
        assertEquals(java.util.Optional.empty(), store.appendIfBelow(E1, T0, "WARN", "truncated", 4));
        assertEquals(1, store.appendIfBelow(E2, T0, "INFO", "other", 3).orElseThrow().seq());
        assertEquals(List.of(1L, 2L, 3L, 4L), store.after(E1, 0, 10).stream().map(LogLine::seq).toList());
    }

    @Test
    void concurrentAppendsAtTheBoundStoreExactlyUpToIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<java.util.Optional<LogLine>>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                futures.add(pool.submit(() -> store.appendIfBelow(E1, T0, "INFO", "n", 10)));
            }
            long stored = 0;
            for (Future<java.util.Optional<LogLine>> f : futures) {
                stored += f.get().isPresent() ? 1 : 0;
            }
            assertEquals(10, stored);
        } finally {
            pool.shutdown();
        }
        assertEquals(10, store.after(E1, 0, 100).size());
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LogLine>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> store.append(E1, T0, "INFO", "n" + n)));
            }
            for (Future<LogLine> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Long> seqs = store.after(E1, 0, 100).stream().map(LogLine::seq).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList(), seqs);
    }

    @Test
    void theLinesOfPurgedExecutionsAndLinesPastTheirAgeAreDeleted() {
        assertEquals(java.util.Optional.empty(), store.oldestLine());
        for (int i = 0; i < 5; i++) {
            store.append(E1, T0.plusSeconds(i), "INFO", "e1 " + i);
            store.append(E2, T0.plusSeconds(10 + i), "INFO", "e2 " + i);
        }
        assertEquals(java.util.Optional.of(T0), store.oldestLine());
        assertEquals(2, store.purgeLoggedBefore(T0.plusSeconds(3), 2), "at most the limit");
        assertEquals(1, store.purgeLoggedBefore(T0.plusSeconds(3), 2), "then the rest that is due");
        assertEquals(0, store.purgeLoggedBefore(T0.plusSeconds(3), 2));
        assertEquals(List.of(4L, 5L), store.after(E1, 0, 10).stream().map(LogLine::seq).toList());
        assertEquals(java.util.Optional.of(T0.plusSeconds(3)), store.oldestLine());
        assertEquals(6, store.append(E1, T0.plusSeconds(20), "INFO", "later").seq(), "numbering goes on");
        assertEquals(3, store.deleteOf(List.of(E1, new ExecutionId("none"))));
        assertEquals(List.of(), store.after(E1, 0, 10));
        assertEquals(5, store.after(E2, 0, 10).size(), "another execution's lines stay");
        assertEquals(0, store.deleteOf(List.of()));
    }
}
