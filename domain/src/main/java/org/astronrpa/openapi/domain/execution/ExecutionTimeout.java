package org.astronrpa.openapi.domain.execution;

import java.time.Duration;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** How long a dispatched execution may run before it fails with TIMEOUT: 1..86400 seconds. */
public record ExecutionTimeout(int seconds) {
    public static final int MAX_SECONDS = 86_400;

    public ExecutionTimeout {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw InvalidInput.of("timeout_seconds", "must be between 1 and " + MAX_SECONDS);
        }
    }

    public Duration duration() {
        return Duration.ofSeconds(seconds);
    }
}
