package org.astronrpa.openapi.application.auth;

import org.astronrpa.openapi.domain.shared.Unauthorized;

/** The request proved no identity: no credentials, or credentials that are not accepted. */
public final class Unauthenticated extends Unauthorized {
    public Unauthenticated(String message) {
        super(message);
    }
}
