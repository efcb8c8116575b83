package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.DeliveryRepositoryContract;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;

class InMemoryDeliveryRepositoryTest extends DeliveryRepositoryContract {
    @Override
    protected DeliveryRepository emptyRepository() {
        return new InMemoryDeliveryRepository();
    }

    @Override
    protected Transactions transactions() {
        return Transactions.NONE;
    }
}
