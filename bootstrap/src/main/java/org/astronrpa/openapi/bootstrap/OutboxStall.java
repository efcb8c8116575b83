package org.astronrpa.openapi.bootstrap;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test fault injection, never for production: with the JVM system property {@value #PROPERTY} set to
 * {@code after-claim} or {@code after-publish}, optionally followed by {@code :} and an event's type
 * ({@code after-claim:Completed}, the simple name of the event's class), the outbox relay stops for good at that
 * point of the first batch holding such an event (any event when no type is given). A test then SIGKILLs the
 * process exactly between a change and its publication, or between its publication and its mark. The relay's
 * periodic pass waits behind the stalled one, and with it the single-instance background work on its thread.
 * Not an environment variable on purpose: it cannot reach a deployment through {@code .env} files.
 */
final class OutboxStall implements OutboxRelay.FaultInjection {
    static final String PROPERTY = "rpa.test.outbox-stall";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxStall.class);

    private enum Point { AFTER_CLAIM, AFTER_PUBLISH }

    private final Point point;
    private final String eventType;

    private OutboxStall(Point point, String eventType) {
        this.point = point;
        this.eventType = eventType;
    }

    /** The fault the system property asks for; {@link OutboxRelay.FaultInjection#NONE} when it is unset. */
    static OutboxRelay.FaultInjection fromSystemProperty() {
        return of(System.getProperty(PROPERTY));
    }

    static OutboxRelay.FaultInjection of(String value) {
        if (value == null || value.isBlank()) {
            return OutboxRelay.FaultInjection.NONE;
        }
        String[] parts = value.strip().split(":", 2);
        Point point = switch (parts[0]) {
            case "after-claim" -> Point.AFTER_CLAIM;
            case "after-publish" -> Point.AFTER_PUBLISH;
            default -> throw new ConfigException(PROPERTY + " must be after-claim or after-publish, optionally "
                    + "followed by :EventType (got '" + value + "')");
        };
        String eventType = parts.length == 2 ? parts[1] : null;
        if (eventType != null && !eventType.matches("^[A-Za-z]+$")) {
            throw new ConfigException(PROPERTY + " names an event type by its class's simple name, like Completed "
                    + "(got '" + value + "')");
        }
        LOG.warn("TEST FAULT INJECTION ({}={}): the outbox relay will stop for good {} a batch holding {}; "
                + "never set this outside tests", PROPERTY, value, point == Point.AFTER_CLAIM ? "after claiming"
                : "after publishing", eventType == null ? "any event" : "a " + eventType + " event");
        return new OutboxStall(point, eventType);
    }

    @Override
    public void afterClaim(List<Outbox.Entry> batch) {
        if (point == Point.AFTER_CLAIM) {
            stallOn(batch);
        }
    }

    @Override
    public void afterPublish(List<Outbox.Entry> published) {
        if (point == Point.AFTER_PUBLISH) {
            stallOn(published);
        }
    }

    private void stallOn(List<Outbox.Entry> entries) {
        List<Outbox.Entry> matching = entries.stream()
                .filter(entry -> eventType == null || entry.event().getClass().getSimpleName().equals(eventType))
                .toList();
        if (matching.isEmpty()) {
            return;
        }
        LOG.warn("TEST FAULT INJECTION: the outbox relay stalls {} {} rows, among them the events {}",
                point == Point.AFTER_CLAIM ? "after claiming" : "after publishing", entries.size(),
                matching.stream().map(entry -> entry.event().eventId()).toList());
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the stalled outbox relay was interrupted: the rows stay as they are");
    }
}
