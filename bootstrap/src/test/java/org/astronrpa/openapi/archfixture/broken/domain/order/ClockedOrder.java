package org.astronrpa.openapi.archfixture.broken.domain.order;

import java.time.Clock;
import java.time.Instant;

/** Conforms to rule 5: it reads the clock it is handed. */
record ClockedOrder(String id, Instant placedAt) {
    static ClockedOrder place(String id, Clock clock) {
        return new ClockedOrder(id, Instant.now(clock));
    }
}
