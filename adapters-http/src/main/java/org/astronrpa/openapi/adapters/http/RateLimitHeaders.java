package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} answer headers (IETF
 * draft "RateLimit header fields for HTTP", the form GitHub and Cloudflare clients read): the budget per minute,
 * the requests left now, and the seconds until the bucket is full again.
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {
    }

    static void set(Context ctx, RateLimiter.Decision decision) {
        ctx.header("RateLimit-Limit", Integer.toString(decision.limit().perMinute()));
        ctx.header("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())));
        ctx.header("RateLimit-Reset", Long.toString(RateLimited.ceilSeconds(decision.resetAfter())));
    }
}
