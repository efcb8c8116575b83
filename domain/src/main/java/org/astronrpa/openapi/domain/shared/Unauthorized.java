package org.astronrpa.openapi.domain.shared;

/** Category of refusals: the request proved no accepted identity (REST 401). */
public abstract non-sealed class Unauthorized extends DomainException {
    protected Unauthorized(String message) {
        super(message);
    }
}
