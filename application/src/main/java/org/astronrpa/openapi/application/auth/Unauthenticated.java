package org.astronrpa.openapi.application.auth;

import org.astronrpa.openapi.domain.shared.DomainException;

/** The request proved no identity: no credentials, or credentials that are not accepted. */
public final class Unauthenticated extends DomainException {
    public Unauthenticated(String message) {
        super(message);
    }
}
