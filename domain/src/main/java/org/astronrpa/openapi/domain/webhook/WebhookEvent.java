package org.astronrpa.openapi.domain.webhook;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What happened to a webhook subscription: its owner made, changed, deleted it or rotated its secret, or the service
 * disabled it. Its sequence is the subscription's revision after the change (a deletion's, the one after its last).
 */
public sealed interface WebhookEvent extends DomainEvent {

    WebhookId webhookId();

    UserId owner();

    long revision();

    @Override
    default String aggregateType() {
        return "webhook";
    }

    @Override
    default String aggregateId() {
        return webhookId().value();
    }

    @Override
    default long sequence() {
        return revision();
    }

    /** The service disabled the subscription (its receiver answered 410, or failed too often), for {@code reason}. */
    record Disabled(String eventId, WebhookId webhookId, UserId owner, long revision, String url, String reason,
                    Instant occurredAt) implements WebhookEvent {
        public Disabled {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(webhookId, "webhookId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** The event of {@code disabled}, the subscription as the service disabled it. */
        public static Disabled of(String eventId, Webhook disabled, Instant at) {
            return new Disabled(eventId, disabled.id(), disabled.owner(), disabled.revision(),
                    disabled.definition().url().toString(), disabled.disabledReason(), at);
        }
    }

    /** Its owner made it, changed it, rotated its signing secret or deleted it ({@code change}). */
    record Changed(String eventId, WebhookId webhookId, UserId owner, long revision, Change change,
                   Instant occurredAt) implements WebhookEvent {
        /** What the owner did, by its wire name ({@code created}, …). */
        public enum Change {
            CREATED, UPDATED, SECRET_ROTATED, DELETED;

            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public Changed {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(webhookId, "webhookId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** The event of {@code change} of {@code webhook}, as the change stored it (as it was, for a deletion). */
        public static Changed of(String eventId, Webhook webhook, Change change, Instant at) {
            return new Changed(eventId, webhook.id(), webhook.owner(),
                    change == Change.DELETED ? webhook.revision() + 1 : webhook.revision(), change, at);
        }

        @Override
        public boolean opensAggregate() {
            return change == Change.CREATED;
        }
    }
}
