package org.astronrpa.openapi.archfixture.broken.domain.order;

/** Conforms: a port, implemented by the fixture's persistence adapter. */
public interface OrderRepository {
    boolean exists(String id);
}
