package org.astronrpa.openapi.domain.shared;

import java.time.Duration;
import java.time.Instant;

/**
 * Who runs a background job that one instance at a time must run (the retention purge): a lease per job name,
 * held until a time, taken over by anyone once it has run out. Kept where every instance sees it (the database).
 */
public interface JobLeases {
    /**
     * Takes {@code job} for {@code holder} until {@code now + ttl} when it is free, its lease has run out, or it is
     * {@code holder}'s already (then renewed).
     *
     * @return whether {@code holder} holds it now
     */
    boolean hold(String job, String holder, Instant now, Duration ttl);

    /** Gives {@code job} up, if {@code holder} holds it. */
    void release(String job, String holder);
}
