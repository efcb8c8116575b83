package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.ExecutionRepositoryContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;

class InMemoryExecutionRepositoryTest extends ExecutionRepositoryContract {
    @Override
    protected ExecutionRepository emptyRepository() {
        return new InMemoryExecutionRepository();
    }
}
