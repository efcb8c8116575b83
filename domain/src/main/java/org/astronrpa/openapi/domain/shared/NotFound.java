package org.astronrpa.openapi.domain.shared;

/** Category of refusals: what was asked for does not exist for this caller (REST 404). */
public abstract non-sealed class NotFound extends DomainException {
    protected NotFound(String message) {
        super(message);
    }
}
