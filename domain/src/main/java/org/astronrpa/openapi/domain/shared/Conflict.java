package org.astronrpa.openapi.domain.shared;

/** Category of refusals: the request clashes with the current state or a concurrent request (REST 409). */
public abstract non-sealed class Conflict extends DomainException {
    protected Conflict(String message) {
        super(message);
    }
}
