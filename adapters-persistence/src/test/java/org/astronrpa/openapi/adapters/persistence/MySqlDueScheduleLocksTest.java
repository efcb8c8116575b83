package org.astronrpa.openapi.adapters.persistence;

import org.junit.jupiter.api.AfterAll;

class MySqlDueScheduleLocksTest extends DueScheduleLocksContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    Database emptyDatabase() {
        return MYSQL.emptyDatabase();
    }

    @Override
    boolean takesTheNextOnes() {
        return true;
    }
}
