package org.astronrpa.openapi.archfixture.broken.domain.shared;

/** Conforms: the fixture's unchecked root of refusals. */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message);
    }
}
