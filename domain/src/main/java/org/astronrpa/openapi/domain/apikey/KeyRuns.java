package org.astronrpa.openapi.domain.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.execution.ExecutionId;

/**
 * The runs started with API keys that limit how many may be unfinished at once ({@code max_concurrent_executions}):
 * each start reserves its run's id first, so that starts with one key on any instance are counted one after another.
 * A run counts while it is unfinished (PENDING or RUNNING), and a reservation whose run was never stored counts for
 * {@link #RESERVATION_GRACE} (the start in between).
 */
public interface KeyRuns {

    /** How long a reservation without its run counts: far longer than a start takes. */
    Duration RESERVATION_GRACE = Duration.ofMinutes(1);

    /**
     * Longer than any run can stay unfinished (the longest timeout plus the longest dispatch timeout): reservations
     * older than this count for nothing and are forgotten.
     */
    Duration HORIZON = Duration.ofDays(2).plusHours(1);

    /**
     * Reserves {@code runs} for {@code keyId}, all or none, unless that would take the key past {@code limit}
     * unfinished runs; serialised per key on every instance.
     *
     * @return whether they were reserved
     */
    boolean reserve(String keyId, List<ExecutionId> runs, int limit, Instant now);

    /** Forgets the reservation of a run that was not started after all. */
    void release(ExecutionId run);

    /** How many runs of {@code keyId} count against its limit now. */
    long unfinished(String keyId, Instant now);
}
