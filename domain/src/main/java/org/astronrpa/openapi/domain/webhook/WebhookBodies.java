package org.astronrpa.openapi.domain.webhook;

import org.astronrpa.openapi.domain.shared.DomainEvent;

/**
 * The JSON body a receiver gets for an event of a topic: made once, when the delivery is, and sent unchanged at each
 * attempt. It names the event ({@code id}, {@code type}, {@code occurred_at}), carries the aggregate as that change
 * left it (an execution's full snapshot, as {@code GET /executions/{id}} shows it) and its {@code sequence}, which
 * grows with each change of the aggregate so that a receiver can set aside an older one that arrives late.
 */
@FunctionalInterface
public interface WebhookBodies {
    String render(String topic, DomainEvent event);
}
