package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB/MySQL database that fails in the middle of a change, through the production wiring: a trigger fails
 * one statement of the change's transaction once (the execution's write, or its event's outbox row), and the
 * change and its event are then both absent; retried without the failure, both are present.
 */
class MySqlChangeWithItsEventTest {
    private static final String[] ALICE = {"X-User-Id", "alice"};

    @TempDir
    Path dir;
    private MySqlTestDatabase database;
    private Launcher launcher;
    private TestHttp http;
    private Connection sql;

    @BeforeEach
    void start() throws SQLException {
        database = TestDatabases.mysql();
        Map<String, String> env = new HashMap<>(database.environment());
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("LOG_DIR", dir.resolve("logs").toString());
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "2");
        launcher = new Launcher(AppConfig.load(dir, env)).start();
        http = new TestHttp(launcher.port());
        sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"p-1\", \"name\": \"n\"}", ALICE)
                .status());
    }

    @AfterEach
    void stop() throws SQLException {
        if (sql != null) {
            sql.close();
        }
        if (launcher != null) {
            launcher.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aStartWhoseEventCannotBeStoredCreatesNoExecutionAndItsRetryStoresBoth() throws SQLException {
        failOnce("BEFORE INSERT ON outbox", "the outbox insert");
        var failed = http.send("POST", "/executions", "{\"project_id\": \"p-1\"}", ALICE);

        assertCleanInternalError(failed);
        assertEquals(0, count("SELECT COUNT(*) FROM executions WHERE user_id = 'alice'"), "no execution without its event");
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE aggregate_type = 'execution'"));
        assertEquals(0, pendingFailures(), "the injected failure happened");

        var started = http.send("POST", "/executions", "{\"project_id\": \"p-1\"}", ALICE);
        assertEquals(202, started.status(), started.body());
        String id = started.json().at("/data/execution/id").asString();
        assertEquals(1, count("SELECT COUNT(*) FROM executions WHERE user_id = 'alice'"));
        assertEquals(1, count("SELECT COUNT(*) FROM executions WHERE id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'execution.queued'", id));
    }

    @Test
    void aCancelWhoseExecutionUpdateFailsRecordsNoEventAndItsRetryStoresBoth() throws SQLException {
        var started = http.send("POST", "/executions", "{\"project_id\": \"p-1\"}", ALICE);
        assertEquals(202, started.status(), started.body());
        String id = started.json().at("/data/execution/id").asString();

        failOnce("BEFORE UPDATE ON executions", "the execution update");
        var failed = http.send("POST", "/executions/" + id + "/cancel", null, ALICE);

        assertCleanInternalError(failed);
        assertEquals(0, pendingFailures(), "the injected failure happened");
        assertEquals("PENDING", text("SELECT status FROM executions WHERE id = ?", id));
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'execution.cancelled'", id),
                "no event without its change");
        assertEquals("PENDING", http.send("GET", "/executions/" + id, null, ALICE).json()
                .at("/data/execution/status").asString());

        var cancelled = http.send("POST", "/executions/" + id + "/cancel", null, ALICE);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("CANCELLED", text("SELECT status FROM executions WHERE id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'execution.cancelled'", id));
    }

    /** A 500 naming no cause: the failure is neither an outage (503) nor the caller's (4xx). */
    private static void assertCleanInternalError(TestHttp.Answer failed) {
        assertEquals(500, failed.status(), failed.body());
        assertEquals("internal", failed.json().at("/error/type").asString(null), failed.body());
        assertFalse(failed.body().contains("injected"), "the database's message stays in the log: " + failed.body());
    }

    /**
     * The next {@code event} fails in the database itself; MEMORY is not transactional, so the count survives the
     * rollback of the statement that fails.
     */
    private void failOnce(String event, String what) throws SQLException {
        try (Statement statement = sql.createStatement()) {
            statement.execute("CREATE TABLE fail_next (n INT NOT NULL) ENGINE=MEMORY");
            statement.execute("INSERT INTO fail_next VALUES (1)");
            statement.execute("CREATE TRIGGER fail_once " + event + " FOR EACH ROW\n"
                    + "BEGIN\n"
                    + "  IF (SELECT n FROM fail_next) > 0 THEN\n"
                    + "    UPDATE fail_next SET n = n - 1;\n"
                    + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure of " + what + "';\n"
                    + "  END IF;\n"
                    + "END");
        }
    }

    private int pendingFailures() throws SQLException {
        return count("SELECT n FROM fail_next");
    }

    private int count(String query, String... parameters) throws SQLException {
        return Integer.parseInt(text(query, parameters));
    }

    private String text(String query, String... parameters) throws SQLException {
        try (PreparedStatement statement = sql.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + query);
                }
                return rows.getString(1);
            }
        }
    }
}
