package org.astronrpa.openapi.archfixture.broken.adapters.http;

import org.astronrpa.openapi.archfixture.broken.application.assembly.UseCaseGraph;

/** Breaks rule 10: a route takes the whole graph, which hides what it calls. */
final class InvoiceRoutes {
    private final UseCaseGraph useCases;

    InvoiceRoutes(UseCaseGraph useCases) {
        this.useCases = useCases;
    }

    void cancel(String id) {
        useCases.cancelOrder().cancel(id);
    }
}
