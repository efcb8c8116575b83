package org.astronrpa.openapi.domain.ratelimit;

import org.astronrpa.openapi.domain.shared.Throttled;

/** A caller used up its request budget; {@link #decision()} says when to come back. */
public final class RateLimited extends Throttled {
    private final RateLimiter.Decision decision;

    public RateLimited(RateLimiter.Decision decision) {
        super("too many requests: the limit is " + decision.limit().perMinute() + " a minute (bursts of "
                + decision.limit().burst() + "); retry after " + Math.max(1, ceilSeconds(decision.retryAfter())) + " s");
        this.decision = decision;
    }

    public RateLimiter.Decision decision() {
        return decision;
    }

    /** Whole seconds, rounded up. */
    public static long ceilSeconds(java.time.Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
