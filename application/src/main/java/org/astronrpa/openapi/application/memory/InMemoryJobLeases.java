package org.astronrpa.openapi.application.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.domain.shared.JobLeases;

/** Job leases of one process, for tests and for embedding without a database. */
public final class InMemoryJobLeases implements JobLeases {
    private record Lease(String holder, Instant until) {
    }

    private final Map<String, Lease> byJob = new HashMap<>();

    @Override
    public synchronized boolean hold(String job, String holder, Instant now, Duration ttl) {
        Lease lease = byJob.get(job);
        if (lease == null || lease.holder().equals(holder) || lease.until().isBefore(now)) {
            byJob.put(job, new Lease(holder, now.plus(ttl)));
            return true;
        }
        return false;
    }

    @Override
    public synchronized void release(String job, String holder) {
        byJob.computeIfPresent(job, (name, lease) -> lease.holder().equals(holder) ? null : lease);
    }
}
