package org.astronrpa.openapi.domain.shared;

/** Category of refusals: the caller is known, but may not do this this way (REST 403). */
public abstract non-sealed class NotPermitted extends DomainException {
    protected NotPermitted(String message) {
        super(message);
    }
}
