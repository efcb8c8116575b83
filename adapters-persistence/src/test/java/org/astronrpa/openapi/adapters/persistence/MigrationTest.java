package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database the previous release left at V1 is brought up to date with its rows kept. */
class MigrationTest {
    /** How many versioned migrations src/main/resources/db/migration holds. */
    static final int MIGRATIONS = 3;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final Workflow WORKFLOW = Workflow.create(new ProjectId("p-1"), new UserId("alice"),
            new WorkflowChanges("发票", null, null, null, null, null), taken -> false, T0);

    @TempDir
    Path dataDir;

    @Test
    void anH2DatabaseAtV1IsMigratedKeepingItsWorkflows() {
        PersistenceConfig config = PersistenceConfig.embedded(dataDir);
        migrateToV1(config, JdbcUrls.h2File(dataDir), "sa", "");
        assertMigratedKeepingTheWorkflow(config);
    }

    @Test
    void aMySqlDatabaseAtV1IsMigratedKeepingItsWorkflows() {
        try (MySqlTestDatabase mysql = TestDatabases.mysql()) {
            migrateToV1(mysql.config(), JdbcUrls.mysql(mysql.jdbcUrl()), mysql.username(), mysql.password());
            assertMigratedKeepingTheWorkflow(mysql.config());
        }
    }

    /** Applies V1 only, as the previous release did, and stores a workflow in it. */
    private static void migrateToV1(PersistenceConfig config, String url, String user, String password) {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .placeholders(Database.placeholders(config))
                .target("1")
                .load()
                .migrate();
        // the password may be null, which Jdbi.create(url, user, password) refuses
        new JdbiWorkflowRepository(Jdbi.create(() -> DriverManager.getConnection(url, user, password))).insert(WORKFLOW);
    }

    private static void assertMigratedKeepingTheWorkflow(PersistenceConfig config) {
        try (Database database = Database.open(config)) {
            assertEquals(WORKFLOW, database.workflows().find(WORKFLOW.projectId()).orElseThrow());
            Execution execution = Execution.accept(new ExecutionId("e-1"), WORKFLOW.projectId(), WORKFLOW.ownerId(),
                    "{}", null, new ExecutionTimeout(60), Duration.ofSeconds(60), T0);
            database.executions().insert(execution);
            assertEquals(execution, database.executions().find(execution.id()).orElseThrow());
            long applied = database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT COUNT(*) AS n FROM flyway_schema_history WHERE success = TRUE AND version IS NOT NULL")
                    .mapTo(Long.class).one());
            assertEquals(MIGRATIONS, applied);
        }
    }
}
