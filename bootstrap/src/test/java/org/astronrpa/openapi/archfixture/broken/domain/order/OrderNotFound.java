package org.astronrpa.openapi.archfixture.broken.domain.order;

import org.astronrpa.openapi.archfixture.broken.domain.shared.DomainException;

/** Conforms: a refusal that extends DomainException. */
public final class OrderNotFound extends DomainException {
    public OrderNotFound(String id) {
        super("order " + id);
    }
}
