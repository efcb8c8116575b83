package org.astronrpa.openapi.archfixture.broken.domain.order;

import org.astronrpa.openapi.archfixture.broken.domain.shared.NotFound;

/** Conforms: a refusal in one of the categories of DomainException. */
public final class OrderNotFound extends NotFound {
    public OrderNotFound(String id) {
        super("order " + id);
    }
}
