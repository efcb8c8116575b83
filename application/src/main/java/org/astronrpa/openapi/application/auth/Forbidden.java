package org.astronrpa.openapi.application.auth;

import org.astronrpa.openapi.domain.shared.DomainException;

/** Authenticated, but this way of authenticating may not do this. */
public final class Forbidden extends DomainException {
    public Forbidden(String message) {
        super(message);
    }
}
