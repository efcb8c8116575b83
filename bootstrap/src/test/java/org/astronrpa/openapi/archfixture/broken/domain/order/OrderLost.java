package org.astronrpa.openapi.archfixture.broken.domain.order;

import org.astronrpa.openapi.archfixture.broken.domain.shared.DomainException;

/** Breaks rule 8: a refusal that extends DomainException but none of its categories. */
public final class OrderLost extends DomainException {
    public OrderLost(String id) {
        super("order " + id + " was lost");
    }
}
