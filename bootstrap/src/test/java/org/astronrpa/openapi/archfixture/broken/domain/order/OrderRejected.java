package org.astronrpa.openapi.archfixture.broken.domain.order;

/** Breaks rule 8: a domain exception that bypasses DomainException. */
public final class OrderRejected extends IllegalStateException {
    public OrderRejected(String reason) {
        super(reason);
    }
}
