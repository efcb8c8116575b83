package org.astronrpa.openapi.application.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each recorded event, in order, to this process's consumers as soon as it is recorded — use cases record
 * after their change is stored. Consumers return quickly; one that fails is logged and the others still hear.
 * (The transactional outbox replaces the "as soon as recorded" with "once committed, relayed from the table".)
 */
public final class PublishingDomainEvents implements DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PublishingDomainEvents.class);
    private final CopyOnWriteArrayList<Consumer<? super DomainEvent>> consumers = new CopyOnWriteArrayList<>();

    public PublishingDomainEvents() {
    }

    /** Execution events go on to the execution bus: waiters, /ws/events watchers, metrics, other instances. */
    public PublishingDomainEvents(ExecutionEvents bus) {
        consume(toBus(bus));
    }

    /** Adds a consumer of every event recorded from now on. */
    public PublishingDomainEvents consume(Consumer<? super DomainEvent> consumer) {
        consumers.add(consumer);
        return this;
    }

    @Override
    public void record(List<? extends DomainEvent> events) {
        for (DomainEvent event : events) {
            for (Consumer<? super DomainEvent> consumer : consumers) {
                try {
                    consumer.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("a consumer of {} {} failed", event.getClass().getSimpleName(), event.eventId(), e);
                }
            }
        }
    }

    /** The consumer that tells the execution bus of every execution event. */
    public static Consumer<DomainEvent> toBus(ExecutionEvents bus) {
        return event -> {
            if (event instanceof ExecutionEvent changed) {
                bus.statusChanged(changed.execution());
            }
        };
    }
}
