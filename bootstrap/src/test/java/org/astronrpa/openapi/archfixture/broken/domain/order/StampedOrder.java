package org.astronrpa.openapi.archfixture.broken.domain.order;

import java.time.Instant;

/** Breaks rule 5: the domain reads the system clock. */
public record StampedOrder(String id, Instant placedAt) {
    public static StampedOrder place(String id) {
        return new StampedOrder(id, Instant.now());
    }
}
