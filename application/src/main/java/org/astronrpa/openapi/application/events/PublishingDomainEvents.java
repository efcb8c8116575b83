package org.astronrpa.openapi.application.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.RecentEventIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event, in order, to this process's consumers: in the service the outbox relay publishes here what it
 * relays, in tests use cases record here directly. Consumers return quickly; one that fails is logged and the others
 * still hear. Delivery from the outbox is at least once, so an event id heard lately is not handed on again. That
 * only catches this relay's own repeats: an event that another instance's relay publishes again (after the lease of
 * one that died) never came through here, so the consumers downstream (execution bus, workflow change feed, key
 * revocation feed) drop repeats themselves, on every instance.
 */
public final class PublishingDomainEvents implements DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PublishingDomainEvents.class);
    /** How many recent event ids are remembered: far more than a relay publishes before it marks them. */
    static final int REMEMBERED = 10_000;
    private final CopyOnWriteArrayList<Consumer<? super DomainEvent>> consumers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<? super DomainEvent>> required = new CopyOnWriteArrayList<>();
    private final RecentEventIds heard = new RecentEventIds(REMEMBERED);

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

    /**
     * Adds a consumer that must have taken an event before it counts as published: it hears each event first, and
     * when it fails the failure is the publication's (the relay publishes the event again later, and no consumer has
     * heard of it meanwhile). It makes what it does durable itself (webhook deliveries).
     */
    public PublishingDomainEvents require(Consumer<? super DomainEvent> consumer) {
        required.add(consumer);
        return this;
    }

    /**
     * Hands each event on to the required consumers, then to the others.
     *
     * @throws RuntimeException from a required consumer: that event and those after it were not published
     */
    @Override
    public void record(List<? extends DomainEvent> events) {
        for (DomainEvent event : events) {
            if (heard.heard(event.eventId())) {
                continue;
            }
            for (Consumer<? super DomainEvent> consumer : required) {
                consumer.accept(event);
            }
            if (!heard.firstTime(event.eventId())) {
                continue;
            }
            for (Consumer<? super DomainEvent> consumer : consumers) {
                try {
                    consumer.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("a consumer of {} {} failed", event.getClass().getSimpleName(), event.eventId(), e);
                }
            }
        }
    }

    /**
     * The consumer that tells the execution bus of every execution event, id and all: the bus of every instance
     * drops what it heard already, so an event that another instance's relay publishes again is heard once.
     */
    public static Consumer<DomainEvent> toBus(ExecutionEvents bus) {
        return event -> {
            if (event instanceof ExecutionEvent changed) {
                bus.publish(changed);
            }
        };
    }

    /** The consumer that spreads every robot event to the instances (this one included) through {@code feed}. */
    public static Consumer<DomainEvent> toRobotFeed(org.astronrpa.openapi.domain.robot.RobotChangeFeed feed) {
        return event -> {
            if (event instanceof org.astronrpa.openapi.domain.robot.RobotEvent robot) {
                feed.announce(robot);
            }
        };
    }
}
