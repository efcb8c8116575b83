package org.astronrpa.openapi.domain.shared;

import java.util.List;

/**
 * Where use cases record what happened, once the change it describes is stored. Callers record within the unit of
 * work that stored the change (see {@link Transactions}), so that an implementation writing to the same store keeps
 * the change and its events together; an implementation that publishes must hand events on only once they are stored.
 */
public interface DomainEvents {

    /** Records the events of one change, in their order. */
    void record(List<? extends DomainEvent> events);

    default void record(DomainEvent event) {
        record(List.of(event));
    }
}
