package org.astronrpa.openapi.domain.shared;

import java.time.Duration;

/**
 * Category of refusals: a dependency the request needs (the database) does not answer now — a passing condition,
 * not a bug; callers retry after {@link #retryAfter()}. Adapters throw it where their infrastructure fails.
 */
public final class Unavailable extends DomainException {
    private final String dependency;
    private final Duration retryAfter;

    public Unavailable(String dependency, Duration retryAfter, Throwable cause) {
        super("the " + dependency + " does not answer; retry shortly", cause);
        this.dependency = dependency;
        this.retryAfter = retryAfter;
    }

    /** What does not answer, e.g. {@code database}. */
    public String dependency() {
        return dependency;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
