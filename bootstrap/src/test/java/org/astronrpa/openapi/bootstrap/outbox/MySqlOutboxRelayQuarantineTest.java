package org.astronrpa.openapi.bootstrap.outbox;

import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterEach;

class MySqlOutboxRelayQuarantineTest extends OutboxRelayQuarantineContract {
    private MySqlTestDatabase mysql;

    @Override
    protected PersistenceConfig database() {
        mysql = TestDatabases.mysql();
        return mysql.config();
    }

    @AfterEach
    void dropDatabase() {
        if (mysql != null) {
            mysql.close();
        }
    }
}
