package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Idempotency records in the {@code idempotency_keys} table. The primary key (owner, key) lets exactly one of
 * concurrent first requests insert; a request that finds a row returns it while it is valid, and otherwise
 * replaces it with an UPDATE that checks the expiry again, so that of concurrent replacers only one succeeds
 * and the others read the winner. Each statement reads what the others committed: outside a transaction each
 * commits on its own; inside one ({@link JdbiTransactions}, READ COMMITTED) a first request's uncommitted row
 * holds concurrent inserts of the same key until it commits (they then find it) or rolls back (one then inserts).
 */
public final class JdbiIdempotencyStore implements IdempotencyStore {
    /** Each lost race means another request stored its record, so this bounds only pathological contention. */
    private static final int MAX_ATTEMPTS = 100;
    private static final int MAX_BACKOFF_MILLIS = 8;
    private static final RowMapper<IdempotencyRecord> ROWS = (row, context) -> new IdempotencyRecord(
            new UserId(row.getString("user_id")),
            row.getString("idem_key"),
            row.getString("fingerprint"),
            new ExecutionId(row.getString("execution_id")),
            UtcTimes.read(row, "created_at"));

    /** The table of our own routes' keys. */
    static final String OURS = "idempotency_keys";
    /** The table of the integration contract's starts' keys, kept for good (never purged by the service). */
    public static final String CONTRACT = "contract_idempotency_keys";

    private final Jdbi jdbi;
    private final String table;

    public JdbiIdempotencyStore(Jdbi jdbi) {
        this(jdbi, OURS);
    }

    /** The records of {@code table}: {@link #OURS} or {@link #CONTRACT}. */
    public JdbiIdempotencyStore(Jdbi jdbi, String table) {
        if (!table.equals(OURS) && !table.equals(CONTRACT)) {
            throw new IllegalArgumentException("not an idempotency table: " + table);
        }
        this.jdbi = jdbi;
        this.table = table;
    }

    private String sql(String statement) {
        return statement.replace(OURS, table);
    }

    @Override
    public Optional<IdempotencyRecord> find(UserId owner, String key) {
        return jdbi.withHandle(handle -> handle.createQuery(sql("""
                        SELECT user_id, idem_key, fingerprint, execution_id, created_at FROM idempotency_keys
                         WHERE user_id = :owner AND idem_key = :key"""))
                .bind("owner", owner.value())
                .bind("key", key)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record, Instant notBefore) {
        // the column keeps milliseconds: compare in Java as the UPDATE compares in SQL
        Instant validFrom = notBefore.truncatedTo(ChronoUnit.MILLIS);
        return jdbi.withHandle(handle -> {
            boolean mayBeAbsent = true;
            for (int attempt = 1; ; attempt++) {
                try {
                    if (mayBeAbsent && inserted(handle, record)) {
                        return Optional.<IdempotencyRecord>empty();
                    }
                    Optional<IdempotencyRecord> existing = find(handle, record);
                    if (existing.isEmpty()) {
                        mayBeAbsent = true; // purged since the insert failed
                        continue;
                    }
                    if (!existing.get().createdAt().isBefore(validFrom)) {
                        return existing;
                    }
                    if (replaced(handle, record, validFrom)) {
                        return Optional.<IdempotencyRecord>empty();
                    }
                    mayBeAbsent = false; // another request replaced (or purged) it meanwhile: read it again
                } catch (UnableToExecuteStatementException e) {
                    if (!DuplicateKeys.isLostRace(e) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    mayBeAbsent = true;
                    backOff(attempt);
                }
            }
        });
    }

    @Override
    public void release(IdempotencyRecord record) {
        jdbi.useHandle(handle -> handle.createUpdate(sql("""
                        DELETE FROM idempotency_keys
                         WHERE user_id = :owner AND idem_key = :key AND execution_id = :executionId"""))
                .bind("owner", record.owner().value())
                .bind("key", record.key())
                .bind("executionId", record.executionId().value())
                .execute());
    }

    @Override
    public int purgeOlderThan(Instant before) {
        return jdbi.withHandle(handle -> handle.createUpdate(sql("DELETE FROM idempotency_keys WHERE created_at < :before"))
                .bind("before", UtcTimes.column(before))
                .execute());
    }

    /** False when the owner already has a record for the key. */
    private boolean inserted(Handle handle, IdempotencyRecord record) {
        try {
            handle.createUpdate(sql("""
                            INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, execution_id, created_at)
                            VALUES (:owner, :key, :fingerprint, :executionId, :createdAt)"""))
                    .bind("owner", record.owner().value())
                    .bind("key", record.key())
                    .bind("fingerprint", record.fingerprint())
                    .bind("executionId", record.executionId().value())
                    .bind("createdAt", UtcTimes.column(record.createdAt()))
                    .execute();
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (DuplicateKeys.isViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private Optional<IdempotencyRecord> find(Handle handle, IdempotencyRecord record) {
        return handle.createQuery(sql("""
                        SELECT user_id, idem_key, fingerprint, execution_id, created_at FROM idempotency_keys
                         WHERE user_id = :owner AND idem_key = :key"""))
                .bind("owner", record.owner().value())
                .bind("key", record.key())
                .map(ROWS)
                .findOne();
    }

    /** Overwrites the owner's record for the key only if it is still older than {@code validFrom}. */
    private boolean replaced(Handle handle, IdempotencyRecord record, Instant validFrom) {
        return handle.createUpdate(sql("""
                        UPDATE idempotency_keys
                           SET fingerprint = :fingerprint, execution_id = :executionId, created_at = :createdAt
                         WHERE user_id = :owner AND idem_key = :key AND created_at < :validFrom"""))
                .bind("fingerprint", record.fingerprint())
                .bind("executionId", record.executionId().value())
                .bind("createdAt", UtcTimes.column(record.createdAt()))
                .bind("owner", record.owner().value())
                .bind("key", record.key())
                .bind("validFrom", UtcTimes.column(validFrom))
                .execute() > 0;
    }

    /** A short random pause, so that requests that collided do not collide again in step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(Math.min(attempt, MAX_BACKOFF_MILLIS) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an idempotency key", e);
        }
    }
}
