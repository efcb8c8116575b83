package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.domain.contract.Await;
import org.astronrpa.openapi.domain.contract.RateLimiterContract;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest extends RateLimiterContract {
    private final Fabrics fabrics = new Fabrics();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected RateLimiter instance(String id) {
        return fabrics.get(id).rateLimiter();
    }

    /** The buckets run on Redis's clock (so that instances' clocks do not matter): only real time moves it. */
    @Override
    protected void elapse(Duration duration) {
        Await.pause(duration);
    }

    /** Redis keeps a bucket only until it would be full again (and a second), so idle callers cost no memory. */
    @Test
    void aBucketExpiresOnceItWouldBeFullAgain() {
        instance("a").acquire(List.of("user:alice"), new RateLimiter.Limit(60_000, 1));
        String key = fabrics.namespace() + "rl:user:alice";
        RedisClient client = RedisClient.create(TestRedis.url());
        try (var redis = client.connect()) {
            long ttl = redis.sync().pttl(key);
            assertTrue(ttl > 0 && ttl <= 1_001, "a token's time (1 ms) and a second: " + ttl);
            Await.until(() -> redis.sync().exists(key) == 0, "the bucket expired");
        } finally {
            client.shutdown();
        }
    }
}
