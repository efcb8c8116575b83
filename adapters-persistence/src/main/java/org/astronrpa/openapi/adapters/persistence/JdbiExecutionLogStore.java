package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Log lines in the {@code execution_logs} table. A line takes the next number of its execution by reading the
 * last one from the end of the primary key and inserting after it; when another append took that number first,
 * the primary key refuses the second and it reads again. Each step commits on its own: inside one REPEATABLE READ
 * transaction a second read would see the same old snapshot. The numbers are consecutive from 1, so the last one
 * is also how many lines the execution has.
 */
public final class JdbiExecutionLogStore implements ExecutionLogStore {
    /** Each lost race means another line was stored, so this bounds only pathological contention. */
    private static final int MAX_ATTEMPTS = 100;
    private static final int MAX_BACKOFF_MILLIS = 8;
    private static final RowMapper<LogLine> ROWS = (row, context) -> new LogLine(
            new ExecutionId(row.getString("execution_id")),
            row.getLong("seq"),
            UtcTimes.read(row, "logged_at"),
            row.getString("level"),
            row.getString("message"));

    /**
     * H2 reads the last key of an execution from the index's end only when ordered by the whole key (MAX would
     * scan the execution's lines). MariaDB does the opposite: ordered by the whole key it sorts every line of the
     * execution whenever the bound id's collation is not the column's (Connector/J sends utf8mb4_general_ci, the
     * column is utf8mb4_bin) — 5 ms a line at 1,000 lines, 20 ms at 30,000 — where MAX is one index lookup.
     */
    private static final String H2_LAST_SEQ = """
            SELECT seq FROM execution_logs WHERE execution_id = :executionId
             ORDER BY execution_id DESC, seq DESC LIMIT 1""";
    private static final String MYSQL_LAST_SEQ = """
            SELECT MAX(seq) AS last_seq FROM execution_logs WHERE execution_id = :executionId""";

    private final Jdbi jdbi;
    private final String lastSeq;

    public JdbiExecutionLogStore(Jdbi jdbi, boolean embedded) {
        this.jdbi = jdbi;
        this.lastSeq = embedded ? H2_LAST_SEQ : MYSQL_LAST_SEQ;
    }

    @Override
    public Optional<LogLine> appendIfBelow(ExecutionId executionId, Instant time, String level, String message,
                                           long maxLines) {
        // the record normalises level and message; the column keeps milliseconds
        LogLine line = new LogLine(executionId, 0, time.truncatedTo(ChronoUnit.MILLIS), level, message);
        return jdbi.withHandle(handle -> {
            for (int attempt = 1; ; attempt++) {
                long seq = lastSeq(handle, executionId) + 1;
                if (seq > maxLines) {
                    return Optional.empty();
                }
                try {
                    insert(handle, line, seq);
                    return Optional.of(new LogLine(executionId, seq, line.time(), line.level(), line.message()));
                } catch (UnableToExecuteStatementException e) {
                    if (!DuplicateKeys.isLostRace(e) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    backOff(attempt);
                }
            }
        });
    }

    /** Ordered by the whole key, so that H2 reads it in order rather than sorting the execution's lines. */
    @Override
    public List<LogLine> after(ExecutionId executionId, long after, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT execution_id, seq, logged_at, level, message FROM execution_logs
                         WHERE execution_id = :executionId AND seq > :after
                         ORDER BY execution_id, seq LIMIT :limit""")
                .bind("executionId", executionId.value())
                .bind("after", after)
                .bind("limit", limit)
                .map(ROWS)
                .list());
    }

    private long lastSeq(Handle handle, ExecutionId executionId) {
        return handle.createQuery(lastSeq)
                .bind("executionId", executionId.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    private static void insert(Handle handle, LogLine line, long seq) {
        handle.createUpdate("""
                        INSERT INTO execution_logs (execution_id, seq, logged_at, level, message)
                        VALUES (:executionId, :seq, :loggedAt, :level, :message)""")
                .bind("executionId", line.executionId().value())
                .bind("seq", seq)
                .bind("loggedAt", UtcTimes.column(line.time()))
                .bind("level", line.level())
                .bind("message", line.message())
                .execute();
    }

    /** A short random pause, so that appenders that collided do not collide again in step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(Math.min(attempt, MAX_BACKOFF_MILLIS) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending a log line", e);
        }
    }

    /** By the primary key's first column; in the caller's transaction. */
    @Override
    public int deleteOf(List<ExecutionId> executions) {
        if (executions.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM execution_logs WHERE execution_id IN (<ids>)")
                .bindList("ids", executions.stream().map(ExecutionId::value).toList())
                .execute());
    }

    /** The oldest lines by {@code ix_execution_logs_logged} (V10), one statement of at most {@code limit} rows. */
    @Override
    public int purgeLoggedBefore(Instant cutoff, int limit) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM execution_logs WHERE logged_at < :cutoff LIMIT :limit")
                .bind("cutoff", UtcTimes.column(cutoff))
                .bind("limit", limit)
                .execute());
    }

    @Override
    public Optional<Instant> oldestLine() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(logged_at) AS oldest FROM execution_logs")
                .map((row, context) -> Optional.ofNullable(UtcTimes.read(row, "oldest")))
                .one());
    }
}
