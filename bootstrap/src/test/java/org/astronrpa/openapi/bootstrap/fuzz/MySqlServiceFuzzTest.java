package org.astronrpa.openapi.bootstrap.fuzz;

import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;

/** The fuzz test against the whole service on MySQL/MariaDB, from an empty database that Flyway migrates. */
class MySqlServiceFuzzTest extends ServiceFuzzContract {
    private static MySqlTestDatabase database;

    @BeforeContainer
    static void createDatabase() {
        database = TestDatabases.mysql();
    }

    @AfterContainer
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
