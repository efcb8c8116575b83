package org.astronrpa.openapi.archfixture.broken.adapters.http;

import org.astronrpa.openapi.archfixture.broken.application.workflow.CancelOrder;

/** Conforms to rule 10: a route takes the one use case it calls. */
final class CancelOrderRoutes {
    private final CancelOrder cancelOrder;

    CancelOrderRoutes(CancelOrder cancelOrder) {
        this.cancelOrder = cancelOrder;
    }

    void cancel(String id) {
        cancelOrder.cancel(id);
    }
}
