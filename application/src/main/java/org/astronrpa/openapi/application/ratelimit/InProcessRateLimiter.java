package org.astronrpa.openapi.application.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.TimeSource;

/** Token buckets of a single instance, in memory. Buckets that filled up again are forgotten. */
public final class InProcessRateLimiter implements RateLimiter {
    private static final int SWEEP_EVERY = 10_000;

    private record Bucket(double tokens, Instant at) {
    }

    private final TimeSource time;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private int sinceSweep;

    public InProcessRateLimiter(TimeSource time) {
        this.time = time;
    }

    @Override
    public synchronized Decision acquire(List<String> keys, Limit limit) {
        Instant now = time.now();
        double perNano = limit.perMinute() / 60e9;
        double lowest = Double.MAX_VALUE;
        double[] levels = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            Bucket bucket = buckets.get(keys.get(i));
            levels[i] = bucket == null ? limit.burst() : Math.min(limit.burst(), level(bucket, now, perNano));
            lowest = Math.min(lowest, levels[i]);
        }
        boolean allowed = lowest >= 1;
        for (int i = 0; i < keys.size(); i++) {
            buckets.put(keys.get(i), new Bucket(allowed ? levels[i] - 1 : levels[i], now));
        }
        if (++sinceSweep >= SWEEP_EVERY) {
            sinceSweep = 0;
            buckets.values().removeIf(b -> level(b, now, perNano) >= limit.burst());
        }
        double left = allowed ? lowest - 1 : lowest;
        return Decision.of(allowed, limit, left);
    }

    /** The tokens a bucket holds by {@code now}, before the burst cap; a clock that stepped back takes none. */
    private static double level(Bucket bucket, Instant now, double perNano) {
        return bucket.tokens() + Math.max(0, Duration.between(bucket.at(), now).toNanos()) * perNano;
    }
}
