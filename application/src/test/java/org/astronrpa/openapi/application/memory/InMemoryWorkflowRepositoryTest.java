package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.WorkflowRepositoryContract;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

class InMemoryWorkflowRepositoryTest extends WorkflowRepositoryContract {
    @Override
    protected WorkflowRepository emptyRepository() {
        return new InMemoryWorkflowRepository();
    }
}
