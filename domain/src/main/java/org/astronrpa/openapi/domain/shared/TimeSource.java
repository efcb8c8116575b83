package org.astronrpa.openapi.domain.shared;

import java.time.Instant;

/** Where the model learns the time; injected so that rules about expiry and deadlines are testable. */
@FunctionalInterface
public interface TimeSource {
    /** Now, truncated to milliseconds: the precision the API and the database keep. */
    Instant now();
}
