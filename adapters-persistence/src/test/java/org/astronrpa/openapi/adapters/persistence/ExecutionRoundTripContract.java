package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.junit.jupiter.api.Test;

/** What the execution tables must keep intact on every database, beyond the port contracts. */
abstract class ExecutionRoundTripContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final int OVER_64_KIB = 70 * 1024;

    /** A migrated database with no rows. */
    protected abstract Database database();

    private static Execution pending(String id, String projectId, String paramsJson) {
        return Execution.accept(new ExecutionId(id), new ProjectId(projectId), ALICE, paramsJson, null,
                new ExecutionTimeout(600), Duration.ofSeconds(60), T0);
    }

    @Test
    void chineseTextAndResultsAndErrorsOver64KiBComeBackUnchanged() {
        String big = "结果🤖".repeat(OVER_64_KIB / 7 + 1);
        assertTrue(big.getBytes(StandardCharsets.UTF_8).length > OVER_64_KIB);
        Execution completed = pending("e-1", "项目-1", "{\"名称\":\"发票 💰\"}").dispatch("机器人-1", "ev-1", T0)
                .finish(new RobotReply.ObjectReply("0000", null, "{\"text\":\"" + big + "\"}"), T0.plusSeconds(1));
        Execution failed = pending("e-2", "项目-1", "{}").dispatch("r", "ev-2", T0)
                .finish(new RobotReply.TextReply("机器人出错: " + big), T0.plusSeconds(1));
        for (Execution e : List.of(completed, failed)) {
            database().executions().insert(e);
            assertEquals(e, database().executions().find(e.id()).orElseThrow());
        }
    }

    @Test
    void theLongestLogLineKeepsItsChineseAndEmoji() {
        String message = "步骤🤖完成。".repeat(LogLine.MAX_MESSAGE / 4);
        LogLine stored = database().executionLogs().append(new ExecutionId("e-1"), T0, "info", message);
        assertEquals(List.of(stored), database().executionLogs().after(new ExecutionId("e-1"), 0, 10));
        assertEquals(true, stored.message().length() <= LogLine.MAX_MESSAGE && stored.message().endsWith("…"));
    }

    @Test
    void executionAndUserIdsCompareExactlyUnlikeProjectIds() {
        database().executions().insert(pending("e-1", "p-1", "{}"));
        database().executionLogs().append(new ExecutionId("e-1"), T0, "INFO", "line");

        assertTrue(database().executions().find(new ExecutionId("E-1")).isEmpty());
        assertTrue(database().executionLogs().after(new ExecutionId("E-1"), 0, 10).isEmpty());
        assertEquals(0, database().executions().page(new UserId("Alice"), ExecutionFilter.ANY, PageRequest.FIRST).total());
        assertTrue(database().executions().oldestPending(new UserId("ALICE")).isEmpty());
        assertEquals(1, database().executions()
                .page(ALICE, new ExecutionFilter(new ProjectId("P-1"), null), PageRequest.FIRST).total());
    }

    @Test
    void theExecutionsOfADeletedWorkflowStayReadable() {
        Workflow workflow = Workflow.create(new ProjectId("p-1"), ALICE,
                new WorkflowChanges("a", null, null, null, null, null), taken -> false, T0);
        database().workflows().insert(workflow);
        Execution execution = pending("e-1", "p-1", "{}");
        database().executions().insert(execution);
        assertTrue(database().workflows().delete(new ProjectId("p-1"), ALICE));
        assertEquals(execution, database().executions().find(execution.id()).orElseThrow());
    }

    @Test
    void theDeadlineIsStoredAsUtcWallClockAndClearedOnceTerminal() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
            Execution execution = pending("e-1", "p-1", "{}");
            database().executions().insert(execution);
            assertEquals(1, count("deadline_at = TIMESTAMP '2026-01-01 00:01:00.123'"));
            database().executions().update(execution, execution.fail(ErrorCode.ROBOT_OFFLINE, "no robot", T0));
            assertEquals(1, count("deadline_at IS NULL"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void aPostponedDispatchDeadlineIsStoredAndIsTheNewDeadline() {
        Execution execution = pending("e-1", "p-1", "{}");
        database().executions().insert(execution);
        Execution postponed = execution.postponeDispatchDeadline(T0.plusSeconds(120));
        database().executions().update(execution, postponed);
        assertEquals(postponed, database().executions().find(execution.id()).orElseThrow());
        assertTrue(database().executions().overdue(T0.plusSeconds(119), 10).isEmpty());
        assertEquals(List.of(postponed), database().executions().overdue(T0.plusSeconds(120), 10));
    }

    /** Unlike the *_ci collations, which take é for e, and H2's IGNORECASE; and emoji are 4 bytes in utf8mb4. */
    @Test
    void idempotencyKeysKeepEmojiAndCompareExactlyAndTheirTimesAreUtc() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
            Instant notBefore = T0.minus(Duration.ofHours(24));
            String emoji = "🤖".repeat((IdempotencyRecord.MAX_KEY_LENGTH - 1) / 2) + "x";
            List<String> keys = List.of("café", "cafe", "CAFÉ", emoji);
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                IdempotencyRecord record = new IdempotencyRecord(ALICE, key, "fp-" + i, new ExecutionId("e-" + i), T0);
                assertTrue(database().idempotencyKeys().putIfAbsent(record, notBefore).isEmpty(), key);
                assertEquals(Optional.of(record), database().idempotencyKeys().putIfAbsent(
                        new IdempotencyRecord(ALICE, key, "other", new ExecutionId("e-other"), T0), notBefore), key);
            }
            long atUtcWallClock = database().jdbi().withHandle(handle -> handle.createQuery("""
                            SELECT COUNT(*) AS n FROM idempotency_keys
                             WHERE created_at = TIMESTAMP '2026-01-01 00:00:00.123'""")
                    .mapTo(Long.class).one());
            assertEquals(4, atUtcWallClock);
            assertEquals(4, database().idempotencyKeys().purgeOlderThan(T0.plusMillis(1)));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /** A first request whose execution insert fails (here: a duplicate id) leaves no key behind to poison retries. */
    @Test
    void aKeyWrittenInTheTransactionOfAFailedExecutionInsertIsRolledBack() {
        Instant notBefore = T0.minus(Duration.ofHours(24));
        Execution taken = pending("e-1", "p-1", "{}");
        database().executions().insert(taken);
        IdempotencyRecord record = new IdempotencyRecord(ALICE, "k-1", "fp", taken.id(), T0);
        assertThrows(RuntimeException.class, () -> database().transactions().atomically(() -> {
            assertTrue(database().idempotencyKeys().putIfAbsent(record, notBefore).isEmpty());
            database().executions().insert(taken);
            return null;
        }));
        assertEquals(0, countKeys());

        Execution retried = pending("e-2", "p-1", "{}");
        IdempotencyRecord retry = new IdempotencyRecord(ALICE, "k-1", "fp", retried.id(), T0);
        assertEquals(Optional.empty(), database().transactions().atomically(() -> {
            Optional<IdempotencyRecord> earlier = database().idempotencyKeys().putIfAbsent(retry, notBefore);
            database().executions().insert(retried);
            return earlier;
        }));
        assertEquals(1, countKeys());
        assertEquals(retried, database().executions().find(retried.id()).orElseThrow());
    }

    /** Whoever loses the race for a key finds the winner's execution already there: never "still being processed". */
    @Test
    void ofConcurrentFirstRequestsInTransactionsOneStoresAndTheOthersFindItsExecution() throws Exception {
        Instant notBefore = T0.minus(Duration.ofHours(24));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Execution execution = pending("e-" + i, "p-1", "{}");
                IdempotencyRecord record = new IdempotencyRecord(ALICE, "race", "fp", execution.id(), T0);
                results.add(pool.submit(() -> database().transactions().atomically(() -> {
                    Optional<IdempotencyRecord> earlier = database().idempotencyKeys().putIfAbsent(record, notBefore);
                    if (earlier.isEmpty()) {
                        pauseBriefly(); // the window in which a loser used to find a key without its execution
                        database().executions().insert(execution);
                    }
                    return earlier;
                })));
            }
            int stored = 0;
            for (Future<Optional<IdempotencyRecord>> result : results) {
                Optional<IdempotencyRecord> earlier = result.get();
                stored += earlier.isEmpty() ? 1 : 0;
                earlier.ifPresent(record -> assertTrue(database().executions().find(record.executionId()).isPresent(),
                        "the winner's execution is there when a loser reads the key"));
            }
            assertEquals(1, stored);
            assertEquals(1, count("1 = 1"));
        } finally {
            pool.shutdown();
        }
    }

    private static void pauseBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long countKeys() {
        return database().jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) AS n FROM idempotency_keys")
                .mapTo(Long.class).one());
    }

    /** The contract races first requests; here the conditional UPDATE is raced: one replaces, the rest get it. */
    @Test
    void ofConcurrentRequestsFindingAnExpiredRecordExactlyOneReplacesIt() throws Exception {
        Instant later = T0.plus(Duration.ofHours(25));
        IdempotencyRecord expired = new IdempotencyRecord(ALICE, "race", "fp", new ExecutionId("e-old"), T0);
        database().idempotencyKeys().putIfAbsent(expired, T0.minus(Duration.ofHours(24)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                IdempotencyRecord record = new IdempotencyRecord(ALICE, "race", "fp", new ExecutionId("e-" + i), later);
                results.add(pool.submit(() -> database().idempotencyKeys()
                        .putIfAbsent(record, later.minus(Duration.ofHours(24)))));
            }
            Set<ExecutionId> returned = new HashSet<>();
            int stored = 0;
            for (Future<Optional<IdempotencyRecord>> result : results) {
                Optional<IdempotencyRecord> earlier = result.get();
                stored += earlier.isEmpty() ? 1 : 0;
                earlier.ifPresent(record -> returned.add(record.executionId()));
            }
            assertEquals(1, stored);
            assertEquals(1, returned.size(), returned.toString());
            assertTrue(returned.stream().noneMatch(id -> id.value().equals("e-old")), returned.toString());
        } finally {
            pool.shutdown();
        }
    }

    private long count(String condition) {
        return database().jdbi().withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) AS n FROM executions WHERE " + condition)
                .mapTo(Long.class).one());
    }

    /**
     * The next number of a line is read from the end of the primary key: appending to an execution with 30,000
     * lines costs what appending to an empty one does (a sort of the execution's lines made it grow with them).
     */
    @Test
    void appendingToALongLogCostsWhatAppendingToAShortOneDoes() {
        ExecutionId longLog = new ExecutionId("long-log-0b5c3a0e-9a0e-4c5e-8f1e-0123456789ab");
        database().jdbi().useHandle(handle -> {
            var batch = handle.prepareBatch("""
                    INSERT INTO execution_logs (execution_id, seq, logged_at, level, message)
                    VALUES (:executionId, :seq, :loggedAt, 'INFO', :message)""");
            for (int seq = 1; seq <= 30_000; seq++) {
                batch.bind("executionId", longLog.value()).bind("seq", seq).bind("loggedAt", UtcTimes.column(T0))
                        .bind("message", "step " + seq + " of a robot's long run").add();
            }
            batch.execute();
        });
        var logs = database().executionLogs();
        ExecutionId shortLog = new ExecutionId("short-log-0b5c3a0e-9a0e-4c5e-8f1e-0123456789ab");
        appendLines(logs, shortLog, 100);   // warm up
        long shortCost = Long.MAX_VALUE;
        long longCost = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {   // the best of three, against a busy machine
            shortCost = Math.min(shortCost, appendLines(logs, shortLog, 200));
            longCost = Math.min(longCost, appendLines(logs, longLog, 200));
        }
        assertEquals(30_600, logs.after(longLog, 30_599, 10).get(0).seq());
        assertTrue(longCost < 2.5 * shortCost, "200 lines cost " + longCost / 1_000_000 + " ms after 30,000 lines, "
                + shortCost / 1_000_000 + " ms on a short log");
    }

    private static long appendLines(org.astronrpa.openapi.domain.execution.ExecutionLogStore logs, ExecutionId id, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            logs.append(id, T0, "INFO", "line " + i);
        }
        return System.nanoTime() - start;
    }
}
