package org.astronrpa.openapi.adapters.persistence;

import org.junit.jupiter.api.AfterAll;

class MySqlOutboxQuarantineTest extends OutboxQuarantineContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected Database emptyDatabase() {
        return MYSQL.emptyDatabase();
    }
}
