package org.astronrpa.openapi.domain.shared;

/** Category of refusals: the caller asked too often; it may come back later (REST 429). */
public abstract non-sealed class Throttled extends DomainException {
    protected Throttled(String message) {
        super(message);
    }
}
