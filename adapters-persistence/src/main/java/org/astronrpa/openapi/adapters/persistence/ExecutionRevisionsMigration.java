package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V26: an execution keeps the revision of its workflow it was started for (issue 17: the version upstream's
 * integration contract reports, kept when the workflow changes afterwards); null for those stored before. In Java for
 * the reason {@link ExecutionCallbacksMigration} gives (H2 rebuilds the table on ALTER).
 */
final class ExecutionRevisionsMigration extends DdlMigration {
    ExecutionRevisionsMigration(boolean embedded) {
        super(26, "execution workflow revisions", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE executions ADD COLUMN workflow_revision BIGINT NULL");
        }
    }
}
