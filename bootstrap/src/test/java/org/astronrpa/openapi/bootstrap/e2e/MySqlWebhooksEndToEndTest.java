package org.astronrpa.openapi.bootstrap.e2e;

import java.util.Map;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Webhooks end to end on MySQL/MariaDB: one database for the class, which Flyway migrates. */
class MySqlWebhooksEndToEndTest extends WebhooksEndToEndContract {
    private static MySqlTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.mysql();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Map<String, String> databaseEnvironment() {
        return database.environment();
    }
}
