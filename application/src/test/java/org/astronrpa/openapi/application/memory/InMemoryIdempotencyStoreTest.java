package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.IdempotencyStoreContract;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
    @Override
    protected IdempotencyStore emptyStore() {
        return new InMemoryIdempotencyStore();
    }
}
