package org.astronrpa.openapi.bootstrap;

import java.util.Map;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same flows on MySQL/MariaDB, from an empty database that Flyway migrates. */
class MySqlServiceFlowsTest extends ServiceFlowsContract {
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
