package org.astronrpa.openapi.application.audit;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.shared.TimeSource;

/**
 * The audit log's retention: entries older than {@code AUDIT_RETENTION_DAYS} are deleted in batches, each its own
 * short statement, for at most {@link #BUDGET} a run (the rest is left to the next run). Instances may run it side by
 * side: a row two of them delete is deleted once.
 */
public final class PurgeAuditEvents {
    static final int BATCH = 5_000;
    static final Duration BUDGET = Duration.ofSeconds(10);

    private final AuditLog log;
    private final TimeSource time;
    private final Duration retention;

    /** @param retention how long an entry is kept; {@code null}: for ever */
    public PurgeAuditEvents(AuditLog log, TimeSource time, Duration retention) {
        this.log = log;
        this.time = time;
        this.retention = retention;
    }

    /** Deletes what is due: how many entries it deleted. */
    public long purge() {
        if (retention == null) {
            return 0;
        }
        Instant now = time.now();
        Instant cutoff = now.minus(retention);
        Instant end = now.plus(BUDGET);
        long total = 0;
        int purged;
        do {
            purged = log.purgeBefore(cutoff, BATCH);
            total += purged;
        } while (purged == BATCH && time.now().isBefore(end));
        return total;
    }
}
