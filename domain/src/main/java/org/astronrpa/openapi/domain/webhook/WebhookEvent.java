package org.astronrpa.openapi.domain.webhook;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/** What happened to a webhook subscription; its sequence is the subscription's revision after the change. */
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
}
