package org.astronrpa.openapi.adapters.persistence;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Job leases in the {@code job_leases} table (V10): taking a lease is one conditional UPDATE (it is free, run out, or
 * already the holder's), or, for a job never leased, an INSERT that only one of several instances gets in.
 */
public final class JdbiJobLeases implements JobLeases {
    private final Jdbi jdbi;

    public JdbiJobLeases(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean hold(String job, String holder, Instant now, Duration ttl) {
        String until = UtcTimes.column(now.plus(ttl));
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            int taken = handle.createUpdate("""
                            UPDATE job_leases SET holder = :holder, held_until = :until
                             WHERE name = :job AND (holder = :holder OR held_until < :now)""")
                    .bind("job", job).bind("holder", holder).bind("until", until)
                    .bind("now", UtcTimes.column(now))
                    .execute();
            if (taken > 0) {
                return true;
            }
            return handle.createUpdate("INSERT IGNORE INTO job_leases (name, holder, held_until) VALUES (:job, :holder, :until)")
                    .bind("job", job).bind("holder", holder).bind("until", until)
                    .execute() > 0;
        });
    }

    @Override
    public void release(String job, String holder) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM job_leases WHERE name = :job AND holder = :holder")
                .bind("job", job).bind("holder", holder)
                .execute());
    }
}
