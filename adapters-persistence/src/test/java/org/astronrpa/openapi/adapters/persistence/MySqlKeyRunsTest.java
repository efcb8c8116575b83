package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.contract.KeyRunsContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlKeyRunsTest extends KeyRunsContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected KeyRuns emptyRuns() {
        database = MYSQL.emptyDatabase();
        return database.keyRuns();
    }

    @Override
    protected ExecutionRepository executions() {
        return database.executions();
    }

    @Override
    protected org.astronrpa.openapi.domain.apikey.ApiKeyStore keys() {
        return database.apiKeys();
    }
}
