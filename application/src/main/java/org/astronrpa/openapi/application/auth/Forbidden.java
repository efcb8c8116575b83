package org.astronrpa.openapi.application.auth;

import org.astronrpa.openapi.domain.shared.NotPermitted;

/** Authenticated, but this way of authenticating may not do this. */
public final class Forbidden extends NotPermitted {
    public Forbidden(String message) {
        super(message);
    }
}
