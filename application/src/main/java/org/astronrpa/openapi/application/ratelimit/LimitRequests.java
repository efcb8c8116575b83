package org.astronrpa.openapi.application.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;

/**
 * Admits an authenticated caller's request, or refuses it when the caller's user — or the API key it used — has
 * spent its budget ({@code RATE_LIMIT_PER_MINUTE}, bursts of {@code RATE_LIMIT_BURST}; a key's own
 * {@code rate_limit_per_minute}, bursts of a minute's worth, for its bucket). Off when no limit applies.
 */
public final class LimitRequests {
    private final RateLimiter limiter;
    private final RateLimiter.Limit limit;

    /** @param limit {@code null} for no limit */
    public LimitRequests(RateLimiter limiter, RateLimiter.Limit limit) {
        this.limiter = limiter;
        this.limit = limit;
    }

    public static LimitRequests off() {
        return new LimitRequests(null, null);
    }

    /**
     * @return the decision (for the {@code RateLimit-*} answer headers); empty when limits are off
     * @throws RateLimited when refused
     */
    public Optional<RateLimiter.Decision> admit(Caller caller) {
        Integer own = caller.apiKeyId() == null ? null : caller.grant().rateLimitPerMinute();
        if ((limit == null && own == null) || limiter == null) {
            return Optional.empty();
        }
        List<RateLimiter.Bucket> buckets = new ArrayList<>(2);
        if (limit != null) {
            buckets.add(new RateLimiter.Bucket("user:" + caller.userId().value(), limit));
        }
        if (caller.apiKeyId() != null && (own != null || limit != null)) {
            // a key's own budget (bursts of a minute's worth) replaces the service's for its bucket; the user's stays
            buckets.add(new RateLimiter.Bucket("key:" + caller.apiKeyId(),
                    own != null ? new RateLimiter.Limit(own, own) : limit));
        }
        RateLimiter.Decision decision = limiter.acquire(buckets);
        if (!decision.allowed()) {
            throw new RateLimited(decision);
        }
        return Optional.of(decision);
    }

    /**
     * The answer headers that tell a caller its budget (IETF draft "RateLimit header fields for HTTP", the form
     * GitHub and Cloudflare clients read): {@code RateLimit-Limit} a minute, {@code RateLimit-Remaining} now,
     * {@code RateLimit-Reset} seconds until the bucket is full; and {@code Retry-After} seconds when refused.
     */
    public static java.util.Map<String, String> answerHeaders(RateLimiter.Decision decision) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(decision.limit().perMinute()));
        headers.put("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())));
        headers.put("RateLimit-Reset", Long.toString(RateLimited.ceilSeconds(decision.resetAfter())));
        if (!decision.allowed()) {
            headers.put("Retry-After", Long.toString(Math.max(1, RateLimited.ceilSeconds(decision.retryAfter()))));
        }
        return headers;
    }
}
