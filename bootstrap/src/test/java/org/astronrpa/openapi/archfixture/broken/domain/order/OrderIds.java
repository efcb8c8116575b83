package org.astronrpa.openapi.archfixture.broken.domain.order;

import java.util.UUID;
import java.util.function.Supplier;

/** Breaks rule 5 by a method reference rather than a call. */
final class OrderIds {
    private final Supplier<UUID> ids = UUID::randomUUID;

    UUID next() {
        return ids.get();
    }
}
