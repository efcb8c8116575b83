package org.astronrpa.openapi.domain.shared;

/** Root of every rule the domain refuses; adapters map each subclass to a protocol answer in one place. */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
