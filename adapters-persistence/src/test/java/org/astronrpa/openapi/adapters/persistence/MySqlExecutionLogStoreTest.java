package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.ExecutionLogStoreContract;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.junit.jupiter.api.AfterAll;

class MySqlExecutionLogStoreTest extends ExecutionLogStoreContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected ExecutionLogStore emptyStore() {
        return MYSQL.emptyDatabase().executionLogs();
    }
}
