package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter.Decision;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter.Limit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do: token buckets of {@code burst} tokens refilled at {@code perMinute},
 * shared by every instance, taken all or none, exactly even under concurrent requests. Subclassed once per
 * implementation.
 */
public abstract class RateLimiterContract {
    /** Slow enough that no token flows back during a test. */
    private static final Limit THREE = new Limit(1, 3);

    /**
     * The limiter as instance {@code id} of this test's cluster sees it (with buckets no other test uses); another id
     * is another instance sharing the buckets. An implementation that serves a single instance returns that instance
     * for every id.
     */
    protected abstract RateLimiter instance(String id);

    /** Lets at least {@code duration} pass on the limiter's clock. */
    protected abstract void elapse(Duration duration);

    @Test
    void aFullBucketAllowsItsBurstThenRefusesUntilTheNextToken() {
        RateLimiter limiter = instance("a");
        for (int left = 2; left >= 0; left--) {
            Decision allowed = limiter.acquire(List.of("user:alice"), THREE);
            assertTrue(allowed.allowed());
            assertEquals(left, allowed.remaining());
            assertEquals(Duration.ZERO, allowed.retryAfter());
        }
        Decision refused = limiter.acquire(List.of("user:alice"), THREE);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0
                && refused.retryAfter().compareTo(THREE.refillPerToken()) <= 0, refused.toString());
        assertTrue(refused.resetAfter().compareTo(THREE.refillPerToken().multipliedBy(2)) > 0
                && refused.resetAfter().compareTo(THREE.refillPerToken().multipliedBy(3)) <= 0, refused.toString());
    }

    @Test
    void everyInstanceTakesFromTheSameBuckets() {
        assertTrue(instance("a").acquire(List.of("user:alice"), THREE).allowed());
        assertTrue(instance("b").acquire(List.of("user:alice"), THREE).allowed());
        assertEquals(0, instance("c").acquire(List.of("user:alice"), THREE).remaining());
        assertFalse(instance("a").acquire(List.of("user:alice"), THREE).allowed());
        assertTrue(instance("b").acquire(List.of("user:bob"), THREE).allowed(), "another bucket is another budget");
    }

    @Test
    void aRequestTakesFromEveryNamedBucketOrFromNone() {
        RateLimiter limiter = instance("a");
        limiter.acquire(List.of("user:alice"), THREE);
        limiter.acquire(List.of("user:alice"), THREE);
        Decision both = limiter.acquire(List.of("key:k1", "user:alice"), THREE);
        assertTrue(both.allowed());
        assertEquals(0, both.remaining(), "the decision reports the emptiest bucket");

        Decision refused = limiter.acquire(List.of("key:k1", "user:alice"), THREE);
        assertFalse(refused.allowed());
        assertEquals(1, limiter.acquire(List.of("key:k1"), THREE).remaining(),
                "the refused request took nothing from the bucket that had tokens left");
    }

    @Test
    void eachBucketIsFilledByItsOwnLimitAndTheEmptiestIsReported() {
        RateLimiter limiter = instance("a");
        Limit one = new Limit(1, 1);
        RateLimiter.Decision first = limiter.acquire(List.of(new RateLimiter.Bucket("user:own", THREE),
                new RateLimiter.Bucket("key:own", one)));
        assertTrue(first.allowed());
        assertEquals(one, first.limit(), "the key's bucket is the emptier");
        assertEquals(0, first.remaining());
        RateLimiter.Decision second = limiter.acquire(List.of(new RateLimiter.Bucket("user:own", THREE),
                new RateLimiter.Bucket("key:own", one)));
        assertFalse(second.allowed());
        assertEquals(one, second.limit());
        RateLimiter.Decision userOnly = limiter.acquire(List.of(new RateLimiter.Bucket("user:own", THREE)));
        assertTrue(userOnly.allowed());
        assertEquals(1, userOnly.remaining(), "the refused request took nothing from the user's bucket");
    }

    @Test
    void tokensFlowBackAtTheRateButABucketNeverHoldsMoreThanItsBurst() {
        RateLimiter limiter = instance("a");
        Limit twoPerSecond = new Limit(120, 2);
        limiter.acquire(List.of("user:alice"), twoPerSecond);
        limiter.acquire(List.of("user:alice"), twoPerSecond);
        assertFalse(limiter.acquire(List.of("user:alice"), twoPerSecond).allowed());

        elapse(Duration.ofMillis(600));   // 1.2 tokens
        Decision refilled = limiter.acquire(List.of("user:alice"), twoPerSecond);
        assertTrue(refilled.allowed());
        assertEquals(0, refilled.remaining());
        assertFalse(limiter.acquire(List.of("user:alice"), twoPerSecond).allowed());

        Limit fast = new Limit(60_000, 2);   // a token every millisecond
        limiter.acquire(List.of("user:bob"), fast);
        elapse(Duration.ofMillis(100));       // a hundred tokens' worth, of which the bucket keeps two
        assertEquals(1, limiter.acquire(List.of("user:bob"), fast).remaining());
    }

    @Test
    void ofConcurrentRequestsExactlyTheBurstIsAllowed() throws Exception {
        List<RateLimiter> instances = List.of(instance("a"), instance("b"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                RateLimiter limiter = instances.get(i % 2);
                results.add(pool.submit(() -> limiter.acquire(List.of("user:alice", "key:k1"), new Limit(1, 5)).allowed()));
            }
            int allowed = 0;
            for (Future<Boolean> result : results) {
                allowed += result.get() ? 1 : 0;
            }
            assertEquals(5, allowed);
        } finally {
            pool.shutdown();
        }
    }
}
