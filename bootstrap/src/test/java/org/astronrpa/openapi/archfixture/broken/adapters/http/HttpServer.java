package org.astronrpa.openapi.archfixture.broken.adapters.http;

import org.astronrpa.openapi.archfixture.broken.application.assembly.UseCaseGraph;

/** Conforms to rule 10: the adapter's one factory takes from the graph what each route calls. */
public final class HttpServer {
    private final CancelOrderRoutes routes;

    private HttpServer(CancelOrderRoutes routes) {
        this.routes = routes;
    }

    public static HttpServer serving(UseCaseGraph useCases) {
        return new HttpServer(new CancelOrderRoutes(useCases.cancelOrder()));
    }
}
