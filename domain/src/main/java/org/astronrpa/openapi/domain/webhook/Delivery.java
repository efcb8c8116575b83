package org.astronrpa.openapi.domain.webhook;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * One event on its way to one receiver: a subscription's ({@code webhook}), or an execution's callback
 * ({@code callbackOf} and its {@code url}). Made when the event is relayed, once per receiver and event (the
 * {@link #subscriber()} and the event id are unique together); its body is fixed then, and signed at each attempt.
 * PENDING until an attempt is due at {@code nextAttemptAt}; DELIVERED or FAILED for good. Retries go on for a window
 * from {@code since} (its making, or its owner's redelivery).
 */
public record Delivery(String id, WebhookId webhook, String callbackOf, String url, UserId owner, String eventId,
                       String topic, String body, Status status, int attempts, Instant nextAttemptAt, Attempt last,
                       Instant createdAt, Instant since, Instant finishedAt) {

    /** Where a delivery stands. */
    public enum Status {
        PENDING, DELIVERED, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status named {@code wire} ({@code pending}, …), or null. */
        public static Status ofWire(String wire) {
            for (Status status : values()) {
                if (status.wire().equals(wire)) {
                    return status;
                }
            }
            return null;
        }
    }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(since, "since");
        if ((webhook == null) == (callbackOf == null)) {
            throw new IllegalArgumentException("a delivery is a subscription's or a callback's");
        }
        if (callbackOf != null && url == null) {
            throw new IllegalArgumentException("a callback's delivery carries its URL");
        }
        if ((status == Status.PENDING) != (nextAttemptAt != null)) {
            throw new IllegalArgumentException("a pending delivery, and only one, has its next attempt's time");
        }
    }

    /** A subscription's delivery of an event, its first attempt due at once. */
    public static Delivery toWebhook(String id, Webhook webhook, String eventId, String topic, String body,
                                     Instant now) {
        return new Delivery(id, webhook.id(), null, null, webhook.owner(), eventId, topic, body, Status.PENDING, 0, now,
                null, now, now, null);
    }

    /** A callback's delivery of an event of execution {@code execution}, its first attempt due at once. */
    public static Delivery toCallback(String id, String execution, String url, UserId owner, String eventId,
                                      String topic, String body, Instant now) {
        return new Delivery(id, null, execution, url, owner, eventId, topic, body, Status.PENDING, 0, now, null, now,
                now, null);
    }

    /** Who receives it: {@code webhook:<id>} or {@code callback:<execution id>} (unique with the event id). */
    public String subscriber() {
        return webhook != null ? "webhook:" + webhook.value() : "callback:" + callbackOf;
    }

    /** After {@code attempt}: delivered, failed for good ({@code finished}), or due again at {@code retryAt}. */
    public Delivery after(Attempt attempt, Status next, Instant retryAt, Instant now) {
        return new Delivery(id, webhook, callbackOf, url, owner, eventId, topic, body, next, attempt.number(),
                next == Status.PENDING ? retryAt : null, attempt, createdAt, since, next == Status.PENDING ? null : now);
    }

    /**
     * Given up without a request (its subscription is gone or off): logged as an attempt of its own, numbered after
     * the last, that sent nothing, with the reason as its error.
     */
    public Delivery abandoned(String reason, Instant now) {
        Attempt noted = new Attempt(attempts + 1, now, null, java.time.Duration.ZERO, reason, null);
        return new Delivery(id, webhook, callbackOf, url, owner, eventId, topic, body, Status.FAILED, attempts + 1,
                null, noted, createdAt, since, now);
    }

    /**
     * Asked for again by its owner: due at once, its attempts counted on from where they were, its retries given a
     * new window from now ({@code since}).
     */
    public Delivery redelivered(Instant now) {
        return new Delivery(id, webhook, callbackOf, url, owner, eventId, topic, body, Status.PENDING, attempts, now,
                last, createdAt, now, null);
    }
}
