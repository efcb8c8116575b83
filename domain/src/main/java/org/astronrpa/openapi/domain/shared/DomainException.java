package org.astronrpa.openapi.domain.shared;

/**
 * Root of every refusal of the core, sealed to its categories: each protocol adapter maps them to its answer in one
 * switch the compiler checks for exhaustiveness. A new refusal extends the category that tells how callers react.
 */
public abstract sealed class DomainException extends RuntimeException
        permits NotFound, Conflict, InvalidInput, Unauthorized, NotPermitted, Throttled, Unavailable {
    protected DomainException(String message) {
        super(message, null, false, false);
    }

    /** Keeps the cause for the log (an infrastructure failure), still without a stack trace of its own. */
    protected DomainException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
