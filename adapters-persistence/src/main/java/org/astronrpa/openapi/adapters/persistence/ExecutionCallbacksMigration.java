package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V19: an execution may carry the callback its caller asked for when starting it (issue 15): its events and URL as
 * one text ({@code ExecutionCallback#encoded}), null for none — most executions. Read with the execution, so that
 * the relay finds a callback in the event itself, without a query. In Java because H2 rebuilds the table on ALTER and
 * would make its exact columns case-insensitive ({@link H2Ddl}); MariaDB adds a nullable column in place.
 */
final class ExecutionCallbacksMigration extends DdlMigration {
    ExecutionCallbacksMigration(boolean embedded) {
        super(19, "execution callbacks", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE executions ADD COLUMN callback "
                    + (embedded ? "VARCHAR_CASESENSITIVE(2300)" : "TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                    + " NULL");
        }
    }
}
