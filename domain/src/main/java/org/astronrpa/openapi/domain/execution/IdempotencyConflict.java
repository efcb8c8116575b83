package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.Conflict;

/** The idempotency key was used with another request body, or its first request is still being processed. */
public final class IdempotencyConflict extends Conflict {
    public IdempotencyConflict(String message) {
        super(message);
    }
}
