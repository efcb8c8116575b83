package org.astronrpa.openapi.application.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.domain.contract.RateLimiterContract;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

class InProcessRateLimiterTest extends RateLimiterContract {
    private final TestClock clock = new TestClock();
    private final InProcessRateLimiter limiter = new InProcessRateLimiter(clock);

    /** Buckets of one process: every id is this one. */
    @Override
    protected RateLimiter instance(String id) {
        return limiter;
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    /**
     * This limiter reads the instance's wall clock, which may step back (an NTP correction); the Redis one reads
     * Redis's clock and already ignores a step back, which a test cannot make Redis take.
     */
    @Test
    void aClockThatStepsBackTakesNoTokens() {
        RateLimiter.Limit limit = new RateLimiter.Limit(60, 3);
        limiter.acquire(List.of("user:alice"), limit);
        clock.advance(Duration.ofSeconds(-10));
        RateLimiter.Decision afterStep = limiter.acquire(List.of("user:alice"), limit);
        assertTrue(afterStep.allowed(), afterStep.toString());
        assertEquals(1, afterStep.remaining());
    }
}
