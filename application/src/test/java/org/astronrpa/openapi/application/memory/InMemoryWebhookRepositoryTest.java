package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.WebhookRepositoryContract;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;

class InMemoryWebhookRepositoryTest extends WebhookRepositoryContract {
    private InMemoryDeliveryRepository deliveries;

    @Override
    protected WebhookRepository emptyRepository() {
        deliveries = new InMemoryDeliveryRepository();
        return new InMemoryWebhookRepository(deliveries);
    }

    @Override
    protected DeliveryRepository deliveries() {
        return deliveries;
    }
}
