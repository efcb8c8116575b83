package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.WorkflowRepositoryContract;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlWorkflowRepositoryTest extends WorkflowRepositoryContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected WorkflowRepository emptyRepository() {
        return MYSQL.emptyDatabase().workflows();
    }
}
