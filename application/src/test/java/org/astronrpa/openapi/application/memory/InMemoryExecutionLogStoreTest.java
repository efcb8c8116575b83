package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.ExecutionLogStoreContract;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;

class InMemoryExecutionLogStoreTest extends ExecutionLogStoreContract {
    @Override
    protected ExecutionLogStore emptyStore() {
        return new InMemoryExecutionLogStore();
    }
}
