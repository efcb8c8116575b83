package org.astronrpa.openapi.adapters.persistence;

/**
 * One migrated MySQL database shared by the tests of a class, opened by the first test that asks for it, so
 * that without a server each test is reported skipped with the reason.
 */
final class MySqlFixture implements AutoCloseable {
    private MySqlTestDatabase server;
    private Database database;

    /** The database with its tables emptied. */
    Database emptyDatabase() {
        if (database == null) {
            server = TestDatabases.mysql();
            database = Database.open(server.config());
        }
        database.jdbi().useHandle(handle -> {
            handle.execute("DELETE FROM workflows");
            handle.execute("DELETE FROM api_keys");
            handle.execute("DELETE FROM key_runs");
            handle.execute("DELETE FROM api_key_workflows");
            handle.execute("DELETE FROM audit_events");
            handle.execute("DELETE FROM workflow_generations");
            handle.execute("DELETE FROM api_key_list_totals");
            handle.execute("DELETE FROM executions");
            handle.execute("DELETE FROM execution_logs");
            handle.execute("DELETE FROM idempotency_keys");
            handle.execute("DELETE FROM contract_idempotency_keys");
            handle.execute("DELETE FROM outbox");
            handle.execute("DELETE FROM execution_counts");
            handle.execute("DELETE FROM job_leases");
            handle.execute("DELETE FROM robots");
            handle.execute("DELETE FROM robot_enrollments");
            handle.execute("DELETE FROM robot_credentials");
            handle.execute("DELETE FROM schedules");
            handle.execute("DELETE FROM schedule_occurrences");
        });
        return database;
    }

    PersistenceConfig config() {
        return server.config();
    }

    /** Drops the database; a later {@link #emptyDatabase()} opens a new one (a subclass's tests share the fixture). */
    @Override
    public void close() {
        if (database != null) {
            database.close();
            database = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
