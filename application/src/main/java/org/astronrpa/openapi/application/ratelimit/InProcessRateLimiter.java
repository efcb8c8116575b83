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

    private record Bucket(double tokens, Instant at, Limit limit) {
    }

    private final TimeSource time;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private int sinceSweep;

    public InProcessRateLimiter(TimeSource time) {
        this.time = time;
    }

    @Override
    public synchronized Decision acquire(List<RateLimiter.Bucket> wanted) {
        Instant now = time.now();
        double lowest = Double.MAX_VALUE;
        Limit lowestLimit = null;
        double[] levels = new double[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            Limit limit = wanted.get(i).limit();
            Bucket bucket = buckets.get(wanted.get(i).key());
            levels[i] = bucket == null ? limit.burst()
                    : Math.min(limit.burst(), level(bucket, now, limit.perMinute() / 60e9));
            if (levels[i] < lowest) {
                lowest = levels[i];
                lowestLimit = limit;
            }
        }
        boolean allowed = lowest >= 1;
        for (int i = 0; i < wanted.size(); i++) {
            buckets.put(wanted.get(i).key(), new Bucket(allowed ? levels[i] - 1 : levels[i], now,
                    wanted.get(i).limit()));
        }
        if (++sinceSweep >= SWEEP_EVERY) {
            sinceSweep = 0;
            buckets.values().removeIf(b -> level(b, now, b.limit().perMinute() / 60e9) >= b.limit().burst());
        }
        double left = allowed ? lowest - 1 : lowest;
        return Decision.of(allowed, lowestLimit, left);
    }

    /** The tokens a bucket holds by {@code now}, before the burst cap; a clock that stepped back takes none. */
    private static double level(Bucket bucket, Instant now, double perNano) {
        return bucket.tokens() + Math.max(0, Duration.between(bucket.at(), now).toNanos()) * perNano;
    }
}
