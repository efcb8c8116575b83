package org.astronrpa.openapi.application.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class LimitRequestsTest {
    private static final RateLimiter.Limit SIX_A_MINUTE_BURSTS_OF_TWO = new RateLimiter.Limit(6, 2);
    private final TestClock clock = new TestClock();
    private final InProcessRateLimiter limiter = new InProcessRateLimiter(clock);
    private final LimitRequests limits = new LimitRequests(limiter, SIX_A_MINUTE_BURSTS_OF_TWO);
    private final Caller aliceWithKey1 = new Caller(new UserId("alice"), Caller.Method.API_KEY, "k1");
    private final Caller aliceWithKey2 = new Caller(new UserId("alice"), Caller.Method.API_KEY, "k2");
    private final Caller aliceAtTheGateway = new Caller(new UserId("alice"), Caller.Method.GATEWAY, null);
    private final Caller bob = new Caller(new UserId("bob"), Caller.Method.GATEWAY, null);

    @Test
    void aBurstIsAllowedThenRefusedUntilATokenFlowsIn() {
        assertEquals(1, limits.admit(aliceWithKey1).orElseThrow().remaining());
        assertEquals(0, limits.admit(aliceWithKey1).orElseThrow().remaining());
        RateLimited refused = assertThrows(RateLimited.class, () -> limits.admit(aliceWithKey1));
        assertEquals(Duration.ofSeconds(10), refused.decision().retryAfter(), "one token every 10 s");
        assertTrue(refused.getMessage().contains("6 a minute"), refused.getMessage());

        clock.advance(Duration.ofSeconds(9));
        assertThrows(RateLimited.class, () -> limits.admit(aliceWithKey1));
        clock.advance(Duration.ofSeconds(1));
        RateLimiter.Decision again = limits.admit(aliceWithKey1).orElseThrow();
        assertTrue(again.allowed());
        assertEquals(Duration.ofSeconds(20), again.resetAfter(), "two tokens short of a full bucket");
    }

    @Test
    void theUsersBudgetIsSharedByItsKeysAndTheGatewayWhileOtherUsersHaveTheirOwn() {
        limits.admit(aliceWithKey1);
        limits.admit(aliceWithKey2);
        assertThrows(RateLimited.class, () -> limits.admit(aliceAtTheGateway));
        assertThrows(RateLimited.class, () -> limits.admit(aliceWithKey2));
        assertTrue(limits.admit(bob).isPresent());
    }

    @Test
    void aRefusedRequestTakesNothingFromAnyBucket() {
        limiter.acquire(List.of("user:alice"), SIX_A_MINUTE_BURSTS_OF_TWO);
        limiter.acquire(List.of("user:alice"), SIX_A_MINUTE_BURSTS_OF_TWO);
        assertFalse(limiter.acquire(List.of("user:alice", "key:k1"), SIX_A_MINUTE_BURSTS_OF_TWO).allowed());
        assertEquals(1, limiter.acquire(List.of("key:k1"), SIX_A_MINUTE_BURSTS_OF_TWO).remaining(),
                "key k1 still had its two tokens");
    }

    @Test
    void theAnswerHeadersTellTheBudgetAndWhenToComeBack() {
        assertEquals(java.util.Map.of("RateLimit-Limit", "6", "RateLimit-Remaining", "1", "RateLimit-Reset", "10"),
                LimitRequests.answerHeaders(limits.admit(aliceWithKey1).orElseThrow()));
        limits.admit(aliceWithKey1);
        RateLimited refused = assertThrows(RateLimited.class, () -> limits.admit(aliceWithKey1));
        assertEquals(java.util.Map.of("RateLimit-Limit", "6", "RateLimit-Remaining", "0", "RateLimit-Reset", "20",
                "Retry-After", "10"), LimitRequests.answerHeaders(refused.decision()));
    }

    @Test
    void withoutALimitNothingIsCountedOrRefused() {
        LimitRequests off = LimitRequests.off();
        for (int i = 0; i < 1000; i++) {
            assertTrue(off.admit(aliceWithKey1).isEmpty());
        }
    }

    @Test
    void aLimitNeedsAtLeastOneTokenAMinuteAndABucketOfOne() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter.Limit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter.Limit(1, 0));
    }
}
