package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.PageRequest;
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
    /**
     * How many versioned migrations there are: the SQL ones in src/main/resources/db/migration, V5, V7, V8, V9, V13,
     * V15, V17 and V19 in Java.
     */
    static final int MIGRATIONS = 28;
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

    @Test
    void anH2DatabaseAtV3GetsProjectKeysForItsRowsAndTellsEmojiApart() {
        PersistenceConfig config = PersistenceConfig.embedded(dataDir);
        migrateToV3WithRows(config, JdbcUrls.h2File(dataDir), "sa", "");
        assertKeyedAndEmojiApart(config);
    }

    @Test
    void aMySqlDatabaseAtV3GetsProjectKeysForItsRowsAndTellsEmojiApart() {
        try (MySqlTestDatabase mysql = TestDatabases.mysql()) {
            migrateToV3WithRows(mysql.config(), JdbcUrls.mysql(mysql.jdbcUrl()), mysql.username(), mysql.password());
            assertKeyedAndEmojiApart(mysql.config());
        }
    }

    @Test
    void anH2DatabaseAtV6KeepsItsOutboxRowsAndItsEventIdsExact() {
        PersistenceConfig config = PersistenceConfig.embedded(dataDir);
        migrateToV6WithAnOutboxRow(config, JdbcUrls.h2File(dataDir), "sa", "");
        assertOutboxKeptAndExact(config);
    }

    @Test
    void aMySqlDatabaseAtV6KeepsItsOutboxRowsAndItsEventIdsExact() {
        try (MySqlTestDatabase mysql = TestDatabases.mysql()) {
            migrateToV6WithAnOutboxRow(mysql.config(), JdbcUrls.mysql(mysql.jdbcUrl()), mysql.username(),
                    mysql.password());
            assertOutboxKeptAndExact(mysql.config());
        }
    }

    @Test
    void anH2DatabaseAtV8GetsExactTextBodiesKeepingItsRowsAndItsExactIds() {
        PersistenceConfig config = PersistenceConfig.embedded(dataDir);
        String url = JdbcUrls.h2File(dataDir);
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .placeholders(Database.placeholders(config))
                .javaMigrations(new ProjectKeyMigration(true), new OutboxQuarantineMigration(true),
                        new OutboxIndexesMigration(true))
                .target("8")
                .load()
                .migrate();
        Jdbi.create(() -> DriverManager.getConnection(url, "sa", "")).useHandle(handle -> {
            handle.execute("""
                    INSERT INTO executions (id, project_id, project_key, user_id, status, params, error, exec_position,
                                            start_time, timeout_seconds, dispatch_deadline, version)
                    VALUES ('e-1', 'p-1', 'p-1', 'alice', 'PENDING', '{"Name":"Bob"}', NULL, 'EXECUTOR',
                            TIMESTAMP '2026-01-01 00:00:00', 60, TIMESTAMP '2026-01-01 00:01:00', 1)""");
            assertEquals("varchar_ignorecase", columnType(handle, "executions", "params"), "before V9");
        });
        try (Database database = Database.open(config)) {
            database.jdbi().useHandle(handle -> {
                for (String[] column : new String[][] {{"outbox", "payload", "NO"}, {"executions", "params", "NO"},
                        {"executions", "result", "YES"}, {"executions", "error", "YES"},
                        {"execution_logs", "message", "NO"}, {"workflows", "parameters", "YES"}}) {
                    assertEquals("character varying", columnType(handle, column[0], column[1]), column[1]);
                    assertEquals(column[2], columnFact(handle, "is_nullable", column[0], column[1]),
                            column[1] + " nullable");
                }
                assertEquals("character varying", columnType(handle, "executions", "id"), "ids stay exact");
                assertEquals("varchar_ignorecase", columnType(handle, "workflows", "name"), "names are searched");
                assertEquals(1, handle.createQuery("SELECT COUNT(*) FROM executions WHERE params = '{\"Name\":\"Bob\"}'")
                        .mapTo(Integer.class).one());
                assertEquals(0, handle.createQuery("SELECT COUNT(*) FROM executions WHERE params = '{\"name\":\"bob\"}'")
                        .mapTo(Integer.class).one(), "compared exactly");
            });
        }
    }

    private static String columnType(org.jdbi.v3.core.Handle handle, String table, String column) {
        return columnFact(handle, "LOWER(data_type)", table, column);
    }

    /** One fact ({@code fact}: an expression over information_schema.columns) of a column. */
    private static String columnFact(org.jdbi.v3.core.Handle handle, String fact, String table, String column) {
        return handle.createQuery("SELECT " + fact + " FROM information_schema.columns"
                        + " WHERE LOWER(table_name) = :table AND LOWER(column_name) = :column")
                .bind("table", table).bind("column", column).mapTo(String.class).one();
    }

    /** The schema before the outbox quarantine (V6), with an unpublished event as that release wrote it. */
    private static void migrateToV6WithAnOutboxRow(PersistenceConfig config, String url, String user, String password) {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .placeholders(Database.placeholders(config))
                .javaMigrations(new ProjectKeyMigration(config.isEmbedded()))
                .target("6")
                .load()
                .migrate();
        Jdbi.create(() -> DriverManager.getConnection(url, user, password)).useHandle(handle -> handle.execute("""
                INSERT INTO outbox (event_id, event_type, aggregate_type, aggregate_id, sequence_no, payload, created_at)
                VALUES ('ev-a', 'api_key.created', 'api_key', 'key-a', 1,
                        '{"event_id":"ev-a","occurred_at":"2026-01-01T00:00:00Z","key_id":"key-a","owner":"alice"}',
                        TIMESTAMP '2026-01-01 00:00:00')"""));
    }

    /**
     * V7 rebuilt the table on H2: the row is still there, and event and aggregate ids still compare exactly. V8 left
     * the outbox the indexes it reads by: the aggregate index on MySQL only, where instances share the database.
     */
    private static void assertOutboxKeptAndExact(PersistenceConfig config) {
        try (Database database = Database.open(config)) {
            List<String> indexes = database.jdbi().withHandle(handle -> handle.createQuery(config.isEmbedded() ? """
                            SELECT CASE WHEN index_type_name = 'PRIMARY KEY' THEN 'primary' ELSE LOWER(index_name) END
                              FROM information_schema.indexes WHERE LOWER(table_name) = 'outbox' ORDER BY 1"""
                            : """
                            SELECT DISTINCT LOWER(index_name) FROM information_schema.statistics
                             WHERE table_name = 'outbox' AND table_schema = DATABASE() ORDER BY 1""")
                    .mapTo(String.class).list());
            assertEquals(config.isEmbedded() ? List.of("ix_outbox_unpublished", "primary")
                    : List.of("ix_outbox_aggregate", "ix_outbox_unpublished", "primary"), indexes);
            ApiKeyEvent kept = new ApiKeyEvent.Created("ev-a", "key-a", new UserId("alice"), T0.minusMillis(123));
            ApiKeyEvent upper = new ApiKeyEvent.Created("EV-A", "KEY-A", new UserId("alice"), T0);
            database.outbox().append(List.of(upper));
            assertEquals(new Outbox.Backlog(2, java.util.Optional.of(kept.occurredAt()), 0), database.outbox().backlog());
            assertEquals(List.of(kept), database.outbox().claim("relay-a", 1, T0, Duration.ofMinutes(1)).stream()
                    .map(Outbox.Entry::event).toList());
            assertEquals(List.of(upper), database.outbox().claim("relay-b", 1, T0, Duration.ofMinutes(1)).stream()
                    .map(Outbox.Entry::event).toList(), "KEY-A does not wait for key-a");
        }
    }

    /** The schema of the previous release (V3), with a workflow and executions written as it wrote them. */
    private static void migrateToV3WithRows(PersistenceConfig config, String url, String user, String password) {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .placeholders(Database.placeholders(config))
                .target("3")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(() -> DriverManager.getConnection(url, user, password));
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO workflows (project_id, user_id, name, version, status, tool_name, revision, created_at,
                                           updated_at)
                    VALUES ('🤖-Bot', 'alice', 'robot', '1.0.0', 1, 'robot', 1, TIMESTAMP '2026-01-01 00:00:00',
                            TIMESTAMP '2026-01-01 00:00:00')""");
            for (String[] row : new String[][] {{"e-1", "🤖-Bot"}, {"e-2", "🦾-bot"}, {"e-3", "Café"}}) {
                handle.execute("""
                        INSERT INTO executions (id, project_id, user_id, status, params, exec_position, start_time,
                                                timeout_seconds, dispatch_deadline, version)
                        VALUES (?, ?, 'alice', 'PENDING', '{}', 'EXECUTOR', TIMESTAMP '2026-01-01 00:00:00', 60,
                                TIMESTAMP '2026-01-01 00:01:00', 1)""", row[0], row[1]);
            }
        });
    }

    private static void assertKeyedAndEmojiApart(PersistenceConfig config) {
        try (Database database = Database.open(config)) {
            assertEquals("robot", database.workflows().find(new ProjectId("🤖-bot")).orElseThrow().name());
            assertEquals(java.util.Optional.empty(), database.workflows().find(new ProjectId("🦾-bot")));
            database.workflows().insert(Workflow.create(new ProjectId("🦾-bot"), new UserId("bob"),
                    new WorkflowChanges("arm", null, null, null, null, null), taken -> false, T0));
            assertEquals("robot", database.workflows().find(new ProjectId("🤖-BOT")).orElseThrow().name());
            for (String[] expected : new String[][] {{"🤖-bot", "e-1"}, {"🦾-BOT", "e-2"}, {"café", "e-3"}}) {
                var page = database.executions().page(new UserId("alice"),
                        new ExecutionFilter(new ProjectId(expected[0]), null), PageRequest.FIRST);
                assertEquals(List.of(expected[1]), page.records().stream().map(e -> e.id().value()).toList());
                assertEquals(1L, page.total(), "V10 counted the rows V3 wrote");
            }
            assertEquals(3L, database.executions().page(new UserId("alice"), new ExecutionFilter(null,
                    ExecutionStatus.PENDING), PageRequest.FIRST).total(), "V10 counted the rows V3 wrote");
            assertEquals(0, database.executions().page(new UserId("alice"),
                    new ExecutionFilter(new ProjectId("cafe"), null), PageRequest.FIRST).total());
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
        Jdbi.create(() -> DriverManager.getConnection(url, user, password)).useHandle(handle -> {
            handle.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
            WorkflowRows.bind(handle.createUpdate("""
                    INSERT INTO workflows (project_id, user_id, name, english_name, description, version, status,
                                           parameters, tool_name, revision, created_at, updated_at)
                    VALUES (:projectId, :userId, :name, :englishName, :description, :version, :status,
                            :parameters, :toolName, :revision, :createdAt, :updatedAt)"""), WORKFLOW).execute();
            // a key of the previous release: it knows no scopes
            handle.execute("""
                    INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at)
                    VALUES ('old-key', 'alice', 'ci', 'rpa_abcdefgh', ?, '2025-06-01 00:00:00.000')""", "a".repeat(64));
        });
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
            var key = database.apiKeys().findById("old-key").orElseThrow();
            assertTrue(key.grant().fullAccess(), "a key issued before scopes keeps its owner's full power");
            assertEquals(org.astronrpa.openapi.domain.apikey.KeyGrant.FULL, key.grant());
            assertEquals(1, key.revision());
        }
    }
}
