package org.astronrpa.openapi.adapters.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

class MySqlExecutionRoundTripTest extends ExecutionRoundTripContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @BeforeEach
    void emptyTables() {
        database = MYSQL.emptyDatabase();
    }

    @Override
    protected Database database() {
        return database;
    }
}
