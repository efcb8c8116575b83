package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;

class InMemoryOutboxTest extends OutboxContract {
    private InMemoryOutbox outbox;

    @Override
    protected Outbox emptyOutbox() {
        outbox = new InMemoryOutbox();
        return outbox;
    }

    @Override
    protected Transactions transactions() {
        return outbox.transactions();
    }
}
