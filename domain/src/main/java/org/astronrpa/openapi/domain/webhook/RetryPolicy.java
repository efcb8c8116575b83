package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What an attempt's result means for its delivery: a 2xx delivers it; 410 Gone fails it and disables the
 * subscription; 408, 429, 5xx and no answer at all (timeouts, refused connections, names that do not resolve) retry
 * after an exponential backoff with jitter — {@code first}, doubling, at most {@code longest}, each wait scattered by
 * up to ±{@code jitter} of itself, never sooner than the receiver's {@code Retry-After} — for {@code window} from the
 * first attempt; any other answer (a 3xx is not followed, other 4xx) and a refused address fail it at once.
 */
public record RetryPolicy(Duration first, Duration longest, Duration window, double jitter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofHours(24), 0.2);

    public RetryPolicy {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        Objects.requireNonNull(window, "window");
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || window.isNegative()
                || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("first > 0, longest >= first, window >= 0, 0 <= jitter < 1");
        }
    }

    /** What comes of a delivery after an attempt. */
    public sealed interface Verdict {
        /** Delivered. */
        record Delivered() implements Verdict {
        }

        /** Due again at {@code at}. */
        record RetryAt(Instant at) implements Verdict {
        }

        /** Failed for good, for {@code reason}; {@code gone}: the receiver said so, and its subscription ends. */
        record Failed(String reason, boolean gone) implements Verdict {
        }
    }

    /**
     * The verdict on {@code delivery}'s attempt number {@code attempt} that came to {@code result} at {@code now};
     * {@code random} is uniform in [0, 1) (the jitter).
     */
    public Verdict decide(Delivery delivery, int attempt, AttemptResult result, Instant now, double random) {
        String why;
        java.util.Optional<Duration> retryAfter = java.util.Optional.empty();
        switch (result) {
            case AttemptResult.Responded r when r.status() >= 200 && r.status() < 300 -> {
                return new Verdict.Delivered();
            }
            case AttemptResult.Responded r when r.status() == 410 -> {
                return new Verdict.Failed("the receiver answered 410 Gone", true);
            }
            case AttemptResult.Responded r when r.status() == 408 || r.status() == 429 || r.status() >= 500 -> {
                why = "the receiver answered " + r.status();
                retryAfter = r.retryAfter();
            }
            case AttemptResult.Responded r -> {
                return new Verdict.Failed("the receiver answered " + r.status() + " (not retried)", false);
            }
            case AttemptResult.Unreachable u -> why = u.reason();
            case AttemptResult.Refused r -> {
                return new Verdict.Failed(r.reason(), false);
            }
        }
        Duration wait = backoff(attempt, random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            // never past the window (a Retry-After of years would overflow the clock)
            wait = retryAfter.get().compareTo(window) > 0 ? window.plusSeconds(1) : retryAfter.get();
        }
        Instant next = now.plus(wait);
        Instant end = delivery.since().plus(window);
        if (next.isAfter(end)) {
            return new Verdict.Failed(why + "; retried for " + window.toHours() + " h (" + attempt
                    + " attempts), given up", false);
        }
        return new Verdict.RetryAt(next);
    }

    /** The wait after attempt {@code attempt} (from 1): {@code first · 2^(attempt-1)}, at most {@code longest}. */
    Duration backoff(int attempt, double random) {
        long base = first.toMillis();
        long millis = attempt >= 40 ? longest.toMillis()
                : Math.min(longest.toMillis(), base * (1L << Math.min(attempt - 1, 30)));
        double scatter = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(millis * scatter)));
    }
}
