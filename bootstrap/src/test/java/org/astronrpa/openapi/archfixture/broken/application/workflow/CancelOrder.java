package org.astronrpa.openapi.archfixture.broken.application.workflow;

import org.astronrpa.openapi.archfixture.broken.domain.order.OrderNotFound;
import org.astronrpa.openapi.archfixture.broken.domain.order.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Conforms: a final use case with one public method, logging through slf4j. */
public final class CancelOrder {
    private static final Logger LOG = LoggerFactory.getLogger(CancelOrder.class);
    private final OrderRepository orders;

    public CancelOrder(OrderRepository orders) {
        this.orders = orders;
    }

    public void cancel(String id) {
        if (!orders.exists(id)) {
            throw new OrderNotFound(id);
        }
        LOG.info("cancelled {}", id);
    }
}
