package org.astronrpa.openapi.archfixture.broken.domain.order;

import io.javalin.http.Context;

/** Breaks rules 1 and 4: the domain reads a Javalin request. */
public record WebAwareOrder(String customer) {
    public static WebAwareOrder from(Context request) {
        return new WebAwareOrder(request.header("X-Customer"));
    }
}
