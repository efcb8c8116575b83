package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MySqlRoundTripTest extends RoundTripContract {
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

    @Test
    void openingAMigratedDatabaseAgainChangesNothing() {
        try (Database again = Database.open(MYSQL.config())) {
            assertTrue(again.probe().isUp());
        }
        long applied = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) AS n FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL")
                .mapTo(Long.class).one());
        assertEquals(MigrationTest.MIGRATIONS, applied);
        assertEquals(SchemaFingerprint.of(Database.class.getClassLoader(), Database.javaMigrations(false),
                        Database.placeholders(MYSQL.config())),
                database.jdbi().withHandle(handle -> handle.createQuery("SELECT fingerprint FROM schema_state WHERE id = 1")
                        .mapTo(String.class).one()), "a reopening finds the fingerprint and skips Flyway");
    }

    @Test
    void aDatabaseCreatedWithLatin1StillKeepsChineseAndEmoji() {
        try (MySqlTestDatabase latin1 = TestDatabases.mysql("latin1");
             Database other = Database.open(latin1.config())) {
            Workflow stored = Workflow.create(new ProjectId("p-1"), new UserId("alice"),
                    new WorkflowChanges("发票机器人 🤖", null, null, null, null, null),
                    taken -> false, Instant.parse("2026-01-01T00:00:00Z"));
            other.workflows().insert(stored);
            assertEquals(stored, other.workflows().find(new ProjectId("p-1")).orElseThrow());
        }
    }
}
