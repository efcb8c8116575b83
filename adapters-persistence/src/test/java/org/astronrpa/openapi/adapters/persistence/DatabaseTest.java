package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    private static final String UNREACHABLE = "jdbc:mysql://127.0.0.1:1/x";
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDatabaseKeepsItsDataAcrossRestartsAndMigratesOnlyOnce() {
        Workflow stored = Workflow.create(new ProjectId("p-1"), new UserId("alice"),
                new WorkflowChanges("a", null, null, null, null, null), taken -> false, Instant.parse("2026-01-01T00:00:00Z"));
        try (Database first = Database.open(PersistenceConfig.embedded(dataDir))) {
            first.workflows().insert(stored);
        }
        try (Database second = Database.open(PersistenceConfig.embedded(dataDir))) {
            assertEquals(stored, second.workflows().find(new ProjectId("p-1")).orElseThrow());
            long applied = second.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT COUNT(*) AS n FROM flyway_schema_history WHERE success = TRUE AND version IS NOT NULL")
                    .mapTo(Long.class).one());
            assertEquals(MigrationTest.MIGRATIONS, applied);
        }
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedNamingTheSetting() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> PersistenceConfig.server("jdbc:postgresql://db/rpa?password=secret", "u", "p"));
        assertTrue(refused.getMessage().contains("DATABASE_URL"), refused.getMessage());
        assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
    }

    @Test
    void theProbeSaysUpWhileOpenAndDownOnceClosed() {
        Database database = Database.open(PersistenceConfig.embedded(dataDir));
        assertEquals("database", database.probe().name());
        assertTrue(database.probe().required());
        assertTrue(database.probe().isUp());
        database.close();
        assertFalse(database.probe().isUp());
    }

    @Test
    void theProbeSaysDownQuicklyWhenTheServerCannotBeReached() {
        HikariConfig settings = ConnectionPool.settings(PersistenceConfig.server(UNREACHABLE, "u", "p"));
        settings.setInitializationFailTimeout(-1); // a pool that starts without its database
        try (HikariDataSource pool = new HikariDataSource(settings)) {
            long start = System.nanoTime();
            assertFalse(new DatabaseProbe(pool).isUp());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(FAST) < 0);
        }
    }

    @Test
    void openingAnUnreachableServerFailsFastWithoutShowingThePassword() {
        long start = System.nanoTime();
        var failure = assertThrows(IllegalStateException.class,
                () -> Database.open(PersistenceConfig.server(UNREACHABLE + "?password=secret", "u", "p")));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(FAST) < 0);
        assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret"), failure.getMessage());
    }
}
