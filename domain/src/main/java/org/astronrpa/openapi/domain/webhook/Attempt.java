package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a delivery, as its log shows it: its number (from 1), when, the receiver's status (null when it did
 * not answer), how long it took, why it failed (null when it did not), and the start of the answer.
 */
public record Attempt(int number, Instant at, Integer statusCode, Duration latency, String error,
                      String responseBody) {
    public Attempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(latency, "latency");
        if (number < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
    }

    /** The attempt numbered {@code number} that came to {@code result}. */
    public static Attempt of(int number, Instant at, AttemptResult result) {
        return switch (result) {
            case AttemptResult.Responded r -> new Attempt(number, at, r.status(), r.latency(),
                    r.status() >= 200 && r.status() < 300 ? null : "the receiver answered " + r.status(), r.body());
            case AttemptResult.Unreachable u -> new Attempt(number, at, null, u.latency(), u.reason(), null);
            case AttemptResult.Refused r -> new Attempt(number, at, null, Duration.ZERO, r.reason(), null);
        };
    }
}
