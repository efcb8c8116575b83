package org.astronrpa.openapi.application.ratelimit;

import java.time.Duration;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.domain.contract.RateLimiterContract;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;

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
}
