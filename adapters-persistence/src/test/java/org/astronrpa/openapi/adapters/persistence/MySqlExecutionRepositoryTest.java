package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.ExecutionRepositoryContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlExecutionRepositoryTest extends ExecutionRepositoryContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected ExecutionRepository emptyRepository() {
        return MYSQL.emptyDatabase().executions();
    }
}
