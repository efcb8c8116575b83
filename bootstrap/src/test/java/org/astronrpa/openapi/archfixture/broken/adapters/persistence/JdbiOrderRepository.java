package org.astronrpa.openapi.archfixture.broken.adapters.persistence;

import org.astronrpa.openapi.archfixture.broken.domain.order.OrderRepository;

/** Conforms to rule 7: public as {@code <Tech><Port>}. */
public final class JdbiOrderRepository implements OrderRepository {
    @Override
    public boolean exists(String id) {
        return false;
    }
}
