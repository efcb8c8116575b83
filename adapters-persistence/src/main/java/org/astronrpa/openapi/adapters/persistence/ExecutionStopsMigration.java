package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V27: an execution keeps its stop evidence (issue 17): whether the robot it was sent to confirms stops, and when that
 * robot confirmed its run stopped. In Java for the reason {@link ExecutionCallbacksMigration} gives (H2 rebuilds the
 * table on ALTER).
 */
final class ExecutionStopsMigration extends DdlMigration {
    ExecutionStopsMigration(boolean embedded) {
        super(27, "execution stop evidence", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE executions ADD COLUMN robot_confirms_stops BOOLEAN NOT NULL DEFAULT FALSE");
            ddl.execute("ALTER TABLE executions ADD COLUMN stop_confirmed_at DATETIME(3) NULL");
        }
    }
}
