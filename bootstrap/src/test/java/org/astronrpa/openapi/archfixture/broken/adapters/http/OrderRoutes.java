package org.astronrpa.openapi.archfixture.broken.adapters.http;

import org.astronrpa.openapi.archfixture.broken.adapters.persistence.OrderRows;

/** Breaks rule 3: the HTTP adapter reaches into the persistence adapter. */
final class OrderRoutes {
    String show(OrderRows row) {
        return row.id();
    }
}
