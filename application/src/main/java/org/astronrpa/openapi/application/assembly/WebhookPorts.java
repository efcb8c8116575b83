package org.astronrpa.openapi.application.assembly;

import java.util.Objects;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookBodies;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.astronrpa.openapi.domain.webhook.WebhookTransport;

/**
 * What webhooks are built on: where subscriptions, deliveries and users' callback secrets live, how a request is sent
 * (with the address guard), and how an event's body is written.
 */
public record WebhookPorts(WebhookRepository webhooks, DeliveryRepository deliveries,
                           org.astronrpa.openapi.domain.webhook.CallbackSecretStore callbackSecrets,
                           WebhookTransport transport, WebhookBodies bodies) {
    public WebhookPorts {
        Objects.requireNonNull(callbackSecrets, "callbackSecrets");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(bodies, "bodies");
    }
}
