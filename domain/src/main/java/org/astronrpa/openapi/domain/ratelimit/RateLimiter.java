package org.astronrpa.openapi.domain.ratelimit;

import java.time.Duration;

/**
 * Token buckets shared by every instance: {@code perMinute} tokens a minute flow into a bucket that holds at
 * most {@code burst}; each request takes one.
 */
public interface RateLimiter {

    /** How a bucket is filled. */
    record Limit(int perMinute, int burst) {
        public Limit {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("perMinute and burst must be at least 1");
            }
        }

        /** Time for one token to flow in. */
        public Duration refillPerToken() {
            return Duration.ofNanos(60_000_000_000L / perMinute);
        }
    }

    /**
     * The outcome of one request.
     *
     * @param remaining  tokens left after this request
     * @param resetAfter until the bucket is full again
     * @param retryAfter until the next token, when refused; zero when allowed
     */
    record Decision(boolean allowed, Limit limit, long remaining, Duration resetAfter, Duration retryAfter) {

        /** The decision for a bucket that holds {@code left} tokens once this request took its own (if allowed). */
        public static Decision of(boolean allowed, Limit limit, double left) {
            double perNano = limit.perMinute() / 60e9;
            Duration resetAfter = Duration.ofNanos((long) Math.ceil(Math.max(0, limit.burst() - left) / perNano));
            Duration retryAfter = allowed ? Duration.ZERO
                    : Duration.ofNanos((long) Math.ceil(Math.max(0, 1 - left) / perNano));
            return new Decision(allowed, limit, (long) Math.floor(Math.max(0, left)), resetAfter, retryAfter);
        }
    }

    /** A bucket by name, filled as its {@code limit} says. */
    record Bucket(String key, Limit limit) {
        public Bucket {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(limit, "limit");
        }
    }

    /**
     * Takes one token from each of {@code buckets}, all or none: refused when any of them is empty. The decision
     * reports the emptiest bucket (the fewest tokens left), with its limit. Never throws: when the shared store fails,
     * it allows.
     */
    Decision acquire(java.util.List<Bucket> buckets);

    /** {@link #acquire(java.util.List)} of buckets that are all filled as {@code limit} says. */
    default Decision acquire(java.util.List<String> keys, Limit limit) {
        return acquire(keys.stream().map(key -> new Bucket(key, limit)).toList());
    }
}
