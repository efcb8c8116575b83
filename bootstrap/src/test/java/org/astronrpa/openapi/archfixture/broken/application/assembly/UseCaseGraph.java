package org.astronrpa.openapi.archfixture.broken.application.assembly;

import org.astronrpa.openapi.archfixture.broken.application.workflow.CancelOrder;
import org.astronrpa.openapi.archfixture.broken.domain.order.OrderRepository;

/** The fixture's assembly: every use case built once, handed out by accessor. */
public final class UseCaseGraph {
    private final CancelOrder cancelOrder;

    public UseCaseGraph(OrderRepository orders) {
        this.cancelOrder = new CancelOrder(orders);
    }

    public CancelOrder cancelOrder() {
        return cancelOrder;
    }
}
