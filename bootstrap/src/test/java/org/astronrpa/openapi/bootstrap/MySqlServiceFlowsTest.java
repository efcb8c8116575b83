package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    /** The execution insert fails once in the database itself (a trigger): the key is not held by it. */
    @Test
    void aRetryWithTheIdempotencyKeyOfARequestWhoseExecutionInsertFailedCreatesTheExecution() throws Exception {
        TestHttp http = start();
        // a user of its own: the other tests of the class share the database
        String[] alice = {"X-User-Id", "trigger-alice", "Idempotency-Key", "one-shot"};
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"fails-once\", \"name\": \"n\"}",
                alice).status());
        try (Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = sql.createStatement()) {
            // MEMORY is not transactional: the count survives the rollback of the statement that fails
            statement.execute("CREATE TABLE fail_next_execution (n INT NOT NULL) ENGINE=MEMORY");
            statement.execute("INSERT INTO fail_next_execution VALUES (1)");
            statement.execute("""
                    CREATE TRIGGER executions_fail_once BEFORE INSERT ON executions FOR EACH ROW
                    BEGIN
                      IF (SELECT n FROM fail_next_execution) > 0 THEN
                        UPDATE fail_next_execution SET n = n - 1;
                        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure of the execution insert';
                      END IF;
                    END""");
            try {
                String body = "{\"project_id\": \"fails-once\"}";
                var failed = http.send("POST", "/executions", body, alice);
                assertEquals(500, failed.status(), failed.body());

                var retried = http.send("POST", "/executions", body, alice);
                assertEquals(202, retried.status(), retried.body());
                String id = retried.json().at("/data/execution/id").asString();
                assertEquals(id, http.send("POST", "/executions", body, alice).json().at("/data/execution/id").asString());
                assertEquals(1, http.send("GET", "/executions", null, alice).json().at("/data/total").asInt());
                try (ResultSet keys = statement.executeQuery("SELECT execution_id FROM idempotency_keys WHERE user_id = 'trigger-alice'")) {
                    assertTrue(keys.next());
                    assertEquals(id, keys.getString(1));
                    assertFalse(keys.next());
                }
            } finally {
                statement.execute("DROP TRIGGER executions_fail_once");
                statement.execute("DROP TABLE fail_next_execution");
            }
        }
    }
}
