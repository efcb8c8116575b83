package org.astronrpa.openapi.archfixture.broken.adapters.persistence;

import org.astronrpa.openapi.archfixture.broken.domain.order.OrderRepository;

/** Breaks rule 7: implements a port but is not named {@code <Tech>OrderRepository}. */
public final class SqlStore implements OrderRepository {
    @Override
    public boolean exists(String id) {
        return true;
    }
}
