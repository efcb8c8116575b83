package org.astronrpa.openapi.archfixture.broken.domain.shared;

/** Conforms: one of the fixture's categories of refusals. */
public abstract class NotFound extends DomainException {
    protected NotFound(String message) {
        super(message);
    }
}
