package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one attempt to deliver came to, as the transport saw it. */
public sealed interface AttemptResult {
    /** At most this much of a receiver's answer is kept. */
    int MAX_BODY = 1024;

    Duration latency();

    /** The receiver answered with {@code status}; its body cut to {@link #MAX_BODY} characters. */
    record Responded(int status, String body, Optional<Duration> retryAfter, Duration latency)
            implements AttemptResult {
        public Responded {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(latency, "latency");
            body = body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
        }
    }

    /** No answer: the name did not resolve, the connection failed, or the receiver took too long. */
    record Unreachable(String reason, Duration latency) implements AttemptResult {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(latency, "latency");
        }
    }

    /** Not sent: the URL resolves to an address the service does not call (see {@link TargetPolicy}). */
    record Refused(String reason) implements AttemptResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Duration latency() {
            return Duration.ZERO;
        }
    }
}
