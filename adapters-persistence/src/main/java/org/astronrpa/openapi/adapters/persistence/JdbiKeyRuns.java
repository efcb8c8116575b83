package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Reservations in {@code key_runs} (V21). A reservation locks the key's {@code api_keys} row first, so that starts with
 * one key are counted one after another on every instance; the count joins the runs' statuses.
 */
public final class JdbiKeyRuns implements KeyRuns {
    private static final String UNFINISHED = """
            SELECT COUNT(*) FROM key_runs k LEFT JOIN executions e ON e.id = k.execution_id
             WHERE k.api_key_id = :key AND k.reserved_at > :horizon
               AND ((e.id IS NULL AND k.reserved_at > :grace) OR e.status IN ('PENDING', 'RUNNING'))""";

    private final Jdbi jdbi;

    public JdbiKeyRuns(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean reserve(String keyId, List<ExecutionId> runs, int limit, Instant now) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            handle.createQuery("SELECT id FROM api_keys WHERE id = :key FOR UPDATE").bind("key", keyId)
                    .mapTo(String.class).findOne();
            handle.createUpdate("DELETE FROM key_runs WHERE api_key_id = :key AND reserved_at <= :horizon")
                    .bind("key", keyId).bind("horizon", UtcTimes.column(now.minus(HORIZON))).execute();
            if (count(handle, keyId, now) + runs.size() > limit) {
                return false;
            }
            var insert = handle.prepareBatch(
                    "INSERT INTO key_runs (execution_id, api_key_id, reserved_at) VALUES (:run, :key, :at)");
            for (ExecutionId run : runs) {
                insert.bind("run", run.value()).bind("key", keyId).bind("at", UtcTimes.column(now)).add();
            }
            insert.execute();
            return true;
        });
    }

    @Override
    public void release(ExecutionId run) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM key_runs WHERE execution_id = :run")
                .bind("run", run.value()).execute());
    }

    @Override
    public long unfinished(String keyId, Instant now) {
        return jdbi.withHandle(handle -> count(handle, keyId, now));
    }

    private static long count(Handle handle, String keyId, Instant now) {
        return handle.createQuery(UNFINISHED)
                .bind("key", keyId)
                .bind("horizon", UtcTimes.column(now.minus(HORIZON)))
                .bind("grace", UtcTimes.column(now.minus(RESERVATION_GRACE)))
                .mapTo(Long.class)
                .one();
    }
}
