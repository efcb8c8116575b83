package org.astronrpa.openapi.adapters.persistence;

import org.junit.jupiter.api.AfterAll;

class MySqlStoredAllowListTest extends StoredAllowListContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    Database database() {
        return MYSQL.emptyDatabase();
    }
}
